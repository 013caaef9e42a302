"""a resident who disclosed abuse at home said how it is safe to contact them: the instruction
("safe contact: e-mail only; no letters by post") and the routes ruled out go on their contact row,
for every kind of record (a complaint, a service request, a handoff); letters never use a route ruled
out (letters.letter_channel)

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-08 00:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('safe_contact', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('ruled_out', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_column('ruled_out')
        batch_op.drop_column('safe_contact')
