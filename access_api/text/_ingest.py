"""One way in for an article, whatever form it arrives in.

    plain text ──────────────────────┐
    HTML ──────────── extract_html ──┼── clean_plain ── CleanText (text, removed, sentences)
    a file ── read_file: HTML or text┘

A link is fetched outside this package (:mod:`access_api.fetch`), and the page
it gives is cleaned here as HTML or as text. The API, the pages and the CLI all
come through these functions (by way of :mod:`access_api.documents`), so an
article is cleaned the same way however it was sent. Everything here is plain,
blocking work on strings and bytes.
"""

from __future__ import annotations

import codecs
import re
from typing import Literal

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

from access_api.errors import UnreadableText
from access_api.text._clean import clean_plain, clean_title, decode_bytes
from access_api.text._html import extract_html
from access_api.text._model import CleanText, Removed

__all__ = ["clean_html", "clean_text", "read_file", "title_from_text"]

_HTML_NAMES = (".html", ".htm")
_HTML_MARKS = ("<html", "<body", "<p", "<!doctype")


# Files people send that are not text, by how they start, with what to do instead.
_NOT_TEXT = (
    (b"%PDF-", "a PDF"),
    (b"PK\x03\x04", "a Word document or another zipped file"),
    (b"\xd0\xcf\x11\xe0", "an old Word document"),
    (b"{\\rtf", "a rich text (RTF) file"),
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _refuse_what_is_not_text(data: bytes) -> None:
    for start, what in _NOT_TEXT:
        if data.startswith(start):
            msg = (
                f"This file is {what}, which we cannot read. We read web pages (.html) and "
                "text files (.txt): open the file, copy its text and paste it into the text box."
            )
            raise UnreadableText(msg)


def _decode(data: bytes) -> str:
    """The text of a file: UTF-8 if it is, else in the encoding detected.

    Detection (charset-normalizer) cannot tell the Latin code pages apart on
    English text: it guesses Central European (cp1250) for a Windows-1252 file
    with a "£" in it as readily as not. So Windows-1252, what Windows writes
    for English and Western European text, is taken whenever it reads the file
    at least as cleanly as the guess (charset-normalizer's own measure of
    mess: a cp1250 Polish text read as Windows-1252 is a mess, and stays cp1250).
    """
    try:
        return decode_bytes(data)
    except UnreadableText as not_utf8:
        for bom, encoding in _BOMS:
            if data.startswith(bom):
                return data.decode(encoding)
        best = from_bytes(data).best()
        if best is None:
            raise not_utf8 from None
        guess = str(best)
        try:
            western = data.decode("cp1252")
        except UnicodeDecodeError:
            return guess
        return western if mess_ratio(western, 1.0) <= mess_ratio(guess, 1.0) else guess


def read_file(data: bytes, *, name: str = "") -> tuple[str, Literal["html", "text"]]:
    """The text of an uploaded or local file, and whether it is a web page or plain text.

    It is a web page when its name says so (``.html``, ``.htm``) or when it
    starts like one. Text that is not UTF-8 is read in the encoding detected
    (a Windows-1252 file from a UK Windows computer, a UTF-16 one from Notepad).

        >>> read_file(b"<p>Rivers rise.</p>")
        ('<p>Rivers rise.</p>', 'html')
        >>> read_file("Tickets cost £5.".encode("cp1252"), name="story.txt")
        ('Tickets cost £5.', 'text')

    Raises:
        UnreadableText: the file is a PDF, a Word document or another binary
            file, or text in no encoding we can detect.
    """
    _refuse_what_is_not_text(data)
    text = _decode(data)
    head = text[:2000].lower()
    is_html = (
        name.lower().endswith(_HTML_NAMES)
        or head.lstrip()[:1] == "<"
        or any(mark in head for mark in _HTML_MARKS)
    )
    return text, "html" if is_html else "text"


# A first line this short is taken whole as the title; a longer one is cut,
# never after a word that leads into the next ("... asserted that individuals in").
_TITLE_WORDS = 14
_TITLE_CHARS = 60
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"‘'])")
_LEADING_WORDS = frozenset(
    ["a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"]
)


def title_from_text(text: str) -> str:
    """A title for an article that came without one: its first line, or the first
    sentence of a long one, cut short if that is long too.

    >>> title_from_text("Rivers rise\\nThe river rose in the night.")
    'Rivers rise'
    >>> title_from_text("The river rose in the night. Crews moved families to safety.")
    'The river rose in the night'
    >>> title_from_text("Jess Phillips, a member of Parliament, asserted that individuals "
    ...                 "in public positions should be incarcerated.")
    'Jess Phillips, a member of Parliament, asserted that…'
    """
    first = " ".join(text.strip().partition("\n")[0].split())
    sentence = _SENTENCE_END.split(first, maxsplit=1)[0]
    if len(sentence.split()) <= _TITLE_WORDS and len(sentence) <= _TITLE_CHARS:
        return sentence.removesuffix(".") if sentence != first else first
    first = sentence
    words = first[: _TITLE_CHARS - 1].rsplit(" ", 1)[0].split()
    while len(words) > 1 and words[-1].lower() in _LEADING_WORDS:
        words.pop()
    return " ".join(words).rstrip(",;:-–—") + "…"


def _clean(text: str, title: str | None, removed: tuple[Removed, ...], max_chars: int) -> CleanText:
    clean, dropped, sentences = clean_plain(text, max_chars=max_chars)
    return CleanText(
        title=clean_title(title), text=clean, removed=removed + dropped, sentences=sentences
    )


def clean_text(text: str, *, title: str | None = None, max_chars: int) -> CleanText:
    """Clean an article sent as plain text.

    Args:
        text: the article; paragraphs on their own lines.
        title: its title, if known.
        max_chars: the largest clean text accepted.

    Raises:
        EmptyText: there is no text.
        OnlyBoilerplate: the text was all cookie notices, prompts and the like.
        TextTooLong: the text is over ``max_chars``.
        UnreadableText: the text is binary garbage.
    """
    return _clean(text, title, (), max_chars)


def clean_html(html: str, *, title: str | None = None, max_chars: int) -> CleanText:
    """Clean an article sent as a web page's HTML.

    The page's own title (og:title, ``<h1>`` or ``<title>``) is used unless
    ``title`` is given; a first line that repeats the title is dropped from the
    text, since the title is kept separately.

    Raises:
        UnreadableText: the HTML cannot be parsed.
        EmptyText, OnlyBoilerplate, TextTooLong: as for :func:`clean_text`.
    """
    page = extract_html(html)
    text = page.text
    page_title = clean_title(page.title)
    first, _, rest = text.lstrip().partition("\n")
    if page_title and " ".join(first.split()) == page_title and rest.strip():
        text = rest
    return _clean(text, title or page_title, page.removed, max_chars)
