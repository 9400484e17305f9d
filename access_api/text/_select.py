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
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from operator import itemgetter
from typing import TYPE_CHECKING

import textstat
from nltk.stem.snowball import EnglishStemmer
from sumy.utils import get_stop_words

from access_api.text._compress import (
    Compressed,
    Compression,
    compress,
    is_person,
    quoted_spans,
    subject_of,
)
from access_api.text._counts import flesch_kincaid
from access_api.text._parse import parse
from access_api.text._segment import split_words
from access_api.text.readability import sentence_stats

if TYPE_CHECKING:
    from collections.abc import Sequence

    from access_api.text._model import Sentence
    from access_api.text._parse import Parsed

__all__ = ["Budget", "Selection", "balanced_quotes", "importance", "select"]

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
    keep_lead: bool = False
    """Look first for a selection that holds the article's lead (shortened if need be)."""


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
    lead_kept: bool = False
    """The selection was made around the article's lead."""
    usable: bool = True
    """False when no sentence could be used on its own and the selection is
    the article's opening as it stands."""


@dataclass(frozen=True, slots=True)
class _Unit:
    """What the search may add to a summary: one version, or a quotation with its speaker."""

    versions: tuple[Compressed, ...]
    value: float
    words: int
    syllables: int
    sentences: int
    blocked_by: frozenset[tuple[int, int]]
    takes: frozenset[tuple[int, int]]
    position: tuple[int, int]
    """Where its first version stands in the article: ``(source_index, clause)``."""
    opens: bool
    """It can open a summary: no pronoun or connective first, a subject that names."""
    needs: tuple[frozenset[str], ...]
    """For each version that leans on a pronoun: names, one of which an earlier
    sentence of the summary must hold."""
    names: frozenset[str]
    """What its versions name, with a ``#index`` tag per source sentence."""


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


def importance(sentences: Sequence[Sentence], title: str | None) -> list[float]:
    """How much each sentence matters, by position, centrality and title overlap.

    Linear in the article's words: other choosers rank candidates with it
    before work that grows faster than that.
    """
    return _importance(sentences, title, set())[0]


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
    """False for fragments and page furniture: a few words, a start in lower
    case (a broken-off piece), no closing mark (a photo caption, a heading), or
    a caption's label ("Tragic: ...", "Sleepy kid: ...")."""
    if len(text.split()) < MIN_WORDS or text[:1].islower():
        return False
    label = _LABEL.match(text)
    if label and not _SPOKEN.search(label.group(1)):
        return False
    return _CLOSED.search(text) is not None


_CLOSED = re.compile(r"[.!?…][\"”’')\]]*\s*$")
# Up to three words and a colon before a capital: how scraped pages label photos.
_LABEL = re.compile(r"^([A-Z][\w'’-]*(?: [\w'’-]+){0,2}):\s+[\"“‘']?[A-Z]")
# ... unless the words are a speaker's ("He said: ...", "Mr Smith added: ...").
_SPOKEN = re.compile(
    r"\b(?:said|says|added|told|wrote|explained|replied|asked|insisted|warned|stated|"
    r"tweeted|posted|announced|reads?|continued|concluded|he|she|they|we|i)\b",
    re.IGNORECASE,
)
# Apostrophes aside: inside a word ("don’t") or after a plural ("Farmers’ Union").
_QUOTE_MARKS = re.compile(r"[“”\"]|(?<![^\W\d_])[‘’']|(?<![sS])[‘’'](?![^\W\d_])")


def balanced_quotes(text: str) -> bool:
    """Whether every quotation mark in ``text`` is closed, apostrophes aside."""
    depth = 0
    for mark in _QUOTE_MARKS.findall(text):
        if mark in "“‘":
            depth += 1
        elif mark in "”’":
            depth -= 1
        else:
            depth += 1 if depth % 2 == 0 else -1
        if depth < 0:
            return False
    return depth == 0


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


def _quotation_groups(
    sentences: Sequence[Sentence], quoted: Sequence[tuple[int, int]]
) -> list[list[int]]:
    """Runs of sentences that one quotation spans, in order (single sentences left out)."""
    groups: list[list[int]] = []
    first = 0
    for start, end in quoted:
        while first < len(sentences) and sentences[first].end <= start:
            first += 1
        members = []
        at = first
        while at < len(sentences) and sentences[at].start < end:
            members.append(at)
            at += 1
        if len(members) > 1:
            if groups and groups[-1][-1] >= members[0]:
                groups[-1] = sorted(set(groups[-1]) | set(members))
            else:
                groups.append(members)
    return groups


class _Context:
    """The parses and compressions of the sentences a selection looks at, made once."""

    def __init__(self, text: str, sentences: Sequence[Sentence]) -> None:
        self.sentences = sentences
        self.quoted = quoted_spans(text, sentences)
        self._compressions: dict[int, Compression] = {}
        self._docs: dict[int, Parsed] = {}

    def parse(self, indexes: Sequence[int]) -> None:
        missing = [i for i in dict.fromkeys(indexes) if i not in self._docs]
        for index, doc in zip(
            missing, parse([self.sentences[i].text for i in missing]), strict=True
        ):
            self._docs[index] = doc

    def doc(self, index: int) -> Parsed:
        self.parse([index])
        return self._docs[index]

    def compression(self, index: int) -> Compression:
        found = self._compressions.get(index)
        if found is None:
            found = compress(self.sentences[index], self.doc(index), self.quoted)
            self._compressions[index] = found
        return found

    def antecedent(self, version: Compressed) -> frozenset[str]:
        """What an earlier summary sentence must name for ``version``'s pronoun to make sense.

        A demonstrative ("This was ...") points at the sentence before; a
        personal pronoun at the nearest subject before it that is not itself a
        pronoun: the first clause's, for a clause offered on its own, then the
        previous sentences' (a good approximation of what a reader takes it
        to mean). Nothing found means the pronoun cannot be placed, and the
        version is never chosen.
        """
        index, pronoun = version.source_index, version.pronoun
        if pronoun in _DEMONSTRATIVES:
            return frozenset({f"#{index - 1}"}) if index else _NOWHERE
        candidates = [index] if version.clause > 1 else []
        candidates += range(index - 1, max(-1, index - 1 - ANTECEDENT_WINDOW), -1)
        self.parse(candidates)
        personal = pronoun in _PERSONAL
        for candidate in candidates:
            if self.sentences[candidate].paragraph < self.sentences[index].paragraph - 2:
                break
            doc = self.doc(candidate)
            subject, names = subject_of(doc)
            # "He" passes over a subject that cannot be a person ("The graph shows ...").
            if subject is None and names and (not personal or is_person(names, doc)):
                return names
        return _NOWHERE


_DEMONSTRATIVES = frozenset({"this", "that", "these", "those"})
_PERSONAL = frozenset({"he", "she", "him", "her", "his", "hers"})
_NOWHERE = frozenset({"#nowhere"})
ANTECEDENT_WINDOW = 4
"""Sentences looked back through for the subject a pronoun stands for."""


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
    return _select(_context(text, tuple(sentences)), title, budget)


@lru_cache(maxsize=32)
def _context(text: str, sentences: tuple[Sentence, ...]) -> _Context:
    """One context per document: its three levels, and later requests, share the parses."""
    return _Context(text, sentences)


def _select(context: _Context, title: str | None, budget: Budget) -> Selection:
    sentences, quoted = context.sentences, context.quoted
    heavy = _quote_heavy(sentences, quoted)
    scores, bags, idf = _importance(sentences, title, heavy)
    ranked = sorted(range(len(sentences)), key=lambda i: -scores[i])
    readable = [i for i in ranked if _readable_alone(sentences[i].text)]
    size = max(CANDIDATE_SENTENCES, 2 * budget.sentences)
    pool = readable[:size]
    lead = _lead(context, readable)
    if lead is not None and lead not in pool:
        pool.append(lead)
    groups = {i: g for g in _quotation_groups(sentences, quoted) for i in g}
    members = [m for i in pool for m in groups.get(i, [i])]
    context.parse(members)
    units: list[_Unit] = []
    done: set[int] = set()
    for index in pool:
        if index in done:
            continue
        group = groups.get(index)
        if group is None and index in heavy and not context.compression(index).speaker:
            group = [index]
        if group is None:
            done.add(index)
            units += _sentence_units(context, index, scores, bags, idf, budget)
            continue
        done.update(group)
        if not any(context.compression(i).speaker for i in group):
            # A quotation with no speaker of its own is said by the one named
            # just before it; alone it would read as the summary's own claim.
            speaker = _speaking_neighbour(context, group, groups)
            if speaker is None:
                continue
            group = sorted({*group, speaker})
        units += _group_units(context, group, scores, bags, idf, budget)
    units.sort(key=lambda u: u.position)
    seeds = [u for u in units if lead is not None and u.position[0] == lead and u.opens]
    found = _search(units, budget, _penalties(units, bags, idf), seeds if budget.keep_lead else [])
    return found if found.units else _opening(context, budget)


def _opening(context: _Context, budget: Budget) -> Selection:
    """The article's first sentences as they stand, when none can be used on its own.

    Only for texts with no sentence a summary could use (one endless line,
    captions only): the reader still gets where the text starts, and the
    summary says why it is not a summary.
    """
    count = min(budget.min_sentences, len(context.sentences))
    units = tuple(Compressed(s.index, 0, 0, s.text, ()) for s in context.sentences[:count])
    words, syllables, counted = _counts(" ".join(u.text for u in units))
    grade = flesch_kincaid(words, syllables, counted)
    return Selection(units, grade, words / max(count, 1), False, 0.0, usable=False)


def _lead(context: _Context, readable: Sequence[int]) -> int | None:
    """The first sentence that can open a summary: the article's lead."""
    for index in sorted(readable)[:LEAD_SENTENCES]:
        compression = context.compression(index)
        if compression.run_on or compression.fragment:
            continue
        if any(_opens(v) for v in compression.versions):
            return index
    return None


def _speaking_neighbour(
    context: _Context, group: Sequence[int], groups: dict[int, list[int]]
) -> int | None:
    """The sentence that names a quotation's speaker: the one before it, or
    the next in its paragraph ("'...' Mr Cooper added.")."""
    sentences = context.sentences
    before, after = group[0] - 1, group[-1] + 1
    candidates = [before] if before >= 0 else []
    if after < len(sentences) and sentences[after].paragraph == sentences[group[-1]].paragraph:
        candidates.append(after)
    for other in candidates:
        if other not in groups and context.compression(other).speaker:
            return other
    return None


def _opens(version: Compressed) -> bool:
    return version.opens_with is None and version.pronoun is None


def _sentence_units(
    context: _Context,
    index: int,
    scores: Sequence[float],
    bags: Sequence[Counter[str]],
    idf: dict[str, float],
    budget: Budget,
) -> list[_Unit]:
    compression = context.compression(index)
    if compression.run_on or compression.fragment:
        return []
    if not balanced_quotes(context.sentences[index].text):
        return []
    units = []
    for version in compression.versions:
        if version.opens_with == "connective" or not balanced_quotes(version.text):
            continue
        # A whole sentence excludes every other version of it; a clause
        # excludes the whole sentence and other versions of the same clause.
        whole, anything = (index, 0), (index, -1)
        if version.clause:
            part = (index, version.clause)
            blocked_by, takes = frozenset((whole, part)), frozenset((anything, part))
        else:
            blocked_by, takes = frozenset((anything,)), frozenset((anything, whole))
        units.append(_unit((version,), context, scores, bags, idf, budget, blocked_by, takes))
    return units


def _group_units(
    context: _Context,
    group: Sequence[int],
    scores: Sequence[float],
    bags: Sequence[Counter[str]],
    idf: dict[str, float],
    budget: Budget,
) -> list[_Unit]:
    """A quotation over several sentences, whole, with the sentence that names its speaker.

    Each member is taken whole or at one strength (no clause of it alone, which
    could part a quotation from its speaker).
    """
    compressions = [context.compression(i) for i in group]
    if any(c.run_on for c in compressions) or not any(c.speaker for c in compressions):
        return []
    if compressions[0].fragment:
        return []
    if len(group) > MAX_QUOTATION_SENTENCES:
        return []
    joined = " ".join(context.sentences[i].text for i in group)
    if not balanced_quotes(joined):
        return []  # a quotation that runs on into the next paragraph
    taken = frozenset((i, -1) for i in group) | frozenset((i, 0) for i in group)
    units = []
    seen: set[tuple[str, ...]] = set()
    for strength in range(5):
        versions = tuple(
            max(
                (v for v in c.versions if not v.clause and v.strength <= strength),
                key=lambda v: v.strength,
            )
            for c in compressions
        )
        key = tuple(v.text for v in versions)
        if key in seen or versions[0].opens_with == "connective":
            continue
        seen.add(key)
        units.append(_unit(versions, context, scores, bags, idf, budget, taken, taken))
    return units


MAX_QUOTATION_SENTENCES = 4
"""Longest quotation offered, in sentences, with its speaker's."""


def _unit(
    versions: tuple[Compressed, ...],
    context: _Context,
    scores: Sequence[float],
    bags: Sequence[Counter[str]],
    idf: dict[str, float],
    budget: Budget,
    blocked_by: frozenset[tuple[int, int]],
    takes: frozenset[tuple[int, int]],
) -> _Unit:
    value = 0.0
    words = syllables = counted = 0
    needs = []
    names: set[str] = set()
    for version in versions:
        index = version.source_index
        source_weight = sum(c * idf[t] for t, c in bags[index].items()) or 1.0
        kept = Counter(_terms(version.text))
        weight = sum(min(c, bags[index][t]) * idf.get(t, 0.0) for t, c in kept.items())
        version_value = scores[index] * (weight / source_weight) ** RETENTION_EXPONENT
        w, s, n = _counts(version.text)
        # A summary whose average meets the level but mixes in a much harder
        # sentence is not one a reader at the level can read.
        own_grade = flesch_kincaid(w, s, max(n, 1))
        value += version_value - UNIT_GRADE_PENALTY * max(0.0, own_grade - budget.grade_ceiling)
        words, syllables, counted = words + w, syllables + s, counted + max(n, 1)
        if version.pronoun is not None and not (names & context.antecedent(version)):
            needs.append(context.antecedent(version))
        names |= version.names | {f"#{index}"}
    first = versions[0]
    return _Unit(
        versions,
        value,
        words,
        syllables,
        counted,
        blocked_by,
        takes,
        (first.source_index, first.clause),
        _opens(first),
        tuple(needs),
        frozenset(names),
    )


def _penalties(
    units: list[_Unit], bags: Sequence[Counter[str]], idf: dict[str, float]
) -> list[list[float]]:
    """``penalty[u][v]``: the redundancy of unit ``v`` next to unit ``u``.

    Versions of one sentence never count against each other (they exclude each
    other anyway). Computed once per selection, so the search only adds numbers.
    """
    sources = sorted({v.source_index for u in units for v in u.versions})
    by_source: dict[int, dict[int, float]] = {a: {} for a in sources}
    for i, a in enumerate(sources):
        by_source[a][a] = 0.0
        for b in sources[i + 1 :]:
            excess = _cosine(bags[a], bags[b], idf) - REDUNDANCY_FLOOR
            by_source[a][b] = by_source[b][a] = REDUNDANCY_WEIGHT * max(0.0, excess)
    return [
        [
            sum(by_source[x.source_index][y.source_index] for x in u.versions for y in v.versions)
            for v in units
        ]
        for u in units
    ]


@dataclass(frozen=True, slots=True)
class _State:
    chosen: tuple[int, ...]
    """Units in article order."""
    value: float
    words: int
    syllables: int
    sentences: int
    taken: frozenset[tuple[int, int]]
    size: int
    """Summary sentences: versions, not units (a quotation holds several)."""
    named: frozenset[str]
    """What the chosen units name, for the pronouns of later ones."""

    def grade(self) -> float:
        return flesch_kincaid(self.words, self.syllables, self.sentences)


_EMPTY = _State((), 0.0, 0, 0, 0, frozenset(), 0, frozenset())


def _search(
    units: list[_Unit], budget: Budget, penalty: list[list[float]], seeds: list[_Unit]
) -> Selection:
    misses: list[Selection] = []
    lead_first = [[units.index(seed) for seed in seeds]] if seeds else []
    # The lead first, when the level keeps it; then any opening.
    for start in [*lead_first, None]:
        # A second search that puts fitting the budget far above importance finds
        # the selections that fit when the first search's beam let them go.
        for excess_weight in (EXCESS_WEIGHT, RETRY_EXCESS_WEIGHT):
            by_size: dict[int, list[_State]] = {}
            for state in _beams(units, budget, penalty, excess_weight, start):
                by_size.setdefault(state.size, []).append(state)
            if not by_size:
                continue
            # Counts add up over sentences except where textstat's sentence
            # splitter reads a join differently, so the grade is checked on the
            # joined text.
            fewest = min(budget.min_sentences, max(by_size))
            for size in sorted((n for n in by_size if n >= fewest), reverse=True):
                ranked = sorted(by_size[size], key=lambda s: (_excess(s, budget) > 0.0, -s.value))
                for state in ranked:
                    selection = _checked(units, state, budget, lead_kept=start is not None)
                    if selection.fits:
                        return selection
                    misses.append(selection)
    if not misses:
        return Selection((), 0.0, 0.0, False, 0.0)
    # Nothing fits: come as close as the article allows, then keep the most
    # news among the selections that are about as close.
    most = max(len(m.units) for m in misses)
    misses = [m for m in misses if len(m.units) >= min(budget.min_sentences, most)]
    closest = min(_miss(m, budget) for m in misses)
    near = [m for m in misses if _miss(m, budget) <= closest + budget.slack]
    return max(near, key=lambda m: (m.lead_kept, m.value))


def _excess(state: _State, budget: Budget) -> float:
    over = max(0.0, state.grade() - budget.grade_ceiling)
    if budget.max_average_words is not None and state.size:
        # One word too many per sentence costs about as much as 0.4 grade,
        # the weight Flesch-Kincaid gives sentence length.
        over += 0.4 * max(0.0, state.words / state.size - budget.max_average_words)
    return over


def _beams(
    units: list[_Unit],
    budget: Budget,
    penalty: list[list[float]],
    excess_weight: float,
    start: list[int] | None,
) -> list[_State]:
    """Every state the beam kept: selections of up to ``budget.sentences`` sentences.

    Selections grow in article order, so that each can be checked as a text
    while it grows: the first unit must be able to open a summary, and a unit
    whose pronoun needs a referent may only follow one that names it.
    ``start``, when given, holds the units every selection must begin with.
    """
    if start is not None:
        beam = [_grow(_EMPTY, units[n], n, units[n].value) for n in start]
        added = [list(penalty[n]) for n in start]
    else:
        beam, added = [_EMPTY], [[0.0] * len(units)]
    kept_states = [s for s in beam if s.chosen]
    wanted = budget.sentences
    # Each step costs about beam x units x length; long summaries get a
    # narrower beam (down to greedy) so that time stays bounded.
    width = max(1, min(BEAM_WIDTH, SEARCH_WORK // max(1, len(units) * wanted * wanted)))
    # The first search ranks partial selections that fit by importance alone;
    # if that found nothing, the second also prefers the ones with room to
    # spare, which a ranking on excess alone cannot tell apart.
    headroom = RETRY_HEADROOM if excess_weight >= RETRY_EXCESS_WEIGHT else 0.0
    ceiling, most_words = budget.grade_ceiling, budget.max_average_words
    lengths = [len(u.versions) for u in units]
    for _ in range(wanted):
        # Candidates are ranked as plain numbers; only the survivors become states.
        grown: list[tuple[float, int, int, float]] = []
        for parent, (state, redundancy) in enumerate(zip(beam, added, strict=True)):
            after = state.chosen[-1] + 1 if state.chosen else 0
            for number in range(after, len(units)):
                unit = units[number]
                size = state.size + lengths[number]
                if size > wanted or not unit.blocked_by.isdisjoint(state.taken):
                    continue
                if not state.chosen and not unit.opens:
                    continue
                if unit.needs and any(not (need & state.named) for need in unit.needs):
                    continue
                value = state.value + unit.value - redundancy[number]
                words = state.words + unit.words
                # The same sums as _State.grade() and _excess(), inlined:
                # this loop is the summariser's hot path.
                grade = flesch_kincaid(
                    words, state.syllables + unit.syllables, state.sentences + unit.sentences
                )
                over = max(0.0, grade - ceiling)
                if most_words is not None:
                    over += 0.4 * max(0.0, words / size - most_words)
                rank = value - excess_weight * over - headroom * grade
                grown.append((rank, parent, number, value))
        if not grown:
            break
        grown.sort(key=itemgetter(0), reverse=True)
        kept = grown[:width]
        beam = [
            _grow(beam[parent], units[number], number, value) for _, parent, number, value in kept
        ]
        added = [
            [a + b for a, b in zip(added[parent], penalty[number], strict=True)]
            for _, parent, number, _ in kept
        ]
        kept_states += beam
    return kept_states


def _grow(state: _State, unit: _Unit, number: int, value: float) -> _State:
    return _State(
        (*state.chosen, number),
        value,
        state.words + unit.words,
        state.syllables + unit.syllables,
        state.sentences + unit.sentences,
        state.taken | unit.takes,
        state.size + len(unit.versions),
        state.named | unit.names,
    )


def _checked(units: list[_Unit], state: _State, budget: Budget, *, lead_kept: bool) -> Selection:
    chosen = tuple(v for n in state.chosen for v in units[n].versions)
    words, syllables, counted = _counts(" ".join(v.text for v in chosen))
    grade = flesch_kincaid(words, syllables, counted)
    average = words / len(chosen) if chosen else 0.0
    fits = grade <= budget.grade_ceiling and (
        budget.max_average_words is None or average <= budget.max_average_words
    )
    return Selection(chosen, grade, average, fits, state.value, lead_kept)


def _miss(selection: Selection, budget: Budget) -> float:
    """How far a selection misses its budget, in grades."""
    over = max(0.0, selection.grade - budget.grade_ceiling)
    if budget.max_average_words is not None:
        over += 0.4 * max(0.0, selection.average_words - budget.max_average_words)
    return over
