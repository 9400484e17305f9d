"""EPUB 3 with Media Overlays: a book whose text is highlighted as its audio reads it.

The layout of the book (everything under ``EPUB/``)::

    mimetype                      first, stored: "application/epub+zip"
    META-INF/container.xml        points at the package document
    EPUB/package.opf              metadata, manifest, spine
    EPUB/nav.xhtml                the table of contents and landmarks
    EPUB/about.xhtml              title, source, date made, what is inside
    EPUB/KEY.xhtml                one chapter per variant, a <span id="sN"> per sentence
    EPUB/KEY.smil                 its Media Overlay: one <par> per spoken sentence
    EPUB/audio/KEY.mp3            its audio, the stored MP3 as it is
    EPUB/book.css                 plain styles and the class of the sentence being read

Each sentence's clip starts where the stored timings say it starts and runs
to the next spoken sentence's start (the last, to the end of the audio): the
pauses between sentences are heard, as in the audio file, and the highlight
moves when the next sentence begins. Reading systems play the clips in
order, and may skip what lies between clips, which would lose the pauses.

Metadata follows EPUB 3.3 and EPUB Accessibility 1.1 (``schema:accessMode``,
``accessModeSufficient``, ``accessibilityFeature``, ``accessibilityHazard``,
``accessibilitySummary``, ``dcterms:conformsTo``), with ``media:duration`` for
each overlay and the whole book. Nothing fixes the layout or the type: the
book is reflowable, and readers' own settings apply.
"""

from __future__ import annotations

import zipfile
from html import escape
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from access_api.export._model import Book, Chapter

__all__ = ["ACTIVE_CLASS", "CONFORMANCE", "clock", "write_epub"]

CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
"""The accessibility standard the books are made to."""
ACTIVE_CLASS = "-epub-media-overlay-active"
"""The class a reading system gives the sentence being read (``media:active-class``)."""

_XHTML = "application/xhtml+xml"
_FEATURES = (
    "synchronizedAudioText",
    "structuralNavigation",
    "tableOfContents",
    "readingOrder",
    "displayTransformability",
)

_CSS = f"""\
/* Plain styles only: sizes, fonts and colours are the reader's to choose. */
body {{ line-height: 1.5; }}
h1, h2 {{ line-height: 1.25; }}
p.level, p.note {{ font-style: italic; }}
.{ACTIVE_CLASS} {{ background-color: #ffeb3b; color: #000000; }}
"""


def _attr(value: str) -> str:
    return escape(value, quote=True)


def clock(seconds: float) -> str:
    """A SMIL clock value, to the millisecond: ``0:01:02.500``.

    >>> clock(62.5)
    '0:01:02.500'
    """
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    return f"{hours}:{minutes:02d}:{millis // 1000:02d}.{millis % 1000:03d}"


def _document(book: Book, title: str, body: str) -> str:
    css = '<link rel="stylesheet" type="text/css" href="book.css"/>'
    lang = _attr(book.language)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"'
        f' lang="{lang}" xml:lang="{lang}">\n'
        f'<head>\n<meta charset="utf-8"/>\n<title>{escape(title)}</title>\n{css}\n</head>\n'
        f"<body>\n{body}</body>\n</html>\n"
    )


def _chapter_xhtml(book: Book, chapter: Chapter) -> str:
    lines = [
        f'<section id="chapter" epub:type="chapter" role="doc-chapter"'
        f' aria-labelledby="h-{chapter.key}">',
        f'<h1 id="h-{chapter.key}">{escape(chapter.heading)}</h1>',
        f'<p class="level">{escape(chapter.reading_level)}</p>',
    ]
    if chapter.note:
        lines.append(f'<p class="note">{escape(chapter.note)}</p>')
    for paragraph in chapter.paragraphs:
        spans = " ".join(
            f'<span id="s{p.number}">{escape(p.text, quote=False)}</span>' for p in paragraph
        )
        lines.append(f"<p>{spans}</p>")
    lines.append("</section>")
    return _document(book, chapter.heading, "\n".join(lines) + "\n")


def _clips(chapter: Chapter) -> list[tuple[int, float, float]]:
    """Each spoken sentence's clip: its number, where it starts, where the next one starts."""
    if chapter.audio is None:
        return []
    spoken = [
        (p.number, p.start, p.end)
        for p in chapter.passages
        if p.start is not None and p.end is not None
    ]
    ends = [start for _, start, _ in spoken[1:]] + [chapter.audio.duration_seconds]
    return [
        (number, start, max(next_start, end))
        for (number, start, end), next_start in zip(spoken, ends, strict=True)
    ]


def overlay_duration(chapter: Chapter) -> float:
    """How long a chapter's Media Overlay plays, in seconds: from its first clip to its last."""
    clips = _clips(chapter)
    return sum(round(end - start, 3) for _, start, end in clips)


def _smil(chapter: Chapter) -> str:
    pars = "\n".join(
        f'<par id="p{number}"><text src="{chapter.key}.xhtml#s{number}"/>'
        f'<audio src="audio/{chapter.key}.mp3" clipBegin="{clock(start)}"'
        f' clipEnd="{clock(end)}"/></par>'
        for number, start, end in _clips(chapter)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<smil xmlns="http://www.w3.org/ns/SMIL" xmlns:epub="http://www.idpf.org/2007/ops"'
        ' version="3.0">\n<body>\n'
        f'<seq id="seq-{chapter.key}" epub:textref="{chapter.key}.xhtml#chapter"'
        ' epub:type="chapter">\n'
        f"{pars}\n</seq>\n</body>\n</smil>\n"
    )


def _about(book: Book) -> str:
    made = f"{book.generated_on.day} {book.generated_on:%B %Y}"
    source = (
        f'<a href="{_attr(book.source_url)}">{escape(book.source)}</a>'
        if book.source_url
        else escape(book.source)
    )
    contents = "\n".join(
        f'<li><a href="{c.key}.xhtml">{escape(c.heading)}</a>: {escape(c.reading_level)}</li>'
        for c in book.chapters
    )
    narrators = sorted({c.audio.narrator for c in book.chapters if c.audio is not None})
    body = (
        '<section epub:type="titlepage" role="doc-introduction" aria-labelledby="title">\n'
        f'<h1 id="title">{escape(book.title)}</h1>\n'
        f"<p>Source: {source}.</p>\n"
        f"<p>Made by access_api on {made}.</p>\n"
        f"<h2>In this book</h2>\n<ul>\n{contents}\n</ul>\n"
        "<h2>Listening</h2>\n"
        "<p>Every sentence is read aloud by a computer voice"
        f" ({escape(', '.join(narrators))}) and highlighted as it is read, in reading apps"
        " that play read-along books (Media Overlays).</p>\n</section>\n"
    )
    return _document(book, book.title, body)


def _nav(book: Book) -> str:
    items = "\n".join(
        f'<li><a href="{c.key}.xhtml">{escape(c.heading)}</a></li>' for c in book.chapters
    )
    first = book.chapters[0].key
    body = (
        '<nav epub:type="toc" role="doc-toc" id="toc" aria-labelledby="toc-title">\n'
        f'<h1 id="toc-title">Contents</h1>\n<ol>\n'
        f'<li><a href="about.xhtml">About this book</a></li>\n{items}\n</ol>\n</nav>\n'
        '<nav epub:type="landmarks" id="landmarks" hidden="hidden">\n<h2>Landmarks</h2>\n<ol>\n'
        f'<li><a epub:type="bodymatter" href="{first}.xhtml">Start reading</a></li>\n'
        "</ol>\n</nav>\n"
    )
    return _document(book, "Contents", body)


def _summary(book: Book) -> str:
    return (
        "Every sentence is read aloud and highlighted as it is heard (synchronised text and"
        " audio). The text is reflowable, so readers can change its size, font, spacing and"
        " colours; headings and a table of contents give the structure. There are no images."
        " Made automatically to EPUB Accessibility 1.1 and WCAG 2.2 AA; not checked by a person."
    )


def _package(book: Book) -> str:
    chapters = book.chapters
    meta = [
        f'<dc:identifier id="uid">{escape(book.identifier)}</dc:identifier>',
        f"<dc:title>{escape(book.title)}</dc:title>",
        f"<dc:language>{escape(book.language)}</dc:language>",
        f"<dc:date>{book.generated_on:%Y-%m-%d}</dc:date>",
        f"<dc:source>{escape(book.source_url or book.source)}</dc:source>",
        "<dc:description>"
        + escape(", ".join(c.heading for c in chapters) + ", to read and listen to.")
        + "</dc:description>",
        f'<meta property="dcterms:modified">{book.generated_on:%Y-%m-%dT%H:%M:%SZ}</meta>',
        '<meta property="schema:accessMode">textual</meta>',
        '<meta property="schema:accessMode">auditory</meta>',
        '<meta property="schema:accessModeSufficient">textual</meta>',
        *(f'<meta property="schema:accessibilityFeature">{f}</meta>' for f in _FEATURES),
        '<meta property="schema:accessibilityHazard">none</meta>',
        f'<meta property="schema:accessibilitySummary">{escape(_summary(book))}</meta>',
        f'<meta property="dcterms:conformsTo" id="conformance">{CONFORMANCE}</meta>',
        '<meta property="a11y:certifiedBy" refines="#conformance">access_api</meta>',
        '<meta property="rendition:layout">reflowable</meta>',
        f'<meta property="media:active-class">{ACTIVE_CLASS}</meta>',
    ]
    total = 0.0
    for chapter in chapters:
        if chapter.audio is not None:
            duration = overlay_duration(chapter)
            total += duration
            meta.append(
                f'<meta property="media:duration" refines="#mo-{chapter.key}">'
                f"{clock(duration)}</meta>"
            )
    meta.append(f'<meta property="media:duration">{clock(total)}</meta>')
    meta.extend(
        f'<meta property="media:narrator">{escape(n)}</meta>'
        for n in sorted({c.audio.narrator for c in chapters if c.audio is not None})
    )
    items = [
        f'<item id="nav" href="nav.xhtml" media-type="{_XHTML}" properties="nav"/>',
        '<item id="css" href="book.css" media-type="text/css"/>',
        f'<item id="about" href="about.xhtml" media-type="{_XHTML}"/>',
    ]
    for c in chapters:
        overlay = f' media-overlay="mo-{c.key}"' if c.audio is not None else ""
        items.append(f'<item id="c-{c.key}" href="{c.key}.xhtml" media-type="{_XHTML}"{overlay}/>')
        if c.audio is not None:
            items.append(
                f'<item id="mo-{c.key}" href="{c.key}.smil" media-type="application/smil+xml"/>'
            )
            items.append(f'<item id="a-{c.key}" href="audio/{c.key}.mp3" media-type="audio/mpeg"/>')
    spine = ['<itemref idref="about"/>', *(f'<itemref idref="c-{c.key}"/>' for c in chapters)]
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid"'
        f' xml:lang="{_attr(book.language)}">\n'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        + "\n".join(meta)
        + "\n</metadata>\n<manifest>\n"
        + "\n".join(items)
        + "\n</manifest>\n<spine>\n"
        + "\n".join(spine)
        + "\n</spine>\n</package>\n"
    )


_CONTAINER = """\
<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles>
<rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>
</rootfiles>
</container>
"""


def write_epub(book: Book, out: IO[bytes]) -> None:
    """Write the book as an EPUB 3 file to ``out`` (a seekable binary file open for writing).

    Chapters with audio get a Media Overlay; the MP3 files are copied in as
    they are (stored, not compressed again).
    """
    stamp = book.generated_on.timetuple()[:6]

    def entry(name: str, compress: int = zipfile.ZIP_DEFLATED) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=stamp)
        info.compress_type = compress
        info.external_attr = 0o644 << 16
        return info

    with zipfile.ZipFile(out, "w") as epub:
        # The first entry, uncompressed and without extra fields, is how a
        # reading system recognises an EPUB.
        epub.writestr(entry("mimetype", zipfile.ZIP_STORED), "application/epub+zip")
        epub.writestr(entry("META-INF/container.xml"), _CONTAINER)
        epub.writestr(entry("EPUB/package.opf"), _package(book))
        epub.writestr(entry("EPUB/nav.xhtml"), _nav(book))
        epub.writestr(entry("EPUB/book.css"), _CSS)
        epub.writestr(entry("EPUB/about.xhtml"), _about(book))
        for chapter in book.chapters:
            epub.writestr(entry(f"EPUB/{chapter.key}.xhtml"), _chapter_xhtml(book, chapter))
            if chapter.audio is None:
                continue
            epub.writestr(entry(f"EPUB/{chapter.key}.smil"), _smil(chapter))
            with (
                chapter.audio.path.open("rb") as source,
                epub.open(entry(f"EPUB/audio/{chapter.key}.mp3", zipfile.ZIP_STORED), "w") as sink,
            ):
                while block := source.read(1 << 20):
                    sink.write(block)
