"""Every error becomes an RFC 9457 problem: one place maps errors to statuses.

A problem body looks like::

    {"type": "/problems/empty-text", "title": "There is no text to read",
     "status": 422, "detail": "The text is empty ...", "instance": "/api/v1/documents"}

A browser asking for a page gets the same status as an HTML error page in
page words instead (:func:`error_page`, chosen by :func:`wants_page`). No
traceback ever reaches the client; unexpected errors are logged with the
request id and answered with a plain 500 problem. Should answering an error
fail in turn, :class:`LastResort` still answers with a 500 problem, security
headers and all.
"""

from __future__ import annotations

import json
import logging
import re
from typing import TYPE_CHECKING, Any

from litestar import Request, Response
from litestar.enums import ScopeType
from litestar.exceptions import HTTPException, SerializationException, ValidationException
from litestar.openapi.spec import OpenAPI, OpenAPIMediaType, OpenAPIResponse, Reference, Schema
from litestar.openapi.spec.enums import OpenAPIType
from litestar.response import Template
from litestar.status_codes import (
    HTTP_400_BAD_REQUEST,
    HTTP_403_FORBIDDEN,
    HTTP_404_NOT_FOUND,
    HTTP_500_INTERNAL_SERVER_ERROR,
    HTTP_503_SERVICE_UNAVAILABLE,
)
from sqlalchemy.exc import DatabaseError, InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from access_api import errors
from access_api.store import is_damaged
from access_api.web._templates import page

if TYPE_CHECKING:
    from litestar.types import (
        ASGIApp,
        HTTPResponseBodyEvent,
        HTTPResponseStartEvent,
        Message,
        Receive,
        Scope,
        Send,
    )

__all__ = [
    "PROBLEM_JSON",
    "LastResort",
    "document_problems",
    "error_page",
    "exception_handlers",
    "problem_response",
    "status_of",
    "wants_page",
]

log = logging.getLogger("access_api")

PROBLEM_JSON = "application/problem+json"

_STATUS: list[tuple[type[errors.AccessApiError], int]] = [
    # The most specific classes first: the first match wins.
    (errors.TextTooLong, 413),
    (errors.PageTooComplex, 413),
    (errors.UnreadableText, 415),
    (errors.InputError, 422),
    (errors.LinkUnreachable, 502),
    (errors.LinkTooLarge, 413),
    (errors.LinkNotArticle, 415),
    (errors.LinkError, 422),
    (errors.NotFound, 404),
    (errors.NotReady, 409),
    (errors.Unavailable, 503),
]

_HTTP_TITLES = {
    400: "The request is not valid",
    401: "An API key is needed",
    404: "Not found",
    405: "Method not allowed",
    413: "The request is too large",
    415: "Unsupported content type",
    429: "Too many requests",
    500: "Internal error",
    503: "Temporarily unavailable",
}


_SORRY = "Something went wrong on our side. Nothing you sent was lost; please try again."
"""What a 500 says."""

# Headers of Litestar's HTTP errors that tell the client what to do next.
_PASSED_HEADERS = frozenset({"allow", "retry-after", "www-authenticate"})


def _slug(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def status_of(exc: errors.AccessApiError) -> int:
    """The HTTP status for a domain error."""
    for kind, status in _STATUS:
        if isinstance(exc, kind):
            return status
    return 400


def problem_response(
    request: Request[Any, Any, Any],
    *,
    status: int,
    title: str,
    detail: str,
    type_: str = "about:blank",
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Response[Any]:
    """An ``application/problem+json`` response, or an HTML error page with the
    same status when a browser asked for a page (see :func:`wants_page`).
    """
    if request.app.template_engine is not None and wants_page(request):
        return error_page(status=status, title=title, detail=detail, headers=headers)
    body: dict[str, Any] = {
        "type": type_,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.scope["path"],
        **extra,
    }
    return Response(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def wants_page(request: Request[Any, Any, Any]) -> bool:
    """True when an error should be answered with a page: a browser asking for a page.

    The API, the OpenAPI page and the assets always answer errors as problem
    details, whatever the client accepts.
    """
    # The scope's path, not request.url: building a URL fails on a malformed Host.
    if request.scope["path"].startswith(("/api/", "/schema", "/static/", "/health", "/ready")):
        return False
    try:
        return request.accept.best_match(["text/html", "application/problem+json"]) == "text/html"
    except (ValueError, ArithmeticError):
        # Litestar cannot rank some Accept headers ("text/html;q=inf"): the
        # problem details, which every client can read, answer them.
        return False


def error_page(
    *, status: int, title: str, detail: str, headers: dict[str, str] | None = None
) -> Template:
    """The HTML error page: the same status as the problem details, in page words."""
    if status == HTTP_403_FORBIDDEN and "CSRF" in detail:
        title, detail = _EXPIRED_FORM
    elif status == HTTP_404_NOT_FOUND:
        title = "Page not found"
        if detail.lower() == "not found":
            detail = (
                "We cannot find this page. Check the address, or start again from the home page."
            )
    return page(
        "error.html",
        {"status": status, "title": title, "detail": detail},
        status_code=status,
        headers=headers,
    )


_EXPIRED_FORM = (
    "The form has expired",
    "For your safety, forms stop working after a while or when cookies are blocked. "
    "Go back, reload the page and send it again. Allow cookies for this site if it happens again.",
)


def _domain_error(
    request: Request[Any, Any, Any], exc: errors.AccessApiError
) -> Response[dict[str, Any]]:
    status = status_of(exc)
    extra: dict[str, Any] = {}
    headers: dict[str, str] = {}
    if isinstance(exc, errors.UnknownChoice):
        extra["allowed"] = exc.allowed
    if isinstance(exc, errors.TextTooLong):
        extra["limit"] = exc.limit
    if isinstance(exc, errors.ExportNotReady):
        extra["audio"] = [f"/api/v1/audio/{audio_id}" for audio_id in exc.audio_ids]
    retry_after = getattr(exc, "retry_after", None)
    if retry_after is not None:
        headers["Retry-After"] = str(retry_after)
    return problem_response(
        request,
        status=status,
        title=exc.title,
        detail=str(exc),
        type_=f"/problems/{_slug(type(exc).__name__)}",
        headers=headers or None,
        **extra,
    )


def _http_error(request: Request[Any, Any, Any], exc: HTTPException) -> Response[dict[str, Any]]:
    status = exc.status_code
    extra: dict[str, Any] = {}
    detail = exc.detail
    if isinstance(exc.__cause__, SerializationException):
        # Litestar passes on the JSON parser's words; say what they are about.
        detail = f"The request body is not valid JSON in UTF-8 ({exc.detail})."
    if isinstance(exc, ValidationException):
        detail = _validation_detail(exc)
        if isinstance(exc.extra, list):
            extra["errors"] = [
                {k: v for k, v in e.items() if k in {"message", "key", "source"}}
                for e in exc.extra
                if isinstance(e, dict)
            ]
    headers = {k: v for k, v in (exc.headers or {}).items() if k.lower() in _PASSED_HEADERS}
    return problem_response(
        request,
        status=status,
        title=_HTTP_TITLES.get(status, detail),
        detail=detail,
        headers=headers or None,
        **extra,
    )


def _validation_detail(exc: ValidationException) -> str:
    messages = [
        str(e.get("message"))
        for e in (exc.extra if isinstance(exc.extra, list) else [])
        if isinstance(e, dict) and e.get("message")
    ]
    if messages:
        return "The request is not valid: " + "; ".join(messages)
    if "JSON" in exc.detail or "decode" in exc.detail.lower():
        return "The request body is not valid JSON in UTF-8."
    return exc.detail


def _unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    log.exception("unexpected error on %s %s", request.method, request.scope["path"], exc_info=exc)
    return problem_response(
        request,
        status=HTTP_500_INTERNAL_SERVER_ERROR,
        title=_HTTP_TITLES[500],
        detail=_SORRY,
    )


def _undecodable(
    request: Request[Any, Any, Any], exc: UnicodeDecodeError | RecursionError
) -> Response[Any]:
    # msgspec raises these, not a decode error, for bytes that are not UTF-8
    # inside a JSON string and for JSON nested too deeply; Litestar lets them
    # through. A recursion error from anywhere else is a bug of ours.
    if isinstance(exc, RecursionError):
        if "deserializing" not in str(exc):
            return _unexpected(request, exc)
        detail = "The request body is JSON nested too deeply."
    else:
        detail = "The request body is not valid JSON in UTF-8."
    return problem_response(
        request, status=HTTP_400_BAD_REQUEST, title=_HTTP_TITLES[400], detail=detail
    )


def _database_unavailable(request: Request[Any, Any, Any], exc: SQLAlchemyError) -> Response[Any]:
    # Locked (another writer held it past the busy timeout), out of reach or
    # every connection in use: the transaction was rolled back, so nothing
    # was half stored. The store makes every outage one of these errors.
    log.warning("database unavailable on %s: %s", request.scope["path"], exc)
    return problem_response(
        request,
        status=HTTP_503_SERVICE_UNAVAILABLE,
        title=_HTTP_TITLES[503],
        detail="The database is busy or out of reach. Nothing was saved; try again in a moment.",
        headers={"Retry-After": "5"},
    )


def _database_error(request: Request[Any, Any, Any], exc: DatabaseError) -> Response[Any]:
    # A damaged SQLite file ("database disk image is malformed") breaks only
    # the requests that read its damaged pages: say so (/ready checks for it too).
    if not is_damaged(exc):
        return _unexpected(request, exc)
    log.error("database damaged on %s: %s", request.scope["path"], exc.orig)
    damaged = errors.DatabaseDamaged(
        "Part of the stored data is damaged, so this could not be read. Nothing you sent "
        "was changed; the service's operator needs to restore the database.",
        retry_after=60,
    )
    return _domain_error(request, damaged)


exception_handlers: dict[type[Exception] | int, Any] = {
    errors.AccessApiError: _domain_error,
    HTTPException: _http_error,
    UnicodeDecodeError: _undecodable,
    OperationalError: _database_unavailable,
    InterfaceError: _database_unavailable,
    PoolTimeout: _database_unavailable,
    DatabaseError: _database_error,
    RecursionError: _undecodable,
    Exception: _unexpected,
}


_LAST_RESORT = json.dumps(
    {
        "type": "about:blank",
        "title": _HTTP_TITLES[500],
        "status": 500,
        "detail": _SORRY,
    }
).encode()


class LastResort:
    """The outermost layer: an error that escapes every handler (one raised while
    answering another error, say) still gets a 500 problem, sent through the
    app's own ``send``, so it carries the security headers and the request id.

    Args:
        app: the application's ASGI handler, errors handled and all.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception:
            if started:
                raise
            log.exception("error while answering %s", scope["path"])
            start: HTTPResponseStartEvent = {
                "type": "http.response.start",
                "status": HTTP_500_INTERNAL_SERVER_ERROR,
                "headers": [
                    (b"content-type", PROBLEM_JSON.encode()),
                    (b"content-length", str(len(_LAST_RESORT)).encode()),
                ],
            }
            body: HTTPResponseBodyEvent = {
                "type": "http.response.body",
                "body": _LAST_RESORT,
                "more_body": False,
            }
            await send(start)
            await send(body)


_PROBLEM_SCHEMA = Schema(
    type=OpenAPIType.OBJECT,
    required=["type", "title", "status", "detail"],
    properties={
        "type": Schema(type=OpenAPIType.STRING, description="A URI naming the kind of problem."),
        "title": Schema(type=OpenAPIType.STRING, description="The kind of problem, in words."),
        "status": Schema(type=OpenAPIType.INTEGER, description="The HTTP status."),
        "detail": Schema(type=OpenAPIType.STRING, description="What went wrong and what to do."),
        "instance": Schema(type=OpenAPIType.STRING, description="The path that was asked for."),
    },
    description=(
        "An RFC 9457 problem; some carry more members (`allowed`, `limit`, `errors`, `audio`)."
    ),
)


def document_problems(openapi: OpenAPI) -> None:
    """Describe in the OpenAPI schema the problems every operation may answer with.

    Any operation may refuse a request (4XX: invalid, too large, too many...)
    or fail (5XX), always with a problem body: the schema says so, and the
    error responses a handler lists get the problem body too.
    """
    schemas = openapi.components.schemas
    schemas["Problem"] = _PROBLEM_SCHEMA
    content = {PROBLEM_JSON: OpenAPIMediaType(schema=Reference(ref="#/components/schemas/Problem"))}
    for item in (openapi.paths or {}).values():
        operations = (item.get, item.put, item.post, item.delete, item.patch, item.head)
        for operation in (op for op in operations if op is not None):
            responses = operation.responses if operation.responses is not None else {}
            for code, response in responses.items():
                if code[:1] in {"4", "5"} and isinstance(response, OpenAPIResponse):
                    response.content = content
            responses.setdefault(
                "4XX",
                OpenAPIResponse(
                    description="The request was refused; the problem says why.", content=content
                ),
            )
            responses.setdefault(
                "5XX",
                OpenAPIResponse(description="The service failed or is not ready.", content=content),
            )
            operation.responses = responses
