"""a handoff and a later message about a handoff note why the time sent with them was not used (an
impossible time: unreadable, before 2000 or after 2100, or a later message dated before its
record); the time they reached the case service is stored instead

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 10:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('handoffs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('received_at_dropped', sa.String(length=20), nullable=True))
    with op.batch_alter_table('handoff_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('at_dropped', sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('handoff_messages', schema=None) as batch_op:
        batch_op.drop_column('at_dropped')
    with op.batch_alter_table('handoffs', schema=None) as batch_op:
        batch_op.drop_column('received_at_dropped')
