"""The API reference page at ``/schema``: Swagger UI 5, served from our own files.

Swagger UI 5 reads the OpenAPI 3.1 document Litestar makes (4.x could not).
Its files are copied from the npm package ``swagger-ui-dist`` into
``static/vendor/swagger-ui`` (see the README there), so the page works
offline and under the pages' own Content Security Policy: the page is one of
ours (``api.html``, with the site's header and footer), and Swagger UI is
started by a script file of ours rather than an inline one.
"""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.openapi.plugins import OpenAPIRenderPlugin

__all__ = ["ApiReference"]


class ApiReference(OpenAPIRenderPlugin):
    """Renders ``/schema`` as the ``api.html`` page, with Swagger UI in it."""

    def __init__(self) -> None:
        super().__init__(path="/", favicon="", style="")

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        engine = request.app.template_engine
        assert engine is not None
        page: str = engine.get_template("api.html").render(
            request=request, spec_url=self.get_openapi_json_route(request)
        )
        return page.encode("utf-8")
