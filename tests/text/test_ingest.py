from __future__ import annotations

from pathlib import Path

import pytest

from access_api.errors import OnlyBoilerplate, UnreadableText
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


def test_uploaded_bytes_must_be_utf8() -> None:
    assert read_file(STORY.encode()) == (STORY, "text")
    with pytest.raises(UnreadableText):
        read_file(STORY.encode("utf-16"))


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
