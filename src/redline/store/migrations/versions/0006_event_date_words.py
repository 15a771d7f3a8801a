"""Each event keeps the words its date came from: their span into the original text and the words themselves.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("date_start", sa.Integer))
        batch.add_column(sa.Column("date_end", sa.Integer))
        batch.add_column(sa.Column("date_text", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.drop_column("date_text")
        batch.drop_column("date_end")
        batch.drop_column("date_start")
