"""A blind reading of shortened summary sentences, and what it found.

Formulas cannot see a broken sentence (a sentence cut short scores easier),
and on this data the grammar parser available offline cannot either (see
``score``). So shortened sentences are also judged by a reader: pairs of a
source sentence and its shortened version, shuffled, with nothing to say
which code made them, each judged *grammatical* (a whole English sentence on
its own) and *faithful* (it says only what the source says: no speaker
dropped, no negation, hedge or condition lost, no phrase now pointing at the
wrong thing).

    .venv/bin/python benchmarks/audit.py sample --per-level 60 --out pairs.txt
    .venv/bin/python benchmarks/audit.py score benchmarks/data/audit/round*.jsonl
    .venv/bin/python benchmarks/audit.py census benchmarks/data/audit/round*.jsonl

``sample`` writes pairs from the CNN/DailyMail dev articles (cleaned, as the
service reads them) for a reader, and a key beside them (``pairs.txt.json``).
``score`` reads judged pairs (JSON lines with ``level``, ``made_by``,
``source``, ``shortened``, ``grammatical``, ``faithful``) and prints the
shares by what made them and by level, and, where Link Grammar is installed,
how often its verdict (more null links than the source) agrees with the
reader's. ``census`` makes every shortened sentence the current code makes on the dev
articles and reports how many of them a reader has judged, and the shares
among those. ``benchmarks/data/audit/`` holds the rounds judged so far:
``before`` is the pattern-based shortening this project had first,
``parse-1`` to ``parse-3`` versions of the parse-based one (round 3 judged
every pair of ``parse-3`` that earlier rounds had not).
"""

from __future__ import annotations

import argparse
import json
import random
from collections import defaultdict
from pathlib import Path

from access_api.text import clean_text, ensure_language_data, summarise

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"


def _shortened() -> dict[str, dict[tuple[str, str], None]]:
    """Every (source, shortened) pair the summaries of the dev articles hold, by level."""
    rows = [json.loads(line) for line in (EVAL / "cnndm_dev.jsonl").open(encoding="utf-8")]
    by_level: dict[str, dict[tuple[str, str], None]] = defaultdict(dict)
    for row in rows:
        content = clean_text(row["text"], max_chars=1_000_000)
        for level in ("easy", "standard", "detailed"):
            summary = summarise(content.text, list(content.sentences), level)
            for sentence in summary.sentences:
                if sentence.text != sentence.original:
                    by_level[level][sentence.original, sentence.text] = None
    return by_level


def census(files: list[Path]) -> None:
    judged = {
        (pair["source"], pair["shortened"]): pair
        for path in files
        for pair in (json.loads(line) for line in path.open(encoding="utf-8"))
    }
    by_level = _shortened()
    everything = {pair: None for pairs in by_level.values() for pair in pairs}
    print(f"{'level':<10}{'pairs':>6}{'judged':>8}{'grammatical':>13}{'faithful':>10}")
    for level, pairs in [*by_level.items(), ("all", everything)]:
        seen = [judged[p] for p in pairs if p in judged]
        grammatical = sum(bool(p["grammatical"]) for p in seen)
        faithful = sum(bool(p["faithful"]) for p in seen)
        count = max(1, len(seen))
        print(
            f"{level:<10}{len(pairs):>6}{len(seen):>8}{100 * grammatical / count:>12.1f}%"
            f"{100 * faithful / count:>9.1f}%"
        )


def sample(per_level: int, out: Path, seed: int) -> None:
    by_level = _shortened()
    chosen = random.Random(seed)
    pairs = []
    for level, found in by_level.items():
        picked = chosen.sample(list(found), min(per_level, len(found)))
        pairs += [{"level": level, "source": s, "shortened": t} for s, t in picked]
    chosen.shuffle(pairs)
    with out.open("w", encoding="utf-8") as text:
        for number, pair in enumerate(pairs):
            text.write(f"### {number}\nSOURCE: {pair['source']}\nSHORT:  {pair['shortened']}\n\n")
    Path(f"{out}.json").write_text(json.dumps(pairs, ensure_ascii=False, indent=0))
    print(f"{len(pairs)} pairs in {out}, the key in {out}.json")


def score(files: list[Path]) -> None:
    judged = [json.loads(line) for path in files for line in path.open(encoding="utf-8")]
    groups: dict[tuple[str, str], list[dict[str, object]]] = defaultdict(list)
    for pair in judged:
        for made_by in pair["made_by"]:
            groups[made_by, "all"].append(pair)
            groups[made_by, pair["level"]].append(pair)
    print(f"{'made by':<10}{'level':<10}{'pairs':>6}{'grammatical':>13}{'faithful':>10}{'both':>7}")
    for (made_by, level), pairs in sorted(groups.items()):
        n = len(pairs)
        grammatical = sum(bool(p["grammatical"]) for p in pairs)
        faithful = sum(bool(p["faithful"]) for p in pairs)
        both = sum(bool(p["grammatical"]) and bool(p["faithful"]) for p in pairs)
        print(
            f"{made_by:<10}{level:<10}{n:>6}{100 * grammatical / n:>12.1f}%"
            f"{100 * faithful / n:>9.1f}%{100 * both / n:>6.1f}%"
        )
    _agreement(judged)


def _agreement(judged: list[dict[str, object]]) -> None:
    from quality import _judge  # the benchmark's Link Grammar judge

    judge = _judge()
    if not judge.available:
        print("(Link Grammar is not installed: no agreement to measure)")
        return
    both = parser_only = reader_only = 0
    for pair in judged:
        parser = judge.nulls(str(pair["shortened"])) > judge.nulls(str(pair["source"]))
        reader = not pair["grammatical"]
        both += parser and reader
        parser_only += parser and not reader
        reader_only += reader and not parser
    print(
        f"Link Grammar against the reader, on {len(judged)} pairs: both broken {both}, "
        f"only the parser {parser_only}, only the reader {reader_only} "
        f"(precision {both / max(1, both + parser_only):.2f}, "
        f"recall {both / max(1, both + reader_only):.2f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    pick = commands.add_parser("sample", help="pairs for a reader to judge")
    pick.add_argument("--per-level", type=int, default=60)
    pick.add_argument("--out", type=Path, default=Path("pairs.txt"))
    pick.add_argument("--seed", type=int, default=0)
    read = commands.add_parser("score", help="shares of judged pairs")
    read.add_argument("files", type=Path, nargs="+")
    whole = commands.add_parser("census", help="how much of today's output was judged")
    whole.add_argument("files", type=Path, nargs="+")
    args = parser.parse_args()
    ensure_language_data()
    if args.command == "sample":
        sample(args.per_level, args.out, args.seed)
    elif args.command == "census":
        census(args.files)
    else:
        score(args.files)


if __name__ == "__main__":
    main()
