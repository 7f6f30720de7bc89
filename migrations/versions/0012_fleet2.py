"""fleet v2: urgent notices for terminals and which terminal holds which version

Revision ID: 0012_fleet2
Revises: 0010_speech
Create Date: 2026-12-06

"""
import sqlalchemy as sa
from alembic import op

import core.models.base

# revision identifiers, used by Alembic.
revision = '0012_fleet2'
down_revision = '0010_speech'
branch_labels = None
depends_on = None

UTC = core.models.base.UTCDateTime(timezone=True)


def upgrade():
    op.create_table('urgent_notice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('texts', sa.JSON(), nullable=False),
    sa.Column('severity', sa.String(length=10), nullable=False),
    sa.Column('starts_at', UTC, nullable=False),
    sa.Column('ends_at', UTC, nullable=False),
    sa.Column('target', sa.String(length=10), nullable=False),
    sa.Column('target_kinds', sa.JSON(), nullable=False),
    sa.Column('target_terminals', sa.JSON(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', UTC, nullable=False),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.Column('updated_at', UTC, nullable=True),
    sa.Column('updated_by', sa.String(length=80), nullable=False),
    sa.Column('withdrawn_at', UTC, nullable=True),
    sa.Column('withdrawn_by', sa.String(length=80), nullable=False),
    sa.Column('override_reason', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_urgent_notice'))
    )
    with op.batch_alter_table('urgent_notice', schema=None) as batch_op:
        batch_op.create_index('ix_urgent_notice_ends_at', ['ends_at'], unique=False)

    op.create_table('notice_ack',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('notice_id', sa.Integer(), nullable=False),
    sa.Column('terminal_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('acked_at', UTC, nullable=False),
    sa.ForeignKeyConstraint(['notice_id'], ['urgent_notice.id'], name=op.f('fk_notice_ack_notice_id_urgent_notice'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['terminal_id'], ['terminal.id'], name=op.f('fk_notice_ack_terminal_id_terminal'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notice_ack')),
    sa.UniqueConstraint('notice_id', 'terminal_id', name='uq_notice_ack_notice_terminal')
    )


def downgrade():
    op.drop_table('notice_ack')
    with op.batch_alter_table('urgent_notice', schema=None) as batch_op:
        batch_op.drop_index('ix_urgent_notice_ends_at')
    op.drop_table('urgent_notice')
