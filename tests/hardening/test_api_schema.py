"""Property-based API tests: schemathesis sends what the OpenAPI schema allows, and more.

Every operation, with a bounded number of generated requests, must answer
without a 5xx and with a response its own schema describes.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from access_api.app import create_app
from access_api.settings import Settings

if TYPE_CHECKING:
    from collections.abc import Iterator

    from schemathesis import Case

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
    case.call_and_validate(
        excluded_checks=[
            # The schema cannot say "exactly one of text, html or url", nor that
            # a text must have words left after cleaning: refusing those is right.
            schemathesis.checks.positive_data_acceptance,
            # Litestar 2's own OPTIONS answer lists only the first handler of a
            # path (litestar-org/litestar#4169, fixed in Litestar 3).
            schemathesis.checks.allow_header_conformance,
        ]
    )
