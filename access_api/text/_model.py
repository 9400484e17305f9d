"""The values the text pipeline passes around: plain, immutable data."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CleanText", "Removed", "Sentence"]


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a clean text.

    ``text == clean_text[start:end]`` always holds.
    """

    index: int
    """Position among the text's sentences, from 0."""
    text: str
    start: int
    """Offset of the first character in the clean text."""
    end: int
    """Offset just past the last character in the clean text."""
    paragraph: int
    """Index of the paragraph the sentence belongs to, from 0."""


@dataclass(frozen=True, slots=True)
class Removed:
    """A piece of the input that cleaning took out, and why."""

    text: str
    reason: str
    """A short label in plain words: "cookie notice", "share prompt", "stray HTML"..."""


@dataclass(frozen=True, slots=True)
class CleanText:
    """An article ready to analyse: its clean text, split into sentences."""

    title: str | None
    text: str
    removed: tuple[Removed, ...]
    sentences: tuple[Sentence, ...]
