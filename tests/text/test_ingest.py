from __future__ import annotations

import re
from pathlib import Path

import pytest

from access_api.errors import OnlyBoilerplate, UnreadableText
from access_api.text import MAX_TITLE_CHARS
from access_api.text._ingest import clean_html, clean_text, read_file

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_fb8d5ec5391621b1.txt"
STORY = (
    "Heavy rain on Tuesday pushed rivers to their highest level in a decade. "
    "Crews spent the night moving families to safety."
)
PAGES = {
    "/story": (
        "text/html; charset=utf-8",
        f"<html><head><title>Rivers rise</title></head><body><nav>Home</nav>"
        f"<h1>Rivers rise</h1><p>{STORY}</p><footer>Share this article</footer></body></html>",
    ),
    "/story.txt": ("text/plain; charset=utf-8", f"{STORY}\nAdvertisement\n"),
}


def test_plain_text_is_cleaned_and_split_with_offsets() -> None:
    result = clean_text(
        SEED.read_text(encoding="utf-8"), title="  Grooming  gangs ", max_chars=20_000
    )

    assert result.title == "Grooming gangs"
    assert result.text.startswith("Jess Phillips, a member of Parliament,")
    assert {r.reason for r in result.removed} == {"cookie notice", "stray HTML"}
    assert all(result.text[s.start : s.end] == s.text for s in result.sentences)
    assert result.sentences[-1].text.endswith("to combat abuse.")


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (STORY, "utf-8"),
        ("Tickets cost £5, and the café’s “new” menu is out.", "cp1252"),
        ("Señor Muñoz said the naïve plan had failed.", "latin-1"),
        (STORY + " It cost £5.", "utf-16"),
        ("Москва является столицей России и крупнейшим городом страны.", "cp1251"),
        ("Zażółć gęślą jaźń, powiedział minister w środę.", "cp1250"),
    ],
    ids=["utf-8", "windows-1252", "latin-1", "utf-16", "cyrillic", "central-european"],
)
def test_a_text_file_is_read_in_the_encoding_it_was_saved_in(text: str, encoding: str) -> None:
    assert read_file(text.encode(encoding), name="story.txt") == (text, "text")


def test_a_windows_1252_article_with_a_pound_sign_is_read_whole() -> None:
    article = SEED.read_text(encoding="utf-8") + "\nTickets cost £5 each."
    text, _ = read_file(article.encode("cp1252"), name="article.txt")
    assert text == article


@pytest.mark.parametrize(
    ("start", "what"),
    [
        (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj", "a PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "a Word document"),
        (b"{\\rtf1\\ansi Rivers rise.}", "a rich text (RTF) file"),
    ],
)
def test_a_file_that_is_not_text_is_refused_saying_what_it_is(start: bytes, what: str) -> None:
    with pytest.raises(UnreadableText, match=re.escape(what)) as refused:
        read_file(start, name="story")
    assert "paste it into the text box" in str(refused.value)


def test_binary_bytes_are_still_refused() -> None:
    with pytest.raises(UnreadableText):
        read_file(bytes(range(256)) * 4, name="data.bin")


@pytest.mark.parametrize(
    ("name", "body", "kind"),
    [
        ("story.html", STORY, "html"),
        ("STORY.HTM", STORY, "html"),
        ("saved", PAGES["/story"][1], "html"),
        ("-", "<!DOCTYPE html><title>Rivers</title>" + STORY, "html"),
        ("notes.txt", "  <p>" + STORY + "</p>", "html"),
        ("story.txt", STORY, "text"),
        ("-", STORY, "text"),
    ],
)
def test_a_file_is_read_as_a_web_page_when_its_name_or_its_start_says_so(
    name: str, body: str, kind: str
) -> None:
    assert read_file(body.encode(), name=name) == (body, kind)


def test_a_byte_order_mark_is_not_part_of_the_text() -> None:
    assert read_file(b"\xef\xbb\xbf" + STORY.encode()) == (STORY, "text")


def test_html_gets_its_title_and_loses_the_repeated_heading_and_furniture() -> None:
    result = clean_html(PAGES["/story"][1], max_chars=1_000)

    assert result.title == "Rivers rise"
    assert result.text == STORY
    assert [s.text for s in result.sentences] == [
        "Heavy rain on Tuesday pushed rivers to their highest level in a decade.",
        "Crews spent the night moving families to safety.",
    ]
    assert {r.reason for r in result.removed} >= {"navigation", "page footer"}


def test_given_title_wins_over_the_pages_own() -> None:
    assert clean_html(PAGES["/story"][1], title="Floods", max_chars=1_000).title == "Floods"


def test_page_of_only_boilerplate_is_refused() -> None:
    with pytest.raises(OnlyBoilerplate):
        clean_html("<p>Advertisement</p><p>Share this article</p>", max_chars=1_000)


def test_control_and_bidirectional_characters_leave_titles_and_text() -> None:
    # U+202E shows what follows backwards: "txt.exe" reads as "exe.txt".
    sent = "Rivers rose in the \u202enorth\u202c. Crews moved\x00 families to \u2066safety\u2069."
    result = clean_text(sent, title="Floods\x00 in the \u202enorth\u202c\n", max_chars=1_000)

    assert result.title == "Floods in the north"
    assert result.text == "Rivers rose in the north. Crews moved families to safety."
    reported = [r for r in result.removed if r.reason.startswith("bidirectional")]
    assert [(r.text, r.reason) for r in reported] == [
        ("U+202C, U+202E, U+2066, U+2069", "bidirectional control characters (4 times)")
    ]


def test_a_pages_own_title_is_kept_to_the_title_limit() -> None:
    page = (
        f"<html><head><title>{'Long ' * 100_000}</title></head><body><p>{STORY}</p></body></html>"
    )
    title = clean_html(page, max_chars=1_000).title
    assert title is not None
    assert len(title) == MAX_TITLE_CHARS
    assert title.endswith("…")
