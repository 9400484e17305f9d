"""Spoken audio of a text: voices, text prepared for listening, files and captions.

Modules (all private; use the names re-exported here):

    _model       Voice, SpokenSentence, Timing, AudioResult, Progress, formats,
                 pauses, the SpeechEngine protocol
    _piper       Piper neural voices (the bundled Joe, plus a voices directory)
    _espeak      eSpeak NG through ctypes (one lock per process)
    _gtts        gTTS, online, behind a setting and a time limit
    _voices      listing voices, the default voice, resolving a voice id
    _prepare     prepare_for_speech: "$4.2bn" -> "four point two billion dollars"
    _normalise   the normaliser's rules: numbers, dates, money, units, links...
    _pronunciations  the pronunciation list: bundled, plus the publisher's file
    _encode      MP3 / Ogg Opus / WAV writers, tags, atomic files
    _captions    WebVTT and JSON timings; captions sized for a screen
    _synthesise  synthesise() = speak() + make_audio_file(); check_options(), speech_key()
    _pieces      what one engine call is given: at most 400 characters

Errors raised (from :mod:`access_api.errors`)::

    InputError
    ├── EmptyText        nothing to say
    ├── OutOfRange       rate outside 0.5..2
    └── UnknownChoice    unknown voice, format or pause
    Unavailable          gTTS unreachable, too slow or refusing (retry_after)
    SettingsError
    └── PronunciationFileError  the publisher's pronunciation file is unreadable
"""

from __future__ import annotations

from access_api.speech._captions import (
    SCREEN_LINE_CHARS,
    SCREEN_LINES,
    ScreenCue,
    parse_timings,
    screen_cues,
    screen_webvtt,
    timings_json,
    webvtt,
)
from access_api.speech._model import (
    AudioFormat,
    AudioResult,
    Pause,
    Progress,
    Speech,
    SpeechEngine,
    SpokenSentence,
    Timing,
    Voice,
)
from access_api.speech._prepare import prepare_for_speech
from access_api.speech._pronunciations import (
    Pronunciation,
    PronunciationFileError,
    Pronunciations,
    pronunciations_for,
)
from access_api.speech._synthesise import (
    MAX_RATE,
    MIN_RATE,
    SpeechOptions,
    SpokenAudio,
    audio_key,
    check_options,
    load_spoken,
    make_audio_file,
    pronunciations_used,
    speak,
    speech_key,
    synthesise,
)
from access_api.speech._voices import default_voice_id, list_voices, resolve_voice

__all__ = [
    "MAX_RATE",
    "MIN_RATE",
    "SCREEN_LINES",
    "SCREEN_LINE_CHARS",
    "AudioFormat",
    "AudioResult",
    "Pause",
    "Progress",
    "Pronunciation",
    "PronunciationFileError",
    "Pronunciations",
    "ScreenCue",
    "Speech",
    "SpeechEngine",
    "SpeechOptions",
    "SpokenAudio",
    "SpokenSentence",
    "Timing",
    "Voice",
    "audio_key",
    "check_options",
    "default_voice_id",
    "list_voices",
    "load_spoken",
    "make_audio_file",
    "parse_timings",
    "prepare_for_speech",
    "pronunciations_for",
    "pronunciations_used",
    "resolve_voice",
    "screen_cues",
    "screen_webvtt",
    "speak",
    "speech_key",
    "synthesise",
    "timings_json",
    "webvtt",
]
