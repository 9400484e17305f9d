from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from access_api.errors import InputError
from access_api.speech import (
    SpokenSentence,
    default_voice_id,
    list_voices,
    resolve_voice,
    synthesise,
)
from access_api.speech._piper import BUNDLED_MODEL

if TYPE_CHECKING:
    from pathlib import Path

    from access_api.settings import Settings


def test_the_bundled_piper_voice_is_listed_first_available_offline_and_licensed(
    speech_settings: Settings,
) -> None:
    joe = list_voices(speech_settings)[0]
    assert joe.id == "piper:en_US-joe-medium"
    assert (joe.engine, joe.language, joe.offline, joe.available) == ("piper", "en-us", True, True)
    assert joe.unavailable_reason is None
    assert "CC0" in joe.licence
    assert joe.name == "Joe (English, United States, Piper medium)"


def test_espeak_lists_a_voice_for_each_of_its_many_languages(speech_settings: Settings) -> None:
    espeak = {v.id: v for v in list_voices(speech_settings) if v.engine == "espeak"}
    assert len(espeak) > 100
    for voice_id in ("espeak:en-us", "espeak:en-gb", "espeak:fr-fr", "espeak:de", "espeak:cmn"):
        assert espeak[voice_id].available
        assert espeak[voice_id].offline
    assert espeak["espeak:en-gb"].licence.startswith("GPL-3.0")


def test_the_default_voice_is_piper_for_english_and_espeak_otherwise(
    speech_settings: Settings,
) -> None:
    assert default_voice_id(speech_settings) == "piper:en_US-joe-medium"
    assert default_voice_id(speech_settings, "en-GB") == "piper:en_US-joe-medium"
    assert default_voice_id(speech_settings, "fr") == "espeak:fr-fr"
    assert default_voice_id(speech_settings, "pt-BR") == "espeak:pt-br"
    assert resolve_voice(None, "de", settings=speech_settings).id == "espeak:de"


def test_a_language_no_offline_voice_speaks_is_refused(speech_settings: Settings) -> None:
    with pytest.raises(InputError, match="No offline voice speaks the language 'tlh'"):
        resolve_voice(None, "tlh", settings=speech_settings)


def _add_voice(voices: Path, stem: str, config: dict[str, object] | None) -> None:
    voices.mkdir(exist_ok=True)
    (voices / f"{stem}.onnx").symlink_to(BUNDLED_MODEL)
    if config is not None:
        (voices / f"{stem}.onnx.json").write_text(json.dumps(config), encoding="utf-8")


def test_piper_voices_in_the_voices_directory_are_listed_and_speak(
    speech_settings: Settings, tmp_path: Path
) -> None:
    config = json.loads(BUNDLED_MODEL.with_suffix(".onnx.json").read_text(encoding="utf-8"))
    config["dataset"] = "ann"
    config["language"] = {
        "code": "en_GB",
        "name_english": "English",
        "country_english": "Great Britain",
    }
    _add_voice(speech_settings.voices_dir, "en_GB-ann-medium", config)
    voices = {v.id: v for v in list_voices(speech_settings)}
    ann = voices["piper:en_GB-ann-medium"]
    assert (ann.language, ann.available, ann.name) == (
        "en-gb",
        True,
        "Ann (English, Great Britain, Piper medium)",
    )
    result = synthesise(
        [SpokenSentence(0, "Hello.", 0)],
        voice_id=ann.id,
        format="wav",
        title="Hi",
        variant="Article",
        output_dir=tmp_path / "out",
        settings=speech_settings,
    )
    assert result.voice_id == ann.id
    assert result.timings[0].end > result.timings[0].start


def test_a_piper_voice_without_a_usable_configuration_is_listed_as_unavailable(
    speech_settings: Settings,
) -> None:
    _add_voice(speech_settings.voices_dir, "en_US-lost-low", None)
    _add_voice(
        speech_settings.voices_dir,
        "zh_CN-pinyin-medium",
        {"phoneme_type": "pinyin", "espeak": {"voice": "cmn"}},
    )
    _add_voice(speech_settings.voices_dir, "en_US-broken-low", {"audio": []})
    voices = {v.id: v for v in list_voices(speech_settings)}
    assert voices["piper:en_US-lost-low"].unavailable_reason == (
        "The voice has no configuration file en_US-lost-low.onnx.json."
    )
    assert voices["piper:zh_CN-pinyin-medium"].unavailable_reason == (
        "This Piper voice needs resources that are not installed."
    )
    assert voices["piper:en_US-broken-low"].unavailable_reason == (
        "The configuration file en_US-broken-low.onnx.json cannot be read."
    )
    with pytest.raises(InputError, match="cannot be used: The voice has no configuration"):
        resolve_voice("piper:en_US-lost-low", "en", settings=speech_settings)
