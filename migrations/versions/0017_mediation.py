"""labour-dispute mediation: mediation bodies with their mediators, cases with their sessions and log,
linked to the workers' concern or the warning case they were referred from

Revision ID: 0017
Revises: 0016
"""
from alembic import op
import sqlalchemy as sa


revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mediation_body",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("level", sa.String(10), nullable=False),
        sa.Column("jurisdiction_id", sa.Integer(), nullable=True),
        sa.Column("enterprise_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("(jurisdiction_id IS NULL) <> (enterprise_id IS NULL)", name="ck_mediation_body_one_owner"),
        sa.ForeignKeyConstraint(["jurisdiction_id"], ["jurisdiction.id"]),
        sa.ForeignKeyConstraint(["enterprise_id"], ["enterprise.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_mediation_body_jurisdiction_id", "mediation_body", ["jurisdiction_id"])
    op.create_index("ix_mediation_body_enterprise_id", "mediation_body", ["enterprise_id"])
    op.create_table(
        "mediator",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(50), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["body_id"], ["mediation_body.id"]),
        sa.ForeignKeyConstraint(["account_id"], ["user_account.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_mediator_body_id", "mediator", ["body_id"])
    op.create_table(
        "mediation_case",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("worker_party", sa.Text(), nullable=False),
        sa.Column("employer_party", sa.Text(), nullable=False),
        sa.Column("claim", sa.Text(), nullable=False),
        sa.Column("state", sa.String(24), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("terms", sa.Text(), nullable=True),
        sa.Column("outcome_note", sa.Text(), nullable=True),
        sa.Column("mediator_id", sa.Integer(), nullable=True),
        sa.Column("concern_id", sa.String(32), nullable=True),
        sa.Column("warning_case_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["body_id"], ["mediation_body.id"]),
        sa.ForeignKeyConstraint(["mediator_id"], ["mediator.id"]),
        sa.ForeignKeyConstraint(["concern_id"], ["concern.id"]),
        sa.ForeignKeyConstraint(["warning_case_id"], ["warning_case.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("concern_id"),
        sa.UniqueConstraint("warning_case_id"),
    )
    op.create_index("ix_mediation_case_body_id", "mediation_case", ["body_id"])
    op.create_table(
        "mediation_session",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("place", sa.String(200), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["mediation_case.id"]),
        sa.PrimaryKeyConstraint("case_id", "position"),
    )
    op.create_table(
        "mediation_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("from_state", sa.String(24), nullable=True),
        sa.Column("to_state", sa.String(24), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["mediation_case.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_mediation_event_case_id", "mediation_event", ["case_id"])


def downgrade() -> None:
    for table in ("mediation_event", "mediation_session", "mediation_case", "mediator", "mediation_body"):
        op.drop_table(table)
