"""Audio records: one row per audio file of a document, keyed by what is spoken and how.

A record belongs to its document: its id digests the document, the variant
and the *speech key* of what is spoken (see
:func:`access_api.speech.audio_key`), so asking twice for the same audio
finds the same row, and another document speaking the same sentences gets a
row of its own. Records of the same speech key share one synthesis, never a
row, a title or a file. Creation is an ``INSERT ... ON CONFLICT DO NOTHING``
on the primary key, which holds under concurrent requests from several API
processes on SQLite and PostgreSQL alike.
The same statement counts the unfinished records, so the queue's bound holds
under concurrent requests too.

A record moves ``queued -> running -> done | failed``; a job killed while
``running`` is put back to ``queued`` and run again (see :mod:`access_api.jobs`).
Its ``attempts`` count the starts since it was last asked for, kept across
processes, so a job that keeps killing its process can be given up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, literal, select, true, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from access_api.errors import NotFound

from . import _tables as t

if TYPE_CHECKING:
    from sqlalchemy.engine import Row
    from sqlalchemy.ext.asyncio import AsyncEngine

__all__ = ["UNFINISHED", "AudioRecord", "AudioRecords", "AudioRequest", "AudioStatus"]

# The PostgreSQL advisory lock that creators of audio records take in turn
# (any number of our own, distinct from other applications' locks).
_CREATE_LOCK = 0x6163636573735F61


class AudioStatus(StrEnum):
    """Where an audio file is in its making."""

    QUEUED = "queued"
    """Waiting for a worker."""
    RUNNING = "running"
    """Being spoken now."""
    DONE = "done"
    """Ready to download."""
    FAILED = "failed"
    """Could not be made; the record says why."""


UNFINISHED = (AudioStatus.QUEUED, AudioStatus.RUNNING)
"""The statuses of audio still to be made: a job will (or may again) run for it."""


@dataclass(frozen=True, slots=True)
class AudioRequest:
    """What to speak and how: everything a new audio record is made from."""

    id: str
    """The record's id: see this module's docstring."""
    document_id: str
    variant: str
    """``article`` or a reading level."""
    voice: str
    format: str
    rate: float
    pause: str
    title: str | None
    """The document's title, kept for the download's file name."""
    speech_key: str | None = None
    """The audio key of what is spoken, shared by records that sound the same."""


@dataclass(frozen=True, slots=True)
class AudioRecord:
    """An audio file, finished or not, as the database knows it."""

    id: str
    document_id: str
    variant: str
    voice: str
    format: str
    rate: float
    pause: str
    title: str | None
    status: AudioStatus
    progress: float
    """From 0 to 1."""
    duration_seconds: float | None
    error: str | None
    """Why it failed, in a sentence a person can act on."""
    file_name: str | None
    """The audio file's name in the audio storage, once done."""
    size_bytes: int | None
    attempts: int
    """How many times a worker has started on it since it was (last) asked for."""
    speech_key: str | None
    """The audio key of what is spoken (see :class:`AudioRequest`); ``None`` on
    records made before syntheses were shared."""
    created_at: datetime
    updated_at: datetime
    last_used_at: datetime


class AudioRecords:
    """The ``audio`` table.

    Args:
        engine: the store's engine.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def create_or_get(self, request: AudioRequest) -> tuple[AudioRecord, bool]:
        """The record for this audio key, made ``queued`` if there was none.

        Returns:
            The record and whether it was created now.

        Raises:
            NotFound: the document was deleted meanwhile.
        """
        found = await self.create_if_room(request, limit=None)
        assert found is not None  # with no limit there is always room
        return found

    async def create_if_room(
        self, request: AudioRequest, *, limit: int | None
    ) -> tuple[AudioRecord, bool] | None:
        """As :meth:`create_or_get`, but a new record only while fewer than ``limit``
        are unfinished: the count and the insert are one statement, so requests
        at the same moment cannot all pass the same count.

        Returns:
            The record and whether it was created now; ``None`` when there was
            no record and the queue is full.

        Raises:
            NotFound: the document was deleted meanwhile.
        """
        now = datetime.now(UTC)
        row: dict[str, Any] = {
            "id": request.id,
            "document_id": request.document_id,
            "variant": request.variant,
            "voice": request.voice,
            "format": request.format,
            "rate": request.rate,
            "pause": request.pause,
            "title": request.title,
            "speech_key": request.speech_key,
            "status": AudioStatus.QUEUED.value,
            "progress": 0.0,
            "duration_seconds": None,
            "error": None,
            "file_name": None,
            "size_bytes": None,
            "attempts": 0,
            "created_at": now,
            "updated_at": now,
            "last_used_at": now,
        }
        unfinished = (
            select(func.count())
            .select_from(t.audio)
            .where(t.audio.c.status.in_(UNFINISHED))
            .scalar_subquery()
        )
        # SQLite reads ``INSERT ... SELECT ... ON CONFLICT`` only with a WHERE.
        room = true() if limit is None else unfinished < limit
        source = select(*(literal(v, t.audio.c[k].type) for k, v in row.items())).where(room)
        postgres = self.engine.dialect.name == "postgresql"
        insert = postgresql.insert if postgres else sqlite.insert
        stmt = (
            insert(t.audio)
            .from_select(list(row), source)
            .on_conflict_do_nothing(index_elements=["id"])
        )
        try:
            async with self.engine.begin() as conn:
                if postgres and limit is not None:
                    # SQLite runs one writer at a time; on PostgreSQL two counts at
                    # once would both see room, so creators take turns here.
                    await conn.execute(select(func.pg_advisory_xact_lock(_CREATE_LOCK)))
                if (await conn.execute(stmt)).rowcount == 1:
                    return _to_record(SimpleNamespace(**row)), True
                found = (
                    await conn.execute(select(t.audio).where(t.audio.c.id == request.id))
                ).first()
                if found is not None:
                    return _to_record(found), False
                if limit is not None and int(await conn.scalar(select(unfinished)) or 0) >= limit:
                    return None
        except IntegrityError as exc:
            # The document's row went between its lookup and this insert; any
            # other broken constraint is a bug.
            if not _foreign_key_failed(exc):
                raise
        msg = f"There is no document with the id {request.document_id!r}."
        raise NotFound(msg)

    async def get(self, audio_id: str) -> AudioRecord:
        """The record with this id.

        Raises:
            NotFound: there is no such audio.
        """
        async with self.engine.connect() as conn:
            row = (await conn.execute(select(t.audio).where(t.audio.c.id == audio_id))).first()
        if row is None:
            raise NotFound(f"There is no audio with the id {audio_id!r}.")
        return _to_record(row)

    async def start(self, audio_id: str) -> AudioRecord | None:
        """Mark an unfinished record ``running`` and count the attempt.

        Returns:
            The record, or ``None`` when there is nothing to do: it is gone,
            already done, or failed.
        """
        stmt = (
            update(t.audio)
            .where(t.audio.c.id == audio_id, t.audio.c.status.in_(UNFINISHED))
            .values(
                status=AudioStatus.RUNNING.value,
                progress=0.0,
                attempts=t.audio.c.attempts + 1,
                updated_at=datetime.now(UTC),
            )
        )
        async with self.engine.begin() as conn:
            result = await conn.execute(stmt)
        if result.rowcount == 0:
            return None
        return await self.get(audio_id)

    async def set_progress(self, audio_id: str, progress: float) -> None:
        """Record how far a running job has got (0 to 1)."""
        await self._update_running(audio_id, progress=min(max(progress, 0.0), 1.0))

    async def finish(
        self, audio_id: str, *, file_name: str, size_bytes: int, duration_seconds: float
    ) -> bool:
        """Mark a record ``done``: call only once its files are complete in storage.

        Returns:
            False when the record was deleted (or finished by another worker)
            meanwhile, so the caller can remove the files it made.
        """
        return await self._update_running(
            audio_id,
            status=AudioStatus.DONE.value,
            progress=1.0,
            file_name=file_name,
            size_bytes=size_bytes,
            duration_seconds=duration_seconds,
            error=None,
        )

    async def fail(self, audio_id: str, reason: str) -> None:
        """Mark a record ``failed``, with the reason a person will read."""
        await self._update_running(audio_id, status=AudioStatus.FAILED.value, error=reason)

    async def put_back(self, audio_id: str) -> bool:
        """Return a running record to ``queued``, its start not counted: it was stopped, not killed.

        Returns:
            Whether the record was changed.
        """
        stmt = (
            update(t.audio)
            .where(t.audio.c.id == audio_id, t.audio.c.status == AudioStatus.RUNNING.value)
            .values(
                status=AudioStatus.QUEUED.value,
                progress=0.0,
                # Running, so started at least once: never below 0.
                attempts=t.audio.c.attempts - 1,
                updated_at=datetime.now(UTC),
            )
        )
        async with self.engine.begin() as conn:
            result = await conn.execute(stmt)
        return bool(result.rowcount)

    async def requeue(self, audio_id: str) -> bool:
        """Put a failed (or lost) record back to ``queued`` so it is made again.

        It is asked for anew: its count of attempts starts again from 0.

        Returns:
            Whether the record was changed.
        """
        stmt = (
            update(t.audio)
            .where(
                t.audio.c.id == audio_id,
                t.audio.c.status.in_((AudioStatus.DONE, AudioStatus.FAILED)),
            )
            .values(
                status=AudioStatus.QUEUED.value,
                progress=0.0,
                attempts=0,
                error=None,
                file_name=None,
                size_bytes=None,
                duration_seconds=None,
                updated_at=datetime.now(UTC),
            )
        )
        async with self.engine.begin() as conn:
            result = await conn.execute(stmt)
        return bool(result.rowcount)

    async def requeue_interrupted(self) -> list[str]:
        """Put every ``running`` record back to ``queued``; list all ``queued`` ones.

        For the embedded runner's start: in embedded mode nothing else runs
        jobs, so a ``running`` record was interrupted by a crash.

        Returns:
            The ids of the records to run, oldest first.
        """
        async with self.engine.begin() as conn:
            await conn.execute(
                update(t.audio)
                .where(t.audio.c.status == AudioStatus.RUNNING.value)
                .values(status=AudioStatus.QUEUED.value, progress=0.0)
            )
        return await self.queued()

    async def queued(self, *, older_than: timedelta | None = None) -> list[str]:
        """The ids of every ``queued`` record, oldest first.

        Args:
            older_than: only the records queued at least this long ago.
        """
        stmt = select(t.audio.c.id).where(t.audio.c.status == AudioStatus.QUEUED.value)
        if older_than is not None:
            stmt = stmt.where(t.audio.c.updated_at <= datetime.now(UTC) - older_than)
        async with self.engine.connect() as conn:
            rows = await conn.execute(stmt.order_by(t.audio.c.created_at))
            return [row.id for row in rows]

    async def count_unfinished(self) -> int:
        """How many records are ``queued`` or ``running``: the queue's length."""
        async with self.engine.connect() as conn:
            count = await conn.scalar(
                select(func.count()).select_from(t.audio).where(t.audio.c.status.in_(UNFINISHED))
            )
        return int(count or 0)

    async def touch(self, audio_id: str) -> None:
        """Note that the audio was used now (for least-recently-used eviction)."""
        async with self.engine.begin() as conn:
            await conn.execute(
                update(t.audio)
                .where(t.audio.c.id == audio_id)
                .values(last_used_at=datetime.now(UTC))
            )

    async def done_by_last_use(self) -> list[AudioRecord]:
        """Every ``done`` record, least recently used first."""
        async with self.engine.connect() as conn:
            rows = await conn.execute(
                select(t.audio)
                .where(t.audio.c.status == AudioStatus.DONE.value)
                .order_by(t.audio.c.last_used_at, t.audio.c.id)
            )
            return [_to_record(row) for row in rows]

    async def uses_speech(self, speech_key: str) -> bool:
        """Whether any record speaks what this speech key names."""
        async with self.engine.connect() as conn:
            found = await conn.scalar(
                select(t.audio.c.id).where(t.audio.c.speech_key == speech_key).limit(1)
            )
        return found is not None

    async def of_document(self, document_id: str) -> list[AudioRecord]:
        """Every record of a document."""
        async with self.engine.connect() as conn:
            rows = await conn.execute(select(t.audio).where(t.audio.c.document_id == document_id))
            return [_to_record(row) for row in rows]

    async def delete(self, audio_id: str) -> bool:
        """Delete a record. Returns whether it existed."""
        async with self.engine.begin() as conn:
            result = await conn.execute(delete(t.audio).where(t.audio.c.id == audio_id))
        return bool(result.rowcount)

    async def _update_running(self, audio_id: str, **values: Any) -> bool:
        # Only a running record changes here: a record deleted, requeued or
        # finished meanwhile is left as it is.
        stmt = (
            update(t.audio)
            .where(t.audio.c.id == audio_id, t.audio.c.status == AudioStatus.RUNNING.value)
            .values(updated_at=datetime.now(UTC), **values)
        )
        async with self.engine.begin() as conn:
            result = await conn.execute(stmt)
        return bool(result.rowcount)


def _foreign_key_failed(exc: IntegrityError) -> bool:
    # PostgreSQL's SQLSTATE for it, and SQLite's extended error name.
    orig = exc.orig
    return (
        getattr(orig, "sqlstate", None) == "23503"
        or getattr(orig, "sqlite_errorname", None) == "SQLITE_CONSTRAINT_FOREIGNKEY"
    )


def _to_record(row: Row[Any] | SimpleNamespace) -> AudioRecord:
    return AudioRecord(
        id=row.id,
        document_id=row.document_id,
        variant=row.variant,
        voice=row.voice,
        format=row.format,
        rate=row.rate,
        pause=row.pause,
        title=row.title,
        status=AudioStatus(row.status),
        progress=row.progress,
        duration_seconds=row.duration_seconds,
        error=row.error,
        file_name=row.file_name,
        size_bytes=row.size_bytes,
        attempts=row.attempts,
        speech_key=row.speech_key,
        created_at=row.created_at,
        updated_at=row.updated_at,
        last_used_at=row.last_used_at,
    )
