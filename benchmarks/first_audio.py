"""How soon a listener hears audio: the first bytes of the stream against the whole file.

Serves the app in a process of its own (a fresh data directory, a free
loopback port) and, for each voice, asks for the spoken standard summary (3
sentences) of CNN/Daily Mail dev articles, each new to the server, as the page
does. For every request, in the same run:

* **first audio**: from asking (``POST .../audio``) to the first bytes of MP3
  through ``GET /api/v1/audio/{id}/stream``, opened at once;
* **whole file**: from asking to the finished file downloaded, following the
  status every 50 ms as a client without the stream has to.

With ``--page``, the same through the results page in Chromium (Debian's
``/usr/bin/chromium``, driven by Playwright): from pressing "Make audio" beside
the standard summary to the player's first sound (its ``currentTime``
advancing), play pressed by the script as soon as the player appears.

The summaries are made before the clock starts (a page shows the summary
before its Listen button). Each voice speaks once first, untimed, so Piper's
model is loaded. Targets: Piper at most 1.0 s and eSpeak NG at most 0.3 s,
median first audio. Usage::

    python benchmarks/first_audio.py [--runs 7] [--voices piper:en_US-joe-medium,espeak:en-us]
                                     [--page]
"""

from __future__ import annotations

import argparse
import http.client
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "eval" / "cnndm_dev.jsonl"
VOICES = ("piper:en_US-joe-medium", "espeak:en-us")
TARGETS = {"piper": 1.0, "espeak": 0.3}
_SERVE = """
import socket, uvicorn
from access_api.app import create_app
sock = socket.socket()
sock.bind(("127.0.0.1", 0))
app = create_app()
print(sock.getsockname()[1], flush=True)
uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False)).run(sockets=[sock])
"""


def _articles(count: int) -> list[str]:
    found = []
    with DEV.open(encoding="utf-8") as lines:
        for line in lines:
            text = json.loads(line)["text"]
            if 300 <= len(text.split()) <= 900:
                found.append(text)
            if len(found) == count:
                break
    return found


def _call(base: str, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    request = urllib.request.Request(
        base + path,
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Accept": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=300) as response:
        return json.loads(response.read())


def _stream(port: int, path: str, asked: float, out: dict[str, Any]) -> None:
    """Read the stream; note when its first bytes came and when it ended."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    connection.request("GET", path)
    response = connection.getresponse()
    out["status"] = response.status
    body = io.BytesIO()
    while chunk := response.read1(65536):
        if "first" not in out:
            out["first"] = time.perf_counter() - asked
        body.write(chunk)
    out["ended"] = time.perf_counter() - asked
    out["bytes"] = body.getvalue()
    connection.close()


def _one(base: str, port: int, doc: str, voice: str) -> dict[str, Any]:
    asked = time.perf_counter()
    audio = _call(
        base,
        "POST",
        f"/api/v1/documents/{doc}/audio",
        {"variant": "standard", "voice": voice, "format": "mp3"},
    )
    streamed: dict[str, Any] = {}
    reader = threading.Thread(
        target=_stream, args=(port, audio["links"]["stream"], asked, streamed)
    )
    reader.start()
    while audio["status"] not in ("done", "failed"):
        time.sleep(0.05)
        audio = _call(base, "GET", audio["links"]["self"])
    assert audio["status"] == "done", audio
    with urllib.request.urlopen(base + audio["links"]["file"], timeout=60) as response:
        whole = response.read()
    whole_s = time.perf_counter() - asked
    reader.join()
    assert streamed["status"] == 200, streamed
    return {
        "first": streamed["first"],
        "stream_end": streamed["ended"],
        "whole": whole_s,
        "audio_s": audio["duration_seconds"],
        "stream_bytes": len(streamed["bytes"]),
        "file_bytes": len(whole),
    }


# Runs in the page: press "Make audio", press play on the player as soon as it
# appears, and say when it was there and when its time began to move.
_PRESS_AND_LISTEN = """
async () => {
  const block = document.querySelector("#listen-standard");
  const started = performance.now();
  block.querySelector("button[type=submit]").click();
  const audio = await new Promise(resolve => {
    const look = () => block.querySelector("audio") ? resolve(block.querySelector("audio"))
                                                   : setTimeout(look, 5);
    look();
  });
  const shown = performance.now() - started;
  const live = audio.hasAttribute("data-live");
  audio.muted = true;
  await audio.play();
  await new Promise(resolve => {
    const tick = () => audio.currentTime > 0 ? resolve() : setTimeout(tick, 5);
    tick();
  });
  return {shown: shown / 1000, heard: (performance.now() - started) / 1000, live: live};
}
"""


def _page_runs(base: str, voice: str, docs: list[str]) -> list[dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--autoplay-policy=no-user-gesture-required", "--mute-audio"],
        )
        found = []
        for doc in docs:
            page = browser.new_page()
            page.goto(f"{base}/documents/{doc}?voice={urllib.parse.quote(voice)}")
            found.append(page.evaluate(_PRESS_AND_LISTEN))
            page.close()
        browser.close()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--voices", default=",".join(VOICES))
    parser.add_argument("--page", action="store_true", help="also through the page, in Chromium")
    args = parser.parse_args()
    voices = args.voices.split(",")
    per_voice = (args.runs + 1) * (2 if args.page else 1)
    articles = _articles(len(voices) * per_voice)
    with tempfile.TemporaryDirectory() as data:
        env = {
            **os.environ,
            "ACCESS_API_DATA_DIR": data,
            "ACCESS_API_RATE_LIMIT_PER_MINUTE": "0",
            "ACCESS_API_LOG_LEVEL": "WARNING",
        }
        with subprocess.Popen(
            [sys.executable, "-c", _SERVE], env=env, stdout=subprocess.PIPE, text=True
        ) as server:
            assert server.stdout is not None
            port = int(server.stdout.readline())
            base = f"http://127.0.0.1:{port}"
            try:
                _wait_until_up(base)
                _run(base, port, voices, articles, args.runs, page=args.page)
            finally:
                server.terminate()
                server.wait(timeout=10)


def _run(
    base: str, port: int, voices: list[str], articles: list[str], runs: int, *, page: bool
) -> None:
    docs = []
    for text in articles:
        doc = _call(base, "POST", "/api/v1/documents", {"text": text})["id"]
        _call(base, "GET", f"/api/v1/documents/{doc}/summaries/standard")
        docs.append(doc)
    if page:
        pages, docs = docs[len(docs) // 2 :], docs[: len(docs) // 2]
    print(
        f"{'voice':<24} {'runs':>4} {'first audio':>12} {'whole file':>11} "
        f"{'stream ends':>12} {'audio':>7}  target"
    )
    for v, voice in enumerate(voices):
        mine = docs[v * (runs + 1) : (v + 1) * (runs + 1)]
        _one(base, port, mine[0], voice)  # loads the voice; not counted
        results = [_one(base, port, doc, voice) for doc in mine[1:]]
        first = statistics.median(r["first"] for r in results)
        whole = statistics.median(r["whole"] for r in results)
        ends = statistics.median(r["stream_end"] for r in results)
        audio_s = statistics.median(r["audio_s"] for r in results)
        target = TARGETS.get(voice.partition(":")[0])
        met = target is not None and first <= target
        verdict = "" if target is None else f"<= {target} s: {'met' if met else 'NOT met'}"
        print(
            f"{voice:<24} {runs:>4} {first:>11.2f}s {whole:>10.2f}s {ends:>11.2f}s "
            f"{audio_s:>6.1f}s  {verdict}"
        )
        spread = ", ".join(f"{r['first']:.2f}" for r in results)
        print(f"{'':<24} first audio of each run: {spread}")
        if page:
            # The voice is loaded already; every page run counts.
            heard = _page_runs(base, voice, pages[v * (runs + 1) : (v + 1) * (runs + 1)])
            shown = statistics.median(r["shown"] for r in heard)
            sound = statistics.median(r["heard"] for r in heard)
            live = sum(r["live"] for r in heard)
            print(
                f"{'':<24} the page: player shown {shown:.2f}s, first sound {sound:.2f}s "
                f"after pressing Make audio ({live} of {len(heard)} live players; each: "
                + ", ".join(f"{r['heard']:.2f}" for r in heard)
                + ")"
            )


def _wait_until_up(base: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/health", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the app did not start")


if __name__ == "__main__":
    main()
