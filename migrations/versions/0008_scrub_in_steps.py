"""Close in steps: a vote remembers how far the rewrite of its ballots has come.

`scrub_after` is NULL when nothing is pending; once the vote is closed it holds the last ballot key
rewritten ("" before the first chunk), so an interrupted rewrite resumes where it stopped. The
indexes of ballots on their vote become (vote, key), so each chunk reads its key range directly
(SQLite's `WITHOUT ROWID` indexes already held the key; PostgreSQL's did not).

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

OWNERS = ("campaign", "agenda_item")
BALLOT_INDEXES = (("ballot", "campaign_id"), ("motion_ballot", "motion_id"), ("election_ballot", "election_id"))


def upgrade() -> None:
    for table in OWNERS:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("scrub_after", sa.String(32), nullable=True))
    for table, owner in BALLOT_INDEXES:
        op.drop_index(f"ix_{table}_{owner}", table_name=table)
        op.create_index(f"ix_{table}_{owner}", table, [owner, "id"])


def downgrade() -> None:
    for table, owner in BALLOT_INDEXES:
        op.drop_index(f"ix_{table}_{owner}", table_name=table)
        op.create_index(f"ix_{table}_{owner}", table, [owner])
    for table in OWNERS:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("scrub_after")
