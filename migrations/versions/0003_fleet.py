"""fleet: terminals, heartbeats, events, commands, usage counts and terminal-side buffers

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27

"""
from alembic import op
import sqlalchemy as sa

import core.models.base


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

UTC = core.models.base.UTCDateTime(timezone=True)


def upgrade():
    op.create_table('terminal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('location', sa.String(length=200), nullable=False),
    sa.Column('idle_timeout', sa.Integer(), nullable=True),
    sa.Column('topic_order', sa.JSON(), nullable=False),
    sa.Column('public_url', sa.String(length=300), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=True),
    sa.Column('token_hint', sa.String(length=12), nullable=False),
    sa.Column('token_issued_at', UTC, nullable=True),
    sa.Column('revoked_at', UTC, nullable=True),
    sa.Column('created_at', UTC, nullable=False),
    sa.Column('last_seen_at', UTC, nullable=True),
    sa.Column('release_number', sa.Integer(), nullable=True),
    sa.Column('release_hash', sa.String(length=64), nullable=True),
    sa.Column('app_version', sa.String(length=40), nullable=False),
    sa.Column('last_report', sa.JSON(), nullable=False),
    sa.Column('back_online_at', UTC, nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_terminal')),
    sa.UniqueConstraint('slug', name=op.f('uq_terminal_slug')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_terminal_token_hash'))
    )
    op.create_table('terminal_heartbeat',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('terminal_id', sa.Integer(), nullable=False),
    sa.Column('received_at', UTC, nullable=False),
    sa.Column('release_number', sa.Integer(), nullable=True),
    sa.Column('app_version', sa.String(length=40), nullable=False),
    sa.Column('uptime_seconds', sa.BigInteger(), nullable=True),
    sa.Column('disk_free_bytes', sa.BigInteger(), nullable=True),
    sa.Column('last_interaction_at', UTC, nullable=True),
    sa.Column('idle_resets_total', sa.BigInteger(), nullable=True),
    sa.Column('sync_last_success', UTC, nullable=True),
    sa.Column('sync_error', sa.Text(), nullable=False),
    sa.Column('errors', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['terminal_id'], ['terminal.id'], name=op.f('fk_terminal_heartbeat_terminal_id_terminal'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_terminal_heartbeat'))
    )
    op.create_index('ix_terminal_heartbeat_terminal_received', 'terminal_heartbeat', ['terminal_id', 'received_at'], unique=False)
    op.create_table('terminal_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('terminal_id', sa.Integer(), nullable=False),
    sa.Column('at', UTC, nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['terminal_id'], ['terminal.id'], name=op.f('fk_terminal_event_terminal_id_terminal'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_terminal_event'))
    )
    op.create_index('ix_terminal_event_at', 'terminal_event', ['at'], unique=False)
    op.create_index(op.f('ix_terminal_event_terminal_id'), 'terminal_event', ['terminal_id'], unique=False)
    op.create_table('terminal_command',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('terminal_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('created_at', UTC, nullable=False),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.Column('delivered_at', UTC, nullable=True),
    sa.Column('acked_at', UTC, nullable=True),
    sa.ForeignKeyConstraint(['terminal_id'], ['terminal.id'], name=op.f('fk_terminal_command_terminal_id_terminal'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_terminal_command'))
    )
    op.create_index(op.f('ix_terminal_command_terminal_id'), 'terminal_command', ['terminal_id'], unique=False)
    op.create_table('usage_count',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('terminal_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('lang', sa.String(length=2), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['terminal_id'], ['terminal.id'], name=op.f('fk_usage_count_terminal_id_terminal'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_usage_count')),
    sa.UniqueConstraint('terminal_id', 'day', 'lang', 'kind', 'key', name='uq_usage_count_cell')
    )
    op.create_table('usage_batch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('terminal_id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.String(length=36), nullable=False),
    sa.Column('received_at', UTC, nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['terminal_id'], ['terminal.id'], name=op.f('fk_usage_batch_terminal_id_terminal'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_usage_batch')),
    sa.UniqueConstraint('terminal_id', 'batch_id', name='uq_usage_batch_terminal_batch')
    )
    op.create_table('usage_tally',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('lang', sa.String(length=2), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_usage_tally')),
    sa.UniqueConstraint('day', 'lang', 'kind', 'key', name='uq_usage_tally_cell')
    )
    op.create_table('usage_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', UTC, nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_usage_outbox')),
    sa.UniqueConstraint('batch_id', name=op.f('uq_usage_outbox_batch_id'))
    )
    op.create_table('browser_error',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', UTC, nullable=False),
    sa.Column('message', sa.String(length=300), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('line', sa.Integer(), nullable=False),
    sa.Column('page', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_browser_error'))
    )
    op.create_table('kiosk_activity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('last_interaction_at', UTC, nullable=True),
    sa.Column('idle_resets_total', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kiosk_activity'))
    )


def downgrade():
    op.drop_table('kiosk_activity')
    op.drop_table('browser_error')
    op.drop_table('usage_outbox')
    op.drop_table('usage_tally')
    op.drop_table('usage_batch')
    op.drop_table('usage_count')
    op.drop_index(op.f('ix_terminal_command_terminal_id'), table_name='terminal_command')
    op.drop_table('terminal_command')
    op.drop_index(op.f('ix_terminal_event_terminal_id'), table_name='terminal_event')
    op.drop_index('ix_terminal_event_at', table_name='terminal_event')
    op.drop_table('terminal_event')
    op.drop_index('ix_terminal_heartbeat_terminal_received', table_name='terminal_heartbeat')
    op.drop_table('terminal_heartbeat')
    op.drop_table('terminal')
