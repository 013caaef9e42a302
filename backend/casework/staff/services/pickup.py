"""Flagged handoffs (safeguarding, emergency) reach a person: pick-up by a member of staff, the
same-day pick-up deadline the queue sorts and marks by, and the duty inbox alert's delivery state.

The deadline (docs/staff-workspace.md, "Same-day pick-up"): by default the end of the working day
the handoff arrived, judged as the receipt date is (the profile's nation, time zone and closing
time; arriving at or after closing, or on a weekend or bank holiday, it is the end of the next
working day). With STAFF_PICKUP_HOURS set, that many hours after arrival, around the clock.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, false, or_, select
from sqlalchemy.orm import Session

from ... import cases, referrals
from ...calendar import is_working_day
from ...models import Case, Handoff, OutboxMessage, StaffUser
from ...pickup_deadline import closing, due_at, pickup_hours, profile_or_default  # noqa: F401  (callers use due_at, pickup_hours from here)
from ...profiles import DEFAULT_PROFILE_ID, Profile, all_profiles
from ...referral_models import Referral
from ..plain import actor as actor_words
from .deadlines import aware
from .errors import Refused

FLAGS = referrals.ALERT_FLAGS  # ("safeguarding", "emergency")
PICKERS = ("caseworker", "manager", "admin")  # who works the queue; the dpo role does not


def is_flagged(h: Handoff) -> bool:
    return bool(set(h.flags or []) & set(FLAGS))


def _last_closing(now: datetime, p: Profile) -> datetime:
    """The latest end of a working day at or before `now`: a handoff received before it is overdue
    (its deadline, the first end of a working day after its arrival, has passed)."""
    close, tz = closing(p)
    local = now.astimezone(tz)
    d = local.date()
    if not (is_working_day(d, p.nation) and local.time() >= close):
        d -= timedelta(days=1)
        while not is_working_day(d, p.nation):
            d -= timedelta(days=1)
    return datetime.combine(d, close, tzinfo=tz).astimezone(timezone.utc)


def overdue_condition(now: datetime):
    """SQL: received early enough that the pick-up deadline has passed (same rule as due_at)."""
    now = aware(now)
    hours = pickup_hours()
    if hours:
        return Handoff.received_at <= now - timedelta(hours=hours)
    profiles = all_profiles()
    groups: dict[datetime, list[str]] = {}
    for pid, p in profiles.items():
        groups.setdefault(_last_closing(now, p), []).append(pid)
    conds = []
    default_cut = _last_closing(now, profile_or_default(DEFAULT_PROFILE_ID))
    for cut, ids in groups.items():
        conds.append(and_(Handoff.profile_id.in_(ids), Handoff.received_at < cut))
    conds.append(and_(Handoff.profile_id.notin_(list(profiles)), Handoff.received_at < default_cut))
    return or_(*conds) if conds else false()


def waited(since: datetime, now: datetime) -> str:
    """'45 min', '3 h 20 min', '2 days 4 h'."""
    minutes = max(0, int((aware(now) - aware(since)).total_seconds() // 60))
    if minutes < 60:
        return f"{minutes} min"
    hours, mins = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {mins} min" if mins else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} days {hours} h" if hours else f"{days} days"


@dataclass
class PickupState:
    """What the queue and the handoff page say about a flagged handoff's pick-up."""
    due: datetime
    picked_up_by: str | None  # plain name of who has it
    picked_up_at: datetime | None
    waited: str  # how long it waited (so far, or until picked up)
    overdue: bool  # not picked up and the deadline has passed
    late: bool  # picked up, but after the deadline


def state(h: Handoff, now: datetime, names: dict[str, str]) -> PickupState | None:
    if not is_flagged(h):
        return None
    due = due_at(h.received_at, h.profile_id)
    now = aware(now)
    at = aware(h.picked_up_at)
    return PickupState(due=due, picked_up_by=names.get(h.picked_up_by or "", actor_words(h.picked_up_by))
                       if h.picked_up_by else None, picked_up_at=at,
                       waited=waited(h.received_at, at or now),
                       overdue=h.picked_up_by is None and due <= now,
                       late=at is not None and at > due)


def names_of(session: Session, actors: list[str | None]) -> dict[str, str]:
    """'staff:jo@example.org' -> 'Jo Bloggs' (the staff user's name, else the e-mail)."""
    emails = {a[6:] for a in actors if a and a.startswith("staff:")}
    out: dict[str, str] = {}
    if emails:
        for u in session.scalars(select(StaffUser).where(StaffUser.email.in_(emails))):
            out[f"staff:{u.email}"] = u.name or u.email
    return out


def pick_up(session: Session, handoff_id: str | int, user: StaffUser) -> Handoff:
    """Take a flagged handoff: refused (403) for a role that does not work the queue, (409) when it
    is not flagged or someone else has it already (saying who and when)."""
    from .handoffs import get_handoff

    h = get_handoff(session, handoff_id)
    if user.role not in PICKERS:
        raise Refused(403, f"Only a caseworker or a manager can pick up a safeguarding or emergency handoff "
                           f"(your role is {user.role}). Ask the duty caseworker to pick it up.")
    if not is_flagged(h):
        raise Refused(409, "Only safeguarding and emergency handoffs are picked up; review this one as usual.")
    actor = f"staff:{user.email}"[:100]
    try:
        view = referrals.pick_up(session, h.id, actor)
    except cases.NotFound:
        raise Refused(404, "There is no handoff with that number.") from None
    session.refresh(h)
    if view["picked_up_by"] != actor:
        who = names_of(session, [h.picked_up_by]).get(h.picked_up_by, actor_words(h.picked_up_by))
        when = aware(h.picked_up_at)
        raise Refused(409, f"{who} already picked this up"
                           f"{' at ' + _clock(when) if when else ''}. Speak to them before doing anything.")
    return h


def _clock(dt: datetime) -> str:
    local = dt.astimezone(ZoneInfo("Europe/London"))
    return f"{local:%H:%M} on {local:%a} {local.day} {local:%b %Y}"


def alerts_for(session: Session, handoffs: list[Handoff]) -> dict[int, list[dict[str, Any]]]:
    """The duty inbox alerts sent for each handoff, with their delivery state from the outbox:
    alerts written for the handoff itself, or (when the record came first) for its linked case."""
    if not handoffs:
        return {}
    by_id = {h.id: h for h in handoffs}
    refs = {h.case_reference: h.id for h in handoffs if h.case_reference}
    case_ids: dict[int, int] = {}
    if refs:
        for cid, ref in session.execute(select(Case.id, Case.reference).where(Case.reference.in_(list(refs)))):
            case_ids[cid] = refs[ref]
    conds = [Referral.handoff_id.in_(list(by_id))]
    if case_ids:
        conds.append(Referral.case_id.in_(list(case_ids)))
    q = (select(Referral, OutboxMessage).outerjoin(OutboxMessage, OutboxMessage.id == Referral.outbox_id)
         .where(Referral.kind == "alert", or_(*conds)).order_by(Referral.id))
    out: dict[int, list[dict[str, Any]]] = {}
    for r, m in session.execute(q):
        hid = r.handoff_id if r.handoff_id in by_id else case_ids.get(r.case_id)
        if hid is None:
            continue
        out.setdefault(hid, []).append({
            "reason": r.reason, "to_name": r.to_name, "to_address": r.to_address,
            "status": m.status if m is not None else None,
            "sent_at": aware(m.sent_at) if m is not None else None,
            "attempts": m.attempts if m is not None else 0,
            "last_error": m.last_error if m is not None else None,
            "queued_at": aware(r.created_at)})
    return out
