"""The :class:`Store`: documents in and out of the database."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, event, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import create_async_engine

from access_api.errors import NotFound
from access_api.text import CleanText, Removed, Sentence

from . import _tables as t
from ._audio import AudioRecords
from ._documents import StoredDocument, document_id
from ._migrate import migrate

if TYPE_CHECKING:
    from sqlalchemy.engine import Row
    from sqlalchemy.ext.asyncio import AsyncEngine

__all__ = ["Store"]


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers go on while a writer commits; foreign keys make
    # deleting a document delete its audio rows; the busy timeout turns a
    # briefly locked database into a short wait rather than an error.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


class Store:
    """Documents and audio records in one database.

    Args:
        url: an SQLAlchemy async URL, such as ``sqlite+aiosqlite:///data/access_api.db``
            or ``postgresql+asyncpg://user@host/db``.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine: AsyncEngine = create_async_engine(url)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
        self.audio = AudioRecords(self.engine)
        """The audio records."""

    async def create_schema(self) -> None:
        """Bring the schema up to date by running the migrations it has not had."""
        await migrate(self.engine)

    async def close(self) -> None:
        await self.engine.dispose()

    async def ping(self) -> None:
        """Raise if the database cannot answer a trivial query."""
        async with self.engine.connect() as conn:
            await conn.execute(select(1))

    async def add_document(
        self, content: CleanText, *, source_kind: str, source_url: str | None = None
    ) -> tuple[StoredDocument, bool]:
        """Store a cleaned article, once.

        Returns:
            The stored document and whether it was created now. When the same
            clean text was stored before, that document is returned unchanged.
        """
        doc_id = document_id(content.text)
        row = {
            "id": doc_id,
            "title": content.title,
            "text": content.text,
            "removed": [{"text": r.text, "reason": r.reason} for r in content.removed],
            "sentences": [[s.index, s.start, s.end, s.paragraph] for s in content.sentences],
            "source_kind": source_kind,
            "source_url": source_url,
            "created_at": datetime.now(UTC),
        }
        insert = postgresql.insert if self.engine.dialect.name == "postgresql" else sqlite.insert
        stmt = insert(t.documents).values(**row).on_conflict_do_nothing(index_elements=["id"])
        async with self.engine.begin() as conn:
            result = await conn.execute(stmt)
        created = result.rowcount == 1
        return await self.get_document(doc_id), created

    async def set_title(self, doc_id: str, title: str) -> StoredDocument:
        """Give a stored document a new title, and return it.

        Raises:
            NotFound: there is no such document.
        """
        async with self.engine.begin() as conn:
            await conn.execute(
                update(t.documents).where(t.documents.c.id == doc_id).values(title=title)
            )
        return await self.get_document(doc_id)

    async def get_document(self, doc_id: str) -> StoredDocument:
        """The document with this id.

        Raises:
            NotFound: there is no such document.
        """
        async with self.engine.connect() as conn:
            row = (
                await conn.execute(select(t.documents).where(t.documents.c.id == doc_id))
            ).first()
        if row is None:
            raise NotFound(f"There is no document with the id {doc_id!r}.")
        return _to_document(row)

    async def delete_document(self, doc_id: str) -> None:
        """Delete a document and its audio records.

        Raises:
            NotFound: there is no such document.
        """
        async with self.engine.begin() as conn:
            result = await conn.execute(delete(t.documents).where(t.documents.c.id == doc_id))
        if result.rowcount == 0:
            raise NotFound(f"There is no document with the id {doc_id!r}.")


def _to_document(row: Row[Any]) -> StoredDocument:
    text: str = row.text
    sentences = tuple(
        Sentence(index=index, text=text[start:end], start=start, end=end, paragraph=paragraph)
        for index, start, end, paragraph in row.sentences
    )
    content = CleanText(
        title=row.title,
        text=text,
        removed=tuple(Removed(text=r["text"], reason=r["reason"]) for r in row.removed),
        sentences=sentences,
    )
    return StoredDocument(
        id=row.id,
        content=content,
        source_kind=row.source_kind,
        source_url=row.source_url,
        created_at=row.created_at,
    )
