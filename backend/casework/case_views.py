"""Views of records (service, resident, handoff) and the complaint row <-> stage state mapping.
Read-only helpers for cases.py (which re-exports them) and the staff pages."""
from __future__ import annotations

import re
from datetime import date, datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import object_session

from . import clock, letter_formats, letters, outbox, pickup_deadline, referrals, stages
from .models import (Case, Complaint, Compliment, Contact, ExcludedMatter, Handoff, OutboxMessage,
                     ServiceRequest, utcnow)
from .hazards.views import resident_hazards
from .profiles import Profile, get_profile


def _local_today(profile: Profile) -> date:
    return clock.now().astimezone(ZoneInfo(profile.timezone)).date()


def _aware(dt: datetime | None) -> datetime | None:
    # SQLite hands back naive datetimes; we always store UTC.
    if dt is None:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def _iso(d: date | datetime | None) -> str | None:
    if isinstance(d, datetime):
        return _aware(d).isoformat()
    return d.isoformat() if d else None


def postcode_key(pc: str | None) -> str | None:
    return "".join(pc.split()).upper() if pc else None


def email_key(e: str | None) -> str | None:
    return e.strip().lower() if e else None


def phone_key(p: str | None) -> str | None:
    """A UK phone number as digits from the trunk 0: "+44 7700 900123", "07700-900123" and
    "(0044) 7700 900123" are one number; None when fewer than 10 digits remain."""
    digits = re.sub(r"\D", "", p or "")
    if digits.startswith("0044"):
        digits = "0" + digits[4:]
    elif digits.startswith("44") and len(digits) >= 12:
        digits = "0" + digits[2:]
    return digits if len(digits) >= 10 else None


# ---------------------------------------------------------------- views

def _contact_view(c: Contact | None, resident: Contact | None = None) -> dict[str, Any] | None:
    if c is None:
        return None
    if c.role == "representative":
        return {"name": c.name, "relationship": c.relationship_to_resident, "consent": c.consent,
                "consent_method": c.consent_method, "email": c.email, "phone": c.phone,
                "postcode": c.postcode, "address": c.address, "preferred_channel": c.preferred_channel,
                "letters_to_representative": letters.representative_channel(c, resident) is not None}
    return {"anonymous": c.anonymous, "name": c.name, "email": c.email, "phone": c.phone,
            "postcode": c.postcode, "address": c.address, "preferred_channel": c.preferred_channel,
            "format_needs": list(c.format_needs or []), "language": c.language,
            "declined_contact": bool(c.declined_contact),
            "safe_contact": c.safe_contact, "ruled_out": list(c.ruled_out or []),
            "needs_translation": letter_formats.needs_translation(c.language)}


def case_view(case: Case) -> dict[str, Any]:
    """Service (staff/bot) view of any kind of case."""
    profile = get_profile(case.profile_id)
    out: dict[str, Any] = {
        "reference": case.reference, "kind": case.kind, "status": case.status,
        "profile": case.profile_id, "received_at": _iso(case.received_at),
        # why the received_at sent was not used (then received_at is when it reached us)
        "received_at_dropped": case.received_at_dropped,
        "effective_received_on": _iso(case.effective_received_on), "channel": case.channel,
        "conversation_id": case.conversation_id, "text": case.text, "flags": list(case.flags or []),
        "contact": _contact_view(case.contact), "representative": _contact_view(case.representative, case.contact),
        "handoff_id": case.handoff_id, "created_at": _iso(case.created_at),
        "group_residents": list(case.group_residents or []),
        "referrals": _referrals(case),
        "letter_held_for": _letter_held_for(_latest_letter(case)),
    }
    if isinstance(case, Complaint):
        st = profile.stage(case.stage)
        state = state_of(case)
        out.update({
            "stage": case.stage, "stage_name": st.name, "handler": st.handler,
            "last_stage": profile.last_stage,
            "stage_received_on": _iso(case.stage_received_on),
            "stage_arrived_on": _iso(case.stage_arrived_on),
            "acknowledge_by": _iso(case.acknowledge_by), "acknowledged_on": _iso(case.acknowledged_on),
            "acknowledgement_channel": _acknowledgement_channel(case),
            "respond_by": _iso(case.respond_by), "day_unit": st.day_unit,
            "complexity": case.complexity,
            "extended": case.extensions_used > 0, "extension_days": case.extension_days,
            "extension_reason": case.extension_reason,
            "escalate_within_days": profile.escalation_window_days,
            "escalate_by": _iso(stages.escalation_deadline(profile, state)),
            "responded_on": _iso(case.responded_on), "decision": case.decision,
            "reasons": case.reasons, "remedy": case.remedy,
            "outstanding_actions": case.outstanding_actions,
            "outcome": case.outcome, "close_reason": case.close_reason, "closed_on": _iso(case.closed_on),
            "summary": case.summary, "desired_outcome": case.desired_outcome,
            "adjustments": case.adjustments, "stage_history": list(case.stage_history or []),
        })
    elif isinstance(case, ServiceRequest):
        out.update({"topic": case.topic, "emergency": case.emergency,
                    "dissatisfaction_noted": case.dissatisfaction_noted})
    elif isinstance(case, Compliment):
        out.update({"person": case.person, "team": case.team, "routed_to": list(case.routed_to or [])})
    elif isinstance(case, ExcludedMatter):
        out.update({"reason": case.reason, "explanation": case.explanation,
                    "redirect_to": case.redirect_to, "ombudsman_review": case.ombudsman_review})
    return out


def _acknowledgement_channel(case: Complaint) -> str | None:
    """How the latest acknowledgement letter goes (email | chat | post | none), from the outbox,
    so the chat can say what happened rather than guess; None when none was written."""
    session = object_session(case)
    if session is None or case.id is None:
        return None
    return session.scalar(select(OutboxMessage.channel)
                          .where(OutboxMessage.case_id == case.id,
                                 OutboxMessage.kind.in_(("acknowledgement", "escalation")))
                          .order_by(OutboxMessage.id.desc()).limit(1))


def _latest_letter(case: Case) -> OutboxMessage | None:
    """The case's latest letter to the resident (the record's letters, not staff notifications)."""
    session = object_session(case)
    if session is None or case.id is None:
        return None
    return session.scalar(select(OutboxMessage).where(OutboxMessage.case_id == case.id,
                                                      OutboxMessage.kind.in_(letters.KINDS))
                          .order_by(OutboxMessage.id.desc()).limit(1))


def _letter_held_for(latest: OutboxMessage | None) -> list[str]:
    """The needs the case's latest letter to the resident is held for (e.g. ["braille"]): staff
    prepare it, so the chat says it will come in that format, not at once. [] when it may go."""
    return outbox.held_for(latest) if latest is not None and latest.status == "held" else []


def _letter_address_wanted(case: Case, latest: OutboxMessage | None) -> dict[str, Any] | None:
    """When the case's latest letter (`latest`) is held with no e-mail or postal address to go to
    (the case's letter_held_for has no_address: letters.letter_channel "none", whether the contact
    gave a phone number, nothing at all, or asked for post with no postal address): address_wanted."""
    return address_wanted(case, _letter_held_for(latest))


def address_wanted(case: Case, held_for: list[str]) -> dict[str, Any] | None:
    """For a letter of this case held for `held_for` (outbox.held_for codes): when it waits for an
    address (no_address), whose address (the resident's, or the representative's the resident
    consented to: letters.addressee) and whether staff have a phone number to ring and ask for one
    (the staff case page tells them to). Only what the resident's own view may carry: never the
    number or any other detail. None when the letter does not wait for an address."""
    if letter_formats.NO_ADDRESS not in held_for:
        return None
    who = letters.addressee(case)
    return {"whose": "representative" if who is not None and who.role == "representative" else "resident",
            "staff_will_ring": bool(who is not None and (who.phone or "").strip())}


def _referrals(case: Case) -> list[dict[str, Any]]:
    session = object_session(case)
    if session is None or case.id is None:
        return []
    return referrals.views(session, case_id=case.id)


def _next_step(case: Case) -> str:
    if isinstance(case, Complaint):
        profile = get_profile(case.profile_id)
        if case.status == "closed":
            return "Your complaint is closed."
        if case.status == "responded":
            if case.stage < profile.last_stage:
                nxt = profile.stage(case.stage + 1).name
                by = stages.escalation_deadline(profile, state_of(case))
                when = f" by {letters.long_date(by)}" if by else ""
                return f"If you are unhappy with our response you can ask us to take it to {nxt}{when}."
            return ("If you are still unhappy you can refer your complaint to the Housing Ombudsman "
                    "(0300 111 3000, info@housing-ombudsman.org.uk).")
        if case.acknowledged_on is None and case.acknowledge_by:
            return f"We will acknowledge your complaint by {letters.long_date(case.acknowledge_by)}."
        if case.respond_by:
            return f"We will respond by {letters.long_date(case.respond_by)}."
        return "We are looking into your complaint and will contact you."
    if isinstance(case, ServiceRequest):
        return "Your request has been passed to the team that deals with it."
    if isinstance(case, Compliment):
        return "Thank you. Your compliment has been passed on."
    return ("This is not being handled as a complaint. You can ask the Housing Ombudsman to "
            "review that decision (0300 111 3000).")


def resident_view(case: Case) -> dict[str, Any]:
    """Only what a resident may see about their own case: no text, contact or staff notes."""
    is_cmp = isinstance(case, Complaint)
    profile = get_profile(case.profile_id)
    latest = _latest_letter(case)
    return {
        "reference": case.reference, "kind": case.kind,
        "stage": case.stage if is_cmp else None,
        "stage_name": profile.stage(case.stage).name if is_cmp else None,
        "status": case.status,
        "acknowledge_by": _iso(case.acknowledge_by) if is_cmp else None,
        "acknowledged_on": _iso(case.acknowledged_on) if is_cmp else None,
        "respond_by": _iso(case.respond_by) if is_cmp else None,
        "next_step": _next_step(case),
        "letter_held_for": _letter_held_for(latest),
        "letter_address_wanted": _letter_address_wanted(case, latest),
        # Awaab's Law hazards recorded on this case: the resident's own, shown only after the lookup
        "hazards": resident_hazards(object_session(case), case.id, clock.now()) if object_session(case) else [],
    }


def handoff_view(h: Handoff) -> dict[str, Any]:
    return {
        "id": h.id, "status": h.status, "conversation_id": h.conversation_id,
        "message_id": h.message_id, "text": h.text, "received_at": _iso(h.received_at),
        # why the received_at sent was not used (then received_at is when it reached us)
        "received_at_dropped": h.received_at_dropped,
        "channel": h.channel, "profile": h.profile_id, "category": h.category, "reason": h.reason,
        "confidence": h.confidence, "intent": h.intent, "entities": list(h.entities or []),
        "flags": list(h.flags or []), "explanation": h.explanation,
        "case_reference": h.case_reference, "created_at": _iso(h.created_at),
        "picked_up_by": h.picked_up_by, "picked_up_at": _iso(h.picked_up_at),
        # a flagged handoff's pick-up deadline (the chat tells the resident it; the queue sorts by it)
        "pick_up_by": (_iso(pickup_deadline.due_at(h.received_at or h.created_at, h.profile_id))
                       if set(h.flags or []) & {"safeguarding", "emergency"} and (h.received_at or h.created_at)
                       else None),
        "alerts": _handoff_alerts(h),
        # how staff can reach the resident: None when nobody asked with this message
        "contact": _contact_view(h.contact),
        # a data-rights request made with the message (privacy/requests.py), with its due date
        "data_request": _data_request_view(h),
    }


def _data_request_view(h: Handoff) -> dict[str, Any] | None:
    session = object_session(h)
    if session is None or h.id is None:
        return None
    from .privacy import requests as data_requests

    return data_requests.view(data_requests.for_handoff(session, h.id))


def _handoff_alerts(h: Handoff) -> list[dict[str, Any]]:
    session = object_session(h)
    if session is None or h.id is None:
        return []
    return referrals.views(session, handoff_id=h.id)


# ---------------------------------------------------------------- state <-> row

def state_of(c: Complaint) -> stages.StageState:
    return stages.StageState(
        stage=c.stage, status=c.status, received_on=c.stage_received_on, arrived_on=c.stage_arrived_on,
        acknowledge_by=c.acknowledge_by, respond_by=c.respond_by, acknowledged_on=c.acknowledged_on,
        complexity=c.complexity, extension_days=c.extension_days or 0,
        extensions_used=c.extensions_used or 0, extension_reason=c.extension_reason,
        responded_on=c.responded_on, decision=c.decision, reasons=c.reasons, remedy=c.remedy,
        outstanding_actions=c.outstanding_actions, outcome=c.outcome, close_reason=c.close_reason,
        closed_on=c.closed_on,
    )


def _apply(c: Complaint, s: stages.StageState) -> None:
    c.stage, c.status, c.stage_received_on = s.stage, s.status, s.received_on
    c.stage_arrived_on = s.arrived_on
    c.acknowledge_by, c.respond_by, c.acknowledged_on = s.acknowledge_by, s.respond_by, s.acknowledged_on
    c.complexity, c.extension_days, c.extensions_used = s.complexity, s.extension_days, s.extensions_used
    c.extension_reason, c.responded_on, c.decision = s.extension_reason, s.responded_on, s.decision
    c.reasons, c.remedy, c.outstanding_actions = s.reasons, s.remedy, s.outstanding_actions
    c.outcome, c.close_reason, c.closed_on = s.outcome, s.close_reason, s.closed_on
    c.updated_at = utcnow()
