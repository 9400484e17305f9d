"""The values the speech package passes around: plain, immutable data."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from contextlib import AbstractContextManager
    from pathlib import Path

    import numpy as np
    import numpy.typing as npt

__all__ = [
    "AudioFormat",
    "AudioResult",
    "Pause",
    "Progress",
    "Speech",
    "SpeechEngine",
    "SpokenSentence",
    "Timing",
    "Voice",
]


class AudioFormat(StrEnum):
    """A file format the audio can be written in."""

    MP3 = "mp3"
    """MPEG layer III, 64 kbps mono: plays everywhere (the default)."""
    OGG = "ogg"
    """Opus in an Ogg container, 24 kHz mono: smaller, for modern players."""
    WAV = "wav"
    """Uncompressed 16-bit PCM: large, for editing."""

    @property
    def media_type(self) -> str:
        """The file's MIME type, for ``Content-Type``."""
        return _MEDIA_TYPES[self]


_MEDIA_TYPES = {
    AudioFormat.MP3: "audio/mpeg",
    AudioFormat.OGG: "audio/ogg",
    AudioFormat.WAV: "audio/wav",
}


class Pause(StrEnum):
    """How long the silences between sentences and paragraphs are."""

    NORMAL = "normal"
    """Gaps like a person reading aloud."""
    RELAXED = "relaxed"
    """Longer gaps, for listeners who need time to take each sentence in."""


@dataclass(frozen=True, slots=True)
class Voice:
    """A voice one of the engines can speak with."""

    id: str
    """Stable name, ``ENGINE:NAME``: ``piper:en_US-joe-medium``, ``espeak:en-gb``..."""
    engine: str
    """``piper``, ``espeak`` or ``gtts``."""
    language: str
    """The language it speaks, as a lower-case tag: ``en-us``, ``fr``..."""
    name: str
    """A name to show people: ``Joe (English, US)``."""
    offline: bool
    """True when it works without a network."""
    available: bool
    """True when it can be used now."""
    unavailable_reason: str | None
    """Why not, in a sentence, when :attr:`available` is false."""
    licence: str
    """Licence of the voice (the model or data it speaks with)."""


class Progress(float):
    """How far a synthesis has come: the fraction done, 0 to 1, that knows its sentences.

    A ``float``, so whoever only wants the fraction (a job's record) takes it
    as it is; a terminal can show :attr:`done` of :attr:`total` sentences.
    Writing the files counts as one step more than the sentences.
    """

    __slots__ = ("done", "total")
    done: int
    """Sentences spoken so far."""
    total: int
    """Sentences to speak."""

    def __new__(cls, done: int, total: int, *, finished: bool = False) -> Progress:
        """The progress after ``done`` of ``total`` sentences, or once the files are written."""
        progress = super().__new__(cls, 1.0 if finished else done / (total + 1))
        progress.done = done
        progress.total = total
        return progress


@dataclass(frozen=True, slots=True)
class Speech:
    """Audio of one sentence, mono."""

    samples: npt.NDArray[np.float32]
    """Samples in ``[-1, 1]``."""
    sample_rate: int


class SpeechEngine(Protocol):
    """A text-to-speech engine: lists its voices and speaks one sentence at a time.

    Sentences are spoken one by one, so each sentence's place in the audio is
    known exactly (see :func:`access_api.speech.synthesise`).
    """

    name: str
    """The engine's name, the prefix of its voices' ids."""

    def voices(self) -> list[Voice]:
        """Every voice of this engine, available or not; fast and offline."""
        ...

    def session(self) -> AbstractContextManager[None]:
        """A context in which this thread's sentences are spoken from one fresh state.

        The same sentences, spoken in the same order in a session, give the
        same audio; a synthesis speaks all its sentences in one session.
        Engines that keep no state between sentences return a null context.
        """
        ...

    def speak(self, text: str, *, voice: Voice, rate: float) -> Speech:
        """Speak one sentence, already prepared for listening.

        Args:
            text: The sentence.
            voice: One of :meth:`voices`.
            rate: Speed multiplier, 1.0 being the voice's own pace.

        Raises:
            Unavailable: the engine cannot be reached now (online engines).
        """
        ...


@dataclass(frozen=True, slots=True)
class SpokenSentence:
    """A sentence to speak."""

    index: int
    """Position among the text's sentences, from 0; carried into the timings."""
    text: str
    paragraph: int
    """Index of its paragraph: a change of paragraph makes a longer pause."""


@dataclass(frozen=True, slots=True)
class Timing:
    """Where one sentence is heard in the audio, in seconds from its start."""

    sentence_index: int
    start: float
    end: float
    text: str

    def to_dict(self) -> dict[str, int | float | str]:
        """The timing as JSON-able data."""
        return {
            "sentence_index": self.sentence_index,
            "start": self.start,
            "end": self.end,
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class AudioResult:
    """A finished audio file and its captions."""

    path: Path
    """The audio file."""
    vtt_path: Path
    """Its WebVTT captions, one cue per sentence."""
    timings_path: Path
    """The same timings as a JSON list of :meth:`Timing.to_dict`."""
    format: AudioFormat
    voice_id: str
    duration_seconds: float
    """Length of the audio, silences included."""
    timings: tuple[Timing, ...]
    size_bytes: int
    """Size of the audio file."""
