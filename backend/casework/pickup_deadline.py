"""When a flagged (safeguarding or emergency) handoff must have been picked up by a person.

By default the end of the working day it arrived, judged as the receipt date is (the profile's
nation, time zone and closing time; arriving at or after closing, or on a weekend or bank holiday,
it is the end of the next working day). With STAFF_PICKUP_HOURS set, that many hours after arrival,
around the clock (docs/staff-workspace.md, "Same-day pick-up"). The staff queue sorts and marks by
this deadline, and the chat tells the resident it, so both say the same thing.
"""
from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from .calendar import effective_receipt_date
from .profiles import DEFAULT_PROFILE_ID, Profile, UnknownProfile, get_profile
from .settings import get_settings


def profile_or_default(profile_id: str | None) -> Profile:
    try:
        return get_profile(profile_id)
    except UnknownProfile:
        return get_profile(DEFAULT_PROFILE_ID)


def closing(p: Profile) -> tuple[time, ZoneInfo]:
    hh, mm = (int(x) for x in p.closing_time.split(":"))
    return time(hh, mm), ZoneInfo(p.timezone)


def pickup_hours() -> float | None:
    """STAFF_PICKUP_HOURS: a number of hours around the clock instead of the working-day rule."""
    return get_settings().staff_pickup_hours


def due_at(received_at: datetime, profile_id: str | None) -> datetime:
    """When a flagged handoff received at `received_at` must have been picked up (UTC)."""
    if received_at.tzinfo is None:
        received_at = received_at.replace(tzinfo=timezone.utc)
    hours = pickup_hours()
    if hours:
        return (received_at + timedelta(hours=hours)).astimezone(timezone.utc)
    p = profile_or_default(profile_id)
    close, tz = closing(p)
    day = effective_receipt_date(received_at, p.nation, close, tz)
    return datetime.combine(day, close, tzinfo=tz).astimezone(timezone.utc)
