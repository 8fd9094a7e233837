"""workers' concerns: the concern QR's token per enterprise, the days to answer per jurisdiction, and the
concerns with their threads, as anonymous as ballots (random keys, no rowid, days only)

Revision ID: 0013
Revises: 0012
"""
import secrets

from alembic import op
import sqlalchemy as sa


revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("enterprise", sa.Column("concern_token", sa.String(32), nullable=True))
    enterprise = sa.table("enterprise", sa.column("id", sa.Integer), sa.column("concern_token", sa.String))
    connection = op.get_bind()
    for (enterprise_id,) in connection.execute(sa.select(enterprise.c.id)).all():
        connection.execute(enterprise.update().where(enterprise.c.id == enterprise_id)
                           .values(concern_token=secrets.token_hex(16)))
    op.create_index("ix_enterprise_concern_token", "enterprise", ["concern_token"], unique=True)
    op.add_column("jurisdiction", sa.Column("concern_days", sa.Integer(), server_default="7", nullable=False))
    op.create_table(
        "concern",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("category", sa.String(12), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("name", sa.String(50), nullable=True),
        sa.Column("phone", sa.String(20), nullable=True),
        sa.Column("raised_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("closure", sa.String(10), nullable=True),
        sa.Column("abuse_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["enterprise_id"], ["enterprise.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code_hash"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_concern_enterprise_state", "concern", ["enterprise_id", "state"])
    op.create_table(
        "concern_entry",
        sa.Column("concern_id", sa.String(32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("written_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["concern_id"], ["concern.id"]),
        sa.ForeignKeyConstraint(["author_id"], ["user_account.id"]),
        sa.PrimaryKeyConstraint("concern_id", "position"),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    op.drop_table("concern_entry")
    op.drop_index("ix_concern_enterprise_state", table_name="concern")
    op.drop_table("concern")
    with op.batch_alter_table("jurisdiction") as batch:
        batch.drop_column("concern_days")
    op.drop_index("ix_enterprise_concern_token", table_name="enterprise")
    with op.batch_alter_table("enterprise") as batch:
        batch.drop_column("concern_token")
