"""One way in for an article, whatever form it arrives in.

    plain text ──────────────┐
    bytes ── decode_bytes ───┤
    HTML ─── extract_html ───┼── clean_plain ── CleanText (text, removed, sentences)
    link ─── fetch_url ──────┘

The API and the CLI both call these, so an article is cleaned the same way
however it was sent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import anyio

from access_api.text._clean import clean_plain, decode_bytes
from access_api.text._fetch import fetch_url
from access_api.text._html import extract_html
from access_api.text._model import CleanText, Removed

if TYPE_CHECKING:
    from collections.abc import Collection

    from access_api.settings import Settings
    from access_api.text._fetch import Resolver

__all__ = ["clean_bytes", "clean_html", "clean_text", "clean_url"]


def _tidy_title(title: str | None) -> str | None:
    if title is None:
        return None
    return " ".join(title.split()) or None


def _clean(text: str, title: str | None, removed: tuple[Removed, ...], max_chars: int) -> CleanText:
    clean, dropped, sentences = clean_plain(text, max_chars=max_chars)
    return CleanText(
        title=_tidy_title(title), text=clean, removed=removed + dropped, sentences=sentences
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


def clean_bytes(data: bytes, *, title: str | None = None, max_chars: int) -> CleanText:
    """Clean an article sent as a UTF-8 text file.

    Raises:
        UnreadableText: the bytes are binary or not UTF-8.
        EmptyText, OnlyBoilerplate, TextTooLong: as for :func:`clean_text`.
    """
    return clean_text(decode_bytes(data), title=title, max_chars=max_chars)


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
    page_title = _tidy_title(page.title)
    first, _, rest = text.lstrip().partition("\n")
    if page_title and " ".join(first.split()) == page_title and rest.strip():
        text = rest
    return _clean(text, title or page_title, page.removed, max_chars)


async def clean_url(
    url: str,
    *,
    title: str | None = None,
    settings: Settings,
    resolver: Resolver | None = None,
    allow_private: Collection[str] = (),
) -> CleanText:
    """Fetch a link and clean the article it leads to.

    Fetching is asynchronous; cleaning runs in a worker thread so it does not
    hold up the event loop.

    Args:
        url: a public http(s) link to a web page or a text file.
        title: the article's title, if known.
        settings: supplies the fetch limits and ``max_text_chars``.
        resolver: host name to IP addresses; the system's by default.
        allow_private: origins allowed on private addresses; tests only (see
            :func:`~access_api.text._fetch.fetch_url`).

    Raises:
        LinkError: the link is refused, unreachable, too large or not an article.
        InputError: as for :func:`clean_html` and :func:`clean_text`.
    """
    page = await fetch_url(
        url,
        timeout=settings.fetch_timeout_seconds,
        max_bytes=settings.fetch_max_bytes,
        max_redirects=settings.fetch_max_redirects,
        resolver=resolver,
        allow_private=allow_private,
    )
    max_chars = settings.max_text_chars
    if page.content_type == "text/plain":
        return await anyio.to_thread.run_sync(
            lambda: clean_text(page.text, title=title, max_chars=max_chars)
        )
    return await anyio.to_thread.run_sync(
        lambda: clean_html(page.text, title=title, max_chars=max_chars)
    )
