"""The handoff queue: filters, order (safeguarding/emergency not yet picked up first, longest
waiting at the top; then newest), deadlines, pick-up and the duty alert's delivery, and for each
row who it is from and what it is about (not "Handoff 1347")."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import String, and_, case as sql_case, cast, func, or_, select
from sqlalchemy.orm import Session

from ... import clock
from ...models import Case, Complaint, Contact, Handoff, HandoffReview
from ..plain import CATEGORIES, FLAG_FILTERS, STATUSES, category_label, snippet
from . import pickup
from .deadlines import LONDON, Deadline, aware, complaint_deadlines, low_confidence_threshold, review_cutoff

PAGE_SIZE = 25


@dataclass
class QueueFilter:
    category: str | None = None
    status: str | None = None
    flag: str | None = None
    overdue: bool = False
    page: int = 1

    @classmethod
    def from_query(cls, q) -> tuple["QueueFilter", list[str]]:
        errors: list[str] = []
        f = cls()
        for name, allowed, refusal in (
                ("category", CATEGORIES, "Unknown category: showing every category."),
                ("status", STATUSES, "Unknown status: showing every status."),
                ("flag", FLAG_FILTERS, "Unknown flag: showing every handoff.")):
            value = (q.get(name) or "").strip()
            if value in allowed:
                setattr(f, name, value)
            elif value:
                errors.append(refusal)
        f.overdue = (q.get("overdue") or "") in ("1", "on", "true", "yes")
        page = (q.get("page") or "1").strip()
        if page.isdigit() and 1 <= int(page) <= 100000:
            f.page = int(page)
        elif page:
            errors.append("Unknown page: showing the first page.")
        return f, errors

    def query_args(self, **override) -> dict[str, Any]:
        args = {"category": self.category, "status": self.status, "flag": self.flag,
                "overdue": "1" if self.overdue else None, "page": self.page}
        args.update(override)
        return {k: v for k, v in args.items() if v not in (None, "", 1) or (k == "page" and v != 1)}


def _flag_like(name: str):
    return cast(Handoff.flags, String).like(f'%"{name}"%')


@dataclass
class QueueRow:
    handoff: Handoff
    case_kind: str | None
    case_status: str | None
    deadline: Deadline | None
    review_overdue: bool
    urgent: bool
    low_confidence: bool
    effective: tuple[str, str | None]
    who: str = "Resident"
    pickup: pickup.PickupState | None = None  # flagged (safeguarding, emergency) only
    alerts: list[dict[str, Any]] | None = None  # the duty inbox alerts and their delivery

    @property
    def pickup_overdue(self) -> bool:
        return bool(self.pickup and self.pickup.overdue)

    @property
    def overdue(self) -> bool:
        return self.review_overdue or self.pickup_overdue or bool(self.deadline and self.deadline.overdue)

    @property
    def what(self) -> str:
        return f"{category_label(*self.effective)}: {snippet(self.handoff.text, 70)}"

    @property
    def title(self) -> str:
        """The row's link text: who and what."""
        return f"{self.who} – {self.what}"


def latest_reviews(session: Session, handoff_ids: list[int]) -> dict[int, HandoffReview]:
    if not handoff_ids:
        return {}
    out: dict[int, HandoffReview] = {}
    for r in session.scalars(select(HandoffReview).where(HandoffReview.handoff_id.in_(handoff_ids))
                             .order_by(HandoffReview.id)):
        out[r.handoff_id] = r
    return out


def who_for(contact: Contact | None) -> str:
    if contact is None:
        return "Resident (no details yet)"
    if contact.anonymous:
        return "Anonymous resident"
    return contact.name or contact.email or (f"Resident at {contact.postcode}" if contact.postcode else "Resident")


def people(session: Session, handoffs: list[Handoff]) -> dict[int, str]:
    """Who each handoff is from: the contact it carries (asked for in the chat), else the contact on
    its case, else on the latest case of its conversation, else on another handoff of it."""
    refs = {h.case_reference for h in handoffs if h.case_reference}
    convs = {h.conversation_id for h in handoffs if h.conversation_id}
    by_ref: dict[str, Contact | None] = {}
    by_conv: dict[str, Contact | None] = {}
    if convs:
        for other in session.scalars(select(Handoff).where(Handoff.conversation_id.in_(convs),
                                                           Handoff.contact_id.is_not(None)).order_by(Handoff.id)):
            by_conv[other.conversation_id] = other.contact
    if refs or convs:
        q = select(Case).where(or_(Case.reference.in_(refs or {""}), Case.conversation_id.in_(convs or {""})))
        for c in session.scalars(q.order_by(Case.id)).unique():
            by_ref[c.reference] = c.contact
            if c.conversation_id:
                by_conv[c.conversation_id] = c.contact  # the latest case wins (ordered by id)
    out = {}
    for h in handoffs:
        contact = h.contact if h.contact is not None else (
            by_ref.get(h.case_reference) if h.case_reference in by_ref else by_conv.get(h.conversation_id))
        out[h.id] = who_for(contact)
    return out


def queue(session: Session, f: QueueFilter, now: datetime | None = None) -> tuple[list[QueueRow], int]:
    now = aware(now) if now else clock.now()  # the case service's clock (tests set it)
    on = now.astimezone(LONDON).date()
    cases_t = Case.__table__
    cmp_t = Complaint.__table__
    low = low_confidence_threshold()
    urgent = or_(_flag_like("safeguarding"), _flag_like("emergency"))
    is_low = or_(_flag_like("low_confidence"), Handoff.confidence < low)
    cutoff = review_cutoff(on)
    case_overdue = and_(
        cmp_t.c.id.is_not(None), cases_t.c.status == "open",
        or_(and_(cmp_t.c.acknowledged_on.is_(None), cmp_t.c.acknowledge_by < on), cmp_t.c.respond_by < on),
    )
    review_late = and_(Handoff.review_status.is_(None), Handoff.received_at < cutoff)
    waiting = and_(urgent, Handoff.picked_up_by.is_(None))  # flagged, nobody has it yet
    pickup_late = and_(waiting, pickup.overdue_condition(now))

    base = (select(Handoff, cases_t.c.kind, cases_t.c.status)
            .outerjoin(cases_t, cases_t.c.reference == Handoff.case_reference)
            .outerjoin(cmp_t, cmp_t.c.id == cases_t.c.id))
    conds = []
    if f.category:
        conds.append(Handoff.category == f.category)
    if f.status == "unreviewed":
        conds.append(Handoff.review_status.is_(None))
    elif f.status in ("accepted", "reclassified", "duplicate"):
        conds.append(Handoff.review_status == f.status)
    elif f.status == "linked":
        conds.append(Handoff.case_reference.is_not(None))
    elif f.status == "unlinked":
        conds.append(Handoff.case_reference.is_(None))
    if f.flag == "flagged":
        conds.append(or_(urgent, is_low))
    elif f.flag == "low_confidence":
        conds.append(is_low)
    elif f.flag:
        conds.append(_flag_like(f.flag))
    if f.overdue:
        conds.append(or_(case_overdue, review_late, pickup_late))
    if conds:
        base = base.where(and_(*conds))
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    rank = sql_case((waiting, 0), else_=1)
    longest_wait = sql_case((waiting, Handoff.received_at), else_=None)  # only ranks the waiting ones
    rows = session.execute(
        base.order_by(rank, longest_wait.asc(), Handoff.received_at.desc(), Handoff.id.desc())
        .offset((f.page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    ).all()
    refs = [h.case_reference for h, kind, _ in rows if kind == "complaint"]
    complaints = {c.reference: c for c in session.scalars(
        select(Complaint).where(Complaint.reference.in_(refs))).unique()} if refs else {}
    latest = latest_reviews(session, [h.id for h, _, _ in rows])
    who = people(session, [h for h, _, _ in rows])
    flagged = [h for h, _, _ in rows if pickup.is_flagged(h)]
    names = pickup.names_of(session, [h.picked_up_by for h in flagged])
    alerts = pickup.alerts_for(session, flagged)
    out = []
    for h, kind, status in rows:
        deadline = None
        c = complaints.get(h.case_reference)
        if c is not None:
            dls = complaint_deadlines(c, on)
            deadline = min(dls, key=lambda d: d.due) if dls else None
        flags = set(h.flags or [])
        r = latest.get(h.id)
        out.append(QueueRow(
            handoff=h, case_kind=kind, case_status=status, deadline=deadline,
            review_overdue=h.review_status is None and aware(h.received_at) < cutoff,
            urgent=bool(flags & {"safeguarding", "emergency"}),
            low_confidence="low_confidence" in flags or (h.confidence is not None and h.confidence < low),
            effective=(r.to_category, r.to_reason) if r else (h.category, h.reason),
            who=who.get(h.id, "Resident"),
            pickup=pickup.state(h, now, names), alerts=alerts.get(h.id, []),
        ))
    return out, total
