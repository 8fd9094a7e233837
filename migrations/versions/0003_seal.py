"""seal: the digest, settings and summary of each closed vote

Revision ID: 0003
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('seal',
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('settings', sa.JSON(), nullable=False),
    sa.Column('summary', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], ),
    sa.PrimaryKeyConstraint('campaign_id'),
    sa.UniqueConstraint('sha256')
    )


def downgrade() -> None:
    op.drop_table('seal')
