"""Extraction records: actors, mentions, statements, positions, events, claims.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _doc_fk() -> sa.Column:
    return sa.Column("doc_id", sa.String(16), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False)


def _span() -> list[sa.Column]:
    return [sa.Column("start", sa.Integer, nullable=False), sa.Column("end", sa.Integer, nullable=False),
            sa.Column("confidence", sa.Float, nullable=False)]


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("extracted_with", sa.String(40)))
    op.create_table(
        "actors",
        sa.Column("name", sa.String(255), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("party", sa.String(255)),
        sa.Column("origin", sa.String(16), nullable=False),
    )
    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _doc_fk(),
        sa.Column("actor", sa.String(255), nullable=False),
        sa.Column("party", sa.String(255)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("method", sa.String(16), nullable=False),
        sa.Column("role", sa.Text),
        *_span(),
    )
    op.create_table(
        "statements",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _doc_fk(),
        sa.Column("speaker", sa.String(255), nullable=False),
        sa.Column("speaker_text", sa.Text, nullable=False),
        sa.Column("party", sa.String(255)),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("cue", sa.String(64), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("speaker_start", sa.Integer),
        sa.Column("speaker_end", sa.Integer),
        sa.Column("date", sa.String(10)),
        *_span(),
    )
    op.create_table(
        "positions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _doc_fk(),
        sa.Column("actor", sa.String(255), nullable=False),
        sa.Column("party", sa.String(255)),
        sa.Column("issue", sa.String(64), nullable=False),
        sa.Column("stance", sa.String(16), nullable=False),
        sa.Column("reported_by", sa.String(255)),
        sa.Column("cue", sa.String(128)),
        sa.Column("date", sa.String(10)),
        sa.Column("evidence", sa.Text, nullable=False),
        *_span(),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _doc_fk(),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("trigger", sa.String(128)),
        sa.Column("actors", sa.Text, nullable=False),
        sa.Column("parties", sa.Text, nullable=False),
        sa.Column("location", sa.String(255)),
        sa.Column("date", sa.String(10)),
        sa.Column("date_precision", sa.String(8)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("sources", sa.Text, nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
        *_span(),
    )
    op.create_table(
        "claims",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _doc_fk(),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("unit", sa.String(16), nullable=False),
        sa.Column("about", sa.Text),
        sa.Column("issue", sa.String(64)),
        sa.Column("text", sa.Text, nullable=False),
        *_span(),
    )
    for table in ("mentions", "statements", "positions", "events", "claims"):
        op.create_index(f"ix_{table}_doc_id", table, ["doc_id"])
    op.create_index("ix_positions_party_issue", "positions", ["party", "issue"])
    op.create_index("ix_events_type_date", "events", ["type", "date"])


def downgrade() -> None:
    for table in ("claims", "events", "positions", "statements", "mentions", "actors"):
        op.drop_table(table)
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("extracted_with")
