"""Who owns a case: assign to me, reassign, my cases; and Code 6.13, stage 2 handled by a
different person from stage 1.

Ownership is the latest CaseAssignment row of a case. The people who handled a stage are the
owners assigned during it and whoever recorded its response (the audit trail's 'respond' entries).
On escalation the stage 1 owner is released: stage 2 waits for someone else.
"""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ... import audit
from ...models import AuditEvent, Case, Complaint, StaffUser
from ..models import CaseAssignment
from .errors import Refused

MAX_NOTE = 2000


def actor_of(user: StaffUser) -> str:
    return f"staff:{user.email}"[:100]


def current(session: Session, case: Case) -> CaseAssignment | None:
    return session.scalar(select(CaseAssignment).where(CaseAssignment.case_id == case.id)
                          .order_by(CaseAssignment.id.desc()).limit(1))


def owner(session: Session, case: Case) -> StaffUser | None:
    row = current(session, case)
    return row.user if row is not None else None


def owners_of(session: Session, case_ids: list[int]) -> dict[int, StaffUser | None]:
    if not case_ids:
        return {}
    latest = (select(func.max(CaseAssignment.id)).where(CaseAssignment.case_id.in_(case_ids))
              .group_by(CaseAssignment.case_id))
    rows = session.scalars(select(CaseAssignment).where(CaseAssignment.id.in_(latest)))
    return {r.case_id: r.user for r in rows}


def stage_handlers(session: Session, c: Complaint, stage: int) -> set[int]:
    """Staff user ids who handled `stage` of this complaint (owned it then, or responded)."""
    ids = set(session.scalars(select(CaseAssignment.user_id).where(
        CaseAssignment.case_id == c.id, CaseAssignment.stage == stage, CaseAssignment.user_id.is_not(None))))
    actors = set()
    for e in session.scalars(select(AuditEvent).where(AuditEvent.entity_ref == c.reference,
                                                      AuditEvent.action == "respond")):
        if (e.after or {}).get("stage") == stage and e.actor.startswith("staff:"):
            actors.add(e.actor[6:])
    if actors:
        ids |= set(session.scalars(select(StaffUser.id).where(StaffUser.email.in_(actors))))
    return ids


def earlier_handlers(session: Session, c: Complaint) -> set[int]:
    out: set[int] = set()
    for st in range(1, c.stage):
        out |= stage_handlers(session, c, st)
    return out


def check_different_person(session: Session, c: Complaint, user: StaffUser, doing: str) -> None:
    """Code 6.13: from stage 2 on, nobody who handled an earlier stage handles this one."""
    if c.status != "closed" and c.stage > 1 and user.id in earlier_handlers(session, c):
        raise Refused(409, f"You handled stage {c.stage - 1} of {c.reference}, so you cannot {doing} at stage "
                           f"{c.stage}: the Complaint Handling Code (6.13) says stage {c.stage} is handled by a "
                           f"different person. Assign it to a colleague.")


def _record(session: Session, case: Case, user: StaffUser | None, by: str, note: str | None,
            before: StaffUser | None) -> CaseAssignment:
    row = CaseAssignment(case_id=case.id, stage=case.stage if isinstance(case, Complaint) else None,
                         user_id=user.id if user else None, assigned_by=by, note=note)
    session.add(row)
    session.flush()
    audit.record(session, actor=by, action="assign", entity_type=case.kind, entity_ref=case.reference,
                 before={"owner": before.email if before else None},
                 after={"owner": user.email if user else None, "stage": row.stage, "note": note})
    return row


def assign(session: Session, case: Case, to: StaffUser | None, by: StaffUser, note: str | None = None) -> None:
    """Give the case to `to` (None: unassign). Refused for a closed case, an inactive user, or a
    stage 2 owner who handled stage 1."""
    note = (note or "").strip() or None
    if note and len(note) > MAX_NOTE:
        raise Refused(422, f"The note is longer than {MAX_NOTE} characters.")
    if case.status == "closed":
        raise Refused(409, f"{case.reference} is closed; it cannot be assigned.")
    if to is not None and not to.active:
        raise Refused(422, f"{to.email} is not an active member of staff.")
    before = owner(session, case)
    if to is not None and before is not None and before.id == to.id:
        raise Refused(409, f"{case.reference} is already assigned to {to.name or to.email}.")
    if to is not None and isinstance(case, Complaint) and case.stage > 1 \
            and to.id in earlier_handlers(session, case):
        who = "You" if to.id == by.id else (to.name or to.email)
        raise Refused(409, f"{who} handled stage {case.stage - 1} of {case.reference}. The Complaint Handling "
                           f"Code (6.13) says stage {case.stage} must be handled by a different person: "
                           "choose someone else.")
    _record(session, case, to, actor_of(by), note, before)
    session.commit()


def release_on_escalation(session: Session, c: Complaint, by: str) -> None:
    """After an escalation: the earlier stage's owner no longer owns the case (6.13)."""
    before = owner(session, c)
    if before is not None:
        _record(session, c, None, by, f"Released on escalation to stage {c.stage}: "
                                      "stage 2 is handled by a different person.", before)
        session.commit()


def active_staff(session: Session) -> list[StaffUser]:
    return list(session.scalars(select(StaffUser).where(StaffUser.active.is_(True))
                                .order_by(StaffUser.name, StaffUser.email)))


def find_user(session: Session, user_id: str) -> StaffUser:
    uid = int(user_id) if user_id.isdigit() and len(user_id) < 10 else 0
    u = session.get(StaffUser, uid) if uid else None
    if u is None:
        raise Refused(422, "Choose a member of staff from the list.")
    return u


def history(session: Session, case: Case) -> list[CaseAssignment]:
    return list(session.scalars(select(CaseAssignment).where(CaseAssignment.case_id == case.id)
                                .order_by(CaseAssignment.id)))
