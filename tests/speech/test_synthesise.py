from __future__ import annotations

import itertools
import math
import re
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

import mutagen
import numpy as np
import pytest
import soundfile

from access_api.errors import EmptyText, InputError, OutOfRange, UnknownChoice
from access_api.speech import (
    AudioFormat,
    Pronunciation,
    SpokenSentence,
    _synthesise,
    audio_key,
    resolve_voice,
    synthesise,
)
from access_api.speech._pieces import MAX_PIECE_CHARS
from access_api.speech._voices import engine_for

if TYPE_CHECKING:
    from contextlib import AbstractContextManager
    from pathlib import Path

    from access_api.settings import Settings
    from access_api.speech import AudioResult
    from access_api.speech._model import Speech, SpeechEngine, Voice

ESPEAK = "espeak:en-gb"
PIPER = "piper:en_US-joe-medium"
# The silence after the last sentence, and what an MP3 decoder may add or drop.
TAIL = 0.5
TOLERANCE = 0.05
THREE = [
    SpokenSentence(0, "Dr. Lee said the firm lost $4.2bn.", 0),
    SpokenSentence(1, "Shares fell 12% on 12 March 2024.", 0),
    SpokenSentence(2, "A new paragraph starts here.", 1),
]


def _speak(
    settings: Settings, out: Path, sentences: list[SpokenSentence] = THREE, **options: object
) -> AudioResult:
    options.setdefault("voice_id", ESPEAK)
    options.setdefault("title", "Grooming gangs inquiry")
    options.setdefault("variant", "Easy summary")
    return synthesise(
        sentences,
        output_dir=out,
        settings=settings,
        **options,  # type: ignore[arg-type]
    )


def _cues(vtt: str) -> list[tuple[float, float]]:
    def seconds(stamp: str) -> float:
        h, m, s = stamp.split(":")
        return int(h) * 3600 + int(m) * 60 + float(s)

    found = re.findall(r"(\d\d:\d\d:\d\d\.\d{3}) --> (\d\d:\d\d:\d\d\.\d{3})", vtt)
    return [(seconds(a), seconds(b)) for a, b in found]


def _check_audio_matches_captions(result: AudioResult, sentences: list[SpokenSentence]) -> None:
    decoded, rate = soundfile.read(result.path, dtype="float32")
    assert decoded.size > 0
    assert len(decoded) / rate == pytest.approx(result.duration_seconds, abs=TOLERANCE)
    cues = _cues(result.vtt_path.read_text(encoding="utf-8"))
    assert len(cues) == len(sentences)
    assert [t.sentence_index for t in result.timings] == [s.index for s in sentences]
    assert cues[-1][1] + TAIL == pytest.approx(len(decoded) / rate, abs=TOLERANCE)
    assert all(start < end for start, end in cues)
    assert all(a[1] < b[0] for a, b in itertools.pairwise(cues))
    assert result.size_bytes == result.path.stat().st_size


def test_the_seed_article_becomes_an_mp3_with_espeak(
    seed_sentences: list[SpokenSentence], speech_settings: Settings, tmp_path: Path
) -> None:
    result = _speak(speech_settings, tmp_path, seed_sentences)
    assert result.path.suffix == ".mp3"
    assert result.format is AudioFormat.MP3
    _check_audio_matches_captions(result, seed_sentences)
    # 64 kbps constant bit rate, give or take the tags.
    assert result.size_bytes * 8 / result.duration_seconds == pytest.approx(64_000, rel=0.05)


def test_the_seed_article_speaks_with_piper_by_default(
    seed_sentences: list[SpokenSentence], speech_settings: Settings, tmp_path: Path
) -> None:
    # Piper takes seconds per sentence: the two shortest, in their order.
    shortest = sorted(sorted(seed_sentences, key=lambda s: len(s.text))[:2], key=lambda s: s.index)
    result = _speak(speech_settings, tmp_path, shortest, voice_id=None)
    assert result.voice_id == PIPER
    _check_audio_matches_captions(result, shortest)


def test_sentence_audio_is_heard_inside_its_cue(speech_settings: Settings, tmp_path: Path) -> None:
    result = _speak(speech_settings, tmp_path, format="wav")
    samples, rate = soundfile.read(result.path, dtype="float32")
    for timing in result.timings:
        inside = samples[round(timing.start * rate) : round(timing.end * rate)]
        assert np.abs(inside).max() > 0.1
    gaps = [(a.end, b.start) for a, b in zip(result.timings, result.timings[1:], strict=False)]
    # Cue times are whole milliseconds: a cue may start up to half a millisecond
    # after its first sample.
    slack = math.ceil(0.0005 * rate) + 1
    for end, start in gaps:
        assert np.abs(samples[round(end * rate) + slack : round(start * rate) - slack]).max() == 0


def test_a_new_paragraph_gets_a_longer_pause_and_relaxed_longer_still(
    speech_settings: Settings, tmp_path: Path
) -> None:
    def gaps(result: AudioResult) -> list[float]:
        t = result.timings
        return [round(b.start - a.end, 2) for a, b in itertools.pairwise(t)]

    normal = gaps(_speak(speech_settings, tmp_path / "normal", format="wav"))
    relaxed = gaps(_speak(speech_settings, tmp_path / "relaxed", pause="relaxed", format="wav"))
    assert normal == [0.35, 0.8]
    assert relaxed == [1.0, 1.8]


def test_a_faster_rate_makes_shorter_speech(speech_settings: Settings, tmp_path: Path) -> None:
    def spoken(result: AudioResult) -> float:
        return sum(t.end - t.start for t in result.timings)

    slow = spoken(_speak(speech_settings, tmp_path / "a", rate=0.5, format="wav"))
    fast = spoken(_speak(speech_settings, tmp_path / "b", rate=2.0, format="wav"))
    assert fast < slow / 2


@pytest.mark.parametrize(("fmt", "rate"), [("ogg", 24_000), ("wav", 22_050)])
def test_ogg_opus_and_wav_decode_to_the_computed_duration(
    speech_settings: Settings, tmp_path: Path, fmt: str, rate: int
) -> None:
    result = _speak(speech_settings, tmp_path, format=fmt)
    assert result.path.suffix == f".{fmt}"
    assert soundfile.info(result.path).samplerate == rate
    _check_audio_matches_captions(result, THREE)


def test_mp3_and_ogg_carry_title_variant_and_voice_tags(
    speech_settings: Settings, tmp_path: Path
) -> None:
    mp3 = mutagen.File(_speak(speech_settings, tmp_path, title="Café “news”").path)
    assert mp3 is not None
    assert mp3.tags is not None
    assert str(mp3.tags["TIT2"]) == "Café “news”"
    assert str(mp3.tags["TALB"]) == "Easy summary"
    assert str(mp3.tags["TPE1"]).startswith("English (Great Britain)")
    ogg = mutagen.File(_speak(speech_settings, tmp_path, format="ogg").path)
    assert ogg is not None
    assert ogg.tags is not None
    assert ogg.tags["title"] == ["Grooming gangs inquiry"]
    assert ogg.tags["album"] == ["Easy summary"]


def test_wav_carries_its_title_in_the_info_chunk(speech_settings: Settings, tmp_path: Path) -> None:
    with soundfile.SoundFile(_speak(speech_settings, tmp_path, format="wav").path) as wav:
        assert wav.title == "Grooming gangs inquiry"
        assert wav.artist.startswith("English (Great Britain)")


def test_only_the_audio_and_its_captions_are_left_in_the_output_directory(
    speech_settings: Settings, tmp_path: Path
) -> None:
    result = _speak(speech_settings, tmp_path)
    key = audio_key(THREE, ESPEAK, 1.0, "normal", "mp3")
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{key}.json", f"{key}.mp3", f"{key}.vtt"]
    assert result.path.name == f"{key}.mp3"


def test_progress_rises_to_one(speech_settings: Settings, tmp_path: Path) -> None:
    seen: list[float] = []
    _speak(speech_settings, tmp_path, progress=seen.append)
    assert seen == sorted(seen)
    assert seen[0] > 0
    assert seen[-1] == 1.0
    assert len(seen) == len(THREE) + 1


def test_a_job_stopped_midway_leaves_nothing_behind(
    speech_settings: Settings, tmp_path: Path
) -> None:
    class Stop(Exception):
        pass

    def stop_at_half(done: float) -> None:
        if done > 0.5:
            raise Stop

    with pytest.raises(Stop):
        _speak(speech_settings, tmp_path, progress=stop_at_half)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("rate", [0.4, 2.5, 0.0, -1.0])
def test_a_rate_out_of_range_is_refused_with_the_range(
    speech_settings: Settings, tmp_path: Path, rate: float
) -> None:
    with pytest.raises(OutOfRange, match=r"Choose from 0\.5 to 2\."):
        _speak(speech_settings, tmp_path, rate=rate)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("option", "value", "listed"),
    [("format", "flac", "mp3, ogg, wav"), ("pause", "long", "normal, relaxed")],
)
def test_an_unknown_format_or_pause_lists_the_choices(
    speech_settings: Settings, tmp_path: Path, option: str, value: str, listed: str
) -> None:
    with pytest.raises(UnknownChoice, match=listed):
        _speak(speech_settings, tmp_path, THREE, **{option: value})


def test_an_unknown_voice_lists_the_voices_for_the_language(
    speech_settings: Settings, tmp_path: Path
) -> None:
    with pytest.raises(UnknownChoice) as caught:
        _speak(speech_settings, tmp_path, voice_id="espeak:klingon")
    assert PIPER in caught.value.allowed
    assert "espeak:en-us" in caught.value.allowed
    assert "espeak:fr-fr" not in caught.value.allowed


def test_a_voice_for_another_language_is_refused(speech_settings: Settings, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="speaks fr-fr, but the text is in en"):
        _speak(speech_settings, tmp_path, voice_id="espeak:fr-fr")


@pytest.mark.parametrize("texts", [[], [""], ["  ", "…", "—"]])
def test_nothing_to_say_is_an_empty_text_error(
    speech_settings: Settings, tmp_path: Path, texts: list[str]
) -> None:
    sentences = [SpokenSentence(i, t, 0) for i, t in enumerate(texts)]
    with pytest.raises(EmptyText):
        _speak(speech_settings, tmp_path, sentences)
    assert list(tmp_path.iterdir()) == []


def test_the_audio_key_changes_with_what_is_heard_only() -> None:
    key = audio_key(THREE, ESPEAK, 1.0, "normal", "mp3")
    renumbered = [SpokenSentence(s.index + 10, s.text, s.paragraph + 5) for s in THREE]
    one_paragraph = [SpokenSentence(s.index, s.text, 0) for s in THREE]
    assert re.fullmatch("[0-9a-f]{64}", key)
    assert audio_key(renumbered, ESPEAK, 1.0, "normal", "mp3") == key
    assert audio_key(one_paragraph, ESPEAK, 1.0, "normal", "mp3") != key
    assert audio_key(THREE, ESPEAK, 1.25, "normal", "mp3") != key
    assert audio_key(THREE, ESPEAK, 1.0, "relaxed", "mp3") != key
    assert audio_key(THREE, ESPEAK, 1.0, "normal", "ogg") != key
    assert audio_key(THREE, PIPER, 1.0, "normal", "mp3") != key
    entry = Pronunciation("Lee", "Lay", None, "publisher")
    assert audio_key(THREE, ESPEAK, 1.0, "normal", "mp3", pronunciations=[entry]) != key


@pytest.mark.parametrize(
    ("voice", "audio_format"),
    [(ESPEAK, "mp3"), (ESPEAK, "ogg"), (ESPEAK, "wav"), (PIPER, "mp3")],
)
def test_equal_keys_give_the_same_file_whatever_was_spoken_before(
    speech_settings: Settings, tmp_path: Path, voice: str, audio_format: str
) -> None:
    first = _speak(speech_settings, tmp_path / "first", voice_id=voice, format=audio_format)
    other = [SpokenSentence(0, "Something else, at another pace, to change the state?", 0)]
    _speak(speech_settings, tmp_path / "other", other, voice_id=voice, rate=1.4)
    again = _speak(speech_settings, tmp_path / "again", voice_id=voice, format=audio_format)
    assert first.path.name == again.path.name
    assert first.path.read_bytes() == again.path.read_bytes()


@pytest.mark.parametrize("voice", [ESPEAK, PIPER])
def test_a_sentence_sounds_the_same_wherever_it_is_spoken(
    speech_settings: Settings, voice: str
) -> None:
    chosen = resolve_voice(voice, "en", settings=speech_settings)
    engine = engine_for(chosen, speech_settings)
    alone = engine.speak("The same words, again.", voice=chosen, rate=1.0).samples
    engine.speak("Words before it, quite different ones!", voice=chosen, rate=0.7)
    after = engine.speak("The same words, again.", voice=chosen, rate=1.0).samples
    assert np.array_equal(alone, after)


def test_jobs_run_side_by_side_in_threads_do_not_mix_their_audio(
    speech_settings: Settings, tmp_path: Path
) -> None:
    jobs = [[SpokenSentence(0, f"Job number {n} has {n * 3} words to say.", 0)] for n in range(6)]
    alone = [
        _speak(speech_settings, tmp_path / f"alone{n}", job).timings for n, job in enumerate(jobs)
    ]
    with ThreadPoolExecutor(max_workers=3) as pool:
        together = list(
            pool.map(
                lambda n: (
                    _speak(
                        speech_settings, tmp_path / f"together{n}", jobs[n], format="wav"
                    ).timings
                ),
                range(len(jobs)),
            )
        )
    for mine, reference in zip(together, alone, strict=True):
        assert mine == reference


class RecordingEngine:
    """A real engine that notes what each call is given, and refuses a call of a whole word run."""

    def __init__(self, engine: SpeechEngine) -> None:
        self.engine = engine
        self.name = engine.name
        self.given: list[str] = []

    def voices(self) -> list[Voice]:
        return self.engine.voices()

    def session(self) -> AbstractContextManager[None]:
        return self.engine.session()

    def speak(self, text: str, *, voice: Voice, rate: float) -> Speech:
        self.given.append(text)
        # Today's bound is 400; far above it, an engine's memory runs away.
        assert len(text) <= 2_000, f"one engine call was given {len(text):,} characters"
        return self.engine.speak(text, voice=voice, rate=rate)


@pytest.fixture
def recording(monkeypatch: pytest.MonkeyPatch) -> list[RecordingEngine]:
    engines: list[RecordingEngine] = []

    def recorded(voice: Voice, settings: Settings) -> RecordingEngine:
        engines.append(RecordingEngine(engine_for(voice, settings)))
        return engines[-1]

    monkeypatch.setattr(_synthesise, "engine_for", recorded)
    return engines


@pytest.mark.parametrize("voice_id", [ESPEAK, PIPER])
def test_a_document_that_is_one_huge_word_is_refused_with_its_reason_and_never_spoken(
    voice_id: str, recording: list[RecordingEngine], speech_settings: Settings, tmp_path: Path
) -> None:
    word = [SpokenSentence(0, "a" * 40_000, 0)]
    with pytest.raises(EmptyText, match=r"40,000 characters long without a space"):
        _speak(speech_settings, tmp_path, word, voice_id=voice_id)
    assert [text for engine in recording for text in engine.given] == []
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("voice_id", "words"), [(ESPEAK, 400), (PIPER, 150)])
def test_a_long_sentence_reaches_the_engine_in_bounded_pieces_under_one_caption(
    voice_id: str,
    words: int,
    recording: list[RecordingEngine],
    speech_settings: Settings,
    tmp_path: Path,
) -> None:
    readable = " ".join(["the river rose"] * (words // 3))
    long = f"{readable} and {'z' * 5_000} fell."
    sentences = [
        SpokenSentence(0, "It rained.", 0),
        SpokenSentence(1, long, 0),
        SpokenSentence(2, "Then it stopped.", 0),
    ]
    result = _speak(speech_settings, tmp_path, sentences, voice_id=voice_id, format="wav")
    given = [text for engine in recording for text in engine.given]
    assert max(len(text) for text in given) <= MAX_PIECE_CHARS
    assert len(given) >= 2 + math.ceil(len(readable) / MAX_PIECE_CHARS)
    assert not any("zzz" in text for text in given), "a 5,000-character run is no word"
    _check_audio_matches_captions(result, sentences)
    first, middle, last = result.timings
    # The long sentence's cue runs from its first piece to its last: the
    # sentences around it keep their usual gaps.
    assert middle.start - first.end == pytest.approx(0.35, abs=0.002)
    assert last.start - middle.end == pytest.approx(0.35, abs=0.002)
    assert middle.end - middle.start > 10 * (first.end - first.start)


def test_a_live_copy_grows_a_sentence_at_a_time_and_holds_the_files_audio(
    speech_settings: Settings, tmp_path: Path
) -> None:
    live = tmp_path / "live" / "audio.mp3"
    sizes: list[int] = []

    def note_size(done: float) -> None:
        sizes.append(live.stat().st_size if live.exists() else 0)

    result = _speak(speech_settings, tmp_path / "out", live=live, progress=note_size)
    # After each sentence, its audio is there to be streamed (the last call is
    # the end of the job).
    assert len(sizes) == len(THREE) + 1
    assert 0 < sizes[0] < sizes[1] < sizes[2] <= sizes[3]
    finished, rate = soundfile.read(result.path, dtype="float32")
    heard, live_rate = soundfile.read(live, dtype="float32")
    assert live_rate == rate
    # The same audio at the same places, heard a frame or two later: the
    # encoder's start, which only a finished file's header says to skip.
    window = finished[rate : rate + rate // 2]
    lags = [
        float(np.dot(window, heard[rate + k : rate + k + len(window)])) for k in range(rate // 5)
    ]
    lag = int(np.argmax(lags))
    assert lag <= 0.1 * rate
    assert abs(len(heard) - lag - len(finished)) <= 0.1 * rate
    same = heard[lag : lag + len(finished)]
    difference = np.sqrt(np.mean((same - finished[: len(same)]) ** 2))
    assert difference < 0.1 * np.sqrt(np.mean(finished**2))
