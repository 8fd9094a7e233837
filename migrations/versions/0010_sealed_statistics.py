"""sealed statistics: the statistics of a vote are computed at close and kept in its seal (harmony-seal/3)

Seals made before keep none (their canonical files cannot change); their statistics are computed
from their ballots as before.

Revision ID: 0010
Revises: 0009
"""
from alembic import op
import sqlalchemy as sa


revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("seal", sa.Column("statistics", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("seal") as batch:
        batch.drop_column("statistics")
