"""Staff review of handoffs (the triage records) and the lists the staff pages show.

Every change goes through the case service (casework.cases), so letters are queued and audit
entries written exactly as for the JSON API. The reviewer's decision itself is a HandoffReview row
plus an audit entry under "handoff:<id>".
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import String, and_, case as sql_case, cast, func, or_, select
from sqlalchemy.orm import Session

from .. import audit, cases
from ..calendar import add_working_days, working_days_between
from ..models import (
    Case, Complaint, Compliment, ExcludedMatter, Handoff, HandoffReview, StaffUser, TranscriptMessage,
)
from ..profiles import UnknownProfile, get_profile
from ..schemas import (
    ComplaintCreate, ComplimentCreate, ExcludedCreate, ServiceRequestCreate,
)

LONDON = ZoneInfo("Europe/London")
PAGE_SIZE = 25
CATEGORIES = ("complaint", "service_request", "compliment", "excluded", "unclear")
TARGETS = ("complaint", "service_request", "compliment", "excluded")
REASONS = ("asb", "legal", "employment", "time_limit", "already_investigated")
STATUSES = ("unreviewed", "accepted", "reclassified", "linked", "unlinked")
FLAG_FILTERS = ("flagged", "safeguarding", "emergency", "low_confidence")
TOPICS = ("repair", "rent", "tenancy", "estate", "adaptation", "enquiry", "damp_mould", "other")
MAX_NOTE = 2000

LABELS = {"complaint": "Complaint", "service_request": "Service request", "compliment": "Compliment",
          "excluded": "Excluded matter", "unclear": "Unclear"}
REASON_LABELS = {"asb": "new ASB report", "legal": "legal proceedings", "employment": "employment matter",
                 "time_limit": "over the time limit", "already_investigated": "already investigated"}


class ReviewError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def low_confidence_threshold() -> float:
    try:
        return float(os.environ.get("STAFF_LOW_CONFIDENCE", "0.6"))
    except ValueError:
        return 0.6


def review_days() -> int:
    """Working days after receipt by which a handoff should have been reviewed (then it is overdue)."""
    try:
        return max(1, int(os.environ.get("STAFF_REVIEW_DAYS", "2")))
    except ValueError:
        return 2


def today() -> date:
    return datetime.now(LONDON).date()


def aware(dt: datetime | None) -> datetime | None:
    if dt is None:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def category_label(category: str | None, reason: str | None = None) -> str:
    label = LABELS.get(category or "", category or "-")
    if reason:
        label += f" ({REASON_LABELS.get(reason, reason)})"
    return label


# ---------------------------------------------------------------- deadlines

def days_left(due: date | None, on: date, nation: str = "england", unit: str = "working") -> int | None:
    """Days from `on` to `due` (negative when overdue), in working days of the nation unless the
    stage counts calendar days."""
    if due is None:
        return None
    if unit == "calendar":
        return (due - on).days
    if due >= on:
        return working_days_between(on, due, nation)
    return -working_days_between(due, on, nation)


def describe_days(n: int | None, unit: str = "working") -> str:
    if n is None:
        return ""
    word = "working day" if unit == "working" else "day"
    if n == 0:
        return "due today"
    if n > 0:
        return f"{n} {word}{'s' if n != 1 else ''} left"
    return f"overdue by {-n} {word}{'s' if n != -1 else ''}"


def review_cutoff(on: date, nation: str = "england") -> datetime:
    """Handoffs received before this moment are past the review deadline (review_days working days)."""
    # The latest receipt date whose review deadline is already behind us.
    d = on - timedelta(days=1)
    while add_working_days(d, review_days(), nation) >= on:
        d -= timedelta(days=1)
    return datetime.combine(d + timedelta(days=1), time(0, 0), tzinfo=LONDON).astimezone(timezone.utc)


@dataclass
class Deadline:
    label: str
    due: date
    days: int
    unit: str

    @property
    def overdue(self) -> bool:
        return self.days < 0

    @property
    def text(self) -> str:
        return describe_days(self.days, self.unit)


def complaint_deadlines(c: Complaint, on: date | None = None) -> list[Deadline]:
    on = on or today()
    try:
        profile = get_profile(c.profile_id)
    except UnknownProfile:
        return []
    st = profile.stage(c.stage)
    out = []
    if c.status == "closed":
        return out
    if c.acknowledge_by and c.acknowledged_on is None:
        out.append(Deadline("Acknowledge by", c.acknowledge_by,
                            days_left(c.acknowledge_by, on, profile.nation), "working"))
    if c.respond_by and c.status == "open":
        out.append(Deadline("Respond by", c.respond_by,
                            days_left(c.respond_by, on, profile.nation, st.day_unit), st.day_unit))
    return out


# ---------------------------------------------------------------- the queue

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

    @property
    def overdue(self) -> bool:
        return self.review_overdue or bool(self.deadline and self.deadline.overdue)


def queue(session: Session, f: QueueFilter, on: date | None = None) -> tuple[list[QueueRow], int]:
    on = on or today()
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

    base = (select(Handoff, cases_t.c.kind, cases_t.c.status)
            .outerjoin(cases_t, cases_t.c.reference == Handoff.case_reference)
            .outerjoin(cmp_t, cmp_t.c.id == cases_t.c.id))
    conds = []
    if f.category:
        conds.append(Handoff.category == f.category)
    if f.status == "unreviewed":
        conds.append(Handoff.review_status.is_(None))
    elif f.status in ("accepted", "reclassified"):
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
        conds.append(or_(case_overdue, review_late))
    if conds:
        base = base.where(and_(*conds))
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    rank = sql_case((urgent, 0), else_=1)
    rows = session.execute(
        base.order_by(rank, Handoff.received_at.desc(), Handoff.id.desc())
        .offset((f.page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    ).all()
    refs = [h.case_reference for h, kind, _ in rows if kind == "complaint"]
    complaints = {c.reference: c for c in session.scalars(select(Complaint).where(Complaint.reference.in_(refs)))} if refs else {}
    latest = latest_reviews(session, [h.id for h, _, _ in rows])
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
        ))
    return out, total


def latest_reviews(session: Session, handoff_ids: list[int]) -> dict[int, HandoffReview]:
    if not handoff_ids:
        return {}
    out: dict[int, HandoffReview] = {}
    for r in session.scalars(select(HandoffReview).where(HandoffReview.handoff_id.in_(handoff_ids))
                             .order_by(HandoffReview.id)):
        out[r.handoff_id] = r
    return out


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
        raise ReviewError(404, "There is no handoff with that number.")
    return h


def effective(session: Session, h: Handoff) -> tuple[str, str | None]:
    rs = reviews_of(session, h.id)
    return (rs[-1].to_category, rs[-1].to_reason) if rs else (h.category, h.reason)


# ---------------------------------------------------------------- review actions

def _actor(user: StaffUser) -> str:
    return f"staff:{user.email}"[:100]


def _check_note(note: str | None, required: bool) -> str | None:
    note = (note or "").strip()
    if required and not note:
        raise ReviewError(422, "Give a reason for the change: it is kept in the audit trail.")
    if len(note) > MAX_NOTE:
        raise ReviewError(422, f"The reason is longer than {MAX_NOTE} characters.")
    if "\x00" in note:
        raise ReviewError(422, "The reason must not contain NUL characters.")
    return note or None


def accept(session: Session, handoff_id: str | int, user: StaffUser, note: str | None = None) -> HandoffReview:
    h = get_handoff(session, handoff_id)
    note = _check_note(note, required=False)
    cat, reason = effective(session, h)
    before = _review_state(h, cat, reason)
    now = datetime.now(timezone.utc)
    review = HandoffReview(handoff_id=h.id, reviewer_id=user.id, reviewer=_actor(user), action="accept",
                           from_category=cat, from_reason=reason, to_category=cat, to_reason=reason,
                           note=note, case_reference=h.case_reference, created_at=now)
    session.add(review)
    h.review_status = h.review_status if h.review_status == "reclassified" else "accepted"
    h.reviewed_by, h.reviewed_at = _actor(user), now
    session.flush()
    audit.record(session, actor=_actor(user), action="review_accept", entity_type="handoff",
                 entity_ref=f"handoff:{h.id}", before=before,
                 after={**_review_state(h, cat, reason), "note": note})
    session.commit()
    return review


def _review_state(h: Handoff, cat: str, reason: str | None) -> dict[str, Any]:
    return {"category": cat, "reason": reason, "review_status": h.review_status,
            "case_reference": h.case_reference}


def _source_case(session: Session, h: Handoff) -> Case | None:
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
        "channel": h.channel, "conversation_id": h.conversation_id, "text": h.text,
        "flags": [f for f in (h.flags or []) if f in ("safeguarding", "emergency", "low_confidence",
                                                       "group", "third_party")],
    }
    src = _source_case(session, h)
    if src is not None:
        c = src.contact
        if c is not None and not c.anonymous:
            data["contact"] = {"anonymous": False, "name": c.name, "email": c.email, "phone": c.phone,
                               "postcode": c.postcode, "preferred_channel": c.preferred_channel,
                               "format_needs": list(c.format_needs or []), "language": c.language}
        elif c is not None:
            data["contact"] = {"anonymous": True, "preferred_channel": c.preferred_channel,
                               "format_needs": list(c.format_needs or []), "language": c.language}
        r = src.representative
        if r is not None:
            data["representative"] = {"name": r.name, "relationship": r.relationship_to_resident,
                                      "consent": bool(r.consent)}
        msgs = session.scalars(select(TranscriptMessage).where(TranscriptMessage.case_id == src.id)
                               .order_by(TranscriptMessage.position))
        data["transcript"] = [{"sender": m.sender, "text": m.text, "at": aware(m.at)} for m in msgs][:1000]
    return data


def reclassify(session: Session, handoff_id: str | int, user: StaffUser, to_category: str,
               to_reason: str | None, note: str | None, explanation: str | None = None,
               topic: str | None = None) -> HandoffReview:
    """Change the classification. Into a complaint: open it (dates from the ORIGINAL receipt, the
    acknowledgement letter queued by the case service). Out of a complaint: close it with the reason.
    Into another kind: open that record too (its letter tells the resident)."""
    h = get_handoff(session, handoff_id)
    if to_category not in TARGETS:
        raise ReviewError(422, "Choose what it should be: complaint, service request, compliment or excluded matter.")
    if to_category == "excluded":
        if to_reason not in REASONS:
            raise ReviewError(422, "An excluded matter needs the reason it is excluded.")
    else:
        to_reason = None
    note = _check_note(note, required=True)
    explanation = (explanation or "").strip() or None
    if explanation and (len(explanation) > 10_000 or "\x00" in explanation):
        raise ReviewError(422, "The explanation for the resident is too long or has NUL characters.")
    if topic is not None and topic not in TOPICS:
        topic = "other"
    cat, reason = effective(session, h)
    if (cat, reason) == (to_category, to_reason):
        raise ReviewError(409, f"It is already classified as {category_label(cat, reason)}; "
                               "use Accept to confirm it.")
    actor = _actor(user)
    before = _review_state(h, cat, reason)
    linked = _source_case(session, h) if h.case_reference else None

    # Out of a complaint: close it, with the reviewer's reason.
    if isinstance(linked, Complaint) and to_category != "complaint" and linked.status != "closed":
        try:
            cases.close(session, linked.reference,
                        f"Not a complaint: reclassified as {category_label(to_category, to_reason)} on review.",
                        note, actor)
        except cases.Conflict as exc:
            raise ReviewError(409, exc.message) from None

    # Into the new kind: open its record through the case service (letter and audit included).
    new_ref = None
    already = isinstance(linked, Complaint) and to_category == "complaint" and linked.status != "closed"
    if not already:
        n = len(reviews_of(session, h.id))
        data = _common_fields(session, h, f"staff-review:handoff:{h.id}:{n + 1}")
        try:
            if to_category == "complaint":
                body = ComplaintCreate.model_validate({**data, "handoff_id": h.id})
                kind = "complaint"
            elif to_category == "excluded":
                body = ExcludedCreate.model_validate({**data, "reason": to_reason, "explanation": explanation})
                kind = "excluded"
            elif to_category == "service_request":
                body = ServiceRequestCreate.model_validate(
                    {**data, "topic": topic or "other", "emergency": "emergency" in data["flags"]})
                kind = "service_request"
            else:
                body = ComplimentCreate.model_validate(data)
                kind = "compliment"
            view, _created = cases.create_case(session, kind, body, actor)
        except (cases.Conflict, UnknownProfile, ValueError) as exc:
            session.rollback()
            raise ReviewError(422, f"The record could not be opened: {getattr(exc, 'message', None) or exc}") from None
        new_ref = view["reference"]
        session.refresh(h)
        if h.case_reference != new_ref:
            cases.link_handoff(session, h.id, new_ref, actor)
            session.refresh(h)
        if linked is not None and linked.reference != new_ref:
            audit.record(session, actor=actor, action="reclassified", entity_type=linked.kind,
                         entity_ref=linked.reference, before=None,
                         after={"handoff": h.id, "now": new_ref, "reason": note})

    now = datetime.now(timezone.utc)
    review = HandoffReview(handoff_id=h.id, reviewer_id=user.id, reviewer=actor, action="reclassify",
                           from_category=cat, from_reason=reason, to_category=to_category,
                           to_reason=to_reason, note=note, case_reference=new_ref or h.case_reference,
                           created_at=now)
    session.add(review)
    h.review_status, h.reviewed_by, h.reviewed_at = "reclassified", actor, now
    session.flush()
    audit.record(session, actor=actor, action="review_reclassify", entity_type="handoff",
                 entity_ref=f"handoff:{h.id}", before=before,
                 after={**_review_state(h, to_category, to_reason), "note": note,
                        "closed": linked.reference if isinstance(linked, Complaint) and to_category != "complaint" else None})
    session.commit()
    return review


# ---------------------------------------------------------------- other lists

def complaints_by_deadline(session: Session, status: str | None, overdue: bool, page: int,
                           on: date | None = None) -> tuple[list[tuple[Complaint, list[Deadline]]], int]:
    on = on or today()
    q = select(Complaint)
    if status in ("open", "responded", "closed"):
        q = q.where(Complaint.status == status)
    else:
        q = q.where(Complaint.status != "closed")
    if overdue:
        q = q.where(Complaint.status == "open", or_(
            and_(Complaint.acknowledged_on.is_(None), Complaint.acknowledge_by < on), Complaint.respond_by < on))
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

