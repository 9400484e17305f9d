"""What the REST API reads and writes: its bodies (msgspec structs) and its ids.

The API speaks of the same things as the domain: a *document*, its
*readability*, its *summaries* at a *reading level*, its *audio*, and the
*exports* to take away. Converters from domain values live beside the
structs they fill. The path and query parameters are here too, so each id
is described (and checked) once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated
from urllib.parse import urlencode

import msgspec
from litestar.params import PathParameter, QueryParameter

from access_api.export import ALL_VARIANTS, BOOK_ORDER, ExportFormat
from access_api.jobs import Variant
from access_api.speech import AudioFormat, Pause
from access_api.store import DOCUMENT_ID_PATTERN
from access_api.text import MAX_TITLE_CHARS, Algorithm, ReadingLevel

if TYPE_CHECKING:
    from access_api.export import ExportOptions
    from access_api.speech import Pronunciation
    from access_api.store import AudioRecord, StoredDocument
    from access_api.text import ReadabilityReport, Summary

__all__ = [
    "AlgorithmQuery",
    "AudioId",
    "AudioIn",
    "AudioOut",
    "DocumentId",
    "DocumentIn",
    "DocumentOut",
    "ExportFormatQuery",
    "ExportIn",
    "ExportOut",
    "ExportVariantQuery",
    "ExportVoiceQuery",
    "LevelName",
    "PronunciationOut",
    "ReadabilityIn",
    "ReadabilityOut",
    "RemovedOut",
    "SentenceOut",
    "SentenceReadabilityOut",
    "SentencesQuery",
    "SummariesIn",
    "SummaryOut",
    "SummarySentenceOut",
    "VoiceOut",
    "export_link",
]

DocumentId = Annotated[
    str,
    PathParameter(
        description="A document's id, as returned when it was created.",
        pattern=DOCUMENT_ID_PATTERN,
    ),
]
AudioId = Annotated[
    str,
    PathParameter(
        description="An audio's id, as returned when it was asked for.",
        pattern=r"^[0-9a-f]{64}$",
    ),
]
LevelName = Annotated[
    str,
    PathParameter(description="Reading level: " + ", ".join(level.value for level in ReadingLevel)),
]
AlgorithmQuery = Annotated[
    str | None,
    QueryParameter(
        name="algorithm",
        description="Summary algorithm: " + ", ".join(a.value for a in Algorithm),
        required=False,
    ),
]
SentencesQuery = Annotated[
    int | None,
    QueryParameter(name="sentences", ge=1, le=50, description="Summary length in sentences."),
]

_EXPORT_VARIANTS = ", ".join([*(v.value for v in BOOK_ORDER), ALL_VARIANTS])
ExportFormatQuery = Annotated[
    str,
    QueryParameter(
        name="format",
        description="`epub` (a read-along EPUB 3 book) or `docx` (a Word document).",
    ),
]
ExportVariantQuery = Annotated[
    str,
    QueryParameter(
        name="variant",
        description=f"What the file holds: {_EXPORT_VARIANTS} (every summary, easiest first, "
        "then the article).",
    ),
]
ExportVoiceQuery = Annotated[
    str | None,
    QueryParameter(
        name="voice",
        required=False,
        description="A book's voice, from `GET /api/v1/voices`; the default offline voice "
        "when omitted.",
    ),
]

Title = Annotated[
    str, msgspec.Meta(max_length=MAX_TITLE_CHARS, description="A title for the article.")
]


class DocumentIn(msgspec.Struct, forbid_unknown_fields=True):
    """An article to clean and analyse: exactly one of ``text``, ``html`` or ``url``."""

    text: str | None = None
    """The article as plain text."""
    html: str | None = None
    """The article as an HTML page; its main content is extracted."""
    url: str | None = None
    """A link to an article on the web (http or https); it is fetched once."""
    title: Title | None = None


class SentenceOut(msgspec.Struct):
    index: int
    text: str
    start: int
    end: int
    paragraph: int


class RemovedOut(msgspec.Struct):
    text: str
    reason: str


class DocumentOut(msgspec.Struct):
    id: str
    title: str | None
    text: str
    removed: list[RemovedOut]
    sentences: list[SentenceOut]
    source: str
    url: str | None
    links: dict[str, str]

    @classmethod
    def from_document(cls, doc: StoredDocument) -> DocumentOut:
        base = f"/api/v1/documents/{doc.id}"
        return cls(
            id=doc.id,
            title=doc.title,
            text=doc.text,
            removed=[RemovedOut(text=r.text, reason=r.reason) for r in doc.removed],
            sentences=[
                SentenceOut(
                    index=s.index, text=s.text, start=s.start, end=s.end, paragraph=s.paragraph
                )
                for s in doc.sentences
            ],
            source=doc.source_kind,
            url=doc.source_url,
            links={
                "self": base,
                "readability": f"{base}/readability",
                "summaries": f"{base}/summaries",
                "page": f"/documents/{doc.id}",
            },
        )


Grade = Annotated[
    float,
    msgspec.Meta(
        description=(
            "A US school grade: the Flesch-Kincaid grade, the one measure of every grade "
            "in the API, on the pages and in the CLI (a text's, a sentence's, a summary's "
            "and a summary's target)."
        )
    ),
]
Label = Annotated[
    str,
    msgspec.Meta(
        description=(
            'The grade in plain words, from one table of grades: "Fairly easy: most '
            '14-year-olds can read it" for grades 7 and 8 (see the help page, /help).'
        )
    ),
]


class SentenceReadabilityOut(msgspec.Struct):
    index: int
    grade: Grade
    words: int
    hard_words: Annotated[
        list[str],
        msgspec.Meta(
            description=(
                "Words rare in everyday English (fewer than 10 in a million words, "
                "wordfreq), as the sentence writes them; names and numbers left out."
            )
        ),
    ]


class ReadabilityOut(msgspec.Struct):
    grade: Grade
    label: Label
    scores: dict[str, float]
    """Every textstat formula, keyed by textstat's function name."""
    words: int
    sentence_count: int
    reading_time_seconds: float
    listening_time_seconds: float
    sentences: list[SentenceReadabilityOut]
    warnings: list[str]

    @classmethod
    def from_report(cls, report: ReadabilityReport) -> ReadabilityOut:
        return cls(
            grade=report.grade,
            label=report.label,
            scores=dict(report.scores),
            words=report.words,
            sentence_count=report.sentence_count,
            reading_time_seconds=report.reading_time_seconds,
            listening_time_seconds=report.listening_time_seconds,
            sentences=[
                SentenceReadabilityOut(
                    index=s.index, grade=s.grade, words=s.words, hard_words=list(s.hard_words)
                )
                for s in report.sentences
            ],
            warnings=list(report.warnings),
        )


class SummarySentenceOut(msgspec.Struct):
    text: str
    source_index: int
    """Index of the article sentence this one comes from."""
    start: int
    """Offset of the source sentence in the document's clean text."""
    end: int
    dropped: list[str]
    """Words deleted from the source sentence to shorten it, in order."""


class SummaryOut(msgspec.Struct):
    level: str
    algorithm: str
    target_grade: Annotated[
        float, msgspec.Meta(description="The highest Flesch-Kincaid grade the summary aims for.")
    ]
    target_sentences: int
    met_target: bool
    reason: str | None
    """Why the target was not met, in plain words; also when the opening sentence had
    to be left out, or when one of sumy's algorithms ranked only part of a long article."""
    text: str
    sentences: list[SummarySentenceOut]
    readability: ReadabilityOut

    @classmethod
    def from_summary(cls, summary: Summary) -> SummaryOut:
        return cls(
            level=str(summary.level),
            algorithm=str(summary.algorithm),
            target_grade=summary.target_grade,
            target_sentences=summary.target_sentences,
            met_target=summary.met_target,
            reason=summary.reason,
            text=summary.text,
            sentences=[
                SummarySentenceOut(
                    text=s.text,
                    source_index=s.source_index,
                    start=s.start,
                    end=s.end,
                    dropped=list(s.dropped),
                )
                for s in summary.sentences
            ],
            readability=ReadabilityOut.from_report(summary.readability),
        )


class ReadabilityIn(msgspec.Struct, forbid_unknown_fields=True):
    """Text to score, without storing it."""

    text: str


SentenceCount = Annotated[int, msgspec.Meta(ge=1, le=50, description="Summary length.")]


class SummariesIn(msgspec.Struct, forbid_unknown_fields=True):
    """Text to summarise, without storing it."""

    text: str
    level: str = "standard"
    algorithm: str | None = None
    sentences: SentenceCount | None = None
    title: Title | None = None


class AudioIn(msgspec.Struct, forbid_unknown_fields=True):
    """What to speak and how; every field has a default."""

    variant: str = Variant.ARTICLE.value
    """``article`` (the whole text) or a reading level: ``easy``, ``standard``, ``detailed``."""
    voice: str | None = None
    """A voice id from ``GET /api/v1/voices``; the default offline voice when omitted."""
    format: str = AudioFormat.MP3.value
    """``mp3`` (the default), ``ogg`` (Opus) or ``wav``."""
    rate: float = 1.0
    """Pace, from 0.5 to 2; 1 is the voice's own."""
    pause: str = Pause.NORMAL.value
    """``normal``, or ``relaxed`` for longer silences between sentences."""


class AudioOut(msgspec.Struct):
    id: str
    document_id: str
    variant: str
    voice: str
    format: str
    rate: float
    pause: str
    status: str
    """``queued``, ``running``, ``done`` or ``failed``."""
    progress: float
    """From 0 to 1."""
    duration_seconds: float | None
    error: str | None
    """Why it failed, when it failed."""
    links: dict[str, str]

    @classmethod
    def from_record(cls, record: AudioRecord) -> AudioOut:
        base = f"/api/v1/audio/{record.id}"
        return cls(
            id=record.id,
            document_id=record.document_id,
            variant=record.variant,
            voice=record.voice,
            format=record.format,
            rate=record.rate,
            pause=record.pause,
            status=record.status.value,
            progress=round(record.progress, 3),
            duration_seconds=record.duration_seconds,
            error=record.error,
            links={
                "self": base,
                "file": f"{base}/file",
                "stream": f"{base}/stream",
                "captions": f"{base}/captions.vtt",
                "screen_captions": f"{base}/screen-captions.vtt",
                "timings": f"{base}/timings.json",
                "document": f"/api/v1/documents/{record.document_id}",
            },
        )


class PronunciationOut(msgspec.Struct):
    written: str
    """The word or phrase as written; matched whole, ignoring case unless it has a
    capital after its first letter."""
    respelling: str | None
    """What eSpeak NG and gTTS voices are given instead."""
    phonemes: str | None
    """IPA phonemes that Piper voices are given instead, when the entry has them."""
    source: str
    """``bundled`` (the service's own list) or ``publisher`` (the server's file)."""

    @classmethod
    def from_pronunciation(cls, entry: Pronunciation) -> PronunciationOut:
        return cls(
            written=entry.written,
            respelling=entry.respelling,
            phonemes=entry.phonemes,
            source=entry.source,
        )


class VoiceOut(msgspec.Struct):
    id: str
    engine: str
    language: str
    name: str
    offline: bool
    available: bool
    unavailable_reason: str | None
    licence: str
    default: bool
    """True for the voice used when a request names none (English)."""


class ExportIn(msgspec.Struct, forbid_unknown_fields=True):
    """What to export; have its audio made when it needs some."""

    format: str = ExportFormat.EPUB.value
    """``epub`` (the default) or ``docx``."""
    variant: str = ALL_VARIANTS
    """``easy``, ``standard``, ``detailed``, ``article``, or ``all`` (the default)."""
    voice: str | None = None
    """A voice id for a book's audio; the default offline voice when omitted."""


class ExportOut(msgspec.Struct):
    format: str
    variant: str
    status: str
    """``done`` when the file can be had; else ``queued``, ``running`` or ``failed``."""
    progress: float
    """How much of the audio is made, from 0 to 1."""
    audio: list[AudioOut]
    """The audio the file holds, one per chapter (none for a Word file)."""
    links: dict[str, str]


def export_link(doc_id: str, options: ExportOptions, variant: str) -> str:
    """The address of an export's file."""
    query = {"format": options.format.value, "variant": variant}
    if options.voice:
        query["voice"] = options.voice
    return f"/api/v1/documents/{doc_id}/export?{urlencode(query)}"
