from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from access_api.errors import EmptyText, UnknownChoice
from access_api.text import clean_text
from access_api.text._compress import quoted_spans
from access_api.text._langdata import ensure_language_data
from access_api.text._segment import split_sentences, split_words
from access_api.text._select import balanced_quotes
from access_api.text.readability import assess
from access_api.text.summaries import (
    LEVEL_TARGETS,
    Algorithm,
    ReadingLevel,
    Summary,
    summarise,
)

if TYPE_CHECKING:
    from access_api.text._model import Sentence

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_fb8d5ec5391621b1.txt"
SAMPLE = ROOT / "benchmarks" / "data" / "cnndm_sample.jsonl"
# The full development set, beside the project where it is checked out with its
# shared data (as in CI); the five-article sample above is always there.
DEV_SET = ROOT.parent / "shared" / "eval" / "cnndm_dev.jsonl"
# Quotations as a reader sees them: the words between a pair of marks.
QUOTATION = re.compile(r"“[^“”]+”|\"[^\"]+\"|(?<![\w’'])‘[^‘]+?’(?![\w’'])")


@pytest.fixture(scope="module", autouse=True)
def _language_data() -> None:
    ensure_language_data()


def _seed() -> str:
    text = SEED.read_text(encoding="utf-8")
    # The page's cookie notice; cleaning removes it before summaries are made.
    return text[: text.index("At Reach and across our entities")].strip()


def _articles() -> list[str]:
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    if DEV_SET.is_file():
        lines += DEV_SET.read_text(encoding="utf-8").splitlines()
    return [_seed(), *dict.fromkeys(json.loads(line)["text"] for line in lines)]


def _is_word_subsequence(short: str, long: str) -> bool:
    words = iter(w.lower() for w in split_words(long))
    return all(any(w == x for x in words) for w in (w.lower() for w in split_words(short)))


def _summaries() -> list[tuple[str, list[Sentence], Summary]]:
    found = []
    for raw in _articles():
        # As the service reads them: cleaned first.
        content = clean_text(raw, max_chars=1_000_000)
        text, sentences = content.text, list(content.sentences)
        for level in ReadingLevel:
            found.append((text, sentences, summarise(text, sentences, level)))
    return found


@pytest.fixture(scope="module")
def summaries() -> list[tuple[str, list[Sentence], Summary]]:
    return _summaries()


def test_every_summary_sentence_is_a_word_subsequence_of_its_source(
    summaries: list[tuple[str, list[Sentence], Summary]],
) -> None:
    for _, sentences, summary in summaries:
        for sentence in summary.sentences:
            source = sentences[sentence.source_index]
            assert sentence.original == source.text
            assert _is_word_subsequence(sentence.text, source.text), sentence


def test_faithfulness_is_checked_on_the_whole_dev_set(
    summaries: list[tuple[str, list[Sentence], Summary]],
) -> None:
    if not DEV_SET.is_file():
        pytest.skip(
            f"the development set is not beside the project ({DEV_SET.name}): "
            "faithfulness was checked on the seed and the five-article sample only"
        )
    articles = {text for text, _, _ in summaries}
    assert len(articles) > 100
    assert {summary.level for _, _, summary in summaries} == set(ReadingLevel)


def test_summary_sentences_point_at_their_source_in_the_clean_text(
    summaries: list[tuple[str, list[Sentence], Summary]],
) -> None:
    for text, _, summary in summaries:
        for sentence in summary.sentences:
            assert text[sentence.start : sentence.end] == sentence.original


def test_dropped_fragments_are_the_words_that_were_deleted(
    summaries: list[tuple[str, list[Sentence], Summary]],
) -> None:
    for _, _, summary in summaries:
        for sentence in summary.sentences:
            kept = len(split_words(sentence.text))
            dropped = sum(len(split_words(fragment)) for fragment in sentence.dropped)
            assert kept + dropped == len(split_words(sentence.original))


def test_quotations_are_never_shortened(
    summaries: list[tuple[str, list[Sentence], Summary]],
) -> None:
    checked = 0
    for _, _, summary in summaries:
        for sentence in summary.sentences:
            for quotation in QUOTATION.findall(sentence.original):
                # Kept whole, or left out whole with the clause that holds it.
                kept = quotation in sentence.text
                left_out = any(quotation in fragment for fragment in sentence.dropped)
                assert kept or left_out, (quotation, sentence.text)
                checked += kept
    assert checked > 0


OPENING = re.compile(
    r"^[“\"‘']?(?:he|she|it|they|his|her|its|their|them|him|this|these|those|we|i|you|"
    r"and|but|so|yet|or|however|meanwhile|moreover|also|still|instead|then|thus)\b",
    re.IGNORECASE,
)
# A speaker with nothing reported after it: "Smith said", "said Trooper James
# Schmidt of the State Patrol", "she told the BBC on Monday", "according to X".
ATTRIBUTION_ALONE = re.compile(
    r"^(?:\S+\s+){0,5}(?:said|says|told|added|claimed|stated|insisted|revealed)"
    r"(?:\s+(?:the|a|an|of|on|in|at|last|this|reporters|police|yesterday|today|"
    r"[A-Z][\w'’.-]*))*$|^according to\b"
)
FURNITURE = re.compile(
    r"\((?:left|right|centre|center)\)|scroll down for video|click here|watch the video:",
    re.IGNORECASE,
)


def test_every_summary_opens_with_neither_a_pronoun_nor_a_connective(
    summaries: list[tuple[str, list[Sentence], Summary]],
) -> None:
    for _, _, summary in summaries:
        assert summary.sentences
        assert not OPENING.match(summary.sentences[0].text), summary.text


def test_no_summary_has_unbalanced_quotation_marks(
    summaries: list[tuple[str, list[Sentence], Summary]],
) -> None:
    for _, _, summary in summaries:
        assert balanced_quotes(summary.text), summary.text


def test_a_quotation_over_several_sentences_comes_whole_with_its_speaker_or_not_at_all(
    summaries: list[tuple[str, list[Sentence], Summary]],
) -> None:
    checked = 0
    for text, sentences, summary in summaries:
        chosen = {s.source_index for s in summary.sentences}
        for start, end in quoted_spans(text, sentences):
            inside = {s.index for s in sentences if s.start < end and s.end > start}
            if len(inside) < 2 or not inside & chosen:
                continue
            checked += 1
            assert inside <= chosen, summary.text
            speakers = inside | {min(inside) - 1, max(inside) + 1}
            assert any(
                re.search(
                    r"\b(?:say|said|says|told|added|asked|wrote|explained|stated|insisted|claimed|"
                    r"warned|admitted|posted|tweeted|replied|revealed|according)\b|:",
                    s.text,
                )
                for s in summary.sentences
                if s.source_index in speakers
            ), summary.text
    assert checked > 0


def test_no_speaker_is_ever_cut_away(
    summaries: list[tuple[str, list[Sentence], Summary]],
) -> None:
    for _, _, summary in summaries:
        for sentence in summary.sentences:
            for fragment in sentence.dropped:
                assert not ATTRIBUTION_ALONE.match(fragment.strip(" .")), (fragment, sentence)


def test_captions_and_page_furniture_never_reach_a_summary(
    summaries: list[tuple[str, list[Sentence], Summary]],
) -> None:
    for _, _, summary in summaries:
        for sentence in summary.sentences:
            assert not FURNITURE.search(sentence.text), sentence.text
            assert re.search(r"[.!?…][\"”’')\]]*$", sentence.text), sentence.text


def test_the_seeds_summaries_are_whole_sentences_about_jess_phillips() -> None:
    text = _seed()
    sentences = split_sentences(text)
    for level in ReadingLevel:
        summary = summarise(text, sentences, level)
        assert "Phillips" in summary.sentences[0].text, summary.text
        assert "in public positions." not in summary.text
        assert balanced_quotes(summary.text)
        for sentence in summary.sentences:
            assert (
                not sentence.text.endswith("”")
                or "“" in sentence.text
                or any("“" in other.text for other in summary.sentences)
            )


def test_the_easy_summary_keeps_the_lead_shortened_when_it_can() -> None:
    text = (
        "Firefighters rescued a family of four from a burning house in Leeds on Monday night, "
        "after neighbours heard the smoke alarm and called for help. "
        "The fire started in the kitchen. Nobody was badly hurt. "
        "The family's cat also escaped. The house will need a new roof. "
        "Fire officers said the alarm saved their lives. Neighbours brought food and blankets."
    )
    summary = summarise(text, split_sentences(text), "easy")
    assert summary.met_target
    assert summary.sentences[0].source_index == 0
    assert summary.sentences[0].text.startswith("Firefighters rescued a family of four")
    assert summary.reason is None


def test_a_summary_that_misses_its_level_without_the_lead_says_it_starts_further_in() -> None:
    # The seed's lead is too hard for easy even shortened, and easy is missed
    # anyway: the reader must still be told why the story's opening is not there.
    text = _seed()
    summary = summarise(text, split_sentences(text), "easy")
    assert not summary.met_target
    assert all(s.source_index != 0 for s in summary.sentences)
    assert summary.reason is not None
    assert "starts further in" in summary.reason


def test_summary_sentences_keep_article_order(
    summaries: list[tuple[str, list[Sentence], Summary]],
) -> None:
    for _, _, summary in summaries:
        indexes = [(s.source_index, s.start) for s in summary.sentences]
        assert indexes == sorted(indexes)
        assert summary.text == " ".join(s.text for s in summary.sentences)


def test_the_three_levels_differ_and_get_no_easier_towards_detailed() -> None:
    text = _seed()
    sentences = split_sentences(text)
    by_level = {level: summarise(text, sentences, level) for level in ReadingLevel}
    assert len({s.text for s in by_level.values()}) == 3
    grades = [by_level[level].readability.scores["flesch_kincaid_grade"] for level in ReadingLevel]
    assert grades == sorted(grades)
    article = assess(text, sentences).scores["flesch_kincaid_grade"]
    assert grades[0] <= article - 3


def test_easy_summaries_of_news_meet_their_target_or_say_why() -> None:
    for text in _articles():
        summary = summarise(text, split_sentences(text), ReadingLevel.EASY)
        if summary.met_target:
            # The only thing a summary that meets its target may still say:
            # that it had to leave the article's opening out.
            assert summary.reason is None or "opening sentence" in summary.reason
            assert summary.readability.scores["flesch_kincaid_grade"] <= 6.0
        else:
            assert summary.reason
            assert "grade" in summary.reason or "words" in summary.reason


def test_summaries_report_their_target_and_length() -> None:
    text = _seed()
    summary = summarise(text, split_sentences(text), "standard")
    assert summary.level is ReadingLevel.STANDARD
    assert summary.algorithm is Algorithm.LEVEL
    assert summary.target_grade == LEVEL_TARGETS[ReadingLevel.STANDARD].grade_ceiling
    assert summary.target_sentences == 3
    assert len(summary.sentences) == 3


def test_detailed_aims_no_higher_than_the_article() -> None:
    text = _seed()
    sentences = split_sentences(text)
    summary = summarise(text, sentences, "detailed")
    article = assess(text, sentences).scores["flesch_kincaid_grade"]
    assert summary.target_grade == round(article, 1)
    assert len(summary.sentences) == 6


@pytest.mark.parametrize("algorithm", [a for a in Algorithm if a is not Algorithm.LEVEL])
def test_each_sumy_algorithm_works_offline_on_our_sentences(algorithm: Algorithm) -> None:
    text = _seed()
    sentences = split_sentences(text)
    summary = summarise(text, sentences, "standard", algorithm=algorithm)
    assert summary.algorithm is algorithm
    assert len(summary.sentences) == 3
    for sentence in summary.sentences:
        assert sentence.text == sentences[sentence.source_index].text
        assert sentence.dropped == []
    assert [s.source_index for s in summary.sentences] == sorted(
        s.source_index for s in summary.sentences
    )


def test_edmundson_uses_the_title_when_there_is_one() -> None:
    text = _seed()
    sentences = split_sentences(text)
    summary = summarise(
        text, sentences, "standard", algorithm="edmundson", title="South Yorkshire Police"
    )
    assert any("South Yorkshire Police" in s.text for s in summary.sentences)


def test_sentence_count_overrides_the_level_length() -> None:
    text = _seed()
    sentences = split_sentences(text)
    for algorithm in (Algorithm.LEVEL, Algorithm.LEXRANK):
        summary = summarise(text, sentences, "standard", algorithm=algorithm, sentence_count=5)
        assert len(summary.sentences) == 5
        assert summary.target_sentences == 5


def test_unknown_level_is_refused_with_the_choices() -> None:
    text = _seed()
    with pytest.raises(UnknownChoice) as caught:
        summarise(text, split_sentences(text), "simple")
    assert "easy, standard, detailed" in str(caught.value)


def test_unknown_algorithm_is_refused_with_the_choices() -> None:
    text = _seed()
    with pytest.raises(UnknownChoice) as caught:
        summarise(text, split_sentences(text), "easy", algorithm="bart")
    assert "lexrank" in str(caught.value)


def test_a_text_shorter_than_the_summary_is_returned_whole_with_the_reason() -> None:
    text = "The council voted to close the old library on Monday. A new one opens in May."
    summary = summarise(text, split_sentences(text), "detailed")
    assert [s.source_index for s in summary.sentences] == [0, 1]
    assert not summary.met_target
    assert summary.reason is not None
    assert "only 2 sentences" in summary.reason


def test_an_empty_text_is_an_error() -> None:
    with pytest.raises(EmptyText):
        summarise("", [], "easy")


def test_a_plain_retelling_of_the_lead_is_preferred_to_easy_filler() -> None:
    text = (
        "The municipal authorities announced yesterday that the historic suspension bridge "
        "connecting the northern and southern districts will be permanently closed following "
        "an extensive engineering inspection. Commuters expressed considerable frustration "
        "regarding the anticipated disruption to transportation. Alternative arrangements, "
        "including supplementary ferry services, are being evaluated by regional officials. "
        "The weather was warm and dry all week. Kids played in the park on Sunday. "
        "A new cafe opened on the high street. The town band played on Friday night. "
        "The old bridge will close for good after a safety check. "
        "Many shops were busy on Saturday."
    )
    summary = summarise(text, split_sentences(text), "standard")
    assert summary.met_target
    assert "The old bridge will close for good after a safety check." in summary.text
