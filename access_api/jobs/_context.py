"""Building a :class:`JobContext` for a process: its store, documents and storage."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

import anyio

from access_api.store import Store
from access_api.text._langdata import ensure_language_data

from ._job import JobContext
from ._storage import LocalAudioStorage

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from access_api.documents import Documents
    from access_api.settings import Settings

__all__ = ["make_context", "open_context"]


def make_context(store: Store, documents: Documents, settings: Settings) -> JobContext:
    """What audio jobs need, from a process's store and documents."""
    return JobContext(
        store=store,
        documents=documents,
        storage=LocalAudioStorage(settings.resolved_audio_dir),
        settings=settings,
        limiter=anyio.CapacityLimiter(max(1, settings.audio_workers)),
    )


@contextlib.asynccontextmanager
async def open_context(settings: Settings) -> AsyncIterator[JobContext]:
    """What audio jobs need in a worker process, ready to use; closed on exit.

    The database is migrated first, as every process does at start.
    """
    # access_api.documents imports this package (deleting a document
    # removes its audio files), so it is imported only once it is needed.
    from access_api.documents import Documents

    store = Store(settings.resolved_database_url)
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        ensure_language_data()
        await store.create_schema()
        yield make_context(store, Documents(store, settings), settings)
    finally:
        await store.close()
