"""The synthesis job: sentences in, an audio file and its captions out.

Each sentence is spoken on its own and the pieces are joined with silences of
known length, so every sentence's start and end in the audio are exact. A
sentence longer than :data:`~._pieces.MAX_PIECE_CHARS` is spoken in pieces
(see :mod:`._pieces`), so no engine call, and no job's memory, grows with the
length of a sentence; its caption still covers the whole sentence.

What :func:`audio_key` promises: equal keys give the same samples with Piper
and eSpeak NG voices, and the same file byte for byte, on the same versions of
the engines and the encoder. A Piper sentence's audio depends on its text,
voice and rate only (fixed noise, see :mod:`._piper`); eSpeak NG speaks a
synthesis's sentences in order from a freshly loaded library (see
:mod:`._espeak`); the Ogg writer's random stream serial is fixed (see
:mod:`._encode`). gTTS voices are Google's to change. The key covers
everything we choose: the sentences, the paragraph breaks, the voice, rate,
pause and format, the pronunciation-list entries the sentences use, and
:data:`_AUDIO_VERSION`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from access_api.errors import EmptyText, InputError, OutOfRange, UnknownChoice
from access_api.speech._captions import timings_json, webvtt
from access_api.speech._encode import AudioWriter, Tags, atomic_file
from access_api.speech._model import AudioFormat, AudioResult, Pause, Progress, Timing
from access_api.speech._pieces import pieces, without_unreadable_runs
from access_api.speech._prepare import prepare_for_speech
from access_api.speech._pronunciations import pronunciations_for
from access_api.speech._voices import engine_for, resolve_voice

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from pathlib import Path

    import numpy.typing as npt

    from access_api.settings import Settings
    from access_api.speech._model import SpeechEngine, SpokenSentence, Voice
    from access_api.speech._pronunciations import Pronunciation

__all__ = [
    "MAX_RATE",
    "MIN_RATE",
    "SpeechOptions",
    "audio_key",
    "check_options",
    "pronunciations_used",
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
# Between the pieces of a long sentence, a short pause like a comma's.
_PIECE_GAP = 0.15
# Bumped whenever the audio made from the same options changes: 2 for the
# news normaliser and the engines' fixed noise, 3 for long sentences spoken
# in pieces.
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


def audio_key(
    sentences: Sequence[SpokenSentence],
    voice_id: str,
    rate: float,
    pause: str,
    format: str,
    *,
    pronunciations: Sequence[Pronunciation] = (),
) -> str:
    """A SHA-256 hex digest naming the audio these inputs make.

    Equal keys mean the same audio (precisely: see this module's docstring),
    so a finished file can be reused instead of synthesised again. Sentence
    indexes do not count; paragraph breaks do, since they lengthen the pauses.

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
            format,
            [[p.written, p.respelling, p.phonemes] for p in pronunciations],
        ],
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


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
) -> AudioResult:
    """Speak the sentences into an audio file with captions, in ``output_dir``.

    A plain blocking function, safe to run in a thread or a process pool. The
    three files (``STEM.mp3|ogg|wav``, ``STEM.vtt``, ``STEM.json``) appear
    only once complete; on any failure, nothing is left behind.

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

    Raises:
        EmptyText: no sentence has anything to say.
        UnknownChoice, OutOfRange, InputError: see :func:`check_options`.
        Unavailable: an online engine could not be reached.
        PronunciationFileError: the publisher's pronunciation file has never
            been readable.
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
    name = stem or audio_key(
        [s for s, _ in spoken],
        voice.id,
        options.rate,
        options.pause,
        options.format,
        pronunciations=pronunciations.used_in(s.text for s, _ in spoken),
    )
    audio_path = output_dir / f"{name}.{options.format.value}"
    vtt_path = output_dir / f"{name}.vtt"
    timings_path = output_dir / f"{name}.json"
    tags = Tags(title=title, album=variant, artist=voice.name)
    try:
        # One engine session for all the sentences: the same sentences give
        # the same audio (see the module's docstring).
        with atomic_file(audio_path) as temporary, engine.session():
            timings, duration = _speak_all(
                spoken, engine, options, tags, temporary, progress=progress
            )
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
    if progress is not None:
        progress(Progress(len(spoken), len(spoken), finished=True))
    return AudioResult(
        path=audio_path,
        vtt_path=vtt_path,
        timings_path=timings_path,
        format=options.format,
        voice_id=voice.id,
        duration_seconds=duration,
        timings=tuple(timings),
        size_bytes=audio_path.stat().st_size,
    )


def _speak_all(
    spoken: Sequence[tuple[SpokenSentence, str]],
    engine: SpeechEngine,
    options: SpeechOptions,
    tags: Tags,
    path: Path,
    *,
    progress: Callable[[Progress], None] | None,
) -> tuple[list[Timing], float]:
    """Speak each sentence into ``path``; return the timings and the duration."""
    sentence_gap, paragraph_gap = _GAPS[options.pause]
    timings: list[Timing] = []
    writer: AudioWriter | None = None
    try:
        position = 0  # in samples at the voice's rate
        sample_rate = 0
        gain = 0.0
        previous: SpokenSentence | None = None
        for done, (sentence, text) in enumerate(spoken, start=1):
            start = position
            for number, piece in enumerate(pieces(text)):
                speech = engine.speak(piece, voice=options.voice, rate=options.rate)
                if writer is None:
                    sample_rate = speech.sample_rate
                    writer = AudioWriter(path, options.format, sample_rate, tags)
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
                silence = np.zeros(round(gap * sample_rate), dtype=np.float32)
                writer.write(silence)
                position += silence.size
                if number == 0:
                    start = position
                writer.write((samples * gain).astype(np.float32))
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
        assert writer is not None  # spoken is never empty
        tail = np.zeros(round(_TAIL * sample_rate), dtype=np.float32)
        writer.write(tail)
        position += tail.size
        writer.close()
    except BaseException:
        if writer is not None:
            writer.abort()
        raise
    return timings, round(position / sample_rate, 3)
