"""Where the pages' templates and assets are, and how a page is answered.

Both directories ship inside the package (``access_api/templates`` and
``access_api/static``), in a source checkout and an installed wheel alike.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from litestar import Request
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Template
from litestar.template.config import TemplateConfig

from access_api.text import ReadingLevel, whole_grade
from access_api.web._preferences import COOKIE, chosen
from access_api.web._security import PAGE_CSP

__all__ = ["STATIC_DIR", "TEMPLATES_DIR", "page", "results_address", "template_config"]

TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "templates"
"""The Jinja templates: one base, partials prefixed ``_``."""
STATIC_DIR = Path(__file__).resolve().parents[1] / "static"
"""The pages' CSS, JavaScript and icon, served under ``/static``."""


def page(
    name: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> Template:
    """The template ``name`` as a response, with the pages' Content Security Policy."""
    return Template(
        template_name=name,
        context=context or {},
        status_code=status_code,
        headers={**(headers or {}), "Content-Security-Policy": PAGE_CSP},
    )


def results_address(
    doc_id: str, *, level: str | None = None, voice: str | None = None, anchor: str = ""
) -> str:
    """A results page's address that keeps the reader's choices of summary and voice.

    Every link and form of the page leads back through here, so the choices
    survive each of them; a level that is not one is left out.

        >>> results_address("ab", level="easy", voice="espeak:en-gb", anchor="#article")
        '/documents/ab?level=easy&voice=espeak%3Aen-gb#article'
    """
    kept = {"level": level if level in set(ReadingLevel) else None, "voice": voice}
    query = urlencode({name: value for name, value in kept.items() if value})
    return f"/documents/{doc_id}{'?' if query else ''}{query}{anchor}"


def _reading_settings(request: Request[Any, Any, Any] | None) -> dict[str, str]:
    """The reader's settings, for ``<html data-NAME="VALUE">`` on every page."""
    return chosen(request.cookies.get(COOKIE)) if request is not None else {}


def _add_filters(engine: JinjaTemplateEngine) -> None:
    # Every grade on a page is shown the same way: ``{{ sentence.grade | grade }}``.
    engine.engine.filters["grade"] = whole_grade
    engine.engine.globals["reading_settings"] = _reading_settings


def template_config() -> TemplateConfig[JinjaTemplateEngine]:
    """The pages' templates, with the filters they use."""
    return TemplateConfig(
        directory=TEMPLATES_DIR, engine=JinjaTemplateEngine, engine_callback=_add_filters
    )
