"""Requests at the same moment on SQLite and PostgreSQL: creating, deleting and asking
for audio of one text at once never fails on a row that went meanwhile, and the
audio queue's bound holds however many ask together.

Each test counts outcomes over many concurrent operations; none measures time.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING

import pytest

from access_api.errors import NotFound
from access_api.store import AudioRequest, AudioStatus, document_id
from access_api.text import CleanText, Sentence

if TYPE_CHECKING:
    from collections.abc import Awaitable

    from access_api.store import Store

pytestmark = pytest.mark.anyio

TEXT = "The same text is sent by many people at once."
ROUNDS = 10
AT_ONCE = 10


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def _content(text: str = TEXT, title: str | None = None) -> CleanText:
    return CleanText(
        title=title,
        text=text,
        removed=(),
        sentences=(Sentence(index=0, text=text, start=0, end=len(text), paragraph=0),),
    )


def _request(doc_id: str, audio_id: str) -> AudioRequest:
    return AudioRequest(
        id=audio_id,
        document_id=doc_id,
        variant="article",
        voice="espeak:en",
        format="mp3",
        rate=1.0,
        pause="normal",
        title=None,
    )


async def _deleted(store: Store, doc_id: str) -> None:
    with contextlib.suppress(NotFound):  # someone else deleted it first: that is fine
        await store.delete_document(doc_id)


async def _rounds(*work: Awaitable[object]) -> list[object]:
    return await asyncio.gather(*work, return_exceptions=True)


async def test_creating_a_document_while_it_is_deleted_answers_with_the_document(
    store: Store,
) -> None:
    doc_id = document_id(TEXT)
    outcomes: list[object] = []
    for _ in range(ROUNDS):
        outcomes += await _rounds(
            *(store.add_document(_content(), source_kind="text") for _ in range(AT_ONCE)),
            *(_deleted(store, doc_id) for _ in range(AT_ONCE)),
        )
    errors = [o for o in outcomes if isinstance(o, BaseException)]
    assert errors == []
    created = [o for o in outcomes if isinstance(o, tuple)]
    assert len(created) == ROUNDS * AT_ONCE
    assert {doc.id for doc, _ in created} == {doc_id}
    assert all(doc.text == TEXT for doc, _ in created)


async def test_a_title_sent_again_while_the_document_is_deleted_is_kept(store: Store) -> None:
    outcomes: list[object] = []
    for _ in range(ROUNDS):
        outcomes += await _rounds(
            *(
                store.add_document(_content(title=f"Title {n}"), source_kind="text")
                for n in range(AT_ONCE)
            ),
            *(_deleted(store, document_id(TEXT)) for _ in range(AT_ONCE)),
        )
    answers = [o for o in outcomes if not isinstance(o, BaseException) and o is not None]
    assert [o for o in outcomes if isinstance(o, BaseException)] == []
    assert len(answers) == ROUNDS * AT_ONCE
    assert all(isinstance(o, tuple) and o[0].title.startswith("Title ") for o in answers)


async def test_audio_asked_for_a_document_being_deleted_is_not_found_never_a_database_error(
    store: Store,
) -> None:
    doc_id = document_id(TEXT)
    outcomes: list[object] = []
    for n in range(ROUNDS):
        await store.add_document(_content(), source_kind="text")
        outcomes += await _rounds(
            *(
                store.audio.create_or_get(_request(doc_id, f"{n:02d}{i:062d}"))
                for i in range(AT_ONCE)
            ),
            *(_deleted(store, doc_id) for _ in range(AT_ONCE)),
        )
    errors = [o for o in outcomes if isinstance(o, BaseException)]
    assert all(isinstance(e, NotFound) for e in errors), errors
    assert all("no document" in str(e) for e in errors)
    made = [o for o in outcomes if isinstance(o, tuple)]
    assert all(record.document_id == doc_id for record, _ in made)
    assert await store.audio.count_unfinished() == 0, "every record went with its document"


async def test_the_queue_bound_holds_for_requests_at_the_same_moment(store: Store) -> None:
    bound, asking = 5, 40
    doc, _ = await store.add_document(_content(), source_kind="text")
    found = await asyncio.gather(
        *(
            store.audio.create_if_room(_request(doc.id, f"{i:064d}"), limit=bound)
            for i in range(asking)
        )
    )
    made = [f for f in found if f is not None]
    assert len(made) == bound
    assert all(created and record.status is AudioStatus.QUEUED for record, created in made)
    assert found.count(None) == asking - bound
    assert await store.audio.count_unfinished() == bound


async def test_a_full_queue_still_finds_audio_asked_for_before(store: Store) -> None:
    doc, _ = await store.add_document(_content(), source_kind="text")
    first = await store.audio.create_if_room(_request(doc.id, "a" * 64), limit=1)
    assert first is not None
    assert first[1]
    again = await store.audio.create_if_room(_request(doc.id, "a" * 64), limit=1)
    assert again is not None
    assert again[0].id == "a" * 64
    assert not again[1]
    assert await store.audio.create_if_room(_request(doc.id, "b" * 64), limit=1) is None
