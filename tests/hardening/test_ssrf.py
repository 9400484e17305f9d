"""Links that would turn the server on its own network are refused, end to end.

Every form goes through ``POST /api/v1/documents`` with ``url=...``, next to a
local server that must never be asked for anything. Redirects, byte and time
limits need a first hop the service would reach, which only a test allowance
gives: they go through :func:`clean_url`, the function the API calls.
"""

from __future__ import annotations

import contextlib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any, ClassVar

import anyio
import pytest
from litestar.testing import TestClient

from access_api.app import create_app
from access_api.documents import clean_url
from access_api.errors import LinkRefused, LinkTooLarge, LinkUnreachable
from access_api.settings import Settings
from access_api.web._problems import status_of

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from litestar import Litestar

    Client = TestClient[Litestar]

PAGE = (
    b"<html><body><article><p>The town council met on Tuesday to talk about the new park. "
    b"Many people came to the meeting. The mayor said the park would open next summer.</p>"
    b"</article></body></html>"
)


class _Handler(BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, Callable[[_Handler], None]]] = {}
    asked: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.asked.append(self.path)
        self.routes.get(self.path, _Handler.reply_page)(self)

    def reply_page(self) -> None:
        self.reply(200, PAGE)

    def reply(self, status: int, body: bytes, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def trickle(self) -> None:
        # Every byte comes well within a read timeout; the whole page never does.
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        # The fetcher hangs up at its deadline, as it should.
        with contextlib.suppress(ConnectionError):
            for _ in range(100):
                self.wfile.write(b"<p>drip</p>")
                self.wfile.flush()
                time.sleep(0.05)

    def endless(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        chunk = b"<p>" + b"more " * 2000 + b"</p>"
        # The fetcher hangs up at its byte limit, as it should.
        with contextlib.suppress(ConnectionError):
            for _ in range(1000):
                self.wfile.write(chunk)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class LocalServer:
    def __init__(self) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.origin = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()


@pytest.fixture(scope="module")
def local() -> Iterator[LocalServer]:
    server = LocalServer()
    port = server.port

    def redirect(location: str) -> Callable[[_Handler], None]:
        return lambda h: h.reply(302, b"", Location=location)

    _Handler.routes = {
        "/trickle": _Handler.trickle,
        "/endless": _Handler.endless,
        "/to-self-other-name": redirect(f"http://localhost:{port}/secret"),
        "/to-mapped": redirect(f"http://[::ffff:127.0.0.1]:{port}/secret"),
        "/to-decimal": redirect(f"http://2130706433:{port}/secret"),
        "/to-metadata": redirect("http://169.254.169.254/latest/meta-data/iam/"),
        "/to-metadata-v6": redirect("http://[fd00:ec2::254]/latest/meta-data/"),
        "/to-file": redirect("file:///etc/passwd"),
        "/to-gopher": redirect(f"gopher://127.0.0.1:{port}/_SET%20x"),
        "/to-private": redirect("http://192.168.1.1/admin"),
        "/to-relative-private": redirect("//10.0.0.1/x"),
    }
    yield server
    server.close()


@pytest.fixture
def server(local: LocalServer) -> LocalServer:
    _Handler.asked = []
    return local


def forms(port: int) -> list[str]:
    """One link for each way of writing an address the service must not reach."""
    return [
        # loopback, IPv4 and IPv6, by name and number
        f"http://127.0.0.1:{port}/",
        f"http://localhost:{port}/",
        f"http://LOCALHOST:{port}/",
        f"http://localhost.:{port}/",
        f"http://app.localhost:{port}/",
        f"http://127.1:{port}/",
        f"http://127.0.0.2:{port}/",
        f"http://[::1]:{port}/",
        # decimal, octal, hexadecimal and mixed forms of 127.0.0.1
        f"http://2130706433:{port}/",
        f"http://017700000001:{port}/",
        f"http://0177.0.0.1:{port}/",
        f"http://0x7f000001:{port}/",
        f"http://0x7f.0.0.1:{port}/",
        f"http://127.000.000.001:{port}/",
        f"http://2130706433.:{port}/",
        # IPv6 forms that carry 127.0.0.1
        f"http://[::ffff:127.0.0.1]:{port}/",
        f"http://[::ffff:7f00:1]:{port}/",
        f"http://[0:0:0:0:0:ffff:127.0.0.1]:{port}/",
        f"http://[::127.0.0.1]:{port}/",
        f"http://[2002:7f00:1::1]:{port}/",
        f"http://[64:ff9b::127.0.0.1]:{port}/",
        # unspecified
        f"http://0.0.0.0:{port}/",
        f"http://0:{port}/",
        f"http://[::]:{port}/",
        # private and shared
        "http://10.0.0.1/",
        "http://172.16.0.1/",
        "http://172.31.255.255/",
        "http://192.168.1.1/",
        "http://100.64.0.1/",
        "http://[fc00::1]/",
        "http://[fd12:3456::1]/",
        "http://[fec0::1]/",
        # link-local and cloud metadata
        "http://169.254.169.254/latest/meta-data/",
        "http://169.254.170.2/v2/credentials",
        "http://100.100.100.200/latest/meta-data/",
        "http://192.0.0.192/latest/",
        "http://[fd00:ec2::254]/latest/meta-data/",
        "http://[::ffff:169.254.169.254]/",
        "http://[::ffff:a9fe:a9fe]/",
        "http://2852039166/",
        "http://0xa9fea9fe/",
        "http://0251.0376.0251.0376/",
        "http://[fe80::1]/",
        "http://metadata.google.internal/computeMetadata/v1/",
        "http://metadata/computeMetadata/v1/",
        "http://instance-data/latest/",
        # multicast, broadcast, reserved, documentation, benchmarking
        "http://224.0.0.1/",
        "http://239.255.255.250/",
        "http://[ff02::1]/",
        "http://255.255.255.255/",
        "http://240.0.0.1/",
        "http://192.0.2.1/",
        "http://198.18.0.1/",
        "http://[2001:db8::1]/",
        "http://[100::1]/",
        # other schemes and tricks in the link itself
        "file:///etc/passwd",
        "file://localhost/etc/passwd",
        f"ftp://127.0.0.1:{port}/",
        f"gopher://127.0.0.1:{port}/_GET",
        "dict://127.0.0.1:11211/stat",
        "data:text/html,<p>hello</p>",
        "javascript:alert(1)",
        f"ws://127.0.0.1:{port}/",
        f"//127.0.0.1:{port}/",
        f"http:/127.0.0.1:{port}/",
        f"http://user:pass@127.0.0.1:{port}/",
        f"http://example.com@127.0.0.1:{port}/",
        f"http://127.0.0.1:{port}#@example.com/",
        f"  http://127.0.0.1:{port}/  ",
        f"HTTP://127.0.0.1:{port}/",
        f"http://①②⑦.0.0.1:{port}/",
        f"http://127。0。0。1:{port}/",
        "",
    ]


FORM_IDS = [
    "loopback",
    "localhost",
    "localhost-upper",
    "localhost-dot",
    "sub-localhost",
    "short-127.1",
    "loopback-127.0.0.2",
    "loopback-v6",
    "decimal",
    "octal-whole",
    "octal-dotted",
    "hex-whole",
    "hex-dotted",
    "zero-padded",
    "decimal-trailing-dot",
    "v4-mapped",
    "v4-mapped-hex",
    "v4-mapped-long",
    "v4-compatible",
    "6to4",
    "nat64",
    "unspecified",
    "zero",
    "unspecified-v6",
    "10/8",
    "172.16/12",
    "172.31-top",
    "192.168/16",
    "cgnat",
    "ula",
    "ula-random",
    "site-local-v6",
    "aws-metadata",
    "ecs-credentials",
    "alibaba-metadata",
    "oracle-classic-metadata",
    "aws-metadata-v6",
    "metadata-v4-mapped",
    "metadata-v4-mapped-hex",
    "metadata-decimal",
    "metadata-hex",
    "metadata-octal",
    "link-local-v6",
    "gcp-metadata-name",
    "metadata-short-name",
    "aws-instance-data-name",
    "multicast",
    "ssdp-multicast",
    "multicast-v6",
    "broadcast",
    "reserved",
    "test-net",
    "benchmarking",
    "documentation-v6",
    "discard-v6",
    "file",
    "file-localhost",
    "ftp",
    "gopher",
    "dict",
    "data",
    "javascript",
    "websocket",
    "scheme-relative",
    "one-slash",
    "userinfo",
    "userinfo-host-trick",
    "fragment-trick",
    "spaces",
    "upper-scheme",
    "circled-digits",
    "ideographic-dots",
    "empty",
]


@pytest.mark.parametrize("index", range(len(FORM_IDS)), ids=FORM_IDS)
def test_every_internal_address_form_is_refused_through_the_api(
    shared: Client, server: LocalServer, index: int
) -> None:
    url = forms(server.port)[index]
    response = shared.post("/api/v1/documents", json={"url": url})
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["type"] == "/problems/link-refused", body
    assert server.origin not in body["detail"]
    assert _Handler.asked == [], "the local server was asked for something"


def test_the_forms_and_their_names_line_up() -> None:
    assert len(forms(1)) == len(FORM_IDS)


# --- Redirects, bytes and time: the API's own function, with the first hop allowed -----------


def fetch(server: LocalServer, path: str, **limits: Any) -> Any:
    settings = Settings(
        fetch_timeout_seconds=limits.get("timeout", 5.0),
        fetch_max_bytes=limits.get("max_bytes", 100_000),
        fetch_max_redirects=3,
    )

    async def run() -> Any:
        return await clean_url(
            f"{server.origin}{path}", settings=settings, allow_private=[server.origin]
        )

    return anyio.run(run)


@pytest.mark.parametrize(
    "path",
    [
        "/to-self-other-name",
        "/to-mapped",
        "/to-decimal",
        "/to-metadata",
        "/to-metadata-v6",
        "/to-file",
        "/to-gopher",
        "/to-private",
        "/to-relative-private",
    ],
)
def test_a_redirect_to_an_internal_address_is_refused_at_that_hop(
    server: LocalServer, path: str
) -> None:
    with pytest.raises(LinkRefused) as refused:
        fetch(server, path)
    assert status_of(refused.value) == 422
    assert _Handler.asked == [path], "only the allowed first hop was fetched"


def test_the_allowed_first_hop_itself_is_read(server: LocalServer) -> None:
    content = fetch(server, "/page")
    assert "new park" in content.text


def test_a_page_that_never_ends_is_cut_at_the_byte_limit(server: LocalServer) -> None:
    started = time.perf_counter()
    with pytest.raises(LinkTooLarge) as refused:
        fetch(server, "/endless", max_bytes=50_000)
    assert status_of(refused.value) == 413
    assert time.perf_counter() - started < 5


def test_a_page_that_trickles_in_is_cut_at_the_time_limit(server: LocalServer) -> None:
    started = time.perf_counter()
    with pytest.raises(LinkUnreachable) as refused:
        fetch(server, "/trickle", timeout=0.5)
    assert status_of(refused.value) == 502
    assert time.perf_counter() - started < 2.5


# --- Concurrent fetches ------------------------------------------------------------------------


def test_links_beyond_the_concurrent_fetch_limit_get_503_with_retry_after(
    tmp_path: Path,
) -> None:
    settings = Settings(data_dir=tmp_path / "data", max_concurrent_fetches=0)
    with TestClient(app=create_app(settings)) as client:
        response = client.post("/api/v1/documents", json={"url": "https://example.org/a"})
        assert response.status_code == 503, response.text
        assert response.headers["retry-after"] == "5"
        assert "links" in response.json()["detail"]
        text = client.post(
            "/api/v1/documents",
            json={"text": "The park opens in May. Everyone is welcome to come along."},
        )
        assert text.status_code == 201, "text needs no fetch, so no slot"


def test_a_fetch_slot_is_given_back_after_a_refusal(tmp_path: Path, server: LocalServer) -> None:
    settings = Settings(data_dir=tmp_path / "data", max_concurrent_fetches=1)
    with TestClient(app=create_app(settings)) as client:
        for _ in range(3):
            response = client.post("/api/v1/documents", json={"url": f"{server.origin}/"})
            assert response.status_code == 422, response.text
