"""Review of handoffs (the assistant's triage records): accept, reclassify, close as a duplicate,
and the same for many at once.

Accepting a complaint that has no case opens it (cases.create_case, the same path as the API:
dates from the original receipt, acknowledgement letter queued) and links the handoff to it.
The reviewer's decision itself is a HandoffReview row plus an audit entry under "handoff:<id>".
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ... import audit, case_messages, cases, handoff_records
from ...models import (Case, Complaint, Contact, ExcludedMatter, Handoff, HandoffReview, StaffUser,
                       TranscriptMessage)
from ...profiles import UnknownProfile
from ...schemas import (STORED, ComplaintCreate, ComplimentCreate, CreateBase, ExcludedCreate,
                        ServiceRequestCreate)
from ..plain import REASONS, TARGETS, TOPICS, category_label
from . import casework, permissions
from .deadlines import aware
from .errors import Refused

MAX_NOTE = 2000
ReviewError = Refused  # the name the pages used before the split


def reviews_of(session: Session, handoff_id: int) -> list[HandoffReview]:
    return list(session.scalars(select(HandoffReview).where(HandoffReview.handoff_id == handoff_id)
                                .order_by(HandoffReview.id)))


def get_handoff(session: Session, handoff_id: str | int) -> Handoff:
    try:
        hid = int(str(handoff_id))
    except ValueError:
        hid = 0
    h = session.get(Handoff, hid) if 1 <= hid <= 2_147_483_647 else None
    if h is None:
        raise Refused(404, "There is no handoff with that number.")
    return h


def effective(session: Session, h: Handoff) -> tuple[str, str | None]:
    rs = reviews_of(session, h.id)
    return (rs[-1].to_category, rs[-1].to_reason) if rs else (h.category, h.reason)


def _actor(user: StaffUser) -> str:
    return f"staff:{user.email}"[:100]


def _check_note(note: str | None, required: bool) -> str | None:
    note = (note or "").strip()
    if required and not note:
        raise Refused(422, "Give a reason for the change: it is kept in the audit trail.")
    if len(note) > MAX_NOTE:
        raise Refused(422, f"The reason is longer than {MAX_NOTE} characters.")
    if "\x00" in note:
        raise Refused(422, "The reason must not contain NUL characters.")
    return note or None


def _review_state(h: Handoff, cat: str, reason: str | None) -> dict[str, Any]:
    return {"category": cat, "reason": reason, "review_status": h.review_status,
            "case_reference": h.case_reference}


def source_case(session: Session, h: Handoff) -> Case | None:
    """Where to take the resident's contact details and transcript from: the case opened from this
    handoff, else the latest case of the same conversation."""
    if h.case_reference:
        c = session.scalar(select(Case).where(Case.reference == h.case_reference))
        if c is not None:
            return c
    if h.conversation_id:
        return session.scalar(select(Case).where(Case.conversation_id == h.conversation_id)
                              .order_by(Case.id.desc()).limit(1))
    return None


def _common_fields(session: Session, h: Handoff, key: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "idempotency_key": key, "profile": h.profile_id, "received_at": aware(h.received_at),
        "received_at_dropped": h.received_at_dropped, "channel": h.channel,
        "conversation_id": h.conversation_id, "text": h.text,
        "flags": [f for f in (h.flags or []) if f in ("safeguarding", "emergency", "low_confidence",
                                                       "group", "third_party")],
    }
    src = source_case(session, h)
    # The contact the handoff carries (asked for in the chat) when it has details, else the case's.
    own = h.contact
    c = own if own is not None and (not own.anonymous or has_details(own)) \
        else (src.contact if src is not None else None) or own
    if c is not None:
        data["contact"] = _contact_fields(c)
    transcript: list[dict[str, Any]] = []
    if src is not None:
        r = src.representative
        if r is not None:
            data["representative"] = _representative_fields(r)
        msgs = session.scalars(select(TranscriptMessage).where(TranscriptMessage.case_id == src.id)
                               .order_by(TranscriptMessage.position))
        transcript = [_message(m.sender, m.text, m.at, m.at_dropped) for m in msgs]
    data["transcript"] = (transcript + _later_messages(session, h, transcript))[:1000]
    return data


def _message(sender: str, text: str, at: datetime | None, at_dropped: str | None) -> dict[str, Any]:
    """A stored message as a transcript entry: its time and the reason a time sent was not used are
    kept as stored (the body is validated with schemas.STORED)."""
    return {"sender": sender, "text": text, "at": aware(at), "at_dropped": at_dropped}


def _later_messages(session: Session, h: Handoff, transcript: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The resident's later messages kept with the handoff (case_messages.add_handoff_message), after
    the record's transcript; one already in it (a record opened from this handoff before) is not
    repeated."""
    seen = {(m["text"], m["at"]) for m in transcript if m["sender"] == "resident"}
    later = [_message("resident", m.text, m.at, m.at_dropped)
             for m in case_messages.handoff_messages(session, h.id)]
    return [m for m in later if (m["text"], m["at"]) not in seen]


def _contact_fields(c: Contact) -> dict[str, Any]:
    needs = {"preferred_channel": c.preferred_channel, "format_needs": list(c.format_needs or []),
             "language": c.language}
    if c.anonymous and not has_details(c):
        return {"anonymous": True, **needs, "declined": bool(c.declined_contact)}
    # anonymous: no name, but the details they chose to give to be reached
    return {"anonymous": bool(c.anonymous), "name": None if c.anonymous else c.name,
            "email": c.email, "phone": c.phone, "postcode": c.postcode, "address": c.address, **needs}


def has_details(c: Contact) -> bool:
    """An e-mail, phone, postcode or address on the row (an anonymous resident may give them)."""
    return bool(c.email or c.phone or c.postcode or c.address)


def _representative_fields(r: Contact) -> dict[str, Any]:
    """The representative as recorded: the resident's consent and how it was given, and how to reach
    them (so the letters follow the same rule, casework.letters.representative_channel)."""
    # "post" without an address (recorded before representatives' addresses were kept) is not copied
    post_ok = r.preferred_channel != "post" or bool(r.address)
    return {"name": r.name, "relationship": r.relationship_to_resident, "consent": bool(r.consent),
            "consent_method": r.consent_method, "email": r.email, "phone": r.phone, "postcode": r.postcode,
            "address": r.address, "preferred_channel": r.preferred_channel if post_ok else None}


def _open_case(session: Session, h: Handoff, kind: str, actor: str, reason: str | None = None,
               explanation: str | None = None, topic: str | None = None) -> str:
    """Open a record of `kind` for the handoff through the case service and link the handoff."""
    n = len(reviews_of(session, h.id))
    data = _common_fields(session, h, f"staff-review:handoff:{h.id}:{n + 1}")
    try:
        # STORED: the handoff's and the messages' times, and why any sent was not used, as stored
        if kind == "complaint":
            body = ComplaintCreate.model_validate({**data, "handoff_id": h.id}, context=STORED)
        elif kind == "excluded":
            body = ExcludedCreate.model_validate({**data, "reason": reason, "explanation": explanation},
                                                 context=STORED)
        elif kind == "service_request":
            body = ServiceRequestCreate.model_validate(
                {**data, "topic": topic or "other", "emergency": "emergency" in data["flags"]},
                context=STORED)
        else:
            body = ComplimentCreate.model_validate(data, context=STORED)
        view, created = cases.create_case(session, kind, body, actor)
    except (cases.Conflict, cases.NotFound, UnknownProfile, ValueError) as exc:
        session.rollback()
        raise Refused(422, f"The record could not be opened: {getattr(exc, 'message', None) or exc}") from None
    ref = view["reference"]
    session.refresh(h)
    if created and body.transcript:
        _audit_carried(session, h, view, body, actor)
    if h.case_reference != ref:
        handoff_records.link_handoff(session, h.id, ref, actor)
        session.refresh(h)
    return ref


def _audit_carried(session: Session, h: Handoff, view: dict[str, Any], body: CreateBase,
                   actor: str) -> None:
    """The new record's audit says which messages came with it and which of them had their time
    replaced, and why (as add_message recorded when they arrived): positions and reason codes only."""
    dropped = [(i, m.at_dropped) for i, m in enumerate(body.transcript) if m.at_dropped]
    audit.record(session, actor=actor, action="carry_messages", entity_type=view["kind"],
                 entity_ref=view["reference"], before=None,
                 after={"reference": view["reference"], "handoff": h.id, "rows": len(body.transcript),
                        "positions": [i for i, _ in dropped],
                        "received_at_dropped": [why for _, why in dropped]})


def _needs_complaint(session: Session, h: Handoff) -> bool:
    """An accepted complaint must have a case: True when the handoff has no record at all. One
    recorded as something else (the resident declined a complaint: a service request with the
    dissatisfaction noted) keeps that record: accepting confirms the category and opens nothing;
    a complaint as well is a reclassification, with its reason (reclassify)."""
    if not h.case_reference:
        return True
    return session.scalar(select(Case).where(Case.reference == h.case_reference)) is None


def _already_recorded(linked: Case | None, category: str, reason: str | None) -> bool:
    """The handoff's record already is `category` (an open complaint; an excluded matter for the
    same reason): reclassifying into it opens nothing more."""
    if linked is None or linked.kind != category:
        return False
    if isinstance(linked, Complaint):
        return linked.status != "closed"
    return not isinstance(linked, ExcludedMatter) or linked.reason == reason


def accept(session: Session, handoff_id: str | int, user: StaffUser, note: str | None = None) -> HandoffReview:
    """Confirm the triage. A complaint without a complaint case gets one, with dates and letter."""
    h = get_handoff(session, handoff_id)
    note = _check_note(note, required=False)
    if h.review_status == "duplicate":
        raise Refused(409, "This handoff was closed as a duplicate.")
    cat, reason = effective(session, h)
    before = _review_state(h, cat, reason)
    actor = _actor(user)
    opened = None
    if cat == "complaint" and _needs_complaint(session, h):
        opened = _open_case(session, h, "complaint", actor)
    status = h.review_status if h.review_status == "reclassified" else "accepted"
    review = _review(session, h, user, actor, "accept", status, (cat, reason), (cat, reason), note,
                     h.case_reference)
    audit.record(session, actor=actor, action="review_accept", entity_type="handoff",
                 entity_ref=f"handoff:{h.id}", before=before,
                 after={**_review_state(h, cat, reason), "note": note, "opened": opened})
    session.commit()
    return review


def _review(session: Session, h, user: StaffUser, actor: str, action: str, status: str,
            before: tuple, after: tuple, note: str | None, case_reference: str | None) -> HandoffReview:
    """Write one review row and stamp the handoff as reviewed (by whom, when, with what status)."""
    now = datetime.now(timezone.utc)
    review = HandoffReview(handoff_id=h.id, reviewer_id=user.id, reviewer=actor, action=action,
                           from_category=before[0], from_reason=before[1], to_category=after[0],
                           to_reason=after[1], note=note, case_reference=case_reference, created_at=now)
    session.add(review)
    h.review_status, h.reviewed_by, h.reviewed_at = status, actor, now
    session.flush()
    return review


def reclassify(session: Session, handoff_id: str | int, user: StaffUser, to_category: str,
               to_reason: str | None, note: str | None, explanation: str | None = None,
               topic: str | None = None) -> HandoffReview:
    """Change the classification. Into a complaint: open it (dates from the ORIGINAL receipt, the
    acknowledgement letter queued by the case service). Out of a complaint (managers only): close
    it with the reason. Into another kind: open that record too (its letter tells the resident)."""
    h = get_handoff(session, handoff_id)
    if to_category not in TARGETS:
        raise Refused(422, "Choose what it should be: complaint, service request, compliment or excluded matter.")
    if to_category == "excluded":
        if to_reason not in REASONS:
            raise Refused(422, "An excluded matter needs the reason it is excluded.")
    else:
        to_reason = None
    note = _check_note(note, required=True)
    explanation = (explanation or "").strip() or None
    if explanation and (len(explanation) > 10_000 or "\x00" in explanation):
        raise Refused(422, "The explanation for the resident is too long or has NUL characters.")
    if topic is not None and topic not in TOPICS:
        topic = "other"
    cat, reason = effective(session, h)
    linked = source_case(session, h) if h.case_reference else None
    # the same category again only for a handoff recorded as something else (a declined complaint)
    if (cat, reason) == (to_category, to_reason) and (linked is None or linked.kind == cat):
        raise Refused(409, f"It is already classified as {category_label(cat, reason)}; use Accept to confirm it.")
    # Out of a complaint CASE (one is open) is for managers; correcting the assistant's triage is not.
    open_complaint = isinstance(linked, Complaint) and linked.status != "closed"
    permissions.check_reclassify(user, "complaint" if open_complaint else cat if cat != "complaint" else "triage",
                                 to_category)
    actor = _actor(user)
    before = _review_state(h, cat, reason)

    if isinstance(linked, Complaint) and to_category != "complaint" and linked.status != "closed":
        try:
            cases.close(session, linked.reference,
                        f"Not a complaint: reclassified as {category_label(to_category, to_reason)} on review.",
                        note, actor)
        except cases.Conflict as exc:
            raise Refused(409, exc.message) from None

    new_ref = None
    if not _already_recorded(linked, to_category, to_reason):
        new_ref = _open_case(session, h, to_category, actor, to_reason, explanation, topic)
        if linked is not None and linked.reference != new_ref:
            audit.record(session, actor=actor, action="reclassified", entity_type=linked.kind,
                         entity_ref=linked.reference, before=None,
                         after={"handoff": h.id, "now": new_ref, "reason": note})

    review = _review(session, h, user, actor, "reclassify", "reclassified", (cat, reason),
                     (to_category, to_reason), note, new_ref or h.case_reference)
    audit.record(session, actor=actor, action="review_reclassify", entity_type="handoff",
                 entity_ref=f"handoff:{h.id}", before=before,
                 after={**_review_state(h, to_category, to_reason), "note": note,
                        "closed": linked.reference if isinstance(linked, Complaint) and to_category != "complaint" else None})
    session.commit()
    return review


def close_as_duplicate(session: Session, handoff_id: str | int, user: StaffUser, of_reference: str,
                       note: str | None = None) -> HandoffReview:
    """The same matter as an existing case: link the handoff to that case, and close any open
    complaint this handoff had opened on its own ("Duplicate of <reference>")."""
    h = get_handoff(session, handoff_id)
    note = _check_note(note, required=False)
    try:
        target = cases.find_case(session, of_reference[:40])
    except cases.NotFound:
        raise Refused(422, "Give the reference of the case it duplicates (for example CMP-2026-000123).") from None
    if h.case_reference == target.reference:
        raise Refused(409, f"Handoff {h.id} is already linked to {target.reference}.")
    actor = _actor(user)
    cat, reason = effective(session, h)
    before = _review_state(h, cat, reason)
    own = source_case(session, h) if h.case_reference else None
    closed = None
    if isinstance(own, Complaint) and own.status != "closed":
        try:
            cases.close(session, own.reference, f"Duplicate of {target.reference}", note, actor)
        except cases.Conflict as exc:
            raise Refused(409, exc.message) from None
        closed = own.reference
    handoff_records.link_handoff(session, h.id, target.reference, actor)
    session.refresh(h)
    review = _review(session, h, user, actor, "duplicate", "duplicate", (cat, reason), (cat, reason),
                     note or f"Duplicate of {target.reference}", target.reference)
    audit.record(session, actor=actor, action="review_duplicate", entity_type="handoff",
                 entity_ref=f"handoff:{h.id}", before=before,
                 after={**_review_state(h, cat, reason), "duplicate_of": target.reference, "closed": closed})
    session.commit()
    return review


def bulk(session: Session, ids: list[str], user: StaffUser, action: str, of_reference: str | None = None,
         note: str | None = None) -> list[tuple[str, str]]:
    """Accept, or close as duplicates of one case, several handoffs. Each is its own transaction;
    returns (handoff id, what happened) for each, refusals included, so none is silently skipped."""
    if action not in ("accept", "duplicate"):
        raise Refused(422, "Choose what to do with the selected handoffs.")
    ids = list(dict.fromkeys(i.strip() for i in ids if i.strip()))
    if not ids:
        raise Refused(422, "Select at least one handoff.")
    if len(ids) > 50:
        raise Refused(422, "Select at most 50 handoffs at once.")
    if action == "duplicate" and not (of_reference or "").strip():
        raise Refused(422, "Give the reference of the case they duplicate.")
    out = []
    for hid in ids:
        try:
            if action == "accept":
                accept(session, hid, user, note)
                out.append((hid, "accepted"))
            else:
                close_as_duplicate(session, hid, user, of_reference.strip(), note)
                out.append((hid, f"closed as a duplicate of {of_reference.strip().upper()}"))
        except Refused as exc:
            session.rollback()
            out.append((hid, f"not done: {exc.message}"))
    return out


def escalate_requested_case(session: Session, handoff_id: str | int, user: StaffUser, reference: str,
                            note: str | None = None) -> HandoffReview:
    """A resident's escalation request (the chat records it before it has the case reference):
    escalate the case it asks about, dated from when the resident asked (the handoff's receipt:
    Code 6.12, the stage 2 clock starts at the request), then link the handoff to that case."""
    h = get_handoff(session, handoff_id)
    reference = (reference or "").strip().upper()[:40]
    # linked by the chat but kept open (it checked who the resident is, the case could not move then):
    # staff may still escalate that case, and no other
    if h.case_reference and (h.status == "linked" or h.case_reference != reference):
        raise Refused(409, f"Handoff {h.id} is already linked to {h.case_reference}.")
    if not reference:
        raise Refused(422, "Give the reference of the complaint to escalate (for example CMP-2026-000123).")
    casework.escalate(session, user, reference, h.received_at)
    h.case_reference = None  # the open request's link becomes the escalation's (linked below)
    return close_as_duplicate(session, h.id, user, reference,
                              note or f"Escalation request: {reference} escalated to the next stage")
