"""The HTTP shell around access_api: thin handlers over the services below it.

One module per concern:

    _schemas        the REST API's bodies (msgspec structs) and its ids
    _api            documents, readability and summaries (and their stateless twins)
    _audio          voices and audio: ask for it, follow it, download it
    _exports        files to take away: read-along books, Word, screen captions
    _files          sending a file: a stored one (ETags, ranges), or one made for a response
    _pages          the pages: the form, a document's results, help, settings
    _reference      the API reference page (Swagger UI, from our own files)
    _openapi        the schema's links between operations, and its bodies as validation takes them
    _listen         what the results page shows of each variant's audio
    _export_pages   the results page's files to take away, and its form to make a book
    _preferences    the reading settings: their choices, kept in a cookie
    _templates      where templates and assets are; a page as a response
    _security       security headers, the pages' CSP, CSRF for the forms
    _problems       errors as RFC 9457 problem details, or HTML error pages
    _limits         rate limits, API keys and JSON-only bodies (guards)
    _observability  request ids, logs, metrics and readiness

``access_api.app`` wires them together, importing only the names below.
"""

from __future__ import annotations

from access_api.web._api import DocumentController, StatelessController
from access_api.web._audio import AudioController
from access_api.web._export_pages import ExportPageController
from access_api.web._exports import ExportController
from access_api.web._limits import AbuseLimits, json_bodies_only
from access_api.web._observability import (
    ObserveRequests,
    add_request_id,
    configure_logging,
    metrics_endpoint,
    ready,
)
from access_api.web._openapi import describe_api
from access_api.web._pages import PageController
from access_api.web._problems import LastResort, document_problems, exception_handlers
from access_api.web._reference import ApiReference
from access_api.web._security import add_security_headers, csrf_config
from access_api.web._templates import STATIC_DIR, template_config

__all__ = [
    "STATIC_DIR",
    "AbuseLimits",
    "ApiReference",
    "AudioController",
    "DocumentController",
    "ExportController",
    "ExportPageController",
    "LastResort",
    "ObserveRequests",
    "PageController",
    "StatelessController",
    "add_request_id",
    "add_security_headers",
    "configure_logging",
    "csrf_config",
    "describe_api",
    "document_problems",
    "exception_handlers",
    "json_bodies_only",
    "metrics_endpoint",
    "ready",
    "template_config",
]
