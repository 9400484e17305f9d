"""A document is read from the database once per request, and once per audio job.

The handlers look the document up at the edge and hand it on; the services
take the document, not its id, so nothing below reads it again.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from typing import TYPE_CHECKING, Any

import pytest

from access_api.store import Store

if TYPE_CHECKING:
    from litestar import Litestar
    from litestar.testing import TestClient

JOB = "EmbeddedRunner._work"
"""The task an audio job runs in; every other read belongs to a request."""


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Document reads, counted by who made them: a request or an audio job."""
    counted: Counter[str] = Counter()
    real = Store.get_document

    async def counting(self: Store, doc_id: str) -> Any:
        task = asyncio.current_task()
        who = task.get_coro().__qualname__ if task is not None else ""  # type: ignore[union-attr]
        counted[JOB if who == JOB else "request"] += 1
        return await real(self, doc_id)

    monkeypatch.setattr(Store, "get_document", counting)
    return counted


def _document(client: TestClient[Litestar], text: str) -> str:
    response = client.post("/api/v1/documents", json={"text": text})
    assert response.status_code == 201, response.text
    doc_id: str = response.json()["id"]
    return doc_id


def test_the_results_page_reads_the_document_once(
    client: TestClient[Litestar], seed_text: str, reads: Counter[str]
) -> None:
    doc_id = _document(client, seed_text)
    reads.clear()
    assert client.get(f"/documents/{doc_id}").status_code == 200
    assert reads == {"request": 1}


def test_the_summaries_endpoint_reads_the_document_once(
    client: TestClient[Litestar], seed_text: str, reads: Counter[str]
) -> None:
    doc_id = _document(client, seed_text)
    reads.clear()
    response = client.get(f"/api/v1/documents/{doc_id}/summaries")
    assert response.status_code == 200
    assert len(response.json()) == 3
    assert reads == {"request": 1}


def test_an_audio_request_reads_the_document_once_and_its_job_once(
    client: TestClient[Litestar], seed_text: str, reads: Counter[str]
) -> None:
    doc_id = _document(client, seed_text)
    reads.clear()
    response = client.post(
        f"/api/v1/documents/{doc_id}/audio",
        json={"variant": "easy", "voice": "espeak:en-us", "format": "wav"},
    )
    assert response.status_code == 202, response.text
    assert reads["request"] == 1
    deadline = time.monotonic() + 60
    while client.get(response.headers["location"]).json()["status"] != "done":
        assert time.monotonic() < deadline, "the audio was never made"
        time.sleep(0.1)
    assert reads == {"request": 1, JOB: 1}


def test_an_export_reads_the_document_once_to_ask_and_once_to_download(
    client: TestClient[Litestar], seed_text: str, reads: Counter[str]
) -> None:
    doc_id = _document(client, seed_text)
    reads.clear()
    asked = client.post(
        f"/api/v1/documents/{doc_id}/export", json={"format": "docx", "variant": "all"}
    )
    assert asked.status_code == 200, asked.text
    assert reads == {"request": 1}
    reads.clear()
    assert client.get(asked.json()["links"]["file"]).status_code == 200
    assert reads == {"request": 1}
