"""Crash tests: kill -9 the process making audio, start it again, and the audio completes.

Throughout, the file endpoint is polled: it must always answer either 409
(still being made) or a whole file that decodes to the recorded duration;
never a partial file.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anyio.to_thread
import httpx
import pytest
import soundfile

if TYPE_CHECKING:
    from collections.abc import Iterator

    from conftest import ScaleOut

pytestmark = pytest.mark.slow

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_fb8d5ec5391621b1.txt"
# Long enough to be caught mid-way: the seed article twice, spoken slowly.
# Long enough that the fast voice is still speaking when the test kills the process.
LONG_TEXT = "\n\n".join(
    f"Part {n}.\n\n{SEED.read_text(encoding='utf-8')}"
    for n in ("one", "two", "three", "four", "five", "six")
)
AUDIO_OPTIONS = {"voice": "espeak:en-us", "rate": 0.5, "pause": "relaxed", "format": "wav"}


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def _process(args: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "access_api.cli", *args],
            env={**os.environ, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_for_health(base: str, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return
        time.sleep(0.2)
    raise AssertionError(f"the API did not start:\n{log.read_text()[-3000:]}")


class Watcher:
    """Follows an audio, checking every answer of its file endpoint on the way."""

    def __init__(self, base: str, audio_id: str) -> None:
        self.base = base
        self.audio_id = audio_id
        self.answers: list[int] = []

    def poll(self) -> dict[str, Any] | None:
        """The audio's status now, after checking its file; None if the API is down."""
        try:
            status: dict[str, Any] = httpx.get(
                f"{self.base}/api/v1/audio/{self.audio_id}", timeout=5
            ).json()
            file = httpx.get(f"{self.base}/api/v1/audio/{self.audio_id}/file", timeout=30)
        except httpx.HTTPError:
            return None
        self.answers.append(file.status_code)
        assert file.status_code in {200, 409}, file.text
        if file.status_code == 200:
            samples, rate = soundfile.read(io.BytesIO(file.content))
            done = httpx.get(f"{self.base}/api/v1/audio/{self.audio_id}", timeout=5).json()
            assert len(samples) / rate == pytest.approx(done["duration_seconds"], abs=0.05)
        return status

    def until(self, wanted: Any, log: Path, timeout: float = 120) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self.poll()
            if status is not None and wanted(status):
                return status
            time.sleep(0.2)
        raise AssertionError(f"gave up waiting; last log lines:\n{log.read_text()[-3000:]}")


def _ask(base: str) -> str:
    doc = httpx.post(f"{base}/api/v1/documents", json={"text": LONG_TEXT}, timeout=30).json()
    asked = httpx.post(f"{base}/api/v1/documents/{doc['id']}/audio", json=AUDIO_OPTIONS, timeout=30)
    assert asked.status_code == 202, asked.text
    audio_id: str = asked.json()["id"]
    return audio_id


def _mid_way(status: dict[str, Any]) -> bool:
    return status["status"] == "running" and status["progress"] > 0


def _check_killed_mid_way(data_dir: Path, audio_id: str) -> None:
    stored = {p.name for p in (data_dir / "audio").iterdir() if p.is_file()}
    assert f"{audio_id}.wav" not in stored, "the job finished before it could be killed"


def test_the_api_killed_mid_synthesis_finishes_the_audio_after_a_restart(tmp_path: Path) -> None:
    data_dir, log = tmp_path / "data", tmp_path / "api.log"
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {"ACCESS_API_DATA_DIR": str(data_dir), "ACCESS_API_LOG_LEVEL": "WARNING"}
    serve = ["serve", "--host", "127.0.0.1", "--port", str(port)]
    with _process(serve, env, log) as api:
        _wait_for_health(base, log)
        watcher = Watcher(base, _ask(base))
        watcher.until(_mid_way, log)
        api.send_signal(signal.SIGKILL)
        api.wait()
    _check_killed_mid_way(data_dir, watcher.audio_id)
    with _process(serve, env, log):
        _wait_for_health(base, log)
        done = watcher.until(lambda s: s["status"] in {"done", "failed"}, log)
        watcher.poll()
    assert done["status"] == "done", done
    assert watcher.answers[-1] == 200
    assert 409 in watcher.answers


@pytest.mark.anyio
async def test_a_worker_killed_mid_synthesis_leaves_the_job_to_the_next_worker(
    tmp_path: Path, scale_out: ScaleOut
) -> None:
    await anyio.to_thread.run_sync(lambda: _run_scale_out(tmp_path, scale_out))


def _run_scale_out(tmp_path: Path, services: ScaleOut) -> None:
    data_dir = tmp_path / "data"
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        "ACCESS_API_DATA_DIR": str(data_dir),
        "ACCESS_API_DATABASE_URL": services.database_url,
        "ACCESS_API_QUEUE_URL": services.queue_url,
        "ACCESS_API_QUEUE_NAME": services.queue_name,
        "ACCESS_API_JOB_HEARTBEAT_SECONDS": "2",
        "ACCESS_API_LOG_LEVEL": "WARNING",
    }
    api_log, worker_log = tmp_path / "api.log", tmp_path / "worker.log"
    serve = ["serve", "--host", "127.0.0.1", "--port", str(port)]
    with _process(serve, env, api_log):
        _wait_for_health(base, api_log)
        with _process(["worker"], env, worker_log) as worker:
            watcher = Watcher(base, _ask(base))
            watcher.until(_mid_way, worker_log)
            worker.send_signal(signal.SIGKILL)
            worker.wait()
        _check_killed_mid_way(data_dir, watcher.audio_id)
        with _process(["worker"], env, worker_log):
            done = watcher.until(lambda s: s["status"] in {"done", "failed"}, worker_log)
            watcher.poll()
    assert done["status"] == "done", done
    assert watcher.answers[-1] == 200
    assert 409 in watcher.answers


def test_audio_that_keeps_killing_the_api_is_given_up_after_three_starts(tmp_path: Path) -> None:
    # A supervisor restarts the API each time it dies; the job that was
    # running when it died must not take down every process after it.
    data_dir, log = tmp_path / "data", tmp_path / "api.log"
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {"ACCESS_API_DATA_DIR": str(data_dir), "ACCESS_API_LOG_LEVEL": "WARNING"}
    serve = ["serve", "--host", "127.0.0.1", "--port", str(port)]
    watcher: Watcher | None = None
    for _ in range(3):
        with _process(serve, env, log) as api:
            _wait_for_health(base, log)
            watcher = watcher or Watcher(base, _ask(base))
            watcher.until(_mid_way, log)
            api.send_signal(signal.SIGKILL)
            api.wait()
    assert watcher is not None
    _check_killed_mid_way(data_dir, watcher.audio_id)
    with _process(serve, env, log):
        _wait_for_health(base, log)
        deadline = time.monotonic() + 60
        while (status := _status(base, watcher.audio_id))["status"] not in {"done", "failed"}:
            assert time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.2)
        file = httpx.get(f"{base}/api/v1/audio/{watcher.audio_id}/file", timeout=5)
    assert status["status"] == "failed", status
    assert "stopped 3 times while making this audio" in status["error"]
    assert file.status_code == 503
    assert "stopped 3 times while making this audio" in file.json()["detail"]


def _status(base: str, audio_id: str) -> dict[str, Any]:
    status: dict[str, Any] = httpx.get(f"{base}/api/v1/audio/{audio_id}", timeout=5).json()
    return status
