"""A data-rights request answered by the DPO, and the one correction the case service can make for
it: a change of address the resident gave in the chat.

The chat's words are never trusted on their own: a rectification request carries the new address
as the resident wrote it (`proposed_address`, read from the handoff's message each time it is
shown, so the request row itself still holds nothing personal and erasing the handoff erases it),
and nothing changes until the DPO, having checked it with the resident, completes the request on
/staff/privacy with the address (as given, or as corrected) and says it is to go on the record.
Then the contact the handoff carries (and the contact of the case it led to, if that is another
row) gets the address and postcode, with their look-up key; each change is audited by field name
only (casework.audit), and the request is closed (closed_at, closed_by; audited)."""
from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import audit, clock
from ..case_views import postcode_key
from ..models import Case, Contact, Handoff
from ..resident_schemas import UK_POSTCODE_IN_TEXT, ResidentAddressIn
from .requests import DataRequest, view

# "my new address is 14 Elm Road, Leeds LS6 2AB", "I've moved to 3 Oak Close, LS6 1AA",
# "new address: Flat 2, 8 Mill Lane": the address runs to the end of the sentence or the clause
# that asks us to act ("please update ...", "can you ...", "thanks").
_GIVEN = re.compile(
    r"\b(?:new\s+(?:home\s+|postal\s+)?address\s*(?:is|will\s+be|now\s+is|:|-)|"
    r"(?:have|'ve|ve|just|now|recently)\s+moved\s+(?:house\s+|home\s+)?to|moving\s+to|"
    r"(?:now\s+)?liv(?:e|ing)\s+at)\s*(?P<address>[^!?\n]+)", re.I)
_STOP = re.compile(r"[,;]?\s*\b(?:please|pls|can\s+you|could\s+you|would\s+you|will\s+you|thanks?|thank\s+you|"
                   r"cheers|and\s+(?:can|could|please|update|change)|so\s+(?:can|could|please))\b.*$|"
                   r"\.(?:\s+|$).*$", re.I | re.S)


class RectifyRefused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def proposed_address(text: str | None) -> dict[str, str] | None:
    """The new address as the resident gave it ({"address", "postcode"}; the postcode moved out of
    the address when it ends it), or None when the message gives none that looks like one (it must
    have a house number or a postcode). Never applied by itself: see complete()."""
    m = _GIVEN.search(text or "")
    if m is None:
        return None
    given = m.group("address")
    pc = UK_POSTCODE_IN_TEXT.search(given)
    if pc is not None:  # the address ends with its postcode, whatever the resident wrote after it
        given = given[:pc.end()]
    given = _STOP.sub("", given).strip(" ,.;:-")
    if not re.search(r"\d", given):
        return None
    from ..resident_address import AddressRefused, parse

    try:
        body = parse("", given, "")
    except AddressRefused:
        return None
    return {"address": body.address, "postcode": body.postcode} if body.address else None


def request_view(session: Session, row: DataRequest) -> dict[str, Any]:
    """The request for the DPO's list: with the address the resident gave for a rectification."""
    out = view(row)
    h = session.get(Handoff, row.handoff_id)
    out["proposed_address"] = (proposed_address(h.text if h else None)
                               if "rectification" in (row.kinds or []) else None)
    out["has_contact"] = bool(h is not None and h.contact_id is not None)
    return out


def open_requests(session: Session) -> list[dict[str, Any]]:
    """The DPO's list (requests.open_requests), each with what request_view adds."""
    q = (select(DataRequest).where(DataRequest.closed_at.is_(None))
         .order_by(DataRequest.due_on, DataRequest.id))
    return [request_view(session, r) for r in session.scalars(q)]


def _fields(c: Contact) -> dict[str, Any]:
    return {"address": c.address, "postcode": c.postcode}


def _contacts(session: Session, h: Handoff) -> list[Contact]:
    """The handoff's contact, and the contact of the case it was linked to when that is another row."""
    out = [h.contact] if h.contact is not None else []
    if h.case_reference:
        case = session.scalar(select(Case).where(Case.reference == h.case_reference))
        if case is not None and case.contact is not None and all(case.contact.id != c.id for c in out):
            out.append(case.contact)
    return out


def complete(session: Session, request_id: int, actor: str, address: ResidentAddressIn | None) -> dict[str, Any]:
    """Close the request; with an address (checked with the resident by the DPO), first put it on the
    resident's contact. Committed. RectifyRefused: no such request, already closed, an address for a
    request that is not a rectification, or no contact on record to correct."""
    row = session.get(DataRequest, request_id, with_for_update=True)
    if row is None:
        raise RectifyRefused(404, f"No data-rights request {request_id}.")
    if row.closed_at is not None:
        raise RectifyRefused(409, "This request has already been completed.")
    before = view(row)
    if address is not None:
        if "rectification" not in (row.kinds or []):
            raise RectifyRefused(422, "Only a correction (rectification) request changes the resident's address.")
        if not address.address:
            raise RectifyRefused(422, "Give the postal address (the house number or name and the street).")
        h = session.get(Handoff, row.handoff_id)
        contacts = _contacts(session, h) if h is not None else []
        if not contacts:
            raise RectifyRefused(409, "There is no contact record with this request to correct: find the "
                                      "resident under Find a resident and correct their record there.")
        for c in contacts:
            was = _fields(c)
            c.address = address.address
            c.postcode, c.postcode_key = (address.postcode or None), postcode_key(address.postcode or None)
            session.flush()
            audit.record(session, actor=actor, action="rectify_address", entity_type="contact",
                         entity_ref=f"data_request:{row.id}", before=was, after=_fields(c))
    row.closed_at, row.closed_by = clock.now(), actor
    session.flush()
    audit.record(session, actor=actor, action="complete_data_request", entity_type="data_request",
                 entity_ref=f"data_request:{row.id}", before=before, after=view(row))
    session.commit()
    return view(row)
