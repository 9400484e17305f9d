"""Exports and screen captions through the REST API: asking, waiting, downloading, problems."""

from __future__ import annotations

import io
import time
import zipfile
from typing import TYPE_CHECKING, Any

import docx
import pytest
from litestar.testing import TestClient

from access_api.app import create_app
from access_api.settings import Settings

if TYPE_CHECKING:
    from collections.abc import Iterator

    from litestar import Litestar

    Client = TestClient[Litestar]

PROBLEM = "application/problem+json"
VOICE = "espeak:en-us"


@pytest.fixture(scope="module")
def made(
    tmp_path_factory: pytest.TempPathFactory, library_article: str
) -> Iterator[tuple[Client, str]]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("takeaway") / "data")
    with TestClient(app=create_app(settings)) as client:
        doc = client.post(
            "/api/v1/documents", json={"text": library_article, "title": "Sundays"}
        ).json()
        yield client, doc["id"]


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body: dict[str, Any] = response.json()
    return body


def test_a_book_whose_audio_was_never_asked_for_is_a_409_that_says_how_to_have_it_made(
    made: tuple[Client, str],
) -> None:
    client, doc_id = made
    answer = client.get(
        f"/api/v1/documents/{doc_id}/export",
        params={"format": "epub", "variant": "detailed", "voice": "espeak:en-gb"},
    )
    body = problem(answer, 409)
    assert "POST" in body["detail"]
    assert "detailed summary" in body["detail"]
    assert body["audio"] == []
    assert int(answer.headers["retry-after"]) > 0


def test_asking_for_a_book_makes_its_audio_then_the_book_can_be_downloaded(
    made: tuple[Client, str],
) -> None:
    client, doc_id = made
    body = {"format": "epub", "variant": "easy", "voice": VOICE}
    first = client.post(f"/api/v1/documents/{doc_id}/export", json=body)
    assert first.status_code == 202, first.text
    assert first.json()["status"] in {"queued", "running"}
    assert first.headers["retry-after"]
    (audio,) = first.json()["audio"]
    assert audio["variant"] == "easy"
    assert audio["format"] == "mp3"
    waiting = client.get(first.json()["links"]["file"])
    if waiting.status_code == 409:
        assert problem(waiting, 409)["audio"] == [audio["links"]["self"]]
    deadline = time.monotonic() + 60
    answer = first
    while answer.status_code == 202 and time.monotonic() < deadline:
        time.sleep(0.2)
        answer = client.post(f"/api/v1/documents/{doc_id}/export", json=body)
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "done"
    assert answer.json()["progress"] == 1.0
    book = client.get(answer.json()["links"]["file"])
    assert book.status_code == 200
    assert book.headers["content-type"] == "application/epub+zip"
    assert "Sundays - Easy summary.epub" in book.headers["content-disposition"]
    assert int(book.headers["content-length"]) == len(book.content)
    with zipfile.ZipFile(io.BytesIO(book.content)) as epub:
        assert "EPUB/easy.smil" in epub.namelist()
        assert epub.read("EPUB/audio/easy.mp3") == client.get(audio["links"]["file"]).content


def test_a_word_file_needs_no_audio_and_is_ready_at_once(made: tuple[Client, str]) -> None:
    client, doc_id = made
    asked = client.post(
        f"/api/v1/documents/{doc_id}/export", json={"format": "docx", "variant": "article"}
    )
    assert asked.status_code == 200, asked.text
    assert asked.json()["audio"] == []
    answer = client.get(asked.json()["links"]["file"])
    assert answer.status_code == 200
    assert "Sundays - Full article.docx" in answer.headers["content-disposition"]
    headings = [
        p.text
        for p in docx.Document(io.BytesIO(answer.content)).paragraphs
        if p.style is not None and p.style.name == "Heading 1"
    ]
    assert headings == ["The full article"]


@pytest.mark.parametrize(
    ("params", "status", "word"),
    [
        ({"format": "pdf", "variant": "easy"}, 422, "epub"),
        ({"format": "docx", "variant": "hardest"}, 422, "all"),
        ({"variant": "easy"}, 400, "format"),
    ],
)
def test_an_unknown_format_or_variant_is_a_problem_that_lists_the_choices(
    made: tuple[Client, str], params: dict[str, str], status: int, word: str
) -> None:
    client, doc_id = made
    body = problem(client.get(f"/api/v1/documents/{doc_id}/export", params=params), status)
    assert word in body["detail"] or word in str(body.get("allowed", ""))


def test_exporting_a_document_that_does_not_exist_is_a_404(made: tuple[Client, str]) -> None:
    client, _ = made
    answer = client.get(
        f"/api/v1/documents/{'0' * 32}/export", params={"format": "docx", "variant": "all"}
    )
    problem(answer, 404)


def test_screen_captions_are_served_for_finished_audio_and_wait_for_unfinished(
    made: tuple[Client, str],
) -> None:
    client, doc_id = made
    asked = client.post(
        f"/api/v1/documents/{doc_id}/audio",
        json={"variant": "article", "voice": VOICE, "format": "ogg"},
    ).json()
    early = client.get(asked["links"]["screen_captions"])
    if early.status_code != 200:
        problem(early, 409)
    deadline = time.monotonic() + 60
    while client.get(asked["links"]["self"]).json()["status"] != "done":
        assert time.monotonic() < deadline
        time.sleep(0.1)
    answer = client.get(asked["links"]["screen_captions"])
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/vtt")
    blocks = answer.text.strip().split("\n\n")
    assert blocks[0] == "WEBVTT"
    assert len(blocks) - 1 >= len(client.get(asked["links"]["timings"]).json())
    for block in blocks[1:]:
        _, _, *lines = block.splitlines()
        assert 1 <= len(lines) <= 2
        assert all(len(line) <= 42 for line in lines)


def test_the_export_endpoints_are_in_the_openapi_schema(made: tuple[Client, str]) -> None:
    client, _ = made
    paths = client.get("/schema/openapi.json").json()["paths"]
    export = paths["/api/v1/documents/{doc_id}/export"]
    names = {p["name"] for p in export["get"]["parameters"]}
    assert {"doc_id", "format", "variant", "voice"} <= names
    assert "409" in export["get"]["responses"]
    assert "application/epub+zip" in export["get"]["responses"]["200"]["content"]
    assert {"200", "202"} <= set(export["post"]["responses"])
    assert "/api/v1/audio/{audio_id}/screen-captions.vtt" in paths
