"""a jurisdiction's own settings (days to answer a concern, colour rules, reporting windows) are recorded
when changed, in the same log as a cycle's: a change belongs to a cycle or to a jurisdiction

Revision ID: 0019
Revises: 0018
"""
from alembic import op
import sqlalchemy as sa


revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("setting_change") as batch_op:
        batch_op.alter_column("cycle_id", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column("jurisdiction_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_setting_change_jurisdiction_id", "jurisdiction", ["jurisdiction_id"], ["id"])
        batch_op.create_index("ix_setting_change_jurisdiction_id", ["jurisdiction_id"])
        batch_op.create_check_constraint("ck_setting_change_one_owner", "(cycle_id IS NULL) <> (jurisdiction_id IS NULL)")


def downgrade() -> None:
    op.execute("DELETE FROM setting_change WHERE cycle_id IS NULL")
    with op.batch_alter_table("setting_change") as batch_op:
        batch_op.drop_constraint("ck_setting_change_one_owner", type_="check")
        batch_op.drop_index("ix_setting_change_jurisdiction_id")
        batch_op.drop_constraint("fk_setting_change_jurisdiction_id", type_="foreignkey")
        batch_op.drop_column("jurisdiction_id")
        batch_op.alter_column("cycle_id", existing_type=sa.Integer(), nullable=False)
