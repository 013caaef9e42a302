"""Handoffs: every triaged message recorded at once for staff review (create_handoff, idempotent
by its key; contact details asked for afterwards join it), and a handoff's link to the record it
led to (link_handoff; a record's own create links its handoffs in cases.create_case). Each change in
one transaction with its audit entry (casework.audit)."""
from __future__ import annotations

import logging
from datetime import timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import audit, clock, referrals
from .case_views import handoff_view
from .cases import NotFound, _claim_key, _existing_target, _link, find_case
from .contacts import add_to_handoff, resident_contact
from .models import Handoff
from .privacy import requests as data_requests
from .profiles import get_profile
from .schemas import HandoffCreate

log = logging.getLogger("casework.cases")  # the name the service's handoff log lines always had


def create_handoff(session: Session, body: HandoffCreate, actor: str) -> tuple[dict[str, Any], bool]:
    profile = get_profile(body.profile)
    key_row = _claim_key(session, "handoff", body.idempotency_key)
    if key_row is None:
        session.rollback()
        h = session.get(Handoff, int(_existing_target(session, "handoff", body.idempotency_key)))
        if body.contact is not None:  # contact details asked for after the message was recorded
            add_to_handoff(session, h, body.contact, actor)
        return handoff_view(h), False
    contact = resident_contact(body.contact) if body.contact is not None else None
    h = Handoff(
        conversation_id=body.conversation_id, message_id=body.message_id, text=body.text,
        received_at=(body.received_at or clock.now()).astimezone(timezone.utc),
        received_at_dropped=body.received_at_dropped,
        channel=body.channel, profile_id=profile.id, category=body.category, reason=body.reason,
        confidence=body.confidence, intent=body.intent, entities=body.entities,
        flags=list(dict.fromkeys(body.flags)), explanation=body.explanation, status="new",
        contact=contact,
    )
    session.add(h)
    session.flush()
    if body.received_at_dropped:  # the time it reached us stands in (the log: id and reason only)
        log.warning("handoff:%d: the receipt time sent was not used (%s)", h.id,
                    body.received_at_dropped)
    key_row.target = str(h.id)
    if body.data_request:  # not a complaint: for the DPO, due one month from today (server time)
        data_requests.record(session, h.id, body.data_request, profile)
    referrals.alert_handoff(session, h, actor)  # safeguarding / emergency: the duty inbox, at once
    view = handoff_view(h)
    audit.record(session, actor=actor, action="create", entity_type="handoff", entity_ref=f"handoff:{h.id}",
                 before=None, after=view)
    session.commit()
    return view, True


def link_handoff(session: Session, handoff_id: int, reference: str, actor: str,
                 keep_open: bool = False) -> dict[str, Any]:
    """The handoff belongs to the case. `keep_open`: shown with the case, but still for staff to act on
    (an escalation request the chat could not carry out: status stays as it was, not "linked")."""
    h = session.get(Handoff, handoff_id)
    if h is None:
        raise NotFound(f"No handoff with id {handoff_id}.")
    case = find_case(session, reference)
    view = _link(session, h, case.reference, actor, keep_open)
    session.commit()
    return view


def get_handoff(session: Session, handoff_id: int) -> dict[str, Any]:
    h = session.get(Handoff, handoff_id)
    if h is None:
        raise NotFound(f"No handoff with id {handoff_id}.")
    return handoff_view(h)


def list_handoffs(session: Session, conversation_id: str | None) -> list[dict[str, Any]]:
    q = select(Handoff).order_by(Handoff.id)
    if conversation_id is not None:
        q = q.where(Handoff.conversation_id == conversation_id)
    else:
        q = q.limit(500)
    return [handoff_view(h) for h in session.scalars(q)]
