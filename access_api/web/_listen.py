"""What the results page shows of each variant's audio: its player, captions and downloads.

A variant (a summary, or the whole article) may have been asked for in
several formats and voices; the page shows one player, for the default
voice's MP3 when there is one, a download per format already asked for, and
a button for each format not asked for yet (the page asks for MP3 alone).
While that MP3 is being made the player is live: it plays the stream, which
starts within a second, and the captions and downloads follow once it is done.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from access_api.jobs import Variant
from access_api.speech import AudioFormat
from access_api.store import UNFINISHED, AudioStatus
from access_api.text import ReadingLevel

if TYPE_CHECKING:
    from access_api.jobs import AudioService
    from access_api.store import AudioRecord, StoredDocument

__all__ = ["FORMATS", "VARIANTS", "AudioView", "Download", "audio_views"]

VARIANTS = (*(level.value for level in ReadingLevel), Variant.ARTICLE.value)
"""What can be listened to: each summary, easiest first, then the whole article."""

FORMATS = tuple(f.value for f in AudioFormat)
"""Every download format; the player plays the first (MP3)."""

_FILE_NAMES = {"mp3": "an MP3 file", "ogg": "an OGG file", "wav": "a WAV file"}
"""Each format as a button names it: "Make an OGG file"."""


@dataclass(frozen=True, slots=True)
class Download:
    name: str
    """The format as people know it: "MP3"."""
    url: str | None
    """``None`` until the file is ready."""
    failed: bool


@dataclass(frozen=True, slots=True)
class AudioView:
    """What the page shows of one variant's audio."""

    status: str
    """Of the file the player plays: ``queued``, ``running``, ``done`` or ``failed``."""
    progress: float
    error: str | None
    file: str
    stream: str
    """What a live player plays: the audio as it is made (the file once it is done)."""
    live: bool
    """The player's MP3 is being made: the page offers its stream."""
    captions: str
    timings: str
    status_url: str | None
    """Where to follow the first format still being made, if any."""
    formats: list[Download]
    not_asked: list[tuple[str, str]]
    """Formats nobody has asked for yet, and how to name them: ``[("ogg", "an OGG file")]``."""


async def audio_views(
    audio: AudioService, doc: StoredDocument, default_voice: str
) -> dict[str, AudioView]:
    """The audio already asked for, per variant: the default voice's if there is one.

    Only audio at the usual pace is shown; the API can make other kinds.
    """
    usual = [
        r for r in await audio.records.of_document(doc.id) if r.rate == 1.0 and r.pause == "normal"
    ]
    views: dict[str, AudioView] = {}
    for variant in VARIANTS:
        found = [r for r in usual if r.variant == variant]
        if found:
            views[variant] = _view(found, default_voice)
    return views


def _view(found: list[AudioRecord], default_voice: str) -> AudioView:
    """One variant's view: one voice's files, the player on its MP3."""
    best = min(
        found,
        key=lambda r: (
            r.voice != default_voice,
            r.status is not AudioStatus.DONE,
            r.format != "mp3",
        ),
    )
    by_format = {r.format: r for r in found if r.voice == best.voice}
    main = by_format.get("mp3", best)
    unfinished = [r for f in FORMATS if (r := by_format.get(f)) and r.status in UNFINISHED]
    base = f"/api/v1/audio/{main.id}"
    return AudioView(
        status=main.status.value,
        progress=main.progress,
        error=main.error,
        file=f"{base}/file",
        stream=f"{base}/stream",
        live=main.format == AudioFormat.MP3 and main.status in UNFINISHED,
        captions=f"{base}/captions.vtt",
        timings=f"{base}/timings.json",
        status_url=f"/api/v1/audio/{unfinished[0].id}" if unfinished else None,
        formats=[_download(by_format[f]) for f in FORMATS if f in by_format],
        not_asked=[(f, _FILE_NAMES[f]) for f in FORMATS if f not in by_format],
    )


def _download(record: AudioRecord) -> Download:
    done = record.status is AudioStatus.DONE
    return Download(
        name=record.format.upper(),
        url=f"/api/v1/audio/{record.id}/file" if done else None,
        failed=record.status is AudioStatus.FAILED,
    )
