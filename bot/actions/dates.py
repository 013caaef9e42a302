"""Dates for people: receipt-time parsing and friendly formatting."""
from __future__ import annotations

import datetime as dt
from typing import Any, Optional
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def format_date(value: Any) -> Optional[str]:
    """'2026-12-01' -> 'Tuesday 1 December 2026'; None/unparseable -> None."""
    day = parse_day(value)
    if day is None:
        return None
    return f"{day:%A} {day.day} {day:%B %Y}"


def parse_day(value: Any) -> Optional[dt.date]:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return _to_london(value).date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
        return _to_london(_parse_datetime(text)).date()
    except ValueError:
        return None


def normalise_received_at(value: Any, fallback_timestamp: Optional[float] = None) -> str:
    """The receipt time as the API wants it: ISO date or ISO datetime with offset.

    A valid `metadata.received_at` wins; otherwise the message's own timestamp (UTC);
    the wall clock only when neither exists.
    """
    if isinstance(value, str) and value.strip():
        text = value.strip()
        try:
            if len(text) == 10:
                return dt.date.fromisoformat(text).isoformat()
            parsed = _parse_datetime(text)
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=LONDON)
            return parsed.isoformat()
        except ValueError:
            pass
    if fallback_timestamp:
        return dt.datetime.fromtimestamp(fallback_timestamp, tz=dt.timezone.utc).isoformat()
    return dt.datetime.now(tz=dt.timezone.utc).isoformat()


def received_on(received_at: str) -> dt.date:
    """The London calendar day of a normalised receipt time."""
    day = parse_day(received_at)
    return day if day is not None else dt.datetime.now(tz=LONDON).date()


def _parse_datetime(text: str) -> dt.datetime:
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    return dt.datetime.fromisoformat(text)


def _to_london(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=LONDON)
    return value.astimezone(LONDON)
