"""Scale-out mode: audio jobs on SAQ's Redis queue, run by ``access-api worker``.

SAQ is the Litestar-native choice: asyncio all through (so the job function
is the very same ``async`` function the embedded runner awaits), jobs keyed
by our audio id (so a job is queued once), heartbeats and a sweep that gives
a dead worker's job to another, and Redis as its only moving part.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING

from redis.exceptions import RedisError
from saq import Queue, Worker
from saq.types import Context

from access_api.errors import Unavailable

from ._context import open_context
from ._job import MAX_STARTS, enqueue_forgotten, run_audio_job

if TYPE_CHECKING:
    from saq.types import PartialTimersDict

    from access_api.settings import Settings

    from ._job import JobContext

__all__ = ["SaqRunner", "build_worker", "enqueue_saq", "run_worker", "saq_queue"]

log = logging.getLogger("access_api.jobs")

# One more try than the job's own limit: the job whose workers died
# MAX_STARTS times is started once more, to record itself as failed.
_RETRIES = MAX_STARTS + 1
# When Redis is out of reach: how long a client is asked to wait, in seconds.
_QUEUE_RETRY_SECONDS = 30


class _WorkerContext(Context, total=False):
    access_api: JobContext


def saq_queue(settings: Settings) -> Queue:
    """The SAQ queue named by the settings (not yet connected)."""
    return Queue.from_url(settings.queue_url, name=settings.queue_name)


async def enqueue_saq(queue: Queue, settings: Settings, audio_id: str) -> None:
    """Enqueue an audio job, keyed by the audio id so that it is queued once."""
    await queue.enqueue(
        make_audio.__name__,
        audio_id=audio_id,
        key=audio_id,
        timeout=settings.job_timeout_seconds,
        heartbeat=settings.job_heartbeat_seconds,
        retries=_RETRIES,
        # Forgotten once finished, so that a failed audio asked for again can
        # be queued again under the same key.
        ttl=-1,
    )


class SaqRunner:
    """Hands jobs to ``access-api worker`` processes (the API side of scale-out mode).

    Args:
        settings: ``queue_url``, ``queue_name`` and the job limits.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.queue = saq_queue(settings)

    async def start(self) -> None:
        await self.queue.connect()

    async def stop(self) -> None:
        await self.queue.disconnect()

    async def enqueue(self, audio_id: str, *, characters: int | None = None) -> None:
        """Hand the job to the workers.

        Raises:
            Unavailable: Redis is out of reach. The record stays ``queued``
                and the workers enqueue it once Redis is back.
        """
        # Workers take jobs in order; more workers, not lanes, keep the wait short.
        try:
            await enqueue_saq(self.queue, self.settings, audio_id)
        except (RedisError, OSError) as exc:
            log.warning("audio %s could not be queued: %s", audio_id, exc)
            msg = (
                "The audio was noted, but the queue that hands it to the audio workers "
                "cannot be reached right now. It will be made once the queue is back: "
                "ask again in a minute."
            )
            raise Unavailable(msg, retry_after=_QUEUE_RETRY_SECONDS) from exc

    async def ping(self) -> None:
        await self.queue.count("queued")


async def make_audio(ctx: _WorkerContext, *, audio_id: str) -> str | None:
    """SAQ's entry point: run :func:`run_audio_job` and keep the job's heartbeat going."""
    context: JobContext = ctx["access_api"]
    job = ctx["job"]
    interval = max(1.0, context.settings.job_heartbeat_seconds / 3)

    async def beat() -> None:
        while True:
            await asyncio.sleep(interval)
            await job.update()

    async def stop_on_shutdown() -> None:
        await ctx["worker"].event.wait()
        context.stopping.set()

    helpers = [asyncio.create_task(beat()), asyncio.create_task(stop_on_shutdown())]
    try:
        status = await run_audio_job(audio_id, context)
    finally:
        for helper in helpers:
            helper.cancel()
        await asyncio.gather(*helpers, return_exceptions=True)
    if status is None and context.stopping.is_set():
        # Stopped by the worker's shutdown: SAQ puts a cancelled job back in
        # the queue for another worker.
        raise asyncio.CancelledError
    return None if status is None else status.value


def build_worker(settings: Settings, queue: Queue) -> Worker[_WorkerContext]:
    """An SAQ worker that runs audio jobs from ``queue``; start it with ``await worker.start()``."""
    stack = contextlib.AsyncExitStack()

    async def enqueue(audio_id: str) -> None:
        await enqueue_saq(queue, settings, audio_id)

    async def startup(ctx: _WorkerContext) -> None:
        context = await stack.enter_async_context(open_context(settings))
        ctx["access_api"] = context
        # An API process may have died between storing a record and queueing it,
        # or found Redis out of reach then: now, and every few seconds after.
        for audio_id in await context.store.audio.queued():
            await enqueue(audio_id)
        sweeper = asyncio.create_task(enqueue_forgotten(context, enqueue))
        stack.push_async_callback(_cancelled, sweeper)

    async def shutdown(_ctx: _WorkerContext) -> None:
        await stack.aclose()

    # SAQ's own timings, but a sweep (which finds a dead worker's jobs) often
    # enough that a job is picked up again soon after its heartbeat stops.
    timers: PartialTimersDict = {
        "schedule": 1,
        "worker_info": 10,
        "sweep": max(1, settings.job_heartbeat_seconds // 2),
        "abort": 1,
    }
    return Worker(
        queue,
        functions=[make_audio],
        concurrency=max(1, settings.audio_workers),
        startup=startup,
        shutdown=shutdown,
        timers=timers,
    )


async def _cancelled(task: asyncio.Task[None]) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


def run_worker(settings: Settings) -> None:
    """Run an ``access-api worker`` until SIGINT or SIGTERM."""
    queue = saq_queue(settings)
    worker = build_worker(settings, queue)

    async def main() -> None:
        await queue.connect()
        try:
            await worker.start()
        finally:
            await queue.disconnect()

    log.info("audio worker on queue %r: %d job(s) at once", settings.queue_name, worker.concurrency)
    asyncio.run(main())
