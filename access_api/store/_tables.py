"""The database schema, as SQLAlchemy Core tables."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
)

__all__ = ["UtcDateTime", "audio", "documents", "metadata"]


class UtcDateTime(TypeDecorator[datetime]):
    """A moment in time, always read back aware and in UTC.

    PostgreSQL keeps the zone; SQLite hands back naive datetimes, which were
    written in UTC.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("title", Text, nullable=True),
    Column("text", Text, nullable=False),
    Column("removed", JSON, nullable=False),
    Column("sentences", JSON, nullable=False),
    Column("source_kind", String(16), nullable=False),
    Column("source_url", Text, nullable=True),
    Column("created_at", UtcDateTime(), nullable=False),
)

audio = Table(
    "audio",
    metadata,
    Column("id", String(64), primary_key=True),
    Column(
        "document_id",
        String(64),
        ForeignKey("documents.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("variant", String(16), nullable=False),
    Column("voice", String(128), nullable=False),
    Column("format", String(8), nullable=False),
    Column("rate", Float, nullable=False),
    Column("pause", String(16), nullable=False),
    Column("title", Text, nullable=True),
    Column("status", String(16), nullable=False, index=True),
    Column("progress", Float, nullable=False, default=0.0),
    Column("duration_seconds", Float, nullable=True),
    Column("error", Text, nullable=True),
    Column("file_name", Text, nullable=True),
    Column("size_bytes", BigInteger, nullable=True),
    Column("attempts", Integer, nullable=False, default=0),
    # The audio key of what is spoken: records of the same key share one
    # synthesis (null on records made before they could).
    Column("speech_key", String(64), nullable=True, index=True),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    Column("last_used_at", UtcDateTime(), nullable=False, index=True),
)
