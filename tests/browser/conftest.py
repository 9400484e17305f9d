"""A real browser for the page tests: Playwright driving the system's Chromium.

The app runs in its own process (the ``server`` fixture of ``tests/conftest.py``:
uvicorn on a free loopback port, a fresh data directory), as a person would meet
it. Without Chromium the browser tests are skipped, loudly; in CI (``CI=true``)
they fail instead, so they always run there.
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from playwright.sync_api import Browser, BrowserContext, Page

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--autoplay-policy=no-user-gesture-required",
    "--mute-audio",
]
SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_fb8d5ec5391621b1.txt"

_missing: list[str] = []


def _why_no_browser() -> str | None:
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "the Python package playwright is not installed (pip install -e '.[dev]')"
    if not CHROMIUM.is_file():
        return (
            f"{CHROMIUM} is missing (install it: apt-get install --no-install-recommends chromium)"
        )
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    ours = [item for item in items if here in Path(str(item.fspath)).parents]
    if not ours:
        return
    # Playwright's sync API keeps an event loop running in this thread while the
    # session-wide browser lives; asyncio tests after it could not start theirs.
    # So the browser tests run last.
    items[:] = [item for item in items if item not in ours] + ours
    reason = _why_no_browser()
    if reason is None:
        return
    if os.environ.get("CI", "").lower() == "true":
        # CI must run them: the browser fixture fails each one, saying why.
        _missing.append(f"BROWSER TESTS CANNOT RUN IN CI: {reason}")
        return
    _missing.append(f"BROWSER TESTS SKIPPED: {reason}")
    for item in ours:
        item.add_marker(pytest.mark.skip(reason=f"no browser: {reason}"))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for line in _missing:
        terminalreporter.write_sep("!", line, red=True, bold=True)


def api(base: str, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    """Call the JSON API; returns the decoded body, or raises HTTPError."""
    request = urllib.request.Request(
        base + path,
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Accept": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.loads(response.read() or b"null")


@pytest.fixture(scope="session")
def seed_document(server: str) -> str:
    """The seed article's document id."""
    doc = api(server, "POST", "/api/v1/documents", {"text": SEED.read_text(encoding="utf-8")})
    return str(doc["id"])


@pytest.fixture(scope="session")
def seed_audio(server: str, seed_document: str) -> dict[str, Any] | None:
    """The seed's easy summary spoken by the fast eSpeak NG voice, in every format.

    ``None`` (and a loud line at the end of the run) when the audio API or an
    English eSpeak NG voice is missing; the tests that need audio then skip.
    """
    try:
        voices = api(server, "GET", "/api/v1/voices")
    except urllib.error.HTTPError as exc:
        _missing.append(f"AUDIO PARTS OF THE BROWSER TESTS SKIPPED: /api/v1/voices answered {exc}")
        return None
    english = [v["id"] for v in voices if v["id"].startswith("espeak:en") and v["available"]]
    if not english:
        _missing.append("AUDIO PARTS OF THE BROWSER TESTS SKIPPED: no English eSpeak NG voice")
        return None
    voice = "espeak:en-us" if "espeak:en-us" in english else english[0]
    made = {}
    for audio_format in ("mp3", "ogg", "wav"):
        body = {"variant": "easy", "voice": voice, "format": audio_format}
        made[audio_format] = api(server, "POST", f"/api/v1/documents/{seed_document}/audio", body)
    deadline = time.monotonic() + 120
    for audio_format, audio in made.items():
        while audio["status"] not in ("done", "failed") and time.monotonic() < deadline:
            time.sleep(0.2)
            audio = api(server, "GET", audio["links"]["self"])
        assert audio["status"] == "done", audio
        made[audio_format] = audio
    return made


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    reason = _why_no_browser()
    if reason is not None:
        pytest.fail(f"the browser tests must run in CI, but {reason}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield launched
        launched.close()


SETTINGS_COOKIE = "access_api_settings"


@pytest.fixture
def new_context(browser: Browser, server: str) -> Iterator[Callable[..., BrowserContext]]:
    """Make fresh browser profiles; ``theme="contrast"`` is the high-contrast setting,
    ``settings="size=200"`` reading settings saved as the settings page saves them."""
    made: list[BrowserContext] = []

    def make(theme: str = "light", settings: str = "", **options: Any) -> BrowserContext:
        context = browser.new_context(
            color_scheme="light" if theme == "light" else "dark",
            viewport=options.pop("viewport", {"width": 1024, "height": 800}),
            **options,
        )
        saved = "&".join(
            part for part in ("theme=contrast" if theme == "contrast" else "", settings) if part
        )
        if saved:
            context.add_cookies([{"name": SETTINGS_COOKIE, "value": saved, "url": server}])
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


@pytest.fixture
def page(new_context: Callable[..., BrowserContext]) -> Page:
    return new_context().new_page()
