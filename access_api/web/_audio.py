"""REST API v1: voices and spoken audio, a thin shell over :mod:`access_api.jobs`.

Downloads are served here, with HTTP range requests written out in full
(Litestar's ``File`` has none):

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
- ``If-Range`` that does not match the ``ETag`` -> the whole file.

While an audio file is still being made its endpoints answer ``409`` with a
``Retry-After`` (a problem, never a partial file): a progressive stream would
tie a connection to a job that may run on another machine and fail midway.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

import anyio
import msgspec
from litestar import Controller, Request, Response, get, post, route
from litestar.di import NamedDependency
from litestar.enums import HttpMethod
from litestar.params import JSONBody, Parameter
from litestar.response.base import ASGIResponse
from litestar.response.streaming import ASGIStreamingResponse
from litestar.status_codes import HTTP_200_OK, HTTP_202_ACCEPTED

from access_api.jobs import AudioService, ReadyFile, Variant
from access_api.settings import Settings
from access_api.speech import AudioFormat, Pause, default_voice_id, list_voices
from access_api.store import AudioRecord
from access_api.web._problems import problem_response

__all__ = ["AudioController"]

_CHUNK = 1024 * 1024
# Up to this size a file is read in one go (one trip to a thread); larger
# ones are streamed in chunks, so memory stays flat whatever the file's size.
_WHOLE = 4 * _CHUNK

DocumentId = Annotated[
    str,
    Parameter(
        description="A document's id, as returned when it was created.",
        pattern=r"^[0-9a-f]{32}$",
    ),
]
AudioId = Annotated[
    str,
    Parameter(
        description="An audio's id, as returned when it was asked for.",
        pattern=r"^[0-9a-f]{64}$",
    ),
]


class AudioIn(msgspec.Struct, forbid_unknown_fields=True):
    """What to speak and how; every field has a default."""

    variant: str = Variant.ARTICLE.value
    """``article`` (the whole text) or a reading level: ``easy``, ``standard``, ``detailed``."""
    voice: str | None = None
    """A voice id from ``GET /api/v1/voices``; the default offline voice when omitted."""
    format: str = AudioFormat.MP3.value
    """``mp3`` (the default), ``ogg`` (Opus) or ``wav``."""
    rate: float = 1.0
    """Pace, from 0.5 to 2; 1 is the voice's own."""
    pause: str = Pause.NORMAL.value
    """``normal``, or ``relaxed`` for longer silences between sentences."""


class AudioOut(msgspec.Struct):
    id: str
    document_id: str
    variant: str
    voice: str
    format: str
    rate: float
    pause: str
    status: str
    """``queued``, ``running``, ``done`` or ``failed``."""
    progress: float
    """From 0 to 1."""
    duration_seconds: float | None
    error: str | None
    """Why it failed, when it failed."""
    links: dict[str, str]

    @classmethod
    def from_record(cls, record: AudioRecord) -> AudioOut:
        base = f"/api/v1/audio/{record.id}"
        return cls(
            id=record.id,
            document_id=record.document_id,
            variant=record.variant,
            voice=record.voice,
            format=record.format,
            rate=record.rate,
            pause=record.pause,
            status=record.status.value,
            progress=round(record.progress, 3),
            duration_seconds=record.duration_seconds,
            error=record.error,
            links={
                "self": base,
                "file": f"{base}/file",
                "captions": f"{base}/captions.vtt",
                "timings": f"{base}/timings.json",
                "document": f"/api/v1/documents/{record.document_id}",
            },
        )


class VoiceOut(msgspec.Struct):
    id: str
    engine: str
    language: str
    name: str
    offline: bool
    available: bool
    unavailable_reason: str | None
    licence: str
    default: bool
    """True for the voice used when a request names none (English)."""


class AudioController(Controller):
    path = "/api/v1"
    tags = ("audio",)

    @get("/voices", summary="Every voice, and whether it can be used now", sync_to_thread=True)
    def voices(self, settings: NamedDependency[Settings]) -> list[VoiceOut]:
        """Piper first, then eSpeak NG, then gTTS (online, off unless configured)."""
        default = default_voice_id(settings)
        return [
            VoiceOut(
                id=v.id,
                engine=v.engine,
                language=v.language,
                name=v.name,
                offline=v.offline,
                available=v.available,
                unavailable_reason=v.unavailable_reason,
                licence=v.licence,
                default=v.id == default,
            )
            for v in list_voices(settings)
        ]

    @post(
        "/documents/{doc_id:str}/audio",
        status_code=HTTP_202_ACCEPTED,
        summary="Ask for the spoken audio of a document",
    )
    async def create(
        self, doc_id: DocumentId, data: JSONBody[AudioIn], audio: NamedDependency[AudioService]
    ) -> Response[AudioOut]:
        """Answers ``202`` when the audio is queued now, ``200`` when the same audio
        (same text, voice, rate, pause and format) was asked for before; follow
        ``links.self`` until ``status`` is ``done``, then get ``links.file``.
        """
        record, created = await audio.request(
            doc_id,
            variant=data.variant,
            voice=data.voice,
            format=data.format,
            rate=data.rate,
            pause=data.pause,
        )
        return Response(
            AudioOut.from_record(record),
            status_code=HTTP_202_ACCEPTED if created else HTTP_200_OK,
            headers={"Location": f"/api/v1/audio/{record.id}"},
        )

    @get("/audio/{audio_id:str}", summary="An audio's status and progress")
    async def read(self, audio_id: AudioId, audio: NamedDependency[AudioService]) -> AudioOut:
        return AudioOut.from_record(await audio.get(audio_id))

    @route(
        "/audio/{audio_id:str}/file",
        http_method=[HttpMethod.GET, HttpMethod.HEAD],
        summary="The audio file (ranges, ETag); 409 while it is being made",
    )
    async def file(
        self,
        audio_id: AudioId,
        audio: NamedDependency[AudioService],
        request: Request[Any, Any, Any],
    ) -> ASGIResponse:
        return await _send(request, await audio.audio_file(audio_id), attachment=True)

    @route(
        "/audio/{audio_id:str}/captions.vtt",
        http_method=[HttpMethod.GET, HttpMethod.HEAD],
        summary="WebVTT captions: one cue per sentence",
    )
    async def captions(
        self,
        audio_id: AudioId,
        audio: NamedDependency[AudioService],
        request: Request[Any, Any, Any],
    ) -> ASGIResponse:
        return await _send(request, await audio.captions_file(audio_id), attachment=False)

    @route(
        "/audio/{audio_id:str}/timings.json",
        http_method=[HttpMethod.GET, HttpMethod.HEAD],
        summary="Where each sentence is heard, in seconds, as JSON",
    )
    async def timings(
        self,
        audio_id: AudioId,
        audio: NamedDependency[AudioService],
        request: Request[Any, Any, Any],
    ) -> ASGIResponse:
        return await _send(request, await audio.timings_file(audio_id), attachment=False)


class _Unsatisfiable(Exception):
    """The Range cannot be served; the message says why."""


_RANGE = re.compile(r"^\s*(\d*)\s*-\s*(\d*)\s*$")


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
        msg = f"The Range header {header!r} is not valid. Use, e.g., bytes=0-99."
        raise _Unsatisfiable(msg)
    first, last = match[1], match[2]
    if not first:
        suffix = int(last)
        if suffix == 0 or size == 0:
            msg = f"The Range {header!r} asks for no bytes; the file has {size} bytes."
            raise _Unsatisfiable(msg)
        return max(0, size - suffix), size - 1
    start = int(first)
    end = int(last) if last else size - 1
    if end < start:
        msg = f"The Range {header!r} ends before it starts. Use, e.g., bytes=0-99."
        raise _Unsatisfiable(msg)
    if start >= size:
        msg = f"The Range {header!r} starts past the end of the file ({size} bytes)."
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


async def _send(
    request: Request[Any, Any, Any], ready: ReadyFile, *, attachment: bool
) -> ASGIResponse:
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
