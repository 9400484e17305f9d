"""textstat's counts, computed once per text and shared by every formula.

Each textstat formula re-derives what it needs from the raw text, and its
per-word syllable cache holds only 128 words, so scoring one article with nine
formulas counts the same syllables several times over. Here the words are
listed once, each distinct word's syllables are counted once (in a large
cache), and the formulas are evaluated from those shared counts.

The rules are textstat's own, line for line (textstat 0.7.x, English): the same
punctuation stripping, word splitting, sentence regex, CMU dictionary with
Pyphen fallback, and Dale-Chall easy-word list. ``tests/text/test_readability.py``
proves the results equal textstat's on real articles.

Beside them, :func:`zipf`: how common a word is in everyday English, from the
word lists the ``wordfreq`` package ships (no download), for the hard words a
reader is shown.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from textstat.backend import metrics
from textstat.backend.utils import get_cmudict, get_lang_easy_words, get_pyphen
from wordfreq import get_frequency_dict

from access_api.text._langdata import ensure_language_data

__all__ = [
    "TextCounts",
    "count_text",
    "flesch_kincaid",
    "formula_scores",
    "is_easy",
    "is_hard",
    "syllables",
    "word_list",
    "zipf",
]

_LANG = "en_US"
_NONCONTRACTION_APOSTROPHE = re.compile(r"'(?!(?:[tsd]|ve|ll|re))")
_PUNCTUATION_BUT_APOSTROPHE = re.compile(r"[^\w\s']")
_SPACE = re.compile(r"\s")
_NON_WORD_CHAR = re.compile(r"\W")
_TEXTSTAT_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")
# textstat's threshold for "polysyllable" and for Gunning fog's hard words.
_HARD_SYLLABLES = 3


def word_list(text: str) -> list[str]:
    """The words of ``text`` exactly as textstat lists them (punctuation removed)."""
    text = _NONCONTRACTION_APOSTROPHE.sub("", text)
    return _PUNCTUATION_BUT_APOSTROPHE.sub("", text).split()


@lru_cache(maxsize=1)
def _load_lexicon() -> tuple[dict[str, list[list[str]]], object, frozenset[str]]:
    # textstat would download the CMU dictionary if NLTK lacked it.
    ensure_language_data()
    cmu = get_cmudict(_LANG)
    assert cmu is not None
    return cmu, get_pyphen(_LANG), frozenset(get_lang_easy_words(_LANG))


_LEXICON_LOCK = threading.Lock()


def _lexicon() -> tuple[dict[str, list[list[str]]], object, frozenset[str]]:
    # lru_cache lets threads that miss at the same time each load the lists
    # (seconds and ~100 MB apiece on a cold server under load); one does.
    with _LEXICON_LOCK:
        return _load_lexicon()


@lru_cache(maxsize=200_000)
def _word_syllables(word: str) -> int:
    cmu, pyphen, _ = _lexicon()
    try:
        phones = cmu[word][0]
    except (TypeError, IndexError, KeyError):
        return len(pyphen.positions(word)) + 1  # type: ignore[attr-defined]
    return sum(1 for p in phones if p[-1].isdigit())


@lru_cache(maxsize=200_000)
def syllables(word: str) -> int:
    """Syllables in one textstat word, as ``textstat.syllable_count(word)`` counts them."""
    return sum(_word_syllables(w) for w in word_list(word.lower()))


def is_easy(word: str) -> bool:
    """True when ``word`` is on the Dale-Chall list of words most 4th-graders know."""
    return word.lower() in _lexicon()[2]


def is_hard(word: str) -> bool:
    """textstat's "difficult word" at three syllables: not easy and 3+ syllables."""
    return not is_easy(word) and syllables(word) >= _HARD_SYLLABLES


_FREQUENCIES_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _load_frequencies() -> dict[str, float]:
    return dict(get_frequency_dict("en", wordlist="small"))


def _frequencies() -> dict[str, float]:
    # One thread loads the list; the others wait for it rather than load their own.
    with _FREQUENCIES_LOCK:
        return _load_frequencies()


def zipf(word: str) -> float:
    """How common one word is in English on the Zipf scale: 3 is once in a million words.

    From wordfreq's small English list (29,000 words, down to Zipf 3; rarer
    ones are 0.0), read once into a dictionary: a lookup, not wordfreq's own
    tokenising ``zipf_frequency``, which made hard words nine tenths of the
    time of a readability report. ``word`` is one word, lower case.

        >>> zipf("video") > 5 > zipf("harrowing") > 3 > zipf("reexamination")
        True
    """
    frequency = _frequencies().get(word, 0.0)
    return round(math.log10(frequency) + 9, 2) if frequency else 0.0


@dataclass(frozen=True, slots=True)
class TextCounts:
    """Everything textstat's formulas need to know about one text."""

    words: int
    raw_words: int
    """Whitespace-separated tokens, punctuation included (for ARI)."""
    sentences: int
    """textstat's sentence count, not the segmenter's."""
    syllables: int
    letters: int
    chars: int
    polysyllables: int
    hard_words: int
    """Not easy and 3+ syllables (Gunning fog)."""
    not_easy_words: int
    """Not on the easy-word list at all (Dale-Chall)."""


def _textstat_sentences(text: str) -> int:
    if not text:
        return 0
    found = _TEXTSTAT_SENTENCE.findall(text)
    short = sum(1 for s in found if len(word_list(s)) <= 2)
    return max(1, len(found) - short)


def count_text(text: str) -> TextCounts:
    """Count ``text`` once, the way textstat counts it."""
    words = word_list(text)
    total_syllables = 0
    poly = hard = not_easy = 0
    # Each distinct word is looked at once, however often it occurs.
    for word, times in Counter(words).items():
        total_syllables += _word_syllables(word.lower()) * times
        easy = is_easy(word)
        if syllables(word) >= _HARD_SYLLABLES:
            poly += times
            if not easy:
                hard += times
        if not easy:
            not_easy += times
    return TextCounts(
        words=len(words),
        raw_words=len(text.split()),
        sentences=_textstat_sentences(text),
        syllables=total_syllables,
        letters=len(_NON_WORD_CHAR.sub("", text)),
        chars=len(_SPACE.sub("", text)),
        polysyllables=poly,
        hard_words=hard,
        not_easy_words=not_easy,
    )


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def flesch_kincaid(words: int, syllables: int, sentences: int) -> float:
    """The Flesch-Kincaid grade from counts, as textstat computes it.

    The one place the formula is written: the readability report, each
    sentence's grade and the summariser's search all use it.

        >>> round(flesch_kincaid(words=20, syllables=30, sentences=2), 2)
        6.01
    """
    if not words or not sentences:
        return 0.0
    return (0.39 * (words / sentences)) + (11.8 * (syllables / words)) - 15.59


def _text_standard(scores: dict[str, float]) -> float:
    """textstat's consensus grade: the most common of each formula's nearby grades."""
    grades: list[int] = []

    def near(score: float) -> None:
        grades.extend([math.floor(score), math.ceil(score), round(score)])

    near(scores["flesch_kincaid_grade"])
    ease = scores["flesch_reading_ease"]
    bands = ((90, [5]), (80, [6]), (70, [7]), (60, [8, 9]), (50, [10]), (40, [11]), (30, [12]))
    for floor_, band in bands:
        if floor_ <= ease < 100:
            grades.extend(band)
            break
    else:
        grades.append(13)
    for name in (
        "smog_index",
        "coleman_liau_index",
        "automated_readability_index",
        "dale_chall_readability_score",
        "linsear_write_formula",
        "gunning_fog",
    ):
        near(scores[name])
    consensus = float(Counter(grades).most_common(1)[0][0])
    return max(1.0, min(consensus, 18.0))


def formula_scores(text: str, counts: TextCounts) -> dict[str, float]:
    """Every formula textstat would give ``text``, from its shared ``counts``."""
    c = counts
    wps = _ratio(c.words, c.sentences)
    spw = _ratio(c.syllables, c.words)
    scores: dict[str, float] = {}
    if wps == 0 or spw == 0:
        scores["flesch_reading_ease"] = 0.0
        scores["flesch_kincaid_grade"] = 0.0
    else:
        scores["flesch_reading_ease"] = 206.835 - 1.015 * wps - 84.6 * spw
        scores["flesch_kincaid_grade"] = flesch_kincaid(c.words, c.syllables, c.sentences)
    scores["gunning_fog"] = 0.4 * (wps + 100 * c.hard_words / c.words) if c.words else 0.0
    scores["smog_index"] = (
        (1.043 * (30 * (c.polysyllables / c.sentences)) ** 0.5) + 3.1291 if c.sentences else 0.0
    )
    letters = _ratio(c.letters, c.words) * 100
    per_word = _ratio(c.sentences, c.words) * 100
    scores["coleman_liau_index"] = (
        0.0 if letters == 0 or per_word == 0 else 0.058 * letters - 0.296 * per_word - 15.8
    )
    chars_per_word = _ratio(c.chars, c.raw_words)
    scores["automated_readability_index"] = (
        0.0 if chars_per_word == 0 or wps == 0 else 4.71 * chars_per_word + 0.5 * wps - 21.43
    )
    if c.words:
        pct = 100 * c.not_easy_words / c.words
        dale_chall = 0.1579 * pct + 0.0496 * wps + (3.6365 if pct > 5 else 0.0)
    else:
        dale_chall = 0.0
    scores["dale_chall_readability_score"] = dale_chall
    # Linsear Write reads only the first 100 words, so textstat is cheap here.
    scores["linsear_write_formula"] = float(
        metrics.linsear_write_formula(text, _LANG, strict_lower=False, strict_upper=True)
    )
    scores["text_standard"] = _text_standard(scores)
    return scores
