"""Fixtures shared by the whole suite: a fresh app on a temporary data directory, in
this process (``client``) or served in a process of its own (``server``)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from litestar.testing import TestClient

from access_api.app import create_app
from access_api.settings import Settings

if TYPE_CHECKING:
    from collections.abc import Iterator

    from litestar import Litestar

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_fb8d5ec5391621b1.txt"


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient[Litestar]]:
    with TestClient(app=create_app(settings)) as test_client:
        yield test_client


# The app in a process of its own; it prints its port once listening.
_SERVE = """
import socket, sys, uvicorn
from access_api.app import create_app
sock = socket.socket()
sock.bind(("127.0.0.1", 0))
app = create_app()
print(sock.getsockname()[1], flush=True)
uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False)).run(sockets=[sock])
"""


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app's base URL, e.g. ``http://127.0.0.1:43121``."""
    data = tmp_path_factory.mktemp("browser-data")
    env = {
        **os.environ,
        "ACCESS_API_DATA_DIR": str(data),
        "ACCESS_API_RATE_LIMIT_PER_MINUTE": "0",
        "ACCESS_API_LOG_LEVEL": "WARNING",
    }
    log = data / "server.log"
    with (
        log.open("wb") as log_file,
        subprocess.Popen(
            [sys.executable, "-c", _SERVE],
            env=env,
            stdout=subprocess.PIPE,
            stderr=log_file,
            text=True,
        ) as process,
    ):
        assert process.stdout is not None
        base = f"http://127.0.0.1:{process.stdout.readline().strip()}"
        try:
            _wait_until_up(base, process, log)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def _wait_until_up(base: str, process: subprocess.Popen[str], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the app did not start:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(base + "/health", timeout=2):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    pytest.fail("the app did not answer /health within 60 s")
