"""Staff add the e-mail or postal address a resident gave them, and the letters held with nowhere to
go (letter_formats.NO_ADDRESS) go on by that route.

A resident with no e-mail or postal address on record (a phone number only, nothing at all, or post
asked for with no postal address: letters.letter_channel "none") has no route for letters: each
letter is held for staff, who ring them and ask (or, with no number to ring, ask when the resident
gets in touch). What they are told goes on the resident's contact (an e-mail: letters by e-mail;
otherwise a postal address: letters by post), the look-up keys follow (search, the resident's case
look-up), and every letter held for an address is re-routed: by e-mail it goes now (pending), by post
it opens with the address and today's date and waits for staff to print and post it (manual); a
format or language need still holds it. A resident who was anonymous, or had no contact row at all,
gave staff the address for their letters: the contact is theirs from now on (no longer anonymous).
The audit trail names the fields, never their values; nothing here logs personal data.

With the resident's consent, a representative who gave only a phone number has the letters held the
same way (letters.addressee: the letters are theirs): what staff are told goes on the
representative's contact, never the resident's, and the letters go on to the representative.
"""
from __future__ import annotations

import logging
import re
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from . import audit, corrections, letter_formats, letters, outbox
from .case_views import email_key, postcode_key
from .models import Case, Contact, OutboxMessage, utcnow
from .schemas import ResidentAddressIn, normalise_postcode

log = logging.getLogger("casework.resident_address")

_POSTCODE_AT_END = re.compile(r"[\s,]*\b([A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2})\s*$", re.IGNORECASE)


class AddressRefused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def parse(email: str, address: str, postcode: str) -> ResidentAddressIn:
    """The form's values checked: an e-mail, or a postal address (house number or name and street;
    a postcode at its end is moved to the postcode), or both. A postcode alone is not an address."""
    tail = _POSTCODE_AT_END.search(address or "")
    if tail and not (postcode or "").strip() and normalise_postcode(tail.group(1)):
        address, postcode = address[:tail.start()], tail.group(1)
    try:
        body = ResidentAddressIn(email=email or "", address=address or "", postcode=postcode or "")
    except ValidationError as exc:
        raise AddressRefused(422, "That could not be saved: " + "; ".join(
            str(e["msg"]).removeprefix("Value error, ") for e in exc.errors()) + ".") from None
    if not body.email and not body.address:
        raise AddressRefused(422, "Give an e-mail address or a postal address (the house number or name and "
                                  "the street). A postcode alone is not enough to post a letter.")
    if body.address and not re.search(r"[A-Za-z]", body.address):
        raise AddressRefused(422, "The postal address needs the house number or name and the street.")
    return body


def held_for_address(session: Session, case: Case) -> list[OutboxMessage]:
    """The case's letters held because there was nowhere to send them, locked (PostgreSQL: FOR
    UPDATE; SQLite holds the write lock since the contact's flush), so two staff saving at once
    cannot both send a letter on: the second finds it no longer held."""
    return list(session.scalars(select(OutboxMessage).where(
        OutboxMessage.case_id == case.id, OutboxMessage.status == "held", OutboxMessage.channel == "none")
        .order_by(OutboxMessage.id).with_for_update().execution_options(populate_existing=True)))


def _contact_fields(c: Contact) -> dict[str, Any]:
    return {k: getattr(c, k) for k in ("anonymous", "email", "address", "postcode", "preferred_channel")}


def add_address(session: Session, case: Case, body: ResidentAddressIn, actor: str) -> list[dict[str, Any]]:
    """Put the e-mail and/or postal address on the contact the letters are for (the resident's, or
    the consenting representative's: letters.addressee) and send on the letters held for one.
    Returns the re-routed letters (letter views). Committed."""
    c = letters.addressee(case)
    if c is None:  # no contact row on the case: the resident's details start with this address
        c = case.contact = Contact(role="resident", anonymous=False)
        session.add(c)
    before = _contact_fields(c)
    c.anonymous = False  # they gave us an address for their letters
    if body.email:
        c.email, c.email_key = body.email, email_key(body.email)
    if body.address:
        c.address = body.address
    if body.postcode:
        c.postcode, c.postcode_key = body.postcode, postcode_key(body.postcode)
    c.preferred_channel = "email" if body.email else "post"
    c.declined_contact = False
    session.flush()
    audit.record(session, actor=actor, action="add_address", entity_type=case.kind,
                 entity_ref=case.reference, before=before, after=_contact_fields(c))
    moved = [_send_on(session, case, m, actor) for m in held_for_address(session, case)]
    session.commit()
    log.info("address added (%s) for %s by staff: %d held letter(s) re-routed", c.role, case.reference,
             len(moved))
    # an acknowledgement that now goes records the stage as acknowledged (as a release does)
    return [corrections.letter_went(session, letter, actor) for letter in moved]


def _send_on(session: Session, case: Case, m: OutboxMessage, actor: str) -> dict[str, Any]:
    channel, recipient = outbox.route(case)
    before = outbox.letter_view(m, with_body=False)
    if channel == "post":
        m.body_text = letters.opening_for(case) + m.body_text
    m.channel, m.recipient = channel, recipient
    reasons = letter_formats.hold_reasons(m.format_needs, m.language, channel, m.body_html is not None)
    if reasons:  # a format or language need still holds it, with its own words
        m.status, m.last_error = "held", letter_formats.hold_text(reasons, m.language, channel, m.due_on)
    else:
        m.status, m.last_error = ("pending" if channel in ("email", "chat") else "manual"), None
    m.next_attempt_at = m.updated_at = utcnow()
    session.flush()
    after = outbox.letter_view(m, with_body=False)
    audit.record(session, actor=actor, action="letter_address_added", entity_type="letter",
                 entity_ref=m.letter_id, before=before, after=after)
    return after
