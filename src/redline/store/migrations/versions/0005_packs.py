"""The scenario pack an extraction was made with, kept in the store with its files, so that a store copied
elsewhere still knows its pack; and a counter of extraction runs that caches read to know the records changed.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "packs",
        sa.Column("fingerprint", sa.String(64), primary_key=True),
        sa.Column("pack_id", sa.String(128), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("files", sa.Text, nullable=False),
        sa.Column("origin", sa.Text),
        sa.Column("recorded_at", sa.String(32), nullable=False),
        sa.Column("active", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_table(
        "store_meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("store_meta")
    op.drop_table("packs")
