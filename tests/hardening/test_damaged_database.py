"""A damaged SQLite file: the pages it breaks answer 503, and /ready says why.

The page holding a document's row is overwritten, as a failing disk or a copy
taken mid-write would leave it; the rest of the file still works.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from litestar.testing import TestClient

from access_api.app import create_app
from access_api.settings import Settings

if TYPE_CHECKING:
    from pathlib import Path

ARTICLE = (
    "The town council met on Tuesday to talk about the new park. "
    "Many people came to the meeting. The mayor said the park would open next summer."
)


def damage_the_page_holding(database: Path, marker: bytes) -> None:
    with sqlite3.connect(database) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(database.read_bytes())
    start = data.index(marker) // page_size * page_size
    # The b-tree page header: its type and cell count, now nonsense.
    data[start : start + 8] = b"\xff" * 8
    database.write_bytes(bytes(data))


def test_a_document_on_a_damaged_page_is_a_503_and_ready_says_the_database_is_damaged(
    tmp_path: Path,
) -> None:
    settings = Settings(data_dir=tmp_path / "data", rate_limit_per_minute=0)
    with TestClient(app=create_app(settings)) as client:
        doc_id = client.post("/api/v1/documents", json={"text": ARTICLE}).json()["id"]
        assert client.get("/ready").status_code == 200
    damage_the_page_holding(settings.data_dir / "access_api.db", b"The town council met")

    with TestClient(app=create_app(settings)) as client:
        api = client.get(f"/api/v1/documents/{doc_id}")
        assert api.status_code == 503, api.text
        assert api.headers["content-type"].startswith("application/problem+json")
        assert api.headers["retry-after"] == "60"
        problem = api.json()
        assert (problem["type"], problem["status"]) == ("/problems/database-damaged", 503)
        assert "Traceback" not in api.text

        page = client.get(f"/documents/{doc_id}", headers={"Accept": "text/html"})
        assert page.status_code == 503
        assert page.headers["content-type"].startswith("text/html")
        assert "damaged" in page.text

        ready = client.get("/ready")
        assert ready.status_code == 503
        assert ready.json()["checks"]["database"].startswith("the database file is damaged")
        # The rest of the file still answers.
        assert client.get("/health").status_code == 200
