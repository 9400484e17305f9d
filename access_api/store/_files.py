"""Where audio files live: a small interface, a local directory behind it, and
the names an audio record's files are stored under.

Files enter the storage only complete (:meth:`AudioStorage.put` moves a
finished file in with one atomic rename after an fsync), so a reader sees a
whole file or none. A file being made may also be mirrored as it grows, under
:meth:`AudioStorage.live_path`, for a stream to follow; that copy is never a
stored file (it is not counted, listed or served as one). Another backend,
such as an object store, can implement the same :class:`AudioStorage`
protocol. The app builds one storage and hands it to every service that reads
or removes audio files.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ._audio import AudioRecord, AudioRecords

__all__ = [
    "AudioStorage",
    "LocalAudioStorage",
    "file_names",
    "remove_files",
    "remove_unused_speech",
    "speech_names",
]

_PARTIAL = ".partial"
_LIVE = ".live"


class AudioStorage(Protocol):
    """A flat collection of named, complete files."""

    def path_for(self, name: str) -> Path:
        """The local path a stored file can be read from."""
        ...

    def exists(self, name: str) -> bool: ...

    def size(self, name: str) -> int:
        """The file's size in bytes.

        Raises:
            FileNotFoundError: there is no such file.
        """
        ...

    def total_size(self) -> int:
        """The size of every stored file together, in bytes."""
        ...

    def put(self, name: str, source: Path) -> None:
        """Move a finished file in under ``name``, atomically; replaces any file of that name."""
        ...

    def delete(self, name: str) -> None:
        """Remove a file; a missing file is not an error."""
        ...

    def scratch_dir(self) -> Path:
        """A new, empty directory for a job's files while they are being made.

        It is on the same file system as the storage, so :meth:`put` is a rename.
        """
        ...

    def live_path(self, name: str) -> Path:
        """Where the file ``name`` is mirrored while it is being made (see the module).

        Its directory is on the storage's file system, reachable from every
        process that serves the storage; the job that writes it removes it.
        """
        ...

    def remove_scratch(self, *, older_than_seconds: float) -> None:
        """Remove scratch directories and live copies left by jobs that were killed."""
        ...


class LocalAudioStorage:
    """Audio files in one local directory (a shared volume in scale-out mode).

    Args:
        root: the directory; created if missing.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True)

    def path_for(self, name: str) -> Path:
        if not name or "/" in name or name.startswith("."):
            msg = f"not a stored file's name: {name!r}"
            raise ValueError(msg)
        return self.root / name

    def exists(self, name: str) -> bool:
        return self.path_for(name).is_file()

    def size(self, name: str) -> int:
        return self.path_for(name).stat().st_size

    def total_size(self) -> int:
        total = 0
        with os.scandir(self.root) as entries:
            for entry in entries:
                if entry.is_file() and not entry.name.startswith("."):
                    total += entry.stat().st_size
        return total

    def put(self, name: str, source: Path) -> None:
        target = self.path_for(name)
        with source.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(source, target)
        # The rename itself is durable only once the directory is synced.
        directory = os.open(self.root, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)

    def delete(self, name: str) -> None:
        self.path_for(name).unlink(missing_ok=True)

    def scratch_dir(self) -> Path:
        parent = self.root / _PARTIAL
        parent.mkdir(exist_ok=True)
        return Path(tempfile.mkdtemp(dir=parent))

    def live_path(self, name: str) -> Path:
        return self.root / _LIVE / self.path_for(name).name

    def remove_scratch(self, *, older_than_seconds: float) -> None:
        cutoff = time.time() - older_than_seconds
        for directory in (self.root / _PARTIAL, self.root / _LIVE):
            if not directory.is_dir():
                continue
            for child in directory.iterdir():
                if child.stat().st_mtime > cutoff:
                    continue
                if child.is_dir():
                    shutil.rmtree(child, ignore_errors=True)
                else:
                    child.unlink(missing_ok=True)


def file_names(audio_id: str, audio_format: str) -> tuple[str, str, str]:
    """The stored names of an audio's file, captions and timings."""
    return f"{audio_id}.{audio_format}", f"{audio_id}.vtt", f"{audio_id}.json"


def speech_names(speech_key: str) -> tuple[str, str]:
    """The stored names of a shared synthesis: its samples and its information."""
    return f"speech-{speech_key}.flac", f"speech-{speech_key}.json"


def remove_files(storage: AudioStorage, record: AudioRecord) -> None:
    """Remove every stored file of an audio record (not the synthesis it may share)."""
    for name in file_names(record.id, record.format):
        storage.delete(name)


async def remove_unused_speech(
    records: AudioRecords, storage: AudioStorage, speech_keys: Iterable[str | None]
) -> int:
    """Remove the shared syntheses of these keys that no audio record speaks any more.

    Returns:
        The bytes freed.
    """
    freed = 0
    for key in {k for k in speech_keys if k is not None}:
        if await records.uses_speech(key):
            continue
        for name in speech_names(key):
            if storage.exists(name):
                freed += storage.size(name)
                storage.delete(name)
    return freed
