"""The lists behind the staff pages: complaints by deadline (all, mine, due soon, overdue),
compliments by person and team, excluded matters, service requests."""
from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from ...models import Complaint, Compliment, ExcludedMatter, ServiceRequest
from ..models import CaseAssignment
from ..plain import REASONS
from .deadlines import Deadline, complaint_deadlines, due_soon_until, today
from .queue import PAGE_SIZE

VIEWS = ("all", "mine", "unassigned", "due_soon", "overdue")


def _owned_by(user_id: int | None):
    """Complaints whose latest assignment is to `user_id` (None: never assigned or released)."""
    latest = (select(CaseAssignment.case_id, func.max(CaseAssignment.id).label("last"))
              .group_by(CaseAssignment.case_id).subquery())
    owned = (select(CaseAssignment.case_id).join(latest, CaseAssignment.id == latest.c.last)
             .where(CaseAssignment.user_id.is_not(None)))
    if user_id is None:
        return Complaint.id.not_in(owned)
    return Complaint.id.in_(owned.where(CaseAssignment.user_id == user_id))


def _overdue(on: date):
    return and_(Complaint.status == "open", or_(
        and_(Complaint.acknowledged_on.is_(None), Complaint.acknowledge_by < on), Complaint.respond_by < on))


def _due_soon(on: date, until: date):
    """Open complaints with an acknowledgement or response due from today to `until` (not overdue)."""
    ack = and_(Complaint.acknowledged_on.is_(None), Complaint.acknowledge_by >= on, Complaint.acknowledge_by <= until)
    resp = and_(Complaint.respond_by >= on, Complaint.respond_by <= until)
    return and_(Complaint.status == "open", or_(ack, resp), ~_overdue(on))


def complaints_by_deadline(session: Session, status: str | None, overdue: bool, page: int,
                           on: date | None = None, view: str = "all", user_id: int | None = None,
                           ) -> tuple[list[tuple[Complaint, list[Deadline]]], int]:
    on = on or today()
    q = select(Complaint)
    if status in ("open", "responded", "closed"):
        q = q.where(Complaint.status == status)
    else:
        q = q.where(Complaint.status != "closed")
    if overdue or view == "overdue":
        q = q.where(_overdue(on))
    if view == "due_soon":
        q = q.where(_due_soon(on, due_soon_until(on)))
    if view == "mine":
        q = q.where(_owned_by(user_id))
    elif view == "unassigned":
        q = q.where(_owned_by(None))
    total = session.scalar(select(func.count()).select_from(q.subquery())) or 0
    rows = session.scalars(q.order_by(Complaint.respond_by.is_(None), Complaint.respond_by, Complaint.id)
                           .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).unique().all()
    return [(c, complaint_deadlines(c, on)) for c in rows], total


def compliments_summary(session: Session, limit: int = 200) -> dict[str, Any]:
    rows = list(session.scalars(select(Compliment).order_by(Compliment.received_at.desc()).limit(5000)).unique())
    by_person: dict[str, list[Compliment]] = {}
    by_team: dict[str, list[Compliment]] = {}
    for c in rows:
        if c.person:
            by_person.setdefault(c.person.strip(), []).append(c)
        team = c.team.strip() if c.team else (None if c.person else (c.routed_to or ["(nobody named)"])[0])
        if team:
            by_team.setdefault(team, []).append(c)
    sort = lambda d: sorted(d.items(), key=lambda kv: (-len(kv[1]), kv[0].casefold()))  # noqa: E731
    return {"by_person": sort(by_person), "by_team": sort(by_team), "recent": rows[:limit], "total": len(rows)}


def excluded_list(session: Session, reason: str | None, page: int) -> tuple[list[ExcludedMatter], int]:
    q = select(ExcludedMatter)
    if reason in REASONS:
        q = q.where(ExcludedMatter.reason == reason)
    total = session.scalar(select(func.count()).select_from(q.subquery())) or 0
    rows = session.scalars(q.order_by(ExcludedMatter.received_at.desc(), ExcludedMatter.id.desc())
                           .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).unique().all()
    return list(rows), total


def service_request_list(session: Session, status: str | None, emergency: bool,
                         page: int) -> tuple[list[ServiceRequest], int]:
    """Service requests, newest first; status open/closed (any other: all), emergencies only."""
    q = select(ServiceRequest)
    if status == "open":
        q = q.where(ServiceRequest.status != "closed")
    elif status == "closed":
        q = q.where(ServiceRequest.status == "closed")
    if emergency:
        q = q.where(ServiceRequest.emergency.is_(True))
    total = session.scalar(select(func.count()).select_from(q.subquery())) or 0
    rows = session.scalars(q.order_by(ServiceRequest.received_at.desc(), ServiceRequest.id.desc())
                           .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).unique().all()
    return list(rows), total
