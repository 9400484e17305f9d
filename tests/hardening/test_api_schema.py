"""Property-based API tests: schemathesis sends what the OpenAPI schema allows, and more.

Every operation, with a bounded number of generated requests, must answer
without a 5xx and with a response its own schema describes: each on its own,
then in sequences that follow the schema's links, so that the operations on a
document or an audio are sent the id of one just made.
"""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema_rs
import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from access_api.app import create_app
from access_api.settings import Settings

if TYPE_CHECKING:
    from collections.abc import Iterator

    from litestar import Litestar
    from litestar.testing import TestClient
    from schemathesis import Case, Response

# Loaded at import: schemathesis makes one test per operation while collecting.
# (Its lazy fixture loader does not work with this pytest.)
_DATA = Path(tempfile.mkdtemp(prefix="access-api-schemathesis-"))
# Hundreds of requests from one address: the rate limit has its own tests.
_APP = create_app(Settings(data_dir=_DATA / "data", rate_limit_per_minute=0))
schema = schemathesis.openapi.from_asgi("/schema/openapi.json", _APP)


@pytest.fixture(scope="module", autouse=True)
def _remove_the_data_directory() -> Iterator[None]:
    yield
    shutil.rmtree(_DATA, ignore_errors=True)


@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    database=None,
)
def test_no_operation_answers_5xx_or_breaks_its_schema(case: Case) -> None:
    case.call_and_validate(excluded_checks=EXCLUDED)


EXCLUDED = [
    # The schema cannot say that a text must have words left after cleaning, or
    # that a link must lead to a public web page: refusing those is right.
    schemathesis.checks.positive_data_acceptance,
    # Litestar 2's own OPTIONS answer lists only the first handler of a
    # path (litestar-org/litestar#4169, fixed in Litestar 3).
    schemathesis.checks.allow_header_conformance,
]
# What each operation answered in the linked sequences: (method and path, status) -> count.
ANSWERED: Counter[tuple[str, int]] = Counter()


class LinkedCalls(schema.as_state_machine()):  # type: ignore[misc]
    """Sequences of calls, each sending ids from the answers before it (the schema's links).

    Each sequence deletes the documents it made: Hypothesis replays sequences,
    and one must meet the server as it met it the first time (a document sent
    again is a 200, not a 201, and has other links).
    """

    made: list[str]

    def setup(self) -> None:
        self.made = []

    def after_call(self, response: Response, case: Case) -> None:
        super().after_call(response, case)
        ANSWERED[f"{case.method} {case.path}", response.status_code] += 1
        if (
            case.method == "POST"
            and case.path == "/api/v1/documents"
            and response.status_code < 300
        ):
            self.made.append(response.json()["id"])

    def teardown(self) -> None:
        for doc_id in self.made:
            schema["/api/v1/documents/{doc_id}"]["DELETE"].Case(
                path_parameters={"doc_id": doc_id}
            ).call()

    def validate_response(
        self,
        response: Response,
        case: Case,
        additional_checks: Any = None,
        **kwargs: Any,
    ) -> None:
        case.validate_response(response, excluded_checks=EXCLUDED)


def test_linked_calls_reach_real_documents_and_audio_without_a_5xx() -> None:
    ANSWERED.clear()
    LinkedCalls.run(
        settings=settings(
            max_examples=100,
            stateful_step_count=8,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
    )
    found = {operation for (operation, status), _ in ANSWERED.items() if 200 <= status < 300}
    # Without links these only ever answered 404: no generated id names a
    # document or an audio. An audio still being made answers 409 for its files.
    assert "GET /api/v1/documents/{doc_id}" in found, ANSWERED
    assert "GET /api/v1/documents/{doc_id}/readability" in found, ANSWERED
    assert "POST /api/v1/documents/{doc_id}/audio" in found, ANSWERED
    assert any(
        operation.startswith(("GET /api/v1/audio/", "HEAD /api/v1/audio/")) and status != 404
        for operation, status in ANSWERED
    ), ANSWERED
    assert not [key for key in ANSWERED if key[1] >= 500]


@pytest.mark.parametrize(
    ("body", "valid"),
    [
        ({"text": "Rivers rise."}, True),
        ({"html": "<p>Rivers rise.</p>", "title": "Rivers"}, True),
        ({"url": "https://example.com/story", "text": None}, True),
        ({}, False),
        ({"title": "Rivers"}, False),
        ({"text": "Rivers rise.", "html": "<p>Rivers rise.</p>"}, False),
        ({"text": "Rivers rise.", "url": "https://example.com/story"}, False),
        ({"text": "Rivers rise.", "colour": "blue"}, False),
    ],
)
def test_the_schema_of_a_new_document_says_what_validation_enforces(
    shared: TestClient[Litestar], body: dict[str, Any], valid: bool
) -> None:
    document = shared.get("/schema/openapi.json").json()
    schema_of_body = jsonschema_rs.validator_for(document["components"]["schemas"]["DocumentIn"])
    assert schema_of_body.is_valid(body) is valid
    status = shared.post("/api/v1/documents", json=body).status_code
    # What the schema refuses, the API refuses; what it allows passes validation
    # (a link may still not be fetched, which is another refusal).
    assert (status in {200, 201, 422, 502}) if valid else (400 <= status < 500)
    if not valid:
        assert status in {400, 422}
