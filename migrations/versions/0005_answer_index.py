"""Drop the (item, option) index on answers: it cost every cast ten more pages to write.

A ballot's answers lie together under its key; the index scattered one entry per item across the
file, which made the cast (the hot path) write about three times the pages of a one-row insert.
The tally now reaches a campaign's answers through its ballots.

Revision ID: 0005
Revises: 0004
"""
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_answer_item_option", table_name="answer")


def downgrade() -> None:
    op.create_index("ix_answer_item_option", "answer", ["item_id", "option_id"])
