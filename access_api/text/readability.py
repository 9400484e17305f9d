"""How hard a text is to read: textstat's formulas, one grade, a verdict in plain words.

    >>> report = assess("The cat sat on the mat. It was warm. The dog slept.")
    >>> report.label
    'Very easy: most 10-year-olds can read it'

Every grade a reader is shown is a Flesch-Kincaid grade: the article's, each
sentence's, each summary's and the targets the summaries aim for, so no two
numbers on a page are on different scales. On OneStopEnglish (the same news
written for three reading levels) Flesch-Kincaid alone orders 100.0 % of a
topic's level pairs correctly, against 99.6 % for the median of four formulas
used before (``benchmarks/quality.py``). The words for a grade come from one
table, :data:`GRADE_BANDS`, that the pages, the help page and the CLI all read.

The scores are textstat's own numbers, computed from counts shared by all the
formulas (see :mod:`access_api.text._counts`), so a long article is counted
once rather than once per formula.

A *hard word* is a word that is rare in everyday English: below
:data:`HARD_WORD_ZIPF` on the Zipf scale of the ``wordfreq`` package (see
:func:`hard_words`); names and numbers are not hard words.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from access_api.errors import EmptyText
from access_api.text import _counts
from access_api.text._segment import split_sentences

if TYPE_CHECKING:
    from collections.abc import Sequence

    from access_api.text._model import Sentence

__all__ = [
    "GRADE_BANDS",
    "GRADE_FORMULAS",
    "HARDEST_SHARE",
    "HARD_SENTENCE_GRADE",
    "HARD_WORD_ZIPF",
    "LISTENING_WORDS_PER_MINUTE",
    "READING_WORDS_PER_MINUTE",
    "GradeBand",
    "ReadabilityReport",
    "SentenceReadability",
    "assess",
    "grade_band",
    "grade_label",
    "grade_words",
    "hard_words",
    "headline_grade",
    "sentence_grade",
    "sentence_stats",
    "target_words",
    "whole_grade",
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

_GRADE = "flesch_kincaid_grade"

HARD_SENTENCE_GRADE = 12.0
"""Above this grade a sentence is hard for most adults (see :data:`GRADE_BANDS`)."""
HARDEST_SHARE = 0.25
"""The share of an article's sentences marked as its hardest, among the hard ones.

In a hard article nearly every sentence is above grade 12 (15 of the seed
article's 16 are); marking them all would tell a reader nothing."""
HARD_WORD_ZIPF = 4.0
"""A word rarer than this on the Zipf scale is a hard word: fewer than 10 uses in
a million words of everyday English (wordfreq's ``en`` list). Zipf 4 is where
SUBTLEX's authors put the line between low- and high-frequency words."""

# Below this much text the formulas' averages are too noisy to trust.
_MIN_RELIABLE_WORDS = 100
_MIN_RELIABLE_SENTENCES = 3
# Grade-level formulas routinely differ by two or three grades; more than this
# means the text is unusual (lists, headlines, very long sentences...).
_MAX_AGREEMENT_SPREAD = 4.0


@dataclass(frozen=True, slots=True)
class GradeBand:
    """One row of the table that puts a grade into words."""

    lowest: int
    """The lowest whole grade in the band."""
    highest: int | None
    """The highest whole grade in the band; ``None`` for the last band."""
    name: str
    """The verdict: "Fairly easy"."""
    readers: str
    """Who can read it: "most 14-year-olds can read it"."""

    @property
    def label(self) -> str:
        """The verdict and its readers, as the pages and the CLI say them."""
        return f"{self.name}: {self.readers}"

    @property
    def grades(self) -> str:
        """The grades it covers, in words: "grades 7 and 8"."""
        if self.highest is None:
            return f"grade {self.lowest} or above"
        if self.lowest == 0:
            return f"grade {self.highest} or below"
        if self.highest == self.lowest + 1:
            return f"grades {self.lowest} and {self.highest}"
        return f"grades {self.lowest} to {self.highest}"


GRADE_BANDS: tuple[GradeBand, ...] = (
    # A US school grade n is read by children aged about n + 5 to n + 6, so
    # the readers named are the oldest children of the band's highest grade.
    # Grades 9 and 10 are "Average", not Flesch's "Standard": beside an "Easy
    # summary" a band called "Standard" would read as the other summary.
    GradeBand(0, 4, "Very easy", "most 10-year-olds can read it"),
    GradeBand(5, 6, "Easy", "most 12-year-olds can read it"),
    GradeBand(7, 8, "Fairly easy", "most 14-year-olds can read it"),
    GradeBand(9, 10, "Average", "most 16-year-olds can read it"),
    GradeBand(11, 12, "Fairly difficult", "suits readers who finished secondary school"),
    GradeBand(13, 15, "Difficult", "most adults will struggle"),
    GradeBand(16, None, "Very difficult", "written for specialists"),
)
"""Every grade in words, easiest first: the one table the pages and the CLI use."""


@dataclass(frozen=True, slots=True)
class SentenceReadability:
    """How hard one sentence is."""

    index: int
    """The sentence's :attr:`Sentence.index`."""
    grade: float
    """Flesch-Kincaid grade of the sentence on its own (see :func:`sentence_grade`)."""
    words: int
    hard_words: tuple[str, ...]
    """Rare words as the sentence writes them, in order (see :func:`hard_words`)."""
    hard_word_spans: tuple[tuple[int, int], ...] = ()
    """Where each hard word is in the sentence's text: start and end offsets."""
    hardest: bool = False
    """Among the article's hardest sentences (see :data:`HARDEST_SHARE`)."""


@dataclass(frozen=True, slots=True)
class ReadabilityReport:
    """The readability of a whole text."""

    scores: dict[str, float]
    """textstat's score for each formula, keyed by textstat's function name."""
    grade: float
    """The text's Flesch-Kincaid grade, never below 0; see :func:`headline_grade`."""
    label: str
    """The grade as a verdict in plain words (see :data:`GRADE_BANDS`)."""
    words: int
    sentence_count: int
    reading_time_seconds: float
    listening_time_seconds: float
    sentences: tuple[SentenceReadability, ...]
    warnings: tuple[str, ...]
    """Plain-language cautions about how far to trust the scores."""


def headline_grade(scores: dict[str, float]) -> float:
    """The one US school grade of a text: its Flesch-Kincaid grade, never below 0.

    The grade the summaries' targets are set in, so a summary's grade, its
    target and its article's grade can be compared (see the module's docs).
    """
    return max(0.0, scores[_GRADE])


def whole_grade(grade: float) -> int:
    """A grade as the pages show it: the nearest whole grade, halves up, never below 0.

    >>> whole_grade(6.5), whole_grade(6.49), whole_grade(-1.2)
    (7, 6, 0)
    """
    return max(0, math.floor(grade + 0.5))


def grade_band(grade: float) -> GradeBand:
    """The row of :data:`GRADE_BANDS` that the grade, as shown, falls in."""
    shown = whole_grade(grade)
    return next(b for b in GRADE_BANDS if b.highest is None or shown <= b.highest)


def grade_label(grade: float) -> str:
    """The verdict in plain words for a US school grade."""
    return grade_band(grade).label


def grade_words(grade: float, *, ceiling: float | None = None) -> str:
    """A grade as a reader reads it: "grade 7".

    With a ``ceiling`` the grade is above, it gets the decimals that show it is
    (a summary at 9.4 misses a target of 9: "grade 9.4", never "grade 9").

        >>> grade_words(6.96), grade_words(9.04, ceiling=9.0)
        ('grade 7', 'grade 9.04')
    """
    if ceiling is None or grade <= ceiling or whole_grade(grade) > ceiling:
        return f"grade {whole_grade(grade)}"
    for decimals in (1, 2):
        if round(grade, decimals) > ceiling:
            return f"grade {grade:.{decimals}f}"
    return f"grade {grade:.3f}"


def target_words(
    grade: float, target_grade: float, *, of_article: bool, met: bool
) -> tuple[str, str]:
    """How a summary's grade and its target are put to a reader, on the pages and the CLI.

    Args:
        grade: the summary's grade.
        target_grade: the grade it aimed for.
        of_article: the target is the article's own grade (the detailed level).
        met: the summary met its whole target (grade, length and all).

    Returns:
        The grade in words, and the aim with whether the grade met it.

        >>> verdict, aim = target_words(9.04, 9.0, of_article=False, met=False)
        >>> verdict
        'Average: most 16-year-olds can read it (grade 9.04)'
        >>> aim
        'Its aim: grade 9 or below, missed.'
    """
    shown = grade_words(grade, ceiling=None if met else target_grade)
    aim = (
        f"no harder than the article ({grade_words(target_grade)})"
        if of_article
        else f"{grade_words(target_grade)} or below"
    )
    reached = "met" if met or grade <= target_grade else "missed"
    return f"{grade_label(grade)} ({shown})", f"Its aim: {aim}, {reached}."


@lru_cache(maxsize=65_536)
def sentence_stats(text: str) -> tuple[int, int, tuple[str, ...]]:
    """Words, syllables and textstat's difficult words of one sentence, as textstat counts.

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


# A word as written: letters, with apostrophes and hyphens inside it.
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_POSSESSIVE = re.compile(r"['’]s?$")
# Commoner than any word: what a word with nothing to look up counts as.
_LOTS = 10.0
# Endings taken off to find a word's plainer form: "arrests" is as easy as "arrest".
_ENDINGS = (
    ("s", ""),
    ("es", ""),
    ("ies", "y"),
    ("ed", ""),
    ("ed", "e"),
    ("ied", "y"),
    ("ing", ""),
    ("ing", "e"),
)


@lru_cache(maxsize=200_000)
def _commonness(word: str) -> float:
    """How common a word or its plainer form is (see :func:`access_api.text._counts.zipf`).

    A hyphenated word is as common as its rarest part ("re-" and the like left
    out): "long-standing" is common, "re-evaluated" is not.
    """
    word = _POSSESSIVE.sub("", word.lower().replace("’", "'"))
    if "-" in word:
        parts = [part for part in word.split("-") if len(part) > 2]
        return min((_commonness(part) for part in parts), default=_LOTS)
    if _counts.zipf(word) >= HARD_WORD_ZIPF:
        return _counts.zipf(word)
    forms = [word]
    for ending, instead in _ENDINGS:
        if word.endswith(ending) and len(word) > len(ending) + 2:
            stem = word[: -len(ending)]
            forms.append(stem + instead)
            if not instead and len(stem) > 2 and stem[-1] == stem[-2]:
                forms.append(stem[:-1])  # "stopped" -> "stop"
    return max(_counts.zipf(form) for form in forms)


def _is_name(
    text: str, match: re.Match[str], following: re.Match[str] | None, *, first_word: bool
) -> bool:
    """A capitalised word inside a sentence, or one followed by another ("Jess Phillips")."""
    if not match.group(0)[0].isupper():
        return False
    first = first_word and not text[: match.start()].strip(" \"“‘'([")
    return not first or (following is not None and following.group(0)[0].isupper())


@lru_cache(maxsize=65_536)
def hard_words(text: str) -> tuple[tuple[str, int, int], ...]:
    """The rare words of one sentence, as written, with their offsets.

    A word is hard when neither it nor its plainer form (without "'s", "-s",
    "-ed" or "-ing") is as common as :data:`HARD_WORD_ZIPF`; a hyphenated word
    is as hard as its hardest part. Names (a
    capitalised word inside the sentence, or two in a row) and numbers are
    not hard words.

        >>> [w for w, _, _ in hard_words("Yvette Cooper said the repercussions were harrowing.")]
        ['repercussions', 'harrowing']
    """
    matches = list(_WORD.finditer(text))
    found = []
    for position, match in enumerate(matches, start=1):
        following = matches[position] if position < len(matches) else None
        name = _is_name(text, match, following, first_word=position == 1)
        if not name and _commonness(match.group(0)) < HARD_WORD_ZIPF:
            found.append((match.group(0), match.start(), match.end()))
    return tuple(found)


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


def _hardest(grades: Sequence[float]) -> set[int]:
    """Positions of the hardest sentences: the top :data:`HARDEST_SHARE` of the hard ones."""
    hard = sorted(
        (i for i, g in enumerate(grades) if g > HARD_SENTENCE_GRADE), key=lambda i: -grades[i]
    )
    keep = math.ceil(len(grades) * HARDEST_SHARE)
    return set(hard[:keep])


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
        The report: textstat's scores, the grade and its verdict, times, and
        each sentence's grade and hard words.

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
    grades = [sentence_grade(s.text) for s in sentences]
    hardest = _hardest(grades)
    per_sentence = []
    for position, (sentence, sentence_grade_) in enumerate(zip(sentences, grades, strict=True)):
        rare = hard_words(sentence.text)
        per_sentence.append(
            SentenceReadability(
                index=sentence.index,
                grade=sentence_grade_,
                words=sentence_stats(sentence.text)[0],
                hard_words=tuple(word for word, _, _ in rare),
                hard_word_spans=tuple((start, end) for _, start, end in rare),
                hardest=position in hardest,
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
