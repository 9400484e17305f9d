"""Audio records name the synthesis they share: the speech key.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02

A record's id used to be its speech key, so a second document speaking the
same sentences was handed the first one's record. Records made since digest
their document too and keep the speech key beside it; older records keep
their ids and files, with no key (they share nothing).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audio") as batch:
        batch.add_column(sa.Column("speech_key", sa.String(64), nullable=True))
        batch.create_index("ix_audio_speech_key", ["speech_key"])


def downgrade() -> None:
    with op.batch_alter_table("audio") as batch:
        batch.drop_index("ix_audio_speech_key")
        batch.drop_column("speech_key")
