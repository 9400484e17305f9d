"""The local audio storage: files appear whole, and sizes leave scratch files out."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest

from access_api.store import LocalAudioStorage

if TYPE_CHECKING:
    from pathlib import Path


def test_a_file_put_in_storage_appears_whole_under_its_name(tmp_path: Path) -> None:
    storage = LocalAudioStorage(tmp_path / "audio")
    made = storage.scratch_dir() / "a.mp3"
    made.write_bytes(b"x" * 1000)
    storage.put("a.mp3", made)
    assert storage.exists("a.mp3")
    assert storage.size("a.mp3") == 1000
    assert not made.exists(), "the file was moved in, not copied"


def test_the_total_size_counts_stored_files_only(tmp_path: Path) -> None:
    storage = LocalAudioStorage(tmp_path / "audio")
    (storage.scratch_dir() / "half.mp3").write_bytes(b"x" * 500)
    made = storage.scratch_dir() / "b.ogg"
    made.write_bytes(b"x" * 300)
    storage.put("b.ogg", made)
    assert storage.total_size() == 300


def test_old_scratch_directories_are_removed_and_new_ones_kept(tmp_path: Path) -> None:
    storage = LocalAudioStorage(tmp_path / "audio")
    old, new = storage.scratch_dir(), storage.scratch_dir()
    os.utime(old, (0, 0))
    storage.remove_scratch(older_than_seconds=3600)
    assert not old.exists()
    assert new.exists()


def test_a_live_copy_is_not_a_stored_file_and_an_old_one_is_removed(tmp_path: Path) -> None:
    storage = LocalAudioStorage(tmp_path / "audio")
    old, new = storage.live_path("a.mp3"), storage.live_path("b.mp3")
    assert old.parent == new.parent != storage.root
    for live in (old, new):
        live.parent.mkdir(exist_ok=True)
        live.write_bytes(b"x" * 100)
    assert storage.total_size() == 0
    assert not storage.exists("a.mp3")
    os.utime(old, (0, 0))
    storage.remove_scratch(older_than_seconds=3600)
    assert not old.exists()
    assert new.exists()


@pytest.mark.parametrize("name", ["", "../escape.mp3", "a/b.mp3"])
def test_a_live_copy_cannot_leave_the_storage_directory(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError, match="not a stored file"):
        LocalAudioStorage(tmp_path / "audio").live_path(name)


def test_deleting_a_missing_file_is_not_an_error(tmp_path: Path) -> None:
    storage = LocalAudioStorage(tmp_path / "audio")
    storage.delete("gone.mp3")
    assert not storage.exists("gone.mp3")


@pytest.mark.parametrize("name", ["", "../escape.mp3", "a/b.mp3", ".partial"])
def test_names_cannot_leave_the_storage_directory(tmp_path: Path, name: str) -> None:
    storage = LocalAudioStorage(tmp_path / "audio")
    with pytest.raises(ValueError, match="not a stored file"):
        storage.path_for(name)
