"""The audio service: asking for audio, following it, and finding its files.

The web layer and the CLI call it; it knows nothing of HTTP.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import anyio.to_thread

from access_api import metrics
from access_api.errors import AudioFailed, EmptyText, NotFound, NotReady, Unavailable
from access_api.speech import AudioFormat, check_options, pronunciations_used, speech_key
from access_api.store import AudioRequest, AudioStatus, file_names

from ._job import Variant, spoken_sentences
from ._stream import follow

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Sequence
    from pathlib import Path

    from access_api.speech import SpeechOptions
    from access_api.store import AudioRecord, StoredDocument

    from ._job import JobContext
    from ._runners import JobRunner

__all__ = ["AudioService", "LiveAudio", "ReadyFile"]

# The language of stored documents: the text pipeline reads English.
_LANGUAGE = "en"
# Recording every download would write to the database each time; once a
# minute is plenty for least-recently-used eviction.
_TOUCH_EVERY = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class ReadyFile:
    """A finished file, ready to send."""

    path: Path
    size: int
    media_type: str
    download_name: str
    """A file name for people: the title and the variant, e.g. ``Rivers - Easy summary.mp3``."""
    etag: str
    """A strong entity tag, quoted: the audio id names its content."""


@dataclass(frozen=True, slots=True)
class LiveAudio:
    """Audio being made, as the bytes of a progressive stream (see :mod:`._stream`)."""

    chunks: AsyncIterator[bytes]
    media_type: str


class AudioService:
    """Spoken audio of stored documents.

    Args:
        context: the process's store, documents, storage and settings.
        runner: who makes the audio.
    """

    def __init__(self, context: JobContext, runner: JobRunner) -> None:
        self.context = context
        self.runner = runner
        self.records = context.store.audio
        self._streams = 0

    async def request(
        self,
        doc: StoredDocument,
        *,
        variant: str = Variant.ARTICLE.value,
        voice: str | None = None,
        format: str = AudioFormat.MP3.value,
        rate: float = 1.0,
        pause: str = "normal",
    ) -> tuple[AudioRecord, bool]:
        """Ask for the audio of a stored document; the same request finds the same audio.

        Returns:
            The audio's record and whether it was queued now (``False`` when
            the same audio was asked for before).

        Raises:
            UnknownChoice: an unknown variant, voice, format or pause.
            OutOfRange: the rate is out of range.
            InputError: the voice cannot speak the document's language.
            EmptyText: the variant has nothing to speak.
            NotFound: the document was deleted meanwhile.
            Unavailable: the queue is full, or cannot be reached (with ``retry_after``).
        """
        Variant.parse(variant)  # an unknown variant is reported first, before the options
        options = await self._options(voice=voice, format=format, rate=rate, pause=pause)
        chosen, audio_id, speech_key, characters = await self._key(doc, variant, options)
        settings = self.context.settings
        try:
            existing = await self.records.get(audio_id)
        except NotFound:
            existing = None
        if existing is not None:
            return await self._revive(existing, characters)
        found = await self.records.create_if_room(
            AudioRequest(
                id=audio_id,
                document_id=doc.id,
                variant=chosen.value,
                voice=options.voice.id,
                format=options.format.value,
                rate=options.rate,
                pause=options.pause.value,
                title=doc.title,
                speech_key=speech_key,
            ),
            limit=settings.audio_queue_size,
        )
        if found is None:
            msg = "Too many audio files are being made right now. Please ask again in a minute."
            raise Unavailable(msg, retry_after=60)
        record, created = found
        if created:
            await self.runner.enqueue(audio_id, characters=characters)
        return record, created

    async def find(
        self,
        doc: StoredDocument,
        variants: Sequence[str],
        *,
        voice: str | None = None,
        format: str = AudioFormat.MP3.value,
        rate: float = 1.0,
        pause: str = "normal",
    ) -> list[AudioRecord | None]:
        """The audio :meth:`request` would give for each variant, where it was asked for.

        Nothing is queued. Raises as :meth:`request` does, but for a full queue.
        """
        options = await self._options(voice=voice, format=format, rate=rate, pause=pause)
        found: list[AudioRecord | None] = []
        for variant in variants:
            _, audio_id, _, _ = await self._key(doc, variant, options)
            try:
                found.append(await self.records.get(audio_id))
            except NotFound:
                found.append(None)
        return found

    async def _options(
        self, *, voice: str | None, format: str, rate: float, pause: str
    ) -> SpeechOptions:
        settings = self.context.settings
        return await anyio.to_thread.run_sync(
            lambda: check_options(
                voice_id=voice,
                language=_LANGUAGE,
                rate=rate,
                pause=pause,
                format=format,
                settings=settings,
            )
        )

    async def _key(
        self, doc: StoredDocument, variant: str, options: SpeechOptions
    ) -> tuple[Variant, str, str, int]:
        """The variant asked for, the id of its audio, the key of what it speaks and its length.

        The length is the number of characters to speak.
        """
        chosen = Variant.parse(variant)
        sentences = await spoken_sentences(self.context.documents, doc, chosen)
        if not any(any(c.isalnum() for c in s.text) for s in sentences):
            msg = (
                f"The {chosen.label.lower()} of this document has no words to speak. "
                "Ask for the full article instead."
            )
            raise EmptyText(msg)
        settings = self.context.settings
        used = await anyio.to_thread.run_sync(lambda: pronunciations_used(sentences, settings))
        # The synthesis is shared by every format: MP3, Ogg and WAV of the
        # same speech are spoken once.
        key = speech_key(
            sentences, options.voice.id, options.rate, options.pause.value, pronunciations=used
        )
        characters = sum(len(s.text) for s in sentences)
        return chosen, audio_id_of(doc, chosen, key, options.format.value), key, characters

    async def _revive(self, record: AudioRecord, characters: int) -> tuple[AudioRecord, bool]:
        """An existing record, queued again when it failed or its file was lost."""
        lost = record.status is AudioStatus.DONE and not self._complete(record)
        if record.status is AudioStatus.FAILED or lost:
            await self.records.requeue(record.id)
            # Read before it is enqueued: the answer is the record as queued,
            # whether or not a worker has started on it since.
            queued = await self.records.get(record.id)
            await self.runner.enqueue(record.id, characters=characters)
            return queued, True
        if record.status is not AudioStatus.DONE:
            # Harmless when it is queued already; runs it if its job was lost.
            await self.runner.enqueue(record.id, characters=characters)
        return record, False

    def _complete(self, record: AudioRecord) -> bool:
        storage = self.context.storage
        return all(storage.exists(name) for name in file_names(record.id, record.format))

    async def get(self, audio_id: str) -> AudioRecord:
        """The audio's record.

        Raises:
            NotFound: there is no such audio.
        """
        return await self.records.get(audio_id)

    async def audio_file(self, audio_id: str) -> ReadyFile:
        """The finished audio file.

        Raises:
            NotFound: there is no such audio.
            NotReady: it is still being made (with ``retry_after``).
            AudioFailed: it could not be made; the message says why.
        """
        record = await self._done(audio_id)
        name, _, _ = file_names(record.id, record.format)
        return await self._ready(record, name, AudioFormat(record.format).media_type)

    async def stream(self, audio_id: str) -> ReadyFile | LiveAudio:
        """The audio to listen to now: the finished file, or MP3 as it is being made.

        A live stream ends when the job does, or at the job's time limit.

        Raises:
            NotFound: there is no such audio.
            AudioFailed: it could not be made; the message says why.
            NotReady: it is still being made in a format other than MP3.
            Unavailable: this process follows as many streams as it may.
        """
        record = await self.records.get(audio_id)
        if record.status is AudioStatus.DONE:
            return await self.audio_file(audio_id)
        if record.status is AudioStatus.FAILED:
            raise AudioFailed(record.error or "The audio could not be made.")
        if record.format != AudioFormat.MP3:
            msg = (
                f"Only MP3 can be listened to while it is being made; this "
                f"{record.format.upper()} file is still being made ({record.progress:.0%} done). "
                "Ask again in a few seconds, or follow its status."
            )
            raise NotReady(msg, retry_after=2)
        settings = self.context.settings
        if self._streams >= settings.max_streams:
            msg = "Too many people are listening to audio being made. Please ask again shortly."
            raise Unavailable(msg, retry_after=5)
        self._streams += 1
        name, _, _ = file_names(record.id, record.format)
        storage = self.context.storage
        return LiveAudio(
            chunks=self._counted(
                follow(
                    self.records,
                    record.id,
                    live=storage.live_path(name),
                    finished=storage.path_for(name),
                    deadline_seconds=settings.job_timeout_seconds,
                )
            ),
            media_type=AudioFormat.MP3.media_type,
        )

    @property
    def open_streams(self) -> int:
        """Live streams this service is following now (at most ``max_streams``)."""
        return self._streams

    async def _counted(self, chunks: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
        metrics.streams_open.inc()
        try:
            async for chunk in chunks:
                yield chunk
        finally:
            self._streams -= 1
            metrics.streams_open.dec()

    async def captions_file(self, audio_id: str) -> ReadyFile:
        """The audio's WebVTT captions; raises as :meth:`audio_file` does."""
        record = await self._done(audio_id)
        _, name, _ = file_names(record.id, record.format)
        return await self._ready(record, name, "text/vtt")

    async def timings_file(self, audio_id: str) -> ReadyFile:
        """The audio's sentence timings as JSON; raises as :meth:`audio_file` does."""
        record = await self._done(audio_id)
        _, _, name = file_names(record.id, record.format)
        return await self._ready(record, name, "application/json")

    async def _done(self, audio_id: str) -> AudioRecord:
        record = await self.records.get(audio_id)
        if record.status is AudioStatus.FAILED:
            raise AudioFailed(record.error or "The audio could not be made.")
        if record.status is not AudioStatus.DONE:
            waiting = (
                "waiting for its turn" if record.status is AudioStatus.QUEUED else "being made"
            )
            msg = (
                f"The audio is still {waiting} ({record.progress:.0%} done). "
                "Ask again in a few seconds, or follow its status."
            )
            raise NotReady(msg, retry_after=2 if record.status is AudioStatus.RUNNING else 5)
        return record

    async def _ready(self, record: AudioRecord, name: str, media_type: str) -> ReadyFile:
        storage = self.context.storage
        try:
            size = storage.size(name)
        except FileNotFoundError:
            # The file was removed behind our back: make it again.
            await self.records.requeue(record.id)
            await self.runner.enqueue(record.id)
            msg = "The audio file was lost and is being made again. Ask again in a few seconds."
            raise NotReady(msg, retry_after=5) from None
        if datetime.now(UTC) - record.last_used_at > _TOUCH_EVERY:
            await self.records.touch(record.id)
        extension = name.rsplit(".", 1)[1]
        return ReadyFile(
            path=storage.path_for(name),
            size=size,
            media_type=media_type,
            download_name=download_name(record.title, Variant(record.variant).label, extension),
            etag=f'"{record.id}.{extension}"',
        )


def audio_id_of(doc: StoredDocument, variant: Variant, speech_key: str, format: str) -> str:
    """The id of a document's audio: its document, variant, what it speaks and its format, digested.

    Audio belongs to its document: another document speaking the same
    sentences gets audio of its own (sharing the synthesis only, see
    :func:`~._job.run_audio_job`), never this one's record, title or lifetime.
    """
    payload = f"{doc.id}\n{variant.value}\n{speech_key}\n{format}"
    return hashlib.sha256(payload.encode()).hexdigest()


def download_name(title: str | None, label: str, extension: str) -> str:
    """A file name for people from a title and what the file holds: ``Rivers - Easy summary.mp3``.

    Control characters, quotes, slashes and backslashes are taken out, so the
    name is safe in any file system and any header.
    """
    cleaned = "".join(
        " " if unicodedata.category(c).startswith(("C", "Z")) else c for c in (title or "")
    )
    cleaned = re.sub(r'["\\/:*?<>|;]', " ", cleaned)
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" .")[:80].strip(" .")
    stem = f"{cleaned} - {label}" if cleaned else label
    return f"{stem}.{extension}"
