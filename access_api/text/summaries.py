"""Extractive summaries at three reading levels.

    >>> from access_api.text._segment import split_sentences
    >>> summary = summarise(text, split_sentences(text), "easy")  # doctest: +SKIP
    >>> summary.met_target, summary.reason  # doctest: +SKIP
    (True, None)

Each :class:`ReadingLevel` has a target (:data:`LEVEL_TARGETS`): a grade
ceiling and a length. Grades are textstat's Flesch-Kincaid grade of the
summary text (``summary.readability.scores["flesch_kincaid_grade"]``), the
measure the targets are set in.

The default algorithm, :attr:`Algorithm.LEVEL`, picks important sentences a
reader at the level can read, and shortens them by deletion only (see
:mod:`access_api.text._select` and :mod:`access_api.text._compress`): every
summary sentence is its source sentence's own words, in order, and lists what
was dropped. sumy's algorithms are offered as they are, without compression.

Summary sentences stay in article order. When a target cannot be met,
``met_target`` is false and ``reason`` says why; nothing is hidden.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING, TypeVar

from access_api.errors import EmptyText, UnknownChoice
from access_api.text._select import Budget, select
from access_api.text._sumy import SUMY_LIMITS, sumy_select
from access_api.text.readability import assess

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from access_api.text._model import Sentence
    from access_api.text._sumy import SumyChoice
    from access_api.text.readability import ReadabilityReport

__all__ = [
    "LEVEL_TARGETS",
    "Algorithm",
    "LevelTarget",
    "ReadingLevel",
    "Summary",
    "SummarySentence",
    "summarise",
]

_GRADE = "flesch_kincaid_grade"


class ReadingLevel(StrEnum):
    """How hard a summary may be to read, easiest first."""

    EASY = "easy"
    STANDARD = "standard"
    DETAILED = "detailed"


class Algorithm(StrEnum):
    """How the sentences are chosen: ours (level-aware) or one of sumy's."""

    LEVEL = "level"
    """Ours: important sentences that meet the level, shortened by deletion."""
    LEXRANK = "lexrank"
    TEXTRANK = "textrank"
    LSA = "lsa"
    LUHN = "luhn"
    KL = "kl"
    SUMBASIC = "sumbasic"
    EDMUNDSON = "edmundson"


@dataclass(frozen=True, slots=True)
class LevelTarget:
    """What a summary at a reading level aims for."""

    grade_ceiling: float | None
    """Highest Flesch-Kincaid grade; ``None`` means no higher than the article's own."""
    sentences: int
    """Length in sentences."""
    min_sentences: int
    """Fewest sentences: a summary may be this much shorter when that is what
    keeps it at the grade."""
    max_average_words: float | None
    """Longest average sentence, in words, if the level limits it."""
    description: str
    """The target in plain words, for people."""
    keeps_lead: bool = True
    """The summary is built around the article's lead, shortened if need be,
    whenever a selection with it meets the level: the lead says who and what
    the story is about."""


LEVEL_TARGETS: Mapping[ReadingLevel, LevelTarget] = MappingProxyType(
    {
        ReadingLevel.EASY: LevelTarget(
            grade_ceiling=6.0,
            # Short sentences carry fewer words each: five of them hold about
            # as many words as the standard summary's three.
            sentences=5,
            min_sentences=3,
            max_average_words=15.0,
            description=(
                "3 to 5 short sentences (15 words or fewer on average, as UK Easy "
                "Read guidance advises) at US grade 6 or below."
            ),
        ),
        ReadingLevel.STANDARD: LevelTarget(
            grade_ceiling=9.0,
            sentences=3,
            min_sentences=3,
            max_average_words=None,
            description="3 sentences at US grade 9 or below.",
        ),
        ReadingLevel.DETAILED: LevelTarget(
            grade_ceiling=None,
            sentences=6,
            min_sentences=6,
            max_average_words=None,
            description="6 sentences, no harder than the article itself.",
        ),
    }
)
"""The target of each reading level; grades are Flesch-Kincaid grades."""

# When an article cannot meet a level, the easy summary is the easiest the
# article allows, since its readers are the ones a hard sentence stops; the
# others may be up to one grade above their closest miss if that keeps more
# of the news.
_SLACK: Mapping[ReadingLevel, float] = MappingProxyType(
    {ReadingLevel.EASY: 0.0, ReadingLevel.STANDARD: 1.0, ReadingLevel.DETAILED: 0.0}
)


@dataclass(frozen=True, slots=True)
class SummarySentence:
    """One sentence of a summary and where it came from."""

    text: str
    source_index: int
    """Index of the article sentence it was taken from."""
    start: int
    """Offset of the source sentence in the clean text."""
    end: int
    """Offset just past the source sentence in the clean text."""
    dropped: list[str]
    """The fragments deleted from the source sentence, in order."""
    original: str
    """The source sentence as the article has it."""


@dataclass(frozen=True, slots=True)
class Summary:
    """A summary at one reading level, with its own readability."""

    level: ReadingLevel
    algorithm: Algorithm
    target_grade: float
    """The Flesch-Kincaid grade ceiling this summary aimed for."""
    target_sentences: int
    met_target: bool
    """True when the grade, the length and any sentence-length limit were all met."""
    reason: str | None
    """What the summary could not do, in plain words: why the target was not met,
    that the article's opening sentence had to be left out, or that one of sumy's
    algorithms ranked only part of a long article; ``None`` when none happened."""
    text: str
    """The summary sentences joined with spaces."""
    sentences: list[SummarySentence]
    readability: ReadabilityReport
    """The readability of :attr:`text`."""


_Choice = TypeVar("_Choice", bound=StrEnum)


def _choice(kind: type[_Choice], value: _Choice | str, what: str) -> _Choice:
    try:
        return kind(value)
    except ValueError:
        raise UnknownChoice(what, str(value), [member.value for member in kind]) from None


def summarise(
    text: str,
    sentences: Sequence[Sentence],
    level: ReadingLevel | str,
    *,
    algorithm: Algorithm | str = Algorithm.LEVEL,
    sentence_count: int | None = None,
    title: str | None = None,
) -> Summary:
    """Summarise an article at a reading level.

    Args:
        text: the clean text.
        sentences: its sentences (offsets into ``text``).
        level: ``easy``, ``standard`` or ``detailed``.
        algorithm: ``level`` (ours, the default) or one of sumy's.
        sentence_count: length in sentences, instead of the level's.
        title: the article's title, if known; it helps find what matters.

    Returns:
        The summary, its sentences in article order.

    Raises:
        UnknownChoice: the level or the algorithm is not one we offer.
        EmptyText: there is no sentence to summarise.
    """
    chosen_level = _choice(ReadingLevel, level, "reading level")
    chosen_algorithm = _choice(Algorithm, algorithm, "algorithm")
    if not sentences or not text.strip():
        msg = "There is nothing to summarise. Send a text with at least one sentence."
        raise EmptyText(msg)
    target = LEVEL_TARGETS[chosen_level]
    if sentence_count is None:
        count, fewest = target.sentences, target.min_sentences
    else:
        count = fewest = sentence_count
    ceiling = target.grade_ceiling
    if ceiling is None:
        ceiling = assess(text, sentences).scores[_GRADE]
    if chosen_algorithm is Algorithm.LEVEL:
        selection = select(
            text,
            sentences,
            title,
            Budget(
                count,
                ceiling,
                target.max_average_words,
                fewest,
                _SLACK[chosen_level],
                keep_lead=target.keeps_lead,
            ),
        )
        lead_note = (
            None
            if selection.lead_kept or not target.keeps_lead
            else (
                "The article's opening sentence is too hard for this level even when "
                "shortened, so the summary starts further in."
            )
        )
        if not selection.usable:
            lead_note = (
                "None of the article's sentences can stand on its own (they are fragments, "
                "captions or quotations without their speaker), so this is the article's "
                "opening as it stands."
            )
        picked = [
            SummarySentence(
                text=unit.text,
                source_index=unit.source_index,
                start=sentences[unit.source_index].start,
                end=sentences[unit.source_index].end,
                dropped=list(unit.dropped),
                original=sentences[unit.source_index].text,
            )
            for unit in selection.units
        ]
    else:
        choice = sumy_select(chosen_algorithm.value, sentences, count, title)
        lead_note = _given_note(chosen_algorithm, choice, len(sentences))
        indexes = choice.indexes
        picked = [
            SummarySentence(
                text=sentences[i].text,
                source_index=i,
                start=sentences[i].start,
                end=sentences[i].end,
                dropped=[],
                original=sentences[i].text,
            )
            for i in indexes
        ]
    summary_text = " ".join(s.text for s in picked)
    report = assess(summary_text)
    reason = _shortfall(
        report,
        picked,
        (fewest, count),
        ceiling,
        target.max_average_words,
        len(sentences),
        chosen_algorithm,
    )
    return Summary(
        level=chosen_level,
        algorithm=chosen_algorithm,
        target_grade=round(ceiling, 1),
        target_sentences=count,
        met_target=reason is None,
        reason=" ".join(r for r in (reason, lead_note) if r) or None,
        text=summary_text,
        sentences=picked,
        readability=report,
    )


def _given_note(algorithm: Algorithm, choice: SumyChoice, available: int) -> str | None:
    """What the summary says when the algorithm was given less than the whole article."""
    if choice.whole:
        return None
    limit = SUMY_LIMITS[algorithm.value]
    return (
        f"The article has {available:,} sentences, more than {algorithm.value} can rank in "
        f"good time ({limit.sentences:,} sentences or {limit.words:,} words), so it ranked "
        f"the {choice.given:,} that matter most by their place, how central they are "
        "and the title."
    )


def _above(value: float, limit: float) -> str:
    """``value`` with enough decimals to show that it is above ``limit``."""
    for decimals in (1, 2):
        if round(value, decimals) > limit:
            return f"{value:.{decimals}f}"
    return f"{value:.3f}"


def _shortfall(
    report: ReadabilityReport,
    picked: Sequence[SummarySentence],
    length: tuple[int, int],
    ceiling: float,
    max_average_words: float | None,
    available: int,
    algorithm: Algorithm,
) -> str | None:
    """Why the summary misses its target, in plain words, or ``None``."""
    problems = []
    fewest, count = length
    if len(picked) < fewest:
        if available < fewest:
            problems.append(
                f"The article has only {available} sentence{'s' if available != 1 else ''}, "
                f"so the summary has {len(picked)} instead of {count}."
            )
        else:
            problems.append(
                f"Only {len(picked)} of the article's sentences can be used on their own "
                "(the others are fragments or captions, quotations without their speaker, "
                "or lean on sentences that cannot be used), so the summary has "
                f"{len(picked)} instead of {count}."
            )
    grade = report.scores[_GRADE]
    if grade > ceiling:
        why = (
            "the article has too few important sentences that are easy enough while kept "
            "whole and with who said them."
            if algorithm is Algorithm.LEVEL
            else f"{algorithm.value} chooses sentences without regard to reading level."
        )
        problems.append(
            f"The summary reads at grade {_above(grade, ceiling)} on the Flesch-Kincaid "
            f"scale, above its target of {ceiling:.1f}: {why}"
        )
    if max_average_words is not None and picked:
        average = report.words / len(picked)
        if average > max_average_words:
            problems.append(
                f"Its sentences average {_above(average, max_average_words)} words, more than "
                f"the {max_average_words:.0f} the level allows."
            )
    if problems and fewest <= len(picked) < count:
        problems.append(
            f"It has {len(picked)} sentences instead of {count}, to keep it as easy as it can be."
        )
    return " ".join(problems) or None
