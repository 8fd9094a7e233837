"""jobs: long work (closing a large vote, a large export, many slips) run by the worker, with its progress

Revision ID: 0020
Revises: 0019
"""
from alembic import op
import sqlalchemy as sa


revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

ACTIVE = "state IN ('queued', 'running')"


def upgrade() -> None:
    op.create_table(
        "job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("requested_by", sa.Integer(), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("dedupe", sa.String(120), nullable=True),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("done", sa.BigInteger(), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=True),
        sa.Column("error", sa.String(60), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("result_path", sa.String(200), nullable=True),
        sa.Column("result_name", sa.String(200), nullable=True),
        sa.Column("result_type", sa.String(100), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"]),
        sa.ForeignKeyConstraint(["requested_by"], ["user_account.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_job_campaign_id", "job", ["campaign_id"])
    op.create_index("ix_job_state", "job", ["state", "id"])
    op.create_index("uq_job_active", "job", ["dedupe"], unique=True, sqlite_where=sa.text(ACTIVE),
                    postgresql_where=sa.text(ACTIVE))


def downgrade() -> None:
    op.drop_table("job")
