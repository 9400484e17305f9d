"""The pages in a real browser: axe, the keyboard, reflow, and no JavaScript.

Audio is tested in ``test_listening_in_browser.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from axe_playwright_python.sync_playwright import Axe

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import BrowserContext, Page

    NewContext = Callable[..., BrowserContext]

THEMES = ["light", "dark", "contrast"]

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

# Every element the keyboard can reach, in the page's own order.
_FOCUSABLE = (
    "a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), "
    "textarea, select, audio[controls], [tabindex]:not([tabindex='-1']), summary"
)


def assert_no_axe_violations(page: Page) -> None:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
    assert results.violations_count == 0, results.generate_report()


def pages_to_check(server: str, seed_document: str) -> dict[str, str]:
    return {
        "home": f"{server}/",
        "results": f"{server}/documents/{seed_document}?level=easy",
        "help": f"{server}/help",
        "settings": f"{server}/settings",
        "api reference": f"{server}/schema",
        "not found": f"{server}/documents/{'0' * 32}",
    }


def open_page(page: Page, url: str) -> None:
    """Go to a page and wait until it is drawn (the API reference draws itself)."""
    page.goto(url)
    if url.endswith("/schema"):
        page.wait_for_selector(".opblock-summary-control", timeout=20_000)


@pytest.mark.parametrize("theme", THEMES)
def test_axe_finds_no_wcag_aa_violations_on_any_page(
    new_context: NewContext, server: str, seed_document: str, seed_audio: Any, theme: str
) -> None:
    """The results page is checked with its easy summary's player ready (``seed_audio``)."""
    page = new_context(theme).new_page()
    for url in pages_to_check(server, seed_document).values():
        open_page(page, url)
        # The closed parts of a page must pass too: details, and the API's operations.
        page.locator("details").evaluate_all("els => els.forEach(d => d.open = true)")
        for operation in page.locator(".opblock-summary-control").all():
            operation.click()
        assert_no_axe_violations(page)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_axe_finds_no_violations_on_the_form_with_errors(
    new_context: NewContext, server: str, theme: str
) -> None:
    page = new_context(theme).new_page()
    page.goto(server + "/")
    page.get_by_role("button", name="Make it easier to read").click()
    page.wait_for_selector("[data-error-summary]")
    assert_no_axe_violations(page)


def test_the_theme_changes_the_colours(new_context: NewContext, server: str) -> None:
    colours = {}
    for theme in THEMES:
        page = new_context(theme).new_page()
        page.goto(server + "/help")
        colours[theme] = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    assert len(set(colours.values())) == 3, colours


def focus_walk(page: Page, limit: int = 400) -> list[dict[str, Any]]:
    """Press Tab from the top of the page until focus leaves it; note each stop."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    stops: list[dict[str, Any]] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(
            """() => {
              const el = document.activeElement;
              if (!el || el === document.body) return null;
              const all = [...document.querySelectorAll('*')];
              const box = el.getBoundingClientRect();
              const style = getComputedStyle(el);
              return {
                order: all.indexOf(el),
                tag: el.tagName.toLowerCase(),
                name: (el.getAttribute('aria-label') || el.textContent || el.id || '')
                  .trim().slice(0, 60),
                width: box.width, height: box.height,
                outline: parseFloat(style.outlineWidth) || 0,
                outlineStyle: style.outlineStyle,
                shadow: style.boxShadow,
                background: style.backgroundColor,
              };
            }"""
        )
        if stop is None or (stops and stop["order"] <= stops[0]["order"] and len(stops) > 1):
            break
        stops.append(stop)
    return stops


def assert_focus_is_visible_and_in_reading_order(stops: list[dict[str, Any]]) -> None:
    assert stops, "nothing on the page can be reached with the keyboard"
    orders = [stop["order"] for stop in stops]
    assert orders == sorted(orders), f"tab order is not the reading order: {stops}"
    for stop in stops:
        shown = (stop["outline"] >= 2 and stop["outlineStyle"] != "none") or stop[
            "shadow"
        ] != "none"
        assert shown, f"focus is not visible on {stop}"
        assert stop["width"] >= 1, f"focused but not shown: {stop}"
        assert stop["height"] >= 1, f"focused but not shown: {stop}"


@pytest.mark.parametrize("path", ["/", "/help", "/settings", "/documents/{doc}", "/schema"])
def test_the_tab_order_follows_the_reading_order_and_focus_is_always_visible(
    page: Page, server: str, seed_document: str, seed_audio: Any, path: str
) -> None:
    open_page(page, server + path.format(doc=seed_document))
    stops = focus_walk(page)
    assert stops[0]["name"] == "Skip to main content"
    assert_focus_is_visible_and_in_reading_order(stops)


def test_targets_are_at_least_24_pixels(page: Page, server: str, seed_document: str) -> None:
    for path in ("/", "/settings", f"/documents/{seed_document}"):
        page.goto(server + path)
        small = page.evaluate(
            """sel => [...document.querySelectorAll(sel)]
                 .filter(el => !el.closest('p, li, dd, td, figcaption'))
                 .map(el => [el.outerHTML.slice(0, 80), el.getBoundingClientRect()])
                 .filter(([, b]) => b.width > 0 && (b.width < 24 || b.height < 24))""",
            "button, input[type=radio], input[type=file], summary, nav a, .button",
        )
        assert small == [], small


def test_the_whole_flow_works_with_the_keyboard_alone(
    page: Page, server: str, seed_text: str
) -> None:
    page.goto(server + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    # From the main content, the first field is the text box.
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "text":
            break
    assert page.evaluate("document.activeElement.id") == "text"
    page.keyboard.insert_text(seed_text)
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "submit":
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/documents/" in page.url
    assert page.locator("main h2").first.inner_text().startswith("Easy summary")
    assert "Jess Phillips" in page.locator("#article").inner_text()


def test_the_error_summary_takes_focus_and_leads_to_the_field(page: Page, server: str) -> None:
    page.goto(server + "/")
    page.fill("#title", "Kept title")
    page.get_by_role("button", name="Make it easier to read").click()
    page.wait_for_selector("[data-error-summary]")
    assert page.evaluate("document.activeElement.dataset.errorSummary") == ""
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "text"
    assert page.input_value("#title") == "Kept title"


@pytest.mark.parametrize(
    ("width", "what"), [(320, "a 320 px wide screen"), (640, "200% zoom of a 1280 px window")]
)
def test_nothing_scrolls_sideways(
    new_context: NewContext,
    server: str,
    seed_document: str,
    seed_audio: Any,
    width: int,
    what: str,
) -> None:
    page = new_context(viewport={"width": width, "height": 700}).new_page()
    for url in pages_to_check(server, seed_document).values():
        open_page(page, url)
        page.locator("details").evaluate_all("els => els.forEach(d => d.open = true)")
        for operation in page.locator(".opblock-summary-control").all():
            operation.click()
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{url} scrolls sideways by {overflow}px on {what}"


def test_the_largest_text_setting_still_fits_320_pixels(
    new_context: NewContext, server: str
) -> None:
    context = new_context(viewport={"width": 320, "height": 700}, settings="size=200&words=wider")
    page = context.new_page()
    page.goto(server + "/")
    assert page.evaluate("document.documentElement.dataset.size") == "200"
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_without_javascript_an_article_can_be_sent_and_read(
    new_context: NewContext, server: str, seed_text: str
) -> None:
    page = new_context(java_script_enabled=False).new_page()
    page.goto(server + "/")
    page.fill("#text", seed_text)
    page.check("#level-standard")
    with page.expect_navigation():
        page.get_by_role("button", name="Make it easier to read").click()
    assert "/documents/" in page.url
    assert "level=standard" in page.url
    assert page.locator(".verdict-words").inner_text()
    assert page.locator("#summary-standard .badge").inner_text() == "Your choice"
    assert len(page.locator("#summary-standard .sentence").all()) >= 3


def test_without_javascript_the_reading_settings_are_a_form_that_every_page_applies(
    new_context: NewContext, server: str
) -> None:
    page = new_context(java_script_enabled=False).new_page()
    page.goto(server + "/settings")
    page.check("#theme-dark")
    page.check("#font-lexend")
    page.check("#words-wider")
    with page.expect_navigation():
        page.get_by_role("button", name="Save these settings").click()
    assert page.locator("[data-preferences-status]").inner_text() == "Saved on this device."
    assert page.is_checked("#font-lexend")
    page.goto(server + "/help")
    root = page.evaluate("({...document.documentElement.dataset})")
    assert root == {"theme": "dark", "font": "lexend", "words": "wider"}
    assert page.evaluate("getComputedStyle(document.body).wordSpacing") != "0px"
    page.goto(server + "/settings")
    with page.expect_navigation():
        page.get_by_role("button", name="Go back to the usual settings").click()
    assert page.evaluate("({...document.documentElement.dataset})") == {}


def test_reading_settings_apply_at_once_and_are_remembered(page: Page, server: str) -> None:
    page.goto(server + "/settings")
    page.check("#theme-dark")
    page.check("#font-opendyslexic")
    page.check("#size-150")
    page.check("#lines-wider")
    page.check("#letters-wide")
    page.check("#words-wide")
    page.wait_for_function(
        "() => document.querySelector('[data-preferences-status]').textContent"
        " === 'Saved on this device.'"
    )
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    page.goto(server + "/help")
    root = page.evaluate("({...document.documentElement.dataset})")
    assert root == {
        "theme": "dark",
        "font": "opendyslexic",
        "size": "150",
        "lines": "wider",
        "letters": "wide",
        "words": "wide",
    }
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "24px"
    letters = page.evaluate("getComputedStyle(document.body).letterSpacing")
    words = page.evaluate("getComputedStyle(document.body).wordSpacing")
    assert letters != words, "letter and word spacing are set apart"
    page.goto(server + "/settings")
    assert page.is_checked("#theme-dark")
    with page.expect_navigation():
        page.get_by_role("button", name="Go back to the usual settings").click()
    page.reload()
    assert page.evaluate("({...document.documentElement.dataset})") == {}


def rendered_fonts(page: Page, selector: str) -> list[str]:
    """The fonts Chromium really drew an element's text with (not what CSS asked for)."""
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument")["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return [font["familyName"] for font in fonts]


@pytest.mark.parametrize(
    ("choice", "family"),
    [
        ("atkinson", "Atkinson Hyperlegible"),
        ("lexend", "Lexend"),
        ("opendyslexic", "OpenDyslexic"),
    ],
)
def test_the_chosen_font_is_the_one_the_browser_draws_the_text_with(
    new_context: NewContext, server: str, choice: str, family: str
) -> None:
    page = new_context(settings=f"font={choice}").new_page()
    page.goto(server + "/help")
    page.evaluate("document.fonts.ready")
    assert rendered_fonts(page, "main p.lead") == [family]
    usual = new_context().new_page()
    usual.goto(server + "/help")
    assert family not in rendered_fonts(usual, "main p.lead")


def test_on_a_phone_the_chosen_summary_starts_on_the_first_screen(
    new_context: NewContext, server: str, seed_text: str
) -> None:
    page = new_context(viewport={"width": 375, "height": 667}).new_page()
    page.goto(server + "/")
    page.fill("#text", seed_text)
    page.check("#level-detailed")
    with page.expect_navigation():
        page.get_by_role("button", name="Make it easier to read").click()
    first_words = page.locator("#summary-detailed .sentence").first.bounding_box()
    assert first_words is not None
    assert first_words["y"] + first_words["height"] < 667, first_words


def test_the_api_reference_lists_every_operation(page: Page, server: str) -> None:
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text))
    open_page(page, server + "/schema")
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    schema = page.request.get(server + "/schema/openapi.json").json()
    expected = {path for path, item in schema["paths"].items() for _ in item}
    assert {p.replace("\u200b", "") for p in paths} == expected
    assert len(paths) == sum(len(item) for item in schema["paths"].values())
    assert page.locator("main").count() == 1, "one main landmark, not Swagger UI's too"
    assert "Unable to render" not in page.locator("main").inner_text()
    assert not [text for text in refused if "Content Security Policy" in text], refused


def test_the_page_obeys_its_content_security_policy(page: Page, server: str) -> None:
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text))
    page.goto(server + "/settings")
    page.check("#theme-contrast")
    page.check("#font-atkinson")
    page.goto(server + "/")
    assert not [text for text in refused if "Content Security Policy" in text], refused
