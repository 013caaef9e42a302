"""Complaint-handling figures as pure functions over plain records: no database, no clock.

Definitions (also in docs/reports.md):
- A period is inclusive at both ends (`Period(start, end)`), in the landlord's local dates.
- CH01 (Tenant Satisfaction Measure): stage 1 complaints received in the period (by the effective
  receipt date) and stage 2 complaints received (the escalation's effective receipt date), each
  per 1,000 homes owned: count / homes * 1000, rounded to 2 decimal places.
- CH02: stage 1 and stage 2 responses sent in the period (by response date) that were sent within
  the Complaint Handling Code's timescales, as a share of all responses at that stage sent in the
  period. The Code's due date is counted in working days of the landlord's nation, whatever the
  profile says: acknowledgement due 5 working days after receipt; response due 10 (stage 1) or 20
  (stage 2) working days after the acknowledgement (the real one, but never later than the latest
  allowed acknowledgement date, so a late acknowledgement buys no extra time). An extension moves
  the due date by the days granted, counted in the profile's day unit, but by no more than the
  Code's limit (10 working days at stage 1, 20 at stage 2): a response by the extended date counts
  as within timescale when the extension was within that limit. Stage 3 responses (older
  three-stage profiles) are not CH02 responses and are left out.
- Working days to respond: working days after the stage's receipt up to and including the response
  date (calendar.working_days_between).
- Resolved: a complaint whose current stage has a response dated in the period (status responded or
  closed); it is "resolved at" that stage. Days to resolve run from the stage 1 receipt to that
  final response, in working days.
- Share upheld: upheld and partly upheld decisions over all responses at that stage in the period.
- Overdue now: open complaints past their acknowledgement date (not yet acknowledged) or past their
  response date (not yet responded), on the given day.
- Themes: what a complaint is about, from a keyword classifier over its text and summary (see
  THEMES); a complaint can have more than one theme; one with none is "other".
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable

from ..calendar import add_days, add_working_days, working_days_between
from .records import (ComplaintRecord, ComplimentRecord, ExcludedRecord, Period,
                      ServiceRequestRecord, StageRecord)  # defined there; callers import them here too

CODE_ACK_DAYS = 5
CODE_RESPONSE_DAYS = {1: 10, 2: 20}
CODE_EXTENSION_DAYS = {1: 10, 2: 20}
DECISIONS = ("upheld", "partly_upheld", "not_upheld")


# ---------------------------------------------------------------- helpers

def _pct(n: int, d: int) -> float | None:
    return None if d == 0 else round(100 * n / d, 1)


def _avg(values: list[int]) -> float | None:
    return None if not values else round(sum(values) / len(values), 1)


def _stage_records(complaints: Iterable[ComplaintRecord]):
    for c in complaints:
        for s in c.stages:
            yield c, s


# ---------------------------------------------------------------- CH01

@dataclass(frozen=True)
class CH01:
    homes: int | None
    stage1: int
    stage2: int
    stage1_per_1000: float | None
    stage2_per_1000: float | None


def ch01(complaints: Iterable[ComplaintRecord], period: Period, homes: int | None) -> CH01:
    s1 = s2 = 0
    for _c, s in _stage_records(complaints):
        if s.received_on in period:
            if s.stage == 1:
                s1 += 1
            elif s.stage == 2:
                s2 += 1
    per = (lambda n: round(n / homes * 1000, 2)) if homes else (lambda n: None)
    return CH01(homes, s1, s2, per(s1), per(s2))


# ---------------------------------------------------------------- CH02 and responses by stage

def code_due_date(s: StageRecord, nation: str, day_unit: str = "working") -> date | None:
    """The last day a response meets the Code's timescale (None for a stage the Code has not got)."""
    if s.stage not in CODE_RESPONSE_DAYS:
        return None
    latest_ack = add_working_days(s.received_on, CODE_ACK_DAYS, nation)
    start = min(s.acknowledged_on, latest_ack) if s.acknowledged_on else latest_ack
    due = add_working_days(start, CODE_RESPONSE_DAYS[s.stage], nation)
    if s.extension_days > 0:
        limit = add_working_days(due, CODE_EXTENSION_DAYS[s.stage], nation)
        due = min(add_days(due, s.extension_days, day_unit, nation), limit)
    return due


def within_code(s: StageRecord, nation: str, day_unit: str = "working") -> bool | None:
    due = code_due_date(s, nation, day_unit)
    if due is None or s.responded_on is None:
        return None
    return s.responded_on <= due


@dataclass(frozen=True)
class StageResponses:
    stage: int
    responses: int
    within_code: int  # CH02 numerator (stages 1 and 2 only)
    within_code_pct: float | None
    extended: int
    avg_working_days: float | None
    upheld: int
    partly_upheld: int
    not_upheld: int
    upheld_pct: float | None  # upheld or partly upheld


def responses_by_stage(complaints: Iterable[ComplaintRecord], period: Period) -> list[StageResponses]:
    rows: dict[int, dict] = {}
    for c, s in _stage_records(complaints):
        if s.responded_on not in period:
            continue
        r = rows.setdefault(s.stage, {"n": 0, "in": 0, "ext": 0, "days": [], "dec": Counter()})
        r["n"] += 1
        r["in"] += 1 if within_code(s, c.nation, c.day_unit.get(s.stage, "working")) else 0
        r["ext"] += 1 if s.extension_days else 0
        r["days"].append(working_days_between(s.received_on, s.responded_on, c.nation))
        r["dec"][s.decision] += 1
    out = []
    for stage in sorted(set(rows) | {1, 2}):
        r = rows.get(stage, {"n": 0, "in": 0, "ext": 0, "days": [], "dec": Counter()})
        coded = stage in CODE_RESPONSE_DAYS
        up, part = r["dec"]["upheld"], r["dec"]["partly_upheld"]
        out.append(StageResponses(
            stage=stage, responses=r["n"], within_code=r["in"] if coded else 0,
            within_code_pct=_pct(r["in"], r["n"]) if coded else None, extended=r["ext"],
            avg_working_days=_avg(r["days"]), upheld=up, partly_upheld=part,
            not_upheld=r["dec"]["not_upheld"], upheld_pct=_pct(up + part, r["n"])))
    return out


@dataclass(frozen=True)
class CH02:
    stage1_responses: int
    stage1_within: int
    stage1_pct: float | None
    stage2_responses: int
    stage2_within: int
    stage2_pct: float | None


def ch02(complaints: Iterable[ComplaintRecord], period: Period) -> CH02:
    by = {r.stage: r for r in responses_by_stage(complaints, period)}
    s1, s2 = by[1], by[2]
    return CH02(s1.responses, s1.within_code, s1.within_code_pct, s2.responses, s2.within_code,
                s2.within_code_pct)


# ---------------------------------------------------------------- resolution

@dataclass(frozen=True)
class Resolution:
    resolved: int
    by_stage: dict[int, int]
    avg_working_days: float | None
    avg_by_stage: dict[int, float | None] = field(default_factory=dict)


def resolution(complaints: Iterable[ComplaintRecord], period: Period) -> Resolution:
    days: dict[int, list[int]] = {}
    for c in complaints:
        s = c.current
        if c.status in ("responded", "closed") and s.responded_on in period:
            days.setdefault(s.stage, []).append(working_days_between(c.received_on, s.responded_on, c.nation))
    by_stage = {k: len(v) for k, v in sorted(days.items())}
    return Resolution(sum(by_stage.values()), by_stage, _avg([d for v in days.values() for d in v]),
                      {k: _avg(v) for k, v in sorted(days.items())})


# ---------------------------------------------------------------- counts by kind

def _counted(values: Iterable[str]) -> list[tuple[str, int]]:
    return sorted(Counter(values).items(), key=lambda kv: (-kv[1], kv[0].casefold()))


def service_requests_by_topic(rows: Iterable[ServiceRequestRecord], period: Period) -> list[tuple[str, int]]:
    return _counted(r.topic for r in rows if r.received_on in period)


def excluded_by_reason(rows: Iterable[ExcludedRecord], period: Period) -> list[tuple[str, int]]:
    return _counted(r.reason for r in rows if r.received_on in period)


def exclusions_explained(rows: Iterable[ExcludedRecord], period: Period) -> tuple[int, int]:
    """(explained, total): excluded matters whose letter gave a reason AND the Ombudsman notice."""
    rows = [r for r in rows if r.received_on in period]
    return sum(1 for r in rows if r.explanation.strip() and r.ombudsman_notice), len(rows)


def compliments_by_person(rows: Iterable[ComplimentRecord], period: Period) -> list[tuple[str, int]]:
    return _counted(r.person.strip() for r in rows if r.received_on in period and r.person and r.person.strip())


def compliments_by_team(rows: Iterable[ComplimentRecord], period: Period) -> list[tuple[str, int]]:
    """By the team named; a compliment naming nobody counts for the team it was routed to."""
    def team(r: ComplimentRecord) -> str | None:
        if r.team and r.team.strip():
            return r.team.strip()
        if r.person and r.person.strip():
            return None
        return r.routed_to[0] if r.routed_to else "(nobody named)"
    return _counted(t for r in rows if r.received_on in period and (t := team(r)))


# ---------------------------------------------------------------- overdue now

@dataclass(frozen=True)
class Overdue:
    reference: str
    stage: int
    what: str  # acknowledgement | response
    due: date
    working_days_late: int


def overdue_now(complaints: Iterable[ComplaintRecord], on: date) -> list[Overdue]:
    out = []
    for c in complaints:
        s = c.current
        if c.status != "open":
            continue
        if s.acknowledged_on is None and s.acknowledge_by and s.acknowledge_by < on:
            out.append(Overdue(c.reference, s.stage, "acknowledgement", s.acknowledge_by,
                               working_days_between(s.acknowledge_by, on, c.nation)))
        if s.responded_on is None and s.respond_by and s.respond_by < on:
            out.append(Overdue(c.reference, s.stage, "response", s.respond_by,
                               working_days_between(s.respond_by, on, c.nation)))
    return sorted(out, key=lambda o: (o.due, o.reference, o.what))


# ---------------------------------------------------------------- monthly trend

def received_by_month(complaints: Iterable[ComplaintRecord], period: Period) -> list[tuple[str, int, int]]:
    """(YYYY-MM, stage 1 received, stage 2 received) for every month the period touches."""
    counts: Counter = Counter()
    for _c, s in _stage_records(complaints):
        if s.received_on in period and s.stage in (1, 2):
            counts[(s.received_on.year, s.received_on.month, s.stage)] += 1
    return [(f"{y:04d}-{m:02d}", counts[(y, m, 1)], counts[(y, m, 2)]) for y, m in period.months()]


# ---------------------------------------------------------------- themes

THEMES: dict[str, tuple[str, ...]] = {
    # label: keyword stems (matched at the start of a word, case-insensitive)
    "Damp and mould": ("damp", "mould", "mold", "condensation", "black spots"),
    "Repairs": ("repair", "leak", "boiler", "heating", "hot water", "broken", "roof", "window",
                "door", "toilet", "plumb", "electric", "contractor", "workm", "engineer"),
    "Staff conduct": ("rude", "attitude", "unprofessional", "shouted", "disrespect", "manner",
                      "aggressive", "dismissive"),
    "Communication": ("no one called", "nobody called", "called me back", "call back", "callback",
                      "no response", "never replied", "not replied", "ignored", "chase", "kept informed",
                      "update", "no reply", "didn't reply", "did not reply", "communicat"),
    "Charges": ("rent", "service charge", "charge", "arrears", "overcharg", "bill", "fees", "refund"),
    "Anti-social behaviour handling": ("anti-social", "antisocial", "asb", "neighbour"),
    "Estate and grounds": ("estate", "communal", "grounds", "bins", "rubbish", "litter", "cleaning",
                           "parking", "lift"),
}
OTHER_THEME = "Other"
_THEME_RE = {name: re.compile(r"\b(?:" + "|".join(re.escape(k) for k in kws) + ")", re.I)
             for name, kws in THEMES.items()}


def classify_themes(text: str) -> list[str]:
    found = [name for name, rx in _THEME_RE.items() if rx.search(text or "")]
    return found or [OTHER_THEME]


def themes(complaints: Iterable[ComplaintRecord], period: Period) -> list[tuple[str, int]]:
    """Complaints received (stage 1) in the period, by theme; one complaint can count in several."""
    names: list[str] = []
    for c in complaints:
        if c.received_on in period:
            names += classify_themes(f"{c.text}\n{c.summary or ''}")
    return _counted(names)


# ---------------------------------------------------------------- everything at once

@dataclass(frozen=True)
class Figures:
    period: Period
    on: date
    ch01: CH01
    ch02: CH02
    responses: list[StageResponses]
    resolution: Resolution
    service_requests: list[tuple[str, int]]
    excluded: list[tuple[str, int]]
    exclusions_explained: tuple[int, int]
    compliments_person: list[tuple[str, int]]
    compliments_team: list[tuple[str, int]]
    overdue: list[Overdue]
    themes: list[tuple[str, int]]
    monthly: list[tuple[str, int, int]]


def all_figures(period: Period, on: date, homes: int | None, complaints: list[ComplaintRecord],
                service_requests: list[ServiceRequestRecord], excluded: list[ExcludedRecord],
                compliments: list[ComplimentRecord], open_complaints: list[ComplaintRecord] | None = None,
                ) -> Figures:
    return Figures(
        period=period, on=on, ch01=ch01(complaints, period, homes), ch02=ch02(complaints, period),
        responses=responses_by_stage(complaints, period), resolution=resolution(complaints, period),
        service_requests=service_requests_by_topic(service_requests, period),
        excluded=excluded_by_reason(excluded, period),
        exclusions_explained=exclusions_explained(excluded, period),
        compliments_person=compliments_by_person(compliments, period),
        compliments_team=compliments_by_team(compliments, period),
        overdue=overdue_now(open_complaints if open_complaints is not None else complaints, on),
        themes=themes(complaints, period), monthly=received_by_month(complaints, period))


def financial_year(on: date) -> Period:
    """The TSM reporting year (1 April to 31 March) containing `on`."""
    y = on.year if on.month >= 4 else on.year - 1
    return Period(date(y, 4, 1), date(y + 1, 3, 31))

