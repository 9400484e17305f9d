"""The hostile input catalogue: each case is refused with a 4xx or made harmless.

The catalogue (see docs/security.md): oversized bodies, invalid and deeply
nested JSON, wrong content types, HTML carrying scripts, event handlers,
``javascript:`` links and huge attributes, markup in text and titles, and
path tricks in ids.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from litestar.testing import TestClient

from access_api.app import create_app
from access_api.settings import Settings
from access_api.web._files import content_disposition

if TYPE_CHECKING:
    from pathlib import Path

    from litestar import Litestar

    from tests.hardening.conftest import RawRequest

    Client = TestClient[Litestar]

PROBLEM = "application/problem+json"
ARTICLE = (
    "The town council met on Tuesday to talk about the new park. "
    "Many people came to the meeting. They asked for more trees and a place for children to play. "
    "The mayor said the park would open next summer. Work on the paths will start in the spring."
)
JSON = [(b"content-type", b"application/json")]


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["detail"]
    assert "Traceback" not in response.text
    return body


# --- Oversized bodies -------------------------------------------------------------------------

LIMIT = 4096


@pytest.fixture
def small(tmp_path: Path) -> Any:
    settings = Settings(data_dir=tmp_path / "data", max_body_bytes=LIMIT, max_text_chars=1000)
    with TestClient(app=create_app(settings)) as client:
        yield client


def test_a_body_announced_over_the_limit_is_refused_before_any_of_it_is_read(
    small: Client, raw_request: RawRequest
) -> None:
    chunks = [b"x" * 1024] * 100
    answer = raw_request(
        small,
        "POST",
        b"/api/v1/documents",
        headers=[*JSON, (b"content-length", str(len(chunks) * 1024).encode())],
        chunks=chunks,
    )
    assert answer.status == 413
    assert answer.chunks_read == 0
    assert answer.headers["content-type"].startswith(PROBLEM)


def test_a_streamed_body_over_the_limit_is_refused_as_soon_as_it_passes_the_limit(
    small: Client, raw_request: RawRequest
) -> None:
    chunks = [b"x" * 1024] * 1000  # a megabyte, sent with no length announced
    answer = raw_request(
        small,
        "POST",
        b"/api/v1/documents",
        headers=[*JSON, (b"transfer-encoding", b"chunked")],
        chunks=chunks,
    )
    assert answer.status == 413
    assert answer.chunks_read <= LIMIT // 1024 + 1
    assert json.loads(answer.body)["status"] == 413


def test_an_article_over_the_character_limit_gets_413_naming_the_limit(small: Client) -> None:
    body = assert_problem(small.post("/api/v1/documents", json={"text": "word " * 500}), 413)
    assert "1,000" in body["detail"]


def test_html_with_100000_attributes_on_one_element_gets_413_naming_the_limit(
    shared: Client,
) -> None:
    attributes = " ".join(f"a{i}=x" for i in range(100_000))
    html = f"<html><body><p {attributes}>The council will vote in March.</p></body></html>"
    body = assert_problem(shared.post("/api/v1/documents", json={"html": html}), 413)
    assert "more than 100 attributes" in body["detail"]
    assert body["type"].endswith("/page-too-complex")


# --- Invalid and deeply nested JSON ------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        b'{"text": "never closed',
        b'{"text": "a"} trailing',
        b"{'text': 'single quotes'}",
        b'{"text": NaN}',
        b"",
        b"null",
        b'"just a string"',
        b'[{"text": "a list"}]',
        b'\xef\xbb\xbf{"text": "after a byte order mark"}',
        b'{"text": "\xff\xfe not UTF-8"}',
        b'{"text": 42}',
        b'{"text": {"nested": "object"}}',
        b'{"txet": "misspelt field"}',
    ],
    ids=[
        "truncated",
        "trailing-garbage",
        "single-quotes",
        "nan",
        "empty",
        "null",
        "bare-string",
        "array",
        "bom",
        "not-utf8",
        "number",
        "object",
        "unknown-field",
    ],
)
def test_invalid_json_gets_a_4xx_problem(shared: Client, body: bytes) -> None:
    response = shared.post(
        "/api/v1/documents", content=body, headers={"content-type": "application/json"}
    )
    assert 400 <= response.status_code < 500, response.text
    assert response.headers["content-type"].startswith(PROBLEM)


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_deeply_nested_json_gets_a_4xx_problem(shared: Client, depth: int) -> None:
    body = '{"text": ' + "[" * depth + "]" * depth + "}"
    response = shared.post(
        "/api/v1/documents", content=body, headers={"content-type": "application/json"}
    )
    assert_problem(response, 400)


@pytest.mark.parametrize(
    "text",
    ["half a pair \ud800 of surrogates", "a NUL \u0000 inside", "\u202eright-to-left override"],
    ids=["lone-surrogate", "nul", "rtl-override"],
)
def test_strange_code_points_in_json_give_a_4xx_or_clean_utf8(shared: Client, text: str) -> None:
    payload = json.dumps({"text": f"{ARTICLE} {text}"}).encode()
    response = shared.post(
        "/api/v1/documents", content=payload, headers={"content-type": "application/json"}
    )
    assert response.status_code < 500, response.text
    response.content.decode("utf-8")  # whatever came back is valid UTF-8
    if response.status_code < 300:
        assert "\ud800" not in response.json()["text"]
        assert "\u0000" not in response.json()["text"]


def test_two_sources_at_once_get_422(shared: Client) -> None:
    body = assert_problem(shared.post("/api/v1/documents", json={"text": "a", "html": "b"}), 422)
    assert "exactly one" in body["detail"]


# --- Wrong content types -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/xml",
        "",
    ],
    ids=["text", "form", "multipart", "xml", "none"],
)
@pytest.mark.parametrize("path", ["/api/v1/documents", "/api/v1/readability"])
def test_an_api_body_not_declared_as_json_gets_415(
    shared: Client, content_type: str, path: str
) -> None:
    payload = json.dumps({"text": ARTICLE})
    headers = {"content-type": content_type} if content_type else {}
    response = shared.post(path, content=payload, headers=headers)
    body = assert_problem(response, 415)
    assert "application/json" in body["detail"]


def test_json_with_a_charset_is_accepted(shared: Client) -> None:
    response = shared.post(
        "/api/v1/readability",
        content=json.dumps({"text": ARTICLE}),
        headers={"content-type": "application/json; charset=utf-8"},
    )
    assert response.status_code == 200, response.text


# --- HTML with scripts, event handlers, javascript: links, huge attributes --------------------

HOSTILE_HTML = f"""<!doctype html><html><head><title>News</title>
<script>alert('head')</script><style>body{{}}</style></head>
<body onload="alert('body')"><article><h1>The new park</h1>
<p onclick="alert('p')">{ARTICLE}</p>
<p>Read <a href="javascript:alert('link')">the plan</a> and
<a href="JaVaScRiPt&colon;alert('encoded')">the budget</a>.
<img src="x" onerror="alert('img')"><svg onload="alert('svg')"></svg>
<iframe src="javascript:alert('frame')"></iframe>
<p data-x="{"A" * 1_000_000}">The council will vote in March.</p>
<script>document.write('<p>injected sentence</p>')</script>
</article></body></html>"""

MARKERS = ("alert(", "<script", "javascript:", "onerror", "onload", "onclick", "<iframe", "AAAA")


def strings_in(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings_in(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings_in(v)]
    return []


def test_html_with_scripts_handlers_and_javascript_links_leaves_only_text(shared: Client) -> None:
    response = shared.post("/api/v1/documents", json={"html": HOSTILE_HTML})
    assert response.status_code == 201, response.text
    doc = response.json()
    assert "new park" in doc["text"]
    assert "injected sentence" not in doc["text"]
    for text in strings_in({k: v for k, v in doc.items() if k != "removed"}):
        for marker in MARKERS:
            assert marker.lower() not in text.lower(), (marker, text[:200])
    assert len(response.content) < 200_000, "the huge attribute value was not carried over"


class _Elements(HTMLParser):
    """Every start tag with its attributes, and every script's own text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.script_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.script_text.append(data)


def assert_no_live_markup(page: str) -> None:
    parsed = _Elements()
    parsed.feed(page)
    for tag, attrs in parsed.tags:
        assert tag not in {"iframe", "object", "embed"}, tag
        handlers = [name for name in attrs if name.startswith("on")]
        assert not handlers, (tag, attrs)
        for name in ("href", "src", "action", "formaction"):
            assert not (attrs.get(name) or "").strip().lower().startswith("javascript:"), attrs
        if tag == "script":
            assert attrs.get("src", "").startswith("/static/"), attrs  # type: ignore[union-attr]
    assert not "".join(parsed.script_text).strip(), "inline script found"
    assert "alert(" not in "".join(parsed.script_text)


MARKUP_TEXT = (
    f"{ARTICLE} The plan says <script>alert('text')</script> and "
    "<img src=x onerror=alert('img')> and <a href=\"javascript:alert('a')\">here</a>."
)
MARKUP_TITLE = "<script>alert('title')</script><img src=x onerror=alert(1)>\"' onmouseover=alert(2)"


def test_markup_in_text_and_title_is_escaped_on_the_document_page(shared: Client) -> None:
    created = shared.post("/api/v1/documents", json={"text": MARKUP_TEXT, "title": MARKUP_TITLE})
    assert created.status_code == 201, created.text
    page = shared.get(created.json()["links"]["page"], headers={"accept": "text/html"})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert_no_live_markup(page.text)
    assert "&lt;script&gt;" in page.text or "<script>alert" not in page.text


def test_markup_in_text_comes_back_from_the_api_only_as_json_data(shared: Client) -> None:
    created = shared.post("/api/v1/documents", json={"text": MARKUP_TEXT, "title": MARKUP_TITLE})
    assert created.headers["content-type"] == "application/json"
    assert created.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'none'" in created.headers["content-security-policy"]


@pytest.mark.parametrize(
    "path",
    [
        "/documents/{id}?level=<script>alert(1)</script>",
        "/documents/<script>alert(1)</script>",
        "/api/v1/documents/{id}/summaries/<script>alert(1)</script>",
        '/api/v1/documents/{id}/summaries?algorithm="><script>alert(1)</script>',
    ],
    ids=["page-level", "page-id", "api-level", "api-algorithm"],
)
def test_markup_in_urls_is_never_echoed_live(shared: Client, path: str) -> None:
    doc_id = shared.post("/api/v1/documents", json={"text": ARTICLE}).json()["id"]
    response = shared.get(path.format(id=doc_id), headers={"accept": "text/html"})
    assert response.status_code < 500, response.text
    if response.headers["content-type"].startswith("text/html"):
        assert_no_live_markup(response.text)
    else:
        assert "default-src 'none'" in response.headers["content-security-policy"]
        assert response.headers["x-content-type-options"] == "nosniff"


# --- Path tricks in ids ------------------------------------------------------------------------

PATH_TRICKS = [
    b"../../../../etc/passwd",
    b"..%2f..%2f..%2fetc%2fpasswd",
    b"%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    b"%252e%252e%252fetc%252fpasswd",
    b"..\\..\\windows\\win.ini",
    b"0123456789abcdef0123456789abcdef%00.json",
    b"%00",
    b"0123456789abcdef0123456789abcde%2f",
    b"0123456789ABCDEF0123456789ABCDEF",
    b"a" * 5000,
    b"%ff%fe",
    b"%e2%80%ae",
]
PATH_IDS = [
    "dot-dot",
    "encoded-slash",
    "encoded-dots",
    "double-encoded",
    "backslashes",
    "nul-suffix",
    "nul",
    "slash-in-id",
    "upper-case",
    "very-long",
    "bad-utf8",
    "rtl-override",
]


@pytest.mark.parametrize("trick", PATH_TRICKS, ids=PATH_IDS)
@pytest.mark.parametrize(
    "template",
    [
        b"/api/v1/documents/%s",
        b"/api/v1/documents/%s/readability",
        b"/api/v1/documents/%s/summaries/easy",
        b"/documents/%s",
    ],
    ids=["document", "readability", "summary", "page"],
)
def test_path_tricks_in_ids_find_nothing(
    shared: Client, raw_request: RawRequest, template: bytes, trick: bytes
) -> None:
    answer = raw_request(
        shared, "GET", template % trick, headers=[(b"accept", b"application/json")]
    )
    assert answer.status in {400, 404}, answer
    assert b"root:" not in answer.body
    assert b"[fonts]" not in answer.body
    assert answer.headers["x-content-type-options"] == "nosniff"


def test_deleting_with_a_path_trick_deletes_nothing(
    shared: Client, raw_request: RawRequest
) -> None:
    doc_id = shared.post("/api/v1/documents", json={"text": ARTICLE}).json()["id"]
    for trick in (b"..%2f" + doc_id.encode(), doc_id.encode() + b"%00", b"%2e%2e"):
        answer = raw_request(shared, "DELETE", b"/api/v1/documents/" + trick)
        assert answer.status in {400, 404}, (trick, answer)
    assert shared.get(f"/api/v1/documents/{doc_id}").status_code == 200


@pytest.mark.parametrize(
    "query",
    ["sentences=-1", "sentences=100000000000000000000", "sentences=1e3", "algorithm=../../x"],
)
def test_bad_query_values_get_a_4xx(shared: Client, query: str) -> None:
    doc_id = shared.post("/api/v1/documents", json={"text": ARTICLE}).json()["id"]
    response = shared.get(f"/api/v1/documents/{doc_id}/summaries/easy?{query}")
    assert 400 <= response.status_code < 500, response.text
    assert response.headers["content-type"].startswith(PROBLEM)


def test_a_malformed_host_header_gets_400(shared: Client, raw_request: RawRequest) -> None:
    answer = raw_request(shared, "GET", b"/health", headers=[(b"host", b"evil: 1")])
    assert answer.status == 400


# --- Header injection through titles -----------------------------------------------------------


@settings(max_examples=200, deadline=None, database=None)
@given(st.text(max_size=300), st.booleans())
def test_no_title_can_break_out_of_content_disposition(title: str, attachment: bool) -> None:
    value = content_disposition(f"{title} - Easy summary.mp3", attachment=attachment)
    value.encode("latin-1")  # a header value the server can send at all
    assert not any(c in value for c in "\r\n\x00")
    assert value.count('"') == 2, "one quoted ASCII filename, nothing more"
    assert value.startswith("attachment; " if attachment else "inline; ")
    _, _, utf8_part = value.partition("; filename*=UTF-8''")
    assert utf8_part, "the UTF-8 name is always there"
    assert all(c.isalnum() or c in "%-._~" for c in utf8_part), utf8_part
