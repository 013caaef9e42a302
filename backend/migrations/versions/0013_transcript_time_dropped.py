"""transcript messages note why the time the sender gave was not recorded (an impossible time:
unreadable, before 2000 or ahead of the case service's clock); the message is kept without it

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 07:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('transcript_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('at_dropped', sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('transcript_messages', schema=None) as batch_op:
        batch_op.drop_column('at_dropped')
