"""The ``access-api`` command: ``analyze``, ``speak``, ``export``, ``migrate`` and ``worker``."""

from __future__ import annotations

import json
import socket
import sqlite3
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import docx
import soundfile

from access_api.cli import main

if TYPE_CHECKING:
    import pytest

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_fb8d5ec5391621b1.txt"


def test_speak_writes_a_decodable_file_and_its_captions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "easy.wav"
    code = main(
        ["speak", str(SEED), "--variant", "easy", "--voice", "espeak:en-us", "-o", str(out)]
    )
    assert code == 0
    captions = out.with_suffix(".vtt").read_text(encoding="utf-8")
    last_cue = captions.strip().split("\n\n")[-1].splitlines()[1]
    hours, minutes, seconds = last_cue.split(" --> ")[1].split(":")
    last_end = int(hours) * 3600 + int(minutes) * 60 + float(seconds)
    duration = soundfile.info(str(out)).duration
    assert last_end < duration < last_end + 1.0, "the audio ends just after its last caption"
    assert "s of audio" in capsys.readouterr().out


def test_migrate_makes_the_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACCESS_API_DATA_DIR", str(tmp_path))
    assert main(["migrate"]) == 0
    with sqlite3.connect(tmp_path / "access_api.db") as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    assert {"documents", "audio", "alembic_version"} <= tables


def test_serve_on_a_busy_port_says_how_to_choose_another(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("ACCESS_API_DATA_DIR", str(tmp_path))
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert f"cannot listen on 127.0.0.1:{port}" in err
    assert f"ACCESS_API_PORT={port + 1} make run" in err


def test_a_worker_without_a_queue_says_what_to_set(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("ACCESS_API_QUEUE_URL", raising=False)
    assert main(["worker"]) == 2
    assert "ACCESS_API_QUEUE_URL" in capsys.readouterr().err


def test_analyze_reads_a_saved_web_page_as_html(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "story.html"
    story = "".join(f"<p>{line}</p>" for line in SEED.read_text(encoding="utf-8").splitlines()[:4])
    page.write_text(
        "<html><head><title>Grooming gangs</title></head>"
        f"<body><nav>Home</nav>{story}</body></html>",
        encoding="utf-8",
    )
    assert main(["analyze", str(page), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["title"] == "Grooming gangs"
    assert "<p>" not in out["text"]


def test_analyze_reads_a_windows_1252_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = tmp_path / "story.txt"
    story = "The café shut. Its owner said rent rose by £500 a month. Staff were told on Monday."
    text.write_bytes(story.encode("cp1252"))
    assert main(["analyze", str(text), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["text"] == story


def test_analyze_refuses_a_pdf_in_words(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = tmp_path / "story.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n")
    assert main(["analyze", str(pdf)]) == 2
    assert "This file is a PDF" in capsys.readouterr().err


def test_export_writes_a_book_from_audio_it_keeps_and_does_not_speak_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ACCESS_API_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ACCESS_API_LOG_LEVEL", "WARNING")
    book = tmp_path / "easy.epub"
    command = ["export", str(SEED), "--variant", "easy", "--voice", "espeak:en-us", "-o"]
    assert main([*command, str(book)]) == 0
    assert "read-along book of easy summary" in capsys.readouterr().out
    stored = {p: p.stat().st_mtime_ns for p in (tmp_path / "data" / "audio").glob("*.mp3")}
    assert len(stored) == 1
    with zipfile.ZipFile(book) as epub:
        (mp3,) = [n for n in epub.namelist() if n.endswith(".mp3")]
        assert epub.read(mp3) == next(iter(stored)).read_bytes()
    again = tmp_path / "again.epub"
    assert main([*command, str(again)]) == 0
    assert {p: p.stat().st_mtime_ns for p in stored} == stored, "the stored audio, untouched"
    assert list((tmp_path / "data" / "audio").glob("*.mp3")) == list(stored)


def test_export_writes_a_word_file_named_by_its_extension(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACCESS_API_DATA_DIR", str(tmp_path / "data"))
    out = tmp_path / "article.docx"
    assert (
        main(["export", str(SEED), "--variant", "article", "--title", "Jail", "-o", str(out)]) == 0
    )
    document = docx.Document(str(out))
    assert document.paragraphs[0].text == "Jail"
    assert not list((tmp_path / "data" / "audio").glob("*.mp3")), "a Word file needs no audio"


def test_export_to_an_unknown_format_says_which_there_are(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", str(SEED), "-o", str(tmp_path / "article.pdf")]) == 2
    assert "Choose one of: epub, docx" in capsys.readouterr().err
