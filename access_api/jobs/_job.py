"""The audio job: one function, whoever runs it.

:func:`run_audio_job` is a plain async function of an audio id. The embedded
runner calls it in the API process; SAQ workers call it in scale-out mode.
The speaking itself runs in a worker thread, so the event loop stays free.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import threading
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

import anyio.to_thread

from access_api import metrics
from access_api.errors import AccessApiError, NotFound, UnknownChoice
from access_api.speech import (
    AudioFormat,
    AudioResult,
    SpokenAudio,
    SpokenSentence,
    load_spoken,
    make_audio_file,
    speak,
)
from access_api.store import (
    AudioStatus,
    file_names,
    remove_files,
    remove_unused_speech,
    speech_names,
)
from access_api.text import ReadingLevel

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Sequence

    from access_api.documents import Documents
    from access_api.settings import Settings
    from access_api.store import AudioStorage, Store, StoredDocument
    from access_api.text import Sentence, Summary

__all__ = [
    "MAX_STARTS",
    "JobContext",
    "Variant",
    "enqueue_forgotten",
    "evict",
    "run_audio_job",
    "speakable",
    "spoken_sentences",
]

log = logging.getLogger("access_api.jobs")

# How often a running job's progress is written to the database, in seconds.
_PROGRESS_EVERY = 0.5
# A record left queued this long is enqueued again, looked for this often (seconds).
_FORGOTTEN_AFTER = timedelta(seconds=10)
_FORGOTTEN_EVERY = 5.0

MAX_STARTS = 3
"""Starts an audio is given: a job whose process died this many times while it
ran is recorded as failed at its next start, not run again (a job that kills
its process would otherwise kill every process that takes it up)."""


class Variant(StrEnum):
    """What an audio file speaks: the whole article or one of its summaries."""

    ARTICLE = "article"
    EASY = ReadingLevel.EASY.value
    STANDARD = ReadingLevel.STANDARD.value
    DETAILED = ReadingLevel.DETAILED.value

    @property
    def label(self) -> str:
        """How the variant is named in tags and file names: "Easy summary"."""
        return "Full article" if self is Variant.ARTICLE else f"{self.value.capitalize()} summary"

    @classmethod
    def parse(cls, value: str) -> Variant:
        """The variant named ``value``.

        Raises:
            UnknownChoice: no variant has that name.
        """
        try:
            return cls(value)
        except ValueError:
            raise UnknownChoice("variant", value, [v.value for v in cls]) from None


@dataclass(frozen=True, slots=True)
class JobContext:
    """What a job needs, built once per process."""

    store: Store
    documents: Documents
    storage: AudioStorage
    settings: Settings
    limiter: anyio.CapacityLimiter
    """How many syntheses this process runs at once."""
    stopping: threading.Event = field(default_factory=threading.Event)
    """Set when the process shuts down: running syntheses stop at the next sentence
    and their records stay unfinished, to be made again."""


class _Stopped(Exception):
    """The process is shutting down; the job is left to be run again."""


def speakable(sentences: Sequence[Sentence], summary: Summary | None) -> list[SpokenSentence]:
    """The sentences to speak: a text's own, or its summary's.

    A summary's sentences keep the paragraph of the sentence they came from,
    so paragraph pauses still fall where the article's paragraphs change.
    """
    if summary is None:
        return [
            SpokenSentence(index=s.index, text=s.text, paragraph=s.paragraph) for s in sentences
        ]
    return [
        SpokenSentence(index=i, text=s.text, paragraph=sentences[s.source_index].paragraph)
        for i, s in enumerate(summary.sentences)
    ]


async def spoken_sentences(
    documents: Documents, doc: StoredDocument, variant: Variant
) -> list[SpokenSentence]:
    """The sentences an audio variant of a stored document speaks, in order."""
    if variant is Variant.ARTICLE:
        return speakable(doc.sentences, None)
    return speakable(doc.sentences, await documents.summary(doc, variant.value))


async def run_audio_job(audio_id: str, context: JobContext) -> AudioStatus | None:
    """Make the audio of one record, and record how it went.

    Safe to run twice and after a crash: it starts only from ``queued`` or
    ``running`` (a run that was killed), works in a scratch directory, moves
    the finished files into storage (captions first, the audio last) and only
    then marks the record ``done``. A failure is recorded with its reason, and
    so is a record whose process died :data:`MAX_STARTS` times while making
    it. A shutdown puts the record back to ``queued``, its start not counted.

    Returns:
        The record's new status, or ``None`` when there was nothing to do
        (done already, failed, or deleted) or the process is shutting down
        (the record stays unfinished, to be run again).
    """
    records = context.store.audio
    record = await records.start(audio_id)
    if record is None:
        return None
    if record.attempts > MAX_STARTS:
        log.error("audio %s: its process died %d times; given up", audio_id, MAX_STARTS)
        await records.fail(
            audio_id,
            f"The server stopped {MAX_STARTS} times while making this audio, so it is not "
            "tried again by itself. Ask for it again to try once more, or try a shorter text.",
        )
        return AudioStatus.FAILED
    try:
        doc = await context.documents.get(record.document_id)
    except NotFound:
        return None  # the document was deleted, and its audio records with it
    try:
        sentences = await spoken_sentences(context.documents, doc, Variant(record.variant))
    except AccessApiError as exc:
        await records.fail(audio_id, str(exc))
        return AudioStatus.FAILED
    try:
        scratch = context.storage.scratch_dir()
    except OSError as exc:
        # The audio directory is gone, read-only or full: fail now, or the
        # record stays "running" (and takes a queue place) until a restart.
        log.error("audio %s: no room to work in: %s", audio_id, exc)
        await records.fail(
            audio_id, "The audio could not be stored on the server. Ask again later."
        )
        return AudioStatus.FAILED
    audio_name, captions_name, timings_name = file_names(audio_id, record.format)
    # MP3 is written live while it is spoken, for whoever streams it meanwhile.
    live = context.storage.live_path(audio_name) if record.format == AudioFormat.MP3 else None
    done = 0.0

    def progress(fraction: float) -> None:
        nonlocal done
        if context.stopping.is_set():
            raise _Stopped
        done = fraction

    async def report_progress() -> None:
        written = 0.0
        while True:
            await asyncio.sleep(_PROGRESS_EVERY)
            if done != written:
                written = done
                await records.set_progress(audio_id, written)

    def synthesis() -> SpokenAudio:
        spoken = _shared_synthesis(context.storage, record.speech_key)
        if spoken is not None:
            return spoken
        with metrics.synthesis_seconds.labels(engine=record.voice.partition(":")[0]).time():
            spoken = speak(
                sentences,
                voice_id=record.voice,
                rate=record.rate,
                pause=record.pause,
                format=record.format,
                output_dir=scratch,
                settings=context.settings,
                progress=progress,
                live=live,
            )
        if record.speech_key is None:
            return spoken
        # Kept for every audio that speaks the same: the information goes in
        # first, so whoever finds the samples finds it too.
        samples, info = speech_names(record.speech_key)
        context.storage.put(info, spoken.info_path)
        context.storage.put(samples, spoken.path)
        return load_spoken(context.storage.path_for(samples), context.storage.path_for(info))

    def make() -> AudioResult:
        # This record's own file, title and captions, from the synthesis.
        return make_audio_file(
            synthesis(),
            sentences,
            format=record.format,
            title=record.title or "Article",
            variant=Variant(record.variant).label,
            output_dir=scratch,
            stem=audio_id,
        )

    reporter = asyncio.create_task(report_progress())
    try:
        result = await anyio.to_thread.run_sync(make, limiter=context.limiter)
        # Captions go in before the audio: whoever finds the audio finds them too.
        context.storage.put(captions_name, result.vtt_path)
        context.storage.put(timings_name, result.timings_path)
        context.storage.put(audio_name, result.path)
    except (_Stopped, asyncio.CancelledError) as exc:
        # Stopped, not killed: the start does not count against the job.
        await records.put_back(audio_id)
        if isinstance(exc, asyncio.CancelledError):
            raise
        log.info("audio %s stopped by shutdown; it is made again at the next start", audio_id)
        return None
    except AccessApiError as exc:
        await records.fail(audio_id, str(exc))
        return AudioStatus.FAILED
    except Exception:
        log.exception("audio %s could not be made", audio_id)
        await records.fail(
            audio_id, "The audio could not be made because of an error on our side. Ask again."
        )
        return AudioStatus.FAILED
    finally:
        reporter.cancel()
        shutil.rmtree(scratch, ignore_errors=True)
        if live is not None:
            # Before the record says done: a stream that sees the live copy
            # unlinked knows it has every byte there will be.
            live.unlink(missing_ok=True)
    finished = await records.finish(
        audio_id,
        file_name=audio_name,
        size_bytes=result.size_bytes,
        duration_seconds=result.duration_seconds,
    )
    if not finished:
        # Deleted while it was being made: its files must not linger.
        remove_files(context.storage, record)
        return None
    await evict(context.store, context.storage, context.settings.audio_max_bytes, keep=audio_id)
    return AudioStatus.DONE


def _shared_synthesis(storage: AudioStorage, speech_key: str | None) -> SpokenAudio | None:
    """The synthesis another audio of the same speech key left, if it is whole."""
    if speech_key is None:
        return None
    samples, info = speech_names(speech_key)
    if not (storage.exists(info) and storage.exists(samples)):
        return None
    try:
        return load_spoken(storage.path_for(samples), storage.path_for(info))
    except (OSError, ValueError, KeyError, TypeError):
        log.warning("the synthesis %s cannot be read; it is made again", speech_key)
        return None


async def evict(store: Store, storage: AudioStorage, limit: int, *, keep: str) -> list[str]:
    """Remove the least recently used audio until the storage is within ``limit`` bytes.

    The record goes first, then its files, so the database never points at a
    missing file.

    Args:
        keep: an audio never removed here (the one just made).

    Returns:
        The ids of the audio removed.
    """
    total = storage.total_size()
    removed: list[str] = []
    if total <= limit:
        return removed
    for record in await store.audio.done_by_last_use():
        if total <= limit:
            break
        if record.id == keep:
            continue
        size = sum(
            storage.size(name)
            for name in file_names(record.id, record.format)
            if storage.exists(name)
        )
        if await store.audio.delete(record.id):
            remove_files(storage, record)
            total -= size
            total -= await remove_unused_speech(store.audio, storage, [record.speech_key])
            removed.append(record.id)
    if removed:
        log.info(
            "removed %d least recently used audio files to stay within the limit", len(removed)
        )
    return removed


async def enqueue_forgotten(context: JobContext, enqueue: Callable[[str], Awaitable[None]]) -> None:
    """Enqueue, every few seconds, the records left ``queued`` for a while; runs until cancelled.

    A record is stored before its job is enqueued, so a queue out of reach
    (or a job that could not start while the database was) leaves a record
    that no job will run. The runners call this beside their workers, so the
    audio is made once the queue and the database are back, with no restart.
    Enqueueing is keyed by the audio id: a job already waiting is left as it is.
    """
    while True:
        await asyncio.sleep(_FORGOTTEN_EVERY)
        try:
            for audio_id in await context.store.audio.queued(older_than=_FORGOTTEN_AFTER):
                await enqueue(audio_id)
        except Exception as exc:  # out of reach still: the next round tries again
            log.warning("could not enqueue the audio left waiting: %s", exc)
