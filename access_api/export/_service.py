"""The export service: a stored document, its summaries and their stored audio, as a file.

The web layer and the CLI call it; it knows nothing of HTTP. A read-along
book holds the very MP3 files and timings the audio downloads serve: it is
made only from audio that is finished, and never speaks anything again.
:meth:`Exports.prepare` asks for whatever audio is missing (the usual audio
jobs make it); :meth:`Exports.write` refuses, with :class:`ExportNotReady`,
until it is all there.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import IO, TYPE_CHECKING

import anyio.to_thread

from access_api.errors import ExportNotReady, UnknownChoice
from access_api.export._docx import write_docx
from access_api.export._epub import write_epub
from access_api.export._model import Book, BookAudio, Chapter, ExportFormat, Passage
from access_api.jobs import Variant, download_name
from access_api.speech import AudioFormat, list_voices, parse_timings
from access_api.store import AudioStatus

if TYPE_CHECKING:
    from collections.abc import Sequence

    from access_api.documents import Documents
    from access_api.jobs import AudioService
    from access_api.store import AudioRecord, StoredDocument

__all__ = [
    "ALL_VARIANTS",
    "BOOK_ORDER",
    "NOT_ASKED",
    "ExportFile",
    "ExportOptions",
    "Exports",
    "book_title",
    "export_status",
]

ALL_VARIANTS = "all"
"""The variant name that asks for every summary and the article in one file."""

BOOK_ORDER = (Variant.EASY, Variant.STANDARD, Variant.DETAILED, Variant.ARTICLE)
"""The chapters of a whole book: the summaries easiest first, then the article."""

# The language of stored documents: the text pipeline reads English.
_LANGUAGE = "en"
# EPUB's core media types include MP3; the stored MP3 goes in as it is.
_BOOK_AUDIO = AudioFormat.MP3.value
# Bumped whenever the same inputs make a different book, so its identifier changes.
_EXPORT_VERSION = 1


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """What to export: checked (see :meth:`parse`)."""

    format: ExportFormat
    variants: tuple[Variant, ...]
    voice: str | None = None
    """The voice of the audio in a book; the default voice when ``None``."""

    @classmethod
    def parse(cls, format: str, variant: str, voice: str | None = None) -> ExportOptions:
        """Options from their names.

        Raises:
            UnknownChoice: an unknown format or variant.
        """
        try:
            chosen = ExportFormat(format)
        except ValueError:
            raise UnknownChoice("format", format, [f.value for f in ExportFormat]) from None
        if variant == ALL_VARIANTS:
            return cls(chosen, BOOK_ORDER, voice)
        try:
            return cls(chosen, (Variant(variant),), voice)
        except ValueError:
            allowed = [v.value for v in BOOK_ORDER] + [ALL_VARIANTS]
            raise UnknownChoice("variant", variant, allowed) from None

    @property
    def label(self) -> str:
        """What the file holds, for its name: ``Easy summary``, or ``Summaries and article``."""
        if len(self.variants) == 1:
            return self.variants[0].label
        return "Summaries and article"


@dataclass(frozen=True, slots=True)
class ExportFile:
    """A finished export, written to the file the caller gave."""

    media_type: str
    download_name: str
    """A file name for people: ``Rivers - Easy summary.epub``."""


class Exports:
    """Exports of stored documents.

    Args:
        documents: the document service (summaries, readability).
        audio: the audio service (the stored audio and its timings).
    """

    def __init__(self, documents: Documents, audio: AudioService) -> None:
        self.documents = documents
        self.audio = audio

    async def prepare(self, doc: StoredDocument, options: ExportOptions) -> list[AudioRecord]:
        """Ask for the audio the export needs; nothing when it needs none.

        Returns:
            The audio records, one per chapter, finished or on their way.

        Raises:
            UnknownChoice, InputError, EmptyText, Unavailable: as
                :meth:`AudioService.request` raises them.
        """
        if not options.format.needs_audio:
            return []
        return [
            (
                await self.audio.request(
                    doc, variant=variant.value, voice=options.voice, format=_BOOK_AUDIO
                )
            )[0]
            for variant in options.variants
        ]

    async def audio_of(
        self, doc: StoredDocument, options: ExportOptions
    ) -> list[AudioRecord | None]:
        """The audio the export needs, as far as it has been asked for; nothing is queued."""
        if not options.format.needs_audio:
            return []
        variants = [v.value for v in options.variants]
        return await self.audio.find(doc, variants, voice=options.voice, format=_BOOK_AUDIO)

    async def write(
        self, doc: StoredDocument, options: ExportOptions, out: IO[bytes]
    ) -> ExportFile:
        """Write the export to ``out``, a seekable binary file open for writing.

        Raises:
            ExportNotReady: a book's audio is not finished (or was never asked
                for); :meth:`prepare` has it made.
        """
        records: list[AudioRecord | None] = [None] * len(options.variants)
        if options.format.needs_audio:
            records = await self.audio_of(doc, options)
            missing = [
                (variant, record)
                for variant, record in zip(options.variants, records, strict=True)
                if record is None or record.status is not AudioStatus.DONE
            ]
            if missing:
                raise _not_ready(missing)
        book = await self._book(doc, options, records)
        writer = write_epub if options.format is ExportFormat.EPUB else write_docx
        await anyio.to_thread.run_sync(writer, book, out)
        return ExportFile(
            media_type=options.format.media_type,
            download_name=download_name(doc.title, options.label, options.format.value),
        )

    async def _book(
        self,
        doc: StoredDocument,
        options: ExportOptions,
        records: list[AudioRecord | None],
    ) -> Book:
        settings = self.audio.context.settings
        voices = await anyio.to_thread.run_sync(lambda: list_voices(settings))
        narrators = {v.id: v.name for v in voices}
        chapters = [
            await self._chapter(doc, variant, record, narrators)
            for variant, record in zip(options.variants, records, strict=True)
        ]
        key = [_EXPORT_VERSION, doc.id, options.format.value, *(r.id for r in records if r)]
        return Book(
            identifier=f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, ':'.join(map(str, key)))}",
            title=book_title(doc),
            language=_LANGUAGE,
            source=_source(doc),
            source_url=doc.source_url,
            generated_on=datetime.now(UTC).replace(microsecond=0),
            chapters=tuple(chapters),
        )

    async def _chapter(
        self,
        doc: StoredDocument,
        variant: Variant,
        record: AudioRecord | None,
        narrators: dict[str, str],
    ) -> Chapter:
        if variant is Variant.ARTICLE:
            report = await self.documents.readability(doc)
            passages = [Passage(s.index, s.text, s.paragraph) for s in doc.sentences]
            note = None
            heading = "The full article"
        else:
            summary = await self.documents.summary(doc, variant.value)
            report = summary.readability
            passages = [Passage(i, s.text, 0) for i, s in enumerate(summary.sentences)]
            note = None if summary.met_target else summary.reason
            heading = variant.label
        level = f"Reading level: US school grade {report.grade:.0f}. {report.label}."
        audio = None
        if record is not None:
            audio, passages = await self._timed(record, passages, narrators)
        return Chapter(
            key=variant.value,
            heading=heading,
            reading_level=level,
            passages=tuple(passages),
            note=note,
            audio=audio,
        )

    async def _timed(
        self, record: AudioRecord, passages: list[Passage], narrators: dict[str, str]
    ) -> tuple[BookAudio, list[Passage]]:
        """The stored audio, and each passage with the time it is heard at."""
        audio_file = await self.audio.audio_file(record.id)
        timings_file = await self.audio.timings_file(record.id)
        raw = await anyio.to_thread.run_sync(timings_file.path.read_bytes)
        heard = {t.sentence_index: t for t in parse_timings(raw)}
        timed = []
        for passage in passages:
            timing = heard.get(passage.number)
            # The audio's key is made from these very texts; a timing whose text
            # differs would point a reader at the wrong sentence, so it is not used.
            if timing is not None and timing.text == passage.text:
                passage = Passage(
                    passage.number, passage.text, passage.paragraph, timing.start, timing.end
                )
            timed.append(passage)
        audio = BookAudio(
            path=audio_file.path,
            duration_seconds=record.duration_seconds or 0.0,
            narrator=narrators.get(record.voice, record.voice),
        )
        return audio, timed


NOT_ASKED = "not-asked"
"""The status of an export whose audio has not all been asked for."""


def export_status(records: Sequence[AudioRecord | None]) -> tuple[str, float]:
    """How far the audio of an export is: its status and the fraction made.

    ``done`` when every audio is made (or none is needed); else ``failed``,
    ``running`` or ``queued``, the first of them that any audio is in, or
    :data:`NOT_ASKED` when some audio was never asked for.
    """
    if any(r is None for r in records):
        return NOT_ASKED, 0.0
    made = [r for r in records if r is not None]
    if all(r.status is AudioStatus.DONE for r in made):
        return AudioStatus.DONE.value, 1.0
    progress = round(sum(r.progress for r in made) / len(made), 3)
    for status in (AudioStatus.FAILED, AudioStatus.RUNNING, AudioStatus.QUEUED):
        if any(r.status is status for r in made):
            return status.value, progress
    return AudioStatus.QUEUED.value, progress


def book_title(doc: StoredDocument) -> str:
    """The document's title, or its first words when it has none."""
    if doc.title:
        return doc.title
    first = doc.sentences[0].text if doc.sentences else "Article"
    if len(first) <= 80:
        return first
    return first[:80].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _source(doc: StoredDocument) -> str:
    if doc.source_url:
        return doc.source_url
    given = "a web page" if doc.source_kind == "html" else "text"
    when = doc.created_at
    return f"{given.capitalize()} given to access_api on {when.day} {when:%B %Y}"


def _not_ready(missing: list[tuple[Variant, AudioRecord | None]]) -> ExportNotReady:
    names = " and ".join(
        ("the full article" if v is Variant.ARTICLE else f"the {v.value} summary")
        for v, _ in missing
    )
    asked = [r for _, r in missing if r is not None and r.status is not AudioStatus.FAILED]
    if len(asked) == len(missing):
        msg = (
            f"The read-along book needs the audio of {names}, which is still being made. "
            "Ask again in a few seconds."
        )
        retry = 5
    else:
        msg = (
            f"The read-along book needs the audio of {names}, which has not been made. "
            "Send POST to the same address (or ask for the audio) to have it made, then ask again."
        )
        retry = 30
    waiting = [r.id for _, r in missing if r is not None]
    return ExportNotReady(msg, retry_after=retry, audio_ids=waiting)
