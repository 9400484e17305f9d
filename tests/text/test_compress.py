from __future__ import annotations

from access_api.text._compress import compress, quoted_spans
from access_api.text._segment import split_sentences


def _versions(text: str) -> list[str]:
    sentences = split_sentences(text)
    quoted = quoted_spans(text, sentences)
    return [v.text for v in compress(sentences[0], quoted)]


def test_the_untouched_sentence_comes_first() -> None:
    text = "However, the council (which met on Monday) agreed the plan, Smith said."
    assert _versions(text)[0] == text


def test_attribution_tail_and_leading_connective_are_dropped() -> None:
    versions = _versions("However, the council agreed the plan on Monday, Smith said.")
    assert "The council agreed the plan on Monday." in versions


def test_parentheses_and_appositives_are_dropped() -> None:
    versions = _versions(
        "Jess Phillips, a member of Parliament, said the inquiry (due in May) would be thorough."
    )
    assert "Jess Phillips said the inquiry would be thorough." in versions


def test_a_relative_clause_in_the_middle_keeps_the_main_verb() -> None:
    versions = _versions(
        "Phillips, who serves as the Safeguarding Minister, expressed her desire for change."
    )
    assert "Phillips expressed her desire for change." in versions
    assert all("expressed" in v for v in versions)


def test_nothing_inside_quotation_marks_is_deleted() -> None:
    text = "He said: “However, the plan (as agreed) stays, Smith said.” Then he left."
    sentences = split_sentences(text)
    quoted = quoted_spans(text, sentences)
    for version in compress(sentences[0], quoted):
        assert "“However, the plan (as agreed) stays, Smith said.”" in version.text


def test_a_quotation_left_open_runs_on_into_the_next_sentence() -> None:
    text = "‘It was a hard year. But we kept going, the team said. And we won.’ She smiled."
    sentences = split_sentences(text)
    spans = quoted_spans(text, sentences)
    assert spans == [(0, text.index("’ She") + 1)]
    for sentence in sentences[:3]:
        assert [v.text for v in compress(sentence, spans)] == [sentence.text]


def test_apostrophes_do_not_open_quotations() -> None:
    text = "The players’ union didn’t agree, and the club’s chairman left, Smith said."
    sentences = split_sentences(text)
    assert quoted_spans(text, sentences) == []


def test_semicolon_clauses_are_offered_on_their_own() -> None:
    versions = _versions(
        "The storm closed three roads on Monday; two schools sent pupils home early."
    )
    assert "The storm closed three roads on Monday." in versions
    assert "Two schools sent pupils home early." in versions


def test_clauses_joined_by_a_conjunction_are_offered_on_their_own() -> None:
    text = "Police arrested the man on Monday, and he was charged with murder on Tuesday."
    sentences = split_sentences(text)
    versions = compress(sentences[0], quoted_spans(text, sentences))
    clauses = {v.text: v.dropped for v in versions if v.clause}
    assert clauses == {
        "Police arrested the man on Monday.": ("and he was charged with murder on Tuesday.",),
        "He was charged with murder on Tuesday.": ("Police arrested the man on Monday, and",),
    }


def test_a_bare_but_before_a_subject_splits_too() -> None:
    versions = _versions(
        "Fans were filmed playing the imaginary drums but one woman always turned heads."
    )
    assert "Fans were filmed playing the imaginary drums." in versions
    assert "One woman always turned heads." in versions


def test_lists_and_phrases_after_and_are_not_split() -> None:
    for text in (
        # no verb after "and": one phrase, not two clauses
        "He met the president of the republic and the prime minister of France on Monday.",
        # the end of a list, whose verb belongs to every name in it
        "Vinay Sharma, Akshay Thakur, Pawan Gupta, and Mukesh Singh were all sentenced.",
        # "the men and the women" without a comma is one subject
        "The men who built the bridge and the women who paid for it were all thanked.",
    ):
        sentences = split_sentences(text)
        versions = compress(sentences[0], quoted_spans(text, sentences))
        assert not [v.text for v in versions if v.clause], text


def test_no_clause_is_cut_out_of_a_quotation() -> None:
    text = "She told the rally: 'We will fight on, and they will lose the war in the end.'"
    sentences = split_sentences(text)
    versions = compress(sentences[0], quoted_spans(text, sentences))
    assert versions
    assert not [v.text for v in versions if v.clause]


def test_every_version_lists_what_it_dropped() -> None:
    text = "And the council agreed the plan on Monday, according to the local paper."
    sentences = split_sentences(text)
    versions = compress(sentences[0], quoted_spans(text, sentences))
    shortest = min(versions, key=lambda v: len(v.text))
    assert shortest.text == "The council agreed the plan on Monday."
    assert shortest.dropped == ("And", "according to the local paper")
