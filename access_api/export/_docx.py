"""Word documents (.docx), made with python-docx.

Everything is set through styles, never on a single paragraph, so a reader
(or the charity handing the file on) changes the look in one place: the
title is Word's ``Title``, each variant a ``Heading 1``, its reading level a
``Reading level`` paragraph style, the text ``Normal`` (Arial 14 pt, the size
clear-print guidance such as the RNIB's recommends; headings 18 pt). The document's language
is set in its default run properties and its core properties, so spelling
checkers and screen readers speak it right. What the summaries dropped from
their sentences is left out: the file is for reading.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Pt

if TYPE_CHECKING:
    from docx.document import Document

    from access_api.export._model import Book

__all__ = ["LEVEL_STYLE", "write_docx"]

LEVEL_STYLE = "Reading level"
"""The paragraph style of the line that gives a chapter's reading level."""

_FONT = "Arial"
_SIZE = Pt(14)
# Above the text's size, so the headings stand out (python-docx's template has 14 pt).
_HEADING_SIZE = Pt(18)


def _styles(document: Document, language: str) -> None:
    normal = document.styles["Normal"]
    normal.font.name = _FONT
    normal.font.size = _SIZE
    normal.paragraph_format.line_spacing = 1.5
    document.styles["Heading 1"].font.size = _HEADING_SIZE
    level = document.styles.add_style(LEVEL_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    level.base_style = normal
    level.quick_style = True
    level.font.italic = True
    # The language of every run that does not say otherwise.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert defaults is not None  # python-docx's template has them
    run_defaults = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    assert run_defaults is not None
    lang = run_defaults.find(qn("w:lang"))
    if lang is None:
        lang = run_defaults.makeelement(qn("w:lang"), {})
        run_defaults.append(lang)
    lang.set(qn("w:val"), language)


def write_docx(book: Book, out: IO[bytes]) -> None:
    """Write the book as a Word document to ``out`` (a binary file open for writing)."""
    document = docx.Document()
    _styles(document, book.language)
    properties = document.core_properties
    properties.title = book.title
    properties.language = book.language
    properties.subject = ", ".join(c.heading for c in book.chapters)
    properties.author = "access_api"
    properties.comments = f"Source: {book.source}"
    properties.created = properties.modified = book.generated_on.replace(tzinfo=None)

    document.add_paragraph(book.title, style="Title")
    document.add_paragraph(f"Source: {book.source_url or book.source}.")
    made = f"{book.generated_on.day} {book.generated_on:%B %Y}"
    document.add_paragraph(f"Made by access_api on {made}.")
    for chapter in book.chapters:
        document.add_heading(chapter.heading, level=1)
        document.add_paragraph(chapter.reading_level, style=LEVEL_STYLE)
        if chapter.note:
            document.add_paragraph(chapter.note, style=LEVEL_STYLE)
        for paragraph in chapter.paragraphs:
            document.add_paragraph(" ".join(p.text for p in paragraph))
    document.save(out)
