"""The article inside a web page: its title and its paragraphs, nothing else.

Two passes. First our own rules drop what is never the article, and say so:
scripts and styles, navigation, page headers and footers, sidebars, forms,
dialogs, hidden elements, and blocks whose id or class names a cookie banner,
newsletter box, share bar or advert. Then trafilatura (Apache-2.0, purely
local: it is only given the markup, never a URL) picks the main content out of
what is left, which handles the layouts our rules cannot know. When trafilatura
finds nothing (a very short page), every remaining block is kept instead.

Block elements become separate lines, so paragraphs survive.

The work is bounded before parsing: a page with more than :data:`MAX_ELEMENTS`
elements, or an element with more than :data:`MAX_ATTRIBUTES` attributes, is
refused (:class:`~access_api.errors.PageTooComplex`), and so is one with more
than :data:`MAX_PAGE_ATTRIBUTES` attributes in all. libxml2 compares each
attribute of an element with every one before it, so 100,000 attributes on one
element took 112 s to parse and extract; 200,000 empty elements took 11 s.
Depth needs no limit of ours: libxml2 stops nesting at 256 levels. Dropped
blocks are removed in one pass per parent: one at a time, lxml appends each
one's tail text to the text before it, and 20,000 dropped blocks with a line
of text after each took 68 s.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import lxml.etree
import lxml.html
import trafilatura

from access_api.errors import EmptyText, PageTooComplex, UnreadableText
from access_api.text._model import Removed

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = [
    "MAX_ATTRIBUTES",
    "MAX_ELEMENTS",
    "MAX_PAGE_ATTRIBUTES",
    "ExtractedPage",
    "extract_html",
]

MAX_ELEMENTS = 20_000
"""Most elements read in a page (a long news page has 3,000-6,000); at the
limit, extraction takes about 1.7 s."""
MAX_ATTRIBUTES = 100
"""Most attributes read on one element (real pages rarely pass 30)."""
MAX_PAGE_ATTRIBUTES = 50_000
"""Most attributes read in a page: 280,000 took 3.6 s to extract."""

# Reports of dropped blocks stop here; a page of a thousand share links would
# otherwise swamp the report.
_MAX_REPORTS = 100
_REPORT_CHARS = 200

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_WHITESPACE = re.compile(r"\s+")
_NAME_TOKEN = re.compile(r"[a-z0-9]+")
# A start tag up to its unquoted ">"; a quote left open runs to the end. Each
# branch starts on its own characters and nothing follows the repeat, so the
# match never backtracks: one pass over the markup.
_START_TAG = re.compile(r"""<[A-Za-z][^\s/>]*((?:[^"'>]+|"[^"]*"?|'[^']*'?)*)""")
_CLOSED_QUOTE = re.compile(r""""[^"]*"|'[^']*'""")
# A name, with its value if any (a quoted value is stood in for by one letter).
_ATTRIBUTE = re.compile(r"[^\s/=]+(?:\s*=\s*\S*)?")

# Dropped without a report of their text: it is code, not words.
_CODE_TAGS = {
    "script": "script",
    "noscript": "script",
    "template": "script",
    "style": "style",
    "svg": "graphics",
    "canvas": "graphics",
    "iframe": "embedded content",
    "object": "embedded content",
    "embed": "embedded content",
}
_BOILERPLATE_TAGS = {
    "nav": "navigation",
    "header": "page header",
    "footer": "page footer",
    "aside": "sidebar",
    "form": "form",
    "button": "button",
    "dialog": "dialog",
    "menu": "navigation",
}
_BOILERPLATE_ROLES = {
    "navigation": "navigation",
    "banner": "page header",
    "contentinfo": "page footer",
    "complementary": "sidebar",
    "search": "form",
    "dialog": "dialog",
    "alertdialog": "dialog",
    "menu": "navigation",
    "menubar": "navigation",
}
# Words in an element's id or class that name a kind of boilerplate.
_BOILERPLATE_NAMES = {
    "cookie": "cookie banner",
    "cookies": "cookie banner",
    "consent": "cookie banner",
    "gdpr": "cookie banner",
    "cmp": "cookie banner",
    "newsletter": "newsletter prompt",
    "subscribe": "newsletter prompt",
    "signup": "newsletter prompt",
    "share": "share buttons",
    "sharing": "share buttons",
    "social": "share buttons",
    "ad": "advert",
    "ads": "advert",
    "advert": "advert",
    "advertisement": "advert",
    "sponsored": "advert",
    "promo": "advert",
    "breadcrumb": "navigation",
    "breadcrumbs": "navigation",
    "related": "related links",
    "comments": "comments",
}
_NEVER_DROPPED = frozenset({"html", "body", "main", "article"})
_BLOCK_TAGS = (
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "dd",
    "dt",
    "figcaption",
    "br",
)


@dataclass(frozen=True, slots=True)
class ExtractedPage:
    """The readable part of a web page."""

    title: str | None
    text: str
    """The article, one paragraph per line; not yet cleaned."""
    removed: tuple[Removed, ...]


def _collapse(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


def _title(tree: HtmlElement) -> str | None:
    # og:title is usually the headline without the site's name appended.
    candidates = [
        *tree.xpath("//meta[@property='og:title']/@content"),
        *(h.text_content() for h in tree.xpath("//h1")),
        *(t.text_content() for t in tree.xpath("//title")),
    ]
    for candidate in candidates:
        title = _collapse(str(candidate))
        if title:
            return title
    return None


def _reason(element: HtmlElement) -> str | None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _NEVER_DROPPED:
        return None
    if tag in _BOILERPLATE_TAGS:
        return _BOILERPLATE_TAGS[tag]
    role = (element.get("role") or "").strip().lower()
    if role in _BOILERPLATE_ROLES:
        return _BOILERPLATE_ROLES[role]
    style = (element.get("style") or "").replace(" ", "").lower()
    hidden = (
        element.get("hidden") is not None
        or element.get("aria-hidden") == "true"
        or "display:none" in style
        or "visibility:hidden" in style
    )
    if hidden:
        return "hidden"
    names = f"{element.get('id') or ''} {element.get('class') or ''}".lower()
    for token in _NAME_TOKEN.findall(names):
        if token in _BOILERPLATE_NAMES:
            return _BOILERPLATE_NAMES[token]
    return None


def _holds_the_article(element: HtmlElement, total_chars: int) -> bool:
    """True when dropping ``element`` would drop the article with it."""
    if element.xpath(".//article|.//main|.//h1"):
        return True
    return len(element.text_content()) > total_chars / 2


def _check_size(markup: str) -> None:
    """Refuse a page that would take too long to parse and extract."""
    attributes = 0
    for elements, tag in enumerate(_START_TAG.finditer(markup), start=1):
        if elements > MAX_ELEMENTS:
            msg = (
                f"The web page has more than {MAX_ELEMENTS:,} elements, more than we read. "
                "Send the article's text, or the part of the page that holds it."
            )
            raise PageTooComplex(msg)
        body = tag.group(1)
        if not body or body.isspace():
            continue
        names = len(_ATTRIBUTE.findall(_CLOSED_QUOTE.sub("v", body)))
        attributes += names
        if names > MAX_ATTRIBUTES or attributes > MAX_PAGE_ATTRIBUTES:
            where = (
                "An element of the web page has" if names > MAX_ATTRIBUTES else "The web page has"
            )
            limit = MAX_ATTRIBUTES if names > MAX_ATTRIBUTES else MAX_PAGE_ATTRIBUTES
            msg = (
                f"{where} more than {limit:,} attributes, more than we read. Send the "
                "article's text, or the page as a browser saves it."
            )
            raise PageTooComplex(msg)


def _drop(elements: list[HtmlElement]) -> None:
    """Remove elements, keeping the text after each (its tail), which belongs to
    the page: all of one parent's at once, joining the texts once."""
    doomed = set(elements)
    parents: dict[HtmlElement, None] = {}
    for element in elements:
        parent = element.getparent()
        if parent is not None and not any(a in doomed for a in element.iterancestors()):
            parents[parent] = None
    for parent in parents:
        before: list[str] = [parent.text or ""]
        keeper: HtmlElement | None = None
        for child in list(parent):
            if child in doomed:
                before.append(child.tail or "")
                parent.remove(child)
                continue
            _set_text_before(parent, keeper, "".join(before))
            keeper, before = child, [child.tail or ""]
        _set_text_before(parent, keeper, "".join(before))


def _set_text_before(parent: HtmlElement, keeper: HtmlElement | None, text: str) -> None:
    if keeper is None:
        parent.text = text or None
    else:
        keeper.tail = text or None


def _drop_boilerplate(tree: HtmlElement) -> list[Removed]:
    removed: list[Removed] = []
    code_counts: dict[str, int] = {}
    code = list(tree.iter(*_CODE_TAGS))
    for element in code:
        kind = _CODE_TAGS[str(element.tag)]
        code_counts[kind] = code_counts.get(kind, 0) + 1
    _drop(code)
    _drop(list(tree.iter(lxml.etree.Comment)))
    total_chars = len(tree.text_content())
    boilerplate: list[HtmlElement] = []
    stack = [tree]
    while stack:
        element = stack.pop()
        reason = _reason(element)
        if reason is None or _holds_the_article(element, total_chars):
            # Children in reverse, so the report follows the page's order.
            stack.extend(reversed([c for c in element if isinstance(c.tag, str)]))
            continue
        boilerplate.append(element)
        if len(removed) < _MAX_REPORTS and (text := _collapse(" ".join(element.itertext()))):
            if len(text) > _REPORT_CHARS:
                text = text[: _REPORT_CHARS - 1].rstrip() + "…"
            removed.append(Removed(text, reason))
    _drop(boilerplate)
    for kind, count in code_counts.items():
        removed.append(Removed(f"{count} × {kind}", kind))
    return removed


def _all_blocks(tree: HtmlElement) -> str:
    for element in tree.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
        if element.tag != "br":
            element.text = "\n" + (element.text or "")
    body = tree.find("body")
    return str((body if body is not None else tree).text_content())


def _main_text(tree: HtmlElement) -> str:
    text = trafilatura.extract(
        copy.deepcopy(tree),
        output_format="txt",
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        deduplicate=False,
        with_metadata=False,
    )
    if text and text.strip():
        return str(text)
    return _all_blocks(tree)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def extract_html(markup: str) -> ExtractedPage:
    """Find the article in a web page.

    Args:
        markup: the page's HTML (or XHTML), already decoded.

    Returns:
        Its title, its text (one paragraph per line, to be cleaned next) and
        the blocks dropped as boilerplate.

    Raises:
        EmptyText: the page has no text.
        UnreadableText: the markup cannot be parsed at all.
        PageTooComplex: the page has more than :data:`MAX_ELEMENTS` elements,
            or an element more than :data:`MAX_ATTRIBUTES` attributes.
    """
    # Control characters other than tab and newlines are invisible, and lxml
    # refuses text that holds them ("<p>\x1f" was a 500).
    markup = _CONTROL.sub(" ", _XML_DECLARATION.sub("", markup, count=1))
    if not markup.strip():
        msg = "The web page is empty. Send the page's full HTML."
        raise EmptyText(msg)
    _check_size(markup)
    try:
        tree = lxml.html.document_fromstring(markup)
    except (lxml.etree.ParserError, ValueError) as exc:
        msg = "The HTML cannot be read. Send the page's HTML as text, or its link."
        raise UnreadableText(msg) from exc
    title = _title(tree)
    removed = _drop_boilerplate(tree)
    return ExtractedPage(title=title, text=_main_text(tree), removed=tuple(removed))
