"""review dates: when content staff last checked an item against the Service's documents, and who

Revision ID: 0007_review
Revises: 0006_fleet_limits
Create Date: 2026-12-01

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007_review'
down_revision = '0006_fleet_limits'
branch_labels = None
depends_on = None

TABLES = ('topic', 'article', 'hotline', 'office', 'department')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('checked_on', sa.Date(), nullable=True))
            batch_op.add_column(sa.Column('checked_by', sa.String(length=80), nullable=True))


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('checked_by')
            batch_op.drop_column('checked_on')
