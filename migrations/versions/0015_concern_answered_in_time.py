"""concerns answered in time: whether a concern's first answer came by its due day, for the statistics

Concerns answered before are counted from their threads: in time when the first answer's day is not
after the due day (which no follow-up moves before a first answer).

Revision ID: 0015
Revises: 0014
"""
from alembic import op
import sqlalchemy as sa


revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("concern", sa.Column("answered_in_time", sa.Boolean(), nullable=True))
    op.execute("UPDATE concern SET answered_in_time = (SELECT MIN(e.written_on) <= concern.due_on FROM concern_entry e"
               " WHERE e.concern_id = concern.id AND e.kind = 'answer')"
               " WHERE EXISTS (SELECT 1 FROM concern_entry e WHERE e.concern_id = concern.id AND e.kind = 'answer')")


def downgrade() -> None:
    with op.batch_alter_table("concern") as batch:
        batch.drop_column("answered_in_time")
