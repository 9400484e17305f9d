"""gTTS against a fake endpoint on the loopback interface: never the internet."""

from __future__ import annotations

import base64
import socket
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, ClassVar

import pytest
import soundfile

from access_api.errors import EmptyText, InputError, Unavailable
from access_api.settings import Settings
from access_api.speech import SpokenSentence, list_voices, synthesise
from access_api.speech._encode import Tags, encode
from access_api.speech._espeak import EspeakEngine
from access_api.speech._model import AudioFormat

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from access_api.speech import AudioResult

TWO = [
    SpokenSentence(0, "Dr. Lee spoke first.", 0),
    SpokenSentence(1, "Then the vote was held.", 0),
]


class FakeGoogle(BaseHTTPRequestHandler):
    """Answers like Google Translate's batchexecute RPC, as a test tells it to."""

    replies: ClassVar[list[str]] = []
    """What to do for each request in turn: ok, 429, 500 or hang."""
    bodies: ClassVar[list[str]] = []
    paths: ClassVar[list[str]] = []
    mp3: ClassVar[bytes] = b""
    release = threading.Event()

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        FakeGoogle.bodies.append(urllib.parse.unquote(self.rfile.read(length).decode()))
        FakeGoogle.paths.append(self.path)
        reply = FakeGoogle.replies.pop(0) if FakeGoogle.replies else "ok"
        if reply == "hang":
            FakeGoogle.release.wait(10)
            return
        if reply == "429":
            self.send_response(429)
            self.send_header("Retry-After", "7")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if reply == "500":
            self.send_response(500)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        audio = base64.b64encode(FakeGoogle.mp3).decode()
        body = f')]}}\'\n\n[["wrb.fr","jQ1olc","[\\"{audio}\\"]",null,null,null,"generic"]]\n'
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def fake_mp3(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    engine = EspeakEngine()
    voice = next(v for v in engine.voices() if v.id == "espeak:en-us")
    speech = engine.speak("Hello from the fake endpoint.", voice=voice, rate=1.0)
    path = tmp_path_factory.mktemp("fake") / "hello.mp3"
    encode(
        speech.samples,
        speech.sample_rate,
        path,
        AudioFormat.MP3,
        Tags(title="", album="", artist=""),
    )
    return path.read_bytes()


@pytest.fixture
def google(fake_mp3: bytes) -> Iterator[str]:
    FakeGoogle.mp3 = fake_mp3
    FakeGoogle.replies = []
    FakeGoogle.bodies = []
    FakeGoogle.paths = []
    FakeGoogle.release.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeGoogle)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    FakeGoogle.release.set()
    server.shutdown()
    server.server_close()
    thread.join(5)


def _gtts_settings(tmp_path: Path, url: str, timeout: float = 5.0) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        voices_dir=tmp_path / "voices",
        gtts_url=url,
        gtts_timeout_seconds=timeout,
    )


def _speak(settings: Settings, out: Path, rate: float = 1.0) -> AudioResult:
    return synthesise(
        TWO,
        voice_id="gtts:en",
        rate=rate,
        title="Vote",
        variant="Article",
        output_dir=out,
        settings=settings,
    )


def test_a_gtts_voice_speaks_through_the_configured_endpoint(google: str, tmp_path: Path) -> None:
    out = tmp_path / "audio"
    result = _speak(_gtts_settings(tmp_path, google), out)
    decoded, rate = soundfile.read(result.path)
    assert len(decoded) / rate == pytest.approx(result.duration_seconds, abs=0.05)
    assert len(result.timings) == 2
    assert FakeGoogle.paths == ["/_/TranslateWebserverUi/data/batchexecute"] * 2
    # One request per sentence, each carrying the text prepared for listening.
    assert "Doctor Lee spoke first" in FakeGoogle.bodies[0]
    assert "Then the vote was held" in FakeGoogle.bodies[1]


def test_a_rate_below_one_asks_for_the_slow_pace(google: str, tmp_path: Path) -> None:
    _speak(_gtts_settings(tmp_path, google), tmp_path / "audio", rate=0.75)
    assert all(',"en",true,' in body.replace("\\", "") for body in FakeGoogle.bodies)


def test_too_many_requests_is_unavailable_with_retry_after(google: str, tmp_path: Path) -> None:
    out = tmp_path / "audio"
    FakeGoogle.replies = ["ok", "429"]
    with pytest.raises(Unavailable, match="Try again in 7 seconds") as caught:
        _speak(_gtts_settings(tmp_path, google), out)
    assert caught.value.retry_after == 7
    # The first sentence had been spoken: nothing of it is kept.
    assert list(out.iterdir()) == []


def test_an_endpoint_that_hangs_fails_quickly(google: str, tmp_path: Path) -> None:
    out = tmp_path / "audio"
    FakeGoogle.replies = ["hang"]
    started = time.monotonic()
    with pytest.raises(Unavailable, match=r"did not answer within 0\.5 seconds"):
        _speak(_gtts_settings(tmp_path, google, timeout=0.5), out)
    assert time.monotonic() - started < 3
    assert not out.exists() or list(out.iterdir()) == []


def test_a_server_error_is_unavailable(google: str, tmp_path: Path) -> None:
    FakeGoogle.replies = ["500"]
    with pytest.raises(Unavailable, match="gTTS answered 500"):
        _speak(_gtts_settings(tmp_path, google), tmp_path / "audio")


def test_an_unreachable_endpoint_is_unavailable(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    with pytest.raises(Unavailable, match="gTTS cannot be reached"):
        _speak(_gtts_settings(tmp_path, closed), tmp_path / "audio")


def test_gtts_is_off_by_default_and_says_why(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", voices_dir=tmp_path / "voices")
    gtts = [v for v in list_voices(settings) if v.engine == "gtts"]
    assert gtts
    assert not any(v.available or v.offline for v in gtts)
    assert all("ACCESS_API_GTTS_URL" in (v.unavailable_reason or "") for v in gtts)
    with pytest.raises(InputError, match="gtts:en cannot be used"):
        _speak(settings, tmp_path / "audio")


def test_gtts_cannot_speak_faster_than_normal(google: str, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="two paces only"):
        _speak(_gtts_settings(tmp_path, google), tmp_path / "audio", rate=1.5)
    assert FakeGoogle.bodies == []


def test_a_huge_word_never_reaches_google(google: str, tmp_path: Path) -> None:
    huge = [SpokenSentence(0, "b" * 40_000, 0)]
    with pytest.raises(EmptyText, match="40,000 characters"):
        synthesise(
            huge,
            voice_id="gtts:en",
            title="Word",
            variant="Article",
            output_dir=tmp_path / "audio",
            settings=_gtts_settings(tmp_path, google),
        )
    assert FakeGoogle.bodies == []
