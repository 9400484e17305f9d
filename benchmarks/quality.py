"""Summary quality and readability ordering on the development data.

Run from the repository root after ``make test``'s install::

    .venv/bin/python benchmarks/quality.py [--limit N]

Part 1, on ``cnndm_dev.jsonl`` (CNN/DailyMail news with reference highlights):
ROUGE-1/2/Lsum F1 (rouge-score, Porter stemming; Lsum on newline-separated
sentences) and ROUGE-1 recall, x100, for each reading level of ours, next to
Lead-3, Lead-6 and every sumy algorithm (3 sentences) computed in the same
run. "FK" is textstat's Flesch-Kincaid grade of the summary text; the table
shows its mean, the share of summaries at or below grade 6 and 9, the mean
words per summary sentence, and how often our levels met their own target;
then whether each goal of the level-aware summaries holds in this run.
"lead, <level> words" is the article's first words, as many as our summary at
that level has, cut mid-sentence: not a summary anyone would publish, but the
news the lead carries in the same length, for comparing content at equal
length (ROUGE F1 grows with length on this data up to about 80 words). Its FK
and words-per-sentence columns describe a single cut sentence and mean
nothing.

Part 2, on ``onestopenglish_dev.jsonl`` (the same texts written for three
levels): how often a grade orders the levels of a topic correctly
(elementary < intermediate < advanced), over the three level pairs of every
topic, for the grade we show (the Flesch-Kincaid grade; see
``access_api.text.readability``), for the median of Flesch-Kincaid, Gunning
fog, SMOG and ARI (the grade shown before), and for each textstat formula
alone.

The data sits beside the project in ``shared/eval/``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import time
from pathlib import Path

from rouge_score import rouge_scorer

from access_api.text import ensure_language_data, split_sentences
from access_api.text.readability import GRADE_FORMULAS, assess
from access_api.text.summaries import LEVEL_TARGETS, Algorithm, ReadingLevel, summarise

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
LEVELS_ORDER = ("elementary", "intermediate", "advanced")
FK = "flesch_kincaid_grade"
MEDIAN_OF_FOUR = (FK, "gunning_fog", "smog_index", "automated_readability_index")


def _read(name: str, limit: int | None) -> list[dict[str, str]]:
    with (EVAL / name).open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    return rows[:limit] if limit else rows


class _Column:
    def __init__(self) -> None:
        self.r1: list[float] = []
        self.r2: list[float] = []
        self.rl: list[float] = []
        self.r1_recall: list[float] = []
        self.grades: list[float] = []
        self.words_per_sentence: list[float] = []
        self.met: list[bool] = []

    def add(self, scorer: rouge_scorer.RougeScorer, reference: str, sentences: list[str]) -> None:
        scores = scorer.score(reference, "\n".join(sentences))
        self.r1.append(scores["rouge1"].fmeasure)
        self.r2.append(scores["rouge2"].fmeasure)
        self.rl.append(scores["rougeLsum"].fmeasure)
        self.r1_recall.append(scores["rouge1"].recall)
        report = assess(" ".join(sentences))
        self.grades.append(report.scores[FK])
        self.words_per_sentence.append(report.words / len(sentences))

    def row(self, name: str) -> str:
        n = len(self.grades)
        met = f"{100 * sum(self.met) / n:5.0f}" if self.met else "    -"
        rouge = (
            f"{name:<24}{100 * statistics.mean(self.r1):6.1f}{100 * statistics.mean(self.r2):6.1f}"
            f"{100 * statistics.mean(self.rl):7.1f}{100 * statistics.mean(self.r1_recall):8.1f}"
        )
        if name.startswith("lead,"):  # a cut, not sentences: no grade to speak of
            return rouge + f"{'-':>7}{'-':>7}{'-':>7}{'-':>7}{met}"
        return (
            rouge + f"{statistics.mean(self.grades):7.1f}"
            f"{100 * sum(g <= 6 for g in self.grades) / n:7.0f}"
            f"{100 * sum(g <= 9 for g in self.grades) / n:7.0f}"
            f"{statistics.mean(self.words_per_sentence):7.1f}{met}"
        )


def summaries_table(limit: int | None) -> None:
    rows = _read("cnndm_dev.jsonl", limit)
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
    columns: dict[str, _Column] = {}
    article_grades = []
    for row in rows:
        text = row["text"]
        sentences = split_sentences(text)
        # ROUGE-Lsum compares sentence by sentence: one sentence a line.
        reference = "\n".join(s.text for s in split_sentences(row["summary"]))
        article_grades.append(assess(text, sentences).scores[FK])
        for name, count in (("lead-3", 3), ("lead-6", 6)):
            columns.setdefault(name, _Column()).add(
                scorer, reference, [s.text for s in sentences[:count]]
            )
        lead_words = " ".join(s.text for s in sentences).split()
        for level in ReadingLevel:
            summary = summarise(text, sentences, level)
            column = columns.setdefault(f"ours {level.value}", _Column())
            column.add(scorer, reference, [s.text for s in summary.sentences])
            column.met.append(summary.met_target)
            # The article's opening words, as many as the summary has: what
            # the lead says in the same length, cut mid-sentence.
            same_length = lead_words[: len(summary.text.split())]
            columns.setdefault(f"lead, {level.value} words", _Column()).add(
                scorer, reference, [" ".join(same_length)]
            )
        for algorithm in Algorithm:
            if algorithm is Algorithm.LEVEL:
                continue
            summary = summarise(text, sentences, "standard", algorithm=algorithm)
            columns.setdefault(f"sumy {algorithm.value}", _Column()).add(
                scorer, reference, [s.text for s in summary.sentences]
            )
    print(
        f"CNN/DailyMail dev: {len(rows)} articles, mean article FK grade "
        f"{statistics.mean(article_grades):.1f}"
    )
    for level, target in LEVEL_TARGETS.items():
        ceiling = "article's" if target.grade_ceiling is None else f"{target.grade_ceiling:g}"
        length = (
            f"{target.min_sentences}-{target.sentences}"
            if target.min_sentences < target.sentences
            else str(target.sentences)
        )
        print(
            f"  target {level.value}: {length} sentences, FK <= {ceiling}"
            + (
                f", <= {target.max_average_words:g} words/sentence"
                if target.max_average_words
                else ""
            )
        )
    print()
    print(
        f"{'summary':<24}{'R-1':>6}{'R-2':>6}{'R-Lsum':>7}{'R-1 rec':>8}{'FK':>7}"
        f"{'%<=6':>7}{'%<=9':>7}{'w/sent':>7}{'met%':>5}"
    )
    for name, column in columns.items():
        print(column.row(name))
    _print_goals(columns, article_grades)


def _share(values: list[float], limit: float) -> float:
    return sum(v <= limit for v in values) / len(values)


def _print_goals(columns: dict[str, _Column], article_grades: list[float]) -> None:
    easy, standard, detailed = (columns[f"ours {level.value}"] for level in ReadingLevel)
    mean = statistics.mean
    goals = [
        ("standard R-1 >= lead-3", mean(standard.r1) >= mean(columns["lead-3"].r1)),
        ("standard mean FK <= 9", mean(standard.grades) <= 9),
        ("standard >= 90 % at FK <= 9", _share(standard.grades, 9) >= 0.9),
        ("easy >= 90 % at FK <= 6", _share(easy.grades, 6) >= 0.9),
        ("easy <= 15 words/sentence", mean(easy.words_per_sentence) <= 15),
        ("easy R-1 >= sumy lexrank", mean(easy.r1) >= mean(columns["sumy lexrank"].r1)),
        (
            "detailed FK <= article's (every article)",
            all(g <= a + 0.05 for g, a in zip(detailed.grades, article_grades, strict=True)),
        ),
        (
            "detailed R-1 recall >= lead-6",
            mean(detailed.r1_recall) >= mean(columns["lead-6"].r1_recall),
        ),
    ]
    print()
    for goal, held in goals:
        print(f"  {'met ' if held else 'MISS'}  {goal}")


def ordering_table(limit: int | None) -> None:
    rows = _read("onestopenglish_dev.jsonl", None)
    topics: dict[str, dict[str, str]] = {}
    for row in rows:
        topics.setdefault(row["topic"], {})[row["level"]] = row["text"]
    complete = [t for t in topics.values() if all(level in t for level in LEVELS_ORDER)]
    if limit:
        complete = complete[:limit]
    measures = ["the grade we show", "median of four", *GRADE_FORMULAS]
    correct = dict.fromkeys(measures, 0)
    pairs = 0
    for topic in complete:
        reports = {level: assess(topic[level]) for level in LEVELS_ORDER}
        grades = {
            level: {
                "the grade we show": report.grade,
                "median of four": statistics.median(report.scores[f] for f in MEDIAN_OF_FOUR),
                **{formula: report.scores[formula] for formula in GRADE_FORMULAS},
            }
            for level, report in reports.items()
        }
        for easier, harder in itertools.combinations(LEVELS_ORDER, 2):
            pairs += 1
            for measure in measures:
                if grades[easier][measure] < grades[harder][measure]:
                    correct[measure] += 1
    print(
        f"OneStopEnglish dev: {len(complete)} topics, {pairs} level pairs "
        "(elementary < intermediate < advanced); target >= 98.5 %"
    )
    for measure in measures:
        print(f"  {measure:<30}{100 * correct[measure] / pairs:6.1f} %")
    held = correct["the grade we show"] / pairs >= 0.985
    print(f"  {'met ' if held else 'MISS'}  the grade we show orders >= 98.5 % of level pairs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, help="use only the first N articles and topics")
    args = parser.parse_args()
    ensure_language_data()
    started = time.perf_counter()
    summaries_table(args.limit)
    print()
    ordering_table(args.limit)
    print(f"\nRun took {time.perf_counter() - started:.0f} s.")


if __name__ == "__main__":
    main()
