"""Writing audio files: MP3, Ogg/Opus or WAV, tagged, written whole or not at all.

Audio is streamed into the encoder sentence by sentence, so a long article
never sits in memory as one array. Files are written under a temporary name in
their final directory, then renamed (:func:`atomic_file`): readers see either
no file or a complete one. Making the file durable is the audio storage's job
(:meth:`access_api.store.AudioStorage.put` syncs it once, as it moves it in).

A file being made can be followed as it grows: :class:`AudioWriter` given a
``live`` path appends every byte the encoder writes at the end of the file to
that second file too, at once, and leaves out what the encoder rewrites when it
finishes (MP3's header frame, filled in with the length). So the live copy is
a progressive MP3 of the same frames, playable from its first byte, while the
finished file is the one to seek in and download.

The same samples make the same file, byte for byte, so a file made again
(after it was evicted) still matches its strong ``ETag``: MP3 and WAV are so
already; an Ogg stream's serial number, which libsndfile draws at random, is
set to a fixed one afterwards (:func:`_fix_ogg_serial`).
"""

from __future__ import annotations

import contextlib
import io
import os
import struct
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import mutagen.id3
import numpy as np
import soundfile
import soxr

from access_api.speech._model import AudioFormat

if TYPE_CHECKING:
    from collections.abc import Iterator

    import numpy.typing as npt

__all__ = ["AudioWriter", "Tags", "atomic_file", "encode"]

# libsndfile maps compression 0..1 onto MPEG-2's 160..8 kbps for the rates
# speech uses (at most 24 kHz): 0.6 is 64 kbps constant, plenty for a voice.
_MP3_MAX_RATE = 24_000
_MP3_COMPRESSION = 0.6
# Opus only takes these rates; 24 kHz keeps all of speech.
_OPUS_RATES = (8_000, 12_000, 16_000, 24_000, 48_000)
_OPUS_RATE = 24_000
# For Opus, libsndfile maps compression 0..1 onto about 256..6 kbps: 0.9 is
# about 32 kbps, transparent for one voice.
_OPUS_COMPRESSION = 0.9
# libvorbis/libopus through libsndfile crash on very large single writes.
_BLOCK = 32_768
# Any fixed number; "ACCA".
_OGG_SERIAL = 0x41434341
_OGG_HEADER = struct.Struct("<4sBBqIII B")
_BIT_REVERSED = bytes(int(f"{i:08b}"[::-1], 2) for i in range(256))


@dataclass(frozen=True, slots=True, kw_only=True)
class Tags:
    """What a player shows about a file."""

    title: str
    album: str
    """The variant spoken: "Article", "Easy summary"..."""
    artist: str
    """The voice's name."""


def _target_rate(fmt: AudioFormat, sample_rate: int) -> int:
    if fmt is AudioFormat.MP3:
        return min(sample_rate, _MP3_MAX_RATE)
    if fmt is AudioFormat.OGG and sample_rate not in _OPUS_RATES:
        return _OPUS_RATE
    return sample_rate


class _Mirrored(io.RawIOBase):
    """A file that copies what is appended to it to a second, append-only file.

    A write at the end of the file goes to both, and the copy is flushed at
    once so a reader of it sees each frame as soon as it is encoded; a write
    over bytes already there (a header filled in at the end) goes to the file
    alone.
    """

    def __init__(self, path: Path, live: Path) -> None:
        super().__init__()
        self._file = path.open("w+b")
        # A copy left by an earlier run is unlinked, not truncated: whoever
        # follows it sees it end instead of reading this run's bytes out of place.
        live.parent.mkdir(parents=True, exist_ok=True)
        live.unlink(missing_ok=True)
        self._live = live.open("wb", buffering=0)
        self._mirrored = 0

    def readable(self) -> bool:
        return True

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        return self._file.readinto(buffer)

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        start = self._file.tell()
        written = self._file.write(data)
        end = start + written
        if end > self._mirrored:
            self._live.write(memoryview(data)[self._mirrored - start : written])
            self._mirrored = end
        return written

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        return self._file.seek(offset, whence)

    def tell(self) -> int:
        return self._file.tell()

    def close(self) -> None:
        if not self.closed:
            self._file.close()
            self._live.close()
        super().close()


class AudioWriter:
    """An encoder fed mono float samples at ``sample_rate``, block by block."""

    def __init__(
        self,
        path: Path,
        fmt: AudioFormat,
        sample_rate: int,
        tags: Tags | None,
        *,
        live: Path | None = None,
    ) -> None:
        """Open ``path`` for writing ``fmt``; :meth:`close` finishes and tags it.

        Args:
            tags: ``None`` for a file that is never given to anyone (a live
                copy's source).
            live: MP3 only: a file that receives the audio as it is encoded
                (see the module's docstring); its owner removes it.
        """
        if live is not None and fmt is not AudioFormat.MP3:
            msg = f"only MP3 is written live, not {fmt.value}"
            raise ValueError(msg)
        self._path = path
        self._format = fmt
        self._tags = tags
        rate = _target_rate(fmt, sample_rate)
        self._resampler = (
            soxr.ResampleStream(sample_rate, rate, 1, dtype="float32", quality="HQ")
            if rate != sample_rate
            else None
        )
        self._mirror = _Mirrored(path, live) if live is not None else None
        if fmt is AudioFormat.MP3:
            self._file = soundfile.SoundFile(
                self._mirror or path,
                "w",
                rate,
                1,
                format="MP3",
                subtype="MPEG_LAYER_III",
                compression_level=_MP3_COMPRESSION,
                bitrate_mode="CONSTANT",
            )
        elif fmt is AudioFormat.OGG:
            self._file = soundfile.SoundFile(
                path,
                "w",
                rate,
                1,
                format="OGG",
                subtype="OPUS",
                compression_level=_OPUS_COMPRESSION,
            )
        else:
            self._file = soundfile.SoundFile(path, "w", rate, 1, format="WAV", subtype="PCM_16")
        if fmt is not AudioFormat.MP3 and tags is not None:
            # libsndfile writes these as Vorbis comments (UTF-8) in Opus's
            # header, or in WAV's LIST/INFO chunk; they must precede the audio.
            self._file.title = tags.title
            self._file.album = tags.album
            self._file.artist = tags.artist

    def write(self, samples: npt.NDArray[np.float32]) -> None:
        """Append samples (mono, in ``[-1, 1]``)."""
        if self._resampler is not None:
            samples = self._resampler.resample_chunk(samples)
        self._write(samples)

    def _write(self, samples: npt.NDArray[np.float32]) -> None:
        for start in range(0, len(samples), _BLOCK):
            self._file.write(samples[start : start + _BLOCK])

    def close(self) -> None:
        """Flush the encoder, close the file and write its tags."""
        if self._resampler is not None:
            self._write(self._resampler.resample_chunk(np.zeros(0, dtype=np.float32), last=True))
        self._file.close()
        if self._mirror is not None:
            self._mirror.close()
        if self._format is AudioFormat.MP3 and self._tags is not None:
            _tag_mp3(self._path, self._tags)
        elif self._format is AudioFormat.OGG:
            _fix_ogg_serial(self._path)

    def abort(self) -> None:
        """Close the file without finishing it; its caller deletes it."""
        with contextlib.suppress(Exception):
            self._file.close()
        if self._mirror is not None:
            self._mirror.close()


def _ogg_crc(page: bytes) -> int:
    """Ogg's page checksum: CRC-32, polynomial 0x04C11DB7, not reflected, no xor.

    zlib's CRC-32 is the reflected form of the same polynomial, so it computes
    Ogg's from the bit-reversed bytes (in C, not a Python loop per byte).
    """
    reflected = ~zlib.crc32(page.translate(_BIT_REVERSED), 0xFFFFFFFF) & 0xFFFFFFFF
    return int(f"{reflected:032b}"[::-1], 2)


def _fix_ogg_serial(path: Path) -> None:
    """Give every page of the (single-stream) Ogg file the fixed serial number."""
    with path.open("r+b") as ogg:
        offset = 0
        while header := ogg.read(_OGG_HEADER.size):
            capture, version, kind, granule, _, sequence, _, segments = _OGG_HEADER.unpack(header)
            if capture != b"OggS":
                msg = f"{path.name} is not a well-formed Ogg file at byte {offset}"
                raise ValueError(msg)
            lacing = ogg.read(segments)
            body = ogg.read(sum(lacing))
            fixed = _OGG_HEADER.pack(
                capture, version, kind, granule, _OGG_SERIAL, sequence, 0, segments
            )
            crc = _ogg_crc(fixed + lacing + body)
            ogg.seek(offset)
            ogg.write(fixed[:22] + struct.pack("<I", crc) + fixed[26:])
            offset += len(header) + len(lacing) + len(body)
            ogg.seek(offset)


def _tag_mp3(path: Path, tags: Tags) -> None:
    # libsndfile's own ID3 tags are Latin-1 only; mutagen writes UTF-8 ones.
    id3 = mutagen.id3.ID3()  # type: ignore[no-untyped-call]
    frames = (
        (mutagen.id3.TIT2, tags.title),
        (mutagen.id3.TALB, tags.album),
        (mutagen.id3.TPE1, tags.artist),
    )
    for frame, text in frames:
        id3.add(frame(encoding=mutagen.id3.Encoding.UTF8, text=text))  # type: ignore[no-untyped-call]
    id3.save(path)


def encode(
    samples: npt.NDArray[np.float32], sample_rate: int, path: Path, fmt: AudioFormat, tags: Tags
) -> None:
    """Write a whole signal to ``path`` in one go (atomically)."""
    with atomic_file(path) as temporary:
        writer = AudioWriter(temporary, fmt, sample_rate, tags)
        try:
            writer.write(samples)
        except BaseException:
            writer.abort()
            raise
        writer.close()


@contextlib.contextmanager
def atomic_file(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it becomes ``path``.

    If the block fails, the temporary file is removed and ``path`` is left as
    it was. Nothing is synced here: the audio storage syncs a file once, when
    it moves it in.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(handle)
    temporary = Path(name)
    # mkstemp makes the file private; audio and captions are served to others.
    temporary.chmod(0o644)
    try:
        yield temporary
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
