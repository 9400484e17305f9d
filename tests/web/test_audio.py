"""Spoken audio through the REST API: asking, following, downloading, ranges, problems."""

from __future__ import annotations

import io
import os
import time
from typing import TYPE_CHECKING, Any

import mutagen
import pytest
import soundfile
from litestar.testing import TestClient

from access_api.app import create_app
from access_api.settings import Settings
from access_api.speech import PronunciationFileError
from access_api.store import AudioRequest
from access_api.web._files import content_disposition

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from litestar import Litestar

    Client = TestClient[Litestar]

PROBLEM = "application/problem+json"
VOICE = "espeak:en-us"  # the fast offline voice keeps these tests quick
ARTICLE = (
    "The town council met on Tuesday to talk about the new park. "
    "Many people came to the meeting. They asked for more trees and a place for children to play. "
    "The mayor said the park would open next summer.\n\n"
    "Work on the paths will start in the spring. "
    "The council will spend two million pounds on the project, which is more than planned. "
    "Some people worry about the cost. Others say the town needs green space. "
    "A final plan will be shown to the public in March."
)


def assert_problem(response: Any, status: int, *words: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    for word in words:
        assert word.lower() in body["detail"].lower(), body
    return body


def wait_until_finished(client: Client, audio_id: str, timeout: float = 60) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status: dict[str, Any] = client.get(f"/api/v1/audio/{audio_id}").json()
        if status["status"] in {"done", "failed"}:
            return status
        time.sleep(0.1)
    raise AssertionError(f"audio {audio_id} did not finish in {timeout} s")


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Client, str, str]]:
    """A client, a document titled with awkward characters, and its finished audio."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("audio") / "data")
    with TestClient(app=create_app(settings)) as client:
        doc = client.post(
            "/api/v1/documents", json={"text": ARTICLE, "title": 'Parks "für"\r\nalle'}
        ).json()
        asked = client.post(
            f"/api/v1/documents/{doc['id']}/audio",
            json={"variant": "article", "voice": VOICE, "format": "wav"},
        )
        assert asked.status_code == 202, asked.text
        assert wait_until_finished(client, asked.json()["id"])["status"] == "done"
        yield client, doc["id"], asked.json()["id"]


def test_voices_are_listed_with_their_engine_and_availability(client: Client) -> None:
    voices = client.get("/api/v1/voices").json()
    by_id = {v["id"]: v for v in voices}
    assert by_id[VOICE]["engine"] == "espeak"
    assert by_id[VOICE]["offline"] is True
    assert by_id[VOICE]["available"] is True
    defaults = [v["id"] for v in voices if v["default"]]
    assert len(defaults) == 1
    assert by_id[defaults[0]]["offline"] is True
    unavailable = [v for v in voices if not v["available"]]
    assert all(v["unavailable_reason"] for v in unavailable)


def test_asking_again_for_the_same_audio_returns_the_same_id(
    made: tuple[Client, str, str],
) -> None:
    client, doc_id, audio_id = made
    again = client.post(
        f"/api/v1/documents/{doc_id}/audio",
        json={"variant": "article", "voice": VOICE, "format": "wav"},
    )
    assert again.status_code == 200
    assert again.json()["id"] == audio_id
    assert again.json()["status"] == "done"
    links = again.json()["links"]
    assert links["file"] == f"/api/v1/audio/{audio_id}/file"
    assert links["captions"] == f"/api/v1/audio/{audio_id}/captions.vtt"


def test_the_finished_file_decodes_and_is_as_long_as_its_captions(
    made: tuple[Client, str, str],
) -> None:
    client, _, audio_id = made
    response = client.get(f"/api/v1/audio/{audio_id}/file")
    assert response.status_code == 200
    assert response.headers["content-type"] == "audio/wav"
    assert response.headers["accept-ranges"] == "bytes"
    assert int(response.headers["content-length"]) == len(response.content)
    data, rate = soundfile.read(io.BytesIO(response.content))
    status = client.get(f"/api/v1/audio/{audio_id}").json()
    assert len(data) / rate == pytest.approx(status["duration_seconds"], abs=0.05)
    timings = client.get(f"/api/v1/audio/{audio_id}/timings.json").json()
    assert [t["sentence_index"] for t in timings] == list(range(len(timings)))
    assert timings[-1]["end"] <= status["duration_seconds"]
    captions = client.get(f"/api/v1/audio/{audio_id}/captions.vtt")
    assert captions.headers["content-type"].startswith("text/vtt")
    assert captions.text.startswith("WEBVTT")
    assert captions.text.count(" --> ") == len(timings)


def test_the_download_is_named_after_the_title_without_header_injection(
    made: tuple[Client, str, str],
) -> None:
    client, _, audio_id = made
    disposition = client.get(f"/api/v1/audio/{audio_id}/file").headers["content-disposition"]
    assert disposition.startswith('attachment; filename="Parks f')
    assert "Full article.wav" in disposition
    assert "filename*=UTF-8''Parks%20f%C3%BCr%20alle%20-%20Full%20article.wav" in disposition
    assert "\r" not in disposition
    assert "\n" not in disposition


def test_a_content_disposition_keeps_quotes_and_line_breaks_out() -> None:
    value = content_disposition('evil"\r\nSet-Cookie: a=b.mp3', attachment=False)
    assert value.count('"') == 2
    assert "\r" not in value
    assert "\n" not in value
    assert value.startswith('inline; filename="evilSet-Cookie_ a_b.mp3"')


def test_a_range_gets_206_and_exactly_those_bytes(made: tuple[Client, str, str]) -> None:
    client, _, audio_id = made
    whole = client.get(f"/api/v1/audio/{audio_id}/file").content
    first = client.get(f"/api/v1/audio/{audio_id}/file", headers={"Range": "bytes=0-99"})
    assert first.status_code == 206
    assert first.content == whole[:100]
    assert first.headers["content-range"] == f"bytes 0-99/{len(whole)}"
    tail = client.get(f"/api/v1/audio/{audio_id}/file", headers={"Range": "bytes=-10"})
    assert (tail.status_code, tail.content) == (206, whole[-10:])
    rest = client.get(f"/api/v1/audio/{audio_id}/file", headers={"Range": "bytes=100-"})
    assert (rest.status_code, rest.content) == (206, whole[100:])
    past = client.get(
        f"/api/v1/audio/{audio_id}/file", headers={"Range": f"bytes=10-{len(whole) + 500}"}
    )
    assert (past.status_code, past.content) == (206, whole[10:])


def test_a_range_past_the_end_is_416_with_the_size(made: tuple[Client, str, str]) -> None:
    client, _, audio_id = made
    size = len(client.get(f"/api/v1/audio/{audio_id}/file").content)
    response = client.get(
        f"/api/v1/audio/{audio_id}/file", headers={"Range": f"bytes={size}-{size + 10}"}
    )
    assert_problem(response, 416, "past the end")
    assert response.headers["content-range"] == f"bytes */{size}"


@pytest.mark.parametrize("header", ["bytes=abc", "bytes=9-2", "bytes=-0", "bytes="])
def test_a_malformed_byte_range_is_a_416_problem(
    made: tuple[Client, str, str], header: str
) -> None:
    client, _, audio_id = made
    response = client.get(f"/api/v1/audio/{audio_id}/file", headers={"Range": header})
    assert_problem(response, 416)
    assert response.headers["content-range"].startswith("bytes */")


def test_a_range_with_thousands_of_digits_is_answered_not_a_500(
    made: tuple[Client, str, str],
) -> None:
    # int() refuses more than 4,300 digits; a position that long is past any end.
    client, _, audio_id = made
    url = f"/api/v1/audio/{audio_id}/file"
    whole = client.get(url).content
    huge = "9" * 5000
    start = client.get(url, headers={"Range": f"bytes={huge}-"})
    assert_problem(start, 416, "past the end")
    assert len(start.json()["detail"]) < 200
    end = client.get(url, headers={"Range": f"bytes=10-{huge}"})
    assert (end.status_code, end.content) == (206, whole[10:])
    suffix = client.get(url, headers={"Range": f"bytes=-{huge}"})
    assert (suffix.status_code, suffix.content) == (206, whole)
    padded = client.get(url, headers={"Range": f"bytes={'0' * 5000}5-9"})
    assert (padded.status_code, padded.content) == (206, whole[5:10])


@pytest.mark.parametrize("header", ["items=0-5", "bytes=0-1,5-9"])
def test_other_units_and_several_ranges_get_the_whole_file(
    made: tuple[Client, str, str], header: str
) -> None:
    client, _, audio_id = made
    response = client.get(f"/api/v1/audio/{audio_id}/file", headers={"Range": header})
    assert response.status_code == 200
    assert len(response.content) == int(response.headers["content-length"])


def test_a_matching_etag_gets_304_and_head_gets_headers_only(
    made: tuple[Client, str, str],
) -> None:
    client, _, audio_id = made
    full = client.get(f"/api/v1/audio/{audio_id}/file")
    etag = full.headers["etag"]
    cached = client.get(f"/api/v1/audio/{audio_id}/file", headers={"If-None-Match": etag})
    assert cached.status_code == 304
    assert cached.content == b""
    head = client.head(f"/api/v1/audio/{audio_id}/file")
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["content-length"] == str(len(full.content))
    assert head.headers["etag"] == etag
    stale = client.get(
        f"/api/v1/audio/{audio_id}/file", headers={"Range": "bytes=0-9", "If-Range": '"old"'}
    )
    assert stale.status_code == 200, "a Range for another version is ignored"


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"voice": "nobody:none"}, ["unknown voice", "espeak:en-us"]),
        ({"voice": "espeak:fr-fr"}, ["speaks fr"]),
        ({"format": "flac"}, ["unknown format", "mp3"]),
        ({"variant": "shortest"}, ["unknown variant", "easy"]),
        ({"pause": "long"}, ["unknown pause", "relaxed"]),
        ({"rate": 9.0}, ["rate 9", "0.5"]),
    ],
)
def test_bad_options_are_422_problems_that_say_what_to_choose(
    made: tuple[Client, str, str], body: dict[str, Any], words: list[str]
) -> None:
    client, doc_id, _ = made
    response = client.post(f"/api/v1/documents/{doc_id}/audio", json=body)
    assert_problem(response, 422, *words)


def test_audio_of_an_unknown_document_or_id_is_404(client: Client) -> None:
    assert_problem(client.post(f"/api/v1/documents/{'0' * 32}/audio", json={}), 404)
    assert_problem(client.get(f"/api/v1/audio/{'0' * 64}"), 404)
    assert_problem(client.get(f"/api/v1/audio/{'0' * 64}/file"), 404)


def _queued_record(client: Client, settings: Settings) -> tuple[str, Any]:
    doc_id = client.post("/api/v1/documents", json={"text": ARTICLE}).json()["id"]
    app: Litestar = client.app
    audio = app.dependencies["audio"].dependency()
    request = AudioRequest(
        id="f" * 64,
        document_id=doc_id,
        variant="article",
        voice=VOICE,
        format="mp3",
        rate=1.0,
        pause="normal",
        title=None,
    )
    client.blocking_portal.call(audio.records.create_or_get, request)  # stored, never queued
    return "f" * 64, audio


def test_audio_still_being_made_is_a_409_with_retry_after(
    client: Client, settings: Settings
) -> None:
    audio_id, _ = _queued_record(client, settings)
    response = client.get(f"/api/v1/audio/{audio_id}/file")
    assert_problem(response, 409, "still")
    assert int(response.headers["retry-after"]) > 0
    assert_problem(client.get(f"/api/v1/audio/{audio_id}/captions.vtt"), 409)


def test_failed_audio_is_a_problem_with_the_recorded_reason(
    client: Client, settings: Settings
) -> None:
    audio_id, audio = _queued_record(client, settings)
    client.blocking_portal.call(audio.records.start, audio_id)
    client.blocking_portal.call(audio.records.fail, audio_id, "The voice server did not answer.")
    status = client.get(f"/api/v1/audio/{audio_id}").json()
    assert (status["status"], status["error"]) == ("failed", "The voice server did not answer.")
    assert_problem(client.get(f"/api/v1/audio/{audio_id}/file"), 503, "did not answer")


def test_a_full_queue_is_a_503_with_retry_after(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", audio_queue_size=0)
    with TestClient(app=create_app(settings)) as client:
        doc_id = client.post("/api/v1/documents", json={"text": ARTICLE}).json()["id"]
        response = client.post(f"/api/v1/documents/{doc_id}/audio", json={"voice": VOICE})
        assert_problem(response, 503, "ask again")
        assert int(response.headers["retry-after"]) > 0


def test_deleting_a_document_removes_its_audio_and_files(
    client: Client, settings: Settings
) -> None:
    doc_id = client.post("/api/v1/documents", json={"text": ARTICLE}).json()["id"]
    asked = client.post(
        f"/api/v1/documents/{doc_id}/audio",
        json={"voice": VOICE, "variant": "easy", "format": "wav"},
    ).json()
    assert wait_until_finished(client, asked["id"])["status"] == "done"
    audio_dir = settings.resolved_audio_dir
    stored = {p.name for p in audio_dir.iterdir() if p.is_file()}
    own = {f"{asked['id']}.wav", f"{asked['id']}.vtt", f"{asked['id']}.json"}
    # Beside its own files, the synthesis other audio of the same sentences may share.
    assert own <= stored
    assert sorted(name.rsplit(".", 1)[1] for name in stored - own) == ["flac", "json"]
    assert client.delete(f"/api/v1/documents/{doc_id}").status_code == 204
    assert_problem(client.get(f"/api/v1/audio/{asked['id']}"), 404)
    assert not [p for p in audio_dir.iterdir() if p.is_file()]


def test_an_article_sent_without_a_title_is_named_after_its_first_line_everywhere(
    client: Client,
) -> None:
    doc = client.post("/api/v1/documents", json={"text": "Parks for all\n\n" + ARTICLE}).json()
    assert doc["title"] == "Parks for all"
    page = client.get(f"/documents/{doc['id']}", headers={"Accept": "text/html"}).text
    assert "<title>Parks for all – access_api</title>" in page
    assert "<h1>Parks for all</h1>" in page
    made = client.post(
        f"/api/v1/documents/{doc['id']}/audio",
        json={"variant": "easy", "voice": VOICE, "format": "mp3"},
    ).json()
    assert wait_until_finished(client, made["id"])["status"] == "done"
    response = client.get(f"/api/v1/audio/{made['id']}/file")
    assert 'filename="Parks for all - Easy summary.mp3"' in response.headers["content-disposition"]
    tags = mutagen.File(io.BytesIO(response.content))
    assert str(tags["TIT2"]).startswith("Parks for all")


def test_a_title_given_later_for_the_same_text_is_kept(client: Client) -> None:
    first = client.post("/api/v1/documents", json={"text": ARTICLE}).json()
    assert first["title"] == "The town council met on Tuesday to talk about the new park"
    again = client.post("/api/v1/documents", json={"text": ARTICLE, "title": "Park news"})
    assert again.status_code == 200
    assert again.json()["title"] == "Park news"
    assert client.get(f"/api/v1/documents/{first['id']}").json()["title"] == "Park news"
    page = client.get(f"/documents/{first['id']}", headers={"Accept": "text/html"}).text
    assert "<h1>Park news</h1>" in page


def _with_pronunciations(tmp_path: Path, entries: str) -> tuple[Path, Settings]:
    """A publisher's pronunciation file holding ``entries``, and settings that name it."""
    ours = tmp_path / "pronunciations.txt"
    ours.write_text(entries, encoding="utf-8")
    return ours, Settings(data_dir=tmp_path / "data", pronunciations_file=str(ours))


def test_the_pronunciation_list_is_listed_bundled_and_publisher_entries_alike(
    tmp_path: Path,
) -> None:
    _, settings = _with_pronunciations(tmp_path, "Tolkien = Tol-keen\nMcCann = Mc Can /məkˈæn/\n")
    with TestClient(app=create_app(settings)) as client:
        listed = client.get("/api/v1/pronunciations").json()
        schema = client.get("/schema/openapi.json").json()
    by_written = {e["written"]: e for e in listed}
    assert by_written["McCann"] == {
        "written": "McCann",
        "respelling": "Mc Can",
        "phonemes": "məkˈæn",
        "source": "publisher",
    }
    assert by_written["Niamh"]["source"] == "bundled"
    operation = schema["paths"]["/api/v1/pronunciations"]["get"]
    assert "pronunciation" in operation["summary"].lower()
    assert "200" in operation["responses"]


def test_editing_the_pronunciation_list_makes_the_audio_that_uses_it_again(
    tmp_path: Path,
) -> None:
    ours, settings = _with_pronunciations(tmp_path, "Tuesday = Chewsday\n")
    with TestClient(app=create_app(settings)) as client:
        doc_id = client.post("/api/v1/documents", json={"text": ARTICLE}).json()["id"]
        ask = {"voice": VOICE, "variant": "article", "format": "wav"}
        first = client.post(f"/api/v1/documents/{doc_id}/audio", json=ask).json()["id"]
        assert wait_until_finished(client, first)["status"] == "done"
        stamp = ours.stat().st_mtime_ns + 10**9
        ours.write_text("Tuesday = Tyoozday\n", encoding="utf-8")
        os.utime(ours, ns=(stamp, stamp))
        second = client.post(f"/api/v1/documents/{doc_id}/audio", json=ask)
        assert second.status_code == 202
        assert second.json()["id"] != first


def test_a_broken_pronunciation_file_stops_the_start_naming_the_line(tmp_path: Path) -> None:
    _, settings = _with_pronunciations(tmp_path, "Tolkien = Tol-keen\nGandalf\n")
    with pytest.raises(PronunciationFileError, match="line 2"):
        create_app(settings)
