"""Listening while audio is made: ``GET /api/v1/audio/{id}/stream`` on a real server.

The server runs in a process of its own (the ``server`` fixture), so a stream is
a real chunked HTTP response and a client can really leave in the middle.
"""

from __future__ import annotations

import http.client
import io
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

import numpy as np
import pytest
import soundfile

VOICE = "espeak:en-us"


def api(base: str, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    request = urllib.request.Request(
        base + path,
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Accept": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.loads(response.read())


def long_article(topic: str) -> str:
    """An article of its own for each test, long enough (about two minutes of speech) to be
    listened to while it is being made."""
    sentences = [
        f"The {topic} council met on day {n} to talk about the plans for the new park "
        f"beside the river, and {n * 3} people came to listen to what was said."
        for n in range(1, 19)
    ]
    return "\n\n".join(" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3))


def ask(base: str, topic: str, audio_format: str = "mp3") -> dict[str, Any]:
    doc = api(base, "POST", "/api/v1/documents", {"text": long_article(topic)})
    body = {"variant": "article", "voice": VOICE, "format": audio_format}
    audio: dict[str, Any] = api(base, "POST", f"/api/v1/documents/{doc['id']}/audio", body)
    return audio


def open_stream(base: str, path: str) -> tuple[http.client.HTTPConnection, Any]:
    address = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(address.hostname or "", address.port, timeout=60)
    connection.request("GET", path)
    return connection, connection.getresponse()


def wait_until_finished(base: str, audio: dict[str, Any]) -> dict[str, Any]:
    deadline = time.monotonic() + 120
    while audio["status"] not in ("done", "failed") and time.monotonic() < deadline:
        time.sleep(0.1)
        audio = api(base, "GET", audio["links"]["self"])
    assert audio["status"] == "done", audio
    return audio


def decode(data: bytes) -> tuple[np.ndarray, int]:
    samples, rate = soundfile.read(io.BytesIO(data), dtype="float32")
    return samples, rate


def lag(finished: np.ndarray, streamed: np.ndarray, rate: int) -> int:
    """How many samples later the streamed audio is heard than the finished file's."""
    start, length = rate, rate // 2  # a stretch of the first sentence
    window = finished[start : start + length]
    scores = [
        float(np.dot(window, streamed[start + k : start + k + length])) for k in range(rate // 5)
    ]
    return int(np.argmax(scores))


def test_a_stream_begins_before_the_audio_is_finished_and_holds_all_of_it(server: str) -> None:
    audio = ask(server, "harbour")
    connection, response = open_stream(server, audio["links"]["stream"])
    assert response.status == 200
    assert response.getheader("Content-Type").startswith("audio/mpeg")
    assert response.getheader("Transfer-Encoding") == "chunked"
    assert response.getheader("Content-Length") is None
    assert response.getheader("Cache-Control") == "no-store"
    first = response.read1(65536)
    status_at_first_bytes = api(server, "GET", audio["links"]["self"])["status"]
    streamed = first + response.read()
    response.close()
    connection.close()
    assert status_at_first_bytes in ("queued", "running")
    done = wait_until_finished(server, audio)
    with urllib.request.urlopen(server + done["links"]["file"]) as download:
        finished_bytes = download.read()
    finished, rate = decode(finished_bytes)
    heard, streamed_rate = decode(streamed)
    assert streamed_rate == rate
    # The same audio, heard a frame or two later (the stream has no header saying
    # how much of the encoder's start to skip), so the finished file's sentence
    # timings hold for the stream within 0.1 s.
    offset = lag(finished, heard, rate)
    assert offset <= 0.1 * rate
    assert abs(len(heard) - offset - len(finished)) <= 0.1 * rate
    same = heard[offset : offset + len(finished)]
    difference = np.sqrt(np.mean((same - finished[: len(same)]) ** 2))
    assert difference < 0.1 * np.sqrt(np.mean(finished**2))
    assert abs(len(finished) / rate - done["duration_seconds"]) < 0.1


def test_a_client_that_leaves_mid_stream_leaves_a_complete_file_in_the_cache(
    server: str,
) -> None:
    audio = ask(server, "lighthouse")
    connection, response = open_stream(server, audio["links"]["stream"])
    assert response.status == 200
    assert response.read1(65536)
    response.close()  # the listener leaves after the first bytes
    connection.close()
    assert api(server, "GET", audio["links"]["self"])["status"] in ("queued", "running")
    done = wait_until_finished(server, audio)
    with urllib.request.urlopen(server + done["links"]["file"]) as download:
        finished, rate = decode(download.read())
    assert abs(len(finished) / rate - done["duration_seconds"]) < 0.1
    assert done["duration_seconds"] > 60
    # Asking again finds the same audio, made once.
    doc = done["document_id"]
    again = urllib.request.Request(
        f"{server}/api/v1/documents/{doc}/audio",
        method="POST",
        data=json.dumps({"variant": "article", "voice": VOICE, "format": "mp3"}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(again) as answer:
        assert answer.status == 200
        assert json.loads(answer.read())["id"] == audio["id"]


def test_finished_audio_streams_as_the_file_itself(server: str) -> None:
    audio = wait_until_finished(server, ask(server, "orchard"))
    with urllib.request.urlopen(server + audio["links"]["stream"]) as streamed:
        assert streamed.headers["Accept-Ranges"] == "bytes"
        etag = streamed.headers["ETag"]
        body = streamed.read()
    with urllib.request.urlopen(server + audio["links"]["file"]) as download:
        assert download.headers["ETag"] == etag
        assert download.read() == body
    ranged = urllib.request.Request(
        server + audio["links"]["stream"], headers={"Range": "bytes=0-9"}
    )
    with urllib.request.urlopen(ranged) as part:
        assert part.status == 206
        assert part.read() == body[:10]


def test_another_format_being_made_cannot_be_streamed_yet(server: str) -> None:
    audio = ask(server, "meadow", audio_format="wav")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(server + audio["links"]["stream"])
    assert refused.value.code == 409
    assert refused.value.headers["Retry-After"]
    problem = json.loads(refused.value.read())
    refused.value.close()
    assert "Only MP3" in problem["detail"]
    wait_until_finished(server, audio)


def test_unknown_audio_has_no_stream(server: str) -> None:
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(f"{server}/api/v1/audio/{'0' * 64}/stream")
    assert missing.value.code == 404
    missing.value.close()
