from __future__ import annotations

import pytest

from access_api.text._segment import MAX_SENTENCE_WORDS, split_sentences, split_words


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


@pytest.mark.parametrize(
    "text",
    [
        "The U.S. economy grew by 4.2 percent last year.",
        "Dr. Jones and Mr. Smith met Mrs. Brown at the station.",
        "Bring a coat, e.g. a raincoat, i.e. something waterproof.",
        "The meeting starts at 10 a.m. on Monday.",
        "See case No. 5 for the details.",
        "The novel by J. K. Rowling sold millions of copies.",
        'He said "Stop. Now." and left.',
        "He said “Stop. Now.” and left.",
        '"Stop!" she shouted at the driver.',
    ],
)
def test_one_sentence_with_abbreviations_decimals_or_quotes_stays_whole(text: str) -> None:
    assert texts(text) == [text]


def test_sentence_ending_inside_closing_quotes_keeps_the_quote() -> None:
    assert texts("She said, “It works.” He nodded.") == ["She said, “It works.”", "He nodded."]
    assert texts('She said, "It works." He nodded.') == ['She said, "It works."', "He nodded."]


def test_quotation_starting_a_sentence_keeps_its_own_sentences() -> None:
    assert texts('"We are happy. We will win," he said.') == [
        '"We are happy.',
        'We will win," he said.',
    ]


def test_ellipsis_and_mixed_marks_end_sentences() -> None:
    assert texts("Wait... what? Yes! Fine.") == ["Wait... what?", "Yes!", "Fine."]


def test_offsets_and_paragraphs_match_the_clean_text() -> None:
    clean = "A headline\n\nFirst paragraph here. It has two sentences.\nA second one!"
    sentences = split_sentences(clean)

    assert [(s.text, s.paragraph, s.index) for s in sentences] == [
        ("A headline", 0, 0),
        ("First paragraph here.", 1, 1),
        ("It has two sentences.", 1, 2),
        ("A second one!", 2, 3),
    ]
    assert all(clean[s.start : s.end] == s.text for s in sentences)


def test_blank_text_has_no_sentences() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\n \n") == []


def test_over_long_sentence_is_cut_at_commas_into_bounded_pieces() -> None:
    clause = "the river rose slowly over the old stone bridge"
    text = ", ".join([clause] * 40) + "."
    sentences = split_sentences(text)

    assert len(sentences) > 1
    assert all(len(s.text.split()) <= MAX_SENTENCE_WORDS for s in sentences)
    assert all(s.text.endswith((",", ".")) for s in sentences)
    assert " ".join(s.text for s in sentences) == text


def test_text_without_punctuation_is_cut_every_max_words() -> None:
    text = " ".join(["word"] * 10_000)
    sentences = split_sentences(text)

    assert len(sentences) == -(-10_000 // MAX_SENTENCE_WORDS)
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_split_words_drops_punctuation_but_keeps_word_inner_marks() -> None:
    assert split_words("Don't re-use it: 4.2 “well-known” ideas, (again)!") == [
        "Don't",
        "re-use",
        "it",
        "4.2",
        "well-known",
        "ideas",
        "again",
    ]


def test_over_long_sentence_after_others_keeps_its_words_in_place() -> None:
    long_one = " ".join(f"w{i}" for i in range(200)) + "."
    text = f"A short opening sentence. {long_one} A short closing sentence."
    sentences = split_sentences(text)

    assert sentences[0].text == "A short opening sentence."
    assert sentences[-1].text == "A short closing sentence."
    assert " ".join(s.text for s in sentences[1:-1]) == long_one
    assert all(text[s.start : s.end] == s.text for s in sentences)
