"""Find when the issue happened, from spaCy DATE entities plus a regex fallback.

Every phrase is resolved relative to ``received_on`` (the message's receipt date), never the
wall clock. A phrase names a period ("March 2024" is 1-31 March 2024); the issue date used for
the time limit is the END of that period, so residents get the benefit of the doubt. When the
text mentions several past dates the most recent one is used (the issue occurring or the
resident becoming aware of it, Code 2.3). Future dates ("by Friday", "next month") and ages or
durations ("84 years old", "for 3 years") are ignored.

Relative wording is resolved too: "the winter before last" / "the March before last" (the
second most recent such period that has ended), "two summers ago", "August last year",
"last year in June", "eighteen months back" ("back" reads like "ago"), and "over / more than
a year ago" or "a good year ago", which mean strictly earlier than a year before receipt.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable, List, Optional

from dateutil import parser as du_parser
from dateutil.easter import easter
from dateutil.relativedelta import relativedelta

from . import named_days

_F = re.IGNORECASE

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50,
    # vague amounts: the smallest reasonable reading (benefit of the doubt)
    "a couple of": 2, "couple of": 2, "a few": 2, "few": 2, "several": 2,
}
_NUM = r"(?:\d{1,3}|a couple of|couple of|a few|several|" + "|".join(
    sorted((k for k in _NUMBER_WORDS if " " not in k), key=len, reverse=True)) + r")"
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}
_YEAR = r"(?:19[89]\d|20\d\d)"
_WEEKDAYS = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"


@dataclass(frozen=True)
class DateMention:
    """A past period named in the text."""

    phrase: str
    start: date
    end: date
    source: str  # "entity" or "text"


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _num(word: str) -> int:
    word = word.strip().lower()
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word, 0)


def _season_period(name: str, year: int) -> tuple[date, date]:
    first, last = _SEASONS[name]
    if name == "winter":  # winter Y = December Y to February Y+1 (the latest reading)
        return date(year, 12, 1), _month_end(year + 1, 2)
    return date(year, first, 1), _month_end(year, last)


# Months each part of a year covers, read widely (the resident gets the benefit of the doubt: the
# period's end counts): "early 2025" is January to April 2025, so its issue date is 30 April 2025.
_PARTS = {"early": (1, 4), "start": (1, 3), "beginning": (1, 3), "first half": (1, 6),
          "mid": (5, 8), "middle": (5, 8), "second half": (7, 12), "late": (9, 12), "end": (10, 12)}

# a year standing alone: not part of a price, a reference or a number such as 2024/25
_YEAR_TOKEN = re.compile(rf"(?<![\w£$€./-])(?P<y>{_YEAR})(?![\w%/-])", _F)

_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("and_a_half", re.compile(rf"\b(?P<q>(?:well |just |a bit |a little )?(?:over|more than) )?(?P<n>{_NUM})"
                              rf"(?: and a half years| years? and a half) (?:ago|back)\b", _F)),
    # "the winter before last", "the March before last", "Christmas before last" (with or without "the")
    ("before_last", re.compile(rf"\b(?:the )?(?:(?P<season>spring|summer|autumn|fall|winter)|(?P<mon>{_MONTH})|"
                               rf"(?P<xmas>christmas|xmas)) before last\b", _F)),
    # "two summers ago", "three winters back", "two Christmases ago"
    ("seasons_ago", re.compile(rf"\b(?P<n>{_NUM}) (?:(?P<season>spring|summer|autumn|fall|winter)s|"
                               rf"(?P<xmas>christmas(?:es)?|xmases)) (?:ago|back)\b", _F)),
    # "August last year", "in the spring of last year", "last year in March", "June the year before last",
    # and with a day: "18 December last year", "the 3rd of March last year", "March 3rd last year"
    ("named_last_year", re.compile(rf"\b(?:(?P<season>spring|summer|autumn|fall|winter)|"
                                   rf"(?:(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?: of)? )?(?P<mon>{_MONTH})(?: (?P<d2>\d{{1,2}})(?:st|nd|rd|th)?)?|"
                                   rf"(?P<xmas>christmas|xmas))(?: of|,)? (?P<which>last year|the year before last)\b", _F)),
    ("last_year_named", re.compile(rf"\b(?P<which>last year|the year before last),? (?:in|during|around|over|at) "
                                   rf"(?:the )?(?:(?P<season>spring|summer|autumn|fall|winter)|(?P<mon>{_MONTH})\b(?! \d)|"
                                   rf"(?P<xmas>christmas|xmas))", _F)),
    ("last_christmas", re.compile(r"\blast (?:christmas|xmas)\b", _F)),
    # "over a year ago" is strictly before the date a year ago; "back" reads like "ago"
    ("ago", re.compile(rf"\b(?:(?P<q>(?:well |just |a bit |a little )?(?:over|more than) )|"
                       rf"about |around |nearly |almost |roughly |at least |some )?"
                       rf"(?P<n>{_NUM}) ?(?P<good>good |full )?(?P<unit>days?|weeks?|wks?|months?|mnths?|mths?|years?|yrs?) (?:ago|back)\b", _F)),
    ("vague_ago", re.compile(r"\b(?P<unit>weeks|months|years) ago\b", _F)),
    # a UK financial or rent year: "2024/25", "the 2023-24 financial year" (April to March)
    ("fiscal_year", re.compile(r"(?<![\w/.-])(?P<y>20\d\d)[/-](?P<y2>\d\d)(?![\w/.-])")),
    ("dmy_num", re.compile(r"\b(?P<d>\d{1,2})[/.](?P<m>\d{1,2})[/.](?P<y>\d{4}|\d{2})\b")),
    ("dmy", re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?: of)? (?P<mon>{_MONTH})\.?,? (?P<y>{_YEAR})\b", _F)),
    ("mdy", re.compile(rf"\b(?P<mon>{_MONTH})\.? (?P<d>\d{{1,2}})(?:st|nd|rd|th)?,? (?P<y>{_YEAR})\b", _F)),
    # "in the year 2024, in September", "2023 in March": a year, then its month
    ("year_month", re.compile(rf"\b(?:the year )?(?P<y>{_YEAR}),? (?:in|during|around) (?:the month of )?(?P<mon>{_MONTH})\b(?! \d)", _F)),
    # part of a year: "early 2025", "the start of 2024", "mid-2023", "late 2024" (see _PARTS)
    ("part_year", re.compile(rf"\b(?P<part>early|the (?:start|beginning) of|(?:start|beginning) of|(?:the )?first half of|"
                             rf"mid|the middle of|middle of|(?:the )?second half of|late|(?:the )?end of)[ -](?P<y>{_YEAR})\b", _F)),
    ("month_year", re.compile(rf"\b(?P<mon>{_MONTH})\.?(?: of)?,? (?P<y>{_YEAR})\b", _F)),
    ("season_year", re.compile(rf"\b(?P<season>spring|summer|autumn|fall|winter)(?: of)? (?P<y>{_YEAR})\b", _F)),
    ("christmas_year", re.compile(rf"\b(?:christmas|xmas|new year)(?: of)? (?P<y>{_YEAR})\b", _F)),
    ("easter_year", re.compile(rf"\beaster(?: of| holidays?| weekend| bank holiday)? (?P<y>{_YEAR})\b", _F)),
    ("last_easter", re.compile(r"\blast easter\b", _F)),
    *named_days.PATTERNS,  # Bonfire Night, Halloween, bank holidays... (named_days.py)
    # "in Feb '25", "in March 24": after "in" a month with two digits is a month and year
    ("month_yy", re.compile(rf"(?:\b(?:in|since|from|during|around|back in|until|early|mid|late|end of) (?P<mon>{_MONTH})\.? (?P<yy>\d\d)\b(?!\s*(?:(?:st|nd|rd|th|am|pm)\b|:|\d))"
                            rf"|\b(?P<mon2>{_MONTH})\.? ?['’](?P<yy2>\d\d)\b)", _F)),
    ("last_season", re.compile(r"\b(?:last|this past|this) (?P<season>spring|summer|autumn|fall|winter)\b", _F)),
    ("last_month_name", re.compile(rf"\blast (?P<mon>{_MONTH})\b", _F)),
    ("in_month", re.compile(rf"\b(?:in|since|from|during|early|mid|late|end of|start of|beginning of|back in|around|until|til|till)(?: the)?(?: of)? (?P<mon>{_MONTH})\b(?! \d)", _F)),
    ("day_month", re.compile(rf"\b(?:on )?(?:the )?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?: of)? (?P<mon>{_MONTH})\b(?!\.? ?\d)", _F)),
    ("rel_period", re.compile(r"\b(?P<which>last|this|the previous|past) (?P<unit>week|month|year|weekend)\b", _F)),
    ("year_before_last", re.compile(r"\bthe year before last\b", _F)),
    ("day_words", re.compile(r"\b(?P<w>yesterday|today|tonight|this morning|this afternoon|this evening|last night)\b", _F)),
    ("weekday", re.compile(rf"\b(?:last |on |this (?:past )?)(?P<wd>{_WEEKDAYS})\b", _F)),
    ("year", _YEAR_TOKEN),
]


def _resolve(kind: str, m: re.Match, received: date) -> Optional[tuple[date, date]]:
    if kind in named_days.KINDS:
        return named_days.resolve(kind, m, received, _num)
    g = m.groupdict()
    y0 = received.year
    if kind in ("before_last", "seasons_ago", "named_last_year", "last_year_named", "last_christmas"):
        # the n-th most recent such period that has already ended (n = 2 for "before last")
        n = 2 if kind == "before_last" else _num(g["n"]) if kind == "seasons_ago" else 1
        if n <= 0 or n > 50:
            return None
        if kind in ("named_last_year", "last_year_named"):
            y = y0 - (1 if g["which"].lower() == "last year" else 2)
            if g.get("season"):
                return _season_period(g["season"].lower(), y)
            if g.get("xmas"):
                return date(y, 12, 20), date(y, 12, 31)
            key = g["mon"].lower()
            mon = MONTHS.get(key, MONTHS.get(key[:3]))
            day = g.get("d") or g.get("d2")
            if day:  # a day that month has is that day; "31 February last year" is no date
                try:
                    return (date(y, mon, int(day)),) * 2
                except ValueError:
                    return None
            return date(y, mon, 1), _month_end(y, mon)
        periods = []
        for y in range(y0, y0 - n - 3, -1):
            if g.get("season"):
                start, end = _season_period(g["season"].lower(), y)
            elif g.get("mon"):
                key = g["mon"].lower()
                mon = MONTHS.get(key, MONTHS.get(key[:3]))
                start, end = date(y, mon, 1), _month_end(y, mon)
            else:  # Christmas
                start, end = date(y, 12, 20), date(y, 12, 31)
            if end < received:
                periods.append((start, end))
        return periods[n - 1] if len(periods) >= n else None
    if kind in ("ago", "and_a_half", "vague_ago"):
        n = _num(g["n"]) if g.get("n") else 2
        if kind == "vague_ago":
            n = 2
        unit = (g.get("unit") or "years").lower().rstrip("s")
        unit = {"wk": "week", "mnth": "month", "mth": "month", "yr": "year"}.get(unit, unit)
        if n <= 0 or n > 100:
            return None
        delta = {"day": relativedelta(days=n), "week": relativedelta(weeks=n),
                 "month": relativedelta(months=n), "year": relativedelta(years=n)}[unit]
        if kind == "and_a_half":
            delta = relativedelta(years=n, months=6)
        d = received - delta
        if g.get("q") or g.get("good"):  # "over / more than a year ago": strictly earlier than a year ago
            d -= timedelta(days=1)
        return d, d
    if kind == "dmy_num":
        y = int(g["y"])
        y = y + 2000 if y < 100 else y
        try:
            d = date(y, int(g["m"]), int(g["d"]))  # UK order: day/month/year
        except ValueError:
            return None
        return d, d
    if kind in ("dmy", "mdy"):
        try:
            d = du_parser.parse(f"{g['d']} {g['mon']} {g['y']}", dayfirst=True).date()
        except (ValueError, OverflowError):
            return None
        return d, d
    if kind in ("month_year", "year_month"):
        mon = MONTHS[g["mon"].lower()[:3] if g["mon"].lower()[:4] != "sept" else "sep"]
        y = int(g["y"])
        return date(y, mon, 1), _month_end(y, mon)
    if kind == "season_year":
        return _season_period(g["season"].lower(), int(g["y"]))
    if kind == "christmas_year":
        y = int(g["y"])
        return date(y, 12, 20), date(y, 12, 31)
    if kind in ("easter_year", "last_easter"):
        y = int(g["y"]) if kind == "easter_year" else y0
        if kind == "last_easter" and easter(y) + timedelta(days=1) >= received:
            y -= 1
        sunday = easter(y)  # Good Friday to Easter Monday
        return sunday - timedelta(days=2), sunday + timedelta(days=1)
    if kind == "month_yy":
        key = (g.get("mon") or g.get("mon2")).lower()
        mon = MONTHS.get(key, MONTHS.get(key[:3]))
        y = 2000 + int(g.get("yy") or g.get("yy2"))
        if mon is None or y > y0:
            return None
        return date(y, mon, 1), _month_end(y, mon)
    if kind == "last_season":
        season = g["season"].lower()
        # the most recent such season that has already ended
        for y in (y0, y0 - 1, y0 - 2):
            start, end = _season_period(season, y)
            if end < received:
                return start, end
        return None
    if kind in ("last_month_name", "in_month", "day_month"):
        key = g["mon"].lower()
        mon = MONTHS.get(key, MONTHS.get(key[:3]))
        if mon is None:
            return None
        if kind == "last_month_name":
            y = y0 if mon < received.month else y0 - 1
        else:
            y = y0 if mon <= received.month else y0 - 1
        if kind == "day_month":
            try:
                d = date(y, mon, int(g["d"]))
            except ValueError:
                return None
            if d > received:
                d = d.replace(year=y - 1)
            return d, d
        return date(y, mon, 1), min(_month_end(y, mon), received)
    if kind == "rel_period":
        which, unit = g["which"].lower(), g["unit"].lower()
        if which == "this":
            return received, received
        if unit in ("week", "weekend"):
            d = received - timedelta(days=7)
            return d, received
        if unit == "month":
            last = received.replace(day=1) - timedelta(days=1)
            return last.replace(day=1), last
        return date(y0 - 1, 1, 1), date(y0 - 1, 12, 31)
    if kind == "year_before_last":
        return date(y0 - 2, 1, 1), date(y0 - 2, 12, 31)
    if kind == "day_words":
        w = g["w"].lower()
        d = received - timedelta(days=1) if w in ("yesterday", "last night") else received
        return d, d
    if kind == "weekday":
        return received - timedelta(days=7), received
    if kind == "fiscal_year":
        y = int(g["y"])
        if int(g["y2"]) != (y + 1) % 100 or y > y0:
            return None
        return date(y, 4, 1), date(y + 1, 3, 31)
    if kind == "part_year":
        y = int(g["y"])
        first, last = _PARTS[re.sub(r"^the |\s+of$", "", g["part"].lower())]
        if y > y0:
            return None
        return date(y, first, 1), min(_month_end(y, last), received)
    if kind == "year":
        y = int(g["y"])
        if y > y0:
            return None
        return date(y, 1, 1), min(date(y, 12, 31), received)
    return None


def _scan(text: str, received: date, source: str) -> List[DateMention]:
    found: List[DateMention] = []
    taken: list[tuple[int, int]] = []
    for kind, rx in _PATTERNS:
        for m in rx.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue  # a longer, earlier pattern already explained these words
            if kind == "year" and re.search(r"(?:cmp|sr|cpl|exc)-$", text[max(0, m.start() - 4):m.start()], _F):
                continue
            period = _resolve(kind, m, received)
            if period is None:
                continue
            start, end = period
            if start > received:  # future: not when the issue happened
                continue
            taken.append((m.start(), m.end()))
            found.append(DateMention(m.group(0), start, min(end, received), source))
    return found


_NOT_A_DATE = re.compile(r"\b(?:years?|weeks?|months?|days?)[- ]old\b|\bnext\b|\btomorrow\b|\bwithin\b", _F)


_BARE_MONTH = re.compile(rf"(?:\b(?:in|on|of|since|from|during|until|till|early|late|mid|end of|and|to|by|before|after) |"
                         rf"\b\d{{1,2}}(?:st|nd|rd|th)? (?:of )?)(?P<mon>{_MONTH})\b(?!\.? ?(?:\d|of (?:19|20)\d\d|,? (?:19|20)\d\d))", _F)


def _anchor_years(text: str) -> tuple[str, set]:
    """Give a year-less month the year named in its own sentence: "in February and March 2025",
    "over Christmas 2024 ... fixed on 30 December". Returns the text and the anchored months."""
    anchored: set = set()

    def fix(sentence: str) -> str:
        years = set(_YEAR_TOKEN.findall(sentence))
        if len(years) != 1:
            return sentence
        year = years.pop()

        def add_year(m: re.Match) -> str:
            anchored.add(m.group("mon").lower()[:3])
            return f"{m.group(0)} {year}"
        return _BARE_MONTH.sub(add_year, sentence)
    return " ".join(fix(part) for part in re.split(r"(?<=[.!?])\s+", text or "")), anchored


# "last September (2025)", "this past summer, 2025": the year named wins; read as "September 2025"
_RELATIVE_WITH_YEAR = re.compile(rf"\b(?:last|this past) (?P<name>{_MONTH}|spring|summer|autumn|fall|winter)"
                                 rf"(?: \((?P<y1>{_YEAR})\)|, (?P<y2>{_YEAR})\b)", _F)


def find_date_mentions(text: str, entities: Iterable[dict], received_on: date) -> List[DateMention]:
    """All past periods named in the text: spaCy DATE entities first, then a regex scan."""
    mentions: List[DateMention] = []
    text = re.sub(r"\blast yr\b", "last year", text or "", flags=_F)
    restated = {m.group("name").lower() for m in _RELATIVE_WITH_YEAR.finditer(text)}
    text, anchored = _anchor_years(_RELATIVE_WITH_YEAR.sub(lambda m: f"{m['name']} {m['y1'] or m['y2']}", text))
    for ent in entities or []:
        if str(ent.get("entity", "")).upper() != "DATE":
            continue
        value = str(ent.get("value") or "").strip()
        if not value or _NOT_A_DATE.search(value):
            continue
        if re.fullmatch(r"(?:last|this past) \w+", value, _F) and value.split()[-1].lower() in restated:
            continue  # "last September" of "last September (2025)": the text scan reads it with its year
        bare = _BARE_MONTH.search(value)
        if (bare and bare.group("mon").lower()[:3] in anchored and not re.search(_YEAR, value)) or \
                re.search(rf"\b(?:over|more than) {re.escape(value)}", text, _F):
            continue  # the text scan reads it: with the year of its sentence, or "over a year ago" as strictly earlier
        mentions.extend(_scan(value, received_on, "entity"))
    cleaned = re.sub(r"\b(?:cmp|sr|cpl|exc)-\d{4}-\d{6}\b", " ", text or "", flags=_F)
    mentions.extend(_scan(cleaned, received_on, "text"))
    unique: dict = {}
    for m in mentions:
        unique.setdefault((m.start, m.end), m)
    return list(unique.values())


# Dates of background facts, not of the issue: when something was built or fitted, a tenancy
# signed, permission given ("a shed my husband built ten years ago", "the agreement I signed in
# 2019", "written permission in 2023").
_BACKGROUND = re.compile(
    r"\b(?:built|put up|erected|installed|fitted|redid|redone|re-done|signed(?! up)|was born|bought|"
    r"permission|approved|agreed to)\b[^.!?\d]{0,25}$", _F)


def _is_background(mention: DateMention, text: str) -> bool:
    """Every place the phrase occurs follows a background verb in the same sentence."""
    spots = [m.start() for m in re.finditer(re.escape(mention.phrase), text or "", _F)]
    return bool(spots) and all(_BACKGROUND.search(text[max(0, i - 40):i]) for i in spots)


def find_issue_date(text: str, entities: Iterable[dict], received_on: date) -> Optional[DateMention]:
    """The most recent past period mentioned (see module docstring), or None."""
    mentions = [m for m in find_date_mentions(text, entities, received_on) if not _is_background(m, text)]
    # a vague period that contains a more precise one ("last year ... (April 2025)") says no more
    # than the precise one, so it does not get to stretch the date to the end of the year
    precise = [m for m in mentions if not any(
        (n.start, n.end) != (m.start, m.end) and m.start <= n.start and n.end <= m.end for n in mentions)]
    if not precise:
        return None
    return max(precise, key=lambda m: (m.end, m.start))


def months_before(received_on: date, months: int) -> date:
    """The cut-off: an issue that ended before this date is over a ``months`` time limit."""
    return received_on - relativedelta(months=months)
