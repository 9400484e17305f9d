"""How fast the offline voices speak, and what the audio formats cost.

For the seed article and a ~600-word CNN/Daily Mail dev article, prints per
engine (each measured in a fresh subprocess, so peak memory is its own):

* first audio: from a cold start (nothing loaded) to the first sentence's samples;
* real-time factor: seconds of audio per second, by the clock and per second
  of CPU time (the latter is what a busy machine does not distort);
* peak memory: the process's maximum resident set size;
* encoding: seconds of audio encoded per second, per format (median of runs);
* end to end: ``synthesise()`` to MP3, real-time factor.

Targets on a 2-core machine: Piper at least 10x real time, eSpeak NG at least
200x.

``--hostile`` measures instead what hostile documents cost the default Piper
voice, each through ``clean_text()`` and ``synthesise()`` in a fresh
subprocess: its peak memory, its time and how it ended. For comparison, one
case gives the engine a long word directly, as every engine call was given
before a call was bounded to 400 characters. Usage::

    python benchmarks/speech_speed.py [--runs 3] [--engines piper,espeak]
    python benchmarks/speech_speed.py --hostile
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_fb8d5ec5391621b1.txt"
DEV = ROOT.parent / "shared" / "eval" / "cnndm_dev.jsonl"
VOICES = {"piper": "piper:en_US-joe-medium", "espeak": "espeak:en-us"}


def _articles() -> dict[str, str]:
    articles = {"seed": SEED.read_text(encoding="utf-8")}
    with DEV.open(encoding="utf-8") as lines:
        for line in lines:
            text = json.loads(line)["text"]
            if 550 <= len(text.split()) <= 650:
                articles["dev-600w"] = text
                break
    return articles


def _measure(engine_name: str, runs: int) -> dict[str, object]:
    import numpy as np

    from access_api.settings import Settings
    from access_api.speech import AudioFormat, SpokenSentence, prepare_for_speech, synthesise
    from access_api.speech._encode import Tags, encode
    from access_api.speech._voices import engine_for, resolve_voice
    from access_api.text import clean_text

    settings = Settings(voices_dir=Path(tempfile.gettempdir()) / "no-extra-voices")
    started = time.perf_counter()
    voice = resolve_voice(VOICES[engine_name], "en", settings=settings)
    engine = engine_for(voice, settings)
    results: dict[str, object] = {"engine": engine_name, "voice": voice.id}
    for name, raw in _articles().items():
        clean = clean_text(raw, max_chars=200_000)
        texts = [prepare_for_speech(s.text) for s in clean.sentences]
        timings: list[float] = []
        cpu: list[float] = []
        samples: list[np.ndarray] = []
        rate = 0
        for run in range(runs):
            samples = []
            begun = time.perf_counter()
            begun_cpu = time.process_time()
            for i, text in enumerate(texts):
                speech = engine.speak(text, voice=voice, rate=1.0)
                samples.append(speech.samples)
                rate = speech.sample_rate
                if run == 0 and i == 0 and "first_audio_s" not in results:
                    results["first_audio_s"] = time.perf_counter() - started
            timings.append(time.perf_counter() - begun)
            cpu.append(time.process_time() - begun_cpu)
        audio = np.concatenate(samples)
        seconds = len(audio) / rate
        encoding: dict[str, float] = {}
        encoding_cpu: dict[str, float] = {}
        with tempfile.TemporaryDirectory() as scratch:
            for fmt in AudioFormat:
                spent = []
                spent_cpu = []
                for _ in range(runs):
                    begun = time.perf_counter()
                    begun_cpu = time.process_time()
                    tags = Tags(title="Benchmark", album="Article", artist=voice.name)
                    encode(audio, rate, Path(scratch) / f"a.{fmt.value}", fmt, tags)
                    spent.append(time.perf_counter() - begun)
                    spent_cpu.append(time.process_time() - begun_cpu)
                encoding[fmt.value] = seconds / statistics.median(spent)
                encoding_cpu[fmt.value] = seconds / statistics.median(spent_cpu)
            begun = time.perf_counter()
            synthesise(
                [SpokenSentence(s.index, s.text, s.paragraph) for s in clean.sentences],
                voice_id=voice.id,
                title="Benchmark",
                variant="Article",
                output_dir=Path(scratch),
                settings=settings,
            )
            end_to_end = seconds / (time.perf_counter() - begun)
        results[name] = {
            "words": len(clean.text.split()),
            "sentences": len(texts),
            "audio_s": seconds,
            "rtf": seconds / statistics.median(timings),
            "rtf_cpu": seconds / statistics.median(cpu),
            "encode_rtf": encoding,
            "encode_rtf_cpu": encoding_cpu,
            "end_to_end_mp3_rtf": end_to_end,
        }
    results["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return results


def _hostile_cases() -> dict[str, str]:
    import random

    letters = random.Random(16).choices("abcdefghijklmnopqrstuvwxyz", k=40_000)
    word = "".join(letters)
    ordinary = " ".join(["the council said the new park would open in the spring"] * 80)
    return {
        "baseline: one ordinary sentence": "The council met on Tuesday to talk about the park.",
        "a document that is one 40,000-character word": word,
        "a sentence with a 400-character word (the most one call takes)": (
            f"The code was {word[:400]} and nothing else."
        ),
        "a 4,400-character sentence of ordinary words, no punctuation": f"{ordinary}.",
        "a 17,600-character sentence of ordinary words, no punctuation": (
            f"{ordinary} {ordinary} {ordinary} {ordinary}."
        ),
        "before the bound: a 4,000-character word given to Piper at once": word[:4_000],
    }


def _hostile(name: str) -> dict[str, object]:
    from access_api.errors import AccessApiError
    from access_api.settings import Settings
    from access_api.speech import SpokenSentence, synthesise
    from access_api.speech._voices import engine_for, resolve_voice
    from access_api.text import clean_text

    text = _hostile_cases()[name]
    settings = Settings(voices_dir=Path(tempfile.gettempdir()) / "no-extra-voices")
    begun = time.perf_counter()
    if name.startswith("before"):
        voice = resolve_voice(None, "en", settings=settings)
        speech = engine_for(voice, settings).speak(text, voice=voice, rate=1.0)
        outcome = f"{len(speech.samples) / speech.sample_rate:.0f} s of audio"
    else:
        clean = clean_text(text, max_chars=200_000)
        sentences = [SpokenSentence(s.index, s.text, s.paragraph) for s in clean.sentences]
        with tempfile.TemporaryDirectory() as scratch:
            try:
                result = synthesise(
                    sentences,
                    voice_id=None,
                    title="Benchmark",
                    variant="Article",
                    output_dir=Path(scratch),
                    settings=settings,
                )
                outcome = f"{result.duration_seconds:.0f} s of audio"
            except AccessApiError as exc:
                outcome = f"refused: {exc}"
    return {
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "seconds": time.perf_counter() - begun,
        "outcome": outcome,
    }


def _print_hostile() -> None:
    print("hostile documents through the default Piper voice, each in a fresh process")
    for name in _hostile_cases():
        done = subprocess.run(
            [sys.executable, __file__, "--hostile-child", name],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        r = json.loads(done.stdout)
        print(f"\n{name}")
        print(f"  peak memory (max RSS): {r['peak_rss_mb']:.0f} MB, {r['seconds']:.1f} s")
        print(f"  {r['outcome']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per measure (median)")
    parser.add_argument("--engines", default="piper,espeak", help="comma-separated engines")
    parser.add_argument(
        "--hostile", action="store_true", help="peak memory of hostile documents instead"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--hostile-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.hostile_child:
        print(json.dumps(_hostile(args.hostile_child)))
        return
    if args.hostile:
        _print_hostile()
        return
    if args.child:
        print(json.dumps(_measure(args.child, args.runs)))
        return
    print(f"speech speed, median of {args.runs} run(s); x = seconds of audio per second")
    for engine in args.engines.split(","):
        done = subprocess.run(
            [sys.executable, __file__, "--child", engine, "--runs", str(args.runs)],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        r = json.loads(done.stdout)
        print(f"\n{engine} ({r['voice']})")
        print(f"  first audio from a cold start: {r['first_audio_s']:.2f} s")
        print(f"  peak memory (max RSS):         {r['peak_rss_mb']:.0f} MB")
        for name in ("seed", "dev-600w"):
            a = r[name]
            enc = ", ".join(
                f"{fmt} {x:.0f}x ({a['encode_rtf_cpu'][fmt]:.0f}x per CPU s)"
                for fmt, x in a["encode_rtf"].items()
            )
            print(
                f"  {name}: {a['words']} words, {a['sentences']} sentences, "
                f"{a['audio_s']:.1f} s of audio"
            )
            print(
                f"    real-time factor:  {a['rtf']:.1f}x wall, {a['rtf_cpu']:.1f}x per CPU second"
            )
            print(f"    encoding:          {enc}")
            print(f"    synthesise to MP3: {a['end_to_end_mp3_rtf']:.1f}x (end to end)")


if __name__ == "__main__":
    main()
