"""Where documents and audio records live: one data layer over SQLAlchemy.

SQLite by default, PostgreSQL when the database URL says so. Nothing here
knows about HTTP.
"""

from __future__ import annotations

from ._audio import AudioRecord, AudioRecords, AudioRequest, AudioStatus
from ._documents import StoredDocument, document_id
from ._store import Store

__all__ = [
    "AudioRecord",
    "AudioRecords",
    "AudioRequest",
    "AudioStatus",
    "Store",
    "StoredDocument",
    "document_id",
]
