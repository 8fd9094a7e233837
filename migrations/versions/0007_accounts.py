"""accounts: failed sign-ins and back-off in the user row, and a session version that ends old sessions

Revision ID: 0007
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa


revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("user_account", sa.Column("failed_sign_ins", sa.Integer(), server_default="0", nullable=False))
    op.add_column("user_account", sa.Column("blocked_until", sa.DateTime(), nullable=True))
    op.add_column("user_account", sa.Column("session_version", sa.Integer(), server_default="0", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("user_account") as batch:
        batch.drop_column("session_version")
        batch.drop_column("blocked_until")
        batch.drop_column("failed_sign_ins")
