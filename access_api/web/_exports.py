"""What people take away: read-along books, Word files and captions sized for a screen.

A thin shell over :class:`access_api.export.Exports` and the stored timings:

- ``GET /api/v1/documents/{id}/export?format=epub|docx&variant=...``: the file.
  A Word file is made at once. A book holds the stored MP3 audio of each
  chapter: while it is missing the answer is ``409`` with ``Retry-After`` and
  the audio to follow (a problem's ``audio`` member), never a book without
  its audio and never a second synthesis.
- ``POST /api/v1/documents/{id}/export``: has the missing audio made (the
  usual audio jobs), answering ``202`` with its progress, or ``200`` once the
  file can be had; then ``GET`` as above (``links.file``).
- ``GET /api/v1/audio/{id}/screen-captions.vtt``: cues of at most two lines of
  about 42 characters, made from the stored timings.

The results page's own form and downloads are in :mod:`access_api.web._export_pages`.
"""

from __future__ import annotations

import tempfile
from typing import Any

import anyio.to_thread
from litestar import Controller, Response, get, post
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import JSONBody
from litestar.response import Stream
from litestar.status_codes import HTTP_200_OK, HTTP_202_ACCEPTED

from access_api.documents import Documents
from access_api.export import ALL_VARIANTS, ExportOptions, Exports, export_status
from access_api.jobs import AudioService
from access_api.speech import parse_timings, screen_webvtt
from access_api.store import AudioStatus, StoredDocument
from access_api.web._files import content_disposition, send_temporary_file
from access_api.web._schemas import (
    AudioId,
    AudioOut,
    DocumentId,
    ExportFormatQuery,
    ExportIn,
    ExportOut,
    ExportVariantQuery,
    ExportVoiceQuery,
    export_link,
)

__all__ = ["ExportController"]


async def _send_export(exports: Exports, doc: StoredDocument, options: ExportOptions) -> Stream:
    # An anonymous file: gone once closed, however the response ends.
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (closed by send_temporary_file)
    try:
        made = await exports.write(doc, options, handle)
    except BaseException:
        handle.close()
        raise
    return send_temporary_file(handle, media_type=made.media_type, name=made.download_name)


class ExportController(Controller):
    path = "/api/v1"
    tags = ("exports",)

    @get(
        "/documents/{doc_id:str}/export",
        summary="A document as a read-along EPUB book or a Word file",
        responses={
            200: ResponseSpec(
                data_container=bytes,
                media_type="application/epub+zip",
                description="The file: `application/epub+zip` for `epub`, "
                "`application/vnd.openxmlformats-officedocument.wordprocessingml.document` "
                "for `docx`.",
            ),
            409: ResponseSpec(
                data_container=dict[str, Any],
                generate_examples=False,
                description="A book's audio is not made yet: the problem's `audio` lists "
                "the audio to follow; `POST` the same path to have it made.",
            ),
        },
    )
    async def export(
        self,
        doc_id: DocumentId,
        documents: NamedDependency[Documents],
        exports: NamedDependency[Exports],
        format: ExportFormatQuery,
        variant: ExportVariantQuery = ALL_VARIANTS,
        voice: ExportVoiceQuery = None,
    ) -> Stream:
        """A book holds the same audio files as the downloads, with each sentence
        highlighted as it is read (EPUB 3 Media Overlays); a Word file holds the text.
        """
        options = ExportOptions.parse(format, variant, voice)
        return await _send_export(exports, await documents.get(doc_id), options)

    @post(
        "/documents/{doc_id:str}/export",
        status_code=HTTP_202_ACCEPTED,
        summary="Have what an export needs made (a book's audio)",
        responses={
            200: ResponseSpec(
                data_container=ExportOut,
                description="Everything is made: `links.file` can be downloaded.",
            )
        },
    )
    async def prepare(
        self,
        doc_id: DocumentId,
        data: JSONBody[ExportIn],
        documents: NamedDependency[Documents],
        exports: NamedDependency[Exports],
    ) -> Response[ExportOut]:
        """Asks for the audio a book needs, like ``POST .../audio`` for each chapter.
        Answers ``202`` while it is being made (follow ``audio[].links.self``, or send
        this again) and ``200`` once ``links.file`` can be downloaded.
        """
        options = ExportOptions.parse(data.format, data.variant, data.voice)
        doc = await documents.get(doc_id)
        records = await exports.prepare(doc, options)
        status, progress = export_status(records)
        audio = [AudioOut.from_record(r) for r in records]
        body = ExportOut(
            format=options.format.value,
            variant=data.variant,
            status=status,
            progress=progress,
            audio=audio,
            links={
                "file": export_link(doc.id, options, data.variant),
                "document": f"/api/v1/documents/{doc.id}",
            },
        )
        done = status == AudioStatus.DONE.value
        return Response(
            body,
            status_code=HTTP_200_OK if done else HTTP_202_ACCEPTED,
            headers={} if done else {"Retry-After": "5"},
        )

    @get(
        "/audio/{audio_id:str}/screen-captions.vtt",
        summary="WebVTT captions sized for a screen: two lines of about 42 characters",
        media_type="text/vtt",
    )
    async def screen_captions(
        self, audio_id: AudioId, audio: NamedDependency[AudioService]
    ) -> Response[str]:
        """Each sentence cut between words into cues of at most two lines, timed inside
        the sentence in proportion to its spoken length. ``captions.vtt`` keeps one cue
        per sentence.
        """
        timings = await audio.timings_file(audio_id)
        raw = await anyio.to_thread.run_sync(timings.path.read_bytes)
        text = await anyio.to_thread.run_sync(lambda: screen_webvtt(parse_timings(raw)))
        name = timings.download_name.rsplit(".", 1)[0] + " - screen captions.vtt"
        return Response(
            text,
            media_type="text/vtt; charset=utf-8",
            headers={
                "Content-Disposition": content_disposition(name, attachment=False),
                "Cache-Control": "public, max-age=86400",
            },
        )
