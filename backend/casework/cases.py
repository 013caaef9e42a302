"""Case service: creates and changes records in one transaction each, with an audit entry for
every change. Policy decisions come from stages.py; this module only stores their results."""
from __future__ import annotations

import logging
from dataclasses import asdict
from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from . import audit, clock, outbox, referrals, stages
from .contacts import resident_contact
from .case_views import (  # noqa: F401 (re-exported: cases.case_view etc.)
    _apply, _aware, _iso, _local_today, case_view, email_key, handoff_view, phone_key, postcode_key,
    resident_view, state_of,
)
from .models import (
    Case, Complaint, Compliment, Contact, ExcludedMatter, Handoff, IdempotencyKey,
    ServiceRequest, TranscriptMessage,
)
from .profiles import Profile, get_profile
from .references import KIND_BY_PREFIX, REFERENCE_RE, next_reference, normalise_reference
from . import disclosure
from .understanding import is_triage_note, neutral_summary, summarise
from .schemas import (
    ComplaintCreate, ComplimentCreate, CreateBase, ExcludedCreate, ServiceRequestCreate,
)

log = logging.getLogger("casework.cases")

# Excluded matters handed to another team through the routing directory (referrals.py).
REFERRED_REASONS = ("asb", "employment")

OMBUDSMAN_NOTICE = (
    "If you disagree with our decision not to handle this as a complaint, you can ask the Housing "
    "Ombudsman to review it: phone 0300 111 3000, email info@housing-ombudsman.org.uk, or write to "
    "Housing Ombudsman Service, PO Box 152, Liverpool L33 7WQ."
)
# An employment matter comes from a member of staff or an applicant, not a resident: the Ombudsman's
# review is for residents, so it is offered only on that condition (hg-07)
EMPLOYMENT_OMBUDSMAN_NOTICE = (
    "If you are also one of our residents and this is about your home or our service to you as a "
    "resident, you can ask the Housing Ombudsman to review our decision not to handle it as a complaint: "
    "phone 0300 111 3000, email info@housing-ombudsman.org.uk, or write to Housing Ombudsman Service, "
    "PO Box 152, Liverpool L33 7WQ."
)


def ombudsman_notice(reason: str) -> str:
    return EMPLOYMENT_OMBUDSMAN_NOTICE if reason == "employment" else OMBUDSMAN_NOTICE
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


class HandoffNotHere(NotFound):
    """A create named a handoff that is unknown or not of the body's conversation (404, this code)."""
    code = "handoff_not_in_conversation"


class Conflict(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


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
    contact = resident_contact(body.contact)
    session.add(contact)
    rep = None
    if body.representative is not None:
        r = body.representative
        rep = Contact(role="representative", anonymous=False, name=r.name,
                      relationship_to_resident=r.relationship, consent=r.consent,
                      consent_method=r.consent_method if r.consent else None, email=r.email,
                      phone=r.phone, postcode=r.postcode, address=r.address,
                      preferred_channel=r.preferred_channel, email_key=email_key(r.email),
                      postcode_key=postcode_key(r.postcode))
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
    handoffs = _conversation_handoffs(session, body)  # refused before anything is written
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
        received_at_dropped=body.received_at_dropped,
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
        if disclosure.flagged(common["flags"]):  # hj-06: the letter's summary keeps the housing matter only
            summary = (disclosure.without_disclosure(summary) if summary else
                       summarise(disclosure.without_disclosure(body.text)) or neutral_summary())
        case: Case = Complaint(**common, status="open", stage=1, stage_received_on=state.received_on,
                               summary=summary or summarise(body.text) or None,
                               desired_outcome=body.desired_outcome,
                               adjustments=body.adjustments, stage_history=[])
        _apply(case, state)
        case.status = "open"
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
                              ombudsman_review=ombudsman_notice(body.reason))
    else:  # pragma: no cover
        raise TypeError(kind)
    case.handoff_id = body.handoff_id
    session.add(case)
    session.flush()
    for i, m in enumerate(body.transcript):
        session.add(TranscriptMessage(case_id=case.id, position=i, sender=m.sender, text=m.text,
                                      at=m.at.astimezone(timezone.utc) if m.at else None,
                                      at_dropped=m.at_dropped))
    if body.received_at_dropped:  # the time it reached us stands in (the log: reference and reason only)
        log.warning("%s: the receipt time sent was not used (%s)", reference, body.received_at_dropped)
    dropped = [m.at_dropped for m in body.transcript if m.at_dropped]
    if dropped:  # a sender's clock is wrong: say so (reference and reasons only, never the words)
        log.warning("%s: %d transcript time(s) not recorded (%s)", reference, len(dropped),
                    ", ".join(sorted(set(dropped))))
    key_row.target = reference
    _hand_off(session, case, actor)
    if isinstance(case, Complaint) and outbox.goes_automatically(case, CREATE_LETTERS[kind]):
        # The automatic acknowledgement goes now: record it, and count the response from it
        # (so the letter states the real response date).
        _apply(case, stages.acknowledge(profile, state_of(case), _ack_date(profile, case)))
    outbox.queue(session, case, CREATE_LETTERS[kind])
    session.flush()
    view = case_view(case)
    audit.record(session, actor=actor, action="create", entity_type=kind, entity_ref=reference,
                 before=None, after=view)
    for handoff in handoffs:
        _link(session, handoff, reference, actor)
    from .hazards.service import attach_case; attach_case(session, case, actor)  # noqa: E702 (Awaab's Law)
    session.commit()
    return view, True


def _conversation_handoffs(session: Session, body: CreateBase) -> list[Handoff]:
    """The handoffs a create links to its record (handoff_id, linked_handoff_ids). Trust boundary:
    only the body's own conversation's; an unknown id and another conversation's are refused alike
    (HandoffNotHere, nothing written), so the answer says nothing about other conversations."""
    found = []
    for hid in dict.fromkeys(i for i in [body.handoff_id, *body.linked_handoff_ids] if i is not None):
        h = session.get(Handoff, hid)
        if h is None or h.conversation_id != body.conversation_id:
            log.warning("a create named handoff:%d, not of its conversation: refused", hid)  # no words
            raise HandoffNotHere(f"No handoff with id {hid} in this conversation.")
        found.append(h)
    return found


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


def _link(session: Session, h: Handoff, reference: str, actor: str, keep_open: bool = False) -> dict[str, Any]:
    before = handoff_view(h)
    h.case_reference = reference
    if not keep_open:
        h.status = "linked"
    session.flush()
    after = handoff_view(h)
    audit.record(session, actor=actor, action="link", entity_type="handoff", entity_ref=f"handoff:{h.id}",
                 before=before, after=after)
    return after


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
    if action == "escalate" and new.acknowledge_by is not None and outbox.goes_automatically(c, "escalation"):
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


def close(session: Session, reference: str, outcome: str, reason: str | None, actor: str) -> dict[str, Any]:
    c = find_complaint(session, reference)
    return _transition(session, c, "close", actor,
                       lambda p, s: stages.close(s, outcome, _local_today(p), reason))


def resident_case(session: Session, reference: str, postcode: str | None, email: str | None,
                  phone: str | None = None) -> Case | None:
    """The case only if the second factor matches: the resident's postcode, e-mail or phone (compared
    normalised: a resident who gave only a phone has nothing else to prove it with), or the
    postcode or phone of a representative the resident consented to (consent as recorded now). Without that
    consent a representative's postcode matches nothing: it is theirs, not the resident's. None for
    any mismatch (callers answer 404, the same for every kind of miss)."""
    try:
        case = find_case(session, reference)
    except NotFound:
        return None
    contact, rep = case.contact, case.representative
    if contact is None:
        return None
    if postcode:
        key = postcode_key(postcode)
        if key and key in (contact.postcode_key, rep.postcode_key if rep is not None and rep.consent else None):
            return case
    if email and contact.email_key and email_key(email) == contact.email_key:
        return case
    key = phone_key(phone)
    if key and key in (phone_key(contact.phone), phone_key(rep.phone) if rep is not None and rep.consent else None):
        return case
    return None
