"""Load and soak: many clients at once against a real server, on loopback only.

Run from the repository root after ``make test``'s install::

    .venv/bin/python benchmarks/load.py [--clients 20] [--seconds 60] [--warmup 10] [--hostile 2]

It starts ``uvicorn`` on 127.0.0.1 with a temporary data directory, warms
it up, then lets ``--clients`` concurrent clients loop for ``--seconds``
over a mix of document creation (new and already stored articles),
summaries at every level, readability reports, stateless summaries and,
when the audio API is there, downloads of audio that is already made.

It prints, per endpoint: requests, throughput, p50 and p99 latency and
errors; and the server's resident memory after warm-up and at the end.
Targets: no errors, p99 under 1 s for the non-audio endpoints, memory
growth under 10 % after warm-up.

With ``--hostile N``, N more clients send, back to back during the measured
run, the requests an attack once used to take the service down: a document
that is one 40,000-character word and its audio, 199,000-character summaries
with ``lsa``, ``lexrank`` and ``kl``, and a page with 100,000 attributes on one
element. Their figures are printed apart; the target (p99 under 1 s) is for the
ordinary requests among them. A gzip bomb behind a link is not sent: the
server fetches no local link, and a public one is not for a benchmark.

The server runs with the rate limit off: every client here shares one
address, which a real deployment would (rightly) throttle.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    from collections.abc import Awaitable

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "benchmarks" / "data" / "cnndm_sample.jsonl"
SEEDS = ROOT / "seeds"
LEVELS = ("easy", "standard", "detailed")
AUDIO_WAIT_SECONDS = 120
# The fast offline voice: the benchmark measures downloads, not synthesis.
AUDIO_VOICE = "espeak:en-us"
HOSTILE = "hostile: "
HOSTILE_ALGORITHMS = ("lsa", "lexrank", "kl")


def _articles() -> list[str]:
    texts = [json.loads(line)["text"] for line in ARTICLES.read_text("utf-8").splitlines()]
    texts += [p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    return texts


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _rss_bytes(pid: int) -> int:
    """Resident memory of a process and its children (uvicorn's workers), from /proc (Linux)."""
    total = 0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            total += int(line.split()[1]) * 1024
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            total += _rss_bytes(int(child))
    return total


@dataclass
class Tally:
    """Latencies and errors per endpoint."""

    seconds: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def note(
        self, name: str, started: float, response: httpx.Response | None, ok: set[int]
    ) -> None:
        self.seconds[name].append(time.perf_counter() - started)
        if response is None or response.status_code not in ok:
            detail = (
                "no answer" if response is None else f"{response.status_code} {response.text[:120]}"
            )
            self.errors[name].append(detail)


@dataclass
class Corpus:
    texts: list[str]
    doc_ids: list[str]
    audio_urls: list[str]
    counter: int = 0

    def new_text(self) -> str:
        """A text never sent before, so the server must clean and store it."""
        self.counter += 1
        base = random.choice(self.texts)
        return f"{base}\n\nThis is copy number {self.counter} of the article, made for a test."


async def _timed(
    tally: Tally, name: str, call: Awaitable[httpx.Response], ok: set[int]
) -> httpx.Response | None:
    started = time.perf_counter()
    response: httpx.Response | None = None
    try:
        response = await call
    except httpx.HTTPError as exc:
        tally.errors[name].append(repr(exc))
        tally.seconds[name].append(time.perf_counter() - started)
        return None
    tally.note(name, started, response, ok)
    return response


async def _one_request(http: httpx.AsyncClient, corpus: Corpus, tally: Tally) -> None:
    roll = random.random()
    doc_id = random.choice(corpus.doc_ids)
    if roll < 0.15:
        await _timed(
            tally,
            "POST /api/v1/documents (new)",
            http.post("/api/v1/documents", json={"text": corpus.new_text()}),
            {201},
        )
    elif roll < 0.25:
        await _timed(
            tally,
            "POST /api/v1/documents (stored)",
            http.post("/api/v1/documents", json={"text": random.choice(corpus.texts)}),
            {200, 201},
        )
    elif roll < 0.50:
        level = random.choice(LEVELS)
        await _timed(
            tally,
            "GET /api/v1/documents/{id}/summaries/{level}",
            http.get(f"/api/v1/documents/{doc_id}/summaries/{level}"),
            {200},
        )
    elif roll < 0.60:
        await _timed(
            tally,
            "GET /api/v1/documents/{id}/summaries",
            http.get(f"/api/v1/documents/{doc_id}/summaries"),
            {200},
        )
    elif roll < 0.80:
        await _timed(
            tally,
            "GET /api/v1/documents/{id}/readability",
            http.get(f"/api/v1/documents/{doc_id}/readability"),
            {200},
        )
    elif roll < 0.88 or not corpus.audio_urls:
        await _timed(
            tally,
            "POST /api/v1/summaries",
            http.post(
                "/api/v1/summaries",
                json={"text": random.choice(corpus.texts), "level": random.choice(LEVELS)},
            ),
            {200},
        )
    else:
        await _timed(tally, "GET audio (cached)", http.get(random.choice(corpus.audio_urls)), {200})


async def _client(http: httpx.AsyncClient, corpus: Corpus, tally: Tally, until: float) -> None:
    while time.perf_counter() < until:
        await _one_request(http, corpus, tally)


def _long_article(texts: list[str]) -> str:
    """199,000 characters of news: the articles, told again and again."""
    parts: list[str] = []
    while sum(map(len, parts)) < 199_000:
        parts.append(
            f"{texts[len(parts) % len(texts)]}\n\nThis is telling number {len(parts)}.\n\n"
        )
    return "".join(parts)[:199_000]


async def _hostile_request(
    http: httpx.AsyncClient, corpus: Corpus, tally: Tally, long_article: str, voice: str
) -> None:
    roll = random.randrange(5)
    corpus.counter += 1
    if roll < len(HOSTILE_ALGORITHMS):
        algorithm = HOSTILE_ALGORITHMS[roll]
        # A new text each time: a summary made before comes from the cache.
        text = f"{long_article[:198_990]} {corpus.counter}."
        await _timed(
            tally,
            f"{HOSTILE}199k-character summary, {algorithm}",
            http.post(
                "/api/v1/summaries",
                json={"text": text, "algorithm": algorithm, "level": "standard"},
            ),
            {200},
        )
    elif roll == len(HOSTILE_ALGORITHMS):
        attributes = " ".join(f"a{i}=x" for i in range(100_000))
        html = f"<html><body><p {attributes}>{corpus.texts[0]}</p></body></html>"
        await _timed(
            tally,
            f"{HOSTILE}HTML, 100,000 attributes",
            http.post("/api/v1/documents", json={"html": html}),
            {201, 200, 413},
        )
    else:
        word = f"{corpus.counter}" + "a" * (40_000 - len(str(corpus.counter)))
        created = await _timed(
            tally,
            f"{HOSTILE}40,000-character word",
            http.post("/api/v1/documents", json={"text": word}),
            {201, 200, 413, 422},
        )
        if created is not None and created.status_code in {200, 201} and voice:
            doc_id = created.json()["id"]
            await _timed(
                tally,
                f"{HOSTILE}its audio (asked for)",
                http.post(f"/api/v1/documents/{doc_id}/audio", json={"voice": voice}),
                {200, 202, 422, 503},
            )


async def _hostile_client(
    http: httpx.AsyncClient,
    corpus: Corpus,
    tally: Tally,
    until: float,
    voice: str,
) -> None:
    long_article = _long_article(corpus.texts)
    while time.perf_counter() < until:
        await _hostile_request(http, corpus, tally, long_article, voice)


async def _made_audio(http: httpx.AsyncClient, doc_id: str) -> list[str]:
    """Ask for one document's audio and wait until it is made; its download URLs."""
    schema = (await http.get("/schema/openapi.json")).json()
    if "/api/v1/documents/{doc_id}/audio" not in schema.get("paths", {}):
        return []
    files = []
    for variant in LEVELS:
        created = await http.post(
            f"/api/v1/documents/{doc_id}/audio",
            json={"variant": variant, "voice": AUDIO_VOICE, "format": "mp3"},
        )
        if created.status_code >= 400:
            print(f"audio not made ({created.status_code}): {created.text[:200]}")
            return []
        status_url = created.headers["location"]
        deadline = time.perf_counter() + AUDIO_WAIT_SECONDS
        while True:
            body = (await http.get(status_url)).json()
            if body["status"] == "done":
                files.append(body["links"]["file"])
                break
            if body["status"] == "failed" or time.perf_counter() > deadline:
                print(f"audio not made: {body}")
                return []
            await asyncio.sleep(0.5)
    return files


async def _run(args: argparse.Namespace, base_url: str, pid: int) -> tuple[Tally, int, int, float]:
    connections = args.clients + args.hostile
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    # A hostile request may take long: the timeout is for the server that never answers.
    async with httpx.AsyncClient(base_url=base_url, timeout=600, limits=limits) as http:
        texts = _articles()
        doc_ids = []
        for text in texts:
            created = await http.post("/api/v1/documents", json={"text": text})
            created.raise_for_status()
            doc_ids.append(created.json()["id"])
        # One request of each kind first, one at a time: language data and
        # caches load once, as on a server that has been up for a while.
        for doc_id in doc_ids:
            (await http.get(f"/api/v1/documents/{doc_id}/readability")).raise_for_status()
            (await http.get(f"/api/v1/documents/{doc_id}/summaries")).raise_for_status()
        audio_urls = [] if args.no_audio else await _made_audio(http, doc_ids[0])
        corpus = Corpus(texts=texts, doc_ids=doc_ids, audio_urls=audio_urls)

        warmup = Tally()
        until = time.perf_counter() + args.warmup
        await asyncio.gather(*(_client(http, corpus, warmup, until) for _ in range(args.clients)))
        rss_start = _rss_bytes(pid)

        tally = Tally()
        started = time.perf_counter()
        until = started + args.seconds
        await asyncio.gather(
            *(_client(http, corpus, tally, until) for _ in range(args.clients)),
            *(
                _hostile_client(http, corpus, tally, until, args.hostile_voice)
                for _ in range(args.hostile)
            ),
        )
        elapsed = time.perf_counter() - started
        rss_end = _rss_bytes(pid)
    return tally, rss_start, rss_end, elapsed


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _row(name: str, seconds: list[float], elapsed: float, errors: int | str) -> None:
    p50 = statistics.median(seconds) * 1000
    p99 = _percentile(seconds, 0.99) * 1000
    rate = len(seconds) / elapsed
    print(f"{name:<48} {len(seconds):>6} {rate:>7.1f} {p50:>8.1f} {p99:>8.1f} {errors:>6}")


def _report(tally: Tally, elapsed: float, rss_start: int, rss_end: int) -> bool:
    print(f"\n{'endpoint':<48} {'reqs':>6} {'req/s':>7} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}")
    total = 0
    worst_p99 = 0.0
    ordinary: list[float] = []
    for name in sorted(tally.seconds):
        seconds = tally.seconds[name]
        total += len(seconds)
        if "audio" not in name and not name.startswith(HOSTILE):
            worst_p99 = max(worst_p99, _percentile(seconds, 0.99) * 1000)
        if not name.startswith(HOSTILE):
            ordinary += seconds
        _row(name, seconds, elapsed, len(tally.errors.get(name, [])))
    errors = sum(len(e) for e in tally.errors.values())
    growth = (rss_end - rss_start) / rss_start * 100
    print(f"{'all':<48} {total:>6} {total / elapsed:>7.1f} {'':>8} {'':>8} {errors:>6}")
    if len(ordinary) < total:
        _row("ordinary requests (beside the hostile ones)", ordinary, elapsed, "")
    print(
        f"\nserver memory (RSS): {rss_start / 2**20:.1f} MiB after warm-up, "
        f"{rss_end / 2**20:.1f} MiB at the end ({growth:+.1f} %)"
    )
    for name, details in tally.errors.items():
        print(f"errors on {name}: {details[:3]}")
    checks = {
        "no errors": errors == 0,
        "p99 < 1 s (non-audio)": worst_p99 < 1000,
        "memory growth < 10 %": growth < 10,
    }
    for label, passed in checks.items():
        print(f"{'PASS' if passed else 'FAIL'}  {label}")
    return all(checks.values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (20)")
    parser.add_argument("--seconds", type=float, default=60, help="measured run, seconds (60)")
    parser.add_argument("--warmup", type=float, default=10, help="warm-up, seconds (10)")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes (1)")
    parser.add_argument("--no-audio", action="store_true", help="leave audio downloads out")
    parser.add_argument(
        "--hostile", type=int, default=0, help="clients sending hostile requests (0)"
    )
    parser.add_argument(
        "--hostile-voice",
        default=AUDIO_VOICE,
        help=f"voice the hostile audio asks for ({AUDIO_VOICE}); '' asks for none",
    )
    args = parser.parse_args()

    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="access-api-load-") as data_dir:
        env = {
            **os.environ,
            "ACCESS_API_DATA_DIR": data_dir,
            "ACCESS_API_RATE_LIMIT_PER_MINUTE": "0",
            "ACCESS_API_LOG_LEVEL": "WARNING",
        }
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "access_api.app:create_app",
                "--factory",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--log-level",
                "warning",
                "--no-access-log",
                # Longer than any pause here: an idle connection closed by the
                # server just as a client reuses it is not the server's error.
                "--timeout-keep-alive",
                "60",
                "--workers",
                str(args.workers),
            ],
            env=env,
            cwd=ROOT,
        )
        try:
            _wait_until_up(base_url, server)
            print(
                f"server pid {server.pid} ({args.workers} worker(s)) on {base_url}; "
                f"{args.clients} clients, {args.hostile} hostile, "
                f"{args.warmup:g} s warm-up, {args.seconds:g} s measured"
            )
            tally, rss_start, rss_end, elapsed = asyncio.run(_run(args, base_url, server.pid))
            # The clients share the machine with the server: a busy machine
            # (load above its cores) makes every figure here worse.
            load = os.getloadavg()[0]
            print(f"machine load (1 min) at the end: {load:.1f} on {os.cpu_count()} cores")
        finally:
            server.terminate()
            server.wait(timeout=30)
    return 0 if _report(tally, elapsed, rss_start, rss_end) else 1


def _wait_until_up(base_url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.perf_counter() + 60
    while time.perf_counter() < deadline:
        if server.poll() is not None:
            msg = f"the server stopped with code {server.returncode}"
            raise RuntimeError(msg)
        try:
            if httpx.get(f"{base_url}/ready", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    msg = "the server did not get ready within 60 s"
    raise RuntimeError(msg)


if __name__ == "__main__":
    sys.exit(main())
