"""REST API v1: thin handlers that parse, call the document service, and answer."""

from __future__ import annotations

from litestar import Controller, Response, delete, get, post
from litestar.di import NamedDependency
from litestar.openapi import ResponseSpec
from litestar.params import JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from access_api.documents import Documents, ingest, readability_of, summary_of
from access_api.settings import Settings
from access_api.web._schemas import (
    AlgorithmQuery,
    DocumentId,
    DocumentIn,
    DocumentOut,
    LevelName,
    ReadabilityIn,
    ReadabilityOut,
    SentencesQuery,
    SummariesIn,
    SummaryOut,
)

__all__ = ["DocumentController", "StatelessController"]


class DocumentController(Controller):
    path = "/api/v1/documents"
    tags = ("documents",)

    @post(
        "/",
        status_code=HTTP_201_CREATED,
        summary="Clean and store an article",
        responses={
            HTTP_200_OK: ResponseSpec(
                DocumentOut,
                description="The same clean text was stored before: the existing document.",
            )
        },
    )
    async def create(
        self, data: JSONBody[DocumentIn], documents: NamedDependency[Documents]
    ) -> Response[DocumentOut]:
        """Send exactly one of ``text``, ``html`` or ``url``.

        Answers ``201`` with the new document, or ``200`` with the existing one
        when the same clean text was stored before.
        """
        doc, created = await documents.create(
            text=data.text, html=data.html, url=data.url, title=data.title
        )
        status = HTTP_201_CREATED if created else HTTP_200_OK
        return Response(
            DocumentOut.from_document(doc),
            status_code=status,
            headers={"Location": f"/api/v1/documents/{doc.id}"},
        )

    @get("/{doc_id:str}", summary="A stored document")
    async def read(self, doc_id: DocumentId, documents: NamedDependency[Documents]) -> DocumentOut:
        return DocumentOut.from_document(await documents.get(doc_id))

    @delete("/{doc_id:str}", summary="Delete a document and its audio")
    async def remove(self, doc_id: DocumentId, documents: NamedDependency[Documents]) -> None:
        await documents.delete(await documents.get(doc_id))

    @get("/{doc_id:str}/readability", summary="How hard the document is to read")
    async def readability(
        self, doc_id: DocumentId, documents: NamedDependency[Documents]
    ) -> ReadabilityOut:
        doc = await documents.get(doc_id)
        return ReadabilityOut.from_report(await documents.readability(doc))

    @get("/{doc_id:str}/summaries", summary="Summaries at every reading level, easiest first")
    async def summaries(
        self,
        doc_id: DocumentId,
        documents: NamedDependency[Documents],
        algorithm: AlgorithmQuery = None,
    ) -> list[SummaryOut]:
        found = await documents.summaries(await documents.get(doc_id), algorithm=algorithm)
        return [SummaryOut.from_summary(s) for s in found]

    @get("/{doc_id:str}/summaries/{level:str}", summary="The summary at one reading level")
    async def summary(
        self,
        doc_id: DocumentId,
        level: LevelName,
        documents: NamedDependency[Documents],
        algorithm: AlgorithmQuery = None,
        sentences: SentencesQuery = None,
    ) -> SummaryOut:
        doc = await documents.get(doc_id)
        found = await documents.summary(doc, level, algorithm=algorithm, sentence_count=sentences)
        return SummaryOut.from_summary(found)


class StatelessController(Controller):
    """Twins of the document endpoints for callers who want nothing stored."""

    path = "/api/v1"
    tags = ("stateless",)

    @post("/readability", status_code=HTTP_200_OK, summary="Score a text without storing it")
    async def readability(
        self, data: JSONBody[ReadabilityIn], settings: NamedDependency[Settings]
    ) -> ReadabilityOut:
        content, _ = await ingest(settings, text=data.text)
        report = await readability_of(content, words_per_minute=settings.words_per_minute)
        return ReadabilityOut.from_report(report)

    @post("/summaries", status_code=HTTP_200_OK, summary="Summarise a text without storing it")
    async def summaries(
        self, data: JSONBody[SummariesIn], settings: NamedDependency[Settings]
    ) -> SummaryOut:
        content, _ = await ingest(settings, text=data.text, title=data.title)
        found = await summary_of(
            content, data.level, algorithm=data.algorithm, sentence_count=data.sentences
        )
        return SummaryOut.from_summary(found)
