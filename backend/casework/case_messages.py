"""A resident's later message about a record the same conversation made ("the leak is worse now"
after a service request): appended to that case's transcript instead of opening a second record.

Trust boundary: the bot is authenticated, but what it relays came from a resident, so a message is
added only to a case opened from the same conversation (the case's own conversation id, or that of
the handoff linked to it), or one this conversation proved it knows in a resident look-up (its
reference and postcode or e-mail matched, the check that already shows its status and escalates it:
guarding/lookups.verified_here). Any other case answers as if it did not exist (404: a reference typed
into another conversation gives nothing away). Idempotent under (reference, conversation id,
message id): a retry adds nothing. The case's dates and status are not touched; the audit trail
records the action and the position, never the text.

A message handed to staff has no case: a later message about it is kept with the handoff
(handoff_messages, shown on the staff handoff page) by the same rules: only from the conversation
the handoff came from, once per message id.

The time: the `received_at` sent, unless it cannot be true: impossible (unreadable, before 2000,
after 2100: schemas.impossible_time, taken out before this module sees it) or dated before the day
the record it joins was received ("before_record"). Then the message is kept with the time it
reached the case service and the reason (`at_dropped`, the response's `received_at_dropped`).
A receipt time ahead of the clock is kept: an authenticated caller may set one (bench/triage.py)."""
from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from . import audit, clock, stages
from .cases import NotFound, _claim_key, find_case
from .guarding.lookups import verified_here
from .models import Case, Handoff, HandoffMessage, TranscriptMessage
from .profiles import get_profile
from .schemas import CaseMessageIn

KIND = "case_message"
log = logging.getLogger("casework.case_messages")


def _when(body: CaseMessageIn, record_received: datetime | None, profile_id: str,
          target: str) -> tuple[datetime, str | None]:
    """(the message's time in UTC, why the time sent was not used or None)."""
    why = body.received_at_dropped
    at = body.received_at
    if at is not None and record_received is not None:
        profile = get_profile(profile_id)
        if stages.local_date(profile, at) < stages.local_date(profile, _aware(record_received)):
            at, why = None, "before_record"
    if why:  # a sender's wrong clock: the reference (or handoff id) and reason only
        log.warning("%s: a later message's time sent was not used (%s)", target, why)
    return (at or clock.now()).astimezone(timezone.utc), why


def _aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)  # SQLite keeps UTC without a zone


def opened_here(session: Session, case: Case, conversation_id: str) -> bool:
    """The trust rule above (also for a hazard reported later that joins the case: hazards.service)."""
    if case.conversation_id and case.conversation_id == conversation_id:
        return True
    linked = select(Handoff.id).where(Handoff.conversation_id == conversation_id,
                                      (Handoff.case_reference == case.reference)
                                      | (Handoff.id == case.handoff_id))
    if session.scalar(linked.limit(1)) is not None:
        return True
    return verified_here(session, case.reference, conversation_id)


def _view(case: Case, position: int | None, added: bool, why: str | None = None) -> dict[str, Any]:
    return {"reference": case.reference, "kind": case.kind, "position": position, "added": added,
            "received_at_dropped": why}


def add_message(session: Session, reference: str, body: CaseMessageIn, actor: str) -> tuple[dict[str, Any], bool]:
    """(view, added now). NotFound for an unknown case or one not opened from this conversation."""
    try:
        case = find_case(session, reference)
    except NotFound:
        case = None
    if case is None or not opened_here(session, case, body.conversation_id):
        raise NotFound(f"No case with reference {reference[:40]!r} was opened in this conversation.")
    key = f"{case.reference}:{body.conversation_id}:{body.message_id}"
    key_row = _claim_key(session, KIND, key)
    if key_row is None:  # a retry of a message already added
        session.rollback()
        return _view(case, None, False), False
    last = session.scalar(select(func.max(TranscriptMessage.position))
                          .where(TranscriptMessage.case_id == case.id))
    position = 0 if last is None else last + 1
    at, why = _when(body, case.received_at, case.profile_id, case.reference)
    session.add(TranscriptMessage(case_id=case.id, position=position, sender="resident",
                                  text=body.text, at=at, at_dropped=why))
    key_row.target = case.reference  # erasure finds the key (it holds the conversation id) by the case
    view = _view(case, position, True, why)
    audit.record(session, actor=actor, action="add_message", entity_type=case.kind,
                 entity_ref=case.reference, before=None,
                 after={"reference": case.reference, "kind": case.kind, "rows": position + 1,
                        "received_at": at, "received_at_dropped": why,
                        "text": body.text})  # the text is kept by name only
    session.commit()
    return view, True


def add_handoff_message(session: Session, handoff_id: int, body: CaseMessageIn,
                        actor: str) -> tuple[dict[str, Any], bool]:
    """The same for a message handed to staff (no case): kept with the handoff (handoff_messages),
    shown on the staff handoff page. Only from the conversation the handoff came from."""
    h = session.get(Handoff, handoff_id)
    if h is None or not h.conversation_id or h.conversation_id != body.conversation_id:
        raise NotFound(f"No handoff with id {handoff_id} came from this conversation.")
    target = f"handoff:{h.id}"
    key_row = _claim_key(session, "handoff_message", f"{target}:{body.conversation_id}:{body.message_id}")
    if key_row is None:
        session.rollback()
        return {"id": h.id, "position": None, "added": False}, False
    last = session.scalar(select(func.max(HandoffMessage.position)).where(HandoffMessage.handoff_id == h.id))
    position = 0 if last is None else last + 1
    at, why = _when(body, h.received_at, h.profile_id, target)
    session.add(HandoffMessage(handoff_id=h.id, position=position, text=body.text, at=at,
                               at_dropped=why))
    key_row.target = str(h.id)  # as a handoff's own key: erasure finds it by the handoff
    audit.record(session, actor=actor, action="add_message", entity_type="handoff", entity_ref=target,
                 before=None, after={"id": h.id, "rows": position + 1, "received_at": at,
                                     "received_at_dropped": why, "text": body.text})
    session.commit()
    return {"id": h.id, "position": position, "added": True, "received_at_dropped": why}, True


def handoff_messages(session: Session, handoff_id: int) -> list[HandoffMessage]:
    return list(session.scalars(select(HandoffMessage).where(HandoffMessage.handoff_id == handoff_id)
                                .order_by(HandoffMessage.position)))
