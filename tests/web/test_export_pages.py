"""The results page's files to take away, as HTML: links, the form, and what it asks for."""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlparse

import lxml.html
import pytest
from litestar.testing import TestClient

from access_api.app import create_app
from access_api.settings import Settings

if TYPE_CHECKING:
    from collections.abc import Iterator

    from litestar import Litestar

    Client = TestClient[Litestar]

HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


def page_of(client: Client, doc_id: str) -> Any:
    answer = client.get(f"/documents/{doc_id}", headers=HTML)
    assert answer.status_code == 200
    return lxml.html.fromstring(answer.text)


def take_away(page: Any, variant: str) -> Any:
    (block,) = page.xpath(f"//*[@data-take-away='{variant}']")
    return block


@pytest.fixture(scope="module")
def made(
    tmp_path_factory: pytest.TempPathFactory, library_article: str
) -> Iterator[tuple[Client, str]]:
    """A document sent through the form (so its summaries' audio is asked for), easy made."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("export-pages") / "data")
    with TestClient(app=create_app(settings)) as client:
        home = lxml.html.fromstring(client.get("/", headers=HTML).text)
        (token,) = home.xpath("//input[@name='_csrf_token']/@value")
        sent = client.post(
            "/",
            data={"text": library_article, "level": "easy", "_csrf_token": token},
            headers=HTML,
            follow_redirects=False,
        )
        assert sent.status_code == 303, sent.text
        doc_id = re.findall(r"[0-9a-f]{32}", sent.headers["location"])[0]
        deadline = time.monotonic() + 240
        while take_away(page_of(client, doc_id), "easy").xpath(".//a[contains(., 'EPUB')]") == []:
            assert time.monotonic() < deadline, "the easy summary's audio was not made"
            time.sleep(0.5)
        yield client, doc_id


def test_every_summary_the_article_and_the_whole_book_offer_a_word_file(
    made: tuple[Client, str],
) -> None:
    client, doc_id = made
    page = page_of(client, doc_id)
    for variant in ("easy", "standard", "detailed", "article", "all"):
        (link,) = take_away(page, variant).xpath(".//a[contains(., 'Word document')]")
        query = parse_qs(urlparse(link.get("href")).query)
        assert query == {"format": ["docx"], "variant": [variant]}
        assert client.get(link.get("href")).status_code == 200
    (summary_block,) = page.xpath("//section[@id='summary-easy']//*[@data-take-away='easy']")
    assert summary_block is not None, "beside its summary"


def test_a_summary_whose_audio_is_made_links_to_its_read_along_book(
    made: tuple[Client, str],
) -> None:
    client, doc_id = made
    (link,) = take_away(page_of(client, doc_id), "easy").xpath(".//a[contains(., 'EPUB')]")
    assert "Read-along book of the easy summary (EPUB)" in link.text_content()
    answer = client.get(link.get("href"))
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/epub+zip"


def test_the_whole_book_is_made_with_a_form_that_asks_for_the_missing_audio(
    made: tuple[Client, str],
) -> None:
    client, doc_id = made
    block = take_away(page_of(client, doc_id), "all")
    (form,) = block.xpath(".//form")
    assert form.get("action") == f"/documents/{doc_id}/export"
    assert form.xpath(".//input[@name='variant']/@value") == ["all"]
    (button,) = form.xpath(".//button[@type='submit']")
    assert button.text_content() == "Make a read-along book of the whole book"
    token = form.xpath(".//input[@name='_csrf_token']/@value")[0]
    sent = client.post(
        f"/documents/{doc_id}/export",
        data={"variant": "all", "_csrf_token": token},
        headers=HTML,
        follow_redirects=False,
    )
    assert sent.status_code == 303
    assert sent.headers["location"] == f"/documents/{doc_id}#take-away"
    after = take_away(page_of(client, doc_id), "all")
    assert after.xpath(".//form") == [] or "being made" in after.text_content()
    article = client.post(f"/api/v1/documents/{doc_id}/audio", json={"variant": "article"})
    assert article.status_code == 200, "the article's audio was asked for by the form"
