"""A stored document and how its id is made."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import datetime

    from access_api.text._model import CleanText, Removed, Sentence

__all__ = ["StoredDocument", "document_id"]


def document_id(clean_text: str) -> str:
    """The id of a document: a digest of its clean text, so a text is stored once."""
    return hashlib.sha256(clean_text.encode("utf-8")).hexdigest()[:32]


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
    def title(self) -> str | None:
        return self.content.title

    @property
    def text(self) -> str:
        return self.content.text

    @property
    def removed(self) -> tuple[Removed, ...]:
        return self.content.removed

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return self.content.sentences
