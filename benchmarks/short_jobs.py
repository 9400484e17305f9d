"""Does a summary's audio wait behind whole articles?

Embedded mode, the default settings (two audio threads), in one process: three
whole articles are asked for at once, filling both threads; then, one every
two seconds, short texts of a dozen words are asked for, while the articles
are being made. Prints, for each
short request, the seconds from asking to a finished file, and their median;
first with the short lane (audio of at most ``SHORT_JOB_CHARS`` characters has
a thread of its own), then with every job in one queue, as before the lane, in
the same run.

Usage::

    python benchmarks/short_jobs.py [--voice piper:en_US-joe-medium] [--short 3]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from access_api.documents import Documents, prepare
from access_api.jobs import AudioService, create_runner, make_context
from access_api.jobs import _runners as runners
from access_api.settings import Settings
from access_api.store import AudioStatus, LocalAudioStorage, Store

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_fb8d5ec5391621b1.txt"
SHORT = (
    "The park opens next summer, the mayor said.",
    "Trains will run every ten minutes from Monday.",
    "The school will stay closed until the roof is fixed.",
    "Fans queued all night for the first tickets.",
    "The river is expected to rise again tonight.",
)


def _articles(count: int) -> list[str]:
    """Distinct articles of about 400 words, from the seed article."""
    words = SEED.read_text(encoding="utf-8").split()[:400]
    return [f"Report {n + 1}. " + " ".join(words) for n in range(count)]


async def _done(service: AudioService, audio_id: str) -> None:
    while (await service.get(audio_id)).status not in (AudioStatus.DONE, AudioStatus.FAILED):
        await asyncio.sleep(0.05)


async def _run(voice: str, shorts: int, *, lane: bool) -> list[float]:
    runners.SHORT_JOB_CHARS = 1_000 if lane else 0
    with tempfile.TemporaryDirectory() as data:
        settings = Settings(data_dir=Path(data))
        store = Store(settings.resolved_database_url)
        await prepare(store, settings)
        context = make_context(
            Documents(store, LocalAudioStorage(settings.resolved_audio_dir), settings)
        )
        runner = create_runner(settings, context)
        await runner.start()
        service = AudioService(context, runner)
        try:
            long_ids = []
            for text in _articles(3):
                doc, _ = await context.documents.create(text=text)
                record, _ = await service.request(doc, voice=voice)
                long_ids.append(record.id)

            async def ask(text: str, after: float) -> float:
                await asyncio.sleep(after)
                doc, _ = await context.documents.create(text=text)
                asked = time.perf_counter()
                record, _ = await service.request(doc, voice=voice)
                await _done(service, record.id)
                return time.perf_counter() - asked

            waits = await asyncio.gather(
                *(ask(text, 2.0 * (n + 1)) for n, text in enumerate(SHORT[:shorts]))
            )
            for audio_id in long_ids:
                await _done(service, audio_id)
        finally:
            await runner.stop()
            await store.close()
    return list(waits)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--voice", default="piper:en_US-joe-medium")
    parser.add_argument("--short", type=int, default=3, help="short requests (at most 5)")
    args = parser.parse_args()
    print(f"voice {args.voice}; three 400-word articles, then {args.short} short texts")
    for lane in (True, False):
        waits = asyncio.run(_run(args.voice, args.short, lane=lane))
        name = "with the short lane   " if lane else "one queue for all jobs"
        shown = ", ".join(f"{w:.1f}" for w in waits)
        print(f"{name}: short audio ready in {shown} s (median {statistics.median(waits):.1f} s)")


if __name__ == "__main__":
    main()
