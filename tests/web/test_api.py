"""The REST API v1 from a caller's side: documents, readability, summaries, problems."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pytest

from access_api.app import create_app
from access_api.settings import Settings

if TYPE_CHECKING:
    from pathlib import Path

    from litestar import Litestar
    from litestar.testing import TestClient

    Client = TestClient[Litestar]

PROBLEM = "application/problem+json"

ARTICLE = (
    "The town council met on Tuesday to talk about the new park. "
    "Many people came to the meeting. They asked for more trees and a place for children to play. "
    "The mayor said the park would open next summer. "
    "Work on the paths will start in the spring. "
    "The council will spend two million pounds on the project, which is more than planned. "
    "Some people worry about the cost. Others say the town needs green space. "
    "A final plan will be shown to the public in March."
)


def assert_problem(response: Any, status: int, *words: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["title"]
    for word in words:
        assert word.lower() in body["detail"].lower(), body
    assert "Traceback" not in response.text
    return body


def test_posting_the_seed_article_removes_the_cookie_notice(client: Client, seed_text: str) -> None:
    response = client.post("/api/v1/documents", json={"text": seed_text})
    assert response.status_code == 201, response.text
    doc = response.json()
    assert "cookies" not in doc["text"]
    assert "Do Not Sell" not in doc["text"]
    assert "<a" not in doc["text"]
    assert "href" not in doc["text"]
    assert doc["text"].startswith("Jess Phillips")
    removed = " ".join(r["text"] for r in doc["removed"])
    assert "cookies" in removed
    assert all(r["reason"] for r in doc["removed"])
    for sentence in doc["sentences"]:
        assert doc["text"][sentence["start"] : sentence["end"]] == sentence["text"]
    assert response.headers["location"] == f"/api/v1/documents/{doc['id']}"


def test_the_same_article_twice_gives_the_same_document(client: Client) -> None:
    first = client.post("/api/v1/documents", json={"text": ARTICLE})
    second = client.post("/api/v1/documents", json={"text": ARTICLE, "title": "Again"})
    assert first.status_code == 201
    assert second.status_code == 200
    assert second.json()["id"] == first.json()["id"]


def test_the_schema_lists_both_answers_of_creating_a_document(client: Client) -> None:
    schema = client.get("/schema/openapi.json").json()
    responses = schema["paths"]["/api/v1/documents"]["post"]["responses"]
    for status in ("200", "201"):
        content = responses[status]["content"]["application/json"]["schema"]
        assert content == {"$ref": "#/components/schemas/DocumentOut"}


def test_documents_survive_a_restart(settings: Settings) -> None:
    from litestar.testing import TestClient

    with TestClient(app=create_app(settings)) as first:
        doc_id = first.post("/api/v1/documents", json={"text": ARTICLE}).json()["id"]
    with TestClient(app=create_app(settings)) as second:
        response = second.get(f"/api/v1/documents/{doc_id}")
    assert response.status_code == 200
    assert response.json()["text"].startswith("The town council")


def test_html_is_reduced_to_its_main_content(client: Client) -> None:
    page = (
        "<html><head><title>Park news</title><script>alert(1)</script>"
        "<style>p{color:red}</style></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<main><article><h1>Park news</h1><p>{ARTICLE}</p></article></main>"
        "<footer>Copyright 2026 Town Times</footer></body></html>"
    )
    response = client.post("/api/v1/documents", json={"html": page})
    assert response.status_code == 201, response.text
    doc = response.json()
    assert "The town council met on Tuesday" in doc["text"]
    assert "alert(1)" not in doc["text"]
    assert "color:red" not in doc["text"]
    assert doc["title"] == "Park news"
    assert doc["source"] == "html"


def test_readability_report_has_every_formula_and_plain_words(client: Client) -> None:
    doc_id = client.post("/api/v1/documents", json={"text": ARTICLE}).json()["id"]
    report = client.get(f"/api/v1/documents/{doc_id}/readability").json()
    assert set(report["scores"]) == {
        "flesch_reading_ease",
        "flesch_kincaid_grade",
        "gunning_fog",
        "smog_index",
        "coleman_liau_index",
        "automated_readability_index",
        "dale_chall_readability_score",
        "linsear_write_formula",
        "text_standard",
    }
    assert report["label"].split(":")[0] in report["label"]
    assert ":" in report["label"]
    assert report["words"] == len(ARTICLE.split())
    # 238 words a minute, not textstat's 3-4x faster default.
    assert report["reading_time_seconds"] == pytest.approx(report["words"] / 238 * 60, rel=0.01)
    assert len(report["sentences"]) == report["sentence_count"] == 9
    assert report["warnings"], "under 100 words: the report must say scores are unreliable"


def test_summaries_come_easiest_first_and_link_back_to_the_article(
    client: Client, seed_text: str
) -> None:
    doc = client.post("/api/v1/documents", json={"text": seed_text}).json()
    summaries = client.get(f"/api/v1/documents/{doc['id']}/summaries").json()
    assert [s["level"] for s in summaries] == ["easy", "standard", "detailed"]
    texts = {s["text"] for s in summaries}
    assert len(texts) == 3, "the three levels must differ"
    grades = [s["readability"]["grade"] for s in summaries]
    assert grades == sorted(grades), f"grades must not rise from easy to detailed: {grades}"
    article = client.get(f"/api/v1/documents/{doc['id']}/readability").json()
    assert grades[0] < article["grade"] - 1, "the easy summary must be measurably easier"
    for summary in summaries:
        indexes = [s["source_index"] for s in summary["sentences"]]
        assert indexes == sorted(indexes)
        for sentence in summary["sentences"]:
            source = doc["sentences"][sentence["source_index"]]
            assert (sentence["start"], sentence["end"]) == (source["start"], source["end"])


def test_one_summary_level_with_a_chosen_algorithm_and_length(client: Client) -> None:
    doc_id = client.post("/api/v1/documents", json={"text": ARTICLE}).json()["id"]
    response = client.get(
        f"/api/v1/documents/{doc_id}/summaries/standard",
        params={"algorithm": "lexrank", "sentences": 2},
    )
    assert response.status_code == 200, response.text
    summary = response.json()
    assert summary["algorithm"] == "lexrank"
    assert len(summary["sentences"]) == 2
    assert isinstance(summary["met_target"], bool)


def test_stateless_twins_store_nothing(client: Client) -> None:
    readability = client.post("/api/v1/readability", json={"text": ARTICLE})
    assert readability.status_code == 200, readability.text
    assert readability.json()["words"] == len(ARTICLE.split())
    summary = client.post("/api/v1/summaries", json={"text": ARTICLE, "level": "easy"})
    assert summary.status_code == 200, summary.text
    assert summary.json()["level"] == "easy"


def test_the_openapi_schema_and_its_page_are_served(client: Client) -> None:
    schema = client.get("/schema/openapi.json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/documents" in paths
    assert "/api/v1/documents/{doc_id}/summaries/{level}" in paths
    page = client.get("/schema")
    assert page.status_code == 200
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in page.text
    assert not re.search(r"(src|href)=\"(https?:)?//", page.text), "nothing from elsewhere"
    bundle = client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js")
    assert bundle.status_code == 200
    # Swagger UI 5, the first to read OpenAPI 3.1 (4.15 said "Unable to render").
    assert schema.json()["openapi"].startswith("3.1")
    assert 'PACKAGE_VERSION:"5.' in bundle.text


def test_health_answers(client: Client) -> None:
    assert client.get("/health").json() == {"status": "ok"}


# Bad input: each gets a problem naming the problem, never a 500.


@pytest.mark.parametrize("text", ["", "   \n\t  "])
def test_empty_text_is_refused(client: Client, text: str) -> None:
    assert_problem(client.post("/api/v1/documents", json={"text": text}), 422, "empty")


def test_text_that_is_only_boilerplate_is_refused(client: Client) -> None:
    notice = (
        "We and our partners use cookies to improve your experience and show personalised "
        "advertising. Do Not Sell or Share my Data."
    )
    assert_problem(client.post("/api/v1/documents", json={"text": notice}), 422, "boilerplate")


def test_text_over_the_size_limit_is_413(tmp_path: Path) -> None:
    from litestar.testing import TestClient

    settings = Settings(data_dir=tmp_path, max_text_chars=1_000)
    with TestClient(app=create_app(settings)) as client:
        response = client.post("/api/v1/documents", json={"text": ARTICLE * 3})
    body = assert_problem(response, 413, "limit")
    assert body["limit"] == 1_000


def test_the_default_size_limit_is_200000_characters(client: Client) -> None:
    text = (ARTICLE + "\n\n") * (200_000 // len(ARTICLE) + 1)
    assert_problem(client.post("/api/v1/documents", json={"text": text}), 413, "200,000")


def test_invalid_json_is_400(client: Client) -> None:
    response = client.post(
        "/api/v1/documents",
        content=b'{"text": "unterminated',
        headers={"content-type": "application/json"},
    )
    assert_problem(response, 400, "not valid")


def test_non_utf8_body_is_400(client: Client) -> None:
    response = client.post(
        "/api/v1/documents",
        content='{"text": "caf\xe9"}'.encode("latin-1"),
        headers={"content-type": "application/json"},
    )
    assert_problem(response, 400, "not valid")


def test_binary_body_is_400(client: Client) -> None:
    response = client.post(
        "/api/v1/documents",
        content=bytes(range(256)) * 4,
        headers={"content-type": "application/json"},
    )
    assert_problem(response, 400, "not valid")


def test_two_sources_at_once_are_refused(client: Client) -> None:
    response = client.post("/api/v1/documents", json={"text": ARTICLE, "html": "<p>Hi</p>"})
    assert_problem(response, 422, "exactly one of text, html or url", "text and html")


def test_no_source_at_all_is_refused(client: Client) -> None:
    response = client.post("/api/v1/documents", json={"title": "Nothing"})
    assert_problem(response, 422, "exactly one of text, html or url")


def test_an_unknown_level_is_refused_with_the_choices(client: Client) -> None:
    doc_id = client.post("/api/v1/documents", json={"text": ARTICLE}).json()["id"]
    response = client.get(f"/api/v1/documents/{doc_id}/summaries/expert")
    body = assert_problem(response, 422, "expert")
    assert body["allowed"] == ["easy", "standard", "detailed"]


def test_an_unknown_algorithm_is_refused_with_the_choices(client: Client) -> None:
    response = client.post(
        "/api/v1/summaries", json={"text": ARTICLE, "level": "easy", "algorithm": "gpt"}
    )
    body = assert_problem(response, 422, "gpt")
    assert "lexrank" in body["allowed"]


def test_an_unknown_document_is_404(client: Client) -> None:
    assert_problem(client.get("/api/v1/documents/" + "0" * 32), 404, "no document")


def test_a_malformed_document_id_is_400(client: Client) -> None:
    assert_problem(client.get("/api/v1/documents/not-an-id"), 400)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/",
        "file:///etc/passwd",
    ],
)
def test_a_refused_link_is_422(client: Client, url: str) -> None:
    assert_problem(client.post("/api/v1/documents", json={"url": url}), 422)


def test_an_unreachable_link_is_502(client: Client) -> None:
    # A name under the reserved .invalid domain never resolves (RFC 6761).
    response = client.post("/api/v1/documents", json={"url": "https://news.example.invalid/a"})
    assert_problem(response, 502)


def test_a_50000_character_sentence_without_punctuation_is_handled(client: Client) -> None:
    words = ("word " * 10_000).strip()
    response = client.post("/api/v1/documents", json={"text": words})
    assert response.status_code in {201, 413, 422}, response.text
    if response.status_code == 201:
        doc = response.json()
        assert len(doc["sentences"]) > 1, "an endless sentence is split into bounded parts"
        summary = client.get(f"/api/v1/documents/{doc['id']}/summaries/easy")
        assert summary.status_code == 200, summary.text
