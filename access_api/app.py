"""The application: ``create_app()`` wires everything in one place.

The layers, each importing only from those above it in this list:

- ``errors``, ``settings``, ``metrics``: what every layer shares.
- ``text/``: cleaning, sentences, readability, summaries (strings to data).
  ``speech/``: voices, text prepared for listening, audio files, captions.
  ``fetch``: a link's page, fetched safely.
- ``store/``: what is kept: the database and the audio files.
- ``documents``: the document service the API, pages, jobs and CLI call.
- ``jobs/``: making audio in the background, and the audio service.
- ``export/``: read-along EPUB books and Word files of a document.
- ``web/``: REST handlers, pages, problem details, security, limits.
- ``app`` (this module) and ``_server`` (uvicorn, with limits on slow clients),
  then ``cli``.

The app builds each service once (one store, one audio storage, one
document service, one job runner) and hands them to the handlers.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from litestar import Litestar, get
from litestar.config.cors import CORSConfig
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.static_files import create_static_files_router

from access_api import __version__
from access_api.documents import Documents, prepare
from access_api.export import Exports
from access_api.jobs import AudioService, create_runner, make_context
from access_api.settings import Settings
from access_api.speech import pronunciations_for
from access_api.store import LocalAudioStorage, Store
from access_api.web import (
    STATIC_DIR,
    AbuseLimits,
    ApiReference,
    AudioController,
    DocumentController,
    ExportController,
    ExportPageController,
    LastResort,
    ObserveRequests,
    PageController,
    StatelessController,
    add_request_id,
    add_security_headers,
    configure_logging,
    csrf_config,
    describe_api,
    document_problems,
    exception_handlers,
    json_bodies_only,
    metrics_endpoint,
    ready,
    template_config,
)

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

__all__ = ["create_app"]


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
    # A broken pronunciation file stops the start, with its file and line named.
    pronunciations_for(settings)
    store = Store(settings.resolved_database_url)
    storage = LocalAudioStorage(settings.resolved_audio_dir)
    documents = Documents(store, storage, settings)
    jobs = make_context(documents)
    runner = create_runner(settings, jobs)
    audio = AudioService(jobs, runner)
    exports = Exports(documents, audio)

    @asynccontextmanager
    async def lifespan(_app: Litestar) -> AsyncIterator[None]:
        await prepare(store, settings)
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
            "report, summaries at several reading levels, spoken audio with captions, "
            "and files to take away (read-along EPUB books, Word). Errors are RFC 9457 "
            "problem details."
        ),
        path="/schema",
        # No server list: the API is where the document is, and Swagger UI's
        # server picker is a select without a label.
        servers=[],
        render_plugins=[ApiReference()],
    )
    app = Litestar(
        route_handlers=[
            DocumentController,
            StatelessController,
            AudioController,
            ExportController,
            health,
            ready,
            metrics_endpoint,
            PageController,
            ExportPageController,
            create_static_files_router(
                path="/static", directories=[STATIC_DIR], include_in_schema=False
            ),
        ],
        dependencies={
            "documents": Provide(lambda: documents, sync_to_thread=False),
            "audio": Provide(lambda: audio, sync_to_thread=False),
            "exports": Provide(lambda: exports, sync_to_thread=False),
            "settings": Provide(lambda: settings, sync_to_thread=False),
        },
        exception_handlers=exception_handlers,
        middleware=[ObserveRequests()],
        before_send=[add_request_id, add_security_headers],
        guards=[AbuseLimits(settings), json_bodies_only],
        cors_config=_cors(settings),
        logging_config=None,
        openapi_config=openapi,
        template_config=template_config(),
        csrf_config=csrf_config(settings),
        request_max_body_size=settings.max_body_bytes,
        lifespan=[lifespan],
    )
    document_problems(app.openapi_schema)
    describe_api(app.openapi_schema)
    # Inside the hooks that add the security headers, outside everything else.
    app.asgi_handler = LastResort(app.asgi_handler)
    return app
