"""The work queue: the files of each ingest run, which sources were already prepared with which code, and
leases that let several processes share extraction and take over from one that was killed.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("prepared_with", sa.String(16)))
    op.create_index("ix_documents_extracted_with", "documents", ["extracted_with", "id"])
    with op.batch_alter_table("ingest_runs") as batch:
        batch.add_column(sa.Column("owner", sa.String(160)))
        batch.add_column(sa.Column("heartbeat_at", sa.String(32)))
    op.create_table(
        "ingest_queue",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("ingest_runs.id", ondelete="CASCADE"), nullable=False),
        sa.Column("item", sa.Text, nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("n_documents", sa.Integer),
        sa.Column("done_at", sa.String(32)),
    )
    op.create_index("ix_ingest_queue_run_status", "ingest_queue", ["run_id", "status"])
    op.create_table(
        "prepared_sources",
        sa.Column("location", sa.Text, primary_key=True),
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("prepared_with", sa.String(16), nullable=False),
        sa.Column("doc_ids", sa.Text, nullable=False),
        sa.Column("seen_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "leases",
        sa.Column("kind", sa.String(16), primary_key=True),
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("owner", sa.String(160), nullable=False),
        sa.Column("until", sa.String(32), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("leases")
    op.drop_table("prepared_sources")
    op.drop_index("ix_ingest_queue_run_status", "ingest_queue")
    op.drop_index("ix_documents_extracted_with", "documents")
    op.drop_table("ingest_queue")
    with op.batch_alter_table("ingest_runs") as batch:
        batch.drop_column("heartbeat_at")
        batch.drop_column("owner")
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("prepared_with")
