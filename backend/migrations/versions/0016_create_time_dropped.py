"""a case (complaint, service request, compliment, excluded matter) and a hazard note why the
received_at sent with the create was not used (an impossible time: unreadable, before 2000 or after
2100); the time the create reached the case service is stored instead, as for handoffs (0014)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-08 12:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('received_at_dropped', sa.String(length=20), nullable=True))
    with op.batch_alter_table('hazards', schema=None) as batch_op:
        batch_op.add_column(sa.Column('received_at_dropped', sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('hazards', schema=None) as batch_op:
        batch_op.drop_column('received_at_dropped')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('received_at_dropped')
