"""Following audio while it is made, in both modes: the stream holds the job's audio,
ends with it, and a listener who leaves stops nothing."""

from __future__ import annotations

import asyncio
import dataclasses
import io
import time
from typing import TYPE_CHECKING

import pytest
import soundfile

from access_api.errors import NotReady, Unavailable
from access_api.jobs import AudioService, LiveAudio, ReadyFile
from access_api.store import AudioRecord, AudioStatus

if TYPE_CHECKING:
    from conftest import Mode

    from access_api.store import StoredDocument

pytestmark = pytest.mark.anyio

VOICE = "espeak:en-us"


def long_article(topic: str) -> str:
    """About two minutes of speech: long enough to be followed while it is made."""
    sentences = [
        f"The {topic} council met on day {n} to talk about the plans for the new park "
        f"beside the river, and {n * 3} people came to listen to what was said."
        for n in range(1, 19)
    ]
    return "\n\n".join(" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3))


async def _document(mode: Mode, topic: str) -> StoredDocument:
    doc, _ = await mode.context.documents.create(text=long_article(topic))
    return doc


async def _finished(mode: Mode, audio_id: str, timeout: float = 120) -> AudioRecord:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        record = await mode.context.store.audio.get(audio_id)
        if record.status in {AudioStatus.DONE, AudioStatus.FAILED}:
            return record
        await asyncio.sleep(0.1)
    raise AssertionError(f"audio {audio_id} did not finish in {timeout} s")


def _live_copies(mode: Mode) -> list[str]:
    live = mode.settings.resolved_audio_dir / ".live"
    return [p.name for p in live.iterdir()] if live.is_dir() else []


async def test_a_stream_follows_the_job_and_ends_with_it(mode: Mode) -> None:
    record, _ = await mode.service.request(await _document(mode, "harbour"), voice=VOICE)
    live = await mode.service.stream(record.id)
    assert isinstance(live, LiveAudio)
    assert live.media_type == "audio/mpeg"
    chunks = []
    statuses = []
    async for chunk in live.chunks:
        if not chunks:
            statuses.append((await mode.context.store.audio.get(record.id)).status)
        chunks.append(chunk)
    assert statuses == [AudioStatus.RUNNING], "the first bytes came while it was being made"
    done = await _finished(mode, record.id)
    assert done.status is AudioStatus.DONE
    samples, rate = soundfile.read(io.BytesIO(b"".join(chunks)))
    # A frame or two more than the file: the encoder's start, which only the
    # finished file's header tells a player to skip.
    assert len(samples) / rate == pytest.approx(done.duration_seconds, abs=0.1)
    assert _live_copies(mode) == [], "the live copy goes once the file is stored"


async def test_a_listener_who_leaves_costs_no_more_synthesis(mode: Mode) -> None:
    record, _ = await mode.service.request(await _document(mode, "lighthouse"), voice=VOICE)
    live = await mode.service.stream(record.id)
    assert isinstance(live, LiveAudio)
    chunks = aiter(live.chunks)
    assert await anext(chunks)
    await chunks.aclose()  # type: ignore[attr-defined]
    assert (await mode.context.store.audio.get(record.id)).status is AudioStatus.RUNNING
    done = await _finished(mode, record.id)
    assert done.status is AudioStatus.DONE
    assert done.attempts == 1, "made once, in full"
    path = mode.context.storage.path_for(f"{record.id}.mp3")
    assert soundfile.info(str(path)).duration == pytest.approx(done.duration_seconds, abs=0.1)
    assert done.duration_seconds > 60
    assert mode.service.open_streams == 0, "its place among the streams is given back"


async def test_finished_audio_is_streamed_as_its_file(mode: Mode) -> None:
    record, _ = await mode.service.request(await _document(mode, "orchard"), voice=VOICE)
    await _finished(mode, record.id)
    found = await mode.service.stream(record.id)
    assert isinstance(found, ReadyFile)
    assert found.path == mode.context.storage.path_for(f"{record.id}.mp3")


async def test_only_mp3_is_streamed_while_it_is_made(mode: Mode) -> None:
    record, _ = await mode.service.request(
        await _document(mode, "meadow"), voice=VOICE, format="wav"
    )
    with pytest.raises(NotReady, match="Only MP3"):
        await mode.service.stream(record.id)
    await _finished(mode, record.id)


async def test_streams_past_the_limit_are_refused_until_one_ends(mode: Mode) -> None:
    settings = dataclasses.replace(mode.settings, max_streams=1)
    service = AudioService(dataclasses.replace(mode.context, settings=settings), mode.runner)
    doc = await _document(mode, "quarry")
    article, _ = await service.request(doc, voice=VOICE)
    easy, _ = await service.request(doc, variant="easy", voice=VOICE)
    live = await service.stream(article.id)
    assert isinstance(live, LiveAudio)
    with pytest.raises(Unavailable) as refused:
        await service.stream(easy.id)
    assert refused.value.retry_after
    async for _ in live.chunks:
        assert service.open_streams == 1
    assert service.open_streams == 0
    assert isinstance(await service.stream(easy.id), LiveAudio | ReadyFile)
