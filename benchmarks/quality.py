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

Then how our summaries read, per level, beside the numbers above:

* "shortened": summary sentences that lost words, and "whole %": the share of
  them that a grammar parser independent of ours finds as whole as their
  source. The judge is Link Grammar (Carnegie Mellon's grammar-based parser,
  Debian's ``python3-link-grammar``; not a dependency of the project): a
  shortened sentence is whole when the parser needs no more null links (words
  it cannot fit into a grammatical parse) for it than for the sentence it came
  from. Without the package the column says so;
* "lost attr.": dropped fragments that are a speaker without what was said
  ("Smith said", "she told the BBC", "according to police"): a claim whose
  speaker was cut away;
* "opens": summaries whose first sentence starts with a pronoun or a
  connective; "no ref.": later sentences that start with a pronoun when
  nothing before them in the summary names anyone from the article sentences
  that led up to it;
* "quotes": summaries with unbalanced quotation marks; "furniture": sentences
  that look like page furniture (no closing mark, photo-caption markers such
  as "(pictured)", video or link prompts).

These checks are written here, apart from the summariser's own rules, so that
they can catch what the rules miss.

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
import contextlib
import itertools
import json
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from rouge_score import rouge_scorer
from sumy.utils import get_stop_words

from access_api.text import clean_text, ensure_language_data, split_sentences
from access_api.text.readability import GRADE_FORMULAS, assess
from access_api.text.summaries import LEVEL_TARGETS, Algorithm, ReadingLevel, summarise

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
LEVELS_ORDER = ("elementary", "intermediate", "advanced")
FK = "flesch_kincaid_grade"
MEDIAN_OF_FOUR = (FK, "gunning_fog", "smog_index", "automated_readability_index")
# Debian installs Link Grammar's Python module for the system's Python 3.
LINK_GRAMMAR_PATH = "/usr/lib/python3/dist-packages"
OPENING_PRONOUN = re.compile(
    r"^[“\"‘']?(?:he|she|it|they|his|her|its|their|them|him|this|these|those|we|i|you)\b",
    re.IGNORECASE,
)
OPENING_CONNECTIVE = re.compile(
    r"^[“\"‘']?(?:and|but|so|yet|or|however|meanwhile|moreover|also|still|instead|"
    r"furthermore|nevertheless|indeed|then|thus|therefore|in addition|as a result)\b",
    re.IGNORECASE,
)
# A dropped speaker with nothing of what was said: "Smith said", "said Trooper
# James Schmidt of the State Patrol", "she told the BBC", "according to police".
ATTRIBUTION = re.compile(
    r"^(?:(?:and|but|so)\s+)?(?:\S+\s+){0,5}(?:said|says|told|added|claimed|stated|insisted|"
    r"revealed|explained|warned|admitted|reported|wrote)"
    r"(?:\s+(?:the|a|an|of|on|in|at|last|this|reporters|police|yesterday|today|"
    r"[A-Z][\w'’.-]*))*$|^according to\b",
)
NAME = re.compile(r"\b[A-Z][a-z]+(?:['’][a-z]+)?")
NOT_NAMES = frozenset(get_stop_words("english"))
FURNITURE = re.compile(
    r"\((?:pictured|left|right|centre|center|above|below|inset|top|bottom)[^)]*\)|"
    r"scroll down|click here|read more|published:|updated:|^by \.",
    re.IGNORECASE,
)
CLOSED = re.compile(r"[.!?…][\"”’')\]]*$")
APOSTROPHE = re.compile(r"(?<=[^\W\d_])[’'](?=[^\W\d_])|(?<=s)[’'](?=\s)")


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
    reading: dict[str, _Reading] = {}
    article_grades = []
    for row in rows:
        # As the service reads an article: cleaned first (furniture out).
        content = clean_text(row["text"], max_chars=1_000_000)
        text, sentences = content.text, list(content.sentences)
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
            reading.setdefault(level.value, _Reading()).add(summary, sentences)
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
    _print_reading(reading)


class _Judge:
    """Link Grammar's verdict on a sentence: how many words it cannot fit (null links)."""

    def __init__(self) -> None:
        self.available = False
        with contextlib.suppress(ImportError):
            if LINK_GRAMMAR_PATH not in sys.path:
                sys.path.append(LINK_GRAMMAR_PATH)
            import linkgrammar  # type: ignore[import-not-found]

            self._lg: Any = linkgrammar
            self._dictionary = linkgrammar.Dictionary("en")
            self._options = linkgrammar.ParseOptions(
                min_null_count=0, max_null_count=6, max_parse_time=2, linkage_limit=1, verbosity=0
            )
            self.available = True
        self._seen: dict[str, int] = {}

    def nulls(self, sentence: str) -> int:
        if sentence not in self._seen:
            parsed = self._lg.Sentence(sentence, self._dictionary, self._options)
            try:
                linkages = parsed.parse()
                self._seen[sentence] = parsed.null_count() if len(linkages) else TOO_HARD
            except self._lg.LG_TimerExhausted:
                self._seen[sentence] = TOO_HARD  # too long to judge: no verdict against it
        return self._seen[sentence]


_JUDGE: _Judge | None = None
TOO_HARD = 99
"""Null links recorded for a sentence the judge gives up on."""


def _judge() -> _Judge:
    global _JUDGE
    if _JUDGE is None:
        _JUDGE = _Judge()
    return _JUDGE


def _names(text: str) -> set[str]:
    """Capitalised words that are not common words: names, roughly."""
    return {w.split("’")[0].split("'")[0] for w in NAME.findall(text)} - {
        w.capitalize() for w in NOT_NAMES
    }


def _balanced(text: str) -> bool:
    """Every opening quotation mark closed, whichever closing mark the writer used."""
    text = APOSTROPHE.sub("", text)
    opened = 0
    for position, mark in enumerate(text):
        if mark not in "“”‘’\"'":
            continue
        before = text[position - 1] if position else " "
        opening = mark in "“‘" or (mark in "\"'" and not before.strip())
        opened += 1 if opening else -1
        if opened < 0:
            return False
    return opened == 0


class _Reading:
    """How one level's summaries read, by checks of their own."""

    def __init__(self) -> None:
        self.summaries = 0
        self.sentences = 0
        self.shortened = 0
        self.whole = 0
        self.lost_attributions = 0
        self.opens_badly = 0
        self.no_referent = 0
        self.unbalanced = 0
        self.furniture = 0
        self.examples: list[str] = []

    def add(self, summary: Any, sentences: list[Any]) -> None:
        self.summaries += 1
        picked = summary.sentences
        self.sentences += len(picked)
        judge = _judge()
        for sentence in picked:
            if sentence.text != sentence.original:
                self.shortened += 1
                if judge.available:
                    if judge.nulls(sentence.text) <= judge.nulls(sentence.original):
                        self.whole += 1
                    elif len(self.examples) < 8:
                        self.examples.append(sentence.text)
            self.lost_attributions += sum(
                1 for fragment in sentence.dropped if ATTRIBUTION.match(fragment.strip(" .,"))
            )
            if FURNITURE.search(sentence.text) or not CLOSED.search(sentence.text):
                self.furniture += 1
        if picked and (
            OPENING_PRONOUN.match(picked[0].text) or OPENING_CONNECTIVE.match(picked[0].text)
        ):
            self.opens_badly += 1
        for position, sentence in enumerate(picked[1:], start=1):
            if OPENING_PRONOUN.match(sentence.text) and not self._named_before(
                picked[:position], sentence.source_index, sentences
            ):
                self.no_referent += 1
        if not _balanced(summary.text):
            self.unbalanced += 1

    @staticmethod
    def _named_before(earlier: list[Any], index: int, sentences: list[Any]) -> bool:
        """Whether an earlier summary sentence names someone from the sentences leading up."""
        said = " ".join(s.text for s in earlier)
        for back in range(index, max(-1, index - 4), -1):
            if any(s.source_index == back for s in earlier):
                return True  # the sentence before, or an earlier clause of the same one
            if _names(sentences[back].text) & _names(said):
                return True
        return False

    def row(self, name: str) -> str:
        whole = f"{100 * self.whole / self.shortened:8.1f}" if self.shortened else f"{'-':>8}"
        if not _judge().available:
            whole = f"{'n/a':>8}"
        return (
            f"{name:<12}{self.summaries:>6}{self.sentences:>7}{self.shortened:>7}{whole}"
            f"{self.lost_attributions:>7}{100 * self.opens_badly / self.summaries:>8.1f}"
            f"{self.no_referent:>7}{self.unbalanced:>7}{self.furniture:>7}"
        )


def _print_reading(reading: dict[str, _Reading]) -> None:
    print()
    print("How the summaries read (see the module's docs for each check):")
    print(
        f"{'level':<12}{'sums':>6}{'sents':>7}{'short.':>7}{'whole %':>8}{'lost':>7}"
        f"{'opens %':>8}{'no ref':>7}{'quotes':>7}{'furn.':>7}"
    )
    for name, row in reading.items():
        print(row.row(name))
    if not _judge().available:
        print("  (Link Grammar is not installed: apt-get install python3-link-grammar)")
    for name, row in reading.items():
        for example in row.examples[:4]:
            print(f"  judged broken ({name}): {example}")


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
