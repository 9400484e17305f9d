"""The engines a server has, their voices, and choosing one."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from access_api.errors import InputError, UnknownChoice
from access_api.speech._espeak import EspeakEngine
from access_api.speech._gtts import GttsEngine
from access_api.speech._piper import BUNDLED_MODEL, PiperEngine

if TYPE_CHECKING:
    from pathlib import Path

    from access_api.settings import Settings
    from access_api.speech._model import SpeechEngine, Voice

__all__ = ["default_voice_id", "engine_for", "list_voices", "resolve_voice"]

_DEFAULT_PIPER = f"piper:{BUNDLED_MODEL.stem}"


@cache
def _engines(voices_dir: Path, gtts_url: str, gtts_timeout: float) -> dict[str, SpeechEngine]:
    # Cached so that loaded models and eSpeak's state outlive a single job.
    engines: list[SpeechEngine] = [
        PiperEngine(voices_dir),
        EspeakEngine(),
        GttsEngine(gtts_url, gtts_timeout),
    ]
    return {engine.name: engine for engine in engines}


def _engines_for(settings: Settings) -> dict[str, SpeechEngine]:
    return _engines(settings.voices_dir, settings.gtts_url, settings.gtts_timeout_seconds)


def engine_for(voice: Voice, settings: Settings) -> SpeechEngine:
    """The engine that speaks ``voice``."""
    return _engines_for(settings)[voice.engine]


def list_voices(settings: Settings) -> list[Voice]:
    """Every voice of every engine, available or not, Piper first then eSpeak NG then gTTS.

    Listing is fast and never touches the network: an online voice is
    "available" when it is turned on, not after a probe.
    """
    return [voice for engine in _engines_for(settings).values() for voice in engine.voices()]


def _primary(language: str) -> str:
    return language.lower().replace("_", "-").split("-")[0]


def default_voice_id(settings: Settings, language: str = "en") -> str:
    """The voice used when none is asked for: always an offline one.

    The bundled Piper voice for English, else the eSpeak NG voice for the
    language: its exact dialect, else the language's home dialect (``fr-fr``
    for ``fr``), else the least specific one.

    Raises:
        InputError: no offline voice speaks ``language``.
    """
    wanted = language.lower().replace("_", "-")
    if _primary(wanted) == "en":
        return _DEFAULT_PIPER
    offline = [
        v for v in list_voices(settings) if v.available and v.offline and v.engine == "espeak"
    ]
    primary = _primary(wanted)
    fitting = [v for v in offline if _primary(v.language) == primary]
    if fitting:
        # The exact dialect, else the language's home dialect (fr-fr for fr),
        # else the least specific one.
        best = min(
            fitting,
            key=lambda v: (
                v.language != wanted,
                v.language != f"{primary}-{primary}",
                v.language.count("-"),
                v.language,
            ),
        )
        return best.id
    msg = f"No offline voice speaks the language {language!r}."
    raise InputError(msg)


def resolve_voice(voice_id: str | None, language: str, *, settings: Settings) -> Voice:
    """Find the voice to speak a text in ``language`` with.

    Args:
        voice_id: A voice's id, or None for :func:`default_voice_id`.
        language: The text's language (``en``, ``en-gb``, ``fr``...).
        settings: Where extra voices are, and whether gTTS is on.

    Raises:
        UnknownChoice: no voice has that id (the message lists the available
            voices for ``language``, or all available ones if none fits).
        InputError: the voice is unavailable, or does not speak ``language``.
    """
    voices = list_voices(settings)
    if voice_id is None:
        voice_id = default_voice_id(settings, language)
    found = next((v for v in voices if v.id == voice_id), None)
    if found is None:
        usable = [v.id for v in voices if v.available]
        # Every voice of every language is a long list: offer the fitting ones.
        fitting = [
            v.id for v in voices if v.available and _primary(v.language) == _primary(language)
        ]
        raise UnknownChoice("voice", voice_id, fitting or usable)
    if not found.available:
        msg = f"The voice {found.id} cannot be used: {found.unavailable_reason}"
        raise InputError(msg)
    if _primary(found.language) != _primary(language):
        msg = (
            f"The voice {found.id} speaks {found.language}, but the text is in {language}. "
            "Choose a voice for the text's language."
        )
        raise InputError(msg)
    return found
