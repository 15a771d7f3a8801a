"""Why a metadata date was not taken (`documents.published_rejected`). Extraction failures: the document, the extraction key it failed with and the reason, so that a document
that cannot be extracted is reported by `redline status` and not tried again with the same code.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("published_rejected", sa.Text))
    op.create_table(
        "extraction_errors",
        sa.Column("doc_id", sa.String(16), sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("extracted_with", sa.String(40), nullable=False),
        sa.Column("error", sa.Text, nullable=False),
        sa.Column("failed_at", sa.String(32), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("extraction_errors")
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("published_rejected")
