"""stale translations: the languages of each item that are behind another language's newer change

Revision ID: 0008_stale
Revises: 0007_review
Create Date: 2026-12-01

"""
import json

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0008_stale'
down_revision = '0007_review'
branch_labels = None
depends_on = None

TABLES = ('topic', 'article', 'hotline', 'office', 'department')
LANGUAGES = ('ky', 'ru', 'en')
SOURCE = 'ru'


def _stale_from_stamps(stamps):
    """The old rule, kept for existing rows: a translation edited before the Russian text is stale."""
    if isinstance(stamps, str):
        stamps = json.loads(stamps or '{}')
    stamps = stamps or {}
    source = stamps.get(SOURCE)
    return [lang for lang in LANGUAGES if lang != SOURCE and source and stamps.get(lang) and source > stamps[lang]]


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column('stale_languages', sa.JSON(), server_default=sa.text("'[]'"), nullable=False)
            )
    conn = op.get_bind()
    for table in TABLES:
        rows = conn.execute(sa.text(f'SELECT id, text_updated FROM {table}')).fetchall()
        for row_id, stamps in rows:
            stale = _stale_from_stamps(stamps)
            if stale:
                update = sa.text(f'UPDATE {table} SET stale_languages = :value WHERE id = :id')
                conn.execute(update.bindparams(sa.bindparam('value', type_=sa.JSON)), {'value': stale, 'id': row_id})


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('stale_languages')
