"""The web pages: a form, a results page per document, help and settings.

The pages are a thin shell over :class:`~access_api.documents.Documents`, like
the REST API. Every flow works without JavaScript: the form posts, the server
answers ``303 See Other`` with the results page's address, and the static
scripts only add to pages that already work.

Beside it: what a results page shows of the audio (``_listen``), the reading
settings' table and cookie (``_preferences``), how a page
is answered and where its assets are (``_templates``), the pages' security
policy and CSRF (``_security``), and HTML error pages (``_problems``).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.datastructures import Cookie, UploadFile
from litestar.di import NamedDependency
from litestar.params import PathParameter, QueryParameter
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER, HTTP_422_UNPROCESSABLE_ENTITY

from access_api import errors
from access_api.documents import Documents
from access_api.export import Exports
from access_api.jobs import AudioService
from access_api.settings import Settings
from access_api.speech import Voice, default_voice_id, list_voices
from access_api.store import StoredDocument, is_document_id
from access_api.text import (
    GRADE_BANDS,
    HARD_SENTENCE_GRADE,
    LEVEL_TARGETS,
    MAX_TITLE_CHARS,
    ReadingLevel,
    Sentence,
    SentenceReadability,
    Summary,
    grade_band,
    grade_words,
    target_words,
)
from access_api.web._export_pages import take_away
from access_api.web._listen import FORMATS, VARIANTS, audio_views
from access_api.web._preferences import COOKIE, PREFERENCES, chosen, from_form, to_cookie
from access_api.web._templates import page, results_address

__all__ = ["PageController"]

PagePath = Annotated[str, PathParameter(description="A document's id.")]
SavedFlag = Annotated[
    str | None, QueryParameter(name="saved", required=False, description="What was just saved.")
]
_SAVED_MESSAGES = {"yes": "Saved on this device.", "reset": "Back to the usual settings."}
_SETTINGS_KEPT_SECONDS = 400 * 24 * 3600
"""How long the settings cookie lasts: 400 days, the longest browsers keep one."""
ChosenLevel = Annotated[
    str | None, QueryParameter(name="level", required=False, description="The reader's level.")
]
ChosenVoice = Annotated[
    str | None, QueryParameter(name="voice", required=False, description="The reader's voice.")
]

_LEVEL_NAMES = {
    "easy": "Easy summary",
    "standard": "Standard summary",
    "detailed": "Detailed summary",
}
_FIRST_LEVEL = ReadingLevel.EASY.value
"""The summary shown first when the reader chose none: the home form's default."""

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
    level: str = _FIRST_LEVEL
    file_name: str = ""


@dataclass(frozen=True, slots=True)
class _SummaryView:
    """What a summary's card says of it, beside its text."""

    summary: Summary
    name: str
    """"Easy summary"."""
    verdict: str
    """Its grade in words: "Very easy: most 10-year-olds can read it (grade 4)"."""
    aim: str
    """Its target in words, and whether it was met."""


def _summary_view(summary: Summary) -> _SummaryView:
    verdict, aim = target_words(
        summary.readability.grade,
        summary.target_grade,
        of_article=LEVEL_TARGETS[summary.level].grade_ceiling is None,
        met=summary.met_target,
    )
    return _SummaryView(
        summary=summary, name=_LEVEL_NAMES[summary.level.value], verdict=verdict, aim=aim
    )


def _marked(text: str, readability: SentenceReadability | None) -> list[tuple[str, bool]]:
    """A sentence in pieces, each with whether it is a hard word, to mark them in place."""
    pieces: list[tuple[str, bool]] = []
    at = 0
    for start, end in readability.hard_word_spans if readability else ():
        pieces += [(text[at:start], False), (text[start:end], True)]
        at = end
    pieces.append((text[at:], False))
    return [piece for piece in pieces if piece[0]]


def _home(form: _FormInput, problems: list[_FieldError], *, status_code: int = 200) -> Template:
    # One message may concern several fields: each field shows it, the summary once.
    listed: dict[str, _FieldError] = {}
    for problem in problems:
        listed.setdefault(problem.message, problem)
    return page(
        "home.html",
        {
            "form": form,
            "problems": list(listed.values()),
            "problem_for": {p.field: p.message for p in problems},
            "levels": [(level.value, _LEVEL_NAMES[level.value]) for level in ReadingLevel],
            "title_limit": MAX_TITLE_CHARS,
        },
        status_code=status_code,
    )


def _assume_https(url: str) -> str:
    """A link as people write it ("www.example.com/story"), with the https:// it omits."""
    if not url or "://" in url:
        return url
    return f"https://{url.removeprefix('//')}"


async def _read_form(request: Request[Any, Any, Any]) -> tuple[_FormInput, bytes | None]:
    form = await request.form()
    given = _FormInput(
        text=str(form.get("text") or ""),
        url=_assume_https(str(form.get("url") or "").strip()),
        title=str(form.get("title") or "").strip(),
        level=str(form.get("level") or _FIRST_LEVEL),
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
    if len(given.title) > MAX_TITLE_CHARS:
        return [
            _FieldError(
                "title",
                f"The title is {len(given.title):,} characters long; "
                f"shorten it to {MAX_TITLE_CHARS} or fewer.",
            )
        ]
    return []


def _level(value: str | None) -> str | None:
    """The reading level a page was asked for, if it is one."""
    return value if value in _LEVEL_NAMES else None


def _english_voices(settings: Settings) -> list[Voice]:
    """The voices the page offers: every one that can speak the documents' English now."""
    return [v for v in list_voices(settings) if v.available and v.language.split("-")[0] == "en"]


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

        The summaries' MP3s are started at once, so their players are there (or
        on their way) when the page opens; the full article's waits to be asked for.
        """
        given, content = await _read_form(request)
        problems = _check_form(given, content)
        if problems:
            return _home(given, problems, status_code=HTTP_422_UNPROCESSABLE_ENTITY)
        title = given.title or None
        try:
            if content is not None:
                doc, _ = await documents.create(
                    file=content, file_name=given.file_name, title=title
                )
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
                await audio.request(doc, variant=level.value, format=FORMATS[0])
        return Redirect(results_address(doc.id, level=given.level), status_code=HTTP_303_SEE_OTHER)

    @get("/documents/{doc_id:str}", name="results")
    async def results(
        self,
        doc_id: PagePath,
        documents: NamedDependency[Documents],
        audio: NamedDependency[AudioService],
        exports: NamedDependency[Exports],
        settings: NamedDependency[Settings],
        level: ChosenLevel = None,
        voice: ChosenVoice = None,
    ) -> Template:
        """Everything about one document: the chosen summary first, then the rest.

        The players play the chosen voice's audio (the default voice's otherwise).
        """
        doc = await _document(documents, doc_id)
        report = await documents.readability(doc)
        chosen = _level(level)
        voices = _english_voices(settings)
        chosen_voice = voice if voice in {v.id for v in voices} else None
        shown_voice = chosen_voice or default_voice_id(settings)
        first = chosen or _FIRST_LEVEL
        views = [_summary_view(s) for s in await documents.summaries(doc)]
        grades = {s.index: s for s in report.sentences}
        return page(
            "results.html",
            {
                "doc": doc,
                "report": report,
                "band": grade_band(report.grade),
                "grade_text": grade_words(report.grade),
                "first": next(v for v in views if v.summary.level == first),
                "others": [v for v in views if v.summary.level != first],
                "chosen": chosen,
                "level_names": _LEVEL_NAMES,
                "score_names": _SCORE_NAMES,
                "sentence_grades": grades,
                "marked": {s.index: _marked(s.text, grades.get(s.index)) for s in doc.sentences},
                "hard_grade": HARD_SENTENCE_GRADE,
                "hard_count": sum(1 for s in report.sentences if s.grade > HARD_SENTENCE_GRADE),
                "hardest_count": sum(1 for s in report.sentences if s.hardest),
                "paragraphs": _paragraphs(doc.sentences),
                "audio_enabled": True,
                "audio": await audio_views(audio, doc, shown_voice),
                "voices": voices,
                "voice": chosen_voice,
                "voice_shown": shown_voice,
                "here": results_address(doc.id, level=chosen, voice=chosen_voice),
                "take_away": await take_away(exports, doc),
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
        """Start the audio of one variant in the format asked for (MP3 unless
        another is), then go back to the page, keeping the reader's choice."""
        doc = await _document(documents, doc_id)
        form = await request.form()
        variant = str(form.get("variant") or "")
        if variant not in VARIANTS:
            raise errors.UnknownChoice("variant", variant, VARIANTS)
        audio_format = str(form.get("format") or FORMATS[0])
        if audio_format not in FORMATS:
            raise errors.UnknownChoice("format", audio_format, FORMATS)
        voice = str(form.get("voice") or "") or None
        await audio.request(doc, variant=variant, format=audio_format, voice=voice)
        address = results_address(
            doc.id, level=str(form.get("level") or ""), voice=voice, anchor=f"#listen-{variant}"
        )
        return Redirect(address, status_code=HTTP_303_SEE_OTHER)

    @get("/help", name="help", sync_to_thread=False)
    def help(self) -> Template:
        targets = [(_LEVEL_NAMES[level.value], t.description) for level, t in LEVEL_TARGETS.items()]
        return page(
            "help.html",
            {
                "score_names": _SCORE_NAMES,
                "hard_grade": HARD_SENTENCE_GRADE,
                "level_targets": targets,
                "bands": GRADE_BANDS,
            },
        )

    @get("/settings", name="settings", sync_to_thread=False)
    def settings(self, request: Request[Any, Any, Any], saved: SavedFlag = None) -> Template:
        """The reading settings as a form, each with the reader's current choice."""
        current = chosen(request.cookies.get(COOKIE))
        return page(
            "settings.html",
            {
                "preferences": PREFERENCES,
                "values": {p.name: current.get(p.name, p.usual) for p in PREFERENCES},
                "saved": _SAVED_MESSAGES.get(saved or ""),
            },
        )

    @post("/settings", name="save-settings", status_code=HTTP_303_SEE_OTHER)
    async def save_settings(self, request: Request[Any, Any, Any]) -> Redirect:
        """Keep the reader's settings in a cookie (or forget them), then show the page again."""
        form = await request.form()
        reset = bool(form.get("reset"))
        value = "" if reset else to_cookie(from_form(form))
        cookie = Cookie(
            key=COOKIE,
            value=value,
            max_age=0 if not value else _SETTINGS_KEPT_SECONDS,
            path="/",
            samesite="lax",
            httponly=True,
            secure=request.url.scheme == "https",
        )
        saved = "reset" if reset else "yes"
        return Redirect(
            f"/settings?saved={saved}", status_code=HTTP_303_SEE_OTHER, cookies=[cookie]
        )


async def _document(documents: Documents, doc_id: str) -> StoredDocument:
    """The document, or a 404 page in words a reader can act on."""
    if not is_document_id(doc_id):
        raise errors.NotFound(_no_document())
    try:
        return await documents.get(doc_id)
    except errors.NotFound:
        raise errors.NotFound(_no_document()) from None


def _no_document() -> str:
    return (
        "We cannot find that document. The link may be wrong, or the document was deleted. "
        "You can start again from the home page."
    )


def _paragraphs(sentences: tuple[Sentence, ...]) -> list[list[Sentence]]:
    """The sentences grouped by paragraph, in order."""
    groups: list[list[Sentence]] = []
    last = None
    for sentence in sentences:
        if sentence.paragraph != last:
            groups.append([])
            last = sentence.paragraph
        groups[-1].append(sentence)
    return groups
