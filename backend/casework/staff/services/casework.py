"""Stage actions on a complaint by a member of staff: the roles and Code 6.13 checked here, then
the case service (casework.cases) does the change, its letter and its audit entry."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from ... import cases, stages
from ...profiles import get_profile
from ...models import Complaint, StaffUser
from . import ownership, permissions
from .errors import Refused

DECISIONS = ("upheld", "partly_upheld", "not_upheld")


def _complaint(session: Session, reference: str) -> Complaint:
    try:
        return cases.find_complaint(session, reference)
    except cases.NotFound:
        raise Refused(404, "No case has that reference.") from None
    except cases.Conflict as exc:
        raise Refused(409, exc.message) from None


def _call(fn, *args):
    try:
        return fn(*args)
    except cases.Conflict as exc:
        raise Refused(422 if exc.code == "invalid" else 409, exc.message) from None


def acknowledge(session: Session, user: StaffUser, reference: str, on: date | None) -> None:
    c = _complaint(session, reference)
    ownership.check_different_person(session, c, user, "acknowledge it")
    _call(cases.acknowledge, session, c.reference, on, ownership.actor_of(user))


def extend(session: Session, user: StaffUser, reference: str, days: int, reason: str) -> None:
    c = _complaint(session, reference)
    try:  # the policy's own refusal first (e.g. "already extended, this profile allows 1"), then the role
        stages.extend(get_profile(c.profile_id), cases.state_of(c), days, reason)
    except stages.StageRefused as exc:
        raise Refused(409, exc.message) from None
    permissions.check_extend(user, c.extensions_used or 0)
    ownership.check_different_person(session, c, user, "extend it")
    _call(cases.extend, session, c.reference, days, reason, ownership.actor_of(user))


@dataclass
class Response:
    decision: str
    reasons: str
    remedy: str | None = None
    outstanding_actions: str | None = None
    responded_on: date | None = None


def respond(session: Session, user: StaffUser, reference: str, body: Response) -> None:
    if body.decision not in DECISIONS:
        raise Refused(422, "Choose the decision: upheld, partly upheld or not upheld.")
    if not body.reasons:
        raise Refused(422, "Give the reasons for the decision.")
    c = _complaint(session, reference)
    permissions.check_respond(user, body.decision)
    ownership.check_different_person(session, c, user, "respond")
    _call(cases.respond, session, c.reference, body, ownership.actor_of(user))


def escalate(session: Session, user: StaffUser, reference: str, requested_at: datetime | None) -> None:
    c = _complaint(session, reference)
    actor = ownership.actor_of(user)
    _call(cases.escalate, session, c.reference, requested_at, actor)
    session.refresh(c)
    ownership.release_on_escalation(session, c, actor)


def close(session: Session, user: StaffUser, reference: str, outcome: str, reason: str | None) -> None:
    if not outcome:
        raise Refused(422, "Give the outcome the case is closed with.")
    c = _complaint(session, reference)
    _call(cases.close, session, c.reference, outcome, reason, ownership.actor_of(user))
