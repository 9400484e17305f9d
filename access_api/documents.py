"""The document service: from an article to its clean text, scores and summaries.

It ties the text pipeline to the store and keeps the slow, CPU-bound work off
the event loop, no more of it at once than there are cores, in two lanes: work
on a long article (over :data:`LARGE_TEXT_CHARS`) runs one at a time in a lane
of its own, so an ordinary article never waits behind it. The web layer, the
audio jobs and the CLI call it; it knows nothing of HTTP, nor of jobs.

- :func:`ingest` cleans an article sent as text, HTML, a file or a link (a
  link is fetched by :mod:`access_api.fetch`, then cleaned like the rest).
- :class:`Documents` stores articles and makes what they are read for. Its
  methods take the document itself: whoever is given an id looks it up once
  and hands the document on. Reports and summaries are kept for a while,
  keyed by the document's id (already the digest of its text).
- :func:`prepare` is what every process does at start.
"""

from __future__ import annotations

import asyncio
import os
import sys
import threading
import weakref
from collections import OrderedDict
from typing import TYPE_CHECKING, Generic, TypeVar

import anyio
import anyio.to_thread

from access_api import metrics
from access_api.errors import InputError, Unavailable
from access_api.fetch import fetch_url
from access_api.store import document_id, remove_files, remove_unused_speech
from access_api.text import (
    Algorithm,
    ReadingLevel,
    assess,
    clean_html,
    clean_text,
    ensure_language_data,
    load_pipeline,
    read_file,
    summarise,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Hashable

    from access_api.fetch import Resolver
    from access_api.settings import Settings
    from access_api.store import AudioStorage, Store, StoredDocument
    from access_api.text import CleanText, ReadabilityReport, Summary

__all__ = [
    "LARGE_TEXT_CHARS",
    "SWITCH_INTERVAL_SECONDS",
    "Documents",
    "clean_url",
    "ingest",
    "prepare",
    "readability_of",
    "summary_of",
]

LARGE_TEXT_CHARS = 20_000
"""Text work on more characters than this (a long news article has about 10,000)
runs in the lane for long articles, one at a time; a web page counts a tenth of
its markup."""
_MARKUP_PER_TEXT = 10
SWITCH_INTERVAL_SECONDS = 0.001
"""How long a thread holds the GIL while others wait for it (Python's default is
5 ms). The event loop gives the GIL up at every read and write, and took it back
only after the text thread's turn: with 1 ms, ordinary requests beside
long-article work came twice as fast (28 to 55 a second) and their p99 fell
from 1.3 s to 0.6 s (``benchmarks/load.py --hostile 2``)."""

_T = TypeVar("_T")
_K = TypeVar("_K", bound="Hashable")
# Per event loop (tests run several): the lane for ordinary work, and the one for long articles.
_lanes: weakref.WeakKeyDictionary[
    asyncio.AbstractEventLoop, tuple[anyio.CapacityLimiter, anyio.CapacityLimiter]
] = weakref.WeakKeyDictionary()


async def _cpu_bound(work: Callable[[], _T], *, chars: int) -> _T:
    """Run CPU-bound text work in a thread, no more at once than there are cores.

    More threads than cores only pass the GIL around: every request would take
    longer, and the unluckiest much longer (p99 under load halved with this).
    Work on more than :data:`LARGE_TEXT_CHARS` characters has a lane of one
    thread: two 199,000-character LSA summaries once held both threads for
    98 s while a 3-sentence document waited behind them. Now an ordinary
    article shares the cores with at most one long one.

    Args:
        chars: the size of the text the work reads, which picks the lane.
    """
    loop = asyncio.get_running_loop()
    lanes = _lanes.get(loop)
    if lanes is None:
        lanes = _lanes[loop] = (
            anyio.CapacityLimiter(os.cpu_count() or 1),
            anyio.CapacityLimiter(1),
        )
    limiter = lanes[chars > LARGE_TEXT_CHARS]
    return await anyio.to_thread.run_sync(work, limiter=limiter)


class _Recent(Generic[_K, _T]):
    """The last results made, by a key that is cheap to hash (a document's id).

    Safe to use from the worker threads the text work runs in.
    """

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[_K, _T] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: _K, make: Callable[[], _T]) -> _T:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return value


_reports: _Recent[tuple[str, int], ReadabilityReport] = _Recent(64)
_summaries: _Recent[tuple[str, str, str, int | None, str | None], Summary] = _Recent(128)


async def ingest(
    settings: Settings,
    *,
    text: str | None = None,
    html: str | None = None,
    url: str | None = None,
    file: bytes | None = None,
    file_name: str = "",
    title: str | None = None,
) -> tuple[CleanText, str]:
    """Clean one article given as text, HTML, a file's bytes or a link.

    Args:
        file: an uploaded or local file: a saved web page or UTF-8 text.
        file_name: the file's name, which may say it is a web page.

    Returns:
        The clean text and the kind of source (``text``, ``html`` or ``url``;
        a file is ``html`` or ``text``, as :func:`~access_api.text.read_file` finds).

    Raises:
        InputError: not exactly one of ``text``, ``html``, ``url`` and ``file``
            was given, or the article cannot be used (empty, only boilerplate,
            too long, not UTF-8...).
        LinkError: the link cannot be fetched.
    """
    given = {"text": text, "html": html, "url": url, "file": file}
    present = [name for name, value in given.items() if value is not None]
    if len(present) != 1:
        named = " and ".join(present) if present else "none of them"
        msg = f"Send exactly one of text, html or url (this request had {named})."
        raise InputError(msg)
    if url is not None:
        return await clean_url(url, title=title, settings=settings), "url"
    kind = "html" if html is not None else "text"
    body = html if html is not None else text
    if file is not None:
        body, kind = read_file(file, name=file_name)
    assert body is not None
    return await _clean(body, kind, title, settings.max_text_chars), kind


async def _clean(body: str, kind: str, title: str | None, max_chars: int) -> CleanText:
    clean = clean_html if kind == "html" else clean_text
    chars = len(body) // _MARKUP_PER_TEXT if kind == "html" else len(body)
    return await _cpu_bound(lambda: clean(body, title=title, max_chars=max_chars), chars=chars)


async def clean_url(
    url: str,
    *,
    title: str | None = None,
    settings: Settings,
    resolver: Resolver | None = None,
    allow_private: Collection[str] = (),
) -> CleanText:
    """Fetch a link and clean the article it leads to.

    The fetch is asynchronous; the cleaning waits its turn with the other
    text work, like an article sent as text.

    Args:
        url: a public http(s) link to a web page or a text file.
        title: the article's title, if known.
        settings: supplies the fetch limits and ``max_text_chars``.
        resolver: host name to IP addresses; the system's by default.
        allow_private: origins allowed on private addresses; tests only (see
            :func:`~access_api.fetch.fetch_url`).

    Raises:
        LinkError: the link is refused, unreachable, too large or not an article.
        InputError: the page it leads to cannot be used, as for text or HTML.
    """
    page = await fetch_url(
        url,
        timeout=settings.fetch_timeout_seconds,
        max_bytes=settings.fetch_max_bytes,
        max_redirects=settings.fetch_max_redirects,
        resolver=resolver,
        allow_private=allow_private,
    )
    kind = "text" if page.content_type == "text/plain" else "html"
    return await _clean(page.text, kind, title, settings.max_text_chars)


async def readability_of(
    content: CleanText, *, words_per_minute: int, key: str | None = None
) -> ReadabilityReport:
    """The readability report of a clean text, computed off the event loop.

    Args:
        key: the text's document id, when it has one; made from the text otherwise.
    """
    found = key or document_id(content.text)
    return await _cpu_bound(
        lambda: _reports.get(
            (found, words_per_minute),
            lambda: assess(content.text, content.sentences, words_per_minute=words_per_minute),
        ),
        chars=len(content.text),
    )


async def summary_of(
    content: CleanText,
    level: str,
    *,
    algorithm: str | None = None,
    sentence_count: int | None = None,
    key: str | None = None,
) -> Summary:
    """One summary of a clean text, computed off the event loop.

    Args:
        key: the text's document id, when it has one; made from the text otherwise.
    """
    chosen = Algorithm.LEVEL if algorithm is None else algorithm
    found = key or document_id(content.text)
    return await _cpu_bound(
        lambda: _summaries.get(
            (found, level, chosen, sentence_count, content.title),
            lambda: summarise(
                content.text,
                content.sentences,
                level,
                algorithm=chosen,
                sentence_count=sentence_count,
                title=content.title,
            ),
        ),
        chars=len(content.text),
    )


async def prepare(store: Store, settings: Settings) -> None:
    """Ready a process to work: what the API, each audio worker and ``access-api
    migrate`` all do before anything else.

    Threads pass the GIL on sooner (:data:`SWITCH_INTERVAL_SECONDS`), the data
    directory is made, the language data made if missing (never downloaded),
    the parser that shortens summary sentences loaded (about a second, so that
    the first summary does not wait for it), and the database schema brought
    up to date.
    """
    sys.setswitchinterval(SWITCH_INTERVAL_SECONDS)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    ensure_language_data()
    await anyio.to_thread.run_sync(load_pipeline)
    await store.create_schema()


class Documents:
    """Stored documents and what can be made of them.

    Args:
        store: the database.
        storage: where the documents' audio files are, to remove them with
            their document.
        settings: the limits and the reading speed.
    """

    def __init__(self, store: Store, storage: AudioStorage, settings: Settings) -> None:
        self.store = store
        self.storage = storage
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
        file: bytes | None = None,
        file_name: str = "",
        title: str | None = None,
    ) -> tuple[StoredDocument, bool]:
        """Clean and store an article; see :func:`ingest`.

        Returns:
            The document and whether it is new (``False`` when the same clean
            text was already stored; a title sent with it replaces the stored one).

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
            content, kind = await ingest(
                self.settings,
                text=text,
                html=html,
                url=url,
                file=file,
                file_name=file_name,
                title=title,
            )
        finally:
            self._fetching -= fetches
        return await self.store.add_document(content, source_kind=kind, source_url=url)

    async def get(self, doc_id: str) -> StoredDocument:
        """The document with this id.

        Raises:
            NotFound: there is no such document.
        """
        return await self.store.get_document(doc_id)

    async def delete(self, doc: StoredDocument) -> None:
        """Delete a document, its audio records, then their files and the syntheses
        no other document's audio shares."""
        audio = await self.store.audio.of_document(doc.id)
        await self.store.delete_document(doc.id)
        for record in audio:
            remove_files(self.storage, record)
        await remove_unused_speech(self.store.audio, self.storage, [r.speech_key for r in audio])

    async def readability(self, doc: StoredDocument) -> ReadabilityReport:
        return await readability_of(
            doc.content, words_per_minute=self.settings.words_per_minute, key=doc.id
        )

    async def summary(
        self,
        doc: StoredDocument,
        level: str,
        *,
        algorithm: str | None = None,
        sentence_count: int | None = None,
    ) -> Summary:
        return await summary_of(
            doc.content, level, algorithm=algorithm, sentence_count=sentence_count, key=doc.id
        )

    async def summaries(
        self, doc: StoredDocument, *, algorithm: str | None = None
    ) -> list[Summary]:
        """The summary at every reading level, easiest first."""
        return [await self.summary(doc, level, algorithm=algorithm) for level in ReadingLevel]
