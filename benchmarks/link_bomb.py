"""What a compression bomb behind a link costs: memory, time, and the event loop.

A local server answers with a page of 1 GiB of spaces gzipped twice
(``Content-Encoding: gzip, gzip``, about a kilobyte) and with 100 MB of spaces
gzipped once (about 100 kB); each is fetched with the service's default limits
(3,000,000 bytes, 10 s) through :func:`access_api.fetch.fetch_url`, the function
a link goes through. While it runs, a ticker task notes the longest the event
loop went without running it. Prints, per page, the median over the runs of the
time to the refusal and of the longest stall, and the growth of the process's
peak memory over all runs.

    python benchmarks/link_bomb.py [--runs 5]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import anyio

from access_api.errors import LinkError
from access_api.fetch import fetch_url

MIB = 1 << 20


def _gzip(chunks: Any) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    return b"".join(packer.compress(chunk) for chunk in chunks) + packer.flush()


PAGES = {
    "/nested": (_gzip([_gzip(b" " * MIB for _ in range(1024))]), "gzip, gzip"),
    "/single": (_gzip(b" " * MIB for _ in range(100)), "gzip"),
}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body, coding = PAGES[self.path]
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Encoding", coding)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


async def _one(url: str, origin: str) -> tuple[float, float, str]:
    longest = 0.0
    done = False

    async def tick() -> None:
        nonlocal longest
        last = time.perf_counter()
        while not done:
            await anyio.sleep(0.001)
            now = time.perf_counter()
            longest = max(longest, now - last)
            last = now

    started = time.perf_counter()
    outcome = "read"
    async with anyio.create_task_group() as tasks:
        tasks.start_soon(tick)
        try:
            await fetch_url(
                url, timeout=10.0, max_bytes=3_000_000, max_redirects=5, allow_private=[origin]
            )
        except LinkError as exc:
            outcome = type(exc).__name__
        done = True
    return time.perf_counter() - started, longest, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        for path, (body, coding) in PAGES.items():
            runs = [anyio.run(_one, origin + path, origin) for _ in range(args.runs)]
            seconds = statistics.median(r[0] for r in runs)
            stall = statistics.median(r[1] for r in runs)
            outcomes = sorted({r[2] for r in runs})
            print(
                f"{path} ({coding}, {len(body):,} bytes): {', '.join(outcomes)} in "
                f"{seconds * 1000:.0f} ms, longest event-loop stall {stall * 1000:.0f} ms"
            )
    finally:
        server.shutdown()
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    print(f"peak memory grew by {grown / 1024:.1f} MiB over {args.runs} runs of each")


if __name__ == "__main__":
    main()
