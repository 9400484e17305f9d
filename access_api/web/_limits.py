"""Abuse limits: what a request must bring before any work starts.

:class:`AbuseLimits` (API keys for writes, per-client rate limits on expensive
work) and :func:`json_bodies_only` are app-wide guards: they run before a
request's body is read. What counts
as *expensive*: every write (``POST``, ``PUT``, ``PATCH``, ``DELETE``) — each
one cleans an article, fetches a link or makes audio — and every summary and export,
the results page (which shows a document's three summaries) included.

Limits are per process and per client address. Behind a reverse proxy, run
the server with the proxy's forwarded address (uvicorn's ``--proxy-headers``
and ``--forwarded-allow-ips``), or every client shares the proxy's limit.
"""

from __future__ import annotations

import hmac
import math
import re
import time
from typing import TYPE_CHECKING, Any

from litestar.exceptions import HTTPException, NotAuthorizedException, TooManyRequestsException
from litestar.status_codes import HTTP_415_UNSUPPORTED_MEDIA_TYPE

from access_api import metrics

if TYPE_CHECKING:
    from collections.abc import Callable

    from litestar.connection import ASGIConnection
    from litestar.handlers import BaseRouteHandler

    from access_api.settings import Settings

__all__ = ["AbuseLimits", "RateLimit", "is_expensive", "json_bodies_only"]

_WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Reads that summarise an article or build a file from it, and the results
# page, which scores the article and shows its three summaries.
_EXPENSIVE_READS = re.compile(r"/(?:summaries|export)(?:/|$)|^/documents/\{doc_id\}$")


def is_expensive(method: str, route: str) -> bool:
    """Whether a request to this route template counts against the rate limit."""
    return method in _WRITES or bool(_EXPENSIVE_READS.search(route))


class RateLimit:
    """A token bucket per client: ``burst`` requests at once, refilled at ``per_minute``.

    Args:
        per_minute: requests a client may make a minute, on average.
        burst: requests a client may make at once, after a quiet spell.
        max_clients: clients remembered; the longest quiet ones are forgotten
            first (which only gives them a full bucket again).
        clock: seconds from any fixed point; tests pass their own.
    """

    def __init__(
        self,
        *,
        per_minute: int,
        burst: int,
        max_clients: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.per_second = per_minute / 60
        self.burst = max(burst, 1)
        self.max_clients = max_clients
        self.clock = clock
        # client -> (tokens, when last counted); dict order is least recently seen first.
        self._buckets: dict[str, tuple[float, float]] = {}

    def acquire(self, client: str) -> float:
        """Take one request from the client's bucket.

        Returns:
            ``0`` when the request may go ahead, else the seconds to wait.
        """
        now = self.clock()
        previous = self._buckets.pop(client, None)
        tokens = float(self.burst)
        if previous is not None:
            tokens = min(tokens, previous[0] + (now - previous[1]) * self.per_second)
        wait = 0.0
        if tokens >= 1:
            tokens -= 1
        else:
            wait = (1 - tokens) / self.per_second
        self._buckets[client] = (tokens, now)
        if len(self._buckets) > self.max_clients:
            del self._buckets[next(iter(self._buckets))]
        return wait


def _keys(raw: str) -> list[bytes]:
    return [key.strip().encode() for key in raw.split(",") if key.strip()]


class AbuseLimits:
    """The app-wide guard: the client's rate limit for expensive requests (when the
    rate is not 0), then an API key for writes to ``/api/`` (when keys are set).
    """

    def __init__(self, settings: Settings) -> None:
        self.keys = _keys(settings.api_keys)
        self.rate = (
            RateLimit(per_minute=settings.rate_limit_per_minute, burst=settings.rate_limit_burst)
            if settings.rate_limit_per_minute > 0
            else None
        )

    async def __call__(
        self, connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler
    ) -> None:
        method = connection.scope["method"]  # type: ignore[typeddict-item]
        route = connection.scope.get("path_template", "")
        # The rate first: guessing keys costs a client its requests too.
        if self.rate is not None and is_expensive(method, route):
            client = connection.client.host if connection.client else "unknown"
            wait = self.rate.acquire(client)
            if wait > 0:
                metrics.requests_refused.labels("rate").inc()
                seconds = math.ceil(wait)
                raise TooManyRequestsException(
                    detail=(
                        "Too many requests from your address. "
                        f"Please wait {seconds} second{'s' if seconds != 1 else ''} and try again."
                    ),
                    headers={"Retry-After": str(seconds)},
                )
        if self.keys and method in _WRITES and route.startswith("/api/"):
            self._check_key(connection)

    def _check_key(self, connection: ASGIConnection[Any, Any, Any, Any]) -> None:
        headers = connection.headers
        sent = headers.get("x-api-key", "")
        scheme, _, token = headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer":
            sent = token.strip()
        given = sent.encode("utf-8", "replace")
        # Compare against every key, so the time taken says nothing about which matched.
        matched = [hmac.compare_digest(given, key) for key in self.keys]
        if sent and any(matched):
            return
        metrics.requests_refused.labels("key").inc()
        raise NotAuthorizedException(
            detail=(
                "This server needs an API key for changes: send it as "
                "'Authorization: Bearer YOUR_KEY'."
                if not sent
                else "The API key is not valid. Check it, or ask the server's operator for one."
            ),
            headers={"WWW-Authenticate": 'Bearer realm="access_api"'},
        )


_WITH_BODY = frozenset({"POST", "PUT", "PATCH"})


async def json_bodies_only(
    connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler
) -> None:
    """Refuse a body sent to ``/api/`` that is not declared as JSON (415).

    Besides catching mistakes early, this keeps other web sites out: a page
    elsewhere can make a browser post a form or ``text/plain`` anywhere, but
    not JSON without asking first (CORS), which only configured origins pass.
    """
    scope = connection.scope
    method = scope["method"]  # type: ignore[typeddict-item]
    if method not in _WITH_BODY or not scope.get("path_template", "").startswith("/api/"):
        return
    headers = connection.headers
    if headers.get("content-length", "0") == "0" and "transfer-encoding" not in headers:
        return
    media = headers.get("content-type", "").partition(";")[0].strip().lower()
    if media == "application/json" or media.endswith("+json"):
        return
    raise HTTPException(
        status_code=HTTP_415_UNSUPPORTED_MEDIA_TYPE,
        detail=(
            "Send the body as JSON, with the header 'Content-Type: application/json' "
            f"(this request said {media or 'nothing'})."
        ),
    )
