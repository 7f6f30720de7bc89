"""fleet limits: indexes for pruning old heartbeats, usage batch ids and per-page usage detail by date

Revision ID: 0006_fleet_limits
Revises: 0004
Create Date: 2026-12-01

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0006_fleet_limits'
down_revision = '0004'
branch_labels = None
depends_on = None

INDEXES = (
    ('ix_terminal_heartbeat_received', 'terminal_heartbeat', ['received_at']),
    ('ix_usage_batch_received', 'usage_batch', ['received_at']),
    ('ix_usage_count_day', 'usage_count', ['day']),
)


def upgrade():
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade():
    for name, table, _columns in INDEXES:
        op.drop_index(name, table_name=table)
