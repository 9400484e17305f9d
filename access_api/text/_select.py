"""The level-aware selection: important sentences a reader at the level can read.

Every sentence gets an importance from four signals:

* **position**: news puts the news first, so the prior falls with the
  sentence's place, ``1 / (1 + index / POSITION_SCALE)``;
* **centrality**: TF-IDF cosine between the sentence and the whole article
  (stemmed, stop words removed), the signal LexRank builds on, scaled so the
  most central sentence has 1;
* **closeness to the lead**: TF-IDF cosine between the sentence and the first
  ``LEAD_SENTENCES`` sentences together, scaled the same way. The lead states
  the news but is often too hard for a level; a later sentence that tells the
  same news in plainer words is what an easier summary should take instead;
* **title overlap**: the share of the title's content words the sentence
  holds, when there is a title.

A sentence that is mostly quotation, or begins inside one, keeps only part of
its importance; fragments (a few words, or a lower-case start) are left out.

Each sentence is offered as it stands and in its compressed versions (see
:mod:`access_api.text._compress`); a version keeps its sentence's importance
times the square root of the share of TF-IDF weight it keeps, less a little
for each grade the version alone is above the ceiling (so that an easy
average is not bought with one hard sentence and two trivial ones). A beam
search then picks the set of versions with the most importance, less a
redundancy penalty for pairs of similar sentences, whose Flesch-Kincaid grade
and average sentence length fit the budget. The grade is predicted from
textstat's own word, syllable and sentence counts, which add up over
sentences, and checked on the joined text at the end.

If the search finds nothing that fits, a second one puts fitting far above
importance and also prefers partial selections with grades to spare. When
nothing fits even then, the selection comes as close as the article allows: with
fewer sentences if the budget allows that, and otherwise the most important
selection within ``slack`` grades of the closest one.

The parameters below were set by reasoning about news and readers, not fitted:
on the development data the results change by less than one ROUGE point over
wide ranges of each (position scale 1-4, centrality weight 0.2-1.2,
redundancy weight 0-3, beam width 40-100). The lead weight is the centrality
weight; on the development data, with weights 0.6-1.2 and leads of 3-5
sentences, easy and standard gain 0.3-1.2 ROUGE-1 points and detailed moves
by less than half a point.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from operator import itemgetter
from typing import TYPE_CHECKING

import textstat
from nltk.stem.snowball import EnglishStemmer
from sumy.utils import get_stop_words

from access_api.text._compress import Compressed, compress, quoted_spans
from access_api.text._counts import flesch_kincaid
from access_api.text._segment import split_words
from access_api.text.readability import sentence_stats

if TYPE_CHECKING:
    from collections.abc import Sequence

    from access_api.text._model import Sentence

__all__ = ["Budget", "Selection", "select"]

POSITION_SCALE = 2.0
"""Sentences after which the position prior has halved: the lead carries the news."""
CENTRALITY_WEIGHT = 0.6
"""Weight of centrality against a position prior of 1 for the first sentence."""
TITLE_WEIGHT = 0.6
"""Weight of title overlap, as for centrality."""
REDUNDANCY_WEIGHT = 1.0
"""Importance lost per unit of similarity above the floor, for each similar pair."""
REDUNDANCY_FLOOR = 0.3
"""Cosine similarity above which two chosen sentences are penalised as repetitive."""
RETENTION_EXPONENT = 0.5
"""How much a compressed version loses for the weight of the words it drops (0: nothing)."""
LEAD_WEIGHT = 0.6
"""Weight of closeness to the lead, as for centrality."""
LEAD_SENTENCES = 3
"""Sentences that make up the lead: the classic three-sentence news lead."""
UNIT_GRADE_PENALTY = 0.05
"""Importance lost per grade a single sentence is above the ceiling."""
QUOTE_FACTOR = 0.3
"""Share of its importance kept by a sentence that is mostly quotation or begins
inside one: out of context it reads as if the summary said it, and a summary
should report the news rather than quote it."""
QUOTED_SHARE = 0.5
"""Share of a sentence's characters inside quotation marks above which it is "mostly quotation"."""
EXCESS_WEIGHT = 3.0
"""Importance a partial selection gives up per grade over budget, while searching."""
RETRY_EXCESS_WEIGHT = 100.0
"""The same, in the second search made when the first finds nothing that fits."""
RETRY_HEADROOM = 1.0
"""Importance the second search gives up per grade a partial selection is above
the ceiling, and gains per grade below it, so that it keeps room for the
sentences still to come."""
BEAM_WIDTH = 40
"""Partial selections kept at each step of the search."""
SEARCH_WORK = 2_000_000
"""Bound on beam width x candidate versions x length squared, for long summaries."""
CANDIDATE_SENTENCES = 30
"""Most important sentences considered (or twice the length asked for, if more);
bounds the search on long articles."""
MIN_WORDS = 5
"""Shorter sentences are usually captions, bylines or fragments."""


@dataclass(frozen=True, slots=True)
class Budget:
    """What a selection must fit."""

    sentences: int
    grade_ceiling: float
    max_average_words: float | None
    min_sentences: int
    """Fewest sentences to fall back to when ``sentences`` cannot meet the grade."""
    slack: float
    """When nothing fits: grades above the closest selection worth giving up for more news."""


@dataclass(frozen=True, slots=True)
class Selection:
    """The chosen versions, in article order, and how well they fit the budget."""

    units: tuple[Compressed, ...]
    grade: float
    average_words: float
    fits: bool
    """True when both the grade ceiling and the average length are met."""
    value: float
    """The importance the selection carries, less redundancy."""


@dataclass(frozen=True, slots=True)
class _Unit:
    version: Compressed
    value: float
    words: int
    syllables: int
    sentences: int
    blocked_by: frozenset[tuple[int, int]]
    takes: frozenset[tuple[int, int]]


_STEMMER = EnglishStemmer()


@lru_cache(maxsize=65_536)
def _stem(word: str) -> str:
    return str(_STEMMER.stem(word))


@cache
def _stop_words() -> frozenset[str]:
    return frozenset(get_stop_words("english"))


def _terms(text: str) -> list[str]:
    stop = _stop_words()
    return [_stem(word) for word in (w.lower() for w in split_words(text)) if word not in stop]


def _counts(text: str) -> tuple[int, int, int]:
    """Words, syllables and sentences of ``text``, as textstat counts them."""
    words, syllables, _ = sentence_stats(text)
    return words, syllables, int(textstat.sentence_count(text))


def _norm(bag: Counter[str], idf: dict[str, float]) -> float:
    return math.sqrt(sum((count * idf[term]) ** 2 for term, count in bag.items()))


def _cosine(
    a: Counter[str], b: Counter[str], idf: dict[str, float], norm_b: float | None = None
) -> float:
    dot = sum(count * b[term] * idf[term] ** 2 for term, count in a.items() if term in b)
    if not dot:
        return 0.0
    return dot / (_norm(a, idf) * (_norm(b, idf) if norm_b is None else norm_b))


def _importance(
    sentences: Sequence[Sentence], title: str | None, quote_heavy: set[int]
) -> tuple[list[float], list[Counter[str]], dict[str, float]]:
    bags = [Counter(_terms(s.text)) for s in sentences]
    count = len(sentences)
    document_frequency: Counter[str] = Counter()
    for bag in bags:
        document_frequency.update(bag.keys())
    idf = {term: math.log((1 + count) / (1 + df)) + 1.0 for term, df in document_frequency.items()}
    whole: Counter[str] = Counter()
    for bag in bags:
        whole.update(bag)
    whole_norm = _norm(whole, idf)
    centrality = [_cosine(bag, whole, idf, whole_norm) for bag in bags]
    top = max(centrality, default=0.0) or 1.0
    lead: Counter[str] = Counter()
    for bag in bags[:LEAD_SENTENCES]:
        lead.update(bag)
    lead_norm = _norm(lead, idf)
    to_lead = [_cosine(bag, lead, idf, lead_norm) if lead_norm else 0.0 for bag in bags]
    lead_top = max(to_lead, default=0.0) or 1.0
    title_terms = set(_terms(title)) if title else set()
    scores = []
    for index, bag in enumerate(bags):
        score = 1.0 / (1.0 + index / POSITION_SCALE)
        score += CENTRALITY_WEIGHT * centrality[index] / top
        score += LEAD_WEIGHT * to_lead[index] / lead_top
        if title_terms:
            score += TITLE_WEIGHT * len(title_terms & bag.keys()) / len(title_terms)
        if index in quote_heavy:
            score *= QUOTE_FACTOR
        scores.append(score)
    return scores, bags, idf


def _readable_alone(text: str) -> bool:
    """False for fragments: a few words, or a start in lower case (a broken-off piece)."""
    return len(text.split()) >= MIN_WORDS and not text[:1].islower()


def _quote_heavy(sentences: Sequence[Sentence], quoted: Sequence[tuple[int, int]]) -> set[int]:
    """Sentences that begin inside a quotation opened before them, or are mostly quotation."""
    found = set()
    first = 0  # both are in text order: skip the quotations that end before a sentence
    for sentence in sentences:
        while first < len(quoted) and quoted[first][1] <= sentence.start:
            first += 1
        inside = 0
        at = first
        while at < len(quoted) and quoted[at][0] < sentence.end:
            start, end = quoted[at]
            if start < sentence.start:
                found.add(sentence.index)
            inside += min(end, sentence.end) - max(start, sentence.start)
            at += 1
        if inside > QUOTED_SHARE * (sentence.end - sentence.start):
            found.add(sentence.index)
    return found


def select(
    text: str, sentences: Sequence[Sentence], title: str | None, budget: Budget
) -> Selection:
    """Choose what to say at a reading level.

    Args:
        text: the clean text.
        sentences: its sentences.
        title: the article's title, if known.
        budget: how many sentences, and the grade and length they must fit.

    Returns:
        The most important selection that fits; when none fits, one that
        comes close (see the module's docs), with ``fits`` false.
    """
    quoted = quoted_spans(text, sentences)
    scores, bags, idf = _importance(sentences, title, _quote_heavy(sentences, quoted))
    ranked = sorted(range(len(sentences)), key=lambda i: -scores[i])
    pool = [i for i in ranked if _readable_alone(sentences[i].text)]
    size = max(CANDIDATE_SENTENCES, 2 * budget.sentences)
    pool = pool[:size] or ranked[:size]
    units = []
    for index in pool:
        source_weight = sum(c * idf[t] for t, c in bags[index].items()) or 1.0
        for version in compress(sentences[index], quoted):
            kept = Counter(_terms(version.text))
            weight = sum(min(c, bags[index][t]) * idf.get(t, 0.0) for t, c in kept.items())
            value = scores[index] * (weight / source_weight) ** RETENTION_EXPONENT
            words, syllables, counted = _counts(version.text)
            # A summary whose average meets the level but mixes in a much
            # harder sentence is not one a reader at the level can read.
            own_grade = flesch_kincaid(words, syllables, max(counted, 1))
            value -= UNIT_GRADE_PENALTY * max(0.0, own_grade - budget.grade_ceiling)
            # A whole sentence excludes every other version of it; a clause
            # excludes the whole sentence and other versions of the same clause.
            whole, anything = (index, 0), (index, -1)
            if version.clause:
                part = (index, version.clause)
                blocked_by, takes = frozenset((whole, part)), frozenset((anything, part))
            else:
                blocked_by, takes = frozenset((anything,)), frozenset((anything, whole))
            units.append(
                _Unit(version, value, words, syllables, max(counted, 1), blocked_by, takes)
            )
    return _search(units, budget, _penalties(units, bags, idf))


def _penalties(
    units: list[_Unit], bags: Sequence[Counter[str]], idf: dict[str, float]
) -> list[list[float]]:
    """``penalty[u][v]``: the redundancy of unit ``v`` next to unit ``u``.

    Versions of one sentence never count against each other (they exclude each
    other anyway). Computed once per selection, so the search only adds numbers.
    """
    sources = sorted({u.version.source_index for u in units})
    by_source: dict[int, dict[int, float]] = {a: {} for a in sources}
    for i, a in enumerate(sources):
        by_source[a][a] = 0.0
        for b in sources[i + 1 :]:
            excess = _cosine(bags[a], bags[b], idf) - REDUNDANCY_FLOOR
            by_source[a][b] = by_source[b][a] = REDUNDANCY_WEIGHT * max(0.0, excess)
    return [
        [by_source[u.version.source_index][v.version.source_index] for v in units] for u in units
    ]


@dataclass(frozen=True, slots=True)
class _State:
    chosen: tuple[int, ...]
    value: float
    words: int
    syllables: int
    sentences: int
    taken: frozenset[tuple[int, int]]

    def grade(self) -> float:
        return flesch_kincaid(self.words, self.syllables, self.sentences)

    def average_words(self) -> float:
        return self.words / len(self.chosen) if self.chosen else 0.0

    def excess(self, budget: Budget) -> float:
        over = max(0.0, self.grade() - budget.grade_ceiling)
        if budget.max_average_words is not None:
            # One word too many per sentence costs about as much as 0.4 grade,
            # the weight Flesch-Kincaid gives sentence length.
            over += 0.4 * max(0.0, self.average_words() - budget.max_average_words)
        return over


def _search(units: list[_Unit], budget: Budget, penalty: list[list[float]]) -> Selection:
    misses: list[Selection] = []
    # A second search that puts fitting the budget far above importance finds
    # the selections that fit when the first search's beam let them go.
    for excess_weight in (EXCESS_WEIGHT, RETRY_EXCESS_WEIGHT):
        beams = _beams(units, budget, penalty, excess_weight)
        # Counts add up over sentences except where textstat's sentence splitter
        # reads a join differently, so the grade is checked on the joined text.
        for length in range(len(beams) - 1, 0, -1):
            if length < min(budget.min_sentences, len(beams) - 1):
                break
            ranked = sorted(beams[length], key=lambda s: (s.excess(budget) > 0.0, -s.value))
            for state in ranked:
                selection = _checked(units, state, budget)
                if selection.fits:
                    return selection
                misses.append(selection)
    if not misses:
        return Selection((), 0.0, 0.0, False, 0.0)
    # Nothing fits: come as close as the article allows, then keep the most
    # news among the selections that are about as close.
    closest = min(_miss(m, budget) for m in misses)
    near = [m for m in misses if _miss(m, budget) <= closest + budget.slack]
    return max(near, key=lambda m: m.value)


def _beams(
    units: list[_Unit],
    budget: Budget,
    penalty: list[list[float]],
    excess_weight: float,
) -> list[list[_State]]:
    """The beam after each step: ``beams[n]`` holds selections of ``n`` versions."""
    beam = [_State((), 0.0, 0, 0, 0, frozenset())]
    # Beside each state of the beam, the redundancy every unit would add to it.
    added = [[0.0] * len(units)]
    beams = [beam]
    wanted = min(budget.sentences, len({u.version.source_index for u in units}))
    # Each step costs about beam x units x length; long summaries get a
    # narrower beam (down to greedy) so that time stays bounded.
    width = max(1, min(BEAM_WIDTH, SEARCH_WORK // max(1, len(units) * wanted * wanted)))
    # The first search ranks partial selections that fit by importance alone;
    # if that found nothing, the second also prefers the ones with room to
    # spare, which a ranking on excess alone cannot tell apart.
    headroom = RETRY_HEADROOM if excess_weight >= RETRY_EXCESS_WEIGHT else 0.0
    ceiling, most_words = budget.grade_ceiling, budget.max_average_words
    for _ in range(wanted):
        seen: set[frozenset[int]] = set()
        # Candidates are ranked as plain numbers; only the survivors become states.
        grown: list[tuple[float, int, int, float, int, int, int]] = []
        for parent, (state, redundancy) in enumerate(zip(beam, added, strict=True)):
            size = len(state.chosen) + 1
            for number, unit in enumerate(units):
                if not unit.blocked_by.isdisjoint(state.taken):
                    continue
                key = frozenset((*state.chosen, number))
                if key in seen:
                    continue
                seen.add(key)
                value = state.value + unit.value - redundancy[number]
                words = state.words + unit.words
                syllables = state.syllables + unit.syllables
                sentences = state.sentences + unit.sentences
                # The same sums as _State.grade() and _State.excess(), inlined:
                # this loop is the summariser's hot path.
                grade = flesch_kincaid(words, syllables, sentences)
                over = max(0.0, grade - ceiling)
                if most_words is not None:
                    over += 0.4 * max(0.0, words / size - most_words)
                rank = value - excess_weight * over - headroom * grade
                grown.append((rank, parent, number, value, words, syllables, sentences))
        if not grown:
            break
        grown.sort(key=itemgetter(0), reverse=True)
        kept = grown[:width]
        beam = [
            _State(
                (*beam[parent].chosen, number),
                value,
                words,
                syllables,
                sentences,
                beam[parent].taken | units[number].takes,
            )
            for _, parent, number, value, words, syllables, sentences in kept
        ]
        added = [
            [a + b for a, b in zip(added[parent], penalty[number], strict=True)]
            for _, parent, number, *_ in kept
        ]
        beams.append(beam)
    return beams


def _checked(units: list[_Unit], state: _State, budget: Budget) -> Selection:
    chosen = tuple(
        sorted((units[n].version for n in state.chosen), key=lambda v: (v.source_index, v.clause))
    )
    words, syllables, counted = _counts(" ".join(v.text for v in chosen))
    grade = flesch_kincaid(words, syllables, counted)
    average = words / len(chosen) if chosen else 0.0
    fits = grade <= budget.grade_ceiling and (
        budget.max_average_words is None or average <= budget.max_average_words
    )
    return Selection(chosen, grade, average, fits, state.value)


def _miss(selection: Selection, budget: Budget) -> float:
    """How far a selection misses its budget, in grades."""
    over = max(0.0, selection.grade - budget.grade_ceiling)
    if budget.max_average_words is not None:
        over += 0.4 * max(0.0, selection.average_words - budget.max_average_words)
    return over
