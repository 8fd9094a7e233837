"""Codes counted at close: a closed vote keeps how many codes were issued and used, not the codes.

Closing a vote deletes its consumed code hashes (so no code row can be joined to a ballot), so
the counts the turnout and the seal show are kept on the vote itself. NULL while a vote is open.

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TABLES = ("campaign", "agenda_item")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("codes_issued", sa.Integer(), nullable=True))
            batch.add_column(sa.Column("codes_used", sa.Integer(), nullable=True))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("codes_used")
            batch.drop_column("codes_issued")
