"""What operators see: request ids, JSON logs, security headers, /ready and /metrics."""

from __future__ import annotations

import json
import logging
import os
import shutil
import socket
import subprocess
import sys
import time
from typing import TYPE_CHECKING

import httpx
import pytest
from litestar.testing import TestClient

from access_api import metrics
from access_api.app import create_app
from access_api.settings import Settings
from access_api.web import _problems
from access_api.web._observability import JsonFormatter

if TYPE_CHECKING:
    from pathlib import Path

    from litestar import Litestar

    Client = TestClient[Litestar]

ARTICLE = (
    "The town council met on Tuesday to talk about the new park. "
    "Many people came to the meeting. They asked for more trees and a place for children to play."
)


def test_a_sane_request_id_is_echoed(shared: Client) -> None:
    response = shared.get("/health", headers={"X-Request-ID": "abc-123.def"})
    assert response.headers["x-request-id"] == "abc-123.def"


@pytest.mark.parametrize(
    "hostile",
    ["a" * 129, "id with spaces", "id\u00e9", "<script>", "x;y", ""],
    ids=["too-long", "spaces", "non-ascii", "markup", "semicolon", "empty"],
)
def test_an_insane_request_id_is_replaced_by_a_new_one(shared: Client, hostile: str) -> None:
    response = shared.get("/health", headers={"X-Request-ID": hostile.encode("utf-8")})
    echoed = response.headers["x-request-id"]
    assert echoed != hostile
    assert len(echoed) == 32
    assert all(c in "0123456789abcdef" for c in echoed)


def test_each_request_without_an_id_gets_its_own(shared: Client) -> None:
    ids = {shared.get("/health").headers["x-request-id"] for _ in range(3)}
    assert len(ids) == 3


# Litestar cannot rank "q=inf": an error page asked for so must not fail.
@pytest.mark.parametrize("accept", ["application/json", "text/html", "text/html;q=inf"])
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/health"),
        ("GET", "/api/v1/documents/" + "0" * 32),
        ("GET", "/no/such/page"),
        ("DELETE", "/health"),
        ("GET", "/schema/openapi.json"),
        ("GET", "/metrics"),
    ],
    ids=["ok", "problem", "unknown-path", "wrong-method", "openapi", "metrics"],
)
def test_every_response_carries_the_security_headers(
    shared: Client, method: str, path: str, accept: str
) -> None:
    response = shared.request(method, path, headers={"accept": accept})
    headers = response.headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-request-id"]
    if not headers["content-type"].startswith("text/html"):
        assert "default-src 'none'" in headers["content-security-policy"]


def test_an_error_while_answering_an_error_is_a_500_problem_with_the_security_headers(
    shared: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**_: object) -> None:
        raise RuntimeError("the error page cannot be made")

    monkeypatch.setattr(_problems, "error_page", broken)
    response = shared.get("/no/such/page", headers={"accept": "text/html"})
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 500
    assert "Traceback" not in response.text
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-request-id"]


def test_the_api_reference_page_gets_the_pages_strict_policy(shared: Client) -> None:
    response = shared.get("/schema")
    assert response.status_code == 200
    policy = response.headers["content-security-policy"]
    assert "script-src 'self';" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in response.text


def test_a_request_writes_one_json_log_line_with_its_id(
    shared: Client, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="access_api.access"):
        shared.post(
            "/api/v1/readability", json={"text": ARTICLE}, headers={"X-Request-ID": "trace-42"}
        )
    lines = [r for r in caplog.records if r.name == "access_api.access"]
    assert len(lines) == 1
    entry = json.loads(JsonFormatter().format(lines[0]))
    assert entry["request_id"] == "trace-42"
    assert entry["method"] == "POST"
    assert entry["path"] == "/api/v1/readability"
    assert entry["status"] == 200
    assert entry["duration_ms"] > 0
    assert entry["level"] == "info"


def test_an_unexpected_error_is_logged_with_a_traceback_as_one_json_line() -> None:
    try:
        1 / 0  # noqa: B018
    except ZeroDivisionError:
        record = logging.LogRecord(
            "access_api", logging.ERROR, __file__, 1, "boom %s", ("now",), sys.exc_info()
        )
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "boom now"
    assert "ZeroDivisionError" in entry["exception"]


def test_ready_answers_200_when_database_and_storage_work(shared: Client) -> None:
    response = shared.get("/ready")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "checks": {"database": "ok", "queue": "ok", "storage": "ok", "engines": "ok"},
    }


def test_ready_answers_503_when_the_data_directory_cannot_be_written(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with TestClient(app=create_app(Settings(data_dir=data))) as client:
        # Root ignores permissions, so make the directory unusable outright.
        shutil.rmtree(data)
        data.write_text("not a directory")
        response = client.get("/ready")
    assert response.status_code == 503
    assert response.headers["retry-after"]
    body = response.json()
    assert body["checks"]["storage"] != "ok"
    assert "data directory" in body["detail"]
    # A problem's status is the HTTP status as a number, as RFC 9457 has it.
    assert body["status"] == 503
    assert body["title"] == "Not ready"


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_ready_answers_503_when_the_data_directory_is_read_only(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with TestClient(app=create_app(Settings(data_dir=data))) as client:
        data.chmod(0o500)
        try:
            response = client.get("/ready")
        finally:
            data.chmod(0o700)
    assert response.status_code == 503
    assert response.json()["checks"]["storage"] != "ok"


def test_metrics_count_requests_by_route_template(shared: Client) -> None:
    shared.get("/api/v1/documents/" + "1" * 32)
    response = shared.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    assert (
        'access_api_request_seconds_count{method="GET",'
        'route="/api/v1/documents/{doc_id}",status="404"}'
    ) in text
    for name in (
        "access_api_jobs_queued",
        "access_api_jobs_running",
        "access_api_jobs_failed_total",
        "access_api_synthesis_seconds",
        "process_resident_memory_bytes",
    ):
        assert name in text


def test_job_metrics_updated_anywhere_show_at_metrics(shared: Client) -> None:
    metrics.jobs_queued.inc()
    try:
        text = shared.get("/metrics").text
    finally:
        metrics.jobs_queued.dec()
    line = next(x for x in text.splitlines() if x.startswith("access_api_jobs_queued "))
    assert float(line.split()[1]) >= 1


def _sample(text: str, name: str) -> float:
    lines = [x for x in text.splitlines() if x.startswith(name) and not x.startswith("#")]
    return sum(float(line.rsplit(" ", 1)[1]) for line in lines)


def test_an_audio_job_shows_in_the_job_metrics(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    with TestClient(app=create_app(settings)) as client:
        before = client.get("/metrics").text
        doc = client.post("/api/v1/documents", json={"text": ARTICLE}).json()
        asked = client.post(
            f"/api/v1/documents/{doc['id']}/audio", json={"voice": "espeak:en-us"}
        ).json()
        deadline = time.monotonic() + 20
        while client.get(f"/api/v1/audio/{asked['id']}").json()["status"] != "done":
            assert time.monotonic() < deadline, "the audio was not made in time"
            time.sleep(0.05)
        after = client.get("/metrics").text
    completed = "access_api_jobs_completed_total"
    assert _sample(after, completed) == _sample(before, completed) + 1
    timed = "access_api_synthesis_seconds_count"
    assert _sample(after, timed) == _sample(before, timed) + 1
    assert _sample(after, "access_api_jobs_running ") == 0


def test_the_served_app_writes_only_json_lines_with_request_ids(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "ACCESS_API_DATA_DIR": str(tmp_path / "data"),
        "ACCESS_API_PORT": str(port),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "access_api.cli", "serve"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, "the server stopped"
            assert time.monotonic() < deadline, "the server did not start"
            try:
                answer = httpx.get(
                    f"http://127.0.0.1:{port}/api/v1/documents/{'0' * 32}",
                    headers={"X-Request-ID": "served-1"},
                )
                break
            except httpx.TransportError:
                time.sleep(0.1)
        assert answer.status_code == 404
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
    entries = [json.loads(line) for line in err.splitlines() if line.strip()]
    access = [e for e in entries if e["logger"] == "access_api.access"]
    assert [(e["request_id"], e["status"]) for e in access] == [("served-1", 404)]
    assert any(e["logger"].startswith("uvicorn") for e in entries), "uvicorn's lines are JSON too"
