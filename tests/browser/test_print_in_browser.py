"""A results page printed, as Chromium lays it out for paper (print media emulated)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

# Shown on paper: an element with a box (display: none, itself or above, has none).
_SHOWN = "els => els.filter(e => e.getClientRects().length > 0).length"
CONTROLS = [
    "button",
    "audio",
    "video",
    "form",
    "input:not([type=hidden])",
    "select",
    "textarea",
    "[role=group]",
    "header",
    "footer",
    "nav",
]


def shown(page: Page, selector: str) -> int:
    count: int = page.locator(selector).evaluate_all(_SHOWN)
    return count


def printed(page: Page, url: str) -> None:
    page.goto(url)
    page.emulate_media(media="print")


def test_a_printed_results_page_has_no_buttons_players_forms_or_menus(
    page: Page, server: str, seed_document: str, seed_audio: Any
) -> None:
    """``seed_audio``: the easy summary has its player, which must not print either."""
    page.goto(f"{server}/documents/{seed_document}?level=easy")
    assert shown(page, "audio") >= 1, "on screen the player is there"
    assert shown(page, "button") >= 1
    page.emulate_media(media="print")
    for selector in CONTROLS:
        assert shown(page, selector) == 0, selector


def test_a_printed_results_page_is_the_chosen_summary_and_the_article_in_large_plain_type(
    page: Page, server: str, seed_document: str
) -> None:
    printed(page, f"{server}/documents/{seed_document}?level=standard")
    assert shown(page, "#summary-standard .text") == 1
    assert shown(page, "#summary-easy") == 0
    assert shown(page, "#summary-detailed") == 0
    assert shown(page, "#article .article-text") == 1
    for hidden in ("#scores", "#sentences", "#take-away", ".verdict"):
        assert shown(page, hidden) == 0, hidden
    style = page.locator("#article .article-text p").first.evaluate(
        "p => { const s = getComputedStyle(p);"
        " return [parseFloat(s.fontSize), s.color, s.fontFamily, s.fontStyle]; }"
    )
    size, colour, family, font_style = style
    assert size >= 21, "16 pt or more (21.3 CSS pixels)"
    assert colour == "rgb(0, 0, 0)"
    assert family.startswith("Arial")
    assert font_style == "normal"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background in {"rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"}


@pytest.mark.parametrize("theme", ["dark", "contrast"])
def test_a_page_read_in_a_dark_theme_prints_black_on_white(
    new_context: Any, server: str, seed_document: str, theme: str
) -> None:
    page = new_context(theme).new_page()
    printed(page, f"{server}/documents/{seed_document}")
    colour = page.locator("#article .article-text p").first.evaluate(
        "p => getComputedStyle(p).color"
    )
    assert colour == "rgb(0, 0, 0)"
    assert page.evaluate("getComputedStyle(document.documentElement).backgroundColor") in {
        "rgb(255, 255, 255)",
        "rgba(0, 0, 0, 0)",
    }


def test_with_no_summary_chosen_every_summary_is_printed(
    page: Page, server: str, seed_document: str
) -> None:
    printed(page, f"{server}/documents/{seed_document}")
    for level in ("easy", "standard", "detailed"):
        assert shown(page, f"#summary-{level} .text") == 1, level
