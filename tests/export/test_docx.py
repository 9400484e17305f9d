"""The seed article as a Word file, read back with python-docx."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import docx
import pytest
from docx.oxml.ns import qn

from access_api.export import Book, Chapter, Passage, write_docx

if TYPE_CHECKING:
    from docx.document import Document
    from litestar import Litestar
    from litestar.testing import TestClient

    Client = TestClient[Litestar]


@pytest.fixture(scope="module")
def word(seed_client: tuple[Client, str]) -> Document:
    client, doc_id = seed_client
    answer = client.get(
        f"/api/v1/documents/{doc_id}/export", params={"format": "docx", "variant": "all"}
    )
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert answer.headers["content-disposition"].startswith("attachment;")
    return docx.Document(io.BytesIO(answer.content))


def sections(document: Document) -> dict[str, list[tuple[str, str]]]:
    """Each Heading 1's text and the (style, text) of the paragraphs under it."""
    found: dict[str, list[tuple[str, str]]] = {}
    current: list[tuple[str, str]] | None = None
    for paragraph in document.paragraphs:
        style = paragraph.style.name if paragraph.style is not None else ""
        if style == "Heading 1":
            current = found.setdefault(paragraph.text, [])
        elif current is not None:
            current.append((style, paragraph.text))
    return found


def test_the_word_file_has_a_title_and_a_heading_for_every_variant_easiest_first(
    word: Document,
) -> None:
    first = word.paragraphs[0]
    assert first.style is not None
    assert first.style.name == "Title"
    assert first.text == word.core_properties.title
    assert list(sections(word)) == [
        "Easy summary",
        "Standard summary",
        "Detailed summary",
        "The full article",
    ]


def test_the_word_file_says_its_language_in_its_styles_and_its_properties(
    word: Document,
) -> None:
    assert word.core_properties.language == "en"
    defaults = word.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    assert defaults is not None
    lang = defaults.find(qn("w:lang"))
    assert lang is not None
    assert lang.get(qn("w:val")) == "en"


def test_each_summary_states_its_reading_level_and_leaves_out_what_it_dropped(
    word: Document, seed_client: tuple[Client, str]
) -> None:
    client, doc_id = seed_client
    found = sections(word)
    for level in ("easy", "standard", "detailed"):
        summary = client.get(f"/api/v1/documents/{doc_id}/summaries/{level}").json()
        under = found[f"{level.capitalize()} summary"]
        assert under[0][0] == "Reading level"
        assert under[0][1].startswith("Reading level: US school grade ")
        text = [t for style, t in under if style == "Normal"]
        assert text == [summary["text"]], "the summary as it reads, no trace of what was cut"
    article = [t for style, t in found["The full article"] if style == "Normal"]
    sentences = client.get(f"/api/v1/documents/{doc_id}").json()["sentences"]
    assert " ".join(article) == " ".join(s["text"] for s in sentences)
    assert len(article) == len({s["paragraph"] for s in sentences})


def test_the_look_is_set_in_styles_a_reader_can_change(word: Document) -> None:
    normal = word.styles["Normal"]
    assert normal.font.size is not None
    assert normal.font.size.pt == 14
    heading = word.styles["Heading 1"].font.size
    assert heading is not None
    assert heading.pt > normal.font.size.pt
    for paragraph in word.paragraphs:
        for run in paragraph.runs:
            assert run.font.size is None, "no size set on a single run"
            assert run.font.name is None


def test_the_date_it_was_made_is_written_out_in_words() -> None:
    book = Book(
        identifier="urn:uuid:00000000-0000-0000-0000-000000000000",
        title="Parks",
        language="en",
        source="Text given to access_api",
        source_url=None,
        generated_on=datetime(2025, 3, 1, tzinfo=UTC),
        chapters=(
            Chapter(
                "easy",
                "Easy summary",
                "Reading level: US school grade 3.",
                (Passage(0, "It is green.", 0),),
            ),
        ),
    )
    out = io.BytesIO()
    write_docx(book, out)
    read = docx.Document(io.BytesIO(out.getvalue()))
    assert [p.text for p in read.paragraphs][-1] == "It is green."
    assert "Made by access_api on 1 March 2025." in [p.text for p in read.paragraphs]
