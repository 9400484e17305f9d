"""Progress on a terminal: shown on one redrawn line when standard error is a terminal, never
when it is piped."""

from __future__ import annotations

import io
import os
import pty
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from access_api._terminal import TerminalProgress, duration

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_fb8d5ec5391621b1.txt"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_counted_work_shows_how_far_and_the_time_left() -> None:
    terminal = _Terminal()
    with TerminalProgress(terminal) as progress:
        progress.step("Reading the article")
        progress.count("Speaking sentences", 1, 4)
        time.sleep(0.25)  # the line is redrawn at most five times a second
        progress.count("Speaking sentences", 2, 4)
        progress.count("Speaking sentences", 4, 4)
    shown = terminal.getvalue()
    assert "Reading the article... 0 s" in shown
    assert "Speaking sentences: 1 of 4\r" in shown
    assert re.search(r"Speaking sentences: 2 of 4, about \d+ s left", shown)
    assert "Speaking sentences: 4 of 4" in shown
    assert shown.endswith("\r\x1b[K"), "the line is cleared at the end"


def test_nothing_is_written_when_the_stream_is_not_a_terminal() -> None:
    piped = io.StringIO()
    with TerminalProgress(piped) as progress:
        progress.step("Reading the article")
        progress.count("Speaking sentences", 1, 4)
    assert piped.getvalue() == ""


@pytest.mark.parametrize(
    ("seconds", "said"), [(8, "8 s"), (75, "1 min 15 s"), (3725, "1 h 2 min"), (-3, "0 s")]
)
def test_durations_read_as_people_say_them(seconds: float, said: str) -> None:
    assert duration(seconds) == said


def _run(args: list[str], tmp_path: Path, *, terminal: bool) -> tuple[int, str]:
    """Run ``access-api ARGS``; return its exit code and what it wrote on standard error."""
    env = {**os.environ, "ACCESS_API_DATA_DIR": str(tmp_path / "data")}
    command = [sys.executable, "-m", "access_api.cli", *args]
    if not terminal:
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
        return done.returncode, done.stderr
    ours, theirs = pty.openpty()
    with subprocess.Popen(
        command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=theirs
    ) as process:
        os.close(theirs)
        shown = b""
        while True:
            try:
                chunk = os.read(ours, 4096)
            except OSError:  # the terminal's other end closed: the command ended
                break
            if not chunk:
                break
            shown += chunk
        os.close(ours)
        return process.wait(timeout=300), shown.decode()


@pytest.mark.slow
def test_speak_shows_sentences_done_and_time_left_on_a_terminal(tmp_path: Path) -> None:
    out = tmp_path / "seed.mp3"
    code, shown = _run(
        ["speak", str(SEED), "--voice", "espeak:en-us", "-o", str(out)], tmp_path, terminal=True
    )
    assert code == 0
    assert "Reading the article" in shown
    assert "Speaking sentences: 1 of " in shown
    # The time left is drawn between the first and last counts only when a
    # redraw falls due (at most five a second), which a fast machine may never
    # reach here: test_counted_work_shows_how_far_and_the_time_left checks it.
    total = re.search(r"Speaking sentences: 1 of (\d+)", shown)
    assert total is not None
    assert f"Speaking sentences: {total[1]} of {total[1]}" in shown


@pytest.mark.slow
def test_speak_and_analyze_write_nothing_on_a_piped_standard_error(tmp_path: Path) -> None:
    out = tmp_path / "seed.mp3"
    code, err = _run(
        ["speak", str(SEED), "--voice", "espeak:en-us", "-o", str(out)], tmp_path, terminal=False
    )
    assert (code, err) == (0, "")
    code, err = _run(["analyze", str(SEED)], tmp_path, terminal=False)
    assert (code, err) == (0, "")


@pytest.mark.slow
def test_analyze_shows_what_it_is_doing_on_a_terminal(tmp_path: Path) -> None:
    code, shown = _run(["analyze", str(SEED)], tmp_path, terminal=True)
    assert code == 0
    assert "Reading the article" in shown
    assert "sentences" in shown
