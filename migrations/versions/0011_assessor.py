"""assessor: the yearly cycle with its settings and criteria, declarations and their transitions, scores,
evidence files, document checks, workers' forums and the leading group's sign-offs

Revision ID: 0011
Revises: 0010
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('cycle',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('jurisdiction_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('self_check_from', sa.Date(), nullable=True),
    sa.Column('self_check_to', sa.Date(), nullable=True),
    sa.Column('declaration_deadline', sa.Date(), nullable=True),
    sa.Column('assessment_from', sa.Date(), nullable=True),
    sa.Column('assessment_to', sa.Date(), nullable=True),
    sa.Column('commendation_date', sa.Date(), nullable=True),
    sa.Column('notice_days', sa.Integer(), nullable=False),
    sa.Column('min_scores', sa.JSON(), nullable=False),
    sa.Column('example_scheme', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['jurisdiction_id'], ['jurisdiction.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('cycle', schema=None) as batch_op:
        batch_op.create_index('uq_cycle_year', ['jurisdiction_id', 'year'], unique=True)

    op.create_table('criterion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('area', sa.String(length=40), nullable=False),
    sa.Column('text_zh', sa.Text(), nullable=False),
    sa.Column('text_en', sa.Text(), nullable=False),
    sa.Column('max_points', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.Column('veto', sa.Boolean(), nullable=False),
    sa.Column('evidence_zh', sa.Text(), nullable=False),
    sa.Column('evidence_en', sa.Text(), nullable=False),
    sa.Column('levels', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['cycle_id'], ['cycle.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('criterion', schema=None) as batch_op:
        batch_op.create_index('uq_criterion_key', ['cycle_id', 'key'], unique=True)

    op.create_table('setting_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('setting', sa.String(length=60), nullable=False),
    sa.Column('old', sa.Text(), nullable=True),
    sa.Column('new', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['cycle_id'], ['cycle.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('setting_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_setting_change_cycle_id'), ['cycle_id'], unique=False)

    op.create_table('sign_off',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('department', sa.String(length=100), nullable=False),
    sa.Column('opinion', sa.Text(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['cycle_id'], ['cycle.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('sign_off', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sign_off_cycle_id'), ['cycle_id'], unique=False)

    op.create_table('declaration',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.String(length=3), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('seal_sha256', sa.String(length=64), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('notice_ends', sa.Date(), nullable=True),
    sa.Column('spot_check_campaign_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], ),
    sa.ForeignKeyConstraint(['cycle_id'], ['cycle.id'], ),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], ),
    sa.ForeignKeyConstraint(['spot_check_campaign_id'], ['campaign.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('spot_check_campaign_id')
    )
    with op.batch_alter_table('declaration', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_declaration_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index('uq_declaration_cycle', ['cycle_id', 'enterprise_id'], unique=True)

    op.create_table('criterion_score',
    sa.Column('declaration_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('self_points', sa.Numeric(precision=6, scale=2), nullable=True),
    sa.Column('points', sa.Numeric(precision=6, scale=2), nullable=True),
    sa.Column('self_met', sa.Boolean(), nullable=True),
    sa.Column('met', sa.Boolean(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['criterion_id'], ['criterion.id'], ),
    sa.ForeignKeyConstraint(['declaration_id'], ['declaration.id'], ),
    sa.PrimaryKeyConstraint('declaration_id', 'criterion_id')
    )
    op.create_table('declaration_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('declaration_id', sa.Integer(), nullable=False),
    sa.Column('from_state', sa.String(length=20), nullable=True),
    sa.Column('to_state', sa.String(length=20), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['declaration_id'], ['declaration.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('declaration_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_declaration_event_declaration_id'), ['declaration_id'], unique=False)

    op.create_table('document_check',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('declaration_id', sa.Integer(), nullable=False),
    sa.Column('documents', sa.Text(), nullable=False),
    sa.Column('finding', sa.Text(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['declaration_id'], ['declaration.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('document_check', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_check_declaration_id'), ['declaration_id'], unique=False)

    op.create_table('evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('declaration_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=40), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['criterion_id'], ['criterion.id'], ),
    sa.ForeignKeyConstraint(['declaration_id'], ['declaration.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_declaration_id'), ['declaration_id'], unique=False)

    op.create_table('forum',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('declaration_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('attendees', sa.JSON(), nullable=False),
    sa.Column('issues', sa.Text(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['declaration_id'], ['declaration.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('forum', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_forum_declaration_id'), ['declaration_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('forum', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_forum_declaration_id'))

    op.drop_table('forum')
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_declaration_id'))

    op.drop_table('evidence')
    with op.batch_alter_table('document_check', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_check_declaration_id'))

    op.drop_table('document_check')
    with op.batch_alter_table('declaration_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_declaration_event_declaration_id'))

    op.drop_table('declaration_event')
    op.drop_table('criterion_score')
    with op.batch_alter_table('declaration', schema=None) as batch_op:
        batch_op.drop_index('uq_declaration_cycle')
        batch_op.drop_index(batch_op.f('ix_declaration_enterprise_id'))

    op.drop_table('declaration')
    with op.batch_alter_table('sign_off', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_off_cycle_id'))

    op.drop_table('sign_off')
    with op.batch_alter_table('setting_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_setting_change_cycle_id'))

    op.drop_table('setting_change')
    with op.batch_alter_table('criterion', schema=None) as batch_op:
        batch_op.drop_index('uq_criterion_key')

    op.drop_table('criterion')
    with op.batch_alter_table('cycle', schema=None) as batch_op:
        batch_op.drop_index('uq_cycle_year')

    op.drop_table('cycle')
