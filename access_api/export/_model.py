"""What an export is made of: a book of chapters, each a text with its audio.

Plain, immutable data, built by :mod:`access_api.export._service` from a stored
document, its summaries and their audio, and turned into files by the writers
(:mod:`~access_api.export._epub`, :mod:`~access_api.export._docx`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import datetime
    from pathlib import Path

__all__ = ["Book", "BookAudio", "Chapter", "ExportFormat", "Passage"]


class ExportFormat(StrEnum):
    """A kind of file an article can be taken away as."""

    EPUB = "epub"
    """An EPUB 3 book whose text is highlighted as its audio reads it (Media Overlays)."""
    DOCX = "docx"
    """A Word document, with real headings and styles a reader can change."""

    @property
    def media_type(self) -> str:
        """The file's MIME type, for ``Content-Type``."""
        return _MEDIA_TYPES[self]

    @property
    def needs_audio(self) -> bool:
        """True when the file holds the audio, which must be made first."""
        return self is ExportFormat.EPUB


_MEDIA_TYPES = {
    ExportFormat.EPUB: "application/epub+zip",
    ExportFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass(frozen=True, slots=True)
class Passage:
    """One sentence of a chapter, and where it is heard in the chapter's audio."""

    number: int
    """Position in the chapter, from 0; names the sentence in the book (``s0``...)."""
    text: str
    paragraph: int
    """Sentences of the same paragraph number stand in one paragraph."""
    start: float | None = None
    """Seconds from the start of the chapter's audio; ``None`` when it is not spoken."""
    end: float | None = None


@dataclass(frozen=True, slots=True)
class BookAudio:
    """A chapter's audio: a finished MP3 file from the audio store."""

    path: Path
    duration_seconds: float
    narrator: str
    """The voice's name, as people know it."""


@dataclass(frozen=True, slots=True)
class Chapter:
    """One variant of the article: a summary at a reading level, or the whole text."""

    key: str
    """``easy``, ``standard``, ``detailed`` or ``article``: names the chapter's files."""
    heading: str
    """``Easy summary``, ..., ``The full article``."""
    reading_level: str
    """The reading level in a sentence: ``Reading level: US school grade 5 (very easy).``"""
    passages: tuple[Passage, ...]
    note: str | None = None
    """Why a summary misses its target, in plain words, when it does."""
    audio: BookAudio | None = None

    @property
    def paragraphs(self) -> list[list[Passage]]:
        """The passages grouped by paragraph, in order."""
        groups: list[list[Passage]] = []
        last: int | None = None
        for passage in self.passages:
            if passage.paragraph != last:
                groups.append([])
                last = passage.paragraph
            groups[-1].append(passage)
        return groups


@dataclass(frozen=True, slots=True)
class Book:
    """Everything an export holds."""

    identifier: str
    """A URN naming this book, the same each time it is made from the same inputs."""
    title: str
    language: str
    """A BCP 47 tag: ``en``."""
    source: str
    """Where the article came from: its link, or how it was given."""
    source_url: str | None
    generated_on: datetime
    """When the file was made (UTC)."""
    chapters: tuple[Chapter, ...]
