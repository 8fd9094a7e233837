"""the labour-relations early-warning watch: warning points, colour rules, reporting windows, reports and cases

Revision ID: 0014
Revises: 0013
"""
from alembic import op
import sqlalchemy as sa


revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "warning_point",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("liaison_id", sa.Integer(), nullable=False),
        sa.Column("designated_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["enterprise_id"], ["enterprise.id"]),
        sa.ForeignKeyConstraint(["liaison_id"], ["user_account.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("enterprise_id"),
    )
    op.create_table(
        "colour_rule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("jurisdiction_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("indicator", sa.String(40), nullable=False),
        sa.Column("comparison", sa.String(2), nullable=False),
        sa.Column("value", sa.Numeric(10, 2), nullable=False),
        sa.Column("level", sa.String(8), nullable=False),
        sa.ForeignKeyConstraint(["jurisdiction_id"], ["jurisdiction.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_colour_rule_jurisdiction_id", "colour_rule", ["jurisdiction_id"])
    op.create_table(
        "reporting_window",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("jurisdiction_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["jurisdiction_id"], ["jurisdiction.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_reporting_window_jurisdiction_id", "reporting_window", ["jurisdiction_id"])
    op.create_table(
        "warning_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(8), nullable=True),
        sa.Column("event", sa.Boolean(), nullable=False),
        sa.Column("indicators", sa.JSON(), nullable=False),
        sa.Column("signals", sa.JSON(), nullable=False),
        sa.Column("narrative", sa.Text(), nullable=False),
        sa.Column("level", sa.String(8), nullable=False),
        sa.Column("reported_by", sa.Integer(), nullable=False),
        sa.Column("reported_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["enterprise_id"], ["enterprise.id"]),
        sa.ForeignKeyConstraint(["reported_by"], ["user_account.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_warning_report_enterprise_id", "warning_report", ["enterprise_id"])
    op.create_table(
        "warning_case",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(8), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("actions", sa.Text(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["report_id"], ["warning_report.id"]),
        sa.ForeignKeyConstraint(["owner_id"], ["user_account.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("report_id"),
    )


def downgrade() -> None:
    op.drop_table("warning_case")
    op.drop_index("ix_warning_report_enterprise_id", table_name="warning_report")
    op.drop_table("warning_report")
    op.drop_index("ix_reporting_window_jurisdiction_id", table_name="reporting_window")
    op.drop_table("reporting_window")
    op.drop_index("ix_colour_rule_jurisdiction_id", table_name="colour_rule")
    op.drop_table("colour_rule")
    op.drop_table("warning_point")
