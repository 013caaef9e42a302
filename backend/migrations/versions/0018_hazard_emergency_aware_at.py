"""a hazard raised to an emergency by a later message (a follow-up naming someone at greater risk:
casework.hazards.reassess) records when the landlord became aware of what made it one; its 24-hour
clock runs from then, never past a deadline already running (clocks.deadlines)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-10 09:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('hazards', schema=None) as batch_op:
        batch_op.add_column(sa.Column('emergency_aware_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('hazards', schema=None) as batch_op:
        batch_op.drop_column('emergency_aware_at')
