"""What the OpenAPI schema says beyond what Litestar derives from the handlers.

- **Links** (OpenAPI 3 ``links``): the id in a new document's answer is the
  ``doc_id`` of every operation on that document, and the id in a new audio's
  answer the ``audio_id`` of every operation on that audio. Clients and
  generated tests (schemathesis's stateful tests) follow them to real
  documents and audio instead of ids that find nothing.
- **Bodies as validation takes them**: a request body whose struct forbids
  unknown fields says ``additionalProperties: false``; a document is sent
  as exactly one of ``text``, ``html`` or ``url`` (``oneOf``; a field sent as
  ``null`` counts as not sent, as :func:`access_api.documents.ingest` has it);
  an audio's variant, format and pause are one of their choices (``enum``) and
  its rate within its range. The structs keep these as plain strings so that a
  wrong choice gets our own message, which names the choices.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import msgspec
from litestar.openapi.spec import Link, OpenAPIResponse, OpenAPIType, Schema

from access_api.jobs import Variant
from access_api.speech import MAX_RATE, MIN_RATE, AudioFormat, Pause
from access_api.web import _schemas

if TYPE_CHECKING:
    from litestar.openapi.spec import OpenAPI, Operation

__all__ = ["describe_api"]

_METHODS = ("get", "put", "post", "delete", "patch", "head")

# Operation that makes a thing -> the path parameter its id fills, and the
# path under which every operation on that thing sits.
_MAKERS = {
    ("/api/v1/documents", "post"): ("doc_id", "/api/v1/documents/{doc_id}"),
    ("/api/v1/documents/{doc_id}/audio", "post"): ("audio_id", "/api/v1/audio/{audio_id}"),
}
_ONE_SOURCE = {"DocumentIn": ("text", "html", "url")}
"""Bodies that must hold exactly one of these fields (not ``null``)."""
_CHOICES = {
    "AudioIn": {
        "variant": [v.value for v in Variant],
        "format": [f.value for f in AudioFormat],
        "pause": [p.value for p in Pause],
    }
}
_RANGES = {"AudioIn": {"rate": (MIN_RATE, MAX_RATE)}}


def _operations(openapi: OpenAPI) -> list[tuple[str, str, Operation]]:
    found = []
    for path, item in (openapi.paths or {}).items():
        for method in _METHODS:
            operation = getattr(item, method)
            if operation is not None:
                found.append((path, method, operation))
    return found


def _add_links(openapi: OpenAPI) -> None:
    operations = _operations(openapi)
    for path, method, maker in operations:
        if (path, method) not in _MAKERS:
            continue
        parameter, under = _MAKERS[path, method]
        links: dict[str, Link] = {
            str(user.operation_id): Link(
                operation_id=user.operation_id,
                parameters={parameter: "$response.body#/id"},
                description=f"The {parameter} of {method.upper()} {path}'s answer.",
            )
            for user_path, _, user in operations
            if user_path == under or user_path.startswith(f"{under}/")
        }
        for code, response in (maker.responses or {}).items():
            if code.startswith("2") and isinstance(response, OpenAPIResponse):
                response.links = {**(response.links or {}), **links}


def _strict_bodies(openapi: OpenAPI) -> None:
    schemas = openapi.components.schemas
    for name, value in vars(_schemas).items():
        is_struct = isinstance(value, type) and issubclass(value, msgspec.Struct)
        if is_struct and name in schemas and value.__struct_config__.forbid_unknown_fields:
            schemas[name].additional_properties = False
    for name, fields in _ONE_SOURCE.items():
        schemas[name].one_of = [
            Schema(required=[field], properties={field: Schema(type=OpenAPIType.STRING)})
            for field in fields
        ]
    for name, choices in _CHOICES.items():
        for field, values in choices.items():
            _property(schemas[name], field).enum = values
    for name, ranges in _RANGES.items():
        for field, (low, high) in ranges.items():
            found = _property(schemas[name], field)
            found.minimum, found.maximum = low, high


def _property(schema: Schema, name: str) -> Schema:
    found = (schema.properties or {})[name]
    assert isinstance(found, Schema)
    return found


def describe_api(openapi: OpenAPI) -> None:
    """Add the links between operations and the rules of the request bodies."""
    _add_links(openapi)
    _strict_bodies(openapi)
