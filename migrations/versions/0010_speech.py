"""speech: the pronunciation list per language (word → spoken form) applied when pages are synthesized

Revision ID: 0010_speech
Revises: 0009_reports
Create Date: 2026-12-06

"""
from alembic import op
import sqlalchemy as sa

import core.models.base


# revision identifiers, used by Alembic.
revision = '0010_speech'
down_revision = '0009_reports'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'pronunciation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('lang', sa.String(length=2), nullable=False),
        sa.Column('word', sa.String(length=80), nullable=False),
        sa.Column('spoken', sa.String(length=200), nullable=False),
        sa.Column('updated_at', core.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('updated_by', sa.String(length=80), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_pronunciation')),
        sa.UniqueConstraint('lang', 'word', name=op.f('uq_pronunciation_lang')),
    )


def downgrade():
    op.drop_table('pronunciation')
