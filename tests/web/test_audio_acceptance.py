"""The seed article, as a listener gets it: its easy summary and the full article as MP3,
with the default Piper voice and with eSpeak NG, through the REST API."""

from __future__ import annotations

import io
import re
import time
from typing import TYPE_CHECKING, Any

import pytest
import soundfile
from litestar.testing import TestClient

from access_api.app import create_app
from access_api.settings import Settings

if TYPE_CHECKING:
    from collections.abc import Iterator

    from litestar import Litestar

    Client = TestClient[Litestar]

# The silence after the last sentence (0.5 s) plus an MP3 decoder's padding.
TAIL_SECONDS = 1.0
CUE = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d\d\d) --> (\d\d):(\d\d):(\d\d)\.(\d\d\d)$", re.M)


def _seconds(h: str, m: str, s: str, ms: str) -> float:
    return int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("acceptance") / "data")
    with TestClient(app=create_app(settings)) as test_client:
        yield test_client


def _finished(client: Client, audio_id: str, timeout: float = 300) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status: dict[str, Any] = client.get(f"/api/v1/audio/{audio_id}").json()
        if status["status"] in {"done", "failed"}:
            return status
        time.sleep(0.25)
    raise AssertionError(f"audio {audio_id} was not made in {timeout} s")


@pytest.mark.slow
@pytest.mark.parametrize("voice", [None, "espeak:en-us"], ids=["piper-default", "espeak"])
@pytest.mark.parametrize("variant", ["easy", "article"])
def test_the_seed_article_and_its_easy_summary_become_mp3_files_that_match_their_captions(
    client: Client, seed_text: str, variant: str, voice: str | None
) -> None:
    doc = client.post("/api/v1/documents", json={"text": seed_text}).json()
    if variant == "article":
        spoken = len(doc["sentences"])
    else:
        summary = client.get(f"/api/v1/documents/{doc['id']}/summaries/{variant}").json()
        spoken = len(summary["sentences"])
    body: dict[str, Any] = {"variant": variant, "format": "mp3"}
    if voice is not None:
        body["voice"] = voice
    asked = client.post(f"/api/v1/documents/{doc['id']}/audio", json=body)
    assert asked.status_code in {200, 202}, asked.text
    status = _finished(client, asked.json()["id"])
    assert status["status"] == "done", status
    voices = {v["id"]: v for v in client.get("/api/v1/voices").json()}
    expected_voice = voice or next(v for v in voices.values() if v["default"])["id"]
    assert status["voice"] == expected_voice
    if voice is None:
        assert expected_voice.startswith("piper:")

    audio = client.get(asked.json()["links"]["file"])
    assert audio.headers["content-type"] == "audio/mpeg"
    decoded, rate = soundfile.read(io.BytesIO(audio.content))
    heard = len(decoded) / rate
    assert heard == pytest.approx(status["duration_seconds"], abs=0.1)

    captions = client.get(asked.json()["links"]["captions"]).text
    cues = [(_seconds(*m.groups()[:4]), _seconds(*m.groups()[4:])) for m in CUE.finditer(captions)]
    assert len(cues) == spoken, "one cue per spoken sentence"
    last_end = cues[-1][1]
    assert last_end <= heard
    assert heard - last_end < TAIL_SECONDS, (heard, last_end)
