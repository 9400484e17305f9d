from __future__ import annotations

import sys
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any, ClassVar

import anyio
import pytest

from access_api.errors import LinkNotArticle, LinkRefused, LinkTooLarge, LinkUnreachable
from access_api.fetch import FetchedPage, fetch_url, is_public_address

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

ARTICLE = b"<html><head><title>Floods</title></head><body><p>Rivers rose.</p></body></html>"


def gzipped(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


# 1 GiB of spaces inside a page, gzipped twice: about 1.1 kB on the wire. Made
# a mebibyte at a time, so the test itself never holds the gibibyte.
def _bomb() -> bytes:
    inner = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b" " * (1 << 20)
    once = inner.compress(b"<p>") + b"".join(inner.compress(block) for _ in range(1024))
    return gzipped(once + inner.compress(b"</p>") + inner.flush())


BOMB = _bomb()


class Handler(BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, Callable[[Handler], None]]] = {}
    seen_hosts: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.seen_hosts.append(self.headers["Host"])
        self.routes.get(self.path, Handler.not_found)(self)

    def not_found(self) -> None:
        self.reply(404, "text/html", b"no")

    def reply(self, status: int, content_type: str | None, body: bytes, **headers: str) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        # The slow route answers after the client has given up; that is the point.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class Server:
    def __init__(self) -> None:
        self.httpd = QuietServer(("127.0.0.1", 0), Handler)
        # The slow route's thread must not hold up closing the server.
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
def servers() -> Iterator[Server]:
    first, second = Server(), Server()
    routes: dict[str, Callable[[Handler], None]] = {
        "/article": lambda h: h.reply(200, "text/html; charset=utf-8", ARTICLE),
        "/plain": lambda h: h.reply(200, "text/plain", "Café au lait.".encode()),
        "/pdf": lambda h: h.reply(200, "application/pdf", b"%PDF-1.7"),
        "/big": lambda h: h.reply(200, "text/html", b"<p>" + b"x" * 5000 + b"</p>"),
        "/latin1": lambda h: h.reply(
            200, "text/html; charset=iso-8859-1", "<p>café</p>".encode("latin-1")
        ),
        "/meta": lambda h: h.reply(
            200, "text/html", b'<meta charset="windows-1252"><p>\x93quoted\x94</p>'
        ),
        "/untyped": lambda h: h.reply(200, None, b"Just words."),
        "/gzip": lambda h: h.reply(
            200, "text/html; charset=utf-8", gzipped(ARTICLE), Content_Encoding="gzip"
        ),
        "/deflate": lambda h: h.reply(
            200, "text/html", zlib.compress(ARTICLE), Content_Encoding="deflate"
        ),
        "/raw-deflate": lambda h: h.reply(
            200,
            "text/html",
            zlib.compress(ARTICLE, wbits=-zlib.MAX_WBITS),
            Content_Encoding="deflate",
        ),
        "/gzip-bomb": lambda h: h.reply(
            200, "text/html", gzipped(b" " * 1_000_000 + ARTICLE), Content_Encoding="gzip"
        ),
        "/nested-bomb": lambda h: h.reply(200, "text/html", BOMB, Content_Encoding="gzip, gzip"),
        "/brotli": lambda h: h.reply(200, "text/html", b"\x0b\x02\x80", Content_Encoding="br"),
        "/broken-gzip": lambda h: h.reply(
            200, "text/html", gzipped(ARTICLE)[:10] + b"\xff" * 20, Content_Encoding="gzip"
        ),
        "/rot13": lambda h: h.reply(200, "text/html; charset=rot13", ARTICLE),
        "/base64": lambda h: h.reply(200, "text/plain; charset=base64", b"Rivers rose."),
        "/meta-hex": lambda h: h.reply(200, "text/html", b'<meta charset="hex"><p>Rivers</p>'),
        "/slow": lambda h: (time.sleep(1.5), h.reply(200, "text/html", ARTICLE))[1],
        "/to-article": lambda h: h.reply(302, "text/html", b"", Location="/article"),
        "/loop": lambda h: h.reply(302, "text/html", b"", Location="/loop"),
        "/to-private": lambda h: h.reply(301, "text/html", b"", Location="http://10.0.0.1/x"),
        "/to-metadata": lambda h: h.reply(
            302, "text/html", b"", Location="http://169.254.169.254/latest/meta-data/"
        ),
        "/to-other-port": lambda h: h.reply(
            307, "text/html", b"", Location=f"{second.origin}/article"
        ),
    }
    Handler.routes = routes
    yield first
    first.close()
    second.close()


@pytest.fixture
def server(servers: Server) -> Server:
    Handler.seen_hosts = []
    return servers


def fetch(url: str, *, allow: Sequence[str] = (), **options: Any) -> FetchedPage:
    limits = {"timeout": 5.0, "max_bytes": 1_000, "max_redirects": 3} | options

    async def run() -> FetchedPage:
        return await fetch_url(url, allow_private=allow, **limits)

    return anyio.run(run)


def resolving_to(*addresses: str) -> Callable[[str], list[str]]:
    return lambda host: list(addresses)


def test_page_from_an_allowed_local_server_is_fetched_and_decoded(server: Server) -> None:
    page = fetch(f"{server.origin}/article", allow=[server.origin])

    assert page == FetchedPage(f"{server.origin}/article", "text/html", ARTICLE.decode())


def test_plain_text_and_declared_or_sniffed_charsets_are_decoded(server: Server) -> None:
    allow = [server.origin]
    assert fetch(f"{server.origin}/plain", allow=allow).text == "Café au lait."
    assert fetch(f"{server.origin}/latin1", allow=allow).text == "<p>café</p>"
    assert "“quoted”" in fetch(f"{server.origin}/meta", allow=allow).text
    untyped = fetch(f"{server.origin}/untyped", allow=allow)
    assert (untyped.content_type, untyped.text) == ("text/plain", "Just words.")


def test_gzipped_page_is_decoded(server: Server) -> None:
    page = fetch(f"{server.origin}/gzip", allow=[server.origin])

    assert page.text == ARTICLE.decode()


def test_deflated_pages_are_decoded_with_or_without_the_zlib_wrapper(server: Server) -> None:
    for path in ("/deflate", "/raw-deflate"):
        assert fetch(f"{server.origin}{path}", allow=[server.origin]).text == ARTICLE.decode()


def test_gzip_bomb_is_refused_at_the_limit_of_decoded_bytes(server: Server) -> None:
    # 1 MB of decoded page from about a kilobyte on the wire: the limit counts
    # what the page becomes, not what it weighs in transit.
    with pytest.raises(LinkTooLarge, match="1,000 bytes"):
        fetch(f"{server.origin}/gzip-bomb", allow=[server.origin])


@pytest.fixture
def inflated(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The size of every piece zlib decodes during the test."""
    made: list[int] = []
    real = zlib.decompressobj

    class Counting:
        def __init__(self, wbits: int) -> None:
            self.inner = real(wbits)

        def __getattr__(self, name: str) -> Any:
            return getattr(self.inner, name)

        def decompress(self, data: bytes, max_length: int = 0) -> bytes:
            piece = self.inner.decompress(data, max_length)
            made.append(len(piece))
            return piece

    monkeypatch.setattr(zlib, "decompressobj", Counting)
    return made


def test_nested_gzip_bomb_is_refused_before_any_decoding(
    server: Server, inflated: list[int]
) -> None:
    with pytest.raises(LinkNotArticle, match="only one gzip or deflate"):
        fetch(f"{server.origin}/nested-bomb", allow=[server.origin], max_bytes=3_000_000)
    assert inflated == []


def test_a_gzip_bomb_is_decoded_in_small_steps_and_only_up_to_the_limit(
    server: Server, inflated: list[int]
) -> None:
    with pytest.raises(LinkTooLarge):
        fetch(f"{server.origin}/gzip-bomb", allow=[server.origin], max_bytes=100_000)
    # Decoded in steps of at most 64 KiB, and stopped within one step of the limit.
    assert max(inflated) <= 65_536
    assert sum(inflated) <= 100_000 + 65_536


def test_other_or_broken_content_codings_are_refused_clearly(server: Server) -> None:
    with pytest.raises(LinkNotArticle, match="'br'"):
        fetch(f"{server.origin}/brotli", allow=[server.origin])
    with pytest.raises(LinkNotArticle, match="broken compression"):
        fetch(f"{server.origin}/broken-gzip", allow=[server.origin])


def test_a_charset_that_is_not_a_text_encoding_is_ignored(server: Server) -> None:
    allow = [server.origin]
    assert fetch(f"{server.origin}/rot13", allow=allow).text == ARTICLE.decode()
    assert fetch(f"{server.origin}/base64", allow=allow).text == "Rivers rose."
    assert fetch(f"{server.origin}/meta-hex", allow=allow).text.endswith("<p>Rivers</p>")


def test_same_site_redirect_is_followed(server: Server) -> None:
    page = fetch(f"{server.origin}/to-article", allow=[server.origin])
    assert page.url == f"{server.origin}/article"


def test_connection_is_pinned_to_the_checked_address_with_the_name_as_host(
    server: Server,
) -> None:
    calls: list[str] = []

    def resolver(host: str) -> list[str]:
        calls.append(host)
        return ["127.0.0.1"]

    origin = f"http://news.example:{server.port}"
    page = fetch(f"{origin}/article", allow=[origin], resolver=resolver)

    # news.example does not exist: the page can only have come from the
    # address the resolver gave, with the name sent as the Host header.
    assert page.text == ARTICLE.decode()
    assert calls == ["news.example"]
    assert Handler.seen_hosts == [f"news.example:{server.port}"]


@pytest.mark.parametrize(
    ("path", "reason"),
    [("/to-private", "private"), ("/to-metadata", "private"), ("/to-other-port", "private")],
)
def test_redirect_to_a_private_address_is_refused(server: Server, path: str, reason: str) -> None:
    # Only the first server's origin is allowed; every later hop is checked anew.
    with pytest.raises(LinkRefused, match=reason):
        fetch(f"{server.origin}{path}", allow=[server.origin])


def test_too_many_redirects_are_not_followed(server: Server) -> None:
    with pytest.raises(LinkUnreachable, match="redirected more than 3 times"):
        fetch(f"{server.origin}/loop", allow=[server.origin])


def test_other_content_types_are_not_articles(server: Server) -> None:
    with pytest.raises(LinkNotArticle, match="application/pdf"):
        fetch(f"{server.origin}/pdf", allow=[server.origin])


def test_page_over_the_byte_limit_is_refused(server: Server) -> None:
    with pytest.raises(LinkTooLarge, match="1,000 bytes"):
        fetch(f"{server.origin}/big", allow=[server.origin])


def test_error_status_and_slow_sites_are_unreachable(server: Server) -> None:
    with pytest.raises(LinkUnreachable, match="404"):
        fetch(f"{server.origin}/missing", allow=[server.origin])
    with pytest.raises(LinkUnreachable, match=r"within 0\.5 seconds"):
        fetch(f"{server.origin}/slow", allow=[server.origin], timeout=0.5)


def test_local_server_is_refused_without_the_test_allowance(server: Server) -> None:
    with pytest.raises(LinkRefused):
        fetch(f"{server.origin}/article")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://[::1]/",
        "http://0.0.0.0/",
        "http://10.1.2.3/",
        "http://192.168.0.10/",
        "http://172.16.5.4/",
        "http://100.64.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00:ec2::254]/",
        "http://[fe80::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:10.0.0.1]/",
        "http://[2002:7f00:1::]/",
        "http://[64:ff9b::a00:1]/",
        "http://224.0.0.1/",
        "http://240.0.0.1/",
        "http://2130706433/",
        "http://0177.0.0.1/",
        "http://0x7f.1/",
        "http://127.1/",
        "http://localhost/",
        "http://app.localhost/",
        "http://metadata.google.internal/computeMetadata/v1/",
        "ftp://example.com/file.txt",
        "file:///etc/passwd",
        "http://user:secret@example.com/",
        "not a link",
    ],
)
def test_internal_addresses_odd_forms_and_other_schemes_are_refused(url: str) -> None:
    with pytest.raises(LinkRefused):
        fetch(url, resolver=resolving_to("93.184.216.34"))


@pytest.mark.parametrize(
    "addresses",
    [
        ["10.0.0.5"],
        ["169.254.169.254"],
        ["fd00:ec2::254"],
        ["::ffff:192.168.1.1"],
        # One good address is not enough when another answer is internal.
        ["93.184.216.34", "127.0.0.1"],
    ],
)
def test_names_resolving_to_internal_addresses_are_refused_before_connecting(
    addresses: list[str],
) -> None:
    with pytest.raises(LinkRefused, match="private or internal"):
        fetch("https://news.example/story", resolver=resolving_to(*addresses))


def test_name_that_does_not_resolve_is_unreachable() -> None:
    def nowhere(host: str) -> list[str]:
        raise OSError("Name or service not known")

    with pytest.raises(LinkUnreachable, match="could not be found"):
        fetch("https://no-such-site.example/", resolver=nowhere)


def test_public_addresses_are_recognised() -> None:
    assert is_public_address("93.184.216.34")
    assert is_public_address("2606:2800:220:1:248:1893:25c8:1946")
    assert not is_public_address("127.0.0.1")
    assert not is_public_address("not an address")


def test_stuck_name_lookup_does_not_outlast_the_deadline() -> None:
    def stuck(host: str) -> list[str]:
        time.sleep(1.0)
        return ["93.184.216.34"]

    started = time.monotonic()
    with pytest.raises(LinkUnreachable, match="within"):
        fetch("https://slow-dns.example/", resolver=stuck, timeout=0.2)
    assert time.monotonic() - started < 0.9
