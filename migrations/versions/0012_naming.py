"""naming: the assessor's spot-check surveys, objections during the public notice, certificates

A spot-check survey (抽查测评) is a satisfaction vote marked with the jurisdiction that runs it
(`campaign.run_by_jurisdiction_id`). Objections keep no time finer than the day and no sequential id
(random keys; on SQLite WITHOUT ROWID), and their tracking codes only as hashes.

Revision ID: 0012
Revises: 0011
"""
from alembic import op
import sqlalchemy as sa


revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain SQL that both SQLite and PostgreSQL take: alembic's add_column cannot add the reference on SQLite.
    op.execute("ALTER TABLE campaign ADD COLUMN run_by_jurisdiction_id INTEGER REFERENCES jurisdiction (id)")
    op.create_table(
        "objection",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("declaration_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("name", sa.String(100), nullable=True),
        sa.Column("contact", sa.String(100), nullable=True),
        sa.Column("lodged_on", sa.Date(), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("finding", sa.Text(), nullable=True),
        sa.Column("answered_by", sa.Integer(), nullable=True),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["declaration_id"], ["declaration.id"]),
        sa.ForeignKeyConstraint(["answered_by"], ["user_account.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code_hash"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_objection_declaration_id", "objection", ["declaration_id"])
    op.create_table(
        "certificate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(40), nullable=False),
        sa.Column("declaration_id", sa.Integer(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["declaration_id"], ["declaration.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number"),
        sa.UniqueConstraint("declaration_id"),
    )


def downgrade() -> None:
    op.drop_table("certificate")
    op.drop_index("ix_objection_declaration_id", "objection")
    op.drop_table("objection")
    with op.batch_alter_table("campaign") as batch:
        batch.drop_column("run_by_jurisdiction_id")
