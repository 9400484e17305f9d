"""Alembic migrations of the database schema; run them with ``access-api migrate``."""
