"""The application: ``create_app()`` wires everything in one place.

- ``access_api/text/``: cleaning, sentences, readability, summaries (no HTTP).
- ``access_api/store/``: the database.
- ``access_api/documents.py``: the service the API, pages and CLI call.
- ``access_api/speech/``: voices, speaking, audio files and captions.
- ``access_api/jobs/``: making audio in the background; where audio files live.
- ``access_api/web/``: REST handlers, pages and problem details.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from litestar import Litestar, get
from litestar.config.cors import CORSConfig
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig
from swagger_ui_bundle import swagger_ui_path

from access_api import __version__
from access_api.documents import Documents
from access_api.jobs import AudioService, create_runner, make_context
from access_api.settings import Settings
from access_api.store import Store
from access_api.text._langdata import ensure_language_data
from access_api.web._api import DocumentController, StatelessController
from access_api.web._audio import AudioController
from access_api.web._limits import AbuseLimits, json_bodies_only
from access_api.web._observability import (
    ObserveRequests,
    add_response_headers,
    configure_logging,
    metrics_endpoint,
    ready,
)
from access_api.web._pages import TEMPLATES_DIR, PageController, csrf_config, static_directory
from access_api.web._problems import document_problems, exception_handlers

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

__all__ = ["create_app"]

_SWAGGER = "/schema/assets"


@get("/health", tags=["service"], summary="Liveness: the process answers", sync_to_thread=False)
def health() -> dict[str, str]:
    return {"status": "ok"}


def _cors(settings: Settings) -> CORSConfig | None:
    origins = [o.strip() for o in settings.cors_origins.split(",") if o.strip()]
    if not origins:
        return None
    return CORSConfig(
        allow_origins=origins,
        expose_headers=["Location", "Retry-After", "X-Request-ID"],
    )


def create_app(settings: Settings | None = None) -> Litestar:
    """Build the ASGI application.

    Args:
        settings: the configuration; read from the environment when omitted.
    """
    settings = settings or Settings.from_env()
    configure_logging(settings)
    store = Store(settings.resolved_database_url)
    documents = Documents(store, settings)
    jobs = make_context(store, documents, settings)
    runner = create_runner(settings, jobs)
    audio = AudioService(jobs, runner)

    @asynccontextmanager
    async def lifespan(_app: Litestar) -> AsyncIterator[None]:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        ensure_language_data()
        await store.create_schema()
        await runner.start()
        try:
            yield
        finally:
            await runner.stop()
            await store.close()

    openapi = OpenAPIConfig(
        title="access_api",
        version=__version__,
        description=(
            "Turn an article into an accessible package: clean text, a readability "
            "report and summaries at several reading levels. Errors are RFC 9457 "
            "problem details."
        ),
        path="/schema",
        render_plugins=[
            SwaggerRenderPlugin(
                path="/",
                js_url=f"{_SWAGGER}/swagger-ui-bundle.js",
                css_url=f"{_SWAGGER}/swagger-ui.css",
                standalone_preset_js_url=f"{_SWAGGER}/swagger-ui-standalone-preset.js",
                favicon="",
            )
        ],
    )
    app = Litestar(
        route_handlers=[
            DocumentController,
            StatelessController,
            AudioController,
            health,
            ready,
            metrics_endpoint,
            create_static_files_router(
                path=_SWAGGER, directories=[swagger_ui_path], include_in_schema=False
            ),
            PageController,
            create_static_files_router(
                path="/static", directories=[static_directory()], include_in_schema=False
            ),
        ],
        dependencies={
            "documents": Provide(lambda: documents, sync_to_thread=False),
            "audio": Provide(lambda: audio, sync_to_thread=False),
            "settings": Provide(lambda: settings, sync_to_thread=False),
        },
        exception_handlers=exception_handlers,
        middleware=[ObserveRequests()],
        before_send=[add_response_headers],
        guards=[AbuseLimits(settings), json_bodies_only],
        cors_config=_cors(settings),
        logging_config=None,
        openapi_config=openapi,
        template_config=TemplateConfig(directory=TEMPLATES_DIR, engine=JinjaTemplateEngine),
        csrf_config=csrf_config(settings),
        request_max_body_size=settings.max_body_bytes,
        lifespan=[lifespan],
    )
    document_problems(app.openapi_schema)
    return app
