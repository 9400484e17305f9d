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

    from access_api.settings import Settings

__all__ = ["open_context"]


@contextlib.asynccontextmanager
async def open_context(settings: Settings, store: Store | None = None) -> AsyncIterator[JobContext]:
    """What audio jobs need in this process, ready to use; closed on exit.

    Args:
        settings: the configuration.
        store: the process's store, when it has one already (the API's); a
            store made here is migrated at start and closed on exit.
    """
    # access_api.documents imports this package (deleting a document
    # removes its audio files), so it is imported only once it is needed.
    from access_api.documents import Documents

    own_store = store is None
    store = store or Store(settings.resolved_database_url)
    try:
        if own_store:
            settings.data_dir.mkdir(parents=True, exist_ok=True)
            ensure_language_data()
            await store.create_schema()
        yield JobContext(
            store=store,
            documents=Documents(store, settings),
            storage=LocalAudioStorage(settings.resolved_audio_dir),
            settings=settings,
            limiter=anyio.CapacityLimiter(max(1, settings.audio_workers)),
        )
    finally:
        if own_store:
            await store.close()
