"""Letters on the staff case page: correcting what we understand a complaint is about and the
outcome wanted (casework.corrections does the change, its corrected letter and its audit entry;
this module checks who may and reads the form), letters held for staff (why, release, sent by
hand) and a case's letters as staff read them (which one a corrected letter replaced).

Every refusal is a `Refused` with a sentence for staff; nothing here reaches a 500 on bad input.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from ... import cases, corrections, outbox, resident_address
from ...letters import address_block
from ...models import AuditEvent, Case, Complaint, OutboxMessage, StaffUser
from ...schemas import MAX_TEXT, UnderstandingIn
from .. import plain
from . import ownership
from .errors import Refused

SUMMARY_LABEL = "What we understand your complaint is about"
OUTCOME_LABEL = "The outcome you want"
CORRECTED_PREFIX = "Corrected:"
CORRECTABLE = corrections.STAGE_LETTERS  # letters a corrected one can replace


# ---------------------------------------------------------------- understanding

@dataclass(frozen=True)
class UnderstandingSaved:
    corrected_letter: dict[str, Any] | None  # the corrected acknowledgement, when one was produced
    stage: int


def _complaint(session: Session, reference: str) -> Complaint:
    try:
        return cases.find_complaint(session, reference)
    except cases.NotFound:
        raise Refused(404, "No case has that reference.") from None
    except cases.Conflict:
        raise Refused(409, f"{reference[:40]} is not a complaint: only a complaint has an understanding "
                           "and an outcome wanted to correct.") from None


def _changed(label: str, new: str, current: str | None) -> str | None:
    """The new value when it differs from the current one; None when unchanged."""
    new, current = (new or "").strip(), (current or "").strip()
    if new == current:
        return None
    if not new:
        raise Refused(422, f"'{label}' cannot be left empty once it has been written. Say it in plain words "
                           "(for the outcome, 'Not stated yet' if the resident has not said).")
    if len(new) > MAX_TEXT:
        raise Refused(422, f"'{label}' is longer than {MAX_TEXT} characters.")
    return new


def edit_understanding(session: Session, user: StaffUser, reference: str, summary: str,
                       desired_outcome: str) -> UnderstandingSaved:
    """Staff correct the landlord's understanding and/or the outcome wanted. Code 6.13: nobody who
    handled an earlier stage changes this one. The corrected letter (when the acknowledgement has
    already been produced) comes from casework.corrections."""
    c = _complaint(session, reference)
    if c.status == "closed":
        raise Refused(409, f"{c.reference} is closed: its understanding can no longer be changed.")
    ownership.check_different_person(session, c, user, "change what we understand the complaint is about")
    new_summary = _changed(SUMMARY_LABEL, summary, c.summary)
    new_outcome = _changed(OUTCOME_LABEL, desired_outcome, c.desired_outcome)
    if new_summary is None and new_outcome is None:
        raise Refused(422, "Nothing has changed: edit what we understand the complaint is about or the "
                           "outcome wanted, then save.")
    try:
        body = UnderstandingIn(summary=new_summary, desired_outcome=new_outcome)
    except ValidationError as exc:
        raise Refused(422, "The text could not be used: " + "; ".join(e["msg"] for e in exc.errors())) from None
    last = session.scalar(select(func.max(OutboxMessage.id)).where(OutboxMessage.case_id == c.id)) or 0
    try:
        corrections.edit_understanding(session, c.reference, body, ownership.actor_of(user))
    except cases.Conflict as exc:
        session.rollback()
        raise Refused(422 if exc.code == "invalid" else 409, exc.message) from None
    new = session.scalar(select(OutboxMessage).where(
        OutboxMessage.case_id == c.id, OutboxMessage.id > last,
        OutboxMessage.kind == corrections.stage_letter_kind(c.stage)))
    return UnderstandingSaved(outbox.letter_view(new) if new is not None else None, c.stage)


def acknowledgement_produced(letters: list[dict[str, Any]], stage: int = 1) -> dict[str, Any] | None:
    """The latest letter acknowledging the complaint's current stage (queued, held or sent), if any:
    the acknowledgement at stage 1, the escalation letter later."""
    acks = [x for x in letters if x["kind"] == corrections.stage_letter_kind(stage)]
    return acks[-1] if acks else None


# ---------------------------------------------------------------- letters as staff read them

HELD_PREFIX = "Held for staff:"


def why_held(letter: dict[str, Any]) -> str:
    """Why the letter waits, as a sentence (the status beside it already says it is held)."""
    reason = (letter.get("last_error") or "").strip()
    if reason.startswith(HELD_PREFIX):
        reason = reason[len(HELD_PREFIX):].strip()
    if reason:
        return reason[:1].upper() + reason[1:]
    bits = []
    if letter.get("language"):
        bits.append(f"the resident asked for {letter['language']}")
    if letter.get("format_needs"):
        bits.append("the resident needs " + ", ".join(letter["format_needs"]).replace("_", " "))
    if not bits:
        return "Staff are to check it before it goes."
    text = " and ".join(bits)
    return text[:1].upper() + text[1:] + "."


def case_letters(session: Session, case: Case) -> list[dict[str, Any]]:
    """The case's letters to the resident with staff annotations: `corrected` (a corrected letter), `replaced` (a
    stage's acknowledgement a later corrected one replaces: send only the corrected one) and `why_held`."""
    # the same list as GET /api/v1/cases/{ref}/letters (hazard letters included; staff notifications
    # are under Referrals)
    rows = outbox.case_letters(session, case)
    corrected = [(i, x["kind"]) for i, x in enumerate(rows)
                 if x["kind"] in CORRECTABLE and (x["subject"] or "").startswith(CORRECTED_PREFIX)]
    for i, x in enumerate(rows):
        x["corrected"] = (i, x["kind"]) in corrected
        x["replaced"] = any(j > i and kind == x["kind"] for j, kind in corrected)
        x["why_held"] = why_held(x) if x["status"] == "held" else None
        # nowhere to send it: held until staff add an address (ringing for it when there is a phone)
        x["no_address"] = x["status"] == "held" and x["channel"] == "none"
        # to post: the address it opens with, to print ([] when there is none to post it to)
        x["post_to"] = address_block(x["text"]) if x["channel"] == "post" else []
        x["sent_on"] = datetime.fromisoformat(x["sent_at"]) if x.get("sent_at") else None
        x["due"] = date.fromisoformat(x["due_on"]) if x.get("due_on") and x["status"] in outbox.UNSENT else None
    return rows


def held_on_case(letters: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [x for x in letters if x["status"] == "held" and not x["replaced"]]


def _held_and_current():
    """Held case letters, except one a later corrected letter of the same kind replaces."""
    later = aliased(OutboxMessage)
    replaced = (select(later.id).where(later.case_id == OutboxMessage.case_id, later.id > OutboxMessage.id,
                                       later.kind == OutboxMessage.kind,
                                       later.subject.like(CORRECTED_PREFIX + "%")).exists())
    return (OutboxMessage.status == "held", OutboxMessage.case_id.is_not(None),
            ~and_(OutboxMessage.kind.in_(CORRECTABLE), replaced))


def held_letters(session: Session, limit: int = 50) -> list[dict[str, Any]]:
    """Letters held for staff across every case, the soonest due first, then those without a due
    date oldest first (the complaints list shows them)."""
    q = (select(OutboxMessage).where(*_held_and_current())
         .order_by(OutboxMessage.due_on.is_(None), OutboxMessage.due_on, OutboxMessage.created_at,
                   OutboxMessage.id).limit(limit))
    out = []
    for m in session.scalars(q):
        v = outbox.letter_view(m, with_body=False)
        v["why_held"], v["held_since"], v["due"] = why_held(v), m.created_at, m.due_on
        out.append(v)
    return out


def count_held(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(OutboxMessage).where(*_held_and_current())) or 0


# ---------------------------------------------------------------- letter actions

def case_letter(session: Session, case: Case, letter_id: str) -> OutboxMessage:
    row = session.scalar(select(OutboxMessage).where(OutboxMessage.letter_id == (letter_id or "")[:40],
                                                     OutboxMessage.case_id == case.id))
    if row is None:
        raise Refused(404, "That letter does not belong to this case.")
    return row


def _may_send(session: Session, user: StaffUser, case: Case) -> None:
    if isinstance(case, Complaint):
        ownership.check_different_person(session, case, user, "send its letters")


def _staff(fn, session: Session, letter_id: str, actor: str) -> dict[str, Any]:
    try:
        return fn(session, letter_id, actor)
    except outbox.LetterConflict as exc:
        session.rollback()
        raise Refused(409, exc.message) from None


def release(session: Session, user: StaffUser, case: Case, letter_id: str, need_met: bool) -> dict[str, Any]:
    """Let a held letter go, once staff confirm the need it was held for is met (translated, an
    interpreter arranged). An acknowledgement that now goes records the complaint as acknowledged."""
    row = case_letter(session, case, letter_id)
    if row.status != "held":
        state = plain.letter_status({"status": row.status, "channel": row.channel,
                                     "post_to": address_block(row.body_text)})
        raise Refused(409, f"This letter is not held (it is '{state}'), so there is nothing "
                           "to release.")
    _may_send(session, user, case)
    if not need_met:
        raise Refused(422, "Tick the box to confirm the need the letter was held for has been met (the letter "
                           "translated or an interpreter arranged) before you release it.")
    actor = ownership.actor_of(user)
    letter = _staff(outbox.staff_release, session, row.letter_id, actor)
    letter["post_to"] = address_block(row.body_text) if letter["channel"] == "post" else []
    return corrections.letter_went(session, letter, actor)


def mark_sent(session: Session, user: StaffUser, case: Case, letter_id: str) -> dict[str, Any]:
    """Staff sent it by hand (or checked an unknown send): an acknowledgement marked sent records
    the complaint as acknowledged, as the API's mark-sent does."""
    row = case_letter(session, case, letter_id)
    _may_send(session, user, case)
    actor = ownership.actor_of(user)
    letter = _staff(outbox.staff_mark_sent, session, row.letter_id, actor)
    return corrections.letter_went(session, letter, actor)


def add_contact_address(session: Session, user: StaffUser, case: Case, email: str, address: str,
                        postcode: str) -> list[dict[str, Any]]:
    """Staff rang the resident (or the consenting representative) whose letters had nowhere to go:
    the e-mail or postal address goes on their contact and the held letters go on
    (casework.resident_address). It sends letters, so Code 6.13 applies as to a release."""
    _may_send(session, user, case)
    try:
        body = resident_address.parse(email, address, postcode)
        return resident_address.add_address(session, case, body, ownership.actor_of(user))
    except resident_address.AddressRefused as exc:
        session.rollback()
        raise Refused(exc.status, exc.message) from None


def retry(session: Session, user: StaffUser, case: Case, letter_id: str) -> dict[str, Any]:
    row = case_letter(session, case, letter_id)
    return _staff(outbox.staff_retry, session, row.letter_id, ownership.actor_of(user))


# ---------------------------------------------------------------- the case's trail

def case_trail(session: Session, case: Case) -> list[AuditEvent]:
    """The case's audit trail with its letters' own entries (retried, released, marked sent)."""
    ids = list(session.scalars(select(OutboxMessage.letter_id).where(OutboxMessage.case_id == case.id)))
    refs = [case.reference] + ids
    rows: list[AuditEvent] = []
    for i in range(0, len(refs), 500):
        rows += session.scalars(select(AuditEvent).where(AuditEvent.entity_ref.in_(refs[i:i + 500])))
    rows.sort(key=lambda e: e.id)
    return rows


def trail_words(e: AuditEvent) -> str:
    words = plain.audit_action(e.action)
    if e.action == "edit_understanding":
        changed = [words for f, words in plain.UNDERSTANDING_FIELDS.items() if f in (e.fields or [])]
        if changed:
            words += ": " + " and ".join(changed)
    return words

