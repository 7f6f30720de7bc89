"""reports: traveller reports (bribe requests, service complaints), notes, per-prefix sequences

Revision ID: 0009_reports
Revises: 0008_stale
Create Date: 2026-12-06

"""
import sqlalchemy as sa
from alembic import op

import core.models.base

# revision identifiers, used by Alembic.
revision = '0009_reports'
down_revision = '0008_stale'
branch_labels = None
depends_on = None

UTC = core.models.base.UTCDateTime(timezone=True)


def upgrade():
    op.create_table('report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('number', sa.String(length=24), nullable=False),
    sa.Column('filed_at', UTC, nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('lang', sa.String(length=2), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('place', sa.String(length=20), nullable=False),
    sa.Column('place_detail', sa.String(length=200), nullable=False),
    sa.Column('happened', sa.String(length=10), nullable=False),
    sa.Column('text_enc', sa.Text(), nullable=False),
    sa.Column('name_enc', sa.Text(), nullable=True),
    sa.Column('contact_enc', sa.Text(), nullable=True),
    sa.Column('anonymous', sa.Boolean(), nullable=False),
    sa.Column('source', sa.String(length=60), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('passed_to', sa.String(length=200), nullable=False),
    sa.Column('received_at', UTC, nullable=True),
    sa.Column('updated_at', UTC, nullable=True),
    sa.Column('closed_at', UTC, nullable=True),
    sa.Column('erased_at', UTC, nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report')),
    sa.UniqueConstraint('uid', name=op.f('uq_report_uid')),
    sa.UniqueConstraint('number', name=op.f('uq_report_number'))
    )
    op.create_index('ix_report_status_due', 'report', ['status', 'due_on'], unique=False)
    op.create_table('report_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('at', UTC, nullable=False),
    sa.Column('author', sa.String(length=80), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['report.id'], name=op.f('fk_report_note_report_id_report'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_note'))
    )
    op.create_index(op.f('ix_report_note_report_id'), 'report_note', ['report_id'], unique=False)
    op.create_table('report_sequence',
    sa.Column('prefix', sa.String(length=12), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('prefix', name=op.f('pk_report_sequence'))
    )


def downgrade():
    op.drop_table('report_sequence')
    op.drop_index(op.f('ix_report_note_report_id'), table_name='report_note')
    op.drop_table('report_note')
    op.drop_index('ix_report_status_due', table_name='report')
    op.drop_table('report')
