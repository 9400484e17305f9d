"""Bring a database's schema up to date with the Alembic migrations.

The migrations (``access_api/migrations``) ship inside the package, so
``access-api migrate`` works from an installed copy with no ``alembic.ini``.
The app runs them at start too (cheap when the schema is current), so the
embedded default needs no setup step; in scale-out mode a one-shot
``access-api migrate`` runs them before the API and workers start.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from alembic import command
from alembic.config import Config

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlalchemy.ext.asyncio import AsyncEngine

__all__ = ["migrate"]


def _upgrade(connection: Connection) -> None:
    config = Config()
    config.set_main_option("script_location", "access_api:migrations")
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


async def migrate(engine: AsyncEngine) -> None:
    """Apply every migration the database has not had yet, in one transaction."""
    async with engine.begin() as conn:
        await conn.run_sync(_upgrade)
