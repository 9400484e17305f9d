"""Request and response bodies of the REST API, as msgspec structs.

The API speaks of the same things as the domain: a *document*, its
*readability*, its *summaries* at a *reading level*. Converters from domain
values live beside the structs they fill.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import msgspec

if TYPE_CHECKING:
    from access_api.store import StoredDocument
    from access_api.text.readability import ReadabilityReport
    from access_api.text.summaries import Summary

__all__ = [
    "DocumentIn",
    "DocumentOut",
    "ReadabilityIn",
    "ReadabilityOut",
    "RemovedOut",
    "SentenceOut",
    "SentenceReadabilityOut",
    "SummariesIn",
    "SummaryOut",
    "SummarySentenceOut",
]

Title = Annotated[str, msgspec.Meta(max_length=500, description="A title for the article.")]


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


class SentenceReadabilityOut(msgspec.Struct):
    index: int
    grade: float
    words: int
    hard_words: list[str]


class ReadabilityOut(msgspec.Struct):
    grade: float
    """The headline US school grade."""
    label: str
    """The verdict in plain words."""
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
    target_grade: float
    target_sentences: int
    met_target: bool
    reason: str | None
    """Why the target was not met, in plain words."""
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
