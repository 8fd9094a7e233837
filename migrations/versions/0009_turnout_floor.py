"""turnout floor: the minimum turnout a vote needs to count, one more counting setting per campaign

Drafts and open votes get the default, more than half of the electorate (majority). Closed votes
were counted and sealed before the setting existed, with no floor: they keep none, so that their
results read the same as their seals.

Revision ID: 0009
Revises: 0008
"""
from alembic import op
import sqlalchemy as sa


revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("campaign", sa.Column("turnout_floor", sa.String(12), server_default="majority", nullable=False))
    op.execute("UPDATE campaign SET turnout_floor = 'none' WHERE state = 'closed'")


def downgrade() -> None:
    with op.batch_alter_table("campaign") as batch:
        batch.drop_column("turnout_floor")
