"""hidden items: topics, articles and departments staff take off the kiosks without deleting them

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

TABLES = ('topic', 'article', 'department')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('hidden', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('hidden')
