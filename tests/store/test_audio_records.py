"""Audio records on SQLite and PostgreSQL: one row per audio, and its life."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import text

from access_api.errors import NotFound
from access_api.store import AudioRequest, AudioStatus, metadata
from access_api.text import CleanText, Sentence

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy.engine import Connection

    from access_api.store import Store

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def _document(store: Store, text: str = "Rivers run to the sea.") -> str:
    content = CleanText(
        title="Rivers",
        text=text,
        removed=(),
        sentences=(Sentence(index=0, text=text, start=0, end=len(text), paragraph=0),),
    )
    doc, _ = await store.add_document(content, source_kind="text")
    return doc.id


def _request(doc_id: str, audio_id: str = "a" * 64) -> AudioRequest:
    return AudioRequest(
        id=audio_id,
        document_id=doc_id,
        variant="article",
        voice="espeak:en",
        format="mp3",
        rate=1.0,
        pause="normal",
        title="Rivers",
    )


async def test_the_same_audio_asked_for_at_once_makes_one_record(store: Store) -> None:
    doc_id = await _document(store)
    results = await asyncio.gather(*(store.audio.create_or_get(_request(doc_id)) for _ in range(8)))
    assert sum(created for _, created in results) == 1
    assert {record.id for record, _ in results} == {"a" * 64}
    assert all(record.status is AudioStatus.QUEUED for record, _ in results)


async def test_a_record_goes_from_queued_to_running_to_done(store: Store) -> None:
    doc_id = await _document(store)
    await store.audio.create_or_get(_request(doc_id))
    running = await store.audio.start("a" * 64)
    assert running is not None
    assert running.status is AudioStatus.RUNNING
    assert running.attempts == 1
    await store.audio.set_progress("a" * 64, 0.5)
    assert (await store.audio.get("a" * 64)).progress == 0.5
    assert await store.audio.finish(
        "a" * 64, file_name="x.mp3", size_bytes=1234, duration_seconds=3.5
    )
    done = await store.audio.get("a" * 64)
    assert (done.status, done.progress, done.size_bytes, done.duration_seconds) == (
        AudioStatus.DONE,
        1.0,
        1234,
        3.5,
    )
    assert await store.audio.start("a" * 64) is None, "a finished audio is never made again"


async def test_a_failure_keeps_its_reason_and_asking_again_queues_it(store: Store) -> None:
    doc_id = await _document(store)
    await store.audio.create_or_get(_request(doc_id))
    await store.audio.start("a" * 64)
    await store.audio.fail("a" * 64, "The gTTS service could not be reached.")
    failed = await store.audio.get("a" * 64)
    assert failed.status is AudioStatus.FAILED
    assert failed.error == "The gTTS service could not be reached."
    assert await store.audio.requeue("a" * 64)
    again = await store.audio.get("a" * 64)
    assert (again.status, again.error) == (AudioStatus.QUEUED, None)


async def test_records_left_running_by_a_crash_are_queued_again(store: Store) -> None:
    doc_id = await _document(store)
    await store.audio.create_or_get(_request(doc_id, "a" * 64))
    await store.audio.create_or_get(_request(doc_id, "b" * 64))
    await store.audio.start("a" * 64)
    assert await store.audio.count_unfinished() == 2
    assert await store.audio.requeue_interrupted() == ["a" * 64, "b" * 64]
    assert (await store.audio.get("a" * 64)).status is AudioStatus.QUEUED


async def test_deleting_a_document_deletes_its_audio_records(store: Store) -> None:
    doc_id = await _document(store)
    await store.audio.create_or_get(_request(doc_id))
    assert [r.id for r in await store.audio.of_document(doc_id)] == ["a" * 64]
    await store.delete_document(doc_id)
    with pytest.raises(NotFound):
        await store.audio.get("a" * 64)


async def test_finished_audio_is_listed_least_recently_used_first(store: Store) -> None:
    doc_id = await _document(store)
    for audio_id in ("a" * 64, "b" * 64):
        await store.audio.create_or_get(_request(doc_id, audio_id))
        await store.audio.start(audio_id)
        await store.audio.finish(audio_id, file_name="f", size_bytes=1, duration_seconds=1.0)
    await store.audio.touch("a" * 64)
    assert [r.id for r in await store.audio.done_by_last_use()] == ["b" * 64, "a" * 64]


async def test_a_record_deleted_while_running_is_not_marked_done(store: Store) -> None:
    doc_id = await _document(store)
    await store.audio.create_or_get(_request(doc_id))
    await store.audio.start("a" * 64)
    assert await store.audio.delete("a" * 64)
    assert not await store.audio.finish(
        "a" * 64, file_name="x.mp3", size_bytes=1, duration_seconds=1.0
    )


async def test_the_migrations_make_exactly_the_tables_the_code_uses(store: Store) -> None:
    def differences(connection: object) -> list[object]:
        context = MigrationContext.configure(connection)  # type: ignore[arg-type]
        return list(compare_metadata(context, metadata))

    async with store.engine.connect() as conn:
        assert await conn.run_sync(differences) == []


async def test_records_made_before_syntheses_were_shared_survive_the_migration(
    store: Store,
) -> None:
    def to(revision: str) -> Callable[[Connection], None]:
        def run(connection: Connection) -> None:
            config = Config()
            config.set_main_option("script_location", "access_api:migrations")
            config.attributes["connection"] = connection
            if revision == "head":
                command.upgrade(config, revision)
            else:
                command.downgrade(config, revision)

        return run

    doc_id = await _document(store)
    async with store.engine.begin() as conn:
        await conn.run_sync(to("0001"))
    async with store.engine.begin() as conn:
        await conn.execute(
            text(
                "INSERT INTO audio (id, document_id, variant, voice, format, rate, pause, title,"
                " status, progress, attempts, created_at, updated_at, last_used_at) VALUES"
                " (:id, :doc, 'article', 'espeak:en', 'mp3', 1.0, 'normal', 'Rivers', 'done',"
                " 1.0, 1, :now, :now, :now)"
            ),
            {"id": "b" * 64, "doc": doc_id, "now": datetime.now(UTC)},
        )
        await conn.run_sync(to("head"))
    old = await store.audio.get("b" * 64)
    assert (old.status, old.title, old.speech_key) == (AudioStatus.DONE, "Rivers", None)
    new, _ = await store.audio.create_or_get(replace(_request(doc_id), speech_key="c" * 64))
    assert new.speech_key == "c" * 64
    assert await store.audio.uses_speech("c" * 64)
    assert not await store.audio.uses_speech("d" * 64)
