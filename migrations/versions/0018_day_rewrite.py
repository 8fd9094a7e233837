"""the nightly rewrite of workers' concerns and objections: its progress, and a deferrable reference
from a mediation case to its concern (the concern is deleted and inserted again in one transaction)

Revision ID: 0018
Revises: 0017
"""
from alembic import op
import sqlalchemy as sa


revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "day_rewrite",
        sa.Column("name", sa.String(20), nullable=False),
        sa.Column("since", sa.Date(), nullable=True),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("after", sa.String(32), nullable=True),
        sa.PrimaryKeyConstraint("name"),
    )
    _concern_reference(deferrable=True)


def downgrade() -> None:
    _concern_reference(deferrable=False)
    op.drop_table("day_rewrite")


def _concern_reference(deferrable: bool) -> None:
    """SQLite defers its foreign keys for the whole rewrite transaction (PRAGMA defer_foreign_keys)
    instead, and cannot alter a constraint."""
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_constraint("mediation_case_concern_id_fkey", "mediation_case", type_="foreignkey")
    op.create_foreign_key("mediation_case_concern_id_fkey", "mediation_case", "concern", ["concern_id"], ["id"],
                          deferrable=deferrable)
