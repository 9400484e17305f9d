"""What the service tells its operators: logs, request ids, metrics, readiness.

- :class:`ObserveRequests` gives each request an id (a sane ``X-Request-ID``
  from the client, or a new one), writes one JSON log line per request and
  times it for Prometheus.
- :func:`add_request_id` runs on *every* response, including the 404s of
  unknown paths that no middleware sees: it echoes the request id.
- :func:`configure_logging` makes every log line one JSON object carrying the
  request id of the request that wrote it.
- ``GET /ready`` checks the database, the audio queue (Redis in scale-out
  mode), storage (data and audio directories, free space) and the speech
  engines (an offline voice can speak);
  ``GET /metrics`` is for Prometheus. ``GET /health``, in ``app.py``, only
  says the process answers.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import shutil
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from typing import Any

import anyio
import anyio.to_thread
from litestar import Response, get
from litestar.datastructures import MutableScopeHeaders
from litestar.di import NamedDependency
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from prometheus_client import generate_latest

from access_api import metrics
from access_api.documents import Documents
from access_api.errors import DatabaseDamaged
from access_api.jobs import AudioService
from access_api.settings import Settings
from access_api.speech import list_voices
from access_api.web._problems import PROBLEM_JSON

__all__ = [
    "JsonFormatter",
    "ObserveRequests",
    "add_request_id",
    "configure_logging",
    "metrics_endpoint",
    "ready",
]

access_log = logging.getLogger("access_api.access")

_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "access_api_request_id", default=None
)
# A client's id is kept only if it cannot smuggle anything into a log line or
# a header: short, and from a small alphabet.
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:+=@/-]{1,128}")
_STATE_KEY = "access_api.request_id"
# Health checks come every few seconds; their lines would drown the rest.
_QUIET_PATHS = frozenset({"/health", "/ready", "/metrics"})


def _request_id_of(scope: Scope) -> str:
    state: dict[str, Any] = scope.setdefault("state", {})
    found: str | None = state.get(_STATE_KEY)
    if found is None:
        sent = next(
            (v.decode("latin-1") for k, v in scope.get("headers", ()) if k == b"x-request-id"),
            "",
        )
        found = sent if _SANE_REQUEST_ID.fullmatch(sent) else uuid.uuid4().hex
        state[_STATE_KEY] = found
    return found


async def add_request_id(message: Message, scope: Scope) -> None:
    """Tell the client the request's id (its own, when it sent a sane one)."""
    if message["type"] != "http.response.start":
        return
    MutableScopeHeaders.from_message(message)["x-request-id"] = _request_id_of(scope)


class ObserveRequests(ASGIMiddleware):
    """One log line and one latency sample per request, under the request's id."""

    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        token = _request_id.set(_request_id_of(scope))
        started = time.perf_counter()
        status = 500

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        method: str = scope["method"]  # type: ignore[typeddict-item]  # HTTP only, see scopes
        try:
            await next_app(scope, receive, send_and_note)
        finally:
            seconds = time.perf_counter() - started
            route = scope.get("path_template") or "unknown"
            metrics.request_seconds.labels(method, route, str(status)).observe(seconds)
            client = scope.get("client")
            access_log.log(
                logging.DEBUG if scope["path"] in _QUIET_PATHS else logging.INFO,
                "%s %s %d",
                method,
                scope["path"],
                status,
                extra={
                    "request_id": _request_id.get(),
                    "method": method,
                    "path": scope["path"],
                    "route": route,
                    "status": status,
                    "duration_ms": round(seconds * 1000, 2),
                    "client": client[0] if client else None,
                },
            )
            _request_id.reset(token)


_RECORD_FIELDS = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "taskName",
    "color_message",  # uvicorn's copy of the message with terminal colours
}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if (request_id := _request_id.get()) is not None:
            entry["request_id"] = request_id
        entry.update((k, v) for k, v in vars(record).items() if k not in _RECORD_FIELDS)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class _TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        request_id = _request_id.get()
        return f"{line} [{request_id}]" if request_id else line


class _OurHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Marks the handler :func:`configure_logging` installed, so it is replaced, not doubled."""


def configure_logging(settings: Settings) -> None:
    """Send every log line to standard error, as JSON or as text, at the set level."""
    handler = _OurHandler(sys.stderr)
    if settings.log_format == "text":
        handler.setFormatter(_TextFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    else:
        handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _OurHandler)]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(settings.log_level.upper())


@get(
    "/metrics",
    tags=["service"],
    summary="Prometheus metrics",
    # The classic text format every Prometheus reads; Litestar adds the charset.
    media_type="text/plain; version=0.0.4",
    sync_to_thread=False,
)
def metrics_endpoint() -> bytes:
    """Request latency, audio jobs and synthesis time, in Prometheus' text format."""
    return generate_latest()


# Below this, audio files may be cut short: better to say "not ready" first.
_MIN_FREE_BYTES = 50_000_000
_CHECK_SECONDS = 2.0


def _check_storage(settings: Settings) -> str | None:
    for what, directory in (
        ("data directory", settings.data_dir),
        ("audio directory", settings.resolved_audio_dir),
    ):
        try:
            with tempfile.NamedTemporaryFile(dir=directory, prefix=".ready-"):
                pass
            free = shutil.disk_usage(directory).free
        except OSError as exc:
            return f"the {what} cannot be written: {exc.strerror or exc}"
        if free < _MIN_FREE_BYTES:
            return f"the {what}'s disk has only {free:,} bytes free"
    return None


def _check_engines(settings: Settings) -> str | None:
    voices = list_voices(settings)
    if not any(v.available and v.offline for v in voices):
        return "no offline voice can speak"
    return None


async def _check_database(documents: Documents) -> str | None:
    try:
        with anyio.fail_after(_CHECK_SECONDS):
            await documents.store.ping()
    except TimeoutError:
        return f"the database did not answer within {_CHECK_SECONDS:g} seconds"
    except DatabaseDamaged as exc:
        return str(exc)
    except Exception as exc:  # any failure means not ready; the reason goes to the caller
        return f"the database cannot be reached: {type(exc).__name__}"
    return None


async def _check_queue(audio: AudioService) -> str | None:
    try:
        with anyio.fail_after(_CHECK_SECONDS):
            await audio.runner.ping()
    except TimeoutError:
        return f"the audio queue did not answer within {_CHECK_SECONDS:g} seconds"
    except Exception as exc:  # any failure means not ready; the reason goes to the caller
        return f"the audio queue cannot be reached: {type(exc).__name__}"
    return None


@get("/ready", tags=["service"], summary="Readiness: database, queue, storage and voices work")
async def ready(
    documents: NamedDependency[Documents],
    audio: NamedDependency[AudioService],
    settings: NamedDependency[Settings],
) -> Response[dict[str, Any]]:
    """``200`` when every check passes, else ``503`` naming what failed."""
    checks = {
        "database": await _check_database(documents),
        "queue": await _check_queue(audio),
        "storage": await anyio.to_thread.run_sync(_check_storage, settings),
        "engines": await anyio.to_thread.run_sync(_check_engines, settings),
    }
    failed = {name: reason for name, reason in checks.items() if reason is not None}
    results = {name: failed.get(name, "ok") for name in checks}
    if not failed:
        return Response({"status": "ready", "checks": results})
    # A problem's status is the HTTP status, a number: "not ready" is its title.
    return Response(
        {
            "type": "about:blank",
            "title": "Not ready",
            "status": 503,
            "detail": "Not ready: " + "; ".join(failed.values()) + ".",
            "instance": "/ready",
            "checks": results,
        },
        status_code=503,
        media_type=PROBLEM_JSON,
        headers={"Retry-After": "5"},
    )
