"""How fast is a full analysis, and does it grow linearly with the text?

Compares, in one run, on the seed article and on 1k-, 10k- and 100k-word texts
made of CNN/DailyMail articles (repeated to reach 100k words):

* ours: clean + segment (``clean_text``) + readability (``assess``), plus
  ``summarise`` at the three reading levels when ``access_api.text.summaries``
  is there;
* naive: one textstat call per formula on the raw text, and sumy's
  ``PlaintextParser`` with its own tokenizer + LexRank for three summaries.

Caches (textstat's and ours, the parses of summary sentences among them) are
emptied before every run, so each run counts from scratch, parse included. The
process runs on one core (``os.sched_setaffinity``) where the system allows it.
Prints the median of several runs, the naive/ours ratio, the time per 1,000
words, and the process's peak memory with the parser loaded. Targets: all
three summaries of a 1,000-word article in at most 250 ms, and the whole
analysis at least 10x faster than naive at 10,000 words.

    python benchmarks/analysis_speed.py [--quick]
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import importlib.util
import inspect
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import textstat
from sumy.nlp.stemmers import Stemmer
from sumy.nlp.tokenizers import Tokenizer
from sumy.parsers.plaintext import PlaintextParser
from sumy.summarizers.lex_rank import LexRankSummarizer

from access_api.text import _counts, _parse, _select, clean_text, ensure_language_data
from access_api.text.readability import assess, sentence_stats

if TYPE_CHECKING:
    from collections.abc import Callable

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
SEED = ROOT / "seeds" / "000_fb8d5ec5391621b1.txt"

FORMULAS = (
    "flesch_reading_ease",
    "flesch_kincaid_grade",
    "gunning_fog",
    "smog_index",
    "coleman_liau_index",
    "automated_readability_index",
    "dale_chall_readability_score",
    "linsear_write_formula",
)
LEVELS = ("easy", "standard", "detailed")
NAIVE_SUMMARY_SENTENCES = (3, 5, 8)
# LexRank compares every sentence with every other: at 100k words (~4,500
# sentences) one naive run takes minutes, so it is left out there.
NAIVE_LEXRANK_MAX_WORDS = 20_000


def clear_caches() -> None:
    """Empty textstat's per-text caches and ours, so every run counts from scratch.

    The loaded dictionaries (textstat's ``get_cmudict``, ``get_pyphen``...) are
    kept: a running service loads them once.
    """
    for name, module in list(sys.modules.items()):
        if name.startswith("textstat.backend"):
            for attr, value in vars(module).items():
                if (
                    callable(value)
                    and hasattr(value, "cache_clear")
                    and not attr.startswith("get_")
                ):
                    value.cache_clear()
    _counts.syllables.cache_clear()
    _counts._word_syllables.cache_clear()
    sentence_stats.cache_clear()
    _parse._cache.clear()
    _select._context.cache_clear()


def texts() -> list[tuple[str, str]]:
    seed = SEED.read_text(encoding="utf-8")
    path = EVAL / "cnndm_dev.jsonl"
    if not path.is_file():
        print(f"(no {path}: timing the seed article only)")
        return [("seed", seed)]
    articles = [json.loads(line)["text"] for line in path.read_text().splitlines()]
    sized = [("seed", seed)]
    for target in (1_000, 10_000, 100_000):
        parts: list[str] = []
        words = 0
        index = 0
        while words < target:
            article = articles[index % len(articles)]
            parts.append(article)
            words += len(article.split())
            index += 1
        text = "\n\n".join(parts)
        # Trim to the target, at a word boundary.
        cut = " ".join(text.split(" ")[:target])
        sized.append((f"{target // 1000}k words", cut))
    return sized


def summaries_module() -> Any | None:
    if importlib.util.find_spec("access_api.text.summaries") is None:
        return None
    return importlib.import_module("access_api.text.summaries")


def ours(text: str, summaries: Any | None) -> dict[str, float]:
    times: dict[str, float] = {}
    start = time.perf_counter()
    clean = clean_text(text, max_chars=10_000_000)
    times["clean+segment"] = time.perf_counter() - start
    mark = time.perf_counter()
    assess(clean.text, clean.sentences)
    times["readability"] = time.perf_counter() - mark
    if summaries is not None:
        mark = time.perf_counter()
        params = inspect.signature(summaries.summarise).parameters
        for level in LEVELS:
            if "sentences" in params:
                summaries.summarise(clean.text, clean.sentences, level, title=clean.title)
            else:
                summaries.summarise(clean.text, level)
        times["summaries"] = time.perf_counter() - mark
    times["total"] = time.perf_counter() - start
    return times


def naive(text: str, words: int) -> dict[str, float]:
    times: dict[str, float] = {}
    start = time.perf_counter()
    for name in FORMULAS:
        getattr(textstat, name)(text)
    textstat.text_standard(text, float_output=True)
    times["readability"] = time.perf_counter() - start
    if words <= NAIVE_LEXRANK_MAX_WORDS:
        mark = time.perf_counter()
        parser = PlaintextParser.from_string(text, Tokenizer("english"))
        summarizer = LexRankSummarizer(Stemmer("english"))
        for count in NAIVE_SUMMARY_SENTENCES:
            summarizer(parser.document, count)
        times["summaries"] = time.perf_counter() - mark
    times["total"] = time.perf_counter() - start
    return times


def median_run(run: Callable[[], dict[str, float]], repeats: int) -> dict[str, float]:
    runs = []
    for _ in range(repeats):
        clear_caches()
        runs.append(run())
    return {key: statistics.median(r[key] for r in runs) for key in runs[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, no 100k text")
    args = parser.parse_args()
    with contextlib.suppress(AttributeError, OSError):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?"
    print(f"running on {cores} core(s)")
    ensure_language_data()
    summaries = summaries_module()
    # Load the CMU dictionary, Punkt and the summariser once, outside the timings.
    warm = SEED.read_text(encoding="utf-8")
    ours(warm, summaries)
    naive(warm, len(warm.split()))
    if summaries is None:
        print("(access_api.text.summaries not found: ours times clean + readability only)")

    print(
        f"{'text':>10} {'words':>7} | {'ours ms':>9} {'naive ms':>9} {'naive/ours':>10} | "
        f"{'ours ms/1k':>10} {'naive ms/1k':>11} | ours breakdown (ms)"
    )
    for label, text in texts():
        words = len(text.split())
        if args.quick and words > 20_000:
            continue
        repeats = 7 if words <= 2_000 else 3 if words <= 20_000 else 1
        mine = median_run(lambda t=text: ours(t, summaries), repeats)
        theirs = median_run(lambda t=text, w=words: naive(t, w), repeats)
        note = "" if "summaries" in theirs else "  (naive: no LexRank)"
        if "summaries" not in theirs and "summaries" in mine:
            compared = mine["total"] - mine["summaries"]
            note += ", ratio without our summaries"
        else:
            compared = mine["total"]
        breakdown = ", ".join(f"{k} {v * 1000:.0f}" for k, v in mine.items() if k != "total")
        breakdown += " / naive: " + ", ".join(
            f"{k} {v * 1000:.0f}" for k, v in theirs.items() if k != "total"
        )
        print(
            f"{label:>10} {words:>7} | {mine['total'] * 1000:>9.1f} {theirs['total'] * 1000:>9.1f} "
            f"{theirs['total'] / compared:>9.1f}x | {mine['total'] * 1e6 / words:>10.2f} "
            f"{theirs['total'] * 1e6 / words:>11.2f} | {breakdown}{note}"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process, parser loaded: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
