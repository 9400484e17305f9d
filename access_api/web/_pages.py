"""The web pages: a form, a results page per document, help and settings.

The pages are a thin shell over :class:`~access_api.documents.Documents`, like
the REST API. Every flow works without JavaScript: the form posts, the server
answers ``303 See Other`` with the results page's address, and the static
scripts only add to pages that already work.

What belongs to pages alone lives here too: their Content Security Policy
(no inline script or style), CSRF protection for their forms, HTML error pages
(used by :mod:`access_api.web._problems`) and where the page assets are found.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.params import PathParameter, QueryParameter
from litestar.response import Redirect, Template
from litestar.status_codes import (
    HTTP_303_SEE_OTHER,
    HTTP_403_FORBIDDEN,
    HTTP_404_NOT_FOUND,
    HTTP_422_UNPROCESSABLE_ENTITY,
)

from access_api import errors
from access_api.documents import Documents
from access_api.jobs import AudioService, Variant
from access_api.settings import Settings
from access_api.speech import AudioFormat, default_voice_id
from access_api.store import AudioStatus, StoredDocument
from access_api.text.summaries import LEVEL_TARGETS, ReadingLevel

__all__ = [
    "HARD_GRADE",
    "PAGE_CSP",
    "TEMPLATES_DIR",
    "PageController",
    "csrf_config",
    "error_page",
    "static_directory",
    "wants_page",
]

TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "templates"

HARD_GRADE = 12.0
"""A sentence above this US school grade is marked as hard on the page."""

_VARIANTS = (*(level.value for level in ReadingLevel), Variant.ARTICLE.value)
"""What can be listened to: each summary, easiest first, then the whole article."""

_FORMATS = tuple(f.value for f in AudioFormat)
"""Every download format; the player plays the first (MP3)."""

_UNFINISHED = (AudioStatus.QUEUED, AudioStatus.RUNNING)

PagePath = Annotated[str, PathParameter(description="A document's id.")]
ChosenLevel = Annotated[
    str | None, QueryParameter(name="level", required=False, description="The reader's level.")
]

_LEVEL_NAMES = {
    "easy": "Easy summary",
    "standard": "Standard summary",
    "detailed": "Detailed summary",
}

_SCORE_NAMES = {
    "flesch_reading_ease": "Flesch reading ease",
    "flesch_kincaid_grade": "Flesch-Kincaid grade",
    "gunning_fog": "Gunning fog index",
    "smog_index": "SMOG index",
    "coleman_liau_index": "Coleman-Liau index",
    "automated_readability_index": "Automated readability index",
    "dale_chall_readability_score": "Dale-Chall score",
    "linsear_write_formula": "Linsear Write",
    "text_standard": "Text standard (the formulas together)",
}


def static_directory() -> Path:
    """Where the page assets (``static/``) are.

    In a source checkout (and an editable install, and a container that copies
    the repository) they sit beside the package, at the repository's root. A
    wheel installs them as data files under ``<prefix>/share/access_api/static``.
    """
    beside_package = Path(__file__).resolve().parents[2] / "static"
    installed = Path(sys.prefix) / "share" / "access_api" / "static"
    for candidate in (beside_package, installed):
        if (candidate / "css" / "site.css").is_file():
            return candidate
    return beside_package


@dataclass(frozen=True, slots=True)
class _FieldError:
    """A problem with one form field, shown in the error summary and by the field."""

    field: str
    """The id of the field the message links to."""
    message: str


@dataclass(slots=True)
class _FormInput:
    """What the person typed into the form, kept so nothing is lost on an error."""

    text: str = ""
    url: str = ""
    title: str = ""
    level: str = "easy"
    file_name: str = ""


def _page(
    name: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> Template:
    return Template(
        template_name=name,
        context=context or {},
        status_code=status_code,
        headers={**(headers or {}), "Content-Security-Policy": PAGE_CSP},
    )


def _home(form: _FormInput, problems: list[_FieldError], *, status_code: int = 200) -> Template:
    return _page(
        "home.html",
        {
            "form": form,
            "problems": problems,
            "problem_for": {p.field: p.message for p in problems},
            "levels": [(level.value, _LEVEL_NAMES[level.value]) for level in ReadingLevel],
        },
        status_code=status_code,
    )


async def _read_form(request: Request[Any, Any, Any]) -> tuple[_FormInput, bytes | None]:
    form = await request.form()
    given = _FormInput(
        text=str(form.get("text") or ""),
        url=str(form.get("url") or "").strip(),
        title=str(form.get("title") or "").strip(),
        level=str(form.get("level") or "easy"),
    )
    upload = form.get("file")
    content: bytes | None = None
    if isinstance(upload, UploadFile) and upload.filename:
        given.file_name = upload.filename
        content = await upload.read()
    return given, content


def _check_form(given: _FormInput, content: bytes | None) -> list[_FieldError]:
    filled = [
        name
        for name, present in (
            ("text", bool(given.text.strip())),
            ("file", content is not None),
            ("url", bool(given.url)),
        )
        if present
    ]
    if not filled:
        return [_FieldError("text", "Paste some text, choose a file or give a link.")]
    if len(filled) > 1:
        return [
            _FieldError(name, "Use only one of: the text box, a file or a link.") for name in filled
        ]
    if given.level not in _LEVEL_NAMES:
        return [_FieldError("level-easy", "Choose a reading level.")]
    return []


def _decode_upload(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        msg = "The file is not a web page or text saved as UTF-8. Save it as UTF-8 and try again."
        raise errors.UnreadableText(msg) from None


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<body" in head or "<p" in head or "<!doctype" in head


class PageController(Controller):
    """The pages people read: home, results, help, settings."""

    include_in_schema = False

    @get("/", name="home", sync_to_thread=False)
    def home(self) -> Template:
        return _home(_FormInput(), [])

    @post("/", name="submit", status_code=HTTP_303_SEE_OTHER)
    async def submit(
        self,
        request: Request[Any, Any, Any],
        documents: NamedDependency[Documents],
        audio: NamedDependency[AudioService],
    ) -> Redirect | Template:
        """Make a document from the form and send the reader to its page.

        The summaries' audio is started at once, so their players are there (or on
        their way) when the page opens; the full article's waits to be asked for.
        """
        given, content = await _read_form(request)
        problems = _check_form(given, content)
        if problems:
            return _home(given, problems, status_code=HTTP_422_UNPROCESSABLE_ENTITY)
        title = given.title or None
        try:
            if content is not None:
                decoded = _decode_upload(content)
                if given.file_name.lower().endswith((".html", ".htm")) or _looks_like_html(decoded):
                    doc, _ = await documents.create(html=decoded, title=title)
                else:
                    doc, _ = await documents.create(text=decoded, title=title)
            elif given.url:
                doc, _ = await documents.create(url=given.url, title=title)
            else:
                doc, _ = await documents.create(text=given.text, title=title)
        except (errors.InputError, errors.LinkError) as exc:
            field = "file" if content is not None else "url" if given.url else "text"
            return _home(
                given, [_FieldError(field, str(exc))], status_code=HTTP_422_UNPROCESSABLE_ENTITY
            )
        for level in ReadingLevel:
            # A summary too short to speak, or a full queue, leaves its "Make audio"
            # button on the page instead of a player: never an error for the reader.
            with contextlib.suppress(errors.InputError, errors.Unavailable):
                await audio.request(doc.id, variant=level.value, format=_FORMATS[0])
        return Redirect(f"/documents/{doc.id}?level={given.level}", status_code=HTTP_303_SEE_OTHER)

    @get("/documents/{doc_id:str}", name="results")
    async def results(
        self,
        doc_id: PagePath,
        documents: NamedDependency[Documents],
        audio: NamedDependency[AudioService],
        settings: NamedDependency[Settings],
        level: ChosenLevel = None,
    ) -> Template:
        """Everything about one document, easiest first."""
        doc = await _document(documents, doc_id)
        report = await documents.readability(doc_id)
        summaries = await documents.summaries(doc_id)
        grades = {s.index: s for s in report.sentences}
        return _page(
            "results.html",
            {
                "doc": doc,
                "report": report,
                "summaries": summaries,
                "level_names": _LEVEL_NAMES,
                "chosen": level if level in _LEVEL_NAMES else None,
                "score_names": _SCORE_NAMES,
                "sentence_grades": grades,
                "hard_grade": HARD_GRADE,
                "hard_count": sum(1 for s in report.sentences if s.grade > HARD_GRADE),
                "paragraphs": _paragraphs(doc.sentences),
                "audio_enabled": True,
                "audio": await _audio_views(audio, doc_id, default_voice_id(settings)),
            },
        )

    @post("/documents/{doc_id:str}/audio", name="make-audio", status_code=HTTP_303_SEE_OTHER)
    async def make_audio(
        self,
        doc_id: PagePath,
        request: Request[Any, Any, Any],
        documents: NamedDependency[Documents],
        audio: NamedDependency[AudioService],
    ) -> Redirect:
        """Start the audio of one variant in every format, then go back to the page.

        The MP3 is asked for first, so the player is ready before the other downloads.
        """
        await _document(documents, doc_id)
        variant = str((await request.form()).get("variant") or "")
        if variant not in _VARIANTS:
            raise errors.UnknownChoice("variant", variant, _VARIANTS)
        player_format, *other_formats = _FORMATS
        await audio.request(doc_id, variant=variant, format=player_format)
        for audio_format in other_formats:
            # The player's file is what matters: when the queue is full, the page
            # offers fewer downloads rather than no audio at all.
            with contextlib.suppress(errors.Unavailable):
                await audio.request(doc_id, variant=variant, format=audio_format)
        return Redirect(f"/documents/{doc_id}#listen-{variant}", status_code=HTTP_303_SEE_OTHER)

    @get("/help", name="help", sync_to_thread=False)
    def help(self) -> Template:
        targets = [(_LEVEL_NAMES[level.value], t.description) for level, t in LEVEL_TARGETS.items()]
        return _page(
            "help.html",
            {"score_names": _SCORE_NAMES, "hard_grade": HARD_GRADE, "level_targets": targets},
        )

    @get("/settings", name="settings", sync_to_thread=False)
    def settings(self) -> Template:
        return _page("settings.html")


async def _document(documents: Documents, doc_id: str) -> StoredDocument:
    """The document, or a 404 page in words a reader can act on."""
    if not _is_document_id(doc_id):
        raise errors.NotFound(_no_document())
    try:
        return await documents.get(doc_id)
    except errors.NotFound:
        raise errors.NotFound(_no_document()) from None


def _is_document_id(doc_id: str) -> bool:
    return len(doc_id) == 32 and all(c in "0123456789abcdef" for c in doc_id)


@dataclass(frozen=True, slots=True)
class _Download:
    name: str
    """The format as people know it: "MP3"."""
    url: str | None
    """``None`` until the file is ready."""
    failed: bool


@dataclass(frozen=True, slots=True)
class _AudioView:
    """What the page shows of one variant's audio."""

    status: str
    """Of the file the player plays: ``queued``, ``running``, ``done`` or ``failed``."""
    progress: float
    error: str | None
    file: str
    captions: str
    timings: str
    status_url: str | None
    """Where to follow the first format still being made, if any."""
    formats: list[_Download]
    not_asked: list[str]
    """Formats nobody has asked for yet, as people know them: ``["OGG", "WAV"]``."""


async def _audio_views(
    audio: AudioService, doc_id: str, default_voice: str
) -> dict[str, _AudioView]:
    """The audio already asked for, per variant: the default voice's if there is one.

    Only audio at the usual pace is shown; the API can make other kinds.
    """
    usual = [
        r for r in await audio.records.of_document(doc_id) if r.rate == 1.0 and r.pause == "normal"
    ]
    views: dict[str, _AudioView] = {}
    for variant in _VARIANTS:
        found = [r for r in usual if r.variant == variant]
        if not found:
            continue
        best = min(
            found,
            key=lambda r: (
                r.voice != default_voice,
                r.status is not AudioStatus.DONE,
                r.format != "mp3",
            ),
        )
        by_format = {r.format: r for r in found if r.voice == best.voice}
        main = by_format.get("mp3", best)
        unfinished = [
            by_format[f] for f in _FORMATS if f in by_format and by_format[f].status in _UNFINISHED
        ]
        base = f"/api/v1/audio/{main.id}"
        views[variant] = _AudioView(
            status=main.status.value,
            progress=main.progress,
            error=main.error,
            file=f"{base}/file",
            captions=f"{base}/captions.vtt",
            timings=f"{base}/timings.json",
            status_url=f"/api/v1/audio/{unfinished[0].id}" if unfinished else None,
            formats=[
                _Download(
                    name=f.upper(),
                    url=f"/api/v1/audio/{by_format[f].id}/file"
                    if by_format[f].status is AudioStatus.DONE
                    else None,
                    failed=by_format[f].status is AudioStatus.FAILED,
                )
                for f in _FORMATS
                if f in by_format
            ],
            not_asked=[f.upper() for f in _FORMATS if f not in by_format],
        )
    return views


def _no_document() -> str:
    return (
        "We cannot find that document. The link may be wrong, or the document was deleted. "
        "You can start again from the home page."
    )


def _paragraphs(sentences: tuple[Any, ...]) -> list[list[Any]]:
    """The sentences grouped by paragraph, in order."""
    groups: list[list[Any]] = []
    last = None
    for sentence in sentences:
        if sentence.paragraph != last:
            groups.append([])
            last = sentence.paragraph
        groups[-1].append(sentence)
    return groups


PAGE_CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "media-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
"""The pages' Content Security Policy: no inline script or style, nothing from elsewhere."""


def wants_page(request: Request[Any, Any, Any]) -> bool:
    """True when an error should be answered with a page: a browser asking for a page.

    The API, the OpenAPI page and the assets always answer errors as problem
    details, whatever the client accepts.
    """
    # The scope's path, not request.url: building a URL fails on a malformed Host.
    if request.scope["path"].startswith(("/api/", "/schema", "/static/", "/health", "/ready")):
        return False
    return request.accept.best_match(["text/html", "application/problem+json"]) == "text/html"


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
    return _page(
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


def csrf_config(settings: Settings) -> CSRFConfig:
    """CSRF protection for the forms; the JSON API (``/api/``) is left to its own rules.

    The signing secret is made once and kept in the data directory, so tokens
    survive a restart and every process serving the same data agrees on them.
    """
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    path = settings.data_dir / "csrf_secret"
    if not path.is_file():
        # Written aside, then linked into place: processes starting together
        # agree on whichever secret lands first, and none reads half of one.
        draft = settings.data_dir / f".csrf_secret.{secrets.token_hex(8)}"
        draft.write_text(secrets.token_hex(32), encoding="ascii")
        draft.chmod(0o600)
        with contextlib.suppress(FileExistsError):
            os.link(draft, path)
        draft.unlink()
    return CSRFConfig(
        secret=path.read_text(encoding="ascii").strip(),
        cookie_samesite="strict",
        cookie_httponly=True,
        exclude=["^/api/", "^/schema", "^/health", "^/ready", "^/metrics"],
    )
