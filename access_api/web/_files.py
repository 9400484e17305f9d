"""Sending a file: a stored one (ETags, conditional requests, ranges), or one made for a response.

Litestar's ``File`` has no range requests, so they are written out here in
full:

- ``Range: bytes=a-b``, ``bytes=a-`` or ``bytes=-n`` (one range) -> ``206``
  with ``Content-Range``;
- a well-formed range that starts past the end (or ``bytes=-0``) -> ``416``
  with ``Content-Range: bytes */SIZE``;
- a malformed ``bytes=`` range (``bytes=abc``, ``bytes=9-2``) -> ``416`` too:
  RFC 9110 (section 14.2) lets a server reject an invalid range, and a clear
  problem helps the client's author more than a silent full download;
- another range unit, or several ranges at once -> ignored: the whole file
  with ``200`` (RFC 9110 requires ignoring unknown units and allows ignoring
  any Range; multipart answers are not worth their cost for audio);
- ``If-Range`` that does not match the ``ETag`` -> the whole file;
- ``If-None-Match`` that matches -> ``304``.

A file made for one response (an export) has no ETag nor ranges: it is sent
whole from an anonymous temporary file (:func:`send_temporary_file`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import AsyncIterator
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

import anyio
from litestar import Request
from litestar.enums import HttpMethod
from litestar.response import Stream
from litestar.response.base import ASGIResponse
from litestar.response.streaming import ASGIStreamingResponse

from access_api.jobs import ReadyFile
from access_api.web._problems import problem_response

__all__ = ["content_disposition", "parse_range", "send_file", "send_temporary_file"]

_CHUNK = 1024 * 1024
# Up to this size a file is read in one go (one trip to a thread); larger
# ones are streamed in chunks, so memory stays flat whatever the file's size.
_WHOLE = 4 * _CHUNK


class _Unsatisfiable(Exception):
    """The Range cannot be served; the message says why."""


_RANGE = re.compile(r"^\s*(\d*)\s*-\s*(\d*)\s*$")
# More digits than any file's size has: read as "past any end", never by int(),
# which refuses numbers of more than 4,300 digits.
_MAX_DIGITS = 18


def _shown(header: str) -> str:
    """The Range header as quoted in a message: a hostile one can be very long."""
    return repr(header if len(header) <= 60 else header[:57] + "...")


def _position(digits: str) -> int:
    """A byte position as written in a Range, however many digits it has."""
    digits = digits.lstrip("0") or "0"
    return int(digits) if len(digits) <= _MAX_DIGITS else 10**_MAX_DIGITS


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The one byte range to send, inclusive, or ``None`` for the whole file.

    See the module's docstring for the rules.

    Raises:
        _Unsatisfiable: a malformed or unsatisfiable ``bytes`` range.
    """
    if header is None:
        return None
    unit, _, spec = header.partition("=")
    if unit.strip().lower() != "bytes":
        return None
    if "," in spec:
        return None
    match = _RANGE.match(spec)
    if match is None or not (match[1] or match[2]):
        msg = f"The Range header {_shown(header)} is not valid. Use, e.g., bytes=0-99."
        raise _Unsatisfiable(msg)
    first, last = match[1], match[2]
    if not first:
        suffix = _position(last)
        if suffix == 0 or size == 0:
            msg = f"The Range {_shown(header)} asks for no bytes; the file has {size} bytes."
            raise _Unsatisfiable(msg)
        return max(0, size - suffix), size - 1
    start = _position(first)
    end = _position(last) if last else size - 1
    if last and end < start:
        msg = f"The Range {_shown(header)} ends before it starts. Use, e.g., bytes=0-99."
        raise _Unsatisfiable(msg)
    if start >= size:
        msg = f"The Range {_shown(header)} starts past the end of the file ({size} bytes)."
        raise _Unsatisfiable(msg)
    return start, min(end, size - 1)


def content_disposition(name: str, *, attachment: bool) -> str:
    """A ``Content-Disposition`` value: an ASCII ``filename`` and the UTF-8 ``filename*``.

    No character of ``name`` can end the header or the quoted string: control
    characters (CR, LF...), quotes and backslashes never reach it.
    """
    safe = "".join(c for c in name if unicodedata.category(c)[0] != "C" and c not in '"\\')
    ascii_name = unicodedata.normalize("NFKD", safe).encode("ascii", "ignore").decode()
    ascii_name = re.sub(r"[^A-Za-z0-9 ._()\-]", "_", ascii_name).strip() or "audio"
    kind = "attachment" if attachment else "inline"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(safe, safe='')}"


def _matches(header: str | None, etag: str) -> bool:
    if header is None:
        return False
    tags = {t.strip().removeprefix("W/") for t in header.split(",")}
    return "*" in tags or etag in tags


async def _chunks(ready: ReadyFile, start: int, length: int) -> AsyncIterator[bytes]:
    async with await anyio.open_file(ready.path, "rb") as handle:
        await handle.seek(start)
        left = length
        while left > 0:
            chunk = await handle.read(min(_CHUNK, left))
            if not chunk:
                break
            left -= len(chunk)
            yield chunk


def _read(path: Path, start: int, length: int) -> bytes:
    with path.open("rb") as handle:
        handle.seek(start)
        return handle.read(length)


async def send_file(
    request: Request[Any, Any, Any], ready: ReadyFile, *, attachment: bool
) -> ASGIResponse:
    """The file, whole or the range asked for, or ``304`` when the client's copy is current.

    Args:
        attachment: offer it for download (audio) rather than to show (captions).
    """
    headers = {
        "ETag": ready.etag,
        "Accept-Ranges": "bytes",
        "Content-Disposition": content_disposition(ready.download_name, attachment=attachment),
        # The id names the content, so a stored copy stays right.
        "Cache-Control": "public, max-age=86400",
    }
    if _matches(request.headers.get("if-none-match"), ready.etag):
        return ASGIResponse(status_code=304, headers=headers)
    wanted = request.headers.get("range")
    if_range = request.headers.get("if-range")
    if if_range is not None and if_range.strip() != ready.etag:
        wanted = None
    try:
        span = parse_range(wanted, ready.size)
    except _Unsatisfiable as exc:
        problem = problem_response(
            request,
            status=416,
            title="Range not satisfiable",
            detail=str(exc),
            headers={
                "ETag": ready.etag,
                "Accept-Ranges": "bytes",
                "Content-Range": f"bytes */{ready.size}",
            },
        )
        return problem.to_asgi_response(app=None, request=request)
    start, end = span if span is not None else (0, ready.size - 1)
    length = end - start + 1 if ready.size else 0
    headers["Content-Type"] = ready.media_type
    headers["Content-Length"] = str(length)
    status = 200
    if span is not None:
        status = 206
        headers["Content-Range"] = f"bytes {start}-{end}/{ready.size}"
    if request.method == HttpMethod.HEAD:
        return ASGIResponse(status_code=status, headers=headers, is_head_response=True)
    if length <= _WHOLE:
        body = await anyio.to_thread.run_sync(_read, ready.path, start, length)
        return ASGIResponse(
            body=body, status_code=status, headers=headers, media_type=ready.media_type
        )
    return ASGIStreamingResponse(
        iterator=_chunks(ready, start, length), status_code=status, headers=headers
    )


async def _drain(handle: IO[bytes]) -> AsyncIterator[bytes]:
    try:
        while chunk := await anyio.to_thread.run_sync(handle.read, _CHUNK):
            yield chunk
    finally:
        handle.close()


def send_temporary_file(handle: IO[bytes], *, media_type: str, name: str) -> Stream:
    """A file just written for this response, sent whole as a download, then closed.

    Args:
        handle: an anonymous temporary file, written and still open (its position at
            the end); it is closed however the response ends, and its bytes go with it.
        name: the file name offered to people.
    """
    size = handle.tell()
    handle.seek(0)
    return Stream(
        _drain(handle),
        media_type=media_type,
        headers={
            "Content-Length": str(size),
            "Content-Disposition": content_disposition(name, attachment=True),
            # Made for this request (a book holds the date it was made): not to be kept.
            "Cache-Control": "no-store",
        },
    )
