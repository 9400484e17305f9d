"""The audio job in both modes: it makes whole files, records failures, survives crashes."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from typing import TYPE_CHECKING

import pytest
import soundfile
from prometheus_client import REGISTRY

from access_api.errors import EmptyText, Unavailable
from access_api.jobs import (
    MAX_STARTS,
    SHORT_JOB_CHARS,
    AudioService,
    EmbeddedRunner,
    evict,
    run_audio_job,
)
from access_api.store import AudioRecord, AudioRequest, AudioStatus, file_names, speech_names
from access_api.text import CleanText, Sentence

if TYPE_CHECKING:
    from conftest import Mode

    from access_api.store import StoredDocument

pytestmark = pytest.mark.anyio

VOICE = "espeak:en-us"  # the fast offline voice keeps these tests quick
ARTICLE = (
    "The town council met on Tuesday to talk about the new park. "
    "Many people came to the meeting. They asked for more trees and a place for children to play. "
    "The mayor said the park would open next summer.\n\n"
    "Work on the paths will start in the spring. "
    "The council will spend two million pounds on the project, which is more than planned. "
    "Some people worry about the cost. Others say the town needs green space."
)


async def _document(mode: Mode, text: str = ARTICLE) -> StoredDocument:
    doc, _ = await mode.context.documents.create(text=text)
    return doc


async def _finished(mode: Mode, audio_id: str, timeout: float = 60) -> AudioRecord:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        record = await mode.context.store.audio.get(audio_id)
        if record.status in {AudioStatus.DONE, AudioStatus.FAILED}:
            return record
        await asyncio.sleep(0.1)
    raise AssertionError(f"audio {audio_id} did not finish in {timeout} s")


def _stored(mode: Mode) -> set[str]:
    root = mode.settings.resolved_audio_dir
    return {p.name for p in root.iterdir() if p.is_file()}


async def test_a_job_makes_the_audio_and_its_captions_then_marks_it_done(mode: Mode) -> None:
    doc = await _document(mode)
    record, created = await mode.service.request(doc, voice=VOICE, format="wav")
    assert created
    done = await _finished(mode, record.id)
    assert done.status is AudioStatus.DONE, done.error
    assert done.attempts == 1
    names = set(file_names(record.id, "wav"))
    assert done.speech_key is not None
    assert _stored(mode) == names | set(speech_names(done.speech_key)), "and the shared synthesis"
    audio = mode.context.storage.path_for(f"{record.id}.wav")
    assert done.size_bytes == audio.stat().st_size
    assert soundfile.info(str(audio)).duration == pytest.approx(done.duration_seconds, abs=0.05)
    scratch = mode.settings.resolved_audio_dir / ".partial"
    assert not list(scratch.iterdir()), "no partial file is left behind"


async def test_asking_twice_at_once_queues_one_job(mode: Mode) -> None:
    doc = await _document(mode)
    results = await asyncio.gather(
        *(mode.service.request(doc, voice=VOICE, format="wav") for _ in range(5))
    )
    assert len({record.id for record, _ in results}) == 1
    assert sum(created for _, created in results) == 1
    done = await _finished(mode, results[0][0].id)
    assert done.attempts == 1, "the audio was made once"


async def test_a_job_that_cannot_speak_records_the_reason(mode: Mode) -> None:
    doc = await _document(mode)
    # gTTS is off unless configured: the job fails with the voice's reason.
    request = AudioRequest(
        id="c" * 64,
        document_id=doc.id,
        variant="article",
        voice="gtts:en",
        format="mp3",
        rate=1.0,
        pause="normal",
        title=None,
    )
    await mode.context.store.audio.create_or_get(request)
    await mode.runner.enqueue("c" * 64)
    failed = await _finished(mode, "c" * 64)
    assert failed.status is AudioStatus.FAILED
    assert failed.error is not None
    assert "gtts:en" in failed.error
    assert not _stored(mode)


async def test_a_failed_audio_asked_for_again_is_made_again(mode: Mode) -> None:
    doc = await _document(mode)
    record, _ = await mode.service.request(doc, voice=VOICE, format="wav")
    await _finished(mode, record.id)
    await mode.context.store.audio.requeue(record.id)
    await mode.context.store.audio.start(record.id)
    await mode.context.store.audio.fail(record.id, "The disk was full.")
    again, created = await mode.service.request(doc, voice=VOICE, format="wav")
    assert (again.id, created, again.status) == (record.id, True, AudioStatus.QUEUED)
    done = await _finished(mode, record.id)
    assert done.status is AudioStatus.DONE
    assert done.error is None


async def test_a_lost_file_is_made_again_when_asked_for(mode: Mode) -> None:
    doc = await _document(mode)
    record, _ = await mode.service.request(doc, voice=VOICE, format="wav")
    await _finished(mode, record.id)
    mode.context.storage.delete(f"{record.id}.wav")
    again, created = await mode.service.request(doc, voice=VOICE, format="wav")
    assert created
    assert (await _finished(mode, again.id)).status is AudioStatus.DONE
    assert mode.context.storage.exists(f"{record.id}.wav")


async def test_a_job_whose_document_was_deleted_leaves_nothing(mode: Mode) -> None:
    doc = await _document(mode)
    await mode.context.store.audio.create_or_get(
        AudioRequest(
            id="d" * 64,
            document_id=doc.id,
            variant="article",
            voice=VOICE,
            format="wav",
            rate=1.0,
            pause="normal",
            title=None,
        )
    )
    await mode.context.documents.delete(doc)
    assert await run_audio_job("d" * 64, mode.context) is None
    assert not _stored(mode)


async def test_least_recently_used_audio_is_removed_past_the_size_limit(mode: Mode) -> None:
    ids: list[str] = []
    for text in (ARTICLE, ARTICLE + " One more sentence.", ARTICLE + " Two more."):
        record, _ = await mode.service.request(
            await _document(mode, text), voice=VOICE, format="wav"
        )
        await _finished(mode, record.id)
        ids.append(record.id)
    await mode.context.store.audio.touch(ids[0])  # the first is used again: kept
    sizes = {audio_id: mode.context.storage.size(f"{audio_id}.wav") for audio_id in ids}
    limit = mode.context.storage.total_size() - sizes[ids[1]] // 2
    removed = await evict(mode.context.store, mode.context.storage, limit, keep=ids[2])
    assert removed == [ids[1]]
    assert mode.context.storage.total_size() <= limit
    assert not any(name.startswith(ids[1]) for name in _stored(mode))
    assert (await mode.context.store.audio.get(ids[0])).status is AudioStatus.DONE


# A scale-out worker's crash is covered by the crash test, in a real process.
@pytest.mark.parametrize("mode", ["embedded"], indirect=True)
async def test_the_embedded_runner_makes_interrupted_audio_again_at_start(mode: Mode) -> None:
    doc = await _document(mode)
    request = AudioRequest(
        id="e" * 64,
        document_id=doc.id,
        variant="article",
        voice=VOICE,
        format="wav",
        rate=1.0,
        pause="normal",
        title=None,
    )
    await mode.context.store.audio.create_or_get(request)
    await mode.context.store.audio.start("e" * 64)  # as if the process died now
    leftover = mode.context.storage.scratch_dir()
    (leftover / "half.wav").write_bytes(b"RIFF")
    restarted = EmbeddedRunner(mode.context)
    await restarted.start()
    try:
        done = await _finished(mode, "e" * 64)
    finally:
        await restarted.stop()
    assert (done.status, done.attempts) == (AudioStatus.DONE, 2)
    assert not leftover.exists(), "the dead process's scratch files are removed"


@pytest.mark.parametrize("mode", ["embedded"], indirect=True)
async def test_a_shutdown_mid_synthesis_leaves_the_audio_to_be_made_at_the_next_start(
    mode: Mode,
) -> None:
    # Long enough that the fast voice is still speaking when the runner stops.
    long_text = "\n\n".join([ARTICLE] * 40)
    record, _ = await mode.service.request(
        await _document(mode, long_text), voice=VOICE, format="wav", rate=0.5
    )
    deadline = time.monotonic() + 60
    while (await mode.context.store.audio.get(record.id)).progress == 0:
        assert time.monotonic() < deadline, "the job never started"
        await asyncio.sleep(0.05)
    await mode.runner.stop()
    stopped = await mode.context.store.audio.get(record.id)
    assert stopped.status is AudioStatus.QUEUED, "left unfinished, not failed"
    assert stopped.attempts == 0, "a start stopped by shutdown does not count"
    assert not _stored(mode)
    await mode.runner.start()
    assert (await _finished(mode, record.id)).status is AudioStatus.DONE


@pytest.mark.parametrize("mode", ["embedded"], indirect=True)
async def test_a_text_with_no_words_to_speak_is_refused_before_it_is_queued(mode: Mode) -> None:
    text = "* * * ... !!!"
    content = CleanText(
        title=None,
        text=text,
        removed=(),
        sentences=(Sentence(index=0, text=text, start=0, end=len(text), paragraph=0),),
    )
    doc, _ = await mode.context.store.add_document(content, source_kind="text")
    with pytest.raises(EmptyText, match="no words to speak"):
        await mode.service.request(doc, voice=VOICE)
    assert await mode.context.store.audio.count_unfinished() == 0


@pytest.mark.parametrize("mode", ["embedded"], indirect=True)
async def test_audio_whose_process_died_three_times_fails_with_its_reason_then_can_be_asked_again(
    mode: Mode,
) -> None:
    doc = await _document(mode)
    record, _ = await mode.service.request(doc, voice=VOICE, format="wav")
    await _finished(mode, record.id)
    # As after three processes killed while making it: started, never finished.
    await mode.context.store.audio.requeue(record.id)
    for _ in range(MAX_STARTS):
        await mode.context.store.audio.start(record.id)
    await mode.context.store.audio.requeue_interrupted()
    assert await run_audio_job(record.id, mode.context) is AudioStatus.FAILED
    failed = await mode.context.store.audio.get(record.id)
    assert failed.status is AudioStatus.FAILED
    assert failed.error is not None
    assert "stopped 3 times while making this audio" in failed.error
    again, queued = await mode.service.request(doc, voice=VOICE, format="wav")
    assert queued
    assert again.attempts == 0
    assert (await _finished(mode, record.id)).status is AudioStatus.DONE


def _syntheses() -> float:
    count = REGISTRY.get_sample_value("access_api_synthesis_seconds_count", {"engine": "espeak"})
    return count or 0.0


async def test_a_document_speaking_another_documents_sentences_gets_audio_of_its_own(
    mode: Mode,
) -> None:
    # B's easy summary speaks exactly A's article: the same sentences, voice and options.
    documents = mode.context.documents
    b, _ = await documents.create(text=ARTICLE.replace("\n\n", " "), title="Town news")
    easy = await documents.summary(b, "easy")
    a, _ = await documents.create(
        text=" ".join(s.text for s in easy.sentences), title="Alice private diary"
    )
    assert [s.text for s in a.sentences] == [s.text for s in easy.sentences]
    asked_a, _ = await mode.service.request(a, voice=VOICE, format="wav")
    assert (await _finished(mode, asked_a.id)).status is AudioStatus.DONE
    before = _syntheses()

    asked_b, created = await mode.service.request(b, variant="easy", voice=VOICE, format="wav")
    assert created, "B gets a record of its own, not A's"
    assert asked_b.id != asked_a.id
    assert (asked_b.document_id, asked_b.variant, asked_b.title) == (b.id, "easy", "Town news")
    assert asked_b.speech_key == asked_a.speech_key
    assert (await _finished(mode, asked_b.id)).status is AudioStatus.DONE
    assert _syntheses() == before, "B's audio is made from A's synthesis, not spoken again"
    file_b = await mode.service.audio_file(asked_b.id)
    assert file_b.download_name == "Town news - Easy summary.wav"
    with soundfile.SoundFile(file_b.path) as tagged:
        assert tagged.title == "Town news"
    timings_b = (await mode.service.timings_file(asked_b.id)).path.read_text(encoding="utf-8")
    assert "Alice" not in timings_b

    await documents.delete(a)
    file_b = await mode.service.audio_file(asked_b.id)
    samples, rate = soundfile.read(file_b.path)
    done_b = await mode.context.store.audio.get(asked_b.id)
    assert len(samples) / rate == pytest.approx(done_b.duration_seconds, abs=0.05)
    assert done_b.speech_key is not None
    assert set(speech_names(done_b.speech_key)) <= _stored(mode), "B still shares the synthesis"

    await documents.delete(b)
    assert _stored(mode) == set(), "the last audio to use a synthesis takes it with it"


async def test_every_format_of_the_same_speech_is_made_from_one_synthesis(mode: Mode) -> None:
    doc, _ = await mode.context.documents.create(text=ARTICLE, title="Town news")
    wav, _ = await mode.service.request(doc, voice=VOICE, format="wav")
    assert (await _finished(mode, wav.id)).status is AudioStatus.DONE
    before = _syntheses()

    ogg, created = await mode.service.request(doc, voice=VOICE, format="ogg")
    assert created
    assert ogg.id != wav.id
    assert ogg.speech_key == wav.speech_key
    assert (await _finished(mode, ogg.id)).status is AudioStatus.DONE
    assert _syntheses() == before, "the Ogg file is encoded from the WAV's synthesis"
    wav_samples, wav_rate = soundfile.read((await mode.service.audio_file(wav.id)).path)
    with soundfile.SoundFile((await mode.service.audio_file(ogg.id)).path) as decoded:
        assert decoded.format == "OGG"
        assert decoded.frames / decoded.samplerate == pytest.approx(
            len(wav_samples) / wav_rate, abs=0.05
        )


@pytest.mark.parametrize("mode", ["embedded"], indirect=True)
async def test_short_audio_is_made_while_every_thread_for_long_audio_is_busy(mode: Mode) -> None:
    # A whole article holds every thread of the main lane (here: held by the
    # test, so nothing depends on timing); a summary's audio is still made.
    limiter = mode.context.limiter
    holders = [object() for _ in range(int(limiter.total_tokens))]
    for holder in holders:
        await limiter.acquire_on_behalf_of(holder)
    try:
        long_text = " ".join([ARTICLE.replace("\n\n", " ")] * 3)
        assert len(long_text) > SHORT_JOB_CHARS
        long_doc = await _document(mode, long_text)
        short_doc = await _document(mode, "The park opens next summer. Everyone is welcome.")
        waiting, _ = await mode.service.request(long_doc, voice=VOICE, format="wav")
        short, _ = await mode.service.request(short_doc, voice=VOICE, format="wav")
        assert (await _finished(mode, short.id)).status is AudioStatus.DONE
        assert (await mode.context.store.audio.get(waiting.id)).status is not AudioStatus.DONE
    finally:
        for holder in holders:
            limiter.release_on_behalf_of(holder)
    assert (await _finished(mode, waiting.id)).status is AudioStatus.DONE


async def test_the_queue_bound_holds_for_requests_at_the_same_moment(mode: Mode) -> None:
    bound, asking = 5, 40
    doc = await _document(mode)
    context = dataclasses.replace(
        mode.context, settings=dataclasses.replace(mode.settings, audio_queue_size=bound)
    )
    # A runner never started: what is queued stays queued, so every place is counted.
    service = AudioService(context, EmbeddedRunner(context))
    rates = [0.5 + i * 0.025 for i in range(asking)]
    answers = await asyncio.gather(
        *(service.request(doc, voice=VOICE, rate=rate) for rate in rates),
        return_exceptions=True,
    )
    queued = [a for a in answers if isinstance(a, tuple)]
    refused = [a for a in answers if isinstance(a, Unavailable)]
    assert len(queued) == bound
    assert len(refused) == asking - bound
    assert all(a.retry_after for a in refused)
    assert await mode.context.store.audio.count_unfinished() == bound


async def test_audio_stored_but_never_queued_is_made_by_the_running_workers(mode: Mode) -> None:
    doc = await _document(mode)
    first, _ = await mode.service.request(doc, voice=VOICE, format="wav")
    assert (await _finished(mode, first.id)).status is AudioStatus.DONE, "the workers are up"
    # As when the queue was out of reach the moment it was asked for: the
    # record is stored, the job never enqueued. No restart follows.
    request = AudioRequest(
        id="c" * 64,
        document_id=doc.id,
        variant="article",
        voice=VOICE,
        format="wav",
        rate=1.0,
        pause="normal",
        title=None,
    )
    await mode.context.store.audio.create_or_get(request)
    done = await _finished(mode, "c" * 64, timeout=60)
    assert (done.status, done.attempts) == (AudioStatus.DONE, 1)
