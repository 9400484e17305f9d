"""The article inside a web page: its title and its paragraphs, nothing else.

Two passes. First our own rules drop what is never the article, and say so:
scripts and styles, navigation, page headers and footers, sidebars, forms,
dialogs, hidden elements, and blocks whose id or class names a cookie banner,
newsletter box, share bar or advert. Then trafilatura (Apache-2.0, purely
local: it is only given the markup, never a URL) picks the main content out of
what is left, which handles the layouts our rules cannot know. When trafilatura
finds nothing (a very short page), every remaining block is kept instead.

Block elements become separate lines, so paragraphs survive.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import lxml.etree
import lxml.html
import trafilatura

from access_api.errors import EmptyText, UnreadableText
from access_api.text._model import Removed

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = ["ExtractedPage", "extract_html"]

# Reports of dropped blocks stop here; a page of a thousand share links would
# otherwise swamp the report.
_MAX_REPORTS = 100
_REPORT_CHARS = 200

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_WHITESPACE = re.compile(r"\s+")
_NAME_TOKEN = re.compile(r"[a-z0-9]+")

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


def _drop(element: HtmlElement) -> None:
    # drop_tree keeps the element's tail text, which belongs to its parent.
    element.drop_tree()


def _drop_boilerplate(tree: HtmlElement) -> list[Removed]:
    removed: list[Removed] = []
    code_counts: dict[str, int] = {}
    for element in list(tree.iter(*_CODE_TAGS)):
        kind = _CODE_TAGS[str(element.tag)]
        code_counts[kind] = code_counts.get(kind, 0) + 1
        _drop(element)
    for element in list(tree.iter(lxml.etree.Comment)):
        _drop(element)
    total_chars = len(tree.text_content())
    stack = [tree]
    while stack:
        element = stack.pop()
        reason = _reason(element)
        if reason is None or _holds_the_article(element, total_chars):
            # Children in reverse, so the report follows the page's order.
            stack.extend(reversed([c for c in element if isinstance(c.tag, str)]))
            continue
        text = _collapse(" ".join(element.itertext()))
        _drop(element)
        if text and len(removed) < _MAX_REPORTS:
            if len(text) > _REPORT_CHARS:
                text = text[: _REPORT_CHARS - 1].rstrip() + "…"
            removed.append(Removed(text, reason))
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
    """
    # Control characters other than tab and newlines are invisible, and lxml
    # refuses text that holds them ("<p>\x1f" was a 500).
    markup = _CONTROL.sub(" ", _XML_DECLARATION.sub("", markup, count=1))
    if not markup.strip():
        msg = "The web page is empty. Send the page's full HTML."
        raise EmptyText(msg)
    try:
        tree = lxml.html.document_fromstring(markup)
    except (lxml.etree.ParserError, ValueError) as exc:
        msg = "The HTML cannot be read. Send the page's HTML as text, or its link."
        raise UnreadableText(msg) from exc
    title = _title(tree)
    removed = _drop_boilerplate(tree)
    return ExtractedPage(title=title, text=_main_text(tree), removed=tuple(removed))
