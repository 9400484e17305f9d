"""The document service: articles in, documents kept, reports and summaries made once."""

from __future__ import annotations

import os
import sys
import threading
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

import anyio
import pytest

from access_api.documents import (
    LARGE_TEXT_CHARS,
    SWITCH_INTERVAL_SECONDS,
    Documents,
    _cpu_bound,
    clean_url,
    ingest,
    prepare,
)
from access_api.errors import InputError, LinkRefused, NotFound, UnreadableText
from access_api.settings import Settings
from access_api.store import AudioRequest, LocalAudioStorage, Store, file_names

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterator
    from pathlib import Path

    from access_api.text import CleanText

pytestmark = pytest.mark.anyio

STORY = (
    "Heavy rain on Tuesday pushed rivers to their highest level in a decade. "
    "Crews spent the night moving families to safety."
)
PAGES = {
    "/story": (
        "text/html; charset=utf-8",
        f"<html><head><title>Rivers rise</title></head><body><nav>Home</nav>"
        f"<h1>Rivers rise</h1><p>{STORY}</p><footer>Share this article</footer></body></html>",
    ),
    "/story.txt": ("text/plain; charset=utf-8", f"{STORY}\nAdvertisement\n"),
}


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        content_type, body = PAGES[self.path]
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def origin() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


async def from_link(url: str, origin: str, **options: Any) -> CleanText:
    return await clean_url(url, settings=Settings(), allow_private=[origin], **options)


@pytest.fixture
async def documents(tmp_path: Path) -> AsyncIterator[Documents]:
    settings = Settings(data_dir=tmp_path / "data")
    store = Store(settings.resolved_database_url)
    await prepare(store, settings)
    try:
        yield Documents(store, LocalAudioStorage(settings.resolved_audio_dir), settings)
    finally:
        await store.close()


async def test_link_to_a_web_page_is_fetched_and_cleaned(origin: str) -> None:
    result = await from_link(f"{origin}/story", origin)

    assert (result.title, result.text) == ("Rivers rise", STORY)


async def test_link_to_a_text_file_is_cleaned_as_plain_text(origin: str) -> None:
    result = await from_link(f"{origin}/story.txt", origin, title="Rivers")

    assert (result.title, result.text) == ("Rivers", STORY)
    assert [r.reason for r in result.removed] == ["advert"]


async def test_link_to_an_internal_address_is_refused() -> None:
    with pytest.raises(LinkRefused):
        await clean_url("http://192.168.1.1/admin", settings=Settings())


async def test_a_saved_web_page_is_cleaned_as_html_and_a_text_file_as_text() -> None:
    page, kind = await ingest(Settings(), file=PAGES["/story"][1].encode(), file_name="a.html")
    assert (kind, page.title, page.text) == ("html", "Rivers rise", STORY)
    text, kind = await ingest(Settings(), file=STORY.encode(), file_name="a.txt")
    assert (kind, text.text) == ("text", STORY)


async def test_a_file_that_is_not_utf8_is_read_in_its_encoding() -> None:
    content, kind = await ingest(
        Settings(), file=f"{STORY} The café shut.".encode("latin-1"), file_name="a.txt"
    )
    assert (kind, content.text) == ("text", f"{STORY} The café shut.")


async def test_a_file_that_is_not_text_is_refused_in_words() -> None:
    with pytest.raises(UnreadableText, match="PDF"):
        await ingest(Settings(), file=b"%PDF-1.7\n%\xe2\xe3", file_name="a.pdf")


async def test_exactly_one_source_is_taken() -> None:
    with pytest.raises(InputError, match="text and url"):
        await ingest(Settings(), text=STORY, url="https://example.org/")
    with pytest.raises(InputError, match="none of them"):
        await ingest(Settings())


async def test_a_report_and_a_summary_are_made_once_per_document(
    documents: Documents, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[str] = []
    import access_api.documents as service

    real_assess, real_summarise = service.assess, service.summarise

    def assess(*args: Any, **kwargs: Any) -> Any:
        made.append("report")
        return real_assess(*args, **kwargs)

    def summarise(*args: Any, **kwargs: Any) -> Any:
        made.append("summary")
        return real_summarise(*args, **kwargs)

    monkeypatch.setattr(service, "assess", assess)
    monkeypatch.setattr(service, "summarise", summarise)
    doc, _ = await documents.create(text=STORY + " By Friday the water had gone down again.")
    first = await documents.readability(doc)
    assert await documents.readability(await documents.get(doc.id)) is first
    summary = await documents.summary(doc, "easy")
    assert await documents.summary(await documents.get(doc.id), "easy") is summary
    assert made == ["report", "summary"]


async def test_deleting_a_document_removes_its_audio_files_from_the_storage_it_was_given(
    documents: Documents,
) -> None:
    doc, _ = await documents.create(text=STORY)
    record, _ = await documents.store.audio.create_or_get(
        AudioRequest(
            id="a" * 64,
            document_id=doc.id,
            variant="article",
            voice="espeak:en-us",
            format="mp3",
            rate=1.0,
            pause="normal",
            title=None,
        )
    )
    for name in file_names(record.id, record.format):
        made = documents.storage.scratch_dir() / name
        made.write_bytes(b"x")
        documents.storage.put(name, made)
    await documents.delete(doc)
    assert not any(documents.storage.exists(n) for n in file_names(record.id, record.format))
    with pytest.raises(NotFound):
        await documents.get(doc.id)


async def test_a_process_is_prepared_once_whoever_starts_it(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "new" / "data")
    store = Store(settings.resolved_database_url)
    try:
        await prepare(store, settings)
        await prepare(store, settings)  # a second start finds everything in place
        await store.ping()
    finally:
        await store.close()
    assert (settings.data_dir / "access_api.db").is_file()
    # Text threads give the event loop its turn sooner than Python's 5 ms.
    assert sys.getswitchinterval() == SWITCH_INTERVAL_SECONDS


async def test_a_short_article_never_waits_behind_long_ones() -> None:
    release = threading.Event()
    running: list[int] = []
    most_at_once = [0]

    def long_work() -> str:
        running.append(1)
        most_at_once[0] = max(most_at_once[0], len(running))
        release.wait(60)
        running.pop()
        return "long"

    async with anyio.create_task_group() as group:
        for _ in range(3):
            group.start_soon(partial(_cpu_bound, long_work, chars=LARGE_TEXT_CHARS + 1))
        while not running:
            await anyio.sleep(0.01)
        # The guard only keeps a broken lane from hanging the suite.
        with anyio.fail_after(60):
            for _ in range(2 * (os.cpu_count() or 1)):
                assert await _cpu_bound(lambda: "short", chars=LARGE_TEXT_CHARS) == "short"
        assert running == [1]
        release.set()
    assert most_at_once == [1]
