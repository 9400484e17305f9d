"""Abuse limits: per-client rate limits, API keys for writes, CORS, concurrent fetches."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from litestar.testing import TestClient

from access_api.app import create_app
from access_api.settings import Settings
from access_api.web._limits import RateLimit, is_expensive

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from litestar import Litestar

ARTICLE = (
    "The town council met on Tuesday to talk about the new park. "
    "Many people came to the meeting. They asked for more trees and a place for children to play. "
    "The mayor said the park would open next summer."
)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_client_may_burst_then_waits_for_the_rate() -> None:
    clock = Clock()
    limit = RateLimit(per_minute=60, burst=3, clock=clock)
    assert [limit.acquire("a") for _ in range(3)] == [0, 0, 0]
    assert limit.acquire("a") == pytest.approx(1.0)
    clock.now += 1.0
    assert limit.acquire("a") == 0


def test_one_clients_limit_does_not_touch_another() -> None:
    limit = RateLimit(per_minute=60, burst=1, clock=Clock())
    assert limit.acquire("a") == 0
    assert limit.acquire("a") > 0
    assert limit.acquire("b") == 0


def test_the_rate_limiter_forgets_the_longest_quiet_clients_first() -> None:
    limit = RateLimit(per_minute=60, burst=1, max_clients=2, clock=Clock())
    for client in ("a", "b", "c"):
        limit.acquire(client)
    assert limit.acquire("a") == 0, "a was forgotten, so it has a full bucket again"
    assert limit.acquire("c") > 0, "c is remembered"


def test_writes_summaries_and_exports_are_expensive_but_reads_are_not() -> None:
    assert is_expensive("POST", "/api/v1/documents")
    assert is_expensive("DELETE", "/api/v1/documents/{doc_id}")
    assert is_expensive("GET", "/api/v1/documents/{doc_id}/summaries")
    assert is_expensive("GET", "/api/v1/documents/{doc_id}/summaries/{level}")
    assert is_expensive("GET", "/api/v1/documents/{doc_id}/export")
    assert not is_expensive("GET", "/api/v1/documents/{doc_id}")
    assert not is_expensive("GET", "/api/v1/documents/{doc_id}/readability")
    assert is_expensive("GET", "/documents/{doc_id}")
    assert not is_expensive("GET", "/health")


@pytest.fixture
def strict(tmp_path: Path) -> Iterator[TestClient[Litestar]]:
    settings = Settings(
        data_dir=tmp_path / "data",
        rate_limit_per_minute=1,
        rate_limit_burst=2,
        api_keys="k-one, k-two",
        cors_origins="https://reader.example",
    )
    with TestClient(app=create_app(settings)) as client:
        yield client


def test_too_many_expensive_requests_get_429_with_retry_after(
    strict: TestClient[Litestar],
) -> None:
    auth = {"Authorization": "Bearer k-one"}
    answers = [
        strict.post("/api/v1/readability", json={"text": ARTICLE}, headers=auth) for _ in range(3)
    ]
    assert [a.status_code for a in answers] == [200, 200, 429]
    refused = answers[-1]
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert "wait" in refused.json()["detail"]


def test_the_results_page_is_rate_limited_like_the_summaries_it_shows(
    strict: TestClient[Litestar],
) -> None:
    page = "/documents/" + "0" * 32
    answers = [strict.get(page, headers={"Accept": "text/html"}) for _ in range(3)]
    assert [a.status_code for a in answers] == [404, 404, 429]
    assert answers[-1].headers["retry-after"]


def test_cheap_reads_are_not_rate_limited(strict: TestClient[Litestar]) -> None:
    assert all(strict.get("/health").status_code == 200 for _ in range(10))


def test_writes_without_an_api_key_get_401_when_keys_are_set(
    strict: TestClient[Litestar],
) -> None:
    response = strict.post("/api/v1/documents", json={"text": ARTICLE})
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert "API key" in response.json()["detail"]


def test_a_wrong_api_key_gets_401(strict: TestClient[Litestar]) -> None:
    response = strict.post(
        "/api/v1/documents", json={"text": ARTICLE}, headers={"Authorization": "Bearer k-three"}
    )
    assert response.status_code == 401
    assert "not valid" in response.json()["detail"]


def test_any_configured_api_key_opens_writes_in_either_header(
    strict: TestClient[Litestar],
) -> None:
    by_bearer = strict.post(
        "/api/v1/documents", json={"text": ARTICLE}, headers={"Authorization": "Bearer k-two"}
    )
    assert by_bearer.status_code == 201, by_bearer.text
    by_header = strict.post(
        "/api/v1/readability", json={"text": ARTICLE}, headers={"X-API-Key": "k-one"}
    )
    assert by_header.status_code == 200, by_header.text


def test_reads_need_no_api_key(strict: TestClient[Litestar]) -> None:
    assert strict.get("/api/v1/documents/" + "0" * 32).status_code == 404


def test_api_keys_are_off_by_default(shared: TestClient[Litestar]) -> None:
    assert shared.post("/api/v1/readability", json={"text": ARTICLE}).status_code == 200


def test_cors_answers_a_configured_origin(strict: TestClient[Litestar]) -> None:
    preflight = strict.options(
        "/api/v1/documents",
        headers={
            "Origin": "https://reader.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, authorization",
        },
    )
    assert preflight.status_code in {200, 204}
    assert preflight.headers["access-control-allow-origin"] == "https://reader.example"
    simple = strict.get("/health", headers={"Origin": "https://reader.example"})
    assert simple.headers["access-control-allow-origin"] == "https://reader.example"
    assert "x-request-id" in simple.headers["access-control-expose-headers"].lower()


def test_cors_ignores_other_origins(strict: TestClient[Litestar]) -> None:
    response = strict.get("/health", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in response.headers


def test_cors_is_off_by_default(shared: TestClient[Litestar]) -> None:
    response = shared.get("/health", headers={"Origin": "https://reader.example"})
    assert "access-control-allow-origin" not in response.headers


def test_guessing_api_keys_is_rate_limited_too(strict: TestClient[Litestar]) -> None:
    guesses = [
        strict.post(
            "/api/v1/readability", json={"text": ARTICLE}, headers={"X-API-Key": f"guess-{n}"}
        ).status_code
        for n in range(3)
    ]
    assert guesses == [401, 401, 429]
