"""The synthesis job: sentences in, an audio file and its captions out.

Each sentence is spoken on its own and the pieces are joined with silences of
known length, so every sentence's start and end in the audio are exact. A
sentence longer than :data:`~._pieces.MAX_PIECE_CHARS` is spoken in pieces
(see :mod:`._pieces`), so no engine call, and no job's memory, grows with the
length of a sentence; its caption still covers the whole sentence.

It is done in two halves: :func:`speak` runs the engine and keeps its samples
losslessly (a :class:`SpokenAudio`), :func:`make_audio_file` makes a tagged
file and its captions from them. Audio of the same key shares the first half:
each document's file is its own, made from the shared synthesis.

What :func:`speech_key` promises: equal keys give the same samples with Piper
and eSpeak NG voices, and the same file byte for byte, on the same versions of
the engines and the encoder (:func:`audio_key` adds the format to name a
file). A Piper sentence's audio depends on its text, voice and rate only
(fixed noise, see :mod:`._piper`); eSpeak NG speaks a synthesis's sentences
in order from a freshly loaded library (see
:mod:`._espeak`); the Ogg writer's random stream serial is fixed (see
:mod:`._encode`). gTTS voices are Google's to change. The key covers
everything we choose: the sentences, the paragraph breaks, the voice, rate
and pause, the pronunciation-list entries the sentences use, and
:data:`_AUDIO_VERSION`.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import soundfile

from access_api.errors import EmptyText, InputError, OutOfRange, UnknownChoice
from access_api.speech._captions import parse_timings, timings_json, webvtt
from access_api.speech._encode import AudioWriter, Tags, atomic_file
from access_api.speech._model import AudioFormat, AudioResult, Pause, Progress, Timing
from access_api.speech._pieces import pieces, without_unreadable_runs
from access_api.speech._prepare import prepare_for_speech
from access_api.speech._pronunciations import pronunciations_for
from access_api.speech._voices import engine_for, resolve_voice

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    import numpy.typing as npt

    from access_api.settings import Settings
    from access_api.speech._model import SpeechEngine, SpokenSentence, Voice
    from access_api.speech._pronunciations import Pronunciation

__all__ = [
    "MAX_RATE",
    "MIN_RATE",
    "SpeechOptions",
    "SpokenAudio",
    "audio_key",
    "check_options",
    "load_spoken",
    "make_audio_file",
    "pronunciations_used",
    "speak",
    "speech_key",
    "synthesise",
]

MIN_RATE = 0.5
"""Slowest pace: half the voice's own."""
MAX_RATE = 2.0
"""Fastest pace: twice the voice's own."""

# Silences, in seconds: (between sentences, between paragraphs) per pause.
_GAPS = {Pause.NORMAL: (0.35, 0.8), Pause.RELAXED: (1.0, 1.8)}
_LEAD_IN = 0.2
_TAIL = 0.5
# Engines pad sentences with silence of their own; it is cut, so that the
# gaps are ours, down to this level relative to the sentence's peak...
_SILENCE_LEVEL = 0.01
# ...keeping this much around the speech so soft endings are not clipped.
_TRIM_MARGIN = 0.03
_PEAK = 0.9
# Samples read at once when a file is made from a synthesis.
_BLOCK = 32_768
# Between the pieces of a long sentence, a short pause like a comma's.
_PIECE_GAP = 0.15
# Bumped whenever the audio made from the same options changes: 2 for the
# news normaliser and the engines' fixed noise, 3 for long sentences spoken
# in pieces and files made from a 16-bit synthesis.
_AUDIO_VERSION = 3


@dataclass(frozen=True, slots=True)
class SpeechOptions:
    """Checked options for a synthesis job (see :func:`check_options`)."""

    voice: Voice
    rate: float
    pause: Pause
    format: AudioFormat


def check_options(
    *,
    voice_id: str | None,
    language: str,
    rate: float,
    pause: str,
    format: str,
    settings: Settings,
) -> SpeechOptions:
    """Check a job's options before queueing it, so bad ones fail at once.

    Raises:
        UnknownChoice: an unknown voice, pause or format.
        OutOfRange: ``rate`` outside :data:`MIN_RATE`..:data:`MAX_RATE`.
        InputError: the voice is unavailable, cannot speak ``language``, or
            cannot speak at ``rate``.
    """
    try:
        chosen_format = AudioFormat(format)
    except ValueError:
        raise UnknownChoice("format", format, [f.value for f in AudioFormat]) from None
    try:
        chosen_pause = Pause(pause)
    except ValueError:
        raise UnknownChoice("pause", pause, [p.value for p in Pause]) from None
    if not MIN_RATE <= rate <= MAX_RATE:
        raise OutOfRange("rate", rate, MIN_RATE, MAX_RATE)
    voice = resolve_voice(voice_id, language, settings=settings)
    if voice.engine == "gtts" and rate > 1.0:
        msg = (
            f"gTTS voices have two paces only: normal (rate 1) and slow (below 1), "
            f"not {rate:g}. Choose an offline voice to speak faster."
        )
        raise InputError(msg)
    return SpeechOptions(voice=voice, rate=rate, pause=chosen_pause, format=chosen_format)


def speech_key(
    sentences: Sequence[SpokenSentence],
    voice_id: str,
    rate: float,
    pause: str,
    *,
    pronunciations: Sequence[Pronunciation] = (),
) -> str:
    """A SHA-256 hex digest naming the synthesis these inputs make, in any format.

    Equal keys mean the same samples (precisely: see this module's
    docstring), so a synthesis can be reused for every file made from it,
    whatever its format. Sentence indexes do not count; paragraph breaks do,
    since they lengthen the pauses.

    Args:
        pronunciations: The pronunciation-list entries the sentences use (see
            :func:`pronunciations_used`): changing one makes new audio.
    """
    breaks = [i > 0 and s.paragraph != sentences[i - 1].paragraph for i, s in enumerate(sentences)]
    payload = json.dumps(
        [
            _AUDIO_VERSION,
            [s.text for s in sentences],
            breaks,
            voice_id,
            round(rate, 3),
            pause,
            [[p.written, p.respelling, p.phonemes] for p in pronunciations],
        ],
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def audio_key(
    sentences: Sequence[SpokenSentence],
    voice_id: str,
    rate: float,
    pause: str,
    format: str,
    *,
    pronunciations: Sequence[Pronunciation] = (),
) -> str:
    """A SHA-256 hex digest naming the file these inputs make: :func:`speech_key` and format.

    Equal keys mean the same file, byte for byte (see this module's docstring).
    """
    return _file_key(
        speech_key(sentences, voice_id, rate, pause, pronunciations=pronunciations), format
    )


def _file_key(speech: str, format: str) -> str:
    return hashlib.sha256(f"{speech}\n{format}".encode()).hexdigest()


def pronunciations_used(
    sentences: Sequence[SpokenSentence], settings: Settings
) -> list[Pronunciation]:
    """The entries of the pronunciation list in force that these sentences use.

    Raises:
        PronunciationFileError: the publisher's file has never been readable.
    """
    return pronunciations_for(settings).used_in(s.text for s in sentences)


def _trim(samples: npt.NDArray[np.float32], sample_rate: int) -> npt.NDArray[np.float32]:
    loud = np.flatnonzero(
        np.abs(samples) > _SILENCE_LEVEL * float(np.max(np.abs(samples), initial=0))
    )
    if loud.size == 0:
        return samples[:0]
    margin = round(_TRIM_MARGIN * sample_rate)
    return samples[max(0, loud[0] - margin) : loud[-1] + 1 + margin]


@dataclass(frozen=True, slots=True)
class SpokenAudio:
    """A synthesis to make audio files from: its samples, kept losslessly, and their timings.

    Audio of equal :func:`speech_key` keys shares it, in every format: each
    file is made from it with its own format, title and sentence numbers
    (:func:`make_audio_file`), and the same samples make the same file, byte
    for byte.
    """

    key: str
    """Its :func:`speech_key`."""
    path: Path
    """The samples: FLAC, 16-bit mono, at the voice's rate."""
    info_path: Path
    """JSON: the voice, the duration and the timings (see :func:`load_spoken`)."""
    voice_id: str
    voice_name: str
    duration_seconds: float
    """Length of the audio, silences included."""
    timings: tuple[Timing, ...]


def load_spoken(path: Path, info_path: Path) -> SpokenAudio:
    """A synthesis :func:`speak` made, from its two files.

    Raises:
        OSError: a file is missing or unreadable.
        ValueError: the information is not a synthesis's.
    """
    info = json.loads(info_path.read_text(encoding="utf-8"))
    return SpokenAudio(
        key=str(info["key"]),
        path=path,
        info_path=info_path,
        voice_id=str(info["voice_id"]),
        voice_name=str(info["voice_name"]),
        duration_seconds=float(info["duration_seconds"]),
        timings=tuple(parse_timings(json.dumps(info["timings"]))),
    )


def speak(
    sentences: Sequence[SpokenSentence],
    *,
    voice_id: str | None,
    language: str = "en",
    rate: float = 1.0,
    pause: str = "normal",
    format: str = "mp3",
    output_dir: Path,
    settings: Settings,
    progress: Callable[[Progress], None] | None = None,
    live: Path | None = None,
) -> SpokenAudio:
    """Speak the sentences into ``KEY.flac`` and ``KEY.speech.json`` in ``output_dir``.

    The first half of :func:`synthesise` (whose arguments these are): the
    engine's work, done once for every file of the same :func:`speech_key`,
    whatever its format.
    Each file appears only once complete.

    Args:
        live: A file that receives the audio as MP3 while it is spoken, each
            sentence as soon as it is (see :mod:`._encode`), for a stream to
            follow: the samples the files are made from, so the same timings,
            encoded once more as they come. The caller removes it.
    """
    options = check_options(
        voice_id=voice_id,
        language=language,
        rate=rate,
        pause=pause,
        format=format,
        settings=settings,
    )
    voice = options.voice
    pronunciations = pronunciations_for(settings)
    spoken: list[tuple[SpokenSentence, str]] = []
    longest_unread = 0
    for sentence in sentences:
        prepared = prepare_for_speech(
            sentence.text, voice.language, pronunciations, phonemes=voice.engine == "piper"
        )
        text, unread = without_unreadable_runs(prepared)
        longest_unread = max(longest_unread, unread)
        if any(c.isalnum() for c in text):
            spoken.append((sentence, text))
    if not spoken:
        msg = "There is nothing to say: the text has no sentence with words in it."
        if longest_unread:
            msg = (
                f"There is nothing to say: the text's only run of letters is "
                f"{longest_unread:,} characters long without a space, which is no word "
                "and is not read aloud."
            )
        raise EmptyText(msg)
    engine = engine_for(voice, settings)
    key = speech_key(
        [s for s, _ in spoken],
        voice.id,
        options.rate,
        options.pause,
        pronunciations=pronunciations.used_in(s.text for s, _ in spoken),
    )
    path = output_dir / f"{key}.flac"
    info_path = output_dir / f"{key}.speech.json"
    # One engine session for all the sentences: the same sentences give
    # the same audio (see the module's docstring).
    with atomic_file(path) as temporary, engine.session():
        timings, duration = _speak_all(
            spoken, engine, options, temporary, progress=progress, live=live
        )
        info = {
            "key": key,
            "voice_id": voice.id,
            "voice_name": voice.name,
            "duration_seconds": duration,
            "timings": [t.to_dict() for t in timings],
        }
        with atomic_file(info_path) as info_temporary:
            info_temporary.write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")
    return SpokenAudio(
        key=key,
        path=path,
        info_path=info_path,
        voice_id=voice.id,
        voice_name=voice.name,
        duration_seconds=duration,
        timings=tuple(timings),
    )


def make_audio_file(
    spoken: SpokenAudio,
    sentences: Sequence[SpokenSentence],
    *,
    format: str,
    title: str,
    variant: str,
    output_dir: Path,
    stem: str | None = None,
) -> AudioResult:
    """The second half of :func:`synthesise`: the audio file and its captions, from a synthesis.

    Args:
        spoken: What :func:`speak` made of the same sentences, for this file
            or for another of the same :func:`speech_key`.
        sentences: This file's sentences: their numbers go in its captions.
        format, title, variant: The file's format and tags.
        output_dir: Where the three files go.
        stem: The files' name without extension; by default the :func:`audio_key`.

    Raises:
        ValueError: ``spoken`` is not a synthesis of these sentences.
    """
    chosen = AudioFormat(format)
    timings = _numbered(spoken.timings, sentences)
    name = stem or _file_key(spoken.key, chosen.value)
    audio_path = output_dir / f"{name}.{chosen.value}"
    vtt_path = output_dir / f"{name}.vtt"
    timings_path = output_dir / f"{name}.json"
    tags = Tags(title=title, album=variant, artist=spoken.voice_name)
    try:
        with atomic_file(audio_path) as temporary:
            with soundfile.SoundFile(spoken.path) as source:
                writer = AudioWriter(temporary, chosen, source.samplerate, tags)
                try:
                    for block in source.blocks(blocksize=_BLOCK, dtype="float32"):
                        writer.write(block)
                    writer.close()
                except BaseException:
                    writer.abort()
                    raise
            # Captions land before the audio is renamed into place: whoever sees
            # the audio file can rely on its captions being there.
            with atomic_file(vtt_path) as vtt_temporary:
                vtt_temporary.write_text(webvtt(timings), encoding="utf-8")
            with atomic_file(timings_path) as json_temporary:
                json_temporary.write_text(timings_json(timings), encoding="utf-8")
    except BaseException:
        if not audio_path.exists():
            vtt_path.unlink(missing_ok=True)
            timings_path.unlink(missing_ok=True)
        raise
    return AudioResult(
        path=audio_path,
        vtt_path=vtt_path,
        timings_path=timings_path,
        format=chosen,
        voice_id=spoken.voice_id,
        duration_seconds=spoken.duration_seconds,
        timings=tuple(timings),
        size_bytes=audio_path.stat().st_size,
    )


def _numbered(timings: Sequence[Timing], sentences: Sequence[SpokenSentence]) -> list[Timing]:
    """The timings, numbered as these sentences are (equal keys speak equal texts)."""
    remaining = iter(sentences)
    numbered: list[Timing] = []
    for timing in timings:
        sentence = next((s for s in remaining if s.text == timing.text), None)
        if sentence is None:
            msg = "the synthesis does not speak these sentences"
            raise ValueError(msg)
        numbered.append(Timing(sentence.index, timing.start, timing.end, sentence.text))
    return numbered


def synthesise(
    sentences: Sequence[SpokenSentence],
    *,
    voice_id: str | None,
    language: str = "en",
    rate: float = 1.0,
    pause: str = "normal",
    format: str = "mp3",
    title: str,
    variant: str,
    output_dir: Path,
    settings: Settings,
    stem: str | None = None,
    progress: Callable[[Progress], None] | None = None,
    live: Path | None = None,
) -> AudioResult:
    """Speak the sentences into an audio file with captions, in ``output_dir``.

    A plain blocking function, safe to run in a thread or a process pool. The
    three files (``STEM.mp3|ogg|wav``, ``STEM.vtt``, ``STEM.json``) appear
    only once complete; on any failure, nothing is left behind. It is
    :func:`speak` then :func:`make_audio_file`.

    Args:
        sentences: The text, one sentence each, in order.
        voice_id: A voice's id, or None for the language's default voice.
        language: The text's language.
        rate: Pace, from :data:`MIN_RATE` to :data:`MAX_RATE`; 1 is the voice's own.
        pause: ``normal`` or ``relaxed`` (longer silences between sentences).
        format: ``mp3``, ``ogg`` (Opus) or ``wav``.
        title: The title tag (the document's title).
        variant: The album tag: what is spoken, e.g. "Easy summary".
        output_dir: Where the files go; created if missing.
        settings: The server's settings (voices directory, gTTS).
        stem: The files' name without extension; by default :func:`audio_key`.
        progress: Called with the :class:`Progress` (a fraction from 0 to 1
            that knows how many sentences are done) after each sentence and
            once the files are written; an exception it raises stops the job,
            leaving nothing behind.
        live: A file that receives the audio as MP3 while it is spoken (see
            :func:`speak`); the caller removes it.

    Raises:
        EmptyText: no sentence has anything to say.
        UnknownChoice, OutOfRange, InputError: see :func:`check_options`.
        Unavailable: an online engine could not be reached.
        PronunciationFileError: the publisher's pronunciation file has never
            been readable.
    """
    output_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=output_dir, prefix=".speech-") as scratch:
        spoken = speak(
            sentences,
            voice_id=voice_id,
            language=language,
            rate=rate,
            pause=pause,
            format=format,
            output_dir=Path(scratch),
            settings=settings,
            progress=progress,
            live=live,
        )
        result = make_audio_file(
            spoken,
            sentences,
            format=format,
            title=title,
            variant=variant,
            output_dir=output_dir,
            stem=stem,
        )
    if progress is not None:
        total = len(spoken.timings)
        progress(Progress(total, total, finished=True))
    return result


def _speak_all(
    spoken: Sequence[tuple[SpokenSentence, str]],
    engine: SpeechEngine,
    options: SpeechOptions,
    path: Path,
    *,
    progress: Callable[[Progress], None] | None,
    live: Path | None = None,
) -> tuple[list[Timing], float]:
    """Speak each sentence into ``path`` (FLAC), and into ``live`` as MP3 when given;
    return the timings and the duration."""
    sentence_gap, paragraph_gap = _GAPS[options.pause]
    timings: list[Timing] = []
    flac: soundfile.SoundFile | None = None
    mp3: AudioWriter | None = None

    def write(block: npt.NDArray[np.float32]) -> None:
        assert flac is not None
        flac.write(block)
        if mp3 is not None:
            mp3.write(block)

    try:
        position = 0  # in samples at the voice's rate
        sample_rate = 0
        gain = 0.0
        previous: SpokenSentence | None = None
        for done, (sentence, text) in enumerate(spoken, start=1):
            start = position
            for number, piece in enumerate(pieces(text)):
                speech = engine.speak(piece, voice=options.voice, rate=options.rate)
                if flac is None:
                    sample_rate = speech.sample_rate
                    flac = soundfile.SoundFile(
                        path, "w", sample_rate, 1, format="FLAC", subtype="PCM_16"
                    )
                    if live is not None:
                        # Only its live copy is kept: the files are made from the FLAC.
                        mp3 = AudioWriter(
                            path.with_name(f"{path.name}.mp3"),
                            AudioFormat.MP3,
                            sample_rate,
                            None,
                            live=live,
                        )
                    gap = _LEAD_IN
                elif number > 0:
                    gap = _PIECE_GAP
                else:
                    new_paragraph = (
                        previous is not None and sentence.paragraph != previous.paragraph
                    )
                    gap = paragraph_gap if new_paragraph else sentence_gap
                samples = _trim(speech.samples, sample_rate)
                peak = float(np.max(np.abs(samples), initial=0.0))
                if peak > 0:
                    # The first sentence sets the loudness; later ones follow it,
                    # turned down only where they would clip.
                    gain = min(gain or _PEAK / peak, 0.99 / peak)
                write(np.zeros(round(gap * sample_rate), dtype=np.float32))
                position += round(gap * sample_rate)
                if number == 0:
                    start = position
                write((samples * gain).astype(np.float32))
                position += samples.size
            timings.append(
                Timing(
                    sentence_index=sentence.index,
                    start=round(start / sample_rate, 3),
                    end=round(position / sample_rate, 3),
                    text=sentence.text,
                )
            )
            previous = sentence
            if progress is not None:
                progress(Progress(done, len(spoken)))
        assert flac is not None  # spoken is never empty
        tail = round(_TAIL * sample_rate)
        write(np.zeros(tail, dtype=np.float32))
        position += tail
    finally:
        if flac is not None:
            flac.close()
        if mp3 is not None:
            mp3.close()
    return timings, round(position / sample_rate, 3)
