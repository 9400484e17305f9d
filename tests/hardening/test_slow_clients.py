"""Slow clients against the real server: ``access-api serve`` on a random port.

A connection that never finishes its headers is closed after the header
timeout, and a connection over the limit is answered 503 at once, so slow
clients cannot hold the process's files until ``/health`` stops answering.
"""

from __future__ import annotations

import os
import resource
import socket
import subprocess
import sys
import time
from typing import TYPE_CHECKING

import httpx
import pytest

from access_api._server import connection_limit

if TYPE_CHECKING:
    from collections.abc import Iterator

HALF_A_HEADER = b"GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: "
# Far longer than the timeouts below: a connection still open after it was kept.
PATIENCE = 30.0


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "ACCESS_API_DATA_DIR": str(tmp_path_factory.mktemp("served") / "data"),
        "ACCESS_API_PORT": str(port),
        "ACCESS_API_HEADER_TIMEOUT_SECONDS": "2",
        "ACCESS_API_KEEP_ALIVE_SECONDS": "1",
        "ACCESS_API_MAX_CONNECTIONS": "4",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "access_api.cli", "serve"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    origin = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, "the server stopped"
            assert time.monotonic() < deadline, "the server did not start"
            try:
                httpx.get(f"{origin}/health")
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield origin
    finally:
        server.terminate()
        server.wait(timeout=30)


def connect(origin: str) -> socket.socket:
    host, port = origin.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)))
    sock.settimeout(PATIENCE)
    return sock


def closed_by_server(sock: socket.socket) -> bytes:
    """Everything the server sent until it closed the connection."""
    received = b""
    while chunk := sock.recv(4096):
        received += chunk
    return received


def test_a_connection_that_never_finishes_its_headers_is_closed(served: str) -> None:
    with connect(served) as sock:
        sock.sendall(HALF_A_HEADER)
        assert closed_by_server(sock) == b""


def test_a_connection_that_sends_nothing_is_closed(served: str) -> None:
    with connect(served) as sock:
        assert closed_by_server(sock) == b""


def test_an_idle_kept_alive_connection_is_closed(served: str) -> None:
    with connect(served) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n")
        assert closed_by_server(sock).startswith(b"HTTP/1.1 200")


def test_over_the_connection_limit_a_503_answers_and_health_works_again(served: str) -> None:
    held = [connect(served) for _ in range(4)]
    try:
        for sock in held:
            sock.sendall(HALF_A_HEADER)
        # Each connection is counted as soon as the server has it: wait for one
        # more to be refused, rather than for a guessed time.
        with connect(served) as extra:
            extra.sendall(b"GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n")
            answer = closed_by_server(extra)
        assert answer.startswith(b"HTTP/1.1 503")
        assert b"Retry-After: 5" in answer
        for sock in held:
            assert closed_by_server(sock) == b""
    finally:
        for sock in held:
            sock.close()
    assert httpx.get(f"{served}/health").status_code == 200


def test_the_connection_limit_fits_the_file_limit() -> None:
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    assert connection_limit(10) == 10
    if soft != resource.RLIM_INFINITY:
        assert connection_limit(10**9) < soft
