"""Alembic's entry point: migrate the connection that ``access_api.store._migrate`` hands in."""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from access_api.store import metadata

connection = context.config.attributes["connection"]
if connection.dialect.name == "postgresql":
    # Several API processes may start at once: one migrates, the others wait
    # for its transaction and then find the schema at its head.
    connection.execute(text("SELECT pg_advisory_xact_lock(4242424242)"))
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
