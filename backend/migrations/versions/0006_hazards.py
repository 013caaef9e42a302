"""Awaab's Law: hazard records beside handoffs and cases

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 05:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('hazards',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=20), nullable=False),
    sa.Column('idempotency_key', sa.String(length=200), nullable=False),
    sa.Column('handoff_id', sa.Integer(), nullable=True),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('conversation_id', sa.String(length=200), nullable=True),
    sa.Column('profile_id', sa.String(length=60), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('hazard_type', sa.String(length=40), nullable=False),
    sa.Column('severity', sa.String(length=20), nullable=False),
    sa.Column('proposed_severity', sa.String(length=20), nullable=False),
    sa.Column('proposal_reason', sa.Text(), nullable=True),
    sa.Column('severity_confirmed_by', sa.String(length=100), nullable=True),
    sa.Column('severity_reason', sa.Text(), nullable=True),
    sa.Column('in_force', sa.Boolean(), nullable=False),
    sa.Column('household_known', sa.Boolean(), nullable=False),
    sa.Column('vulnerabilities', sa.JSON(), nullable=False),
    sa.Column('aware_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('deadlines', sa.JSON(), nullable=False),
    sa.Column('next_due_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('investigation_concluded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('findings', sa.Text(), nullable=True),
    sa.Column('safety_work', sa.Text(), nullable=True),
    sa.Column('safety_work_by', sa.Date(), nullable=True),
    sa.Column('further_work', sa.Text(), nullable=True),
    sa.Column('further_work_from', sa.Date(), nullable=True),
    sa.Column('summary_sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('safety_work_done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('preventative_begun_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('preventative_started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('accommodation_offered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('accommodation_note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ),
    sa.ForeignKeyConstraint(['handoff_id'], ['handoffs.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('reference'),
    sa.UniqueConstraint('idempotency_key')
    )
    op.create_index('ix_hazards_handoff_id', 'hazards', ['handoff_id'])
    op.create_index('ix_hazards_case_id', 'hazards', ['case_id'])
    op.create_index('ix_hazards_conversation_id', 'hazards', ['conversation_id'])
    op.create_index('ix_hazards_aware_at', 'hazards', ['aware_at'])
    op.create_index('ix_hazards_next_due_at', 'hazards', ['next_due_at'])


def downgrade() -> None:
    op.drop_table('hazards')
