"""The watch list: alerts fired by signals, the extraction of each document the signals have seen, and the
rules already run over the whole store.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(64), nullable=False, unique=True),
        sa.Column("rule", sa.String(128), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("fired_at", sa.String(32), nullable=False),
        sa.Column("day", sa.String(10)),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("delivered_at", sa.String(32)),
    )
    op.create_index("ix_alerts_fired_at", "alerts", ["fired_at"])
    op.create_table(
        "watch_seen",
        sa.Column("doc_id", sa.String(16), sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("extracted_with", sa.String(40), nullable=False),
        sa.Column("seen_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "watch_rules",
        sa.Column("name", sa.String(128), primary_key=True),
        sa.Column("fingerprint", sa.String(16), primary_key=True),
        sa.Column("added_at", sa.String(32), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("watch_rules")
    op.drop_table("watch_seen")
    op.drop_index("ix_alerts_fired_at", "alerts")
    op.drop_table("alerts")
