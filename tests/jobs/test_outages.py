"""Scale-out faults: Redis or PostgreSQL out of reach answers 503 with ``Retry-After``,
``/ready`` says so, and the audio asked for meanwhile is made once they are back.

PostgreSQL is put out of reach through a relay on the loopback interface that
the test cuts (every connection dropped, the port closed) and restores; Redis
is a server of the test's own, killed and started again on the same port. The
shared servers are never touched.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from typing import TYPE_CHECKING, Any

import pytest
from litestar.testing import TestClient

from access_api.app import create_app
from access_api.settings import Settings

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from conftest import ScaleOut
    from litestar import Litestar

    from access_api.store import Store

    Client = TestClient[Litestar]

pytestmark = pytest.mark.anyio

ARTICLE = (
    "The town council met on Tuesday to talk about the new park. "
    "Many people came to the meeting. They asked for more trees and a place to play. "
    "The mayor said the park would open next summer."
)
OTHER = "The library opens on Sunday. Children can borrow three books each."
AUDIO = {"voice": "espeak:en-us", "format": "wav"}


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Relay:
    """Forwards a loopback port to a server; :meth:`cut` drops every connection and
    closes the port, as a server that went away; :meth:`restore` opens it again."""

    def __init__(self, target_port: int) -> None:
        self.target = ("127.0.0.1", target_port)
        self.port = _free_port()
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._listener: socket.socket | None = None
        self.restore()

    def restore(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        if self._listener is not None:
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes the thread in accept()
            self._listener.close()
            self._listener = None
        with self._lock:
            for sock in self._open:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self._open.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
                upstream = socket.create_connection(self.target)
            except OSError:
                return
            with self._lock:
                self._open |= {client, upstream}
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        for sock in (source, sink):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


class OwnRedis:
    """A Redis server of the test's own, on a free port, that keeps nothing on disk."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--dir", str(self.directory)]
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port)):
                return
            time.sleep(0.05)
        raise AssertionError("redis-server did not start")

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self.process = None


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[OwnRedis]:
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed: Redis killed mid-job is NOT tested")
    server = OwnRedis(tmp_path)
    server.start()
    try:
        yield server
    finally:
        if server.process is not None:
            server.kill()


@pytest.fixture
def database(scale_out: ScaleOut) -> str:
    """A fresh PostgreSQL database of the test's own."""
    return scale_out.database_url


def _store(client: Client) -> Store:
    app: Litestar = client.app
    store: Store = app.dependencies["documents"].dependency().store
    return store


def assert_unavailable(response: Any, media_type: str = "application/problem+json") -> None:
    assert response.status_code == 503, response.text
    assert response.headers["content-type"].startswith(media_type)
    assert int(response.headers["retry-after"]) > 0
    assert "Traceback" not in response.text


def _until_done(client: Client, audio_id: str, timeout: float = 90) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    status: dict[str, Any] = {}
    while time.monotonic() < deadline:
        answer = client.get(f"/api/v1/audio/{audio_id}")
        status = answer.json() if answer.status_code == 200 else {}
        if status.get("status") in {"done", "failed"}:
            return status
        time.sleep(0.2)
    raise AssertionError(f"audio {audio_id} was not made: {status}")


@contextlib.contextmanager
def _worker(settings: Settings, log: Path) -> Iterator[None]:
    env = {
        **os.environ,
        "ACCESS_API_DATA_DIR": str(settings.data_dir),
        "ACCESS_API_DATABASE_URL": settings.database_url,
        "ACCESS_API_QUEUE_URL": settings.queue_url,
        "ACCESS_API_QUEUE_NAME": settings.queue_name,
        "ACCESS_API_LOG_LEVEL": "WARNING",
    }
    with log.open("ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "access_api.cli", "worker"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


async def test_redis_killed_answers_503_and_the_running_worker_makes_the_audio_when_it_is_back(
    tmp_path: Path, database: str, own_redis: OwnRedis
) -> None:
    settings = Settings(
        data_dir=tmp_path / "data",
        database_url=database,
        queue_url=own_redis.url,
        queue_name="outage",
        rate_limit_per_minute=0,
    )
    log = tmp_path / "worker.log"
    with TestClient(app=create_app(settings)) as client, _worker(settings, log):
        first = client.post("/api/v1/documents", json={"text": OTHER}).json()
        made = client.post(f"/api/v1/documents/{first['id']}/audio", json=AUDIO).json()
        assert _until_done(client, made["id"])["status"] == "done", "the worker is running"
        doc = client.post("/api/v1/documents", json={"text": ARTICLE}).json()
        own_redis.kill()

        ready = client.get("/ready")
        assert_unavailable(ready)
        assert ready.json()["checks"]["queue"] != "ok"
        assert ready.json()["checks"]["database"] == "ok"
        asked = client.post(f"/api/v1/documents/{doc['id']}/audio", json=AUDIO)
        assert_unavailable(asked)
        assert "queue" in asked.json()["detail"]
        noted = client.blocking_portal.call(_store(client).audio.queued)
        assert len(noted) == 1, "the request is kept, to be made later"

        own_redis.start()  # empty: whatever was queued in Redis is gone
        done = _until_done(client, noted[0])
        assert done["status"] == "done", f"{done}\n{log.read_text()[-3000:]}"
        assert client.get("/ready").status_code == 200
        again = client.post(f"/api/v1/documents/{doc['id']}/audio", json=AUDIO)
        assert again.status_code == 200, again.text
        assert again.json()["id"] == noted[0]
        assert client.get(f"/api/v1/audio/{noted[0]}/file").status_code == 200


async def test_postgresql_out_of_reach_answers_503_everywhere_and_recovers(
    tmp_path: Path, database: str
) -> None:
    relay = Relay(5432)
    settings = Settings(
        data_dir=tmp_path / "data",
        database_url=database.replace(":5432/", f":{relay.port}/"),
        rate_limit_per_minute=0,
    )
    try:
        with TestClient(app=create_app(settings)) as client:
            doc = client.post("/api/v1/documents", json={"text": ARTICLE}).json()
            audio = client.post(f"/api/v1/documents/{doc['id']}/audio", json=AUDIO).json()
            assert _until_done(client, audio["id"])["status"] == "done"
            relay.cut()

            assert_unavailable(client.get(f"/api/v1/documents/{doc['id']}"))
            assert_unavailable(client.post("/api/v1/documents", json={"text": OTHER}))
            assert_unavailable(client.get(f"/api/v1/audio/{audio['id']}"))
            assert_unavailable(client.post(f"/api/v1/documents/{doc['id']}/audio", json=AUDIO))
            assert_unavailable(client.delete(f"/api/v1/documents/{doc['id']}"))
            page = client.get(f"/documents/{doc['id']}", headers={"accept": "text/html"})
            assert_unavailable(page, "text/html")
            assert "try again" in page.text.lower()
            ready = client.get("/ready")
            assert_unavailable(ready)
            assert ready.json()["checks"]["database"] != "ok"

            relay.restore()
            assert client.get(f"/api/v1/documents/{doc['id']}").status_code == 200
            assert client.get("/ready").status_code == 200
            created = client.post("/api/v1/documents", json={"text": OTHER})
            assert created.status_code == 201, "nothing was half stored"
            assert client.get(f"/api/v1/audio/{audio['id']}/file").status_code == 200
    finally:
        relay.cut()
