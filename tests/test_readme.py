"""The README's examples work as written: its shell commands run against a real server.

Every ``sh`` block that talks to ``http://127.0.0.1:8000`` is run with bash, in
the README's order, in one scratch directory, against the ``server`` fixture
(the app in a process of its own), with only the port changed.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import soundfile

README = Path(__file__).resolve().parents[1] / "README.md"
ADDRESS = "http://127.0.0.1:8000"

pytestmark = pytest.mark.skipif(shutil.which("curl") is None, reason="the examples use curl")


def examples() -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    return [block for block in blocks if f"{ADDRESS}/api/" in block]


def shown_json() -> list[str]:
    return re.findall(r"```json\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


_BETWEEN = "=== next example ==="


@pytest.fixture(scope="module")
def ran(server: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], Path]:
    """What each example printed, and the directory they ran in."""
    where = tmp_path_factory.mktemp("readme")
    # One shell for all of them, in turn, as a reader pastes them into one terminal.
    script = f"\necho '{_BETWEEN}'\n".join(b.replace(ADDRESS, server) for b in examples())
    done = subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", script],
        cwd=where,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split(f"{_BETWEEN}\n"), where


def test_the_readme_has_examples_to_run() -> None:
    assert len(examples()) >= 2


def test_the_first_example_stores_the_article_under_the_id_the_readme_shows(
    ran: tuple[list[str], Path],
) -> None:
    printed, _ = ran
    doc = json.loads(printed[0])
    assert doc["id"] in shown_json()[0]
    assert f"doc={doc['id']}" in examples()[1]
    assert doc["title"] in shown_json()[0]


def test_the_audio_example_ends_with_a_playable_file_and_its_captions(
    ran: tuple[list[str], Path],
) -> None:
    printed, where = ran
    summary = json.loads(printed[1])
    assert summary["level"] == "easy"
    info = soundfile.info(str(where / "easy.mp3"))
    assert info.duration > 2
    captions = (where / "easy.vtt").read_text(encoding="utf-8")
    assert captions.startswith("WEBVTT")
    assert captions.count(" --> ") == len(summary["sentences"])


def test_the_stream_example_ends_with_the_whole_audio(ran: tuple[list[str], Path]) -> None:
    _, where = ran
    streamed, rate = soundfile.read(str(where / "article.mp3"))
    assert len(streamed) / rate > 10
