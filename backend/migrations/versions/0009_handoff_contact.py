"""handoffs carry a contact: how staff can reach a resident whose message the chat handed to them

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 18:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('handoffs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contact_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_handoffs_contact_id'), ['contact_id'], unique=False)
        batch_op.create_foreign_key('fk_handoffs_contact_id_contacts', 'contacts', ['contact_id'], ['id'])


def downgrade() -> None:
    # A contact given only for a handoff would be left with nothing pointing at it, out of reach
    # of subject access and erasure (casework.privacy finds contacts through their records):
    # such rows are deleted with the column.
    bind = op.get_bind()
    ids = [r[0] for r in bind.execute(sa.text(
        "SELECT contact_id FROM handoffs WHERE contact_id IS NOT NULL"))]
    bind.execute(sa.text("UPDATE handoffs SET contact_id = NULL WHERE contact_id IS NOT NULL"))
    for cid in ids:
        bind.execute(sa.text(
            "DELETE FROM contacts WHERE id = :id AND id NOT IN (SELECT contact_id FROM cases "
            "WHERE contact_id IS NOT NULL) AND id NOT IN (SELECT representative_id FROM cases "
            "WHERE representative_id IS NOT NULL)"), {"id": cid})
    with op.batch_alter_table('handoffs', schema=None) as batch_op:
        batch_op.drop_constraint('fk_handoffs_contact_id_contacts', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_handoffs_contact_id'))
        batch_op.drop_column('contact_id')
