"""Case service: creates and changes records in one transaction each, with an audit entry for
every change. Policy decisions come from stages.py; this module only stores their results."""
from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, object_session

from . import audit, clock, outbox, referrals, stages
from .understanding import is_triage_note, summarise
from .models import (
    Case, Complaint, Compliment, Contact, ExcludedMatter, Handoff, IdempotencyKey,
    ServiceRequest, TranscriptMessage, utcnow,
)
from .profiles import Profile, get_profile
from .references import KIND_BY_PREFIX, REFERENCE_RE, next_reference, normalise_reference
from .schemas import (
    ComplaintCreate, ComplimentCreate, CreateBase, ExcludedCreate, HandoffCreate,
    ServiceRequestCreate, UnderstandingIn,
)

# Excluded matters handed to another team through the routing directory (referrals.py).
REFERRED_REASONS = ("asb", "employment")

OMBUDSMAN_NOTICE = (
    "If you disagree with our decision not to handle this as a complaint, you can ask the Housing "
    "Ombudsman to review it: phone 0300 111 3000, email info@housing-ombudsman.org.uk, or write to "
    "Housing Ombudsman Service, PO Box 152, Liverpool L33 7WQ."
)
DEFAULT_EXPLANATIONS = {
    "asb": "A new report of anti-social behaviour is dealt with under the anti-social behaviour "
           "process, not as a complaint. If you are unhappy with how we handled an ASB case, that is a complaint.",
    "legal": "Legal proceedings about this matter have already started, so it will be dealt with "
             "through the court or tribunal rather than the complaints process.",
    "employment": "Matters about employment or recruitment are dealt with under our HR procedures.",
    "time_limit": "The issue arose longer ago than our complaints policy allows. We will consider "
                  "whether there is a good reason to look at it anyway.",
    "already_investigated": "This matter has already been investigated under our complaints "
                            "policy. Tell us if you have new evidence.",
}


# The letter each change sends (composed in the same transaction as the change: outbox.py).
CREATE_LETTERS = {"complaint": "acknowledgement", "service_request": "service_request",
                  "compliment": "compliment", "excluded": "excluded"}
TRANSITION_LETTERS = {"extend": "extension", "respond": "stage_response", "escalate": "escalation"}


class NotFound(LookupError):
    pass


class Conflict(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


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


# ---------------------------------------------------------------- views

def _contact_view(c: Contact | None) -> dict[str, Any] | None:
    if c is None:
        return None
    if c.role == "representative":
        return {"name": c.name, "relationship": c.relationship_to_resident, "consent": c.consent,
                "consent_method": c.consent_method, "email": c.email, "phone": c.phone,
                "preferred_channel": c.preferred_channel,
                "letters_to_representative": bool(c.consent and c.email)}
    return {"anonymous": c.anonymous, "name": c.name, "email": c.email, "phone": c.phone,
            "postcode": c.postcode, "preferred_channel": c.preferred_channel,
            "format_needs": list(c.format_needs or []), "language": c.language,
            "declined_contact": bool(c.declined_contact),
            "needs_translation": outbox.needs_translation(c.language)}


def case_view(case: Case) -> dict[str, Any]:
    """Service (staff/bot) view of any kind of case."""
    profile = get_profile(case.profile_id)
    out: dict[str, Any] = {
        "reference": case.reference, "kind": case.kind, "status": case.status,
        "profile": case.profile_id, "received_at": _iso(case.received_at),
        "effective_received_on": _iso(case.effective_received_on), "channel": case.channel,
        "conversation_id": case.conversation_id, "text": case.text, "flags": list(case.flags or []),
        "contact": _contact_view(case.contact), "representative": _contact_view(case.representative),
        "handoff_id": case.handoff_id, "created_at": _iso(case.created_at),
        "group_residents": list(case.group_residents or []),
        "referrals": _referrals(case),
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
                when = f" by {by.isoformat()}" if by else ""
                return f"If you are unhappy with our response you can ask us to take it to {nxt}{when}."
            return ("If you are still unhappy you can refer your complaint to the Housing Ombudsman "
                    "(0300 111 3000, info@housing-ombudsman.org.uk).")
        if case.acknowledged_on is None and case.acknowledge_by:
            return f"We will acknowledge your complaint by {case.acknowledge_by.isoformat()}."
        if case.respond_by:
            return f"We will respond by {case.respond_by.isoformat()}."
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
    return {
        "reference": case.reference, "kind": case.kind,
        "stage": case.stage if is_cmp else None,
        "stage_name": profile.stage(case.stage).name if is_cmp else None,
        "status": case.status,
        "acknowledge_by": _iso(case.acknowledge_by) if is_cmp else None,
        "respond_by": _iso(case.respond_by) if is_cmp else None,
        "next_step": _next_step(case),
    }


def handoff_view(h: Handoff) -> dict[str, Any]:
    return {
        "id": h.id, "status": h.status, "conversation_id": h.conversation_id,
        "message_id": h.message_id, "text": h.text, "received_at": _iso(h.received_at),
        "channel": h.channel, "profile": h.profile_id, "category": h.category, "reason": h.reason,
        "confidence": h.confidence, "intent": h.intent, "entities": list(h.entities or []),
        "flags": list(h.flags or []), "explanation": h.explanation,
        "case_reference": h.case_reference, "created_at": _iso(h.created_at),
        "picked_up_by": h.picked_up_by, "picked_up_at": _iso(h.picked_up_at),
        "alerts": _handoff_alerts(h),
    }


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


# ---------------------------------------------------------------- creation

def _claim_key(session: Session, kind: str, key: str) -> IdempotencyKey | None:
    """Insert the idempotency key first, so a racing duplicate waits on the unique index and then
    fails, before it has used a reference number. Returns None when the key already exists."""
    existing = session.scalar(select(IdempotencyKey).where(IdempotencyKey.kind == kind,
                                                          IdempotencyKey.key == key))
    if existing is not None:
        return None
    row = IdempotencyKey(kind=kind, key=key)
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        return None
    return row


def _existing_target(session: Session, kind: str, key: str) -> str:
    return session.scalar(select(IdempotencyKey.target).where(IdempotencyKey.kind == kind,
                                                              IdempotencyKey.key == key))


def _contacts(session: Session, body: CreateBase) -> tuple[Contact, Contact | None]:
    c = body.contact
    needs = dict(preferred_channel=c.preferred_channel, format_needs=list(dict.fromkeys(c.format_needs)),
                 language=c.language) if c else {}
    declined = bool(c.declined) if c else None
    if c is None or c.anonymous:
        contact = Contact(role="resident", anonymous=True, declined_contact=declined, **needs)
    else:
        contact = Contact(role="resident", anonymous=False, name=c.name, email=c.email,
                          phone=c.phone, postcode=c.postcode, **needs, declined_contact=declined,
                          postcode_key=postcode_key(c.postcode), email_key=email_key(c.email))
    session.add(contact)
    rep = None
    if body.representative is not None:
        r = body.representative
        rep = Contact(role="representative", anonymous=False, name=r.name,
                      relationship_to_resident=r.relationship, consent=r.consent,
                      consent_method=r.consent_method if r.consent else None, email=r.email,
                      phone=r.phone, preferred_channel=r.preferred_channel,
                      email_key=email_key(r.email))
        session.add(rep)
    return contact, rep


def _route_compliment(profile: Profile, person: str | None, team: str | None) -> list[str]:
    routed: list[str] = []
    if person:
        routed += [person, f"{person}'s line manager"]
    if team:
        routed += [team, f"{team} manager"]
    return routed or [profile.compliments_team]


def create_case(session: Session, kind: str, body: CreateBase, actor: str) -> tuple[dict[str, Any], bool]:
    profile = get_profile(body.profile)  # UnknownProfile before anything is written
    received_at = body.received_at or clock.now()
    handoff = None
    if isinstance(body, ComplaintCreate) and body.handoff_id is not None:
        handoff = session.get(Handoff, body.handoff_id)
        if handoff is None:
            raise NotFound(f"No handoff with id {body.handoff_id}.")
    state = None
    if isinstance(body, ComplaintCreate):
        try:
            state = stages.open_complaint(profile, received_at, body.complexity)
        except ValueError as exc:
            raise Conflict("invalid", str(exc)) from None  # mapped to 422 by the API

    key_row = _claim_key(session, kind, body.idempotency_key)
    if key_row is None:
        session.rollback()
        ref = _existing_target(session, kind, body.idempotency_key)
        case = session.scalar(select(Case).where(Case.reference == ref))
        return case_view(case), False

    year = stages.local_date(profile, received_at).year
    reference = next_reference(session, kind, year)
    contact, rep = _contacts(session, body)
    common = dict(
        reference=reference, profile_id=profile.id, received_at=received_at.astimezone(timezone.utc),
        effective_received_on=stages.receipt_date(profile, received_at), channel=body.channel,
        conversation_id=body.conversation_id, text=body.text, flags=list(dict.fromkeys(body.flags)),
        contact=contact, representative=rep, group_residents=list(body.group_residents) or None,
    )
    if body.representative is not None and "third_party" not in common["flags"]:
        common["flags"].append("third_party")
    if body.group_residents and "group" not in common["flags"]:
        common["flags"].append("group")
    if isinstance(body, ComplaintCreate):
        summary = body.summary if body.summary and not is_triage_note(body.summary) else None
        case: Case = Complaint(**common, status="open", stage=1, stage_received_on=state.received_on,
                               summary=summary or summarise(body.text) or None,
                               desired_outcome=body.desired_outcome,
                               adjustments=body.adjustments, stage_history=[])
        _apply(case, state)
        case.status = "open"
        if handoff is not None:
            case.handoff_id = handoff.id
    elif isinstance(body, ServiceRequestCreate):
        flags = common["flags"]
        if body.emergency and "emergency" not in flags:
            flags.append("emergency")
        case = ServiceRequest(**common, status="open", topic=body.topic, emergency=body.emergency,
                              dissatisfaction_noted=body.dissatisfaction_noted)
    elif isinstance(body, ComplimentCreate):
        case = Compliment(**common, status="routed", person=body.person, team=body.team, routed_to=[])
    elif isinstance(body, ExcludedCreate):
        case = ExcludedMatter(**common, status="closed", reason=body.reason,
                              explanation=body.explanation or DEFAULT_EXPLANATIONS[body.reason],
                              redirect_to=profile.redirects.get(body.reason),
                              ombudsman_review=OMBUDSMAN_NOTICE)
    else:  # pragma: no cover
        raise TypeError(kind)
    session.add(case)
    session.flush()
    for i, m in enumerate(body.transcript):
        session.add(TranscriptMessage(case_id=case.id, position=i, sender=m.sender, text=m.text,
                                      at=m.at.astimezone(timezone.utc) if m.at else None))
    key_row.target = reference
    _hand_off(session, case, actor)
    if isinstance(case, Complaint) and outbox.goes_automatically(case):
        # The automatic acknowledgement goes now: record it, and count the response from it
        # (so the letter states the real response date).
        _apply(case, stages.acknowledge(profile, state_of(case), _ack_date(profile, case)))
    outbox.queue(session, case, CREATE_LETTERS[kind])
    session.flush()
    view = case_view(case)
    audit.record(session, actor=actor, action="create", entity_type=kind, entity_ref=reference,
                 before=None, after=view)
    if handoff is not None:
        _link(session, handoff, reference, actor)
    session.commit()
    return view, True


def _ack_date(profile: Profile, c: Complaint) -> date:
    """Today (the landlord's local date), never before the day the complaint arrived."""
    today = _local_today(profile)
    arrived = c.stage_arrived_on or c.stage_received_on
    return max(today, arrived)


def _hand_off(session: Session, case: Case, actor: str) -> None:
    """Referrals and alerts the new record needs (routing directory; delivered by the outbox)."""
    if isinstance(case, ExcludedMatter) and case.reason in REFERRED_REASONS:
        referrals.refer_case(session, case, case.reason, actor)
    if isinstance(case, Compliment):
        routed = referrals.route_compliment(session, case, case.person, case.team, actor)
        case.routed_to = routed or _route_compliment(get_profile(case.profile_id), case.person, case.team)
    referrals.alert_case(session, case, actor)


def create_handoff(session: Session, body: HandoffCreate, actor: str) -> tuple[dict[str, Any], bool]:
    profile = get_profile(body.profile)
    key_row = _claim_key(session, "handoff", body.idempotency_key)
    if key_row is None:
        session.rollback()
        hid = _existing_target(session, "handoff", body.idempotency_key)
        return handoff_view(session.get(Handoff, int(hid))), False
    h = Handoff(
        conversation_id=body.conversation_id, message_id=body.message_id, text=body.text,
        received_at=(body.received_at or clock.now()).astimezone(timezone.utc),
        channel=body.channel, profile_id=profile.id, category=body.category, reason=body.reason,
        confidence=body.confidence, intent=body.intent, entities=body.entities,
        flags=list(dict.fromkeys(body.flags)), explanation=body.explanation, status="new",
    )
    session.add(h)
    session.flush()
    key_row.target = str(h.id)
    referrals.alert_handoff(session, h, actor)  # safeguarding / emergency: the duty inbox, at once
    view = handoff_view(h)
    audit.record(session, actor=actor, action="create", entity_type="handoff", entity_ref=f"handoff:{h.id}",
                 before=None, after=view)
    session.commit()
    return view, True


def _link(session: Session, h: Handoff, reference: str, actor: str) -> dict[str, Any]:
    before = handoff_view(h)
    h.case_reference, h.status = reference, "linked"
    session.flush()
    after = handoff_view(h)
    audit.record(session, actor=actor, action="link", entity_type="handoff", entity_ref=f"handoff:{h.id}",
                 before=before, after=after)
    return after


def link_handoff(session: Session, handoff_id: int, reference: str, actor: str) -> dict[str, Any]:
    h = session.get(Handoff, handoff_id)
    if h is None:
        raise NotFound(f"No handoff with id {handoff_id}.")
    case = find_case(session, reference)
    view = _link(session, h, case.reference, actor)
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


# ---------------------------------------------------------------- lookups and transitions

def find_case(session: Session, reference: str) -> Case:
    ref = normalise_reference(reference)
    case = None
    if REFERENCE_RE.match(ref):
        case = session.scalar(select(Case).where(Case.reference == ref))
    if case is None:
        raise NotFound(f"No case with reference {reference[:40]!r}.")
    return case


def find_complaint(session: Session, reference: str) -> Complaint:
    case = find_case(session, reference)
    if not isinstance(case, Complaint):
        raise Conflict("not_a_complaint",
                       f"{case.reference} is a {case.kind.replace('_', ' ')}, not a complaint.")
    return case


def _transition(session: Session, c: Complaint, action: str, actor: str, fn) -> dict[str, Any]:
    profile = get_profile(c.profile_id)
    before = case_view(c)
    old = state_of(c)
    try:
        new = fn(profile, old)
    except stages.StageRefused as exc:
        raise Conflict(exc.code, exc.message) from None
    if action == "escalate":
        history = list(c.stage_history or [])
        history.append({k: (v.isoformat() if isinstance(v, date) else v) for k, v in asdict(old).items()})
        c.stage_history = history
    _apply(c, new)
    if action == "escalate" and new.acknowledge_by is not None and outbox.goes_automatically(c):
        # The escalation letter is the stage's acknowledgement and goes now: record it.
        _apply(c, stages.acknowledge(profile, state_of(c), _ack_date(profile, c)))
    session.flush()
    if action in TRANSITION_LETTERS:
        outbox.queue(session, c, TRANSITION_LETTERS[action])
    after = case_view(c)
    audit.record(session, actor=actor, action=action, entity_type="complaint", entity_ref=c.reference,
                 before=before, after=after)
    session.commit()
    return after


def acknowledge(session: Session, reference: str, on: date | None, actor: str) -> dict[str, Any]:
    c = find_complaint(session, reference)
    return _transition(session, c, "acknowledge", actor,
                       lambda p, s: stages.acknowledge(p, s, on or _local_today(p)))


def extend(session: Session, reference: str, days: int, reason: str | None, actor: str) -> dict[str, Any]:
    c = find_complaint(session, reference)
    return _transition(session, c, "extend", actor, lambda p, s: stages.extend(p, s, days, reason))


def respond(session: Session, reference: str, body, actor: str) -> dict[str, Any]:
    c = find_complaint(session, reference)
    return _transition(session, c, "respond", actor, lambda p, s: stages.respond(
        p, s, body.decision, body.reasons, body.responded_on or _local_today(p),
        body.remedy, body.outstanding_actions))


def escalate(session: Session, reference: str, requested_at: datetime | None, actor: str,
             complaint: Complaint | None = None) -> dict[str, Any]:
    c = complaint or find_complaint(session, reference)
    at = requested_at or clock.now()
    return _transition(session, c, "escalate", actor,
                       lambda p, s: stages.escalate(p, s, at))


def edit_understanding(session: Session, reference: str, body: UnderstandingIn, actor: str) -> dict[str, Any]:
    """Staff correct the summary and/or the outcome wanted. Once the stage's acknowledgement has
    been queued or sent, a corrected acknowledgement goes to the resident."""
    c = find_complaint(session, reference)
    if c.status == "closed":
        raise Conflict("case_closed", "The complaint is closed.")
    if body.summary is None and body.desired_outcome is None:
        raise Conflict("invalid", "Give a summary, a desired outcome, or both.")
    if body.summary is not None and is_triage_note(body.summary):
        raise Conflict("invalid", "The summary must say what the complaint is about, not how it was triaged.")
    before = case_view(c)
    if body.summary is not None:
        c.summary = body.summary.strip()
    if body.desired_outcome is not None:
        c.desired_outcome = body.desired_outcome.strip()
    c.updated_at = utcnow()
    session.flush()
    from .models import OutboxMessage

    acknowledged_before = session.scalar(select(OutboxMessage.id).where(
        OutboxMessage.case_id == c.id, OutboxMessage.kind == "acknowledgement"))
    if acknowledged_before is not None and c.stage == 1:
        outbox.queue(session, c, "acknowledgement", extra={"corrected": True})
    after = case_view(c)
    audit.record(session, actor=actor, action="edit_understanding", entity_type="complaint",
                 entity_ref=c.reference, before=before, after=after)
    session.commit()
    return after


def letter_went(session: Session, letter: dict[str, Any], actor: str) -> dict[str, Any]:
    """After staff release a held letter or mark a hand-sent one: an acknowledgement that has now
    gone records the complaint as acknowledged that day (if it was not already)."""
    if letter.get("kind") != "acknowledgement" or letter.get("status") not in ("pending", "sent"):
        return letter
    try:
        c = find_complaint(session, letter["reference"])
    except (NotFound, Conflict):
        return letter
    if c.acknowledged_on is None and c.status == "open" and c.stage == 1:
        acknowledge(session, c.reference, None, actor)
    return letter


def close(session: Session, reference: str, outcome: str, reason: str | None, actor: str) -> dict[str, Any]:
    c = find_complaint(session, reference)
    return _transition(session, c, "close", actor,
                       lambda p, s: stages.close(s, outcome, _local_today(p), reason))


def resident_case(session: Session, reference: str, postcode: str | None, email: str | None) -> Case | None:
    """The case only if the second factor matches; None for any mismatch (callers answer 404)."""
    try:
        case = find_case(session, reference)
    except NotFound:
        return None
    contact = case.contact
    if contact is None:
        return None
    if postcode and contact.postcode_key and postcode_key(postcode) == contact.postcode_key:
        return case
    if email and contact.email_key and email_key(email) == contact.email_key:
        return case
    return None
