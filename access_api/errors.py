"""The errors access_api raises, in the words of the person who meets them.

Domain code raises these; the web layer maps each family to one HTTP status
(see ``access_api.web._problems``) and renders RFC 9457 problem details.

    AccessApiError
    ├── InputError                 the request cannot be used as it is (422)
    │   ├── EmptyText              nothing left to read
    │   ├── OnlyBoilerplate        everything was cookie notices, adverts...
    │   ├── OutOfRange             a number outside its allowed range
    │   ├── PageTooComplex         HTML with more elements or attributes than we read (413)
    │   ├── TextTooLong            over the size limit (413)
    │   ├── UnknownChoice          an unknown level, algorithm, voice, format...
    │   └── UnreadableText         binary or non-UTF-8 content
    ├── LinkError                  a link could not be used
    │   ├── LinkRefused            not allowed: private address, bad scheme (422)
    │   ├── LinkNotArticle         the link is not a web page or text (415)
    │   ├── LinkTooLarge           the page is over the size limit (413)
    │   └── LinkUnreachable        could not be fetched in time (502)
    ├── NotFound                   no such document or audio (404)
    ├── NotReady                   exists, but is still being made (409)
    │   └── ExportNotReady         a book's audio is not made yet
    └── Unavailable                try again later (503, with Retry-After)
        ├── AudioFailed            the audio could not be made; asking again retries
        └── DatabaseDamaged        the database file is damaged; an operator must restore it
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "AccessApiError",
    "AudioFailed",
    "DatabaseDamaged",
    "EmptyText",
    "ExportNotReady",
    "InputError",
    "LinkError",
    "LinkNotArticle",
    "LinkRefused",
    "LinkTooLarge",
    "LinkUnreachable",
    "NotFound",
    "NotReady",
    "OnlyBoilerplate",
    "OutOfRange",
    "PageTooComplex",
    "TextTooLong",
    "Unavailable",
    "UnknownChoice",
    "UnreadableText",
]


class AccessApiError(Exception):
    """Base class: ``str(error)`` is a full sentence a person can act on."""

    title = "Something went wrong"


class InputError(AccessApiError):
    """The request cannot be used as it is."""

    title = "The request cannot be used"


class EmptyText(InputError):
    title = "There is no text to read"


class OnlyBoilerplate(InputError):
    title = "The text is only boilerplate"


class OutOfRange(InputError):
    """A number outside the range it may take."""

    title = "Value out of range"

    def __init__(self, what: str, value: float, low: float, high: float) -> None:
        super().__init__(f"The {what} {value:g} is out of range. Choose from {low:g} to {high:g}.")
        self.what = what
        self.value = value
        self.low = low
        self.high = high


class PageTooComplex(InputError):
    """A web page whose markup would take too long to read: too many elements,
    or an element with too many attributes."""

    title = "The web page is too complex"


class TextTooLong(InputError):
    title = "The text is too long"

    def __init__(self, length: int, limit: int) -> None:
        super().__init__(
            f"The text has {length:,} characters; the limit is {limit:,}. "
            "Send a shorter article or split it into parts."
        )
        self.length = length
        self.limit = limit


class UnreadableText(InputError):
    title = "The text cannot be read"


class UnknownChoice(InputError):
    """A name that is not one of the allowed choices."""

    title = "Unknown choice"

    def __init__(self, what: str, value: str, allowed: Sequence[str]) -> None:
        super().__init__(f"Unknown {what} {value!r}. Choose one of: {', '.join(allowed)}.")
        self.what = what
        self.value = value
        self.allowed = list(allowed)


class LinkError(AccessApiError):
    title = "The link cannot be used"


class LinkRefused(LinkError):
    title = "The link is not allowed"


class LinkNotArticle(LinkError):
    title = "The link is not a web page"


class LinkTooLarge(LinkError):
    title = "The web page is too large"


class LinkUnreachable(LinkError):
    title = "The link could not be fetched"


class NotFound(AccessApiError):
    title = "Not found"


class NotReady(AccessApiError):
    title = "Not ready yet"

    def __init__(self, message: str, *, retry_after: int = 2) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ExportNotReady(NotReady):
    """An export needs audio that is not finished, or was never asked for."""

    title = "The audio is not made yet"

    def __init__(self, message: str, *, retry_after: int, audio_ids: Sequence[str]) -> None:
        super().__init__(message, retry_after=retry_after)
        self.audio_ids = list(audio_ids)
        """The audio asked for and not finished: follow them to see how far they are."""


class Unavailable(AccessApiError):
    title = "Temporarily unavailable"

    def __init__(self, message: str, *, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class AudioFailed(Unavailable):
    """Making an audio file failed; the message is the reason recorded then."""

    title = "The audio could not be made"


class DatabaseDamaged(Unavailable):
    """The database file is damaged (SQLite found a corrupt page): what is on the
    damaged pages cannot be read until an operator restores the file."""

    title = "The stored data is damaged"
