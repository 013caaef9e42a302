"""data-rights requests made in the chat (casework.privacy.requests): one per handoff, its kinds,
the day received and the one-month due date (UK GDPR article 12(3)), closed when answered

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-11 09:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'data_requests',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('handoff_id', sa.Integer(), nullable=False),
        sa.Column('kinds', sa.JSON(), nullable=False),
        sa.Column('received_on', sa.Date(), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('closed_by', sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(['handoff_id'], ['handoffs.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('data_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_data_requests_handoff_id'), ['handoff_id'], unique=True)
        batch_op.create_index(batch_op.f('ix_data_requests_due_on'), ['due_on'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('data_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_data_requests_due_on'))
        batch_op.drop_index(batch_op.f('ix_data_requests_handoff_id'))
    op.drop_table('data_requests')
