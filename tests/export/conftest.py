"""Fixtures for the export tests: EPUBCheck, and the seed article with its audio made.

EPUBCheck is Debian's ``epubcheck`` (a Java program); ``.ci/run`` installs it.
Without it the book checks are skipped, loudly; in CI (``CI=true``) they fail.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from litestar.testing import TestClient

from access_api.app import create_app
from access_api.settings import Settings

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from litestar import Litestar

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_fb8d5ec5391621b1.txt"
VOICE = "espeak:en-us"  # the fast offline voice: the book is the same with any voice


def _epubcheck_command() -> list[str] | None:
    found = shutil.which("epubcheck")
    if found is None:
        return None
    target = Path(found).resolve()
    # Debian's /usr/bin/epubcheck is the jar itself, run through binfmt_misc
    # where the machine has it: running it with java works everywhere.
    if target.suffix == ".jar":
        java = shutil.which("java")
        return None if java is None else [java, "-jar", str(target)]
    return [str(target)]


@pytest.fixture(scope="session")
def epubcheck(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path], list[dict[str, Any]]]:
    """Run EPUBCheck on a book; returns its messages (fatal, error, warning...)."""
    command = _epubcheck_command()
    if command is None:
        why = "EPUBCheck is not installed (apt-get install --no-install-recommends epubcheck)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"the book checks must run in CI, but {why}")
        pytest.skip(why)
    reports = tmp_path_factory.mktemp("epubcheck")

    def check(book: Path) -> list[dict[str, Any]]:
        report = reports / f"{book.stem}.json"
        subprocess.run(
            [*command, str(book), "--json", str(report)],
            capture_output=True,
            timeout=180,
            check=False,
        )
        messages: list[dict[str, Any]] = json.loads(report.read_text(encoding="utf-8"))["messages"]
        return messages

    return check


def _wait_until_done(client: TestClient[Litestar], doc_id: str, body: dict[str, Any]) -> Any:
    """POST an export until it answers 200 (its audio made); returns its body."""
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        answer = client.post(f"/api/v1/documents/{doc_id}/export", json=body)
        assert answer.status_code in {200, 202}, answer.text
        if answer.status_code == 200:
            return answer.json()
        assert answer.json()["status"] != "failed", answer.text
        time.sleep(0.25)
    raise AssertionError(f"the export {body} was not ready in 240 s")


@pytest.fixture(scope="session")
def seed_client(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[TestClient[Litestar], str]]:
    """A client and the seed article's document, with every variant's audio made."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("exports") / "data")
    with TestClient(app=create_app(settings)) as client:
        doc = client.post("/api/v1/documents", json={"text": SEED.read_text(encoding="utf-8")})
        doc_id = doc.json()["id"]
        _wait_until_done(client, doc_id, {"format": "epub", "variant": "all", "voice": VOICE})
        yield client, doc_id
