"""The resident's contact row, made from a request's `contact` (schemas.ContactIn) the same way
for cases and handoffs; and the contact a handoff carries, added after the message was recorded."""
from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from . import audit
from .case_views import email_key, handoff_view, postcode_key
from .models import Contact, Handoff
from .schemas import ContactIn


def resident_contact(c: ContactIn | None) -> Contact:
    """Nothing given: an anonymous row (declined_contact says whether they were asked and chose to
    give none). Anonymous means no NAME is recorded (never one sent with it): an e-mail, phone or
    address an anonymous resident chose to give is kept as the way to reach them, with the look-up
    keys (subject access and erasure find it); their letters greet no one by name. Otherwise the
    details as given."""
    needs = dict(preferred_channel=c.preferred_channel, format_needs=list(dict.fromkeys(c.format_needs)),
                 language=c.language, safe_contact=c.safe_contact,
                 ruled_out=list(dict.fromkeys(c.ruled_out)) or None) if c else {}
    declined = bool(c.declined) if c else None
    if c is None:
        return Contact(role="resident", anonymous=True, declined_contact=declined, **needs)
    return Contact(role="resident", anonymous=c.anonymous, name=None if c.anonymous else c.name,
                   email=c.email, phone=c.phone, postcode=c.postcode, address=c.address, **needs,
                   declined_contact=declined, postcode_key=postcode_key(c.postcode),
                   email_key=email_key(c.email))


def add_to_handoff(session: Session, h: Handoff, c: ContactIn, actor: str) -> bool:
    """A handoff sent again under its key with a `contact` gets that contact when it has none: the
    chat records the message at once and asks how to reach the resident afterwards. A contact
    already on the handoff is never replaced (of two at once, the first wins and the other's row
    is not kept). True when one was added (committed)."""
    if h.contact_id is not None:
        return False
    before = handoff_view(h)
    contact = resident_contact(c)
    session.add(contact)
    session.flush()
    added = session.execute(update(Handoff).where(Handoff.id == h.id, Handoff.contact_id.is_(None))
                            .values(contact_id=contact.id)
                            .execution_options(synchronize_session=False)).rowcount
    if not added:
        session.rollback()
        session.refresh(h)
        return False
    session.refresh(h)
    audit.record(session, actor=actor, action="add_contact", entity_type="handoff",
                 entity_ref=f"handoff:{h.id}", before=before, after=handoff_view(h))
    session.commit()
    return True
