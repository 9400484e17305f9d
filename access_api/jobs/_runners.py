"""Who runs the audio jobs: the API process itself, or SAQ workers.

Embedded mode (the default): a few asyncio tasks in the API process take
audio ids from a queue and run :func:`run_audio_job`; the speaking happens in
threads, at most ``audio_workers`` at once. Jobs are durable through the
database: at start, records left ``queued`` or ``running`` by a process that
died are run again, up to :data:`~._job.MAX_STARTS` starts each.

Scale-out mode (``queue_url`` set): the API only enqueues; ``access-api
worker`` processes run the same job function from SAQ's Redis queue. A
worker that dies stops its heartbeat, and SAQ's sweep hands the job to
another worker.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
from typing import TYPE_CHECKING, Protocol

import anyio

from access_api import metrics
from access_api.settings import SettingsError
from access_api.store import AudioStatus

from ._job import enqueue_forgotten, run_audio_job

if TYPE_CHECKING:
    from collections.abc import Iterator

    from access_api.settings import Settings

    from ._job import JobContext

__all__ = ["SHORT_JOB_CHARS", "EmbeddedRunner", "JobRunner", "create_runner", "run_worker"]

log = logging.getLogger("access_api.jobs")

SHORT_JOB_CHARS = 1_000
"""Audio of at most this many characters to speak is short: in embedded mode it
has a lane of its own (about a minute of speech, a few seconds to make)."""


class JobRunner(Protocol):
    """Runs audio jobs: in this process, or by handing them to workers."""

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def enqueue(self, audio_id: str, *, characters: int | None = None) -> None:
        """Have the audio made; enqueuing an id already waiting changes nothing.

        Args:
            characters: how much there is to speak, when known: short audio
                may be given a lane of its own.

        Raises:
            Unavailable: the queue is out of reach; the record stays ``queued``
                and is enqueued again once it is back.
        """
        ...

    async def ping(self) -> None:
        """Raise if jobs cannot be handed on now (for the readiness check)."""
        ...


class EmbeddedRunner:
    """Runs jobs in this process (see the module's docstring).

    Args:
        context: what the jobs need.
    """

    def __init__(self, context: JobContext) -> None:
        self.context = context
        self._queue: asyncio.Queue[str] = asyncio.Queue()
        # The short lane: its own queue and its own thread, so a summary's
        # audio never waits for the threads busy with whole articles.
        self._short: asyncio.Queue[str] = asyncio.Queue()
        self._short_context = dataclasses.replace(context, limiter=anyio.CapacityLimiter(1))
        self._pending: set[str] = set()
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        self.context.stopping.clear()
        # Nothing else runs jobs in embedded mode: a scratch directory or a
        # running record can only be left over from a process that died.
        self.context.storage.remove_scratch(older_than_seconds=0)
        for audio_id in await self.context.store.audio.requeue_interrupted():
            log.info("audio %s was interrupted; making it again", audio_id)
            await self.enqueue(audio_id)
        self._tasks = [
            asyncio.create_task(self._work(self._queue, self.context))
            for _ in range(max(1, self.context.settings.audio_workers))
        ]
        self._tasks.append(asyncio.create_task(self._work(self._short, self._short_context)))
        # A job that could not start (the database out of reach) is run once it is back.
        self._tasks.append(asyncio.create_task(enqueue_forgotten(self.context, self.enqueue)))

    async def stop(self) -> None:
        # Running syntheses stop at their next sentence rather than hold up
        # the shutdown; their records are made again at the next start.
        self.context.stopping.set()
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []

    async def enqueue(self, audio_id: str, *, characters: int | None = None) -> None:
        if audio_id in self._pending:
            return
        self._pending.add(audio_id)
        short = characters is not None and characters <= SHORT_JOB_CHARS
        (self._short if short else self._queue).put_nowait(audio_id)
        metrics.jobs_queued.inc()

    async def ping(self) -> None:
        if not self._tasks or any(task.done() for task in self._tasks):
            msg = "the audio workers of this process are not running"
            raise RuntimeError(msg)

    async def _work(self, queue: asyncio.Queue[str], context: JobContext) -> None:
        while True:
            audio_id = await queue.get()
            metrics.jobs_queued.dec()
            metrics.jobs_running.inc()
            try:
                status = await run_audio_job(audio_id, context)
            except Exception:
                # The record stays unfinished and is made again at the next start.
                log.exception("audio job %s stopped unexpectedly", audio_id)
            else:
                if status is AudioStatus.DONE:
                    metrics.jobs_completed.inc()
                elif status is AudioStatus.FAILED:
                    metrics.jobs_failed.inc()
            finally:
                metrics.jobs_running.dec()
                self._pending.discard(audio_id)


def create_runner(settings: Settings, context: JobContext) -> JobRunner:
    """The runner the settings ask for: SAQ when ``queue_url`` is set, else embedded."""
    if settings.queue_url:
        with _scale_out_extra():
            from ._scale import SaqRunner
        return SaqRunner(settings)
    return EmbeddedRunner(context)


def run_worker(settings: Settings) -> None:
    """Run an ``access-api worker`` (scale-out mode) until SIGINT or SIGTERM."""
    with _scale_out_extra():
        from ._scale import run_worker as run
    run(settings)


@contextlib.contextmanager
def _scale_out_extra() -> Iterator[None]:
    # SAQ and Redis are imported only when used: scale-out mode alone needs them.
    try:
        yield
    except ImportError as exc:
        msg = (
            f"ACCESS_API_QUEUE_URL needs the scale-out extra ({exc.name} is missing): "
            "pip install 'access_api[scale]'"
        )
        raise SettingsError(msg) from exc
