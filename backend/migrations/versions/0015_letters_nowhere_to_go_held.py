"""letters with nowhere to go are held for an address (no new column): a resident's letter that was
left `manual` with no e-mail or postal address on record (channel none: "nobody to send to"; or
channel post with no postal address to open with: "send by hand") becomes `held` on channel none
with the staff sentence, as outbox.queue now holds such a letter, so staff can add the address and
it goes on. A letter to post with no address for a resident who has an e-mail is left as it was
(staff send it by hand): moving it to e-mail would send it from a migration. (Migration 0017 routes
it by e-mail, held for staff to release or mark sent.)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-08 09:00:00
"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa

from casework.letter_formats import no_address_text
from casework.letters import address_block


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

# staff notifications (casework.outbox.NOTIFICATION_KINDS) are not letters to the resident
NOT_LETTERS = ('referral', 'alert')


def upgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT o.id, o.channel, o.body_text, c.phone, c.email FROM outbox o JOIN cases k ON k.id = o.case_id "
        "LEFT JOIN contacts c ON c.id = k.contact_id WHERE o.status = 'manual' "
        "AND o.channel IN ('none', 'post') AND o.kind NOT IN :kinds")
        .bindparams(sa.bindparam('kinds', expanding=True)), {'kinds': list(NOT_LETTERS)}).all()
    now = datetime.now(timezone.utc)
    for row_id, channel, body, phone, email in rows:
        if (email or '').strip() or (channel == 'post' and address_block(body)):
            continue  # an e-mail on record, or a letter opening with the postal address: as before
        # the resident's: a representative's letters never went to post without an address or to none
        bind.execute(sa.text(
            "UPDATE outbox SET status = 'held', channel = 'none', recipient = NULL, last_error = :why, "
            "updated_at = :now WHERE id = :id AND status = 'manual'"),
            {'why': no_address_text('resident', phone), 'now': now, 'id': row_id})


def downgrade() -> None:
    # Nothing to undo by column: a letter held for an address is shown and marked sent by hand by
    # the older code as well (held, channel none).
    pass
