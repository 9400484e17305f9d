"""REST API v1: voices and spoken audio, a thin shell over :mod:`access_api.jobs`.

Files are sent by :mod:`access_api.web._files` (ETags and ranges). While an
audio file is still being made its file, captions and timings answer ``409``
with a ``Retry-After`` (a problem, never a partial file a player would take for
the whole). Listening does not wait: ``/stream`` sends an MP3 as it is being
made, sentence by sentence, over a chunked response that ends when the job
does (see :mod:`access_api.jobs._stream`), and the finished file once there is
one.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post, route
from litestar.di import NamedDependency
from litestar.enums import HttpMethod
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import JSONBody
from litestar.response.base import ASGIResponse
from litestar.response.streaming import ASGIStreamingResponse
from litestar.status_codes import HTTP_200_OK, HTTP_202_ACCEPTED

from access_api.documents import Documents
from access_api.jobs import AudioService, ReadyFile
from access_api.settings import Settings
from access_api.speech import default_voice_id, list_voices, pronunciations_for
from access_api.web._files import send_file
from access_api.web._schemas import (
    AudioId,
    AudioIn,
    AudioOut,
    DocumentId,
    PronunciationOut,
    VoiceOut,
)

__all__ = ["AudioController"]


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

    @get(
        "/pronunciations",
        summary="The pronunciation list: how listed words and names are said",
        sync_to_thread=True,
    )
    def pronunciations(self, settings: NamedDependency[Settings]) -> list[PronunciationOut]:
        """The bundled list and the server's own entries (``ACCESS_API_PRONUNCIATIONS_FILE``),
        which win, sorted by written form. Audio uses the list in force when it is
        asked for; changing an entry makes the audio that uses it again.
        """
        return [
            PronunciationOut.from_pronunciation(p) for p in pronunciations_for(settings).entries
        ]

    @post(
        "/documents/{doc_id:str}/audio",
        status_code=HTTP_202_ACCEPTED,
        summary="Ask for the spoken audio of a document",
    )
    async def create(
        self,
        doc_id: DocumentId,
        data: JSONBody[AudioIn],
        documents: NamedDependency[Documents],
        audio: NamedDependency[AudioService],
    ) -> Response[AudioOut]:
        """Answers ``202`` when the audio is queued now, ``200`` when the same audio
        (same text, voice, rate, pause and format) was asked for before; follow
        ``links.self`` until ``status`` is ``done``, then get ``links.file``.
        """
        record, created = await audio.request(
            await documents.get(doc_id),
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
        return await send_file(request, await audio.audio_file(audio_id), attachment=True)

    @get(
        "/audio/{audio_id:str}/stream",
        summary="The audio to listen to now: MP3 as it is being made, or the finished file",
        responses={
            200: ResponseSpec(
                data_container=bytes,
                media_type="audio/mpeg",
                description="While the audio is being made: MP3, sent as it is encoded "
                "(chunked, no `Content-Length`, `Cache-Control: no-store`), ending when "
                "the audio is finished. Once it is finished: the file, with `ETag`, as "
                "`/file` sends it (`audio/mpeg`, `audio/ogg` or `audio/wav`).",
            ),
            206: ResponseSpec(
                data_container=bytes,
                media_type="audio/mpeg",
                description="Finished audio only: the range asked for, as `/file` sends it.",
            ),
            409: ResponseSpec(
                data_container=dict[str, Any],
                generate_examples=False,
                description="Audio in another format than MP3 is still being made (`Retry-After`).",
            ),
            503: ResponseSpec(
                data_container=dict[str, Any],
                generate_examples=False,
                description="The server follows as many streams as it may (`Retry-After`).",
            ),
        },
    )
    async def stream(
        self,
        audio_id: AudioId,
        audio: NamedDependency[AudioService],
        request: Request[Any, Any, Any],
    ) -> ASGIResponse:
        """While an MP3 is being made: ``200`` with the audio as it is encoded, a
        sentence at a time (a chunked response with no length, that cannot be
        seeked in and ends when the audio is finished). The first sentence is
        heard as soon as it is spoken, with the same timings as the finished
        file (``timings.json``, once it is done). Once the audio is finished:
        the file, as ``links.file`` sends it (ranges, ``ETag``).

        A client that leaves stops nothing: the audio is still made and stored.
        ``409`` with ``Retry-After`` for another format still being made;
        ``503`` with ``Retry-After`` when the server follows as many streams
        as it may (``ACCESS_API_MAX_STREAMS``).
        """
        found = await audio.stream(audio_id)
        if isinstance(found, ReadyFile):
            return await send_file(request, found, attachment=False)
        return ASGIStreamingResponse(
            iterator=found.chunks,
            media_type=found.media_type,
            # Made while it is sent: never to be kept, and never a range of it.
            headers={"Cache-Control": "no-store", "Accept-Ranges": "none"},
        )

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
        return await send_file(request, await audio.captions_file(audio_id), attachment=False)

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
        return await send_file(request, await audio.timings_file(audio_id), attachment=False)
