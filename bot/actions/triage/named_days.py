"""Named days of the UK year as dates, for the time-limit rule (dates.py scans with these too).

Christmas and Easter have their own patterns in dates.py (Christmas is read as 20-31 December,
Easter as Good Friday to Easter Monday). This table adds the other days residents date things
by: Bonfire Night, Halloween, New Year's Day and Eve, Boxing Day, Valentine's Day, St Patrick's
Day, the three May and August bank holidays. Each is resolved against the receipt date like the
other relative phrases:

    "bonfire night 2024", "Halloween of 2023"      that year's day
    "bonfire night last year", "last Halloween"    the most recent one that has passed (for
                                                   "last year": the one in the previous year)
    "the bonfire night before last"                the one before that
    "two Halloweens ago"                           the n-th most recent
    "around bonfire night", "on Boxing Day"        the most recent one on or before receipt

"the week of/after X" stretches the period to six days after the day (the end counts, so the
resident gets the benefit of the doubt).
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Callable, Optional

_F = re.IGNORECASE


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """n-th (1-based) weekday (Monday 0) of a month; n = -1 for the last."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = (date(year + (month == 12), month % 12 + 1, 1)) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


# name pattern -> the day in a given year
NAMED_DAYS: dict[str, Callable[[int], date]] = {
    r"bonfire night|guy fawkes(?: night| day)?|fireworks night": lambda y: date(y, 11, 5),
    r"hall?owe'?en": lambda y: date(y, 10, 31),
    r"new year'?s eve": lambda y: date(y, 12, 31),
    r"new year'?s day": lambda y: date(y, 1, 1),
    r"boxing day": lambda y: date(y, 12, 26),
    r"valentine'?s(?: day)?": lambda y: date(y, 2, 14),
    r"st\.? patrick'?s day|paddy'?s day": lambda y: date(y, 3, 17),
    r"(?:the )?(?:early )?may (?:day )?bank holiday|may day": lambda y: _nth_weekday(y, 5, 0, 1),
    r"(?:the )?(?:spring|whit(?:sun)?) bank holiday|(?:the )?late may bank holiday": lambda y: _nth_weekday(y, 5, 0, -1),
    r"(?:the )?(?:august|summer) bank holiday": lambda y: _nth_weekday(y, 8, 0, -1),
}
_ALTERNATIVES = [(re.compile(rf"^(?:{name})$", _F), day) for name, day in NAMED_DAYS.items()]
_NAME = "(?P<name>" + "|".join(f"(?:{n})" for n in sorted(NAMED_DAYS, key=len, reverse=True)) + ")"
_PLURAL = r"(?P<pname>bonfire nights|hall?owe'?ens|boxing days|valentine'?s days|new year'?s eves)"
_YEAR = r"(?:19[89]\d|20\d\d)"
_WEEK = r"(?P<week>(?:the )?week (?:of|after|following) )?"

PATTERNS: list[tuple[str, re.Pattern]] = [
    ("day_named_year", re.compile(rf"\b{_WEEK}{_NAME}(?: of|,)? (?P<y>{_YEAR})\b", _F)),
    ("day_named_last_year", re.compile(rf"\b{_WEEK}{_NAME}(?: of|,)? (?P<which>last year|the year before last)\b", _F)),
    ("day_named_before_last", re.compile(rf"\b{_WEEK}(?:the )?{_NAME} before last\b", _F)),
    ("day_named_ago", re.compile(rf"\b(?P<n>\d|two|three|four|five|six|a couple of|couple of) {_PLURAL} (?:ago|back)\b", _F)),
    ("day_last_named", re.compile(rf"\b{_WEEK}(?:last|this past) {_NAME}\b", _F)),
    ("day_named", re.compile(rf"\b{_WEEK}(?:(?:on|at|around|over|since|from|after|before|by|near|about|during) )?(?:the )?{_NAME}\b", _F)),
]
KINDS = {kind for kind, _ in PATTERNS}


def _day_for(name: str) -> Optional[Callable[[int], date]]:
    """The day a name means; a plural ("two Halloweens ago", "Boxing Days") is its singular."""
    name = re.sub(r"\s+", " ", name.strip().lower())
    for candidate in (name, name[:-1] if name.endswith("s") else None):
        for rx, day in _ALTERNATIVES:
            if candidate and rx.match(candidate):
                return day
    return None


def resolve(kind: str, m: re.Match, received: date, count: Callable[[str], int]) -> Optional[tuple[date, date]]:
    """The period a named-day phrase means, or None (unknown, or not yet happened). `count` reads
    "two" or "3" (dates.py's number reader)."""
    g = m.groupdict()
    day = _day_for(g.get("name") or g.get("pname") or "")
    if day is None:
        return None
    y0 = received.year
    if kind == "day_named_year":
        d = day(int(g["y"]))
    elif kind == "day_named_last_year":
        d = day(y0 - (1 if g["which"].lower() == "last year" else 2))
    else:
        n = {"day_named_before_last": 2, "day_last_named": 1, "day_named": 1}.get(kind)
        if n is None:
            n = count(g["n"])
        if n <= 0:
            return None
        # the n-th most recent that has passed (a bare name may be today's)
        passed = [day(y) for y in range(y0, y0 - n - 2, -1)
                  if (day(y) <= received if kind == "day_named" else day(y) < received)]
        if len(passed) < n:
            return None
        d = passed[n - 1]
    end = d + timedelta(days=6) if g.get("week") else d
    return d, end
