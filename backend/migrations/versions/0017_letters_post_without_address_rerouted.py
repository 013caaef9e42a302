"""letters still waiting from before 0015 to go by post with no postal address to open with (`manual`,
channel post; the staff page said "Send by hand") follow letters.letter_channel, the one rule since
0015, through the case's route today (outbox.route): a resident who asked for post and has an
e-mail but no postal address gets the letter by e-mail. It is re-routed (channel and recipient)
and HELD for staff, not sent from here: staff were told to send it by hand and may have done so
without marking it sent (a letter that may have gone out is never sent again automatically), and
staff releasing it records the acknowledgement it carries (corrections.letter_went), which a send
from a migration would not. Releasing it sends it; "Sent by hand: mark as sent" closes it. With a
postal address on record now it opens with it, dated today, to print and post; with nowhere to go
it is held for an address (as 0015). A letter sent, withdrawn or opening with its address, and staff
notifications, are not touched. No new column.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-09 09:00:00
"""
from datetime import datetime, timezone
from types import SimpleNamespace

from alembic import op
import sqlalchemy as sa

from casework import letters, outbox
from casework.letter_formats import no_address_text


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

# staff notifications (casework.outbox.NOTIFICATION_KINDS) are not letters to the resident
NOT_LETTERS = ('referral', 'alert')
# what letters.letter_channel and outbox.route read of a contact
FIELDS = ('role', 'anonymous', 'name', 'email', 'phone', 'postcode', 'address', 'preferred_channel',
          'consent')
HOW = {'email': 'by e-mail to the address on record', 'chat': 'into the chat the resident chose'}


def held_text(channel: str) -> str:
    return (f"Held for staff: written to go by post, with no postal address on record; it now goes "
            f"{HOW[channel]}. If it was already sent by hand, mark it as sent; otherwise release it.")


def _contact(row, prefix: str):
    values = {f: getattr(row, f'{prefix}_{f}') for f in FIELDS}
    return SimpleNamespace(**values) if values['role'] is not None else None


def upgrade() -> None:
    bind = op.get_bind()
    people = ", ".join(f"{p}.{f} AS {p}_{f}" for p in ('c', 'r') for f in FIELDS)
    rows = bind.execute(sa.text(
        f"SELECT o.id, o.body_text, k.conversation_id, k.profile_id, {people} FROM outbox o "
        "JOIN cases k ON k.id = o.case_id LEFT JOIN contacts c ON c.id = k.contact_id "
        "LEFT JOIN contacts r ON r.id = k.representative_id "
        "WHERE o.status = 'manual' AND o.channel = 'post' AND o.kind NOT IN :kinds")
        .bindparams(sa.bindparam('kinds', expanding=True)), {'kinds': list(NOT_LETTERS)}).all()
    now = datetime.now(timezone.utc)
    for row in rows:
        if letters.address_block(row.body_text):
            continue  # opens with its postal address: to print and post, as it is
        case = SimpleNamespace(contact=_contact(row, 'c'), representative=_contact(row, 'r'),
                               conversation_id=row.conversation_id, profile_id=row.profile_id)
        channel, recipient = outbox.route(case)
        values = {'channel': channel, 'recipient': recipient, 'body': row.body_text, 'status': 'held'}
        if channel in HOW:
            values['why'] = held_text(channel)
        elif channel == 'post':  # a postal address on record now: print and post it
            values.update(status='manual', why=None, body=letters.opening_for(case) + row.body_text)
        else:  # nowhere to go: held for an address (migration 0015's rule)
            who = letters.addressee(case)
            values['why'] = no_address_text(who.role if who is not None else None,
                                            who.phone if who is not None else None)
        # only while it is still waiting: a letter staff marked sent meanwhile is left alone
        bind.execute(sa.text(
            "UPDATE outbox SET status = :status, channel = :channel, recipient = :recipient, "
            "body_text = :body, last_error = :why, next_attempt_at = :now, updated_at = :now "
            "WHERE id = :id AND status = 'manual'"), {**values, 'now': now, 'id': row.id})


def downgrade() -> None:
    # Nothing to undo by column: the older code shows, releases and marks sent a held letter on any
    # channel, and prints one that opens with its address.
    pass
