"""Following audio while it is being made: the bytes of a live MP3 as they appear.

A job making MP3 encodes it live as each sentence is spoken (see
:func:`access_api.speech.speak`) into the storage's live path, and unlinks that
copy once the finished file is stored, before its record says ``done``. A
stream follows the copy from its first byte: it reads what is there, waits a
moment when nothing new has come, and ends when the copy is unlinked and read
to its end. So the stream holds the audio of the finished file, from the same
samples, and ends when the job does.

Only the record's status is read from the database, and not more than every
:data:`_LOOK_EVERY` seconds: it says when the audio was finished before the
stream found the copy (the finished file is sent instead), and when the job
failed or was deleted (the stream ends). Following costs no synthesis: a
client that leaves only closes its file; the job goes on and is stored.

Measured on a busy 2-core machine (``benchmarks/first_audio.py``, medians of
7): the first bytes of a 3-sentence summary arrive 0.71 s after asking with
Piper and 0.08 s with eSpeak NG, where the whole file takes 2.21 s and 0.62 s.
They come once the first sentence is spoken, so with Piper the time follows
the first sentence's length and the machine's load.
"""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING, BinaryIO

import anyio

from access_api.errors import NotFound
from access_api.store import UNFINISHED, AudioStatus

if TYPE_CHECKING:
    from collections.abc import AsyncIterator
    from pathlib import Path

    from access_api.store import AudioRecords

__all__ = ["follow"]

# How long to wait for more bytes when none have come, in seconds: a sentence
# is encoded in one go, so a short wait costs nothing in the time to hear it.
_WAIT = 0.05
# How often the record's status is read while nothing new comes, in seconds.
_LOOK_EVERY = 0.5
_CHUNK = 64 * 1024


async def follow(
    records: AudioRecords,
    audio_id: str,
    *,
    live: Path,
    finished: Path,
    deadline_seconds: float,
) -> AsyncIterator[bytes]:
    """The audio's bytes as they are made, then nothing: an async iterator for a stream.

    Args:
        records: where the audio's status is read.
        live: the copy the job writes as it goes (the storage's live path).
        finished: the stored file, sent whole when the audio was finished
            before the copy was found.
        deadline_seconds: the stream ends after this long, whatever the job does.
    """
    ends_at = time.monotonic() + deadline_seconds
    looked = 0.0
    handle = None
    try:
        while time.monotonic() < ends_at:
            if handle is None:
                handle = _open(live)
            if handle is not None:
                # Reads of a local file the job has just written come from the
                # page cache: microseconds, not worth a trip to a thread.
                chunk = handle.read(_CHUNK)
                if chunk:
                    yield chunk
                    continue
                if os.fstat(handle.fileno()).st_nlink == 0:
                    return  # unlinked and read to the end: that is all of it
            if time.monotonic() - looked >= _LOOK_EVERY:
                looked = time.monotonic()
                status = await _status(records, audio_id)
                if status is AudioStatus.DONE and handle is None:
                    async for chunk in _whole(finished):
                        yield chunk
                    return
                if status not in UNFINISHED:
                    # Finished, failed or deleted: what the copy holds is all
                    # there will be (a copy left by a killed run never grows).
                    while handle is not None and (chunk := handle.read(_CHUNK)):
                        yield chunk
                    return
            await anyio.sleep(_WAIT)
    finally:
        if handle is not None:
            handle.close()


def _open(path: Path) -> BinaryIO | None:
    try:
        return path.open("rb")
    except FileNotFoundError:
        return None


async def _status(records: AudioRecords, audio_id: str) -> AudioStatus | None:
    try:
        return (await records.get(audio_id)).status
    except NotFound:
        return None


async def _whole(path: Path) -> AsyncIterator[bytes]:
    try:
        async with await anyio.open_file(path, "rb") as handle:
            while chunk := await handle.read(_CHUNK):
                yield chunk
    except FileNotFoundError:
        return
