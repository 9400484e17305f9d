"""The results page's files to take away: the links it shows, and its form to make a book.

What the page offers of each variant (and of the whole book) is worked out here
from the export service, so the page template only shows it; the REST
endpoints it links to are in :mod:`access_api.web._exports`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from litestar import Controller, Request, post
from litestar.di import NamedDependency
from litestar.params import PathParameter
from litestar.response import Redirect
from litestar.status_codes import HTTP_303_SEE_OTHER

from access_api.documents import Documents
from access_api.export import ALL_VARIANTS, ExportFormat, ExportOptions, Exports, export_status
from access_api.store import AudioStatus, StoredDocument
from access_api.web._schemas import export_link
from access_api.web._templates import results_address

__all__ = ["ExportPageController", "TakeAway", "take_away"]


@dataclass(frozen=True, slots=True)
class TakeAway:
    """What the results page offers to take away of one variant, or of all of them."""

    word: str
    """The Word file's address: always ready."""
    book: str | None
    """The read-along book's address, once its audio is made."""
    status: str
    """Of the book's audio: ``done``, ``queued``, ``running``, ``failed`` or ``not-asked``."""
    progress: float


async def take_away(exports: Exports, doc: StoredDocument) -> dict[str, TakeAway]:
    """The page's downloads of each variant and of the whole book, with the default voice."""
    every = ExportOptions.parse(ExportFormat.EPUB.value, ALL_VARIANTS)
    records = await exports.audio_of(doc, every)
    views = {}
    for name, chosen in [
        *((v.value, [r]) for v, r in zip(every.variants, records, strict=True)),
        (ALL_VARIANTS, records),
    ]:
        options = ExportOptions.parse(ExportFormat.EPUB.value, name)
        status, progress = export_status(chosen)
        views[name] = TakeAway(
            word=export_link(doc.id, ExportOptions.parse(ExportFormat.DOCX.value, name), name),
            book=export_link(doc.id, options, name) if status == AudioStatus.DONE else None,
            status=status,
            progress=progress,
        )
    return views


class ExportPageController(Controller):
    """The results page's form that has a read-along book made."""

    include_in_schema = False

    @post("/documents/{doc_id:str}/export", name="make-book", status_code=HTTP_303_SEE_OTHER)
    async def make_book(
        self,
        doc_id: Annotated[str, PathParameter(description="A document's id.")],
        request: Request[Any, Any, Any],
        documents: NamedDependency[Documents],
        exports: NamedDependency[Exports],
    ) -> Redirect:
        """Ask for the audio of a book (a variant's, or all of them), then go back."""
        form = await request.form()
        variant = str(form.get("variant") or ALL_VARIANTS)
        options = ExportOptions.parse(ExportFormat.EPUB.value, variant)
        doc = await documents.get(doc_id)
        await exports.prepare(doc, options)
        where = {ALL_VARIANTS: "take-away", "article": "article"}.get(variant, f"summary-{variant}")
        address = results_address(
            doc.id,
            level=str(form.get("level") or ""),
            voice=str(form.get("voice") or "") or None,
            anchor=f"#{where}",
        )
        return Redirect(address, status_code=HTTP_303_SEE_OTHER)
