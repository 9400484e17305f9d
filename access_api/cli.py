"""The ``access-api`` command: serve the app, analyse articles, install data."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from access_api._terminal import TerminalProgress
from access_api.errors import AccessApiError
from access_api.settings import Settings, SettingsError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from access_api.text import CleanText

__all__ = ["main"]


def _port_taken(host: str, port: int) -> str | None:
    """Why ``host:port`` cannot be listened on (another server has it), or ``None``."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # As uvicorn does: a port left in TIME_WAIT by a stopped server is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            return exc.strerror or str(exc)
    return None


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from access_api._server import connection_limit, http_protocol
    from access_api.app import create_app

    host = args.host or settings.host
    port = args.port or settings.port
    taken = _port_taken(host, port)
    if taken is not None:
        print(
            f"access-api: cannot listen on {host}:{port} ({taken}). Another program may be "
            f"using the port: stop it, or choose another, e.g. ACCESS_API_PORT={port + 1} "
            f"make run (or access-api serve --port {port + 1}).",
            file=sys.stderr,
        )
        return 2
    print(f"access_api on http://{host}:{port}/  (API docs: http://{host}:{port}/schema)")
    # The app logs each request itself, as JSON with its request id; uvicorn's
    # own lines go through the same handler (no config of its own).
    protocol = http_protocol(
        header_timeout=settings.header_timeout_seconds,
        max_connections=connection_limit(settings.max_connections),
    )
    uvicorn.run(
        create_app(settings),
        host=host,
        port=port,
        log_config=None,
        access_log=False,
        http=protocol,
        timeout_keep_alive=settings.keep_alive_seconds,
    )
    return 0


def _install_data(_args: argparse.Namespace, _settings: Settings) -> int:
    from access_api.text import install_language_data, load_pipeline

    where = install_language_data()
    print(f"language data ready in {where}")
    pipeline = load_pipeline()
    print(f"parser ready: en_core_web_sm {pipeline.meta['version']}")
    return 0


def _source(source: str) -> dict[str, Any]:
    """What :func:`access_api.documents.ingest` takes for the article named on the command
    line: a link, a file, or ``-`` for standard input."""
    if source.startswith(("http://", "https://")):
        return {"url": source}
    data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    return {"file": data, "file_name": source}


def _read_source(source: str, settings: Settings) -> CleanText:
    """The article named on the command line, clean."""
    from access_api.documents import ingest

    content, _ = asyncio.run(ingest(settings, **_source(source)))
    return content


def _analyze(args: argparse.Namespace, settings: Settings) -> int:
    from access_api.text import (
        LEVEL_TARGETS,
        assess,
        ensure_language_data,
        grade_words,
        summarise,
        target_words,
    )

    with TerminalProgress() as progress:
        progress.step("Reading the article")
        ensure_language_data()
        content = _read_source(args.source, settings)
        sentences = len(content.sentences)
        progress.step(f"Scoring {sentences} sentences")
        report = assess(content.text, content.sentences, words_per_minute=settings.words_per_minute)
        progress.step(f"Summarising {sentences} sentences ({args.algorithm})")
        summary = summarise(
            content.text,
            content.sentences,
            args.level,
            algorithm=args.algorithm,
            title=content.title,
        )
    if args.json:
        out = {
            "title": content.title,
            "text": content.text,
            "removed": [asdict(r) for r in content.removed],
            "readability": asdict(report),
            "summary": asdict(summary),
        }
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2, default=str)
        print()
        return 0
    print(f"Reading level: {report.label} (US school {grade_words(report.grade)}, Flesch-Kincaid)")
    print(f"{report.words} words, about {round(report.reading_time_seconds / 60) or 1} min to read")
    for warning in report.warnings:
        print(f"Note: {warning}")
    if content.removed:
        print(f"Removed {len(content.removed)} piece(s) of boilerplate:")
        for removed in content.removed:
            print(f"  - {removed.reason}: {removed.text[:70]}")
    print()
    verdict, aim = target_words(
        summary.readability.grade,
        summary.target_grade,
        of_article=LEVEL_TARGETS[summary.level].grade_ceiling is None,
        met=summary.met_target,
    )
    print(f"{summary.level.capitalize()} summary: {verdict}. {aim}")
    if summary.reason:
        print(summary.reason)
    print(summary.text)
    return 0


def _migrate(_args: argparse.Namespace, settings: Settings) -> int:
    from access_api.documents import prepare
    from access_api.store import Store

    async def run() -> None:
        store = Store(settings.resolved_database_url)
        try:
            await prepare(store, settings)
        finally:
            await store.close()

    asyncio.run(run())
    print("the database schema is up to date")
    return 0


def _worker(_args: argparse.Namespace, settings: Settings) -> int:
    if not settings.queue_url:
        print(
            "access-api: a worker needs a job queue: set ACCESS_API_QUEUE_URL "
            "(e.g. redis://localhost:6379/0). Without one, the API makes audio itself.",
            file=sys.stderr,
        )
        return 2
    from access_api.jobs import run_worker

    run_worker(settings)
    return 0


def _speak(args: argparse.Namespace, settings: Settings) -> int:
    import shutil
    import tempfile

    from access_api.jobs import Variant, speakable
    from access_api.speech import synthesise
    from access_api.text import ensure_language_data, summarise

    variant = Variant.parse(args.variant)
    output = Path(args.output)
    audio_format = args.format or output.suffix.lstrip(".").lower() or "mp3"
    with TerminalProgress() as progress, tempfile.TemporaryDirectory() as scratch:
        progress.step("Reading the article")
        ensure_language_data()
        content = _read_source(args.source, settings)
        summary = None
        if variant is not Variant.ARTICLE:
            progress.step(f"Making the {variant.label.lower()}")
            summary = summarise(content.text, content.sentences, variant.value, title=content.title)
        progress.step("Loading the voice")
        result = synthesise(
            speakable(content.sentences, summary),
            voice_id=args.voice,
            rate=args.rate,
            pause=args.pause,
            format=audio_format,
            title=content.title or output.stem,
            variant=variant.label,
            output_dir=Path(scratch),
            settings=settings,
            progress=lambda done: progress.count("Speaking sentences", done.done, done.total),
        )
        shutil.move(result.path, output)
        shutil.move(result.vtt_path, output.with_suffix(".vtt"))
    print(
        f"{output}: {result.duration_seconds:.1f} s of audio, voice {result.voice_id}; "
        f"captions in {output.with_suffix('.vtt')}"
    )
    return 0


def _export(args: argparse.Namespace, settings: Settings) -> int:
    from access_api.errors import AudioFailed
    from access_api.export import ExportOptions, Exports, export_status
    from access_api.jobs import AudioService, create_runner, open_context
    from access_api.store import AudioStatus

    output = Path(args.output)
    options = ExportOptions.parse(
        args.format or output.suffix.lstrip(".").lower() or "epub", args.variant, args.voice
    )
    given = _source(args.source)

    async def run() -> str:
        async with open_context(settings) as context:
            runner = create_runner(settings, context)
            await runner.start()
            try:
                exports = Exports(context.documents, AudioService(context, runner))
                doc, _ = await context.documents.create(**given, title=args.title)
                # The audio goes into the audio store, as the server's does: asked
                # for again (here or through the API), it is not spoken twice.
                await exports.prepare(doc, options)
                while True:
                    records = [r for r in await exports.audio_of(doc, options) if r]
                    status, _ = export_status(records)
                    if status == AudioStatus.DONE.value:
                        break
                    if status == AudioStatus.FAILED.value:
                        reasons = sorted({r.error for r in records if r.error})
                        raise AudioFailed(" ".join(reasons) or "The audio could not be made.")
                    await asyncio.sleep(0.5)
                partial = output.with_name(f".{output.name}.part")
                try:
                    with partial.open("wb") as handle:
                        await exports.write(doc, options, handle)
                    partial.replace(output)
                finally:
                    partial.unlink(missing_ok=True)
                return doc.id
            finally:
                await runner.stop()

    doc_id = asyncio.run(run())
    what = "read-along book" if options.format.needs_audio else "Word document"
    print(
        f"{output}: {what} of {options.label.lower()}, {output.stat().st_size / 1e6:.1f} MB "
        f"(document {doc_id}, kept in {settings.data_dir})"
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="access-api", description="Make articles accessible: clean text, scores, summaries."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="serve the web app and the REST API")
    serve.add_argument("--host", help="address to listen on (default: ACCESS_API_HOST)")
    serve.add_argument("--port", type=int, help="port to listen on (default: ACCESS_API_PORT)")
    serve.set_defaults(run=_serve)

    analyze = commands.add_parser("analyze", help="clean, score and summarise one article")
    analyze.add_argument("source", help="a file (text or HTML), a link, or - for standard input")
    analyze.add_argument("--level", default="standard", help="easy, standard or detailed")
    analyze.add_argument("--algorithm", default="level", help="summary algorithm")
    analyze.add_argument("--json", action="store_true", help="print everything as JSON")
    analyze.set_defaults(run=_analyze)

    install = commands.add_parser(
        "install-data", help="install the language data used offline (run once after install)"
    )
    install.set_defaults(run=_install_data)

    speak = commands.add_parser("speak", help="speak an article or its summary into a file")
    speak.add_argument("source", help="a file (text or HTML), a link, or - for standard input")
    speak.add_argument(
        "--variant", default="article", help="article (default), easy, standard or detailed"
    )
    speak.add_argument("-o", "--output", required=True, help="the audio file to write")
    speak.add_argument("--voice", help="a voice id (see GET /api/v1/voices); default offline")
    speak.add_argument("--format", help="mp3, ogg or wav (default: from the file name, else mp3)")
    speak.add_argument("--rate", type=float, default=1.0, help="pace, 0.5 to 2 (default 1)")
    speak.add_argument("--pause", default="normal", help="normal or relaxed")
    speak.set_defaults(run=_speak)

    export = commands.add_parser(
        "export", help="an article as a read-along EPUB book or a Word file, to take away"
    )
    export.add_argument("source", help="a file (text or HTML), a link, or - for standard input")
    export.add_argument("-o", "--output", required=True, help="the file to write")
    export.add_argument(
        "--variant",
        default="all",
        help="all (default: every summary, easiest first, then the article), easy, standard, "
        "detailed or article",
    )
    export.add_argument("--format", help="epub or docx (default: from the file name, else epub)")
    export.add_argument("--voice", help="the book's voice (see GET /api/v1/voices)")
    export.add_argument("--title", help="the article's title")
    export.set_defaults(run=_export)

    worker = commands.add_parser(
        "worker", help="make audio from the job queue (scale-out mode, ACCESS_API_QUEUE_URL)"
    )
    worker.set_defaults(run=_worker)

    migrate = commands.add_parser("migrate", help="bring the database schema up to date")
    migrate.set_defaults(run=_migrate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = Settings.from_env()
        code: int = args.run(args, settings)
    except (AccessApiError, SettingsError, OSError) as exc:
        print(f"access-api: {exc}", file=sys.stderr)
        return 2
    return code


if __name__ == "__main__":
    sys.exit(main())
