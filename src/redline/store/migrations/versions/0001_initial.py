"""Documents, removed spans, flags, sources and the near-duplicate index.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("doc_name", sa.String(255), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("outlet", sa.String(255)),
        sa.Column("title", sa.Text),
        sa.Column("author", sa.Text),
        sa.Column("published", sa.String(10)),
        sa.Column("published_precision", sa.String(5)),
        sa.Column("published_from", sa.String(16)),
        sa.Column("language", sa.String(8)),
        sa.Column("language_score", sa.Float),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("clean_text", sa.Text, nullable=False),
        sa.Column("flags", sa.Text, nullable=False),
        sa.Column("cluster_id", sa.String(16)),
        sa.Column("n_chars", sa.Integer, nullable=False),
        sa.Column("ingested_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_documents_cluster_id", "documents", ["cluster_id"])
    op.create_index("ix_documents_published", "documents", ["published"])
    op.create_index("ix_documents_language", "documents", ["language"])
    op.create_table(
        "removed_spans",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("doc_id", sa.String(16), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_index("ix_removed_spans_doc_id", "removed_spans", ["doc_id"])
    op.create_table(
        "doc_flags",
        sa.Column("doc_id", sa.String(16), sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("flag", sa.String(32), primary_key=True),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("set", sa.Integer, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
    )
    op.create_table(
        "doc_sources",
        sa.Column("doc_id", sa.String(16), sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("source", sa.Text, primary_key=True),
        sa.Column("seen_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "minhashes",
        sa.Column("doc_id", sa.String(16), sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("signature", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "lsh_bands",
        sa.Column("bucket", sa.String(20), primary_key=True),
        sa.Column("doc_id", sa.String(16), sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    )
    op.create_table(
        "ingest_runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("started_at", sa.String(32), nullable=False),
        sa.Column("finished_at", sa.String(32)),
        sa.Column("n_new", sa.Integer, nullable=False),
        sa.Column("n_duplicate", sa.Integer, nullable=False),
        sa.Column("n_failed", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    for name in ("ingest_runs", "lsh_bands", "minhashes", "doc_sources", "doc_flags", "removed_spans", "documents"):
        op.drop_table(name)
