"""What is kept: documents and audio records in a database, audio files on disk.

- ``_store``: :class:`Store`, the database (SQLite by default, PostgreSQL
  when the database URL says so), over SQLAlchemy; it runs the migrations
  (``access_api/migrations``) through ``_migrate``. :func:`is_damaged` tells
  a damaged database file from a busy or unreachable one.
- ``_documents``: :class:`StoredDocument` and :func:`document_id`, the digest
  of a clean text that names it.
- ``_audio``: :class:`AudioRecords`, one row per audio file and its status.
- ``_files``: :class:`AudioStorage`, where audio files live (a local
  directory, :class:`LocalAudioStorage`), and the names they are stored under.
- ``_tables``: the schema, as SQLAlchemy Core tables.

Nothing here knows about HTTP.
"""

from __future__ import annotations

from ._audio import UNFINISHED, AudioRecord, AudioRecords, AudioRequest, AudioStatus
from ._documents import DOCUMENT_ID_PATTERN, StoredDocument, document_id, is_document_id
from ._files import (
    AudioStorage,
    LocalAudioStorage,
    file_names,
    remove_files,
    remove_unused_speech,
    speech_names,
)
from ._store import Store, is_damaged
from ._tables import metadata

__all__ = [
    "DOCUMENT_ID_PATTERN",
    "UNFINISHED",
    "AudioRecord",
    "AudioRecords",
    "AudioRequest",
    "AudioStatus",
    "AudioStorage",
    "LocalAudioStorage",
    "Store",
    "StoredDocument",
    "document_id",
    "file_names",
    "is_damaged",
    "is_document_id",
    "metadata",
    "remove_files",
    "remove_unused_speech",
    "speech_names",
]
