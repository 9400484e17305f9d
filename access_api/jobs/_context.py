"""Building a :class:`JobContext` for a process: its store, documents and storage."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

import anyio

from access_api.documents import Documents, prepare
from access_api.store import LocalAudioStorage, Store

from ._job import JobContext

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from access_api.settings import Settings

__all__ = ["make_context", "open_context"]


def make_context(documents: Documents) -> JobContext:
    """What audio jobs need, from a process's document service (and its store and storage)."""
    settings = documents.settings
    return JobContext(
        store=documents.store,
        documents=documents,
        storage=documents.storage,
        settings=settings,
        limiter=anyio.CapacityLimiter(max(1, settings.audio_workers)),
    )


@contextlib.asynccontextmanager
async def open_context(settings: Settings) -> AsyncIterator[JobContext]:
    """What audio jobs need in a worker process, ready to use; closed on exit.

    The process is prepared first, as every process is at start (see
    :func:`access_api.documents.prepare`).
    """
    store = Store(settings.resolved_database_url)
    try:
        await prepare(store, settings)
        storage = LocalAudioStorage(settings.resolved_audio_dir)
        yield make_context(Documents(store, storage, settings))
    finally:
        await store.close()
