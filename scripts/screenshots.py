"""Take the README's screenshots: the home and results pages, light and dark, the
results on a phone, and the API reference.

Usage::

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

It starts the app on a free loopback port with a fresh data directory, pastes
the seed article into the form as a person would (choosing the easy summary),
waits for the summaries' audio the form starts (the default voice), and saves
``home-light.png``, ``home-dark.png``, ``results-light.png``,
``results-dark.png``, ``results-phone.png`` (375 x 667, the first screen) and
``api-reference.png``. It needs Chromium at ``/usr/bin/chromium`` and the dev
extras (Playwright).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_fb8d5ec5391621b1.txt"
CHROMIUM = "/usr/bin/chromium"
WIDTH, HEIGHT = 1000, 1400

_SERVE = """
import socket, uvicorn
from access_api.app import create_app
sock = socket.socket()
sock.bind(("127.0.0.1", 0))
app = create_app()
print(sock.getsockname()[1], flush=True)
uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False)).run(sockets=[sock])
"""


def _call(base: str, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    # Only ever the app this script started, on a loopback http:// address.
    request = urllib.request.Request(  # noqa: S310
        base + path,
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Accept": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
        return json.loads(response.read() or b"null")


def _wait_up(base: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            _call(base, "GET", "/health")
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    msg = "the app did not start within 60 s"
    raise SystemExit(msg)


def take(base: str, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--no-first-run"]
        )
        doc_url = ""
        for scheme in ("light", "dark"):
            page = browser.new_page(
                color_scheme=scheme, viewport={"width": WIDTH, "height": HEIGHT}
            )
            page.goto(base + "/")
            page.fill("#title", "Grooming gangs inquiry")
            page.fill("#text", SEED.read_text(encoding="utf-8"))
            page.evaluate(
                "document.activeElement.blur(); document.getElementById('text').scrollTop = 0"
            )
            page.screenshot(path=out / f"home-{scheme}.png")
            if not doc_url:
                with page.expect_navigation():
                    page.get_by_role("button", name="Make it easier to read").click()
                doc_url = page.url
            page.goto(doc_url)
            # The player, once the easy summary's MP3 (asked for by the form) is made.
            page.wait_for_selector(
                "#listen-easy [data-play-from]", state="attached", timeout=300_000
            )
            page.screenshot(path=out / f"results-{scheme}.png")
            page.close()
        phone = browser.new_page(viewport={"width": 375, "height": 667})
        phone.goto(doc_url)
        phone.screenshot(path=out / "results-phone.png")
        phone.close()
        reference = browser.new_page(viewport={"width": WIDTH, "height": 900})
        reference.goto(base + "/schema")
        reference.wait_for_selector(".opblock-summary-control")
        reference.screenshot(path=out / "api-reference.png")
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "ACCESS_API_DATA_DIR": data, "ACCESS_API_LOG_LEVEL": "WARNING"}
        with subprocess.Popen(  # noqa: S603 (this Python, our own code)
            [sys.executable, "-c", _SERVE], env=env, stdout=subprocess.PIPE, text=True
        ) as server:
            assert server.stdout is not None
            base = f"http://127.0.0.1:{server.stdout.readline().strip()}"
            try:
                _wait_up(base)
                take(base, args.out)
            finally:
                server.terminate()
                server.wait(timeout=10)
    for png in sorted(args.out.glob("*.png")):
        print(f"{png.relative_to(ROOT)}: {png.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
