"""Captions: where each sentence is heard, as WebVTT and as JSON-able timings.

Two caption tracks come from the same timings:

- :func:`webvtt`: one cue per sentence, which the page's highlighting and the
  read-along book follow;
- :func:`screen_webvtt`: cues sized for a screen, at most two lines of about
  42 characters (the length subtitle guidelines such as the BBC's and
  Netflix's use), each timed inside its sentence.

The engines give no word timings we could use (Piper's only with models
exported for alignment; eSpeak NG's word events are for its own spelling of
the text, not ours), so a cue's share of its sentence's time is its share of
the sentence's spoken length: letters as spoken (after
:func:`~access_api.speech.prepare_for_speech`, so "$4.2bn" counts as
"4.2 billion dollars"), digits at about five letters each, and a short pause
after a comma or a dash.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from access_api.speech._model import Timing
from access_api.speech._prepare import prepare_for_speech

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "SCREEN_LINES",
    "SCREEN_LINE_CHARS",
    "ScreenCue",
    "parse_timings",
    "screen_cues",
    "screen_webvtt",
    "timings_json",
    "webvtt",
]

SCREEN_LINE_CHARS = 42
"""The longest line of a screen caption, in characters."""
SCREEN_LINES = 2
"""The most lines a screen caption holds."""

# Spoken length of a digit, in letters ("216" is "two hundred sixteen": 17).
_DIGIT_LETTERS = 5
# Spoken length of the gap after every word, and of the pause after a clause.
_WORD_GAP_LETTERS = 1
_CLAUSE_PAUSE_LETTERS = 3
_CLAUSE_ENDS = (",", ";", ":", "—", "–")
# A cue that ends a clause reads better: its cost is lowered by this much.
_CLAUSE_BONUS = 0.5


def _timestamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def _escape(text: str) -> str:
    # A cue's text ends at a blank line and may not hold "-->", so line breaks
    # become spaces and markup characters are escaped (which also breaks "-->").
    flat = " ".join(text.split())
    return flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def webvtt(timings: Sequence[Timing]) -> str:
    """WebVTT captions with one cue per sentence, identified by its index.

    >>> from access_api.speech import Timing
    >>> print(webvtt([Timing(0, 0.2, 1.75, "Fish & chips.")]), end="")
    WEBVTT
    <BLANKLINE>
    0
    00:00:00.200 --> 00:00:01.750
    Fish &amp; chips.
    """
    cues = [
        f"{t.sentence_index}\n{_timestamp(t.start)} --> {_timestamp(t.end)}\n{_escape(t.text)}\n"
        for t in timings
    ]
    return "\n".join(["WEBVTT\n", *cues])


def timings_json(timings: Sequence[Timing]) -> str:
    """The timings as a JSON list of ``{sentence_index, start, end, text}``."""
    return json.dumps([t.to_dict() for t in timings], ensure_ascii=False, indent=1) + "\n"


def parse_timings(data: str | bytes) -> list[Timing]:
    """Timings back from :func:`timings_json`'s JSON.

    Raises:
        ValueError: the JSON is not a list of timings.
    """
    try:
        return [
            Timing(int(t["sentence_index"]), float(t["start"]), float(t["end"]), str(t["text"]))
            for t in json.loads(data)
        ]
    except (KeyError, TypeError) as exc:
        msg = f"not a list of timings: {exc}"
        raise ValueError(msg) from exc


@dataclass(frozen=True, slots=True)
class ScreenCue:
    """One caption sized for a screen: part of a sentence, on one or two lines."""

    sentence_index: int
    start: float
    end: float
    lines: tuple[str, ...]


def _spoken_length(word: str, language: str) -> float:
    spoken = prepare_for_speech(word, language)
    letters = sum(c.isalpha() for c in spoken) + _DIGIT_LETTERS * sum(c.isdigit() for c in spoken)
    pause = _CLAUSE_PAUSE_LETTERS if word.endswith(_CLAUSE_ENDS) else 0
    return letters + _WORD_GAP_LETTERS + pause


def _lines(words: Sequence[str], width: int) -> tuple[str, ...] | None:
    """The words on one line, or on two (:data:`SCREEN_LINES`) as even as can be; ``None``
    if they do not fit.

    A word longer than a line gets a line of its own rather than be split.
    """
    one = " ".join(words)
    if len(one) <= width or len(words) == 1:
        return (one,)
    best: tuple[str, str] | None = None
    for cut in range(1, len(words)):
        first, second = " ".join(words[:cut]), " ".join(words[cut:])
        fits = (len(first) <= width or cut == 1) and (len(second) <= width or cut == len(words) - 1)
        if fits and (best is None or max(len(first), len(second)) < max(map(len, best))):
            best = (first, second)
    return best


def _fits(words: Sequence[str], width: int) -> bool:
    return _lines(words, width) is not None


def _split(words: Sequence[str], width: int) -> list[tuple[int, int]]:
    """Cut a sentence's words into the fewest cues that fit, as even as can be.

    Filling each cue in turn gives the fewest cues (a cue that fits still fits
    without its first word); then, for that many cues, dynamic programming
    over the cut points finds the evenest cuts, preferring to cut where a
    clause ends.
    """
    n = len(words)
    count, i = 0, 0
    while i < n:
        j = i + 1
        while j < n and _fits(words[i : j + 1], width):
            j += 1
        count, i = count + 1, j
    share = len(" ".join(words)) / count
    # best[k][j]: the least cost of words[:j] in k cues, and where the last cue starts.
    best: list[dict[int, tuple[float, int]]] = [{0: (0.0, 0)}]
    for k in range(1, count + 1):
        row: dict[int, tuple[float, int]] = {}
        for j in range(k, n + 1):
            for i in best[k - 1]:
                if i >= j or not _fits(words[i:j], width):
                    continue
                cost = best[k - 1][i][0] + ((len(" ".join(words[i:j])) - share) / share) ** 2
                if j < n and words[j - 1].endswith((*_CLAUSE_ENDS, ".", "?", "!")):
                    cost -= _CLAUSE_BONUS
                if j not in row or cost < row[j][0]:
                    row[j] = (cost, i)
        best.append(row)
    spans: list[tuple[int, int]] = []
    j = n
    for k in range(count, 0, -1):
        i = best[k][j][1]
        spans.append((i, j))
        j = i
    return spans[::-1]


def screen_cues(
    timings: Sequence[Timing],
    *,
    language: str = "en",
    width: int = SCREEN_LINE_CHARS,
) -> list[ScreenCue]:
    """Captions for a screen: each sentence cut, between words, into cues that fit.

    A sentence's cues follow one another without a gap, from its start to its
    end; each takes the share of the time its spoken length has (see the
    module's docstring).

    >>> from access_api.speech import Timing
    >>> [c.lines for c in screen_cues([Timing(0, 1.0, 2.0, "A short one.")])]
    [('A short one.',)]
    """
    cues: list[ScreenCue] = []
    for timing in timings:
        words = timing.text.split()
        if not words:
            continue
        weights = [_spoken_length(word, language) for word in words]
        spans = _split(words, width)
        whole = sum(weights)
        elapsed = 0.0
        start = timing.start
        for number, (i, j) in enumerate(spans, start=1):
            elapsed += sum(weights[i:j])
            end = (
                timing.end
                if number == len(spans)
                else round(timing.start + (timing.end - timing.start) * elapsed / whole, 3)
            )
            laid_out = _lines(words[i:j], width)
            assert laid_out is not None  # _split only keeps cues that fit
            cues.append(ScreenCue(timing.sentence_index, start, end, laid_out))
            start = end
    return cues


def screen_webvtt(timings: Sequence[Timing], *, language: str = "en") -> str:
    """WebVTT captions sized for a screen (see :func:`screen_cues`).

    Each cue's identifier is its sentence's index and its number in the
    sentence, from 1: ``"4-2"`` is the second cue of sentence 4.
    """
    blocks = ["WEBVTT\n"]
    number = 0
    previous = None
    for cue in screen_cues(timings, language=language):
        number = number + 1 if cue.sentence_index == previous else 1
        previous = cue.sentence_index
        text = "\n".join(_escape(line) for line in cue.lines)
        blocks.append(
            f"{cue.sentence_index}-{number}\n"
            f"{_timestamp(cue.start)} --> {_timestamp(cue.end)}\n{text}\n"
        )
    return "\n".join(blocks)
