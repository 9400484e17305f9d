"""Audio jobs in both modes: embedded (SQLite, in-process) and scale-out
(PostgreSQL, SAQ on Redis, a worker).

The servers are looked for at 127.0.0.1 (PostgreSQL on 5432 with trust auth
and a database ``test``; Redis on 6379). Each test gets a database, a Redis
database number and a queue name of its own, all removed afterwards. Without
the servers the scale-out tests are skipped, with the reason spelled out.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import socket
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

import asyncpg
import pytest

from access_api.documents import Documents, prepare
from access_api.jobs import AudioService, JobContext, create_runner, make_context
from access_api.settings import Settings
from access_api.store import LocalAudioStorage, Store

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterator
    from pathlib import Path

    from access_api.jobs import JobRunner

HOST = "127.0.0.1"
PG_PORT, REDIS_PORT = 5432, 6379


def listening(port: int) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=0.5):
            return True
    except OSError:
        return False


def require_scale_out_servers() -> None:
    missing = [
        name
        for name, port in (("PostgreSQL", PG_PORT), ("Redis", REDIS_PORT))
        if not listening(port)
    ]
    if missing:
        pytest.skip(
            f"no {' or '.join(missing)} at {HOST}: "
            "the scale-out mode (PostgreSQL + SAQ) is NOT tested"
        )


async def _admin() -> tuple[asyncpg.Connection, str]:
    for user in ("postgres", "root"):
        try:
            conn = await asyncpg.connect(host=HOST, port=PG_PORT, user=user, database="test")
        except (asyncpg.PostgresError, OSError):
            continue
        return conn, user
    pytest.skip(f"PostgreSQL at {HOST}:{PG_PORT} refused the users postgres and root: not tested")


@contextlib.asynccontextmanager
async def postgres_database() -> AsyncIterator[str]:
    """A new, empty PostgreSQL database's URL; dropped on exit."""
    admin, user = await _admin()
    name = f"access_api_test_{uuid.uuid4().hex[:12]}"
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+asyncpg://{user}@{HOST}:{PG_PORT}/{name}"
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


@contextlib.contextmanager
def redis_queue() -> Iterator[tuple[str, str]]:
    """A Redis URL (a database number picked at random) and a queue name of its own.

    The queue's keys are removed on exit.
    """
    import redis

    url = f"redis://{HOST}:{REDIS_PORT}/{random.randint(1, 15)}"
    name = f"access_api_test_{uuid.uuid4().hex[:12]}"
    try:
        yield url, name
    finally:
        client = redis.Redis.from_url(url)
        keys = list(client.scan_iter(f"*{name}*"))
        if keys:
            client.delete(*keys)
        client.close()


@dataclass(frozen=True)
class ScaleOut:
    """Fresh scale-out services: a PostgreSQL database, a Redis database and queue name."""

    database_url: str
    queue_url: str
    queue_name: str


@pytest.fixture
async def scale_out() -> AsyncIterator[ScaleOut]:
    """A database and a queue of this test's own, removed afterwards."""
    require_scale_out_servers()
    async with postgres_database() as database_url:
        with redis_queue() as (queue_url, queue_name):
            yield ScaleOut(database_url, queue_url, queue_name)


@dataclass
class Mode:
    """A way to run jobs, ready to use."""

    name: str
    settings: Settings
    context: JobContext
    runner: JobRunner
    service: AudioService


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(params=["embedded", "scale-out"])
async def mode(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Mode]:
    """Embedded (SQLite, jobs in this process), then scale-out (PostgreSQL, SAQ, a worker)."""
    data_dir = tmp_path / "data"
    if request.param == "embedded":
        settings = Settings(data_dir=data_dir)
        async with _running(request.param, settings) as ready:
            yield ready
        return
    require_scale_out_servers()
    from access_api.jobs._scale import build_worker, saq_queue

    async with postgres_database() as database_url:
        with redis_queue() as (queue_url, queue_name):
            settings = Settings(
                data_dir=data_dir,
                database_url=database_url,
                queue_url=queue_url,
                queue_name=queue_name,
                job_heartbeat_seconds=2,
            )
            queue = saq_queue(settings)
            worker = build_worker(settings, queue)
            async with _running(request.param, settings) as ready:
                await queue.connect()
                task = asyncio.create_task(worker.start())
                try:
                    yield ready
                finally:
                    await worker.stop()
                    await task
                    await queue.disconnect()


@contextlib.asynccontextmanager
async def _running(name: str, settings: Settings) -> AsyncIterator[Mode]:
    store = Store(settings.resolved_database_url)
    await prepare(store, settings)
    storage = LocalAudioStorage(settings.resolved_audio_dir)
    context = make_context(Documents(store, storage, settings))
    runner = create_runner(settings, context)
    await runner.start()
    try:
        yield Mode(name, settings, context, runner, AudioService(context, runner))
    finally:
        await runner.stop()
        await store.close()
