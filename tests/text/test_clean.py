from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from access_api.errors import EmptyText, OnlyBoilerplate, TextTooLong, UnreadableText
from access_api.text._clean import boilerplate_reason, clean_plain, decode_bytes
from access_api.text._segment import split_sentences

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_fb8d5ec5391621b1.txt"
CNNDM = ROOT.parent / "shared" / "eval" / "cnndm_dev.jsonl"


def clean(text: str, max_chars: int = 100_000) -> str:
    return clean_plain(text, max_chars=max_chars)[0]


def test_seed_article_loses_its_cookie_notice_and_broken_link_fragment() -> None:
    text, removed, _ = clean_plain(SEED.read_text(encoding="utf-8"), max_chars=100_000)

    assert text.endswith("investments in technology to combat abuse.")
    assert "cookies" not in text
    assert "<a" not in text
    reasons = [r.reason for r in removed]
    assert reasons.count("cookie notice") == 4
    assert reasons.count("stray HTML") == 1
    assert any("Do Not Sell or Share my Data" in r.text for r in removed)


def test_news_articles_keep_every_sentence_but_page_furniture() -> None:
    if not CNNDM.is_file():
        pytest.skip(f"shared evaluation data not found at {CNNDM}")
    furniture = {
        "video prompt": re.compile(r"(?i)(scroll down for videos?|watch the video:?)"),
        "dateline": re.compile(r"(?:[A-Z][\w.]*,? ){0,3}\(CNN\)"),
        # A photo caption carries a marker of where its subject stands.
        "photo caption": re.compile(
            r"(?is).*\((?:[a-z ]*)(?:left|right|centre|center|file (?:photo|picture|image))\).*"
        ),
    }
    seen = set()
    for line in CNNDM.read_text(encoding="utf-8").splitlines():
        _, removed, _ = clean_plain(json.loads(line)["text"], max_chars=1_000_000)
        for piece in removed:
            assert furniture[piece.reason].fullmatch(piece.text), piece
            seen.add(piece.reason)
    assert seen == set(furniture)


def test_mis_encoded_text_is_repaired_and_the_repair_reported() -> None:
    text, removed, sentences = clean_plain(
        "The deal is worth Â£60m, the Ministerâ€™s office said. It closes in May.",
        max_chars=10_000,
    )
    assert text == "The deal is worth £60m, the Minister’s office said. It closes in May."
    assert [r.text for r in removed] == ["Â£60m,", "Ministerâ€™s"]
    assert removed[0].reason == "mis-encoded text, repaired as “£60m,”"
    assert sentences[0].text.startswith("The deal is worth £60m")


def test_correct_text_is_never_re_encoded() -> None:
    text = "Café owners in Zürich paid €5 and £4 — “fine”, they said. Naïve? No."
    assert clean(text) == text


@pytest.mark.parametrize(
    ("text", "kept", "reason"),
    [
        (
            "(CNN)Blues legend B.B. King was hospitalized.",
            "Blues legend B.B. King was hospitalized.",
            "dateline",
        ),
        ("LONDON (Reuters) - Shares rose on Monday.", "Shares rose on Monday.", "dateline"),
        (
            "Grant Allen (left), 38, travelled the world. He was jailed.",
            "He was jailed.",
            "photo caption",
        ),
        ("By Jane Smith. The council met on Monday.", "The council met on Monday.", "byline"),
        (
            "Watch the video: A professor asked 100 people to help.",
            "A professor asked 100 people to help.",
            "video prompt",
        ),
    ],
)
def test_page_furniture_is_removed_and_reported(text: str, kept: str, reason: str) -> None:
    result, removed, _ = clean_plain(text, max_chars=10_000)
    assert result == kept
    assert [r.reason for r in removed] == [reason]


def test_a_sentence_that_only_mentions_a_position_word_stays() -> None:
    sentence = "The party moved to the left (politically) after the election."
    assert clean(sentence) == sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "The company said it would share the data with regulators next week.",
        "Shares in the bank fell 4 per cent after the results.",
        "She baked cookies for the volunteers and handed them out at the door.",
        "Police said they would follow up on every report.",
        "Read the full report before the vote, the minister urged MPs.",
        "Data collected by the agency show a sharp rise in cases.",
        "Subscribers to the service were told their data had been leaked.",
        "Click the link, the fraudsters told victims, and enter your PIN.",
    ],
)
def test_ordinary_sentences_about_data_sharing_or_cookies_survive(sentence: str) -> None:
    assert boilerplate_reason(sentence) is None
    assert clean(sentence) == sentence


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("We use cookies to improve your experience on our site.", "cookie notice"),
        ("Please note that your preferences are browser specific.", "cookie notice"),
        ('Click the "Do Not Sell or Share my Data" button to opt out.', "cookie notice"),
        ("By continuing to use this site you accept our use of cookies.", "cookie notice"),
        ("Sign up for our free daily newsletter.", "newsletter prompt"),
        ("Get the best stories delivered straight to your inbox.", "newsletter prompt"),
        ("Share this article", "share prompt"),
        ("Follow us on Facebook, Twitter and Instagram", "share prompt"),
        ("Advertisement", "advert"),
        ("Story continues below advertisement", "advert"),
        ("Read more: Storm clean-up costs soar", "link prompt"),
        ("Click here to see the pictures.", "link prompt"),
    ],
)
def test_boilerplate_sentences_are_removed_with_their_reason(sentence: str, reason: str) -> None:
    text, removed, _ = clean_plain(f"The river rose overnight.\n{sentence}", max_chars=1_000)

    assert text == "The river rose overnight."
    assert [(r.text, r.reason) for r in removed] == [(sentence, reason)]


def test_video_prompt_is_cut_from_the_sentence_it_was_pasted_into() -> None:
    text, removed, _ = clean_plain(
        "Scroll down for video The storm hit at dawn. Crews worked all day.", max_chars=1_000
    )
    assert text == "The storm hit at dawn. Crews worked all day."
    assert [r.reason for r in removed] == ["video prompt"]


def test_text_is_normalised_and_paragraphs_kept() -> None:
    raw = "  Cafe\u0301\u00a0 owners\t\tmet.\r\nThey\u200b agreed.\x07\n\n\n\nA new\u2028line.  "
    assert clean(raw) == "Café owners met.\n\nThey agreed.\n\nA new\n\nline."


def test_stray_tags_go_and_entities_are_decoded_but_plain_angles_stay() -> None:
    text, removed, _ = clean_plain(
        "Tom &amp; Jerry <b>won</b>, and 3 <4 is true.<br/>", max_chars=1_000
    )
    assert text == "Tom & Jerry won, and 3 <4 is true."
    assert [r.text for r in removed] == ["<b>", "</b>", "<br/>"]


def test_sentences_match_a_fresh_split_of_the_clean_text() -> None:
    text, _, sentences = clean_plain(SEED.read_text(encoding="utf-8"), max_chars=100_000)
    assert list(sentences) == split_sentences(text)


def test_empty_and_whitespace_text_is_refused() -> None:
    for empty in ("", "   \n\t \n"):
        with pytest.raises(EmptyText):
            clean(empty)


def test_text_of_nothing_but_boilerplate_is_refused() -> None:
    with pytest.raises(OnlyBoilerplate):
        clean("Advertisement\nShare this article\nWe use cookies to personalise ads.")


def test_text_over_the_limit_is_refused_with_its_size() -> None:
    with pytest.raises(TextTooLong, match="the limit is 100"):
        clean("A sentence of words. " * 10, max_chars=100)
    with pytest.raises(TextTooLong):
        clean("x" * 1_000, max_chars=100)


def test_binary_or_non_utf8_input_is_unreadable() -> None:
    with pytest.raises(UnreadableText, match="binary"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(UnreadableText, match="UTF-8"):
        decode_bytes("café".encode("latin-1"))
    with pytest.raises(UnreadableText):
        clean("\x01\x02\x03\x04 garbage \ufffd\ufffd\ufffd\x05\x06")
    assert decode_bytes("\ufeffcafé".encode()) == "café"
