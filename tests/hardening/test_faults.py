"""Faults: each one gives a clear failed job or problem, keeps nothing partial, and the
service goes on serving.

The online voice (gTTS) talks to a fake endpoint on the loopback interface that
answers, refuses (429), hangs or sends a broken answer, sentence by sentence.
"""

from __future__ import annotations

import base64
import resource
import shutil
import signal
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any, ClassVar

import pytest
from litestar.testing import TestClient

from access_api.app import create_app
from access_api.settings import Settings
from access_api.speech._encode import Tags, encode
from access_api.speech._espeak import EspeakEngine
from access_api.speech._model import AudioFormat

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from litestar import Litestar

    Client = TestClient[Litestar]

ARTICLE = (
    "The town council met on Tuesday to talk about the new park. "
    "Many people came to the meeting. They asked for more trees and a place to play. "
    "The mayor said the park would open next summer."
)
OTHER = "The library opens on Sunday. Children can borrow three books each. The staff are kind."
OFFLINE = "espeak:en-us"


class FakeGtts(BaseHTTPRequestHandler):
    """gTTS's endpoint: each request takes the next reply (ok, 429, hang, broken)."""

    replies: ClassVar[list[str]] = []
    asked: ClassVar[int] = 0
    mp3: ClassVar[bytes] = b""
    release = threading.Event()

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        FakeGtts.asked += 1
        reply = FakeGtts.replies.pop(0) if FakeGtts.replies else "ok"
        if reply == "hang":
            FakeGtts.release.wait(10)
            return
        if reply == "429":
            self.send_response(429)
            self.send_header("Retry-After", "30")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        audio = FakeGtts.mp3 if reply == "ok" else b"\xff\xfb not an mp3 at all" * 50
        encoded = base64.b64encode(audio).decode()
        body = f')]}}\'\n\n[["wrb.fr","jQ1olc","[\\"{encoded}\\"]",null,null,null,"generic"]]\n'
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def gtts_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    engine = EspeakEngine()
    voice = next(v for v in engine.voices() if v.id == OFFLINE)
    speech = engine.speak("A sentence from the fake voice.", voice=voice, rate=1.0)
    path = tmp_path_factory.mktemp("fake-gtts") / "sentence.mp3"
    encode(
        speech.samples,
        speech.sample_rate,
        path,
        AudioFormat.MP3,
        Tags(title="", album="", artist=""),
    )
    FakeGtts.mp3 = path.read_bytes()
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeGtts)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    FakeGtts.release.set()
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture
def online(gtts_server: str, tmp_path: Path) -> Iterator[tuple[Client, Settings]]:
    FakeGtts.replies = []
    FakeGtts.asked = 0
    FakeGtts.release.clear()
    settings = Settings(
        data_dir=tmp_path / "data",
        voices_dir=tmp_path / "voices",
        gtts_url=gtts_server,
        gtts_timeout_seconds=0.5,
        rate_limit_per_minute=0,
    )
    with TestClient(app=create_app(settings)) as client:
        yield client, settings
    FakeGtts.release.set()


def finished(client: Client, audio_id: str, timeout: float = 20) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status: dict[str, Any] = client.get(f"/api/v1/audio/{audio_id}").json()
        if status["status"] in {"done", "failed"}:
            return status
        time.sleep(0.05)
    raise AssertionError(f"audio {audio_id} did not finish in {timeout} s")


def ask_for_audio(client: Client, text: str, voice: str, fmt: str = "mp3") -> str:
    doc = client.post("/api/v1/documents", json={"text": text})
    assert doc.status_code in {200, 201}, doc.text
    asked = client.post(
        f"/api/v1/documents/{doc.json()['id']}/audio",
        json={"voice": voice, "format": fmt},
    )
    assert asked.status_code in {200, 202}, asked.text
    audio_id: str = asked.json()["id"]
    return audio_id


def stored_files(settings: Settings, audio_id: str) -> list[str]:
    """Files of this audio anywhere under the audio directory, scratch included."""
    root = settings.resolved_audio_dir
    return sorted(str(p.relative_to(root)) for p in root.rglob(f"*{audio_id}*"))


def assert_still_serving(client: Client) -> None:
    assert client.get("/health").status_code == 200
    created = client.post("/api/v1/documents", json={"text": OTHER})
    assert created.status_code in {200, 201}, created.text
    readability = client.get(f"/api/v1/documents/{created.json()['id']}/readability")
    assert readability.status_code == 200


def assert_failed_cleanly(client: Client, settings: Settings, audio_id: str, *words: str) -> None:
    status = finished(client, audio_id)
    assert status["status"] == "failed", status
    for word in words:
        assert word.lower() in status["error"].lower(), status["error"]
    assert "Traceback" not in status["error"]
    assert stored_files(settings, audio_id) == []
    download = client.get(f"/api/v1/audio/{audio_id}/file")
    assert download.status_code == 503, download.text
    assert download.headers["content-type"].startswith("application/problem+json")


def test_gtts_refusing_mid_article_fails_the_job_and_keeps_nothing(
    online: tuple[Client, Settings],
) -> None:
    client, settings = online
    FakeGtts.replies = ["ok", "429"]
    audio_id = ask_for_audio(client, ARTICLE, "gtts:en")
    assert_failed_cleanly(client, settings, audio_id, "too many", "30 seconds")
    assert FakeGtts.asked == 2, "it stopped at the refusal"
    assert_still_serving(client)


def test_gtts_hanging_fails_the_job_within_its_time_limit(
    online: tuple[Client, Settings],
) -> None:
    client, settings = online
    FakeGtts.replies = ["hang"]
    started = time.monotonic()
    audio_id = ask_for_audio(client, ARTICLE, "gtts:en")
    assert_failed_cleanly(client, settings, audio_id, "did not answer")
    assert time.monotonic() - started < 10
    assert_still_serving(client)


def test_an_engine_breaking_mid_article_fails_the_job_and_keeps_nothing(
    online: tuple[Client, Settings],
) -> None:
    client, settings = online
    FakeGtts.replies = ["ok", "broken"]
    audio_id = ask_for_audio(client, ARTICLE, "gtts:en")
    assert_failed_cleanly(client, settings, audio_id)
    assert_still_serving(client)


def test_a_failed_job_can_be_asked_for_again_and_then_succeeds(
    online: tuple[Client, Settings],
) -> None:
    client, settings = online
    FakeGtts.replies = ["429"]
    audio_id = ask_for_audio(client, ARTICLE, "gtts:en")
    assert finished(client, audio_id)["status"] == "failed"
    again = ask_for_audio(client, ARTICLE, "gtts:en")
    assert again == audio_id
    assert finished(client, audio_id)["status"] == "done"
    assert client.get(f"/api/v1/audio/{audio_id}/file").status_code == 200
    assert len(stored_files(settings, audio_id)) == 3


def test_an_audio_directory_that_stops_being_writable_fails_the_job_clearly(
    tmp_path: Path,
) -> None:
    settings = Settings(data_dir=tmp_path / "data", rate_limit_per_minute=0)
    with TestClient(app=create_app(settings)) as client:
        doc = client.post("/api/v1/documents", json={"text": ARTICLE}).json()
        # Root ignores permissions, so put a file where the directory was.
        audio_dir = settings.resolved_audio_dir
        shutil.rmtree(audio_dir)
        audio_dir.write_text("not a directory any more")
        asked = client.post(f"/api/v1/documents/{doc['id']}/audio", json={"voice": OFFLINE})
        if asked.status_code == 202:
            status = finished(client, asked.json()["id"], timeout=5)
            assert status["status"] == "failed", status
            assert "Traceback" not in status["error"]
        else:
            assert asked.status_code == 503, asked.text
            assert asked.headers["content-type"].startswith("application/problem+json")
        assert client.get("/ready").status_code == 503
        assert_still_serving(client)


@pytest.fixture
def small_files() -> Iterator[None]:
    """Make writing past 200 kB fail (EFBIG) in this process, as a full disk would."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    yield
    resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    signal.signal(signal.SIGXFSZ, previous)


def test_a_full_audio_disk_fails_the_job_and_keeps_nothing(
    tmp_path: Path, small_files: None
) -> None:
    settings = Settings(data_dir=tmp_path / "data", rate_limit_per_minute=0)
    with TestClient(app=create_app(settings)) as client:
        doc = client.post("/api/v1/documents", json={"text": ARTICLE * 3}).json()
        _, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
        resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, hard))
        asked = client.post(
            f"/api/v1/documents/{doc['id']}/audio", json={"voice": OFFLINE, "format": "wav"}
        )
        assert asked.status_code == 202, asked.text
        audio_id = asked.json()["id"]
        status = finished(client, audio_id)
        resource.setrlimit(resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, hard))
        assert status["status"] == "failed", status
        assert "Traceback" not in status["error"]
        assert stored_files(settings, audio_id) == []
        assert_still_serving(client)


def test_a_locked_database_is_a_503_and_nothing_is_half_stored(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", rate_limit_per_minute=0)
    with TestClient(app=create_app(settings)) as client:
        assert client.get("/ready").status_code == 200
        holder = sqlite3.connect(settings.data_dir / "access_api.db", isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            locked = client.post("/api/v1/documents", json={"text": ARTICLE})
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert locked.status_code == 503, locked.text
        assert locked.headers["content-type"].startswith("application/problem+json")
        assert int(locked.headers["retry-after"]) > 0
        assert "try again" in locked.json()["detail"].lower()
        again = client.post("/api/v1/documents", json={"text": ARTICLE})
        assert again.status_code == 201, "the first attempt left nothing behind"
        assert_still_serving(client)


def test_a_full_synthesis_queue_is_a_503_with_retry_after_and_frees_up(
    gtts_server: str, tmp_path: Path
) -> None:
    FakeGtts.replies = ["hang"]
    FakeGtts.release.clear()
    settings = Settings(
        data_dir=tmp_path / "data",
        voices_dir=tmp_path / "voices",
        gtts_url=gtts_server,
        gtts_timeout_seconds=2,
        audio_queue_size=1,
        rate_limit_per_minute=0,
    )
    with TestClient(app=create_app(settings)) as client:
        hanging = ask_for_audio(client, ARTICLE, "gtts:en")
        doc = client.post("/api/v1/documents", json={"text": OTHER}).json()
        refused = client.post(f"/api/v1/documents/{doc['id']}/audio", json={"voice": OFFLINE})
        assert refused.status_code == 503, refused.text
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert int(refused.headers["retry-after"]) > 0
        assert_still_serving(client)
        assert finished(client, hanging)["status"] == "failed"
        again = client.post(f"/api/v1/documents/{doc['id']}/audio", json={"voice": OFFLINE})
        assert again.status_code == 202, "the queue has room again"


def test_creating_deleting_and_asking_for_audio_of_one_text_at_once_never_fails(
    tmp_path: Path,
) -> None:
    settings = Settings(data_dir=tmp_path / "data", rate_limit_per_minute=0)
    answers: dict[str, list[int]] = {"create": [], "audio": [], "delete": []}

    def churn() -> None:
        for _ in range(4):
            created = client.post("/api/v1/documents", json={"text": ARTICLE})
            answers["create"].append(created.status_code)
            if created.status_code not in {200, 201}:
                continue
            doc_id = created.json()["id"]
            asked = client.post(f"/api/v1/documents/{doc_id}/audio", json={"voice": OFFLINE})
            answers["audio"].append(asked.status_code)
            answers["delete"].append(client.delete(f"/api/v1/documents/{doc_id}").status_code)

    with TestClient(app=create_app(settings)) as client:
        with ThreadPoolExecutor(max_workers=30) as pool:
            for future in [pool.submit(churn) for _ in range(30)]:
                future.result()
        assert_still_serving(client)
    assert set(answers["create"]) <= {200, 201}, answers["create"]
    assert set(answers["audio"]) <= {200, 202, 404}, answers["audio"]
    assert set(answers["delete"]) <= {204, 404}, answers["delete"]
    assert len(answers["create"]) == 30 * 4
