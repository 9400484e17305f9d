from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anyio
import pytest

from access_api.errors import LinkRefused, OnlyBoilerplate, UnreadableText
from access_api.settings import Settings
from access_api.text._ingest import clean_bytes, clean_html, clean_text, clean_url

if TYPE_CHECKING:
    from collections.abc import Iterator

    from access_api.text._model import CleanText

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_fb8d5ec5391621b1.txt"
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


def from_link(url: str, origin: str, **options: Any) -> CleanText:
    async def run() -> CleanText:
        return await clean_url(url, settings=Settings(), allow_private=[origin], **options)

    return anyio.run(run)


def test_plain_text_is_cleaned_and_split_with_offsets() -> None:
    result = clean_text(
        SEED.read_text(encoding="utf-8"), title="  Grooming  gangs ", max_chars=20_000
    )

    assert result.title == "Grooming gangs"
    assert result.text.startswith("Jess Phillips, a member of Parliament,")
    assert {r.reason for r in result.removed} == {"cookie notice", "stray HTML"}
    assert all(result.text[s.start : s.end] == s.text for s in result.sentences)
    assert result.sentences[-1].text.endswith("to combat abuse.")


def test_uploaded_bytes_must_be_utf8() -> None:
    assert clean_bytes(STORY.encode(), max_chars=1_000).text == STORY
    with pytest.raises(UnreadableText):
        clean_bytes(STORY.encode("utf-16"), max_chars=1_000)


def test_html_gets_its_title_and_loses_the_repeated_heading_and_furniture() -> None:
    result = clean_html(PAGES["/story"][1], max_chars=1_000)

    assert result.title == "Rivers rise"
    assert result.text == STORY
    assert [s.text for s in result.sentences] == [
        "Heavy rain on Tuesday pushed rivers to their highest level in a decade.",
        "Crews spent the night moving families to safety.",
    ]
    assert {r.reason for r in result.removed} >= {"navigation", "page footer"}


def test_given_title_wins_over_the_pages_own() -> None:
    assert clean_html(PAGES["/story"][1], title="Floods", max_chars=1_000).title == "Floods"


def test_page_of_only_boilerplate_is_refused() -> None:
    with pytest.raises(OnlyBoilerplate):
        clean_html("<p>Advertisement</p><p>Share this article</p>", max_chars=1_000)


def test_link_to_a_web_page_is_fetched_and_cleaned(origin: str) -> None:
    result = from_link(f"{origin}/story", origin)

    assert (result.title, result.text) == ("Rivers rise", STORY)


def test_link_to_a_text_file_is_cleaned_as_plain_text(origin: str) -> None:
    result = from_link(f"{origin}/story.txt", origin, title="Rivers")

    assert (result.title, result.text) == ("Rivers", STORY)
    assert [r.reason for r in result.removed] == ["advert"]


def test_link_to_an_internal_address_is_refused() -> None:
    async def run() -> CleanText:
        return await clean_url("http://192.168.1.1/admin", settings=Settings())

    with pytest.raises(LinkRefused):
        anyio.run(run)
