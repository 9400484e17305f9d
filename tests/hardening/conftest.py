"""Helpers for the hardening tests: raw ASGI requests that no HTTP client would tidy up."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import unquote

import pytest
from litestar.testing import TestClient

from access_api.app import create_app
from access_api.settings import Settings

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from litestar import Litestar


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient[Litestar]]:
    """One app for a whole module, for tests that need no fresh state.

    Its rate limit is off: a module sends hundreds of requests from one address.
    """
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("hardening") / "data", rate_limit_per_minute=0
    )
    with TestClient(app=create_app(settings)) as client:
        yield client


@dataclass
class RawAnswer:
    """What the app sent back, and how much of the body it asked for."""

    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    chunks_read: int = 0


class RawRequest(Protocol):
    def __call__(
        self,
        client: TestClient[Litestar],
        method: str,
        path: bytes,
        *,
        headers: Iterable[tuple[bytes, bytes]] = (),
        chunks: Iterable[bytes] = (),
    ) -> RawAnswer: ...


@pytest.fixture(name="raw_request")
def raw_request_fixture() -> RawRequest:
    """:func:`raw_request`, for tests (which cannot import from a conftest)."""
    return raw_request


def raw_request(
    client: TestClient[Litestar],
    method: str,
    path: bytes,
    *,
    headers: Iterable[tuple[bytes, bytes]] = (),
    chunks: Iterable[bytes] = (),
) -> RawAnswer:
    """Send a request straight to the ASGI app, on the test client's event loop.

    ``path`` goes out exactly as given (an HTTP client would resolve ``..`` and
    re-encode it); ``chunks`` are handed over one ``receive()`` at a time, and
    the answer counts how many the app asked for.
    """
    answer = RawAnswer()
    pending = list(chunks)
    headers = list(headers)
    if not any(name == b"host" for name, _ in headers):
        headers.append((b"host", b"testserver.local"))
    raw_path = path.split(b"?", 1)[0]
    query = path.split(b"?", 1)[1] if b"?" in path else b""
    scope: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        # As uvicorn does: ``path`` is percent-decoded, ``raw_path`` as sent.
        "path": unquote(raw_path.decode("latin-1")),
        "raw_path": raw_path,
        "query_string": query,
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("testserver.local", 80),
    }

    async def receive() -> dict[str, Any]:
        if not pending:
            return {"type": "http.request", "body": b"", "more_body": False}
        answer.chunks_read += 1
        body = pending.pop(0)
        return {"type": "http.request", "body": body, "more_body": bool(pending)}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            answer.status = message["status"]
            answer.headers = {k.decode(): v.decode() for k, v in message["headers"]}
        elif message["type"] == "http.response.body":
            answer.body += message.get("body", b"")

    async def call() -> None:
        await client.app(scope, receive, send)  # type: ignore[arg-type]

    client.blocking_portal.call(call)
    return answer
