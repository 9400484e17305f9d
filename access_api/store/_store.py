"""The :class:`Store`: documents in and out of the database."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, event, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import create_async_engine

from access_api.errors import DatabaseDamaged, NotFound
from access_api.text import CleanText, Removed, Sentence

from . import _tables as t
from ._audio import AudioRecords
from ._documents import StoredDocument, document_id
from ._migrate import migrate

if TYPE_CHECKING:
    from sqlalchemy.engine import ExceptionContext, Row
    from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

__all__ = ["Store", "is_damaged"]

# SQLITE_CORRUPT and SQLITE_NOTADB: the file itself is damaged.
_SQLITE_DAMAGED = frozenset({11, 26})
# PRAGMA quick_check reads the whole file (40-120 ms for 100 MB, in cache):
# once a minute is enough for readiness, and costs nothing per request.
_QUICK_CHECK_EVERY_SECONDS = 60.0


def is_damaged(exc: BaseException) -> bool:
    """Whether a database error says the database file is damaged, not busy or wrong."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    return getattr(orig, "sqlite_errorcode", None) in _SQLITE_DAMAGED


async def _quick_check(conn: AsyncConnection) -> str | None:
    """SQLite's first finding of damage, or ``None`` when the file is sound."""
    try:
        found = (await conn.exec_driver_sql("PRAGMA quick_check(1)")).scalar()
    except DBAPIError as exc:
        if not is_damaged(exc):
            raise
        found = exc.orig
    return None if found == "ok" else " ".join(str(found).split())


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers go on while a writer commits; foreign keys make
    # deleting a document delete its audio rows; the busy timeout turns a
    # briefly locked database into a short wait rather than an error.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _connect(dialect: Any, _record: Any, cargs: Any, cparams: Any) -> Any:
    # asyncpg raises a plain OSError when the server cannot be reached, which
    # SQLAlchemy lets through as it is; other drivers say OperationalError.
    try:
        return dialect.connect(*cargs, **cparams)
    except OSError as exc:
        msg = f"cannot connect to the database: {exc}"
        raise dialect.loaded_dbapi.OperationalError(msg) from exc


def _dropped(context: ExceptionContext) -> BaseException | None:
    # A connection lost mid-query is a bare DBAPI error from asyncpg: call it
    # what it is, so that one handler answers "try again" for every outage.
    # Only a DBAPI error: a cancelled task must stay cancelled.
    found = context.sqlalchemy_exception
    if (
        context.is_disconnect
        and isinstance(found, DBAPIError)
        and not isinstance(found, (OperationalError, InterfaceError))
    ):
        return OperationalError(
            context.statement,
            context.parameters,
            context.original_exception,
            connection_invalidated=True,
        )
    return None


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
        # A database out of reach is always an OperationalError or an InterfaceError.
        event.listen(self.engine.sync_engine, "do_connect", _connect)
        event.listen(self.engine.sync_engine, "handle_error", _dropped)
        self.audio = AudioRecords(self.engine)
        """The audio records."""
        self._damage: str | None = None
        self._checked_at: float | None = None

    async def create_schema(self) -> None:
        """Bring the schema up to date by running the migrations it has not had."""
        await migrate(self.engine)

    async def close(self) -> None:
        await self.engine.dispose()

    async def ping(self) -> None:
        """Raise if the database cannot answer a trivial query, or is damaged.

        SQLite's file is checked for damage (``PRAGMA quick_check``) on the first
        ping, then at most once a minute while it is sound, and on every ping
        while it is not, so a restored file is noticed at once.

        Raises:
            DatabaseDamaged: SQLite found a damaged page.
        """
        async with self.engine.connect() as conn:
            await conn.execute(select(1))
            if self.engine.dialect.name == "sqlite" and self._quick_check_due():
                self._damage = await _quick_check(conn)
                self._checked_at = time.monotonic()
        if self._damage is not None:
            msg = f"the database file is damaged ({self._damage}); restore it from a backup"
            raise DatabaseDamaged(msg, retry_after=60)

    def _quick_check_due(self) -> bool:
        if self._checked_at is None or self._damage is not None:
            return True
        return time.monotonic() - self._checked_at >= _QUICK_CHECK_EVERY_SECONDS

    async def add_document(
        self, content: CleanText, *, source_kind: str, source_url: str | None = None
    ) -> tuple[StoredDocument, bool]:
        """Store a cleaned article, once.

        The answer is made from what was written, in the same transaction: a
        delete of the same text at the same moment cannot make it "not found".

        Returns:
            The stored document and whether it was created now. When the same
            clean text was stored before, that document is returned, its title
            replaced by the one given (the newest title is the one meant).
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
        by_id = t.documents.c.id == doc_id
        while True:
            async with self.engine.begin() as conn:
                if (await conn.execute(stmt)).rowcount == 1:
                    return _to_document(SimpleNamespace(**row)), True
                if content.title is not None:
                    # Locks the row on PostgreSQL: a delete now waits for this commit.
                    await conn.execute(
                        update(t.documents)
                        .where(by_id, t.documents.c.title.is_distinct_from(content.title))
                        .values(title=content.title)
                    )
                found = (await conn.execute(select(t.documents).where(by_id))).first()
            if found is not None:
                return _to_document(found), False
            # Deleted between the insert that found it and the read: store it anew
            # (the next insert finds no row, or the row someone else stored since).

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


def _to_document(row: Row[Any] | SimpleNamespace) -> StoredDocument:
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
