"""Accessible versions to take away: read-along EPUB 3 books and Word documents.

Modules (all private; use the names re-exported here):

    _model     Book, Chapter, Passage, BookAudio, ExportFormat: plain data
    _epub      write_epub(): EPUB 3 with Media Overlays, EPUB Accessibility 1.1 metadata
    _docx      write_docx(): .docx with real headings and styles (python-docx)
    _service   Exports: a stored document and its stored audio, as a book

The writers know only the plain data of ``_model``; the service builds it from
the document service and the audio service, and knows nothing of HTTP.

Errors raised (from :mod:`access_api.errors`)::

    UnknownChoice        an unknown format or variant
    ExportNotReady       a book's audio is not finished (409, with the audio to follow)
"""

from __future__ import annotations

from access_api.export._docx import write_docx
from access_api.export._epub import write_epub
from access_api.export._model import Book, BookAudio, Chapter, ExportFormat, Passage
from access_api.export._service import (
    ALL_VARIANTS,
    BOOK_ORDER,
    NOT_ASKED,
    ExportFile,
    ExportOptions,
    Exports,
    book_title,
    export_status,
)

__all__ = [
    "ALL_VARIANTS",
    "BOOK_ORDER",
    "NOT_ASKED",
    "Book",
    "BookAudio",
    "Chapter",
    "ExportFile",
    "ExportFormat",
    "ExportOptions",
    "Exports",
    "Passage",
    "book_title",
    "export_status",
    "write_docx",
    "write_epub",
]
