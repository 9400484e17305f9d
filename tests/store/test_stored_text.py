"""Documents on SQLite and PostgreSQL: what one database stores, the other does too."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from access_api.text import clean_text

if TYPE_CHECKING:
    from access_api.store import Store

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def test_nul_and_control_characters_in_a_title_or_text_are_stored_on_both(
    store: Store,
) -> None:
    # PostgreSQL refuses NUL in text and in JSON; SQLite keeps it: clean, it
    # is in neither, so both databases store the same document.
    content = clean_text(
        "Heavy rain on Tuesday pushed rivers to their highest level in a decade.\x00 "
        "<!--\x00 hidden --> Crews spent the night\x07 moving families to safety.",
        title="Floods\x00\x1b[31m \u202enorth",
        max_chars=1_000,
    )
    doc, created = await store.add_document(content, source_kind="text")
    assert created
    stored = await store.get_document(doc.id)

    assert stored.title == "Floods [31m north"
    for piece in (stored.content.text, *(r.text for r in stored.content.removed)):
        assert "\x00" not in piece
