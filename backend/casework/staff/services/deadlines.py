"""Dates for the staff pages: today in London, days left in working days, review cut-off, the
deadlines of a complaint, and the due-soon window (next N working days, casework.calendar)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from ...calendar import add_working_days, working_days_between
from ...models import Complaint
from ...profiles import UnknownProfile, get_profile
from ...settings import get_settings

LONDON = ZoneInfo("Europe/London")
DUE_SOON_WORKING_DAYS = 3


def low_confidence_threshold() -> float:
    """STAFF_LOW_CONFIDENCE (0.6): below this the assistant's triage is shown as low confidence."""
    return get_settings().staff_low_confidence


def review_days() -> int:
    """Working days after receipt by which a handoff should have been reviewed (then it is overdue):
    STAFF_REVIEW_DAYS (2)."""
    return get_settings().staff_review_days


def today() -> date:
    return datetime.now(LONDON).date()


def aware(dt: datetime | None) -> datetime | None:
    if dt is None:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


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
    d = on - timedelta(days=1)
    while add_working_days(d, review_days(), nation) >= on:
        d -= timedelta(days=1)
    return datetime.combine(d + timedelta(days=1), time(0, 0), tzinfo=LONDON).astimezone(timezone.utc)


def due_soon_until(on: date, nation: str = "england", n: int = DUE_SOON_WORKING_DAYS) -> date:
    """The last day of the due-soon window: the n-th working day after `on`."""
    return add_working_days(on, n, nation)


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
    out: list[Deadline] = []
    if c.status == "closed":
        return out
    if c.acknowledge_by and c.acknowledged_on is None:
        out.append(Deadline("Acknowledge by", c.acknowledge_by,
                            days_left(c.acknowledge_by, on, profile.nation), "working"))
    if c.respond_by and c.status == "open":
        out.append(Deadline("Respond by", c.respond_by,
                            days_left(c.respond_by, on, profile.nation, st.day_unit), st.day_unit))
    return out
