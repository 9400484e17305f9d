"""Captions: where each sentence is heard, as WebVTT and as JSON-able timings."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from access_api.speech._model import Timing

__all__ = ["timings_json", "webvtt"]


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
