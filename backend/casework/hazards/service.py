"""Hazard records: created beside the handoff a message produced, changed by staff, each change in
one transaction with its audit entry (casework.audit) and, where the hazard has a case, its letter
queued in the same transaction (casework.outbox)."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import audit, clock, outbox
from ..case_messages import opened_here
from ..case_views import address_wanted
from ..cases import Conflict, HandoffNotHere, NotFound, find_case
from ..models import Case, Handoff
from ..profiles import get_profile
from ..references import new_reference
from . import alerts, clocks
from .catalogue import catalogue
from .letters import render_hazard
from .models import Hazard
from .schemas import HazardCreate, StepIn
from .views import (  # noqa: F401 (deadlines_of, due_text: re-exported, service.deadlines_of etc.)
    STEP_FIELD, _aware, _recompute, _tz, deadlines_of, due_text, hazard_view,
)

log = logging.getLogger("casework.hazards")

PREFIX = "HZ"
CASE_NOT_HERE = "case_not_in_conversation"  # 409 code: the case named is not this conversation's
STEP_LABELS = {"investigation_concluded": "Investigation concluded", "summary_sent": "Written summary sent",
               "safety_work_done": "Safety work done", "preventative_begun": "Preventative work begun",
               "preventative_started": "Preventative work started",
               "accommodation_offered": "Alternative accommodation offered"}


def _next_reference(session: Session, year: int) -> str:
    """HZ-YYYY-NNNNNN, random like the case references (references.py: not enumerable)."""
    return new_reference(session, PREFIX, year, Hazard.reference)


def _audit(session: Session, h: Hazard, action: str, actor: str, before: dict | None) -> dict[str, Any]:
    after = hazard_view(h)
    audit.record(session, actor=actor, action=action, entity_type="hazard", entity_ref=h.reference,
                 before=before, after=after)
    return after


def _conversation_case(session: Session, reference: str, conversation_id: str | None) -> Case:
    """The case named on a create (a hazard first mentioned after the conversation opened a case).
    Trust boundary: only a case opened from this conversation, or one it proved it knows in a
    resident look-up (case_messages.opened_here, the rule for a later message joining a case).
    Anything else, an unknown reference included, is refused alike (409, nothing written), so the
    answer says nothing about other residents' cases; the caller sends the hazard again without it."""
    try:
        case = find_case(session, reference)
    except NotFound:
        case = None
    if case is None or not conversation_id or not opened_here(session, case, conversation_id):
        log.warning("a hazard named a case not opened in its conversation: refused")
        raise Conflict(CASE_NOT_HERE, "That case was not opened in this conversation: send the hazard "
                                      "without case_reference to record it unlinked.")
    return case


def _queue_letter(session: Session, h: Hazard, kind: str) -> None:
    if h.case_id is None:
        return  # no case yet: the letter goes when a case is attached (attach_case)
    case = session.get(Case, h.case_id)
    outbox.queue(session, case, kind, rendered=render_hazard(case, h, kind))


def letters_of(session: Session, h: Hazard) -> dict[str, Any]:
    """What the case service does with this hazard's letters, for the assistant's words: under its
    case, queued to go (letter_held_for []) or held and for what (outbox.held_for codes, the rule
    _queue_letter's outbox.queue applies: the acknowledgement just queued was routed the same way, and
    so will the written summary be unless the case's details change); with no_address, whose address
    and whether staff will ring for one (letter_address_wanted, as the resident's case view says).
    With no case no letter is written: both None. Not in hazard_view (no case read per board row)."""
    if h.case_id is None:
        return {"letter_held_for": None, "letter_address_wanted": None}
    case = session.get(Case, h.case_id)
    _, held = outbox.held_for_case(case, "hazard_acknowledgement", has_html=False)  # render_hazard: text only
    return {"letter_held_for": held, "letter_address_wanted": address_wanted(case, held)}


def _reply(session: Session, h: Hazard, view: dict[str, Any]) -> dict[str, Any]:
    """The assistant's reply to a create or a household answer: the view and letters_of."""
    return {**view, **letters_of(session, h)}


# ---------------------------------------------------------------- creation

def _conversation_handoff(session: Session, body: HazardCreate) -> Handoff | None:
    """The handoff a create names (the message the hazard was read in). Trust boundary, as on a
    record's create (cases._conversation_handoffs): only a handoff of the body's own conversation; an
    unknown id and another conversation's (or a body naming no conversation) are refused alike
    (HandoffNotHere: 404 handoff_not_in_conversation, nothing written), so the answer says nothing
    about other conversations; the caller sends the hazard again without it (its clock still runs)."""
    if body.handoff_id is None:
        return None
    handoff = session.get(Handoff, body.handoff_id)
    if handoff is None or handoff.conversation_id != body.conversation_id:
        log.warning("a hazard named handoff:%d, not of its conversation: refused", body.handoff_id)
        raise HandoffNotHere(f"No handoff with id {body.handoff_id} in this conversation.")
    return handoff


def create_hazard(session: Session, body: HazardCreate, actor: str) -> tuple[dict[str, Any], bool]:
    profile = get_profile(body.profile)
    if not profile.hazard_clocks:
        raise Conflict("not_applicable", f"Awaab's Law does not apply to profile {profile.id} "
                                         f"(its landlord is not in England).")
    cat = catalogue()
    try:
        cat.hazard(body.hazard_type)
    except KeyError:
        known = ", ".join(h.id for h in cat.hazards)
        raise Conflict("invalid", f"Unknown hazard type {body.hazard_type!r} (known: {known}).") from None
    handoff = _conversation_handoff(session, body)  # refused before anything is written
    existing = session.scalar(select(Hazard).where(Hazard.idempotency_key == body.idempotency_key))
    if existing is not None:
        return _reply(session, existing, hazard_view(existing)), False
    # Awareness: the receipt time the case service recorded for the message, else the body's.
    aware_at = _aware(handoff.received_at) if handoff else (body.received_at or clock.now())
    aware_at = aware_at.astimezone(timezone.utc)
    dropped = None if handoff else body.received_at_dropped  # a handoff's time wins over the body's
    vulns = list(dict.fromkeys(body.vulnerabilities))
    severity, why = clocks.propose_severity(cat, body.hazard_type, vulns, body.emergency_signs)
    conversation_id = body.conversation_id  # a handoff named is of this conversation (checked above)
    case_id = None
    if body.case_reference is not None:  # checked even when the handoff has a case: bad input is refused
        case_id = _conversation_case(session, body.case_reference, conversation_id).id
    if handoff is not None and handoff.case_reference:  # the handoff's own case wins
        case_id = find_case(session, handoff.case_reference).id
    h = Hazard(
        reference=_next_reference(session, aware_at.astimezone(_tz(profile)).year),
        idempotency_key=body.idempotency_key, handoff_id=body.handoff_id, case_id=case_id,
        conversation_id=conversation_id,
        profile_id=profile.id, channel=body.channel, hazard_type=body.hazard_type,
        severity=severity, proposed_severity=severity, proposal_reason=why,
        household_known=body.household_known or bool(vulns), vulnerabilities=vulns,
        aware_at=aware_at, received_at_dropped=dropped, status="open", deadlines=[],
    )
    _recompute(h)
    session.add(h)
    try:
        session.flush()
    except IntegrityError:  # a racing duplicate with the same key won
        session.rollback()
        existing = session.scalar(select(Hazard).where(Hazard.idempotency_key == body.idempotency_key))
        return _reply(session, existing, hazard_view(existing)), False
    if dropped:  # the time it reached us stands in (the log: reference and reason only)
        log.warning("%s: the receipt time sent was not used (%s)", h.reference, dropped)
    _queue_letter(session, h, "hazard_acknowledgement")
    view = _audit(session, h, "create", actor, None)
    alerts.alert_if_emergency(session, h, view, actor)  # the duty inbox, at once (once per hazard)
    session.commit()
    return _reply(session, h, view), True


def attach_case(session: Session, case: Case, actor: str) -> None:
    """A case was just created (caller's transaction): hazards reported in the same conversation
    without a case yet are linked to it, and their letter is queued now."""
    if not case.conversation_id:
        return
    rows = list(session.scalars(select(Hazard).where(Hazard.conversation_id == case.conversation_id,
                                                     Hazard.case_id.is_(None))))
    for h in rows:
        before = hazard_view(h)
        h.case_id = case.id
        session.flush()
        _queue_letter(session, h, "hazard_acknowledgement")
        alerts.link_case(session, h)
        _audit(session, h, "link", actor, before)


# ---------------------------------------------------------------- changes

def find_hazard(session: Session, reference: str) -> Hazard:
    ref = (reference or "").strip().upper()[:40]
    h = session.scalar(select(Hazard).where(Hazard.reference == ref))
    if h is None:
        raise NotFound(f"No hazard with reference {reference[:40]!r}.")
    return h


def find_by_key(session: Session, key: str) -> Hazard:
    h = session.scalar(select(Hazard).where(Hazard.idempotency_key == key))
    if h is None:
        raise NotFound("No hazard was created with that key.")
    return h


def record_household(session: Session, reference: str, vulnerabilities: list[str], actor: str,
                     hazard: Hazard | None = None, known: bool = True) -> dict[str, Any]:
    """The resident's answer about who lives there. It can raise the proposal to an emergency
    (never lower it), unless staff have already decided the severity. known=False (asked, not
    answered) leaves the household unknown unless a vulnerability was named."""
    h = hazard or find_hazard(session, reference)
    before = hazard_view(h)
    h.vulnerabilities = list(dict.fromkeys([*(h.vulnerabilities or []), *vulnerabilities]))
    h.household_known = bool(h.household_known or known or vulnerabilities)
    changed = False
    if h.severity_confirmed_by is None and h.severity == "significant":
        sev, why = clocks.propose_severity(catalogue(), h.hazard_type, h.vulnerabilities, False)
        if sev == "emergency":
            h.severity, h.proposed_severity, h.proposal_reason, changed = sev, sev, why, True
    _recompute(h)
    session.flush()
    if changed:
        _queue_letter(session, h, "hazard_acknowledgement")
    view = _audit(session, h, "household", actor, before)
    if changed:
        alerts.alert_if_emergency(session, h, view, actor)
    session.commit()
    return _reply(session, h, view)


def set_severity(session: Session, reference: str, severity: str, reason: str | None, actor: str) -> dict[str, Any]:
    """Staff confirm the proposal, or change it with a reason (both in the audit trail)."""
    h = find_hazard(session, reference)
    reason = (reason or "").strip() or None
    changed = severity != h.severity
    if changed and not reason:
        raise Conflict("reason_required", "Give a reason for changing the severity.")
    before = hazard_view(h)
    h.severity, h.severity_confirmed_by, h.severity_reason = severity, actor[:100], reason
    _recompute(h)
    session.flush()
    if changed:
        _queue_letter(session, h, "hazard_acknowledgement")
    view = _audit(session, h, "change_severity" if changed else "confirm_severity", actor, before)
    if changed:
        alerts.alert_if_emergency(session, h, view, actor)
    session.commit()
    return view


def record_step(session: Session, reference: str, body: StepIn, actor: str,
                now: datetime | None = None) -> dict[str, Any]:
    h = find_hazard(session, reference)
    now = now or datetime.now(timezone.utc)
    at = (body.at or now).astimezone(timezone.utc)
    field = STEP_FIELD[body.step]
    if getattr(h, field) is not None:
        raise Conflict("already_recorded", f"{STEP_LABELS[body.step]} is already recorded for {h.reference}.")
    if at > now + timedelta(minutes=5):
        raise Conflict("invalid", "A step cannot be recorded in the future.")
    if at < _aware(h.aware_at):
        raise Conflict("invalid", "A step cannot be before the landlord became aware of the hazard.")
    concluded = _aware(h.investigation_concluded_at)
    if body.step in ("summary_sent", "preventative_begun", "preventative_started") and concluded is None:
        raise Conflict("investigation_first", "Record the investigation's conclusion first.")
    if body.step == "summary_sent" and not (h.findings or "").strip():
        raise Conflict("investigation_first", "Record the findings with the investigation first.")
    if body.step == "investigation_concluded" and not (body.findings or "").strip():
        raise Conflict("invalid", "Record what the investigation found.")
    before = hazard_view(h)
    setattr(h, field, at)
    if body.step == "investigation_concluded":
        h.findings, h.safety_work, h.safety_work_by = body.findings, body.safety_work, body.safety_work_by
        h.further_work, h.further_work_from = body.further_work, body.further_work_from
    if body.step == "accommodation_offered":
        h.accommodation_note = body.note
    _recompute(h)
    session.flush()
    if body.step == "summary_sent":
        _queue_letter(session, h, "hazard_summary")
    view = _audit(session, h, body.step, actor, before)
    session.commit()
    return view


# ---------------------------------------------------------------- lists

def board(session: Session, view: str = "open", now: datetime | None = None,
          limit: int = 500) -> list[dict[str, Any]]:
    """Open hazards by nearest deadline; view due_today / breached / waiting / closed filters."""
    now = now or datetime.now(timezone.utc)
    q = select(Hazard)
    q = q.where(Hazard.status == ("closed" if view == "closed" else "open"))
    rows = list(session.scalars(q.order_by(Hazard.next_due_at.is_(None), Hazard.next_due_at, Hazard.id)
                                .limit(5000)))
    out = []
    for h in rows:
        v = hazard_view(h, now)
        states = {d["status"] for d in v["deadlines"]}
        if view == "due_today" and "due_today" not in states:
            continue
        if view == "breached" and "breached" not in states:
            continue
        out.append(v)
        if len(out) >= limit:
            break
    return out


def for_case(session: Session, case_id: int, now: datetime | None = None) -> list[dict[str, Any]]:
    """The hazards linked to one case (the staff case page), oldest first."""
    rows = session.scalars(select(Hazard).where(Hazard.case_id == case_id).order_by(Hazard.id))
    return [hazard_view(h, now) for h in rows]


def for_conversation(session: Session, conversation_id: str) -> list[dict[str, Any]]:
    rows = session.scalars(select(Hazard).where(Hazard.conversation_id == conversation_id).order_by(Hazard.id))
    return [hazard_view(h) for h in rows]
