"""sumy's summarisers, fed our own sentences.

sumy's parsers split text with NLTK's punkt data; we build its document model
(``ObjectDocumentModel`` of ``Paragraph`` of ``Sentence``) directly from our
sentences instead, so sumy needs no language data and every sentence it picks
maps back to its index in the article.

Edmundson's method needs three word lists; ours are:

* bonus words (cue words that raise a sentence): the content words of the
  title, or of the first sentence when there is no title, since a news
  article's lead states its subject;
* stigma words (cue words that lower a sentence): words of hedging, opinion
  and page furniture ("reportedly", "perhaps", "click", "subscribe"...);
* null words (ignored by the title and location methods): sumy's English stop
  words.

The title, when given, is added as a heading so that Edmundson's title and
location methods can use it.

Each algorithm is given at most :data:`SUMY_LIMITS` sentences and words: its
cost grows faster than the article (KL's with the square of the sentences
times the words; LexRank's, TextRank's and LSA's with the square of the
sentences), and a 199,000-character article took LSA 100-126 s, LexRank 67 s
and KL over 400 s. A longer article is first cut down to the sentences that
matter most by our own linear measure (position, centrality and title overlap,
:func:`~access_api.text._select.importance`), which the algorithm then ranks
in its own way; :class:`SumyChoice` says how many it was given. The limits
keep every algorithm under about 0.4 s on one core of a small server
(measured on 1,585 news sentences, 32,000 words).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from sumy.models.dom import ObjectDocumentModel, Paragraph
from sumy.models.dom import Sentence as SumySentence
from sumy.nlp.stemmers import Stemmer
from sumy.summarizers.edmundson import EdmundsonSummarizer
from sumy.summarizers.kl import KLSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.sum_basic import SumBasicSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer
from sumy.utils import get_stop_words

from access_api.text._segment import split_sentences, split_words
from access_api.text._select import importance

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from access_api.text._model import Sentence

__all__ = ["SUMY_ALGORITHMS", "SUMY_LIMITS", "SumyChoice", "SumyLimit", "sumy_select"]

_LANGUAGE = "english"

STIGMA_WORDS = frozenset(
    {
        "reportedly",
        "allegedly",
        "perhaps",
        "maybe",
        "hardly",
        "apparently",
        "supposedly",
        "arguably",
        "click",
        "subscribe",
        "advertisement",
        "newsletter",
        "cookies",
    }
)
"""Words that mark a sentence as hedged, opinion or page furniture."""

SUMY_ALGORITHMS = ("lexrank", "textrank", "lsa", "luhn", "kl", "sumbasic", "edmundson")
"""The names of sumy's algorithms we offer, as the ``Algorithm`` values spell them."""

_CLASSES: dict[str, Any] = {
    "lexrank": LexRankSummarizer,
    "textrank": TextRankSummarizer,
    "lsa": LsaSummarizer,
    "luhn": LuhnSummarizer,
    "kl": KLSummarizer,
    "sumbasic": SumBasicSummarizer,
    "edmundson": EdmundsonSummarizer,
}


@dataclass(frozen=True, slots=True)
class SumyLimit:
    """The most one of sumy's algorithms is given of an article."""

    sentences: int
    words: int
    """Words in all the sentences given (each has at most
    :data:`~access_api.text._segment.MAX_SENTENCE_WORDS`)."""


SUMY_LIMITS: Mapping[str, SumyLimit] = MappingProxyType(
    {
        # Seconds on 1,585 sentences before, at the limit after (one core):
        "lexrank": SumyLimit(200, 4_000),  # 67; 0.24
        "textrank": SumyLimit(200, 4_000),  # 0.17 at 200, 0.69 at 400
        "lsa": SumyLimit(200, 4_000),  # 100-126; 0.34
        "kl": SumyLimit(60, 1_500),  # over 400; 0.3 (1.8 at 100 sentences)
        "luhn": SumyLimit(400, 8_000),  # 0.93; 0.35
        "sumbasic": SumyLimit(400, 8_000),  # 1.6; 0.31
        "edmundson": SumyLimit(400, 8_000),  # 1.4; 0.25
    }
)
"""What each algorithm is given at most, by its cost."""


@dataclass(frozen=True, slots=True)
class SumyChoice:
    """The sentences an algorithm picked, and how much of the article it was given."""

    indexes: list[int]
    """Indexes of the picked sentences, in article order."""
    given: int
    """Sentences the algorithm ranked: the article's, or fewer when over the limit."""
    given_words: int
    """Words in them, as the algorithm counted them."""
    whole: bool
    """True when the algorithm was given the whole article."""


def _candidates(
    sentences: Sequence[Sentence], title: str | None, limit: SumyLimit
) -> tuple[list[tuple[Sentence, tuple[str, ...]]], bool]:
    """The sentences (and their words) an algorithm is given, in article order,
    and whether they are the whole article: all of them when within its limit,
    else the most important that fit."""
    words = [tuple(split_words(s.text)) for s in sentences]
    if len(sentences) <= limit.sentences and sum(map(len, words)) <= limit.words:
        return list(zip(sentences, words, strict=True)), True
    scores = importance(sentences, title)
    ranked = sorted(range(len(sentences)), key=lambda i: -scores[i])
    chosen: list[int] = []
    room = limit.words
    for index in ranked:
        if len(chosen) == limit.sentences or room <= 0:
            break
        if len(words[index]) <= room:
            chosen.append(index)
            room -= len(words[index])
    return [(sentences[i], words[i]) for i in sorted(chosen)], False


class _Tokenizer:
    """The tokenizer interface sumy's document model expects, on our segmenter."""

    language = _LANGUAGE

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(s.text for s in split_sentences(paragraph))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(split_words(sentence))


@cache
def _stemmer() -> Stemmer:
    return Stemmer(_LANGUAGE)


@cache
def _stop_words() -> frozenset[str]:
    return frozenset(get_stop_words(_LANGUAGE))


def sumy_select(
    algorithm: str, sentences: Sequence[Sentence], count: int, title: str | None
) -> SumyChoice:
    """The ``count`` sentences sumy's ``algorithm`` picks, in article order.

    Args:
        algorithm: one of :data:`SUMY_ALGORITHMS`.
        sentences: the article's sentences; only the most important are given
            to the algorithm when there are more than :data:`SUMY_LIMITS` allows.
        count: how many to pick.
        title: the article's title, if known (used by Edmundson, and to choose
            what to give an algorithm).
    """
    tokenizer = _Tokenizer()
    paragraphs: dict[int, list[SumySentence]] = {}
    ours: dict[int, int] = {}
    given, whole = _candidates(sentences, title, SUMY_LIMITS[algorithm])
    for sentence, _ in given:
        sumy_sentence = SumySentence(sentence.text, tokenizer)
        ours[id(sumy_sentence)] = sentence.index
        paragraphs.setdefault(sentence.paragraph, []).append(sumy_sentence)
    if title:
        first = min(paragraphs, default=0)
        paragraphs.setdefault(first, []).insert(0, SumySentence(title, tokenizer, is_heading=True))
    document = ObjectDocumentModel([Paragraph(p) for _, p in sorted(paragraphs.items())])
    summarizer = _CLASSES[algorithm](_stemmer())
    stop_words = _stop_words()
    if algorithm == "edmundson":
        cue_source = title or (sentences[0].text if sentences else "")
        bonus = [w for w in split_words(cue_source) if w.lower() not in stop_words]
        summarizer.bonus_words = bonus or ["news"]
        summarizer.stigma_words = STIGMA_WORDS
        summarizer.null_words = stop_words
    else:
        summarizer.stop_words = stop_words
    picked = summarizer(document, count)
    return SumyChoice(
        indexes=sorted(ours[id(s)] for s in picked if id(s) in ours),
        given=len(given),
        given_words=sum(len(words) for _, words in given),
        whole=whole,
    )
