from __future__ import annotations

import lxml.html
import pytest

from access_api.errors import EmptyText
from access_api.text import clean_html
from access_api.text._html import extract_html

PARAGRAPHS = [
    "Heavy rain on Tuesday pushed rivers across the north of the country to their highest "
    "level in a decade, and emergency crews spent the night moving families to safety.",
    "The Environment Agency issued 40 flood warnings by the evening. Officials said the "
    "water would keep rising until Thursday, when drier weather should arrive from the west.",
    "Residents in the worst-hit towns were told to move valuables upstairs and to avoid "
    "driving through flood water, which can be deeper and faster than it looks.",
]

PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><title>Rivers rise across the north | Daily Example</title>
<meta property="og:title" content="Rivers rise across the north">
<style>body {{ color: red }}</style><script>var tracking = 1;</script></head>
<body>
<header><a href="/">Daily Example</a>
<nav><a href="/news">News</a> <a href="/sport">Sport</a></nav></header>
<div id="cookie-banner">We use cookies to improve your experience. <button>Accept all</button></div>
<main><article>
<h1>Rivers rise across the north</h1>
<p>{PARAGRAPHS[0]}</p>
<p>{PARAGRAPHS[1]}</p>
<div class="share-bar"><a>Share on Facebook</a><a>Share on X</a></div>
<p>{PARAGRAPHS[2]}</p>
<aside><h2>Related</h2><a>Storm clean-up costs soar</a></aside>
<p hidden>Secret tracking text</p>
</article></main>
<form class="newsletter"><p>Sign up for our newsletter</p><input type="email"></form>
<footer>Copyright 2026 Daily Example. All rights reserved.</footer>
</body></html>"""


def test_article_paragraphs_are_kept_one_per_line() -> None:
    page = extract_html(PAGE)
    lines = [line for line in page.text.splitlines() if line.strip()]

    assert lines[-3:] == PARAGRAPHS


def test_page_furniture_is_dropped_and_reported_with_its_reason() -> None:
    page = extract_html(PAGE)
    reasons = {r.reason: r.text for r in page.removed}

    for gone in ("Daily Example News", "cookies", "Share on", "Storm clean-up", "Sign up"):
        assert gone not in page.text
    assert reasons["page header"] == "Daily Example News Sport"
    assert reasons["cookie banner"].startswith("We use cookies")
    assert reasons["share buttons"] == "Share on Facebook Share on X"
    assert reasons["sidebar"] == "Related Storm clean-up costs soar"
    assert reasons["form"] == "Sign up for our newsletter"
    assert reasons["page footer"].startswith("Copyright 2026")
    assert reasons["hidden"] == "Secret tracking text"
    assert reasons["script"] == "1 × script"
    assert "tracking = 1" not in page.text


@pytest.mark.parametrize(
    ("head", "body", "title"),
    [
        ('<meta property="og:title" content="From og">', "<h1>From h1</h1>", "From og"),
        ("<title>From title</title>", "<h1>From  h1</h1>", "From h1"),
        ("<title>From title</title>", "<p>No heading.</p>", "From title"),
        ("", "<p>No title at all.</p>", None),
    ],
)
def test_title_comes_from_og_title_then_h1_then_title(
    head: str, body: str, title: str | None
) -> None:
    page = extract_html(f"<html><head>{head}</head><body>{body}</body></html>")
    assert page.title == title


def test_short_page_keeps_every_block_as_a_paragraph() -> None:
    page = extract_html("<div>First line<br>second line</div><p>A short note.</p>")
    assert [line for line in page.text.splitlines() if line.strip()] == [
        "First line",
        "second line",
        "A short note.",
    ]


def test_xhtml_with_an_xml_declaration_is_read() -> None:
    page = extract_html(
        '<?xml version="1.0" encoding="utf-8"?>'
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Hello there.</p></body></html>'
    )
    assert page.text.strip() == "Hello there."


def test_wrapper_named_like_an_advert_is_kept_when_it_holds_the_article() -> None:
    page = extract_html(f'<div class="has-ads"><article><p>{PARAGRAPHS[0]}</p></article></div>')
    assert PARAGRAPHS[0] in page.text


def test_empty_page_is_refused() -> None:
    with pytest.raises(EmptyText):
        extract_html("  ")


def test_extracted_text_contains_no_markup() -> None:
    text = extract_html(PAGE).text
    assert lxml.html.fromstring(f"<div>{text}</div>").text_content() == text


def test_control_characters_in_a_page_are_dropped_not_a_server_error() -> None:
    page = clean_html("<p>The council met\x07 on Monday.</p>", title=None, max_chars=10_000)
    assert page.text == "The council met on Monday."
    for markup in ("<p>\x1f", "<p>\x00\x01</p>", "<p>\ud800\uffff</p>"):
        with pytest.raises(EmptyText):
            clean_html(markup, title=None, max_chars=10_000)
