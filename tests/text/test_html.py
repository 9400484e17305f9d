from __future__ import annotations

from typing import Any

import lxml.html
import pytest

from access_api.errors import EmptyText, PageTooComplex
from access_api.text import _html, clean_html
from access_api.text._html import MAX_ATTRIBUTES, extract_html

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


class Parses:
    """How often the HTML parser was called."""

    calls = 0


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> type[Parses]:
    real = _html.lxml.html.document_fromstring
    Parses.calls = 0

    def counting(markup: str) -> lxml.html.HtmlElement:
        Parses.calls += 1
        return real(markup)

    monkeypatch.setattr(_html.lxml.html, "document_fromstring", counting)
    return Parses


def test_an_element_with_100000_attributes_is_refused_before_it_is_parsed(
    parses: type[Parses],
) -> None:
    attributes = " ".join(f"a{i}=x" for i in range(100_000))
    with pytest.raises(PageTooComplex, match="more than 100 attributes"):
        extract_html(f"<html><body><p {attributes}>{PARAGRAPHS[0]}</p></body></html>")
    assert parses.calls == 0


def test_attributes_hidden_behind_quoted_angle_brackets_are_counted(
    parses: type[Parses],
) -> None:
    attributes = " ".join(f'a{i}=">" b{i}="<"' for i in range(MAX_ATTRIBUTES))
    with pytest.raises(PageTooComplex):
        extract_html(f"<p {attributes}>{PARAGRAPHS[0]}</p>")
    assert parses.calls == 0


def test_an_element_at_the_attribute_limit_is_read(parses: type[Parses]) -> None:
    attributes = " ".join(f'data-{i}="a b > c"' for i in range(MAX_ATTRIBUTES))
    page = extract_html(f"<html><body><p {attributes}>{PARAGRAPHS[0]}</p></body></html>")
    assert PARAGRAPHS[0] in page.text
    assert parses.calls == 1


def test_a_page_over_the_element_limit_is_refused_before_it_is_parsed(
    monkeypatch: pytest.MonkeyPatch, parses: type[Parses]
) -> None:
    monkeypatch.setattr(_html, "MAX_ELEMENTS", 50)
    within = "<html><body>" + "<b></b>" * 45 + f"<p>{PARAGRAPHS[0]}</p></body></html>"
    assert PARAGRAPHS[0] in extract_html(within).text
    with pytest.raises(PageTooComplex, match="more than 50 elements"):
        extract_html(within.replace("<p>", "<b></b>" * 10 + "<p>"))
    assert parses.calls == 1


def test_a_page_over_the_attribute_limit_in_all_is_refused(
    monkeypatch: pytest.MonkeyPatch, parses: type[Parses]
) -> None:
    monkeypatch.setattr(_html, "MAX_PAGE_ATTRIBUTES", 300)
    page = "<html><body>" + '<p class="a" id="b">x</p>' * 151 + "</body></html>"
    with pytest.raises(PageTooComplex, match="more than 300 attributes"):
        extract_html(page)
    assert parses.calls == 0


def test_dropping_15000_blocks_writes_each_text_once(monkeypatch: pytest.MonkeyPatch) -> None:
    written = [0]
    real = _html._set_text_before

    def counting(parent: Any, keeper: Any, text: str) -> None:
        written[0] += len(text)
        real(parent, keeper, text)

    monkeypatch.setattr(_html, "_set_text_before", counting)
    tails = [f"tail{i} " for i in range(15_000)]
    markup = f"<html><body><p>{PARAGRAPHS[0]}</p>" + "".join(
        f"<nav>menu</nav>{tail}" for tail in tails
    )
    page = extract_html(markup + "</body></html>")
    # One at a time, each tail was appended to all the tails before it: 20,000
    # dropped blocks with a line of text after each took 68 s.
    assert written[0] <= len(markup)
    assert "tail0 tail1 tail2" in page.text
    assert "menu" not in page.text
