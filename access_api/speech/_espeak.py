"""eSpeak NG, through ctypes, from the library the ``espeakng-loader`` wheel ships.

The library keeps one global state per process (current voice, rate, callback),
and that state carries over from one sentence to the next: the phase of the
pitch flutter and of the glottal wave, the noise generator's seed (taken from
the clock), statics that ``espeak_Terminate`` does not reset. So the same
sentence came out differently depending on what had been spoken before.

Each synthesis is therefore spoken in a :meth:`EspeakEngine.session` of its
own: a private copy of the library file, freshly loaded, initialised with a
fixed seed, used for that synthesis's sentences in order, then unloaded. The
same sentences, voice and rate give the same samples. Sessions running at the
same time each have their own copy, so concurrent jobs no longer take turns.
Loading costs about 15 ms a session; each load also leaves a few KB behind
that the library never frees (its voice list, kept in a static pointer, and
more: 5.5 KB a synthesis measured over 600), which is why the state is
renewed per synthesis rather than per sentence (3.7 KB a sentence: a busy
server would have lost hundreds of MB a day).
"""

from __future__ import annotations

import _ctypes
import atexit
import contextlib
import ctypes
import functools
import shutil
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import espeakng_loader
import numpy as np

from access_api.errors import Unavailable
from access_api.speech._model import Speech, Voice

if TYPE_CHECKING:
    from collections.abc import Iterator

    import numpy.typing as npt

__all__ = ["EspeakEngine"]

LICENCE = "GPL-3.0-or-later (eSpeak NG)"

# Values from espeak-ng's speak_lib.h.
_AUDIO_OUTPUT_SYNCHRONOUS = 2
_INITIALIZE_DONT_EXIT = 0x8000
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_RATE = 1
_EE_OK = 0
# Any fixed value: what matters is that every sentence starts from the same one.
_SEED = 1

# eSpeak's own default pace, in words per minute, and the range it accepts.
_DEFAULT_WPM = 175
_MIN_WPM = 80
_MAX_WPM = 450


class _Event(ctypes.Structure):
    _fields_ = (
        ("type", ctypes.c_int),
        ("unique_identifier", ctypes.c_uint),
        ("text_position", ctypes.c_int),
        ("length", ctypes.c_int),
        ("audio_position", ctypes.c_int),
        ("sample", ctypes.c_int),
        ("user_data", ctypes.c_void_p),
        ("id", ctypes.c_char * 8),
    )


class _VoiceInfo(ctypes.Structure):
    _fields_ = (
        ("name", ctypes.c_char_p),
        # Pairs of (priority byte, NUL-terminated language), ending with a 0 byte.
        ("languages", ctypes.c_void_p),
        ("identifier", ctypes.c_char_p),
        ("gender", ctypes.c_ubyte),
        ("age", ctypes.c_ubyte),
        ("variant", ctypes.c_ubyte),
        ("xx1", ctypes.c_ubyte),
        ("score", ctypes.c_int),
        ("spare", ctypes.c_void_p),
    )


_Callback = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event)
)


class _Copies:
    """Private copies of the library file, each loaded by one session at a time.

    Loading the wheel's own file would share one handle (and one state) with
    anything else in the process that loads it, and between sessions.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._free: list[str] = []
        self._made = 0

    @functools.cached_property
    def _directory(self) -> Path:
        directory = Path(tempfile.mkdtemp(prefix="access-api-espeak-"))
        atexit.register(shutil.rmtree, directory, ignore_errors=True)
        return directory

    def take(self) -> str:
        """A copy no loaded library uses now."""
        with self._lock:
            if self._free:
                return self._free.pop()
            self._made += 1
            copy = self._directory / f"libespeak-ng-{self._made}.so"
        shutil.copyfile(espeakng_loader.get_library_path(), copy)
        return str(copy)

    def give_back(self, copy: str) -> None:
        """``copy`` is unloaded: another session may load it."""
        with self._lock:
            self._free.append(copy)


_COPIES = _Copies()


class _Library:
    """The library, freshly loaded from ``path`` and initialised; :meth:`close` unloads it."""

    def __init__(self, path: str) -> None:
        lib = ctypes.CDLL(path)
        lib.espeak_ng_SetRandSeed.argtypes = [ctypes.c_long]
        lib.espeak_ng_SetRandSeed.restype = None
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_Initialize.restype = ctypes.c_int
        lib.espeak_SetSynthCallback.argtypes = [_Callback]
        lib.espeak_SetSynthCallback.restype = None
        lib.espeak_ListVoices.argtypes = [ctypes.c_void_p]
        lib.espeak_ListVoices.restype = ctypes.POINTER(ctypes.POINTER(_VoiceInfo))
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetVoiceByName.restype = ctypes.c_int
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_SetParameter.restype = ctypes.c_int
        lib.espeak_Synth.argtypes = [
            ctypes.c_char_p,
            ctypes.c_size_t,
            ctypes.c_uint,
            ctypes.c_int,
            ctypes.c_uint,
            ctypes.c_uint,
            ctypes.c_void_p,
            ctypes.c_void_p,
        ]
        lib.espeak_Synth.restype = ctypes.c_int
        data = espeakng_loader.get_data_path().encode()
        # DONT_EXIT: a missing data file must raise here, not end the process.
        rate = lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, data, _INITIALIZE_DONT_EXIT)
        if rate <= 0:
            _ctypes.dlclose(lib._handle)
            msg = "eSpeak NG could not start: its data files are missing or damaged."
            raise Unavailable(msg)
        # Initialising seeds the noise generator with the time of day.
        lib.espeak_ng_SetRandSeed(_SEED)
        self.lib = lib
        self.sample_rate: int = rate
        self._chunks: list[npt.NDArray[np.int16]] = []
        # Kept on self: ctypes frees a callback whose Python object is collected.
        self._callback = _Callback(self._on_audio)
        lib.espeak_SetSynthCallback(self._callback)

    def close(self) -> None:
        """Shut the library down and unload it, so the next copy starts afresh."""
        self.lib.espeak_Terminate()
        # The last reference gone, the dynamic loader unloads the library, its
        # static variables with it; the next load starts from their initial values.
        _ctypes.dlclose(self.lib._handle)

    def _on_audio(self, wav: ctypes._Pointer[ctypes.c_short], count: int, _events: object) -> int:
        if count > 0:
            self._chunks.append(np.ctypeslib.as_array(wav, shape=(count,)).copy())
        return 0

    def voices(self) -> list[tuple[str, str, str]]:
        """Each voice's ``(name, identifier, first language)``."""
        found = []
        listed = self.lib.espeak_ListVoices(None)
        i = 0
        while listed[i]:
            info = listed[i].contents
            languages = ctypes.cast(info.languages, ctypes.c_char_p).value or b""
            # c_char_p stops at the first NUL: the priority byte comes first.
            language = languages[1:].decode()
            if info.name and info.identifier and language:
                found.append((info.name.decode(), info.identifier.decode(), language))
            i += 1
        return found

    def speak(self, text: str, identifier: str, words_per_minute: int) -> npt.NDArray[np.int16]:
        self._chunks = []
        if self.lib.espeak_SetVoiceByName(identifier.encode()) != _EE_OK:
            msg = f"eSpeak NG has no voice {identifier!r}."
            raise Unavailable(msg)
        self.lib.espeak_SetParameter(_RATE, words_per_minute, 0)
        data = text.encode()
        status = self.lib.espeak_Synth(
            data, len(data) + 1, 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None
        )
        if status != _EE_OK:
            msg = f"eSpeak NG failed to speak a sentence (error {status})."
            raise Unavailable(msg)
        chunks, self._chunks = self._chunks, []
        return np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int16)


@contextlib.contextmanager
def _fresh_library() -> Iterator[_Library]:
    """A freshly loaded copy of the library of its own, unloaded afterwards."""
    copy = _COPIES.take()
    try:
        library = _Library(copy)
        try:
            yield library
        finally:
            library.close()
    finally:
        _COPIES.give_back(copy)


class EspeakEngine:
    """eSpeak NG: offline, fast, the voice many screen-reader users know."""

    name = "espeak"

    def __init__(self) -> None:
        """Ready to list voices; the library loads on first use."""
        self._identifiers: dict[str, str] = {}
        self._voices: list[Voice] | None = None
        # Each thread's session, if it is in one.
        self._sessions = threading.local()

    def voices(self) -> list[Voice]:
        """One voice per language eSpeak NG ships (listed once, then kept)."""
        if self._voices is None:
            self._voices = self._list_voices()
        return list(self._voices)

    def _list_voices(self) -> list[Voice]:
        with _fresh_library() as library:
            listed = library.voices()
        voices: dict[str, Voice] = {}
        for name, identifier, language in listed:
            voice_id = f"{self.name}:{language}"
            # Loading by file name is exact; by language, "en-gb" is not found.
            self._identifiers.setdefault(voice_id, identifier)
            voices.setdefault(
                voice_id,
                Voice(
                    id=voice_id,
                    engine=self.name,
                    language=language.lower(),
                    name=f"{name} (eSpeak NG)",
                    offline=True,
                    available=True,
                    unavailable_reason=None,
                    licence=LICENCE,
                ),
            )
        return sorted(voices.values(), key=lambda v: v.id)

    @contextlib.contextmanager
    def session(self) -> Iterator[None]:
        """Speak this thread's sentences from one fresh library state until the end.

        Within a session, the same sentences spoken in the same order give
        the same samples. A session inside a session is the outer one.
        """
        if getattr(self._sessions, "library", None) is not None:
            yield
            return
        with _fresh_library() as library:
            self._sessions.library = library
            try:
                yield
            finally:
                self._sessions.library = None

    def speak(self, text: str, *, voice: Voice, rate: float) -> Speech:
        """Speak one sentence with eSpeak NG, in this thread's session or a new one."""
        library: _Library | None = getattr(self._sessions, "library", None)
        if library is None:
            with self.session():
                return self.speak(text, voice=voice, rate=rate)
        if not self._identifiers:
            self.voices()
        identifier = self._identifiers.get(voice.id, voice.id.removeprefix(f"{self.name}:"))
        words_per_minute = min(_MAX_WPM, max(_MIN_WPM, round(_DEFAULT_WPM * rate)))
        samples = library.speak(text, identifier, words_per_minute)
        return Speech(samples=samples.astype(np.float32) / 32768.0, sample_rate=library.sample_rate)
