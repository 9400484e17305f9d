"""Documents and their audio records.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Databases made before migrations existed already have the documents
    # table; it has not changed since, so it is kept as it is.
    existing = sa.inspect(op.get_bind()).get_table_names()
    if "documents" not in existing:
        op.create_table(
            "documents",
            sa.Column("id", sa.String(64), primary_key=True),
            sa.Column("title", sa.Text, nullable=True),
            sa.Column("text", sa.Text, nullable=False),
            sa.Column("removed", sa.JSON, nullable=False),
            sa.Column("sentences", sa.JSON, nullable=False),
            sa.Column("source_kind", sa.String(16), nullable=False),
            sa.Column("source_url", sa.Text, nullable=True),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        )
    if "audio" in existing:
        # Its early shape was never written to: make it afresh.
        op.drop_table("audio")
    op.create_table(
        "audio",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column(
            "document_id",
            sa.String(64),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("variant", sa.String(16), nullable=False),
        sa.Column("voice", sa.String(128), nullable=False),
        sa.Column("format", sa.String(8), nullable=False),
        sa.Column("rate", sa.Float, nullable=False),
        sa.Column("pause", sa.String(16), nullable=False),
        sa.Column("title", sa.Text, nullable=True),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("progress", sa.Float, nullable=False),
        sa.Column("duration_seconds", sa.Float, nullable=True),
        sa.Column("error", sa.Text, nullable=True),
        sa.Column("file_name", sa.Text, nullable=True),
        sa.Column("size_bytes", sa.BigInteger, nullable=True),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=False, index=True),
    )


def downgrade() -> None:
    op.drop_table("audio")
    op.drop_table("documents")
