"""Scale-out throughput, and the latency of a repeated download.

Throughput: N audio jobs through 1, then 2, ``access-api worker`` processes.

Each run gets a fresh PostgreSQL database (SQLite when no PostgreSQL server
answers at 127.0.0.1:5432) and a fresh SAQ queue on the Redis at
127.0.0.1:6379. The workers are started and registered before the clock
starts; the clock stops when every job is done. Prints, for each worker count,
the audio made, the wall time and the throughput in audio minutes per wall
minute, then the ratio of two workers to one (target on 2 cores: >= 1.6x).

Download: an ``access-api serve`` process (embedded mode) makes one audio file,
then it is downloaded again and again over HTTP; prints the median and 95th
percentile time per download (target: median under 20 ms).

Usage::

    python benchmarks/workers.py [--jobs 8] [--voice piper:en_US-joe-medium] [--workers 1,2]
        [--downloads 200]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import asyncpg
import httpx
import redis

from access_api.documents import Documents, prepare
from access_api.jobs import AudioService, make_context
from access_api.jobs._scale import SaqRunner
from access_api.settings import Settings
from access_api.store import AudioStatus, LocalAudioStorage, Store

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_fb8d5ec5391621b1.txt"
HOST = "127.0.0.1"


def _listening(port: int) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=0.5):
            return True
    except OSError:
        return False


def _texts(count: int) -> list[str]:
    """Distinct articles of a few paragraphs each, cut from the seed article."""
    paragraphs = [p for p in SEED.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    return [f"Story number {i + 1}.\n\n" + "\n\n".join(paragraphs[:2]) for i in range(count)]


async def _database(work: Path) -> tuple[str, str | None]:
    """A fresh database URL, and the PostgreSQL database's name to drop (if any)."""
    if not _listening(5432):
        return f"sqlite+aiosqlite:///{work / 'bench.db'}", None
    admin = await asyncpg.connect(host=HOST, user="postgres", database="test")
    name = f"access_api_bench_{uuid.uuid4().hex[:10]}"
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()
    return f"postgresql+asyncpg://postgres@{HOST}/{name}", name


async def _drop(name: str | None) -> None:
    if name is not None:
        admin = await asyncpg.connect(host=HOST, user="postgres", database="test")
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def _run(workers: int, jobs: int, voice: str) -> tuple[float, float]:
    """Make ``jobs`` audio files with ``workers`` worker processes: (audio s, wall s)."""
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        database_url, pg_name = await _database(work)
        settings = Settings(
            data_dir=work / "data",
            database_url=database_url,
            queue_url=f"redis://{HOST}:6379/14",
            queue_name=f"access_api_bench_{uuid.uuid4().hex[:10]}",
            audio_workers=1,
        )
        env = {
            **os.environ,
            "ACCESS_API_DATA_DIR": str(settings.data_dir),
            "ACCESS_API_DATABASE_URL": settings.database_url,
            "ACCESS_API_QUEUE_URL": settings.queue_url,
            "ACCESS_API_QUEUE_NAME": settings.queue_name,
            "ACCESS_API_AUDIO_WORKERS": "1",
            "ACCESS_API_LOG_LEVEL": "WARNING",
        }
        store = Store(settings.resolved_database_url)
        await prepare(store, settings)
        documents = Documents(store, LocalAudioStorage(settings.resolved_audio_dir), settings)
        runner = SaqRunner(settings)
        await runner.start()
        service = AudioService(make_context(documents), runner)
        docs = [(await documents.create(text=text))[0] for text in _texts(jobs)]
        processes = [
            subprocess.Popen(
                [sys.executable, "-m", "access_api.cli", "worker"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for _ in range(workers)
        ]
        try:
            while len((await runner.queue.info())["workers"]) < workers:
                await asyncio.sleep(0.2)
            start = time.perf_counter()
            ids = [(await service.request(d, voice=voice))[0].id for d in docs]
            while True:
                records = [await store.audio.get(audio_id) for audio_id in ids]
                if all(r.status in {AudioStatus.DONE, AudioStatus.FAILED} for r in records):
                    break
                await asyncio.sleep(0.1)
            wall = time.perf_counter() - start
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait()
            await runner.stop()
            await store.close()
            await _drop(pg_name)
            client = redis.Redis.from_url(settings.queue_url)
            keys = list(client.scan_iter(f"*{settings.queue_name}*"))
            if keys:
                client.delete(*keys)
            client.close()
        failed = [r.error for r in records if r.status is AudioStatus.FAILED]
        if failed:
            raise SystemExit(f"{len(failed)} job(s) failed: {failed[0]}")
        return sum(r.duration_seconds or 0.0 for r in records), wall


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def _downloads(count: int) -> list[float]:
    """Seconds per download of one finished audio file, ``count`` times, over HTTP."""
    with tempfile.TemporaryDirectory() as scratch:
        port = _free_port()
        base = f"http://{HOST}:{port}"
        env = {**os.environ, "ACCESS_API_DATA_DIR": scratch, "ACCESS_API_LOG_LEVEL": "WARNING"}
        server = subprocess.Popen(
            [sys.executable, "-m", "access_api.cli", "serve", "--host", HOST, "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            with httpx.Client(base_url=base, timeout=30) as client:
                while True:
                    try:
                        client.get("/health")
                        break
                    except httpx.TransportError:
                        time.sleep(0.2)
                doc = client.post("/api/v1/documents", json={"text": _texts(1)[0]}).json()
                audio = client.post(
                    f"/api/v1/documents/{doc['id']}/audio", json={"voice": "espeak:en-us"}
                ).json()
                while client.get(f"/api/v1/audio/{audio['id']}").json()["status"] != "done":
                    time.sleep(0.2)
                url = f"/api/v1/audio/{audio['id']}/file"
                client.get(url)
                times = []
                for _ in range(count):
                    start = time.perf_counter()
                    response = client.get(url)
                    times.append(time.perf_counter() - start)
                    assert response.status_code == 200
            print(f"downloaded file: {len(response.content) / 1000:.0f} kB")
            return times
        finally:
            server.terminate()
            server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=8, help="audio files per run (default 8)")
    parser.add_argument("--voice", default="piper:en_US-joe-medium", help="the voice to use")
    parser.add_argument("--workers", default="1,2", help="worker counts to run (default 1,2)")
    parser.add_argument("--downloads", type=int, default=200, help="repeated downloads (200)")
    args = parser.parse_args()
    if not _listening(6379):
        raise SystemExit("this benchmark needs Redis at 127.0.0.1:6379")
    print(f"{args.jobs} jobs, voice {args.voice}, {os.cpu_count()} cores")
    throughput: dict[int, float] = {}
    for count in (int(w) for w in args.workers.split(",")):
        audio, wall = asyncio.run(_run(count, args.jobs, args.voice))
        throughput[count] = (audio / 60) / (wall / 60)
        print(
            f"{count} worker(s): {audio / 60:.1f} audio min in {wall:.1f} s wall "
            f"-> {throughput[count]:.1f} audio min per wall min"
        )
    if 1 in throughput and 2 in throughput:
        print(f"2 workers / 1 worker: {throughput[2] / throughput[1]:.2f}x (target >= 1.6x)")
    if args.downloads:
        times = sorted(_downloads(args.downloads))
        p95 = times[int(0.95 * (len(times) - 1))]
        print(
            f"repeated download: median {statistics.median(times) * 1000:.1f} ms, "
            f"p95 {p95 * 1000:.1f} ms over {len(times)} (target: median < 20 ms)"
        )


if __name__ == "__main__":
    main()
