"""casework the Code can stand behind: referrals and alerts, stage arrival date, consent method,
group residents, handoff pick-up, outbox rows for alerts (no case)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 05:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('referrals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('handoff_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.String(length=30), nullable=False),
    sa.Column('to_key', sa.String(length=100), nullable=False),
    sa.Column('to_name', sa.String(length=200), nullable=False),
    sa.Column('to_address', sa.String(length=320), nullable=True),
    sa.Column('copy_to', sa.Text(), nullable=True),
    sa.Column('outbox_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ),
    sa.ForeignKeyConstraint(['handoff_id'], ['handoffs.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.create_index('ix_referrals_case_id', ['case_id'], unique=False)
        batch_op.create_index('ix_referrals_handoff_id', ['handoff_id'], unique=False)
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('consent_method', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('declined_contact', sa.Boolean(), nullable=True))
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('group_residents', sa.JSON(), nullable=True))
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stage_arrived_on', sa.Date(), nullable=True))
    with op.batch_alter_table('handoffs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('picked_up_by', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('picked_up_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.alter_column('case_id', existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM outbox WHERE case_id IS NULL")
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.alter_column('case_id', existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table('handoffs', schema=None) as batch_op:
        batch_op.drop_column('picked_up_at')
        batch_op.drop_column('picked_up_by')
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.drop_column('stage_arrived_on')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('group_residents')
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_column('declined_contact')
        batch_op.drop_column('consent_method')
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.drop_index('ix_referrals_handoff_id')
        batch_op.drop_index('ix_referrals_case_id')
    op.drop_table('referrals')
