"""The document service: from an article to its clean text, scores and summaries.

It ties the text pipeline to the store and keeps the slow, CPU-bound work off
the event loop. The web layer and the CLI both call it; it knows nothing of
HTTP.
"""

from __future__ import annotations

import asyncio
import os
import weakref
from functools import lru_cache
from typing import TYPE_CHECKING, TypeVar

import anyio
import anyio.to_thread

from access_api import metrics
from access_api.errors import InputError, Unavailable
from access_api.jobs import LocalAudioStorage, remove_files
from access_api.text import _ingest
from access_api.text.readability import ReadabilityReport, assess
from access_api.text.summaries import Algorithm, ReadingLevel, Summary, summarise

if TYPE_CHECKING:
    from collections.abc import Callable

    from access_api.settings import Settings
    from access_api.store import Store, StoredDocument
    from access_api.text._model import CleanText, Sentence

__all__ = ["Documents", "ingest"]

_T = TypeVar("_T")
_limiters: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, anyio.CapacityLimiter] = (
    weakref.WeakKeyDictionary()
)


async def _cpu_bound(work: Callable[[], _T]) -> _T:
    """Run CPU-bound text work in a thread, no more at once than there are cores.

    More threads than cores only pass the GIL around: every request would take
    longer, and the unluckiest much longer (p99 under load halved with this).
    """
    loop = asyncio.get_running_loop()
    limiter = _limiters.get(loop)
    if limiter is None:
        limiter = _limiters[loop] = anyio.CapacityLimiter(os.cpu_count() or 1)
    return await anyio.to_thread.run_sync(work, limiter=limiter)


async def ingest(
    settings: Settings,
    *,
    text: str | None = None,
    html: str | None = None,
    url: str | None = None,
    title: str | None = None,
) -> tuple[CleanText, str]:
    """Clean one article given as text, HTML or a link.

    Returns:
        The clean text and the kind of source (``text``, ``html`` or ``url``).

    Raises:
        InputError: not exactly one of ``text``, ``html`` and ``url`` was given,
            or the article cannot be used (empty, only boilerplate, too long...).
        LinkError: the link cannot be fetched.
    """
    given = {"text": text, "html": html, "url": url}
    present = [name for name, value in given.items() if value is not None]
    if len(present) != 1:
        named = " and ".join(present) if present else "none of them"
        msg = f"Send exactly one of text, html or url (this request had {named})."
        raise InputError(msg)
    limit = settings.max_text_chars
    if text is not None:
        content = await _cpu_bound(lambda: _ingest.clean_text(text, title=title, max_chars=limit))
        return content, "text"
    if html is not None:
        content = await _cpu_bound(lambda: _ingest.clean_html(html, title=title, max_chars=limit))
        return content, "html"
    assert url is not None
    return await _ingest.clean_url(url, title=title, settings=settings), "url"


async def readability_of(
    text: str, sentences: tuple[Sentence, ...], *, words_per_minute: int
) -> ReadabilityReport:
    """The readability report of a text, computed off the event loop."""
    return await _cpu_bound(lambda: _assess_cached(text, sentences, words_per_minute))


async def summary_of(
    text: str,
    sentences: tuple[Sentence, ...],
    level: str,
    *,
    algorithm: str | None = None,
    sentence_count: int | None = None,
    title: str | None = None,
) -> Summary:
    """One summary of a text, computed off the event loop."""
    chosen = Algorithm.LEVEL if algorithm is None else algorithm
    return await _cpu_bound(
        lambda: _summarise_cached(text, sentences, level, chosen, sentence_count, title)
    )


@lru_cache(maxsize=64)
def _assess_cached(
    text: str, sentences: tuple[Sentence, ...], words_per_minute: int
) -> ReadabilityReport:
    return assess(text, sentences, words_per_minute=words_per_minute)


@lru_cache(maxsize=128)
def _summarise_cached(
    text: str,
    sentences: tuple[Sentence, ...],
    level: str,
    algorithm: str,
    sentence_count: int | None,
    title: str | None,
) -> Summary:
    return summarise(
        text, sentences, level, algorithm=algorithm, sentence_count=sentence_count, title=title
    )


class Documents:
    """Stored documents and what can be made of them."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        # Links being fetched now. One event loop runs this service, and nothing
        # awaits between the check and the count, so a plain int is enough.
        self._fetching = 0

    async def create(
        self,
        *,
        text: str | None = None,
        html: str | None = None,
        url: str | None = None,
        title: str | None = None,
    ) -> tuple[StoredDocument, bool]:
        """Clean and store an article; see :func:`ingest`.

        Returns:
            The document and whether it is new (``False`` when the same clean
            text was already stored).

        Raises:
            Unavailable: ``settings.max_concurrent_fetches`` links are being
                fetched already.
        """
        fetches = url is not None
        if fetches and self._fetching >= self.settings.max_concurrent_fetches:
            metrics.requests_refused.labels("fetches").inc()
            msg = "Too many links are being read right now. Please try again in a few seconds."
            raise Unavailable(msg, retry_after=5)
        self._fetching += fetches
        try:
            content, kind = await ingest(self.settings, text=text, html=html, url=url, title=title)
        finally:
            self._fetching -= fetches
        return await self.store.add_document(content, source_kind=kind, source_url=url)

    async def get(self, doc_id: str) -> StoredDocument:
        return await self.store.get_document(doc_id)

    async def delete(self, doc_id: str) -> None:
        """Delete a document, its audio records and then their files."""
        audio = await self.store.audio.of_document(doc_id)
        await self.store.delete_document(doc_id)
        storage = LocalAudioStorage(self.settings.resolved_audio_dir)
        for record in audio:
            remove_files(storage, record)

    async def readability(self, doc_id: str) -> ReadabilityReport:
        doc = await self.get(doc_id)
        return await readability_of(
            doc.text, doc.sentences, words_per_minute=self.settings.words_per_minute
        )

    async def summary(
        self,
        doc_id: str,
        level: str,
        *,
        algorithm: str | None = None,
        sentence_count: int | None = None,
    ) -> Summary:
        doc = await self.get(doc_id)
        return await summary_of(
            doc.text,
            doc.sentences,
            level,
            algorithm=algorithm,
            sentence_count=sentence_count,
            title=doc.title,
        )

    async def summaries(self, doc_id: str, *, algorithm: str | None = None) -> list[Summary]:
        """The summary at every reading level, easiest first."""
        return [await self.summary(doc_id, level, algorithm=algorithm) for level in ReadingLevel]
