"""Fetching a web page from a link someone gave us, without being turned on ourselves.

A link is a request to make *our* server connect somewhere, so every hop is
checked before any connection is made:

* only ``http`` and ``https``, no user name or password in the link;
* the host name is resolved here, and every address it resolves to must be a
  public one: loopback, private, link-local, multicast, reserved, unspecified,
  shared (carrier-grade NAT) and cloud-metadata addresses are refused, for IPv4
  and IPv6, including IPv6 forms that carry an IPv4 address inside
  (IPv4-mapped, 6to4, Teredo, NAT64);
* numbers written in unusual forms (``http://2130706433/``,
  ``http://0177.0.0.1/``, ``http://0x7f.1/``) are refused outright, and so are
  names such as ``localhost`` and ``metadata.google.internal``;
* the connection is *pinned* to the checked address: the request goes to that
  IP, with the name sent as the Host header and as the TLS server name (SNI),
  so a second DNS answer cannot swap in another address (DNS rebinding);
* redirects are followed by hand, each new location checked the same way;
* the whole fetch has one deadline and the body a byte limit, read as a
  stream; only HTML, XHTML and plain text are accepted.

A compressed body is decoded here, not by httpx, in steps of at most
:data:`_CHUNK` bytes of output, each counted against the byte limit as it is
made: httpx would inflate a whole network chunk at once, and 1,826 bytes of
``Content-Encoding: gzip, gzip`` make a gibibyte. Only ``gzip`` and ``deflate``
are asked for and only one of them is accepted. A page's declared character set
must be a text encoding (``charset=rot13`` or ``base64`` is not one) or it is
ignored, as if none had been declared.

Errors (all :class:`~access_api.errors.LinkError`)::

    LinkRefused       the link is not allowed (scheme, address, name)
    LinkNotArticle    the link is not a web page or text
    LinkTooLarge      the page is larger than the limit
    LinkUnreachable   no answer in time, an error status, too many redirects
"""

from __future__ import annotations

import codecs
import ipaddress
import re
import socket
import zlib
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, TypeAlias

import anyio
import httpx

from access_api import __version__
from access_api.errors import LinkNotArticle, LinkRefused, LinkTooLarge, LinkUnreachable

if TYPE_CHECKING:
    import ssl
    from collections.abc import Callable, Collection, Sequence

__all__ = ["ACCEPTED_TYPES", "FetchedPage", "Resolver", "fetch_url", "is_public_address"]

Resolver: TypeAlias = "Callable[[str], Sequence[str]]"
"""Turns a host name into its IP addresses."""

_Decoder: TypeAlias = "zlib._Decompress | _Deflate"

ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
"""Content types a link may return."""

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_REFUSED_NAMES = frozenset({"localhost", "metadata", "metadata.google.internal", "instance-data"})
_REFUSED_SUFFIXES = (".localhost", ".internal")
_NUMERIC_HOST = re.compile(r"^(?:0x[0-9a-f]*|[0-9]+)(?:\.(?:0x[0-9a-f]*|[0-9]+))*\.?$")
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
# IETF protocol assignments, not reachable from the internet, where Oracle
# Cloud's metadata service listens (192.0.0.192); Python before 3.11.10 and
# 3.12.4 calls most of this range global.
_PROTOCOL_ASSIGNMENTS = ipaddress.IPv4Network("192.0.0.0/24")
# Cloud metadata services on addresses that the checks below would not all
# catch by category in every Python version.
_METADATA_ADDRESSES = frozenset(
    {
        ipaddress.ip_address("169.254.169.254"),
        ipaddress.ip_address("169.254.170.2"),
        ipaddress.ip_address("100.100.100.200"),
        ipaddress.ip_address("fd00:ec2::254"),
    }
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
_CHUNK = 65_536
_CODINGS = frozenset({"gzip", "x-gzip", "deflate"})
"""The content codings accepted, one at a time."""
# Codecs Python calls text encodings that decode escapes or names, not a page's text.
_NOT_PAGE_ENCODINGS = frozenset(
    {"undefined", "unicode-escape", "raw-unicode-escape", "idna", "punycode", "utf-7"}
)
_USER_AGENT = f"access_api/{__version__} (reads articles aloud and in plain words)"


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """A page fetched from a link."""

    url: str
    """The final address, after redirects."""
    content_type: str
    """``text/html``, ``application/xhtml+xml`` or ``text/plain``."""
    text: str


def is_public_address(address: str) -> bool:
    """True when ``address`` (an IP) is one the public internet can reach."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if ip in _METADATA_ADDRESSES or ip in _PROTOCOL_ASSIGNMENTS:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        # An IPv4 address inside an IPv6 one reaches that IPv4 host.
        if ip.ipv4_mapped is not None or ip.sixtofour is not None or ip.teredo is not None:
            return False
        if ip in _NAT64:
            return is_public_address(str(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)))
        if ip.is_site_local:
            return False
    special = (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )
    return ip.is_global and not special


@cache
def _ssl_context() -> ssl.SSLContext:
    # Loading the certificate store takes tens of milliseconds; do it once.
    return httpx.create_ssl_context()


def _system_resolver(host: str) -> list[str]:
    infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _parse(url: str) -> httpx.URL:
    try:
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        msg = f"{url!r} is not a valid web address. Check the link and try again."
        raise LinkRefused(msg) from exc
    if parsed.scheme not in ("http", "https"):
        msg = "Only http:// and https:// links can be read."
        raise LinkRefused(msg)
    if parsed.userinfo:
        msg = "Links with a user name or password in them are not accepted."
        raise LinkRefused(msg)
    if not parsed.raw_host:
        msg = f"{url!r} has no site name. Check the link and try again."
        raise LinkRefused(msg)
    return parsed


def _origin(url: httpx.URL) -> str:
    port = url.port or (443 if url.scheme == "https" else 80)
    return f"{url.scheme}://{url.raw_host.decode('ascii')}:{port}"


async def _checked_address(
    url: httpx.URL, resolver: Resolver, allow_private: Collection[str]
) -> str:
    """Resolve ``url``'s host and return the address to connect to, or refuse."""
    host = url.raw_host.decode("ascii").lower()
    bare = host.rstrip(".")
    refused = LinkRefused(
        "The link points to a private or internal address, which cannot be read. "
        "Use a link to a public web page."
    )
    if bare in _REFUSED_NAMES or bare.endswith(_REFUSED_SUFFIXES):
        raise refused
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is None and _NUMERIC_HOST.match(host):
        msg = "The link writes its address as an unusual number; use the site's name instead."
        raise LinkRefused(msg)
    if literal is not None:
        addresses: Sequence[str] = [str(literal)]
    else:
        try:
            # Abandoned, not awaited, when the deadline passes: a stuck lookup
            # must not hold the request past its time limit.
            addresses = await anyio.to_thread.run_sync(resolver, host, abandon_on_cancel=True)
        except (OSError, UnicodeError) as exc:
            msg = f"The site {bare} could not be found. Check the link."
            raise LinkUnreachable(msg) from exc
    if not addresses:
        msg = f"The site {bare} could not be found. Check the link."
        raise LinkUnreachable(msg)
    if _origin(url) not in allow_private and not all(is_public_address(a) for a in addresses):
        raise refused
    return addresses[0]


def _pinned(url: httpx.URL, address: str) -> tuple[httpx.URL, dict[str, str], dict[str, str]]:
    """The URL to request (host replaced by ``address``), its headers and extensions."""
    host = url.raw_host.decode("ascii")
    netloc = host if ":" not in host else f"[{host}]"
    if url.port is not None:
        netloc = f"{netloc}:{url.port}"
    headers = {
        "Host": netloc,
        "User-Agent": _USER_AGENT,
        "Accept": ", ".join(ACCEPTED_TYPES),
        "Accept-Encoding": "gzip, deflate",
    }
    return url.copy_with(host=address), headers, {"sni_hostname": host}


def _media_type(response: httpx.Response) -> tuple[str, str | None]:
    header = response.headers.get("content-type", "")
    media, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip("\"'") or None
    return media.strip().lower(), charset


def _text_codec(charset: str | None) -> str | None:
    """The codec of a declared character set, when it is a text encoding."""
    if charset is None:
        return None
    try:
        info = codecs.lookup(charset)
    except LookupError:
        return None
    # rot13, base64, hex, zlib... are codecs too, from bytes to bytes.
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_PAGE_ENCODINGS:
        return None
    return info.name


def _decode(body: bytes, media: str, charset: str | None) -> str:
    codec = _text_codec(charset)
    if codec is None and media != "text/plain":
        found = _META_CHARSET.search(body[:4096])
        codec = _text_codec(found.group(1).decode("ascii")) if found else None
    if body.startswith(codecs.BOM_UTF8):
        codec = "utf-8-sig"
    codec = codec or "utf-8"
    try:
        return body.decode(codec)
    except UnicodeDecodeError:
        # Pages that declare nothing, or the wrong thing, are most often
        # Windows-1252; replacement characters beat refusing the article.
        fallback = "cp1252" if codec == "utf-8" else "utf-8"
        return body.decode(fallback, errors="replace")


def _decompressor(response: httpx.Response) -> _Decoder | None:
    """A decoder for the body's one content coding, ``None`` when it has none.

    Raises:
        LinkNotArticle: the body is encoded twice, or in a coding not asked for.
    """
    header = response.headers.get("content-encoding", "")
    codings = [c.strip().lower() for c in header.split(",") if c.strip()]
    codings = [c for c in codings if c != "identity"]
    if not codings:
        return None
    if len(codings) > 1 or codings[0] not in _CODINGS:
        msg = (
            f"The site sent the page encoded as {header.strip()!r}; only one gzip or "
            "deflate compression is accepted."
        )
        raise LinkNotArticle(msg)
    return _Deflate() if codings[0] == "deflate" else zlib.decompressobj(16 + zlib.MAX_WBITS)


class _Deflate:
    """``deflate`` as sites send it: zlib-wrapped as the standard says, or raw,
    as some servers do; told apart by the first two bytes, as httpx does by trial."""

    def __init__(self) -> None:
        self._inner: zlib._Decompress | None = None

    def _decoder(self, data: bytes) -> zlib._Decompress:
        if self._inner is None:
            wrapped = len(data) < 2 or (data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0)
            self._inner = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
        return self._inner

    @property
    def eof(self) -> bool:
        return self._inner is not None and self._inner.eof

    @property
    def unconsumed_tail(self) -> bytes:
        return self._inner.unconsumed_tail if self._inner is not None else b""

    def decompress(self, data: bytes, max_length: int) -> bytes:
        return self._decoder(data).decompress(data, max_length)


def _inflate(decoder: _Decoder, data: bytes, room: int) -> list[bytes]:
    """Decode ``data`` in steps of at most :data:`_CHUNK` bytes, stopping past ``room``.

    Returns:
        The pieces made; together longer than ``room`` only when the body is.
    """
    pieces: list[bytes] = []
    made = 0
    while not decoder.eof and made <= room:
        # zlib may hold output back after a step even when all input is taken.
        piece = decoder.decompress(data, _CHUNK)
        data = decoder.unconsumed_tail
        if not piece and not data:
            break
        pieces.append(piece)
        made += len(piece)
    return pieces


async def _read_limited(response: httpx.Response, max_bytes: int) -> bytes:
    """The body, decoded, read a network chunk at a time; at most ``max_bytes`` of it.

    Raises:
        LinkTooLarge: the body, before or after decoding, is over ``max_bytes``.
        LinkNotArticle: its content coding is refused or its compression is broken.
    """
    declared = response.headers.get("content-length", "")
    too_large = LinkTooLarge(
        f"The page is larger than the limit of {max_bytes:,} bytes, so it was not read."
    )
    if declared.isdigit() and int(declared) > max_bytes:
        raise too_large
    decoder = _decompressor(response)
    chunks: list[bytes] = []
    size = received = 0
    try:
        async for raw in response.aiter_raw(_CHUNK):
            received += len(raw)
            pieces = [raw] if decoder is None else _inflate(decoder, raw, max_bytes - size)
            size += sum(len(piece) for piece in pieces)
            if size > max_bytes or received > max_bytes:
                raise too_large
            chunks.extend(pieces)
            if decoder is not None and decoder.eof:
                break
    except zlib.error as exc:
        msg = "The site sent the page with broken compression, so it could not be read."
        raise LinkNotArticle(msg) from exc
    return b"".join(chunks)


async def _fetch(
    client: httpx.AsyncClient,
    url: httpx.URL,
    *,
    max_bytes: int,
    max_redirects: int,
    resolver: Resolver,
    allow_private: Collection[str],
) -> FetchedPage:
    for _hop in range(max_redirects + 1):
        address = await _checked_address(url, resolver, allow_private)
        target, headers, extensions = _pinned(url, address)
        request = client.build_request("GET", target, headers=headers, extensions=extensions)
        response = await client.send(request, stream=True)
        try:
            if response.status_code in _REDIRECTS and "location" in response.headers:
                url = _parse(str(url.join(response.headers["location"])))
                continue
            if not response.is_success:
                msg = (
                    f"The site answered {response.status_code} {response.reason_phrase} "
                    "instead of the page. Check the link."
                )
                raise LinkUnreachable(msg)
            media, charset = _media_type(response)
            if media and media not in ACCEPTED_TYPES:
                msg = (
                    f"The link leads to {media}, not to a web page or text. "
                    "Link to the article's page instead."
                )
                raise LinkNotArticle(msg)
            body = await _read_limited(response, max_bytes)
        finally:
            await response.aclose()
        if not media:
            media = "text/html" if body.lstrip()[:1] == b"<" else "text/plain"
        if b"\x00" in body:
            msg = "The link leads to a binary file, not to a web page or text."
            raise LinkNotArticle(msg)
        return FetchedPage(url=str(url), content_type=media, text=_decode(body, media, charset))
    msg = f"The link redirected more than {max_redirects} times, so it was not followed."
    raise LinkUnreachable(msg)


async def fetch_url(
    url: str,
    *,
    timeout: float,
    max_bytes: int,
    max_redirects: int,
    resolver: Resolver | None = None,
    allow_private: Collection[str] = (),
) -> FetchedPage:
    """Fetch a web page or text file from a public link.

    Args:
        url: the link.
        timeout: seconds for the whole fetch, redirects and download included.
        max_bytes: the largest body read.
        max_redirects: the most redirects followed.
        resolver: turns a host name into IP addresses; the system's resolver
            (``getaddrinfo``) by default.
        allow_private: origins (``"http://127.0.0.1:8080"``) that may be on a
            private address, checked per hop. For tests against local servers
            only; the service never sets it.

    Returns:
        The page: its final address, content type and decoded text.

    Raises:
        LinkRefused: the link is not allowed.
        LinkNotArticle: it does not lead to HTML or text.
        LinkTooLarge: the page is over ``max_bytes``.
        LinkUnreachable: it could not be fetched in time, or the site answered
            with an error.
    """
    parsed = _parse(url)
    # trust_env=False: a proxy from the environment would connect by name and
    # undo the pinning; no keep-alive, so a connection is never reused for
    # another name on the same address.
    async with httpx.AsyncClient(
        follow_redirects=False,
        trust_env=False,
        verify=_ssl_context(),
        timeout=httpx.Timeout(timeout),
        limits=httpx.Limits(max_keepalive_connections=0),
    ) as client:
        try:
            with anyio.fail_after(timeout):
                return await _fetch(
                    client,
                    parsed,
                    max_bytes=max_bytes,
                    max_redirects=max_redirects,
                    resolver=resolver or _system_resolver,
                    allow_private=allow_private,
                )
        except TimeoutError as exc:
            msg = f"The site did not send the page within {timeout:g} seconds. Try again later."
            raise LinkUnreachable(msg) from exc
        except httpx.TimeoutException as exc:
            msg = f"The site did not send the page within {timeout:g} seconds. Try again later."
            raise LinkUnreachable(msg) from exc
        except httpx.HTTPError as exc:
            msg = f"The site could not be reached ({type(exc).__name__}). Check the link."
            raise LinkUnreachable(msg) from exc
