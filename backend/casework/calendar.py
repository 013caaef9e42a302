"""Working days for UK landlords: Monday to Friday less the bank holidays of the landlord's nation.

England and Wales share one set of bank holidays (holidays' ENG and WLS subdivisions are identical),
so the nation "england" covers both. Scotland and Northern Ireland have their own.

Receipt-time rule (effective_receipt_date): a message received after the landlord's closing time,
or on a weekend or bank holiday, is treated as received on the next working day. A period of
N working days then starts the day after that effective date: day 1 is the next working day
after it (add_working_days).
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

def long_date(d: date | None) -> str:
    """A date written for people: "Tuesday 1 December 2026" (letters, and what the resident is told)."""
    if d is None:
        return ""
    return f"{d:%A} {d.day} {d:%B %Y}"


NATION_SUBDIV = {"england": "ENG", "scotland": "SCT", "northern_ireland": "NIR"}
LONDON = ZoneInfo("Europe/London")


@lru_cache(maxsize=None)
def _bank_holidays(nation: str, year: int) -> frozenset[date]:
    try:
        subdiv = NATION_SUBDIV[nation]
    except KeyError:
        raise ValueError(f"unknown nation {nation!r} (known: {', '.join(NATION_SUBDIV)})") from None
    return frozenset(holidays.UK(subdiv=subdiv, years=year).keys())


def bank_holidays(nation: str, year: int) -> list[date]:
    return sorted(_bank_holidays(nation, year))


def is_bank_holiday(d: date, nation: str) -> bool:
    return d in _bank_holidays(nation, d.year)


def is_working_day(d: date, nation: str) -> bool:
    return d.weekday() < 5 and not is_bank_holiday(d, nation)


def next_working_day(d: date, nation: str) -> date:
    """The first working day strictly after d."""
    d += timedelta(days=1)
    while not is_working_day(d, nation):
        d += timedelta(days=1)
    return d


def add_working_days(start: date, n: int, nation: str) -> date:
    """The n-th working day after start (day 1 is the next working day after start)."""
    if n < 0:
        raise ValueError("n must not be negative")
    d = start
    for _ in range(n):
        d = next_working_day(d, nation)
    return d


def add_days(start: date, n: int, unit: str, nation: str) -> date:
    if unit == "working":
        return add_working_days(start, n, nation)
    if unit == "calendar":
        return start + timedelta(days=n)
    raise ValueError(f"unknown day unit {unit!r}")


def working_days_between(a: date, b: date, nation: str) -> int:
    """Working days after a up to and including b (0 when b <= a): add_working_days's inverse."""
    count, d = 0, a
    while d < b:
        d += timedelta(days=1)
        if is_working_day(d, nation):
            count += 1
    return count


def effective_receipt_date(
    received_at: datetime,
    nation: str,
    closing_time: time = time(17, 0),
    tz: ZoneInfo | str = LONDON,
) -> date:
    """The working day a message counts as received on.

    RULE: a message received at or after closing time, or on a weekend or bank holiday, is treated
    as received on the next working day; otherwise on the day it arrived. Both are judged in the
    landlord's local time zone (a naive datetime is taken as already local).
    """
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    local = received_at.astimezone(zone) if received_at.tzinfo else received_at.replace(tzinfo=zone)
    d = local.date()
    if not is_working_day(d, nation) or local.time() >= closing_time:
        return next_working_day(d, nation)
    return d
