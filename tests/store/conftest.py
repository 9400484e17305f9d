"""A store on each database: SQLite always, PostgreSQL when a server answers.

PostgreSQL is looked for at 127.0.0.1:5432 (trust auth, database ``test``);
each test gets a database of its own, dropped afterwards. Without a server
those tests are skipped with the reason spelled out.
"""

from __future__ import annotations

import socket
import uuid
from typing import TYPE_CHECKING

import asyncpg
import pytest

from access_api.store import Store

if TYPE_CHECKING:
    from collections.abc import AsyncIterator
    from pathlib import Path

PG_HOST, PG_PORT = "127.0.0.1", 5432


def _listening(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


async def _admin() -> tuple[asyncpg.Connection, str]:
    for user in ("postgres", "root"):
        try:
            conn = await asyncpg.connect(host=PG_HOST, port=PG_PORT, user=user, database="test")
        except (asyncpg.PostgresError, OSError):
            continue
        return conn, user
    pytest.skip("PostgreSQL at 127.0.0.1:5432 refused the users postgres and root: not tested")


@pytest.fixture(params=["sqlite", "postgresql"])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Store]:
    """A migrated, empty store on SQLite, then on PostgreSQL."""
    if request.param == "sqlite":
        store = Store(f"sqlite+aiosqlite:///{tmp_path / 'test.db'}")
        await store.create_schema()
        yield store
        await store.close()
        return
    if not _listening(PG_HOST, PG_PORT):
        pytest.skip("no PostgreSQL server at 127.0.0.1:5432: the PostgreSQL half is NOT tested")
    admin, user = await _admin()
    name = f"access_api_test_{uuid.uuid4().hex[:12]}"
    await admin.execute(f'CREATE DATABASE "{name}"')
    store = Store(f"postgresql+asyncpg://{user}@{PG_HOST}:{PG_PORT}/{name}")
    try:
        await store.create_schema()
        yield store
    finally:
        await store.close()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
