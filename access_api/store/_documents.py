"""A stored document and how its id is made."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from access_api.text import title_from_text

if TYPE_CHECKING:
    from datetime import datetime

    from access_api.text import CleanText, Removed, Sentence

__all__ = ["DOCUMENT_ID_PATTERN", "StoredDocument", "document_id", "is_document_id"]

DOCUMENT_ID_PATTERN = r"^[0-9a-f]{32}$"
"""What every document id looks like: 32 lower-case hex digits (see :func:`document_id`)."""

_DOCUMENT_ID = re.compile(DOCUMENT_ID_PATTERN)


def document_id(clean_text: str) -> str:
    """The id of a document: a digest of its clean text, so a text is stored once.

    >>> document_id("Rivers run to the sea.")
    'd0106cdddb3778cac4c05016eb392cd9'
    """
    return hashlib.sha256(clean_text.encode("utf-8")).hexdigest()[:32]


def is_document_id(value: str) -> bool:
    """Whether ``value`` could be a document's id (see :data:`DOCUMENT_ID_PATTERN`)."""
    return _DOCUMENT_ID.fullmatch(value) is not None


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """A cleaned article as it is kept in the database."""

    id: str
    content: CleanText
    source_kind: str
    """How it arrived: ``text``, ``html`` or ``url``."""
    source_url: str | None
    created_at: datetime

    @property
    def title(self) -> str:
        """The title given, else the page's own, else one made from the first line."""
        return self.content.title or title_from_text(self.content.text)

    @property
    def text(self) -> str:
        return self.content.text

    @property
    def removed(self) -> tuple[Removed, ...]:
        return self.content.removed

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return self.content.sentences
