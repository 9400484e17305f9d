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
"""

from __future__ import annotations

from functools import cache
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

if TYPE_CHECKING:
    from collections.abc import Sequence

    from access_api.text._model import Sentence

__all__ = ["SUMY_ALGORITHMS", "sumy_select"]

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
) -> list[int]:
    """Indexes of the ``count`` sentences sumy's ``algorithm`` picks, in article order.

    Args:
        algorithm: one of :data:`SUMY_ALGORITHMS`.
        sentences: the article's sentences.
        count: how many to pick.
        title: the article's title, if known (used by Edmundson).
    """
    tokenizer = _Tokenizer()
    paragraphs: dict[int, list[SumySentence]] = {}
    ours: dict[int, int] = {}
    for sentence in sentences:
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
    return sorted(ours[id(s)] for s in picked if id(s) in ours)
