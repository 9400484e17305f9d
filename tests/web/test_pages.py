"""The pages as HTML: parsed, then checked for what a screen reader relies on.

The browser tests (``tests/browser/``) check the same pages as people meet
them; these run everywhere, fast, with no browser.
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING, Any

import lxml.html
import pytest
from litestar.testing import TestClient

from access_api.app import create_app

if TYPE_CHECKING:
    from litestar import Litestar

    from access_api.settings import Settings

    Client = TestClient[Litestar]

ARTICLE = (
    "The town council met on Tuesday to talk about the new park. "
    "Many people came to the meeting. They asked for more trees and a place for children to play. "
    "The mayor said the park would open next summer. "
    "Work on the paths will start in the spring. "
    "The council will spend two million pounds on the project, which is more than planned. "
    "Some people worry about the cost. Others say the town needs green space. "
    "A final plan will be shown to the public in March."
)

HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


def parse(response: Any) -> Any:
    assert response.headers["content-type"].startswith("text/html"), response.text[:300]
    return lxml.html.fromstring(response.text)


def csrf_token(client: Client) -> str:
    """The token a person's browser gets with the form."""
    page = parse(client.get("/", headers=HTML))
    (token,) = page.xpath("//input[@name='_csrf_token']/@value")
    return str(token)


def submit(client: Client, **fields: str) -> Any:
    form = {"level": "easy", **fields, "_csrf_token": csrf_token(client)}
    return client.post("/", data=form, headers=HTML, follow_redirects=False)


def make_document(client: Client, text: str = ARTICLE, **fields: str) -> str:
    response = submit(client, text=text, **fields)
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    match = re.fullmatch(r"/documents/([0-9a-f]{32})\?level=easy", location)
    assert match, location
    return match.group(1)


def text_of(element: Any) -> str:
    return " ".join(element.text_content().split())


def assert_page_basics(page: Any) -> None:
    """What every page needs: a language, one h1, landmarks, a skip link, no inline code."""
    assert page.get("lang") == "en"
    assert len(page.xpath("//h1")) == 1
    for landmark in ("header", "nav", "main", "footer"):
        assert len(page.xpath(f"//{landmark}")) >= 1, landmark
    assert len(page.xpath("//main")) == 1
    skip = page.xpath("//body/*[1]")[0]
    assert skip.tag == "a"
    assert skip.get("href") == "#" + page.xpath("//main/@id")[0]
    assert not page.xpath("//script[not(@src)]"), "inline script breaks the CSP"
    assert not page.xpath("//*[@style]"), "inline styles break the CSP"
    assert not page.xpath("//*[starts-with(name(@*), 'on')]")
    levels = [int(h.tag[1]) for h in page.xpath("//h1|//h2|//h3|//h4|//h5|//h6")]
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels


def assert_controls_are_labelled(page: Any) -> None:
    labels = set(page.xpath("//label/@for"))
    for control in page.xpath("//input[not(@type='hidden')]|//textarea|//select|//button|//audio"):
        named = (
            control.get("id") in labels
            or control.get("aria-label")
            or control.get("aria-labelledby")
            or (control.tag == "button" and text_of(control))
        )
        assert named, lxml.html.tostring(control)


def test_the_home_page_has_a_language_one_heading_landmarks_and_a_skip_link(
    client: Client,
) -> None:
    page = parse(client.get("/", headers=HTML))
    assert_page_basics(page)
    assert_controls_are_labelled(page)
    assert page.xpath("//nav//a[@aria-current='page']/@href") == ["/"]


def test_the_home_form_works_without_javascript(client: Client) -> None:
    page = parse(client.get("/", headers=HTML))
    (form,) = page.xpath("//main//form")
    assert form.get("method") == "post"
    assert form.get("enctype") == "multipart/form-data"
    names = set(form.xpath(".//*[@name]/@name"))
    assert {"text", "file", "url", "title", "level", "_csrf_token"} <= names
    assert form.xpath(".//button[@type='submit']")
    legends = [text_of(legend) for legend in form.xpath(".//fieldset/legend")]
    assert "Your article" in legends


def test_the_seed_article_posted_as_a_form_leads_to_its_results_page(
    client: Client, seed_text: str
) -> None:
    doc_id = make_document(client, seed_text)
    response = client.get(f"/documents/{doc_id}?level=easy", headers=HTML)
    assert response.status_code == 200
    page = parse(response)
    assert_page_basics(page)
    assert_controls_are_labelled(page)
    main_text = text_of(page.xpath("//main")[0])
    assert "Jess Phillips" in main_text
    assert "cookies" not in text_of(page.xpath("//*[@id='article']//*[@data-transcript]")[0])


def test_the_results_page_puts_the_verdict_first_then_the_summaries_easiest_first(
    client: Client,
) -> None:
    doc_id = make_document(client)
    page = parse(client.get(f"/documents/{doc_id}", headers=HTML))
    h2s = [text_of(h) for h in page.xpath("//main//h2")]
    assert h2s[0] == "Easy summary"
    assert h2s.index("The other summaries") < h2s.index("How hard is this to read?")
    assert h2s.index("How hard is this to read?") < h2s.index("The full article")
    assert h2s.index("The full article") < h2s.index("Detailed scores")
    assert h2s.index("Detailed scores") < h2s.index("Sentence by sentence")
    others = [text_of(h) for h in page.xpath("//section[@id='summaries']/section/h3")]
    assert others == ["Standard summary", "Detailed summary"]
    assert "Reading level: US school grade" in text_of(page.xpath("//*[@id='difficulty']")[0])


@pytest.mark.parametrize("level", ["easy", "standard", "detailed"])
def test_the_chosen_summary_comes_right_after_a_one_line_verdict_then_its_player(
    client: Client, level: str
) -> None:
    doc_id = make_document(client)
    page = parse(client.get(f"/documents/{doc_id}?level={level}", headers=HTML))
    verdict, card = page.xpath("//main//h1/following-sibling::*")[:2]
    assert verdict.get("class") == "verdict-words"
    assert card.get("id") == f"summary-{level}"
    assert "Your choice" in text_of(card.xpath("h2")[0])
    parts = [child.get("class") or child.tag for child in card]
    assert parts.index("text") < parts.index("listen")
    others = page.xpath("//section[@id='summaries']/section/@id")
    assert others == [f"summary-{x}" for x in ("easy", "standard", "detailed") if x != level]


def test_every_link_and_form_on_the_results_page_keeps_the_readers_choice(
    client: Client,
) -> None:
    doc_id = make_document(client)
    page = parse(client.get(f"/documents/{doc_id}?level=standard", headers=HTML))
    for form in page.xpath("//form[@data-make-audio]"):
        assert form.xpath(".//input[@name='level']/@value") == ["standard"]
    for link in page.xpath("//main//a[starts-with(@href, '/documents/')]/@href"):
        assert "level=" in link, link
    for pending in page.xpath("//p[@class='pending']//a/@href"):
        assert pending.startswith(f"/documents/{doc_id}?level=standard#listen-")


def test_making_audio_without_javascript_comes_back_with_the_choice_kept(client: Client) -> None:
    doc_id = make_document(client)
    response = client.post(
        f"/documents/{doc_id}/audio",
        data={"variant": "article", "level": "detailed", "_csrf_token": csrf_token(client)},
        headers=HTML,
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/documents/{doc_id}?level=detailed#listen-article"


def test_the_page_asks_for_mp3_alone_and_other_formats_on_request(client: Client) -> None:
    doc_id = make_document(client)
    token = csrf_token(client)
    client.post(
        f"/documents/{doc_id}/audio",
        data={"variant": "article", "_csrf_token": token},
        headers=HTML,
        follow_redirects=False,
    )
    assert {r.format for r in audio_of(client, doc_id, "article")} == {"mp3"}
    client.post(
        f"/documents/{doc_id}/audio",
        data={"variant": "article", "format": "ogg", "_csrf_token": token},
        headers=HTML,
        follow_redirects=False,
    )
    assert {r.format for r in audio_of(client, doc_id, "article")} == {"mp3", "ogg"}


def test_a_voice_chosen_on_the_page_is_used_and_kept(client: Client) -> None:
    doc_id = make_document(client)
    page = parse(client.get(f"/documents/{doc_id}?level=easy", headers=HTML))
    (picker,) = page.xpath("//form[contains(@class, 'voice-picker')]")
    assert picker.get("method") == "get"
    options = picker.xpath(".//select[@id='voice']/option/@value")
    assert "espeak:en-gb" in options
    assert picker.xpath(".//label[@for='voice']")
    page = parse(client.get(f"/documents/{doc_id}?level=easy&voice=espeak:en-gb", headers=HTML))
    assert page.xpath("//select[@id='voice']/option[@selected]/@value") == ["espeak:en-gb"]
    for form in page.xpath("//form[@data-make-audio]"):
        assert form.xpath(".//input[@name='voice']/@value") == ["espeak:en-gb"]
    response = client.post(
        f"/documents/{doc_id}/audio",
        data={
            "variant": "article",
            "level": "easy",
            "voice": "espeak:en-gb",
            "_csrf_token": csrf_token(client),
        },
        headers=HTML,
        follow_redirects=False,
    )
    assert response.headers["location"] == (
        f"/documents/{doc_id}?level=easy&voice=espeak%3Aen-gb#listen-article"
    )
    assert {r.voice for r in audio_of(client, doc_id, "article")} == {"espeak:en-gb"}


def audio_of(client: Client, doc_id: str, variant: str) -> list[Any]:
    """The audio records of one variant, as the app's store has them."""
    service = client.app.dependencies["audio"].dependency()
    records = client.blocking_portal.call(service.records.of_document, doc_id)
    return [r for r in records if r.variant == variant]


def test_the_scores_table_has_a_caption_and_header_cells(client: Client) -> None:
    doc_id = make_document(client)
    page = parse(client.get(f"/documents/{doc_id}", headers=HTML))
    (table,) = page.xpath("//section[@id='scores']//table")
    assert text_of(table.xpath("caption")[0])
    assert table.xpath(".//th[@scope='col']")
    rows = table.xpath(".//tbody/tr")
    assert len(rows) >= 9
    assert all(row.xpath("th[@scope='row']") for row in rows)


def test_the_hardest_sentences_are_marked_in_words_not_colour_alone(client: Client) -> None:
    hard = (
        "Notwithstanding the considerable administrative complexities inherent in "
        "intergovernmental infrastructure procurement, the municipality's comprehensive "
        "environmental remediation programme necessitated extraordinarily meticulous "
        "interdepartmental coordination throughout its implementation."
    )
    doc_id = make_document(client, ARTICLE + " " + hard)
    page = parse(client.get(f"/documents/{doc_id}", headers=HTML))
    marked = page.xpath("//section[@id='sentences']//li[contains(@class,'hardest')]")
    assert len(marked) == 1
    assert "Notwithstanding" in text_of(marked[0])
    label = marked[0].xpath(".//*[@class='hard-label']")[0]
    assert text_of(label) == "One of the hardest sentences:"
    words = [text_of(m) for m in marked[0].xpath(".//mark[@class='hard-word']")]
    assert "remediation" in words
    assert "municipality's" in words
    (chart,) = page.xpath("//section[@id='sentences']//svg")
    assert chart.get("role") == "img"
    assert len(chart.xpath(".//*[@class='bar bar-hard']")) == 1
    described_by = chart.get("aria-labelledby").split()
    for ident in described_by:
        assert text_of(page.xpath(f"//*[@id='{ident}']")[0])
    assert "sentences are hard" in text_of(page.xpath("//*[@id='chart-summary']")[0])


def test_what_a_person_types_is_escaped_on_the_page(client: Client) -> None:
    doc_id = make_document(client, title="<script>alert('x')</script> & <b>News</b>")
    page = parse(client.get(f"/documents/{doc_id}", headers=HTML))
    assert text_of(page.xpath("//h1")[0]) == "<script>alert('x')</script> & <b>News</b>"
    assert not page.xpath("//main//script|//main//b")


def test_an_empty_form_shows_the_error_summary_linked_to_the_field(client: Client) -> None:
    response = submit(client, text="   ", title="My title", url="")
    assert response.status_code == 422
    page = parse(response)
    assert_page_basics(page)
    assert text_of(page.xpath("//title")[0]).startswith("Error:")
    (summary,) = page.xpath("//*[@data-error-summary]")
    assert summary.get("role") == "alert"
    links = summary.xpath(".//a/@href")
    assert links == ["#text"]
    (field,) = page.xpath("//textarea[@id='text']")
    assert field.get("aria-invalid") == "true"
    assert "text-error" in field.get("aria-describedby").split()
    assert page.xpath("//input[@id='title']/@value") == ["My title"]


def test_a_title_longer_than_the_api_allows_is_refused_by_the_form_too(client: Client) -> None:
    too_long = "t" * 1_500_000
    response = submit(client, text=ARTICLE, title=too_long)
    assert response.status_code == 422
    page = parse(response)
    assert page.xpath("//*[@data-error-summary]//a/@href") == ["#title"]
    (message,) = page.xpath("//*[@id='title-error']")
    assert "500 or fewer" in text_of(message)
    (field,) = page.xpath("//input[@id='title']")
    assert (field.get("aria-invalid"), field.get("maxlength")) == ("true", "500")
    # The API refuses the same title: one limit, both ways in.
    api = client.post("/api/v1/documents", json={"text": ARTICLE, "title": too_long})
    assert api.status_code == 400
    assert submit(client, text=ARTICLE, title="t" * 500).status_code == 303


def test_text_and_a_link_together_are_refused_and_both_are_kept(client: Client) -> None:
    response = submit(client, text="Some words here.", url="https://example.com/story")
    assert response.status_code == 422
    page = parse(response)
    # One problem, listed once, shown by both of its fields.
    links = page.xpath("//*[@data-error-summary]//a/@href")
    assert links == ["#text"]
    assert page.xpath("//*[@id='text-error']")
    assert page.xpath("//*[@id='url-error']")
    assert text_of(page.xpath("//textarea[@id='text']")[0]) == "Some words here."
    assert page.xpath("//input[@id='url']/@value") == ["https://example.com/story"]


def test_a_refused_link_is_shown_by_its_field_and_the_link_is_kept(client: Client) -> None:
    response = submit(client, url="http://127.0.0.1:9/secret")
    assert response.status_code == 422
    page = parse(response)
    assert page.xpath("//*[@data-error-summary]//a/@href") == ["#url"]
    assert page.xpath("//input[@id='url']/@value") == ["http://127.0.0.1:9/secret"]
    assert page.xpath("//*[@id='url-error']")


def test_a_text_that_is_only_boilerplate_keeps_what_was_typed(client: Client) -> None:
    notice = "We use cookies to improve your experience. Accept all cookies."
    response = submit(client, text=notice)
    assert response.status_code == 422
    page = parse(response)
    assert text_of(page.xpath("//textarea[@id='text']")[0]) == notice
    assert page.xpath("//*[@data-error-summary]//a/@href") == ["#text"]


def test_an_html_file_can_be_uploaded(client: Client) -> None:
    html = (
        "<html><head><title>Park</title><script>track()</script></head><body>"
        f"<nav>Home | News</nav><article><p>{ARTICLE}</p></article></body></html>"
    )
    response = client.post(
        "/",
        data={"level": "standard", "_csrf_token": csrf_token(client)},
        files={"file": ("park.html", html.encode(), "text/html")},
        headers=HTML,
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    page = parse(client.get(response.headers["location"], headers=HTML))
    article = text_of(page.xpath("//*[@id='article']//*[@data-transcript]")[0])
    assert article.startswith("The town council")
    assert "track()" not in article


def upload(client: Client, name: str, content: bytes) -> Any:
    return client.post(
        "/",
        data={"level": "easy", "_csrf_token": csrf_token(client)},
        files={"file": (name, content, "text/plain")},
        headers=HTML,
        follow_redirects=False,
    )


def test_a_windows_1252_text_file_with_a_pound_sign_can_be_uploaded(client: Client) -> None:
    story = ARTICLE.replace("two million pounds", "£2m")
    response = upload(client, "park.txt", story.encode("cp1252"))
    assert response.status_code == 303, response.text
    page = parse(client.get(response.headers["location"], headers=HTML))
    assert "£2m" in text_of(page.xpath("//*[@id='article']//*[@data-transcript]")[0])


def test_a_pdf_upload_is_refused_with_a_message_by_the_file_field(client: Client) -> None:
    response = upload(client, "story.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj")
    assert response.status_code == 422
    page = parse(response)
    assert page.xpath("//*[@data-error-summary]//a/@href") == ["#file"]
    assert "This file is a PDF" in text_of(page.xpath("//*[@id='file-error']")[0])


def test_a_link_without_https_is_taken_as_https(client: Client) -> None:
    response = submit(client, text="", url="127.0.0.1:9/story")
    assert response.status_code == 422
    page = parse(response)
    # Refused for its address (a private one), not for a missing scheme.
    assert page.xpath("//input[@id='url']/@value") == ["https://127.0.0.1:9/story"]
    assert "http" not in text_of(page.xpath("//*[@id='url-error']")[0]).split(":")[0]


def test_a_form_without_its_token_is_refused_with_a_page(client: Client) -> None:
    client.get("/", headers=HTML)
    response = client.post(
        "/", data={"text": ARTICLE, "level": "easy"}, headers=HTML, follow_redirects=False
    )
    assert response.status_code == 403
    page = parse(response)
    assert_page_basics(page)
    assert text_of(page.xpath("//h1")[0]) == "The form has expired"


def test_the_api_needs_no_form_token(client: Client) -> None:
    response = client.post("/api/v1/documents", json={"text": ARTICLE})
    assert response.status_code == 201, response.text


def test_an_unknown_document_is_a_404_page(client: Client) -> None:
    response = client.get("/documents/" + "0" * 32, headers=HTML)
    assert response.status_code == 404
    page = parse(response)
    assert_page_basics(page)
    assert text_of(page.xpath("//h1")[0]) == "Page not found"
    assert "cannot find that document" in text_of(page.xpath("//main")[0])
    assert page.xpath("//main//a[@href='/']")


@pytest.mark.parametrize("path", ["/documents/not-an-id", "/no/such/page"])
def test_a_wrong_address_is_a_404_page(client: Client, path: str) -> None:
    response = client.get(path, headers=HTML)
    assert response.status_code == 404
    assert_page_basics(parse(response))


def test_the_api_still_answers_errors_as_problem_details(client: Client) -> None:
    response = client.get("/api/v1/documents/" + "0" * 32, headers=HTML)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize("path", ["/", "/help", "/settings"])
def test_pages_send_a_strict_content_security_policy(client: Client, path: str) -> None:
    response = client.get(path, headers=HTML)
    policy = dict(
        part.strip().split(" ", 1)
        for part in response.headers["content-security-policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe" not in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"]


@pytest.mark.parametrize("path", ["/help", "/settings"])
def test_help_and_settings_pages_are_well_formed(client: Client, path: str) -> None:
    page = parse(client.get(path, headers=HTML))
    assert_page_basics(page)
    assert_controls_are_labelled(page)


def test_every_reading_setting_is_a_labelled_choice_in_a_fieldset(client: Client) -> None:
    page = parse(client.get("/settings", headers=HTML))
    (form,) = page.xpath("//form[@data-preferences]")
    assert (form.get("method"), form.get("action")) == ("post", "/settings")
    assert form.xpath(".//input[@name='_csrf_token']")
    groups = form.xpath(".//fieldset")
    assert {text_of(g.xpath("legend")[0]) for g in groups} == {
        "Text size",
        "Space between lines",
        "Space between letters",
        "Space between words",
        "Font",
        "Colours",
    }
    for group in groups:
        radios = group.xpath(".//input[@type='radio']")
        assert len(radios) >= 2
        assert len({r.get("name") for r in radios}) == 1


def test_the_reading_settings_are_a_plain_form_whose_cookie_every_page_applies(
    client: Client,
) -> None:
    token = csrf_token(client)
    chosen = {"size": "150", "font": "lexend", "words": "wider", "theme": "auto", "lines": "huge"}
    response = client.post(
        "/settings",
        data={**chosen, "_csrf_token": token},
        headers=HTML,
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/settings?saved=yes"
    assert "HttpOnly" in response.headers["set-cookie"]
    for path in ("/", "/help", "/documents/" + "0" * 32):
        root = parse(client.get(path, headers=HTML))
        # The usual choices ("auto") and unknown ones ("huge") are left off.
        assert {k: v for k, v in root.attrib.items() if k.startswith("data-")} == {
            "data-size": "150",
            "data-words": "wider",
            "data-font": "lexend",
        }
    page = parse(client.get("/settings?saved=yes", headers=HTML))
    assert page.xpath("//input[@id='font-lexend']/@checked")
    assert page.xpath("//input[@id='theme-auto']/@checked")
    assert text_of(page.xpath("//*[@data-preferences-status]")[0]) == "Saved on this device."
    client.post(
        "/settings",
        data={"reset": "yes", "_csrf_token": token},
        headers=HTML,
        follow_redirects=False,
    )
    root = parse(client.get("/help", headers=HTML))
    assert not [k for k in root.attrib if k.startswith("data-")]


def test_the_page_assets_are_served(client: Client) -> None:
    page = parse(client.get("/", headers=HTML))
    for href in page.xpath("//link[@rel='stylesheet']/@href|//script/@src"):
        response = client.get(href)
        assert response.status_code == 200, href
        assert response.content


def test_sending_the_form_starts_the_summaries_audio(client: Client) -> None:
    doc_id = make_document(client)
    page = parse(client.get(f"/documents/{doc_id}", headers=HTML))
    for level in ("easy", "standard", "detailed"):
        block = page.xpath(f"//*[@id='listen-{level}']")[0]
        on_its_way = block.xpath(".//p[@class='pending'] | .//audio")
        assert on_its_way, f"the {level} summary shows neither progress nor a player"
    article = page.xpath("//*[@id='listen-article']")[0]
    assert text_of(article.xpath(".//button[@type='submit']")[0]).startswith("Make audio")


def test_each_summary_and_the_article_offer_to_make_audio(client: Client) -> None:
    # A document made through the API has no audio yet: every variant offers it.
    created = client.post("/api/v1/documents", json={"text": ARTICLE})
    doc_id = created.json()["id"]
    page = parse(client.get(f"/documents/{doc_id}", headers=HTML))
    forms = page.xpath("//form[@data-make-audio]")
    assert [f.xpath("string(.//input[@name='variant']/@value)") for f in forms] == [
        "easy",
        "standard",
        "detailed",
        "article",
    ]
    for form in forms:
        assert form.get("method") == "post"
        assert form.get("action") == f"/documents/{doc_id}/audio"
        assert form.xpath(".//input[@name='_csrf_token']/@value")
        assert text_of(form.xpath(".//button[@type='submit']")[0]).startswith("Make audio")
        status = form.getparent().xpath(".//*[@data-status]")[0]
        assert status.get("role") == "status"


def test_asking_for_audio_of_an_unknown_variant_is_refused_with_a_page(client: Client) -> None:
    doc_id = make_document(client)
    response = client.post(
        f"/documents/{doc_id}/audio",
        data={"variant": "song", "_csrf_token": csrf_token(client)},
        headers=HTML,
        follow_redirects=False,
    )
    assert response.status_code == 422
    page = parse(response)
    assert_page_basics(page)
    assert "Unknown variant 'song'" in text_of(page.xpath("//main")[0])


def test_a_form_token_still_works_after_a_restart(settings: Settings) -> None:
    with TestClient(app=create_app(settings)) as before:
        token = csrf_token(before)
        cookies = dict(before.cookies)
    with TestClient(app=create_app(settings), cookies=cookies) as after:
        response = after.post(
            "/",
            data={"text": ARTICLE, "level": "easy", "_csrf_token": token},
            headers=HTML,
            follow_redirects=False,
        )
    assert response.status_code == 303, response.text
