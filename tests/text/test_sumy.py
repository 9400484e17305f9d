"""sumy's algorithms are given a bounded share of a long article.

The work is counted, not timed: each test wraps the real summariser to record
the sentences and words it is handed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from access_api.text import _sumy, clean_text, split_words
from access_api.text._langdata import ensure_language_data
from access_api.text._sumy import SUMY_LIMITS
from access_api.text.summaries import Algorithm, summarise

if TYPE_CHECKING:
    from access_api.text import CleanText

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "benchmarks" / "data" / "cnndm_sample.jsonl"
SUMY = [a for a in Algorithm if a is not Algorithm.LEVEL]


@pytest.fixture(scope="module", autouse=True)
def _language_data() -> None:
    ensure_language_data()


@pytest.fixture(scope="module")
def long_article() -> CleanText:
    """199,000 characters of news: the sample articles, told again and again."""
    texts = [json.loads(line)["text"] for line in SAMPLE.read_text("utf-8").splitlines()]
    parts: list[str] = []
    copy = 0
    while sum(map(len, parts)) < 199_000:
        parts.append(f"{texts[copy % len(texts)]}\n\nThis is telling number {copy}.\n\n")
        copy += 1
    return clean_text("".join(parts)[:199_000], max_chars=200_000)


class Handed:
    """What the wrapped summariser was given, call by call."""

    def __init__(self) -> None:
        self.sentences: list[int] = []
        self.words: list[int] = []


@pytest.fixture
def handed(monkeypatch: pytest.MonkeyPatch) -> Handed:
    """Wrap every sumy summariser so that it records what it is handed, then runs."""
    seen = Handed()
    for name, real in dict(_sumy._CLASSES).items():

        class Counting(real):  # type: ignore[misc, valid-type]
            def __call__(self, document: Any, count: int) -> Any:
                body = [s for s in document.sentences if not s.is_heading]
                seen.sentences.append(len(body))
                seen.words.append(sum(len(s.words) for s in body))
                return super().__call__(document, count)

        monkeypatch.setitem(_sumy._CLASSES, name, Counting)
    return seen


@pytest.mark.parametrize("algorithm", SUMY)
def test_a_199000_character_article_gives_each_algorithm_no_more_than_its_limit(
    algorithm: Algorithm, long_article: CleanText, handed: Handed
) -> None:
    limit = SUMY_LIMITS[algorithm.value]
    assert len(long_article.sentences) > limit.sentences
    summary = summarise(long_article.text, long_article.sentences, "standard", algorithm=algorithm)
    assert len(handed.sentences) == 1
    assert handed.sentences[0] <= limit.sentences
    assert handed.words[0] <= limit.words
    assert len(summary.sentences) == 3
    assert summary.reason is not None
    assert f"{len(long_article.sentences):,} sentences" in summary.reason
    assert f"more than {algorithm.value} can rank" in summary.reason


def test_the_choice_says_how_much_the_algorithm_was_given(
    long_article: CleanText, handed: Handed
) -> None:
    choice = _sumy.sumy_select("kl", long_article.sentences, 3, None)
    assert not choice.whole
    assert choice.given == handed.sentences[0]
    assert choice.given_words == handed.words[0]
    assert choice.indexes == sorted(choice.indexes)


@pytest.mark.parametrize("algorithm", SUMY)
def test_an_article_within_the_limit_is_given_whole_and_says_nothing_of_it(
    algorithm: Algorithm, handed: Handed
) -> None:
    article = clean_text(
        json.loads(SAMPLE.read_text("utf-8").splitlines()[0])["text"], max_chars=200_000
    )
    summary = summarise(article.text, article.sentences, "standard", algorithm=algorithm)
    assert handed.sentences == [len(article.sentences)]
    assert handed.words == [sum(len(split_words(s.text)) for s in article.sentences)]
    assert summary.reason is None or "can rank" not in summary.reason


def test_long_sentences_are_bounded_by_the_word_limit(handed: Handed) -> None:
    # One 60,000-word run: the segmenter cuts it into sentences of its longest length.
    article = clean_text("word " * 60_000 + "end.", max_chars=400_000)
    limit = SUMY_LIMITS["lexrank"]
    longest = max(len(split_words(s.text)) for s in article.sentences)
    summary = summarise(article.text, article.sentences, "standard", algorithm="lexrank")
    assert 0 < handed.words[0] <= limit.words
    assert handed.sentences[0] <= limit.words // longest + 1 < limit.sentences
    assert summary.sentences
    assert summary.reason is not None
    assert "can rank" in summary.reason
