"""title states: dynamic management of named enterprises (yellow cards, delisting, revocation), their spot
checks, and the cycle's settings for them and for the jurisdiction's board

Every declaration named before gets its title, standing (named).

Revision ID: 0016
Revises: 0015
"""
from alembic import op
import sqlalchemy as sa


revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

SETTINGS = (("yellow_card_months", "3"), ("near_days", "14"), ("waiting_cycles", "1"), ("coverage_target", "75"))


def upgrade() -> None:
    for name, default in SETTINGS:
        op.add_column("cycle", sa.Column(name, sa.Integer(), nullable=False, server_default=default))
    op.create_table(
        "title",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("declaration_id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("event", sa.String(20), nullable=True),
        sa.Column("event_on", sa.Date(), nullable=True),
        sa.Column("event_source", sa.String(200), nullable=True),
        sa.ForeignKeyConstraint(["declaration_id"], ["declaration.id"]),
        sa.ForeignKeyConstraint(["enterprise_id"], ["enterprise.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("declaration_id"),
    )
    op.create_index("ix_title_enterprise_id", "title", ["enterprise_id"])
    op.create_table(
        "title_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title_id", sa.Integer(), nullable=False),
        sa.Column("from_state", sa.String(12), nullable=True),
        sa.Column("to_state", sa.String(12), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["title_id"], ["title.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_title_event_title_id", "title_event", ["title_id"])
    op.create_table(
        "title_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("method", sa.String(12), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column("score", sa.Numeric(6, 2), nullable=True),
        sa.Column("campaign_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["title_id"], ["title.id"]),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_title_check_title_id", "title_check", ["title_id"])
    op.execute("INSERT INTO title (declaration_id, enterprise_id, state, reasons)"
               " SELECT id, enterprise_id, 'named', '[]' FROM declaration WHERE state = 'named'")


def downgrade() -> None:
    op.drop_index("ix_title_check_title_id", "title_check")
    op.drop_table("title_check")
    op.drop_index("ix_title_event_title_id", "title_event")
    op.drop_table("title_event")
    op.drop_index("ix_title_enterprise_id", "title")
    op.drop_table("title")
    with op.batch_alter_table("cycle") as batch:
        for name, _default in SETTINGS:
            batch.drop_column(name)
