"""How hard a text is to read: textstat's formulas, one headline grade, a verdict.

    >>> report = assess("The cat sat on the mat. It was warm. The dog slept.")
    >>> report.label
    'Very easy: most 10-year-olds can read it'

The scores are textstat's own numbers, computed from counts shared by all the
formulas (see :mod:`access_api.text._counts`), so a long article is counted
once rather than once per formula.

A *hard word* is textstat's "difficult word" at three syllables, the notion
Gunning fog uses: a word of three or more syllables that is not on the
Dale-Chall list of words most fourth-graders know.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from statistics import median
from typing import TYPE_CHECKING

from access_api.errors import EmptyText
from access_api.text import _counts
from access_api.text._segment import split_sentences

if TYPE_CHECKING:
    from collections.abc import Sequence

    from access_api.text._model import Sentence

__all__ = [
    "GRADE_FORMULAS",
    "HEADLINE_FORMULAS",
    "LISTENING_WORDS_PER_MINUTE",
    "READING_WORDS_PER_MINUTE",
    "ReadabilityReport",
    "SentenceReadability",
    "assess",
    "grade_label",
    "headline_grade",
    "sentence_grade",
    "sentence_stats",
]

READING_WORDS_PER_MINUTE = 238
"""Adult silent reading speed for non-fiction (Brysbaert 2019)."""
LISTENING_WORDS_PER_MINUTE = 150
"""A comfortable speaking rate for text-to-speech and audiobooks."""

GRADE_FORMULAS = (
    "flesch_kincaid_grade",
    "gunning_fog",
    "smog_index",
    "coleman_liau_index",
    "automated_readability_index",
    "linsear_write_formula",
)
"""The formulas that give a US school grade (Flesch ease and Dale-Chall do not)."""

HEADLINE_FORMULAS = (
    "flesch_kincaid_grade",
    "gunning_fog",
    "smog_index",
    "automated_readability_index",
)
"""The formulas the headline grade is the median of.

Chosen on OneStopEnglish (the same news texts written for three reading levels;
``benchmarks/quality.py``): the median of these four orders 99.6 % of a topic's
level pairs correctly, against 97.8 % for the median of all six grade formulas.
Linsear Write (86.6 % alone) and Coleman-Liau (96.7 %) separate levels worst.
"""

# Below this much text the formulas' averages are too noisy to trust.
_MIN_RELIABLE_WORDS = 100
_MIN_RELIABLE_SENTENCES = 3
# Grade-level formulas routinely differ by two or three grades; more than this
# means the text is unusual (lists, headlines, very long sentences...).
_MAX_AGREEMENT_SPREAD = 4.0

# (grade below which the label applies, label): US grade n is roughly age n + 5.
_LABELS: tuple[tuple[float, str], ...] = (
    (5.0, "Very easy: most 10-year-olds can read it"),
    (7.0, "Easy: most 12-year-olds can read it"),
    (9.0, "Fairly easy: most 14-year-olds can read it"),
    (11.0, "Standard: most 16-year-olds can read it"),
    (13.0, "Fairly difficult: suits readers who finished secondary school"),
    (16.0, "Difficult: most adults will struggle"),
    (float("inf"), "Very difficult: written for specialists"),
)


@dataclass(frozen=True, slots=True)
class SentenceReadability:
    """How hard one sentence is."""

    index: int
    """The sentence's :attr:`Sentence.index`."""
    grade: float
    """Flesch-Kincaid grade of the sentence on its own (see :func:`sentence_grade`)."""
    words: int
    hard_words: tuple[str, ...]
    """Words of 3+ syllables that are not on the Dale-Chall easy-word list, in order."""


@dataclass(frozen=True, slots=True)
class ReadabilityReport:
    """The readability of a whole text."""

    scores: dict[str, float]
    """textstat's score for each formula, keyed by textstat's function name."""
    grade: float
    """One headline US school grade; see :func:`headline_grade`."""
    label: str
    """The grade as a verdict in plain words."""
    words: int
    sentence_count: int
    reading_time_seconds: float
    listening_time_seconds: float
    sentences: tuple[SentenceReadability, ...]
    warnings: tuple[str, ...]
    """Plain-language cautions about how far to trust the scores."""


def headline_grade(scores: dict[str, float]) -> float:
    """One US school grade for a text: the median of :data:`HEADLINE_FORMULAS`.

    The median resists the one formula that a particular text throws off (SMOG
    on a short text, ARI on one full of long numbers). Never below 0.
    """
    return max(0.0, median(scores[name] for name in HEADLINE_FORMULAS))


def grade_label(grade: float) -> str:
    """The verdict in plain words for a US school grade."""
    return next(label for below, label in _LABELS if grade < below)


@lru_cache(maxsize=65_536)
def sentence_stats(text: str) -> tuple[int, int, tuple[str, ...]]:
    """Words, syllables and hard words of one sentence, counted as textstat counts.

    Cached: a summariser can call it for every candidate sentence repeatedly.
    """
    words = _counts.word_list(text)
    syllables = sum(_counts.syllables(w) for w in words)
    hard = tuple(w for w in words if _counts.is_hard(w))
    return len(words), syllables, hard


def sentence_grade(text: str) -> float:
    """Flesch-Kincaid grade of one sentence, taken as exactly one sentence.

    textstat would re-split the sentence with its own rules (so "U.S." would
    make two); the caller already knows it is one. Can be below 0 for very
    short sentences; 0.0 when there are no words.
    """
    words, syllables, _ = sentence_stats(text)
    return _counts.flesch_kincaid(words, syllables, 1)


def _warnings(scores: dict[str, float], words: int, sentences: int) -> tuple[str, ...]:
    found: list[str] = []
    if words < _MIN_RELIABLE_WORDS or sentences < _MIN_RELIABLE_SENTENCES:
        found.append(
            f"The text is short ({words} words, {sentences} sentences); readability "
            f"scores need at least {_MIN_RELIABLE_WORDS} words and "
            f"{_MIN_RELIABLE_SENTENCES} sentences to be reliable."
        )
    grades = [scores[name] for name in GRADE_FORMULAS]
    spread = max(grades) - min(grades)
    if spread > _MAX_AGREEMENT_SPREAD:
        found.append(
            f"The readability formulas disagree by {spread:.0f} grades, so treat the "
            "grade as a rough guide."
        )
    return tuple(found)


def assess(
    text: str,
    sentences: Sequence[Sentence] | None = None,
    *,
    words_per_minute: int = READING_WORDS_PER_MINUTE,
) -> ReadabilityReport:
    """Assess how hard ``text`` is to read.

    Args:
        text: clean text (see :mod:`access_api.text._ingest`).
        sentences: its sentences, if already split; split here otherwise.
        words_per_minute: silent reading speed for the reading time.

    Returns:
        The report: textstat's scores, a headline grade and its verdict, times,
        and each sentence's grade and hard words.

    Raises:
        EmptyText: the text has no words.
    """
    counts = _counts.count_text(text)
    if counts.words == 0:
        msg = "There are no words to assess. Send a text with at least one sentence."
        raise EmptyText(msg)
    if sentences is None:
        sentences = split_sentences(text)
    scores = _counts.formula_scores(text, counts)
    grade = headline_grade(scores)
    per_sentence = []
    for sentence in sentences:
        words, syllables, hard = sentence_stats(sentence.text)
        per_sentence.append(
            SentenceReadability(
                index=sentence.index,
                grade=_counts.flesch_kincaid(words, syllables, 1),
                words=words,
                hard_words=hard,
            )
        )
    return ReadabilityReport(
        scores=scores,
        grade=grade,
        label=grade_label(grade),
        words=counts.words,
        sentence_count=len(sentences),
        reading_time_seconds=counts.words * 60 / words_per_minute,
        listening_time_seconds=counts.words * 60 / LISTENING_WORDS_PER_MINUTE,
        sentences=tuple(per_sentence),
        warnings=_warnings(scores, counts.words, len(sentences)),
    )
