"""The statutory clocks, as pure functions of the catalogue, the severity, the moment the landlord
became aware and the steps staff have recorded.

- hours: clock hours from the moment of awareness, through nights, weekends and bank holidays
  (24 hours from 16:30 on Christmas Eve is 16:30 on Christmas Day).
- working_days: day 1 is the first working day after the day the clock starts (calendar.py's
  add_working_days with the landlord's nation); the deadline is the end of that day, local time.
  Awareness is not moved to the next working day for a report after hours: the law runs from the
  moment the landlord becomes aware, and counting from the next working day would only add one.
- weeks: calendar weeks from the day the clock starts, to the end of the day.
A deadline that runs from the investigation's end has no date until staff record that end;
if_started_on_time gives the date it would have if the investigation ended on its own last day.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Mapping
from zoneinfo import ZoneInfo

from ..calendar import add_working_days
from .catalogue import Catalogue, Timescale

UNSPECIFIED = "unspecified"  # someone at greater risk, not said who (backend/hazards.yaml)


@dataclass(frozen=True)
class Deadline:
    id: str
    label: str
    unit: str                 # hours | working_days | weeks
    amount: int
    starts: str               # aware | investigation_concluded
    due_at: datetime | None   # the moment it passes (UTC); None until its start is known
    due_on: date | None       # the local day it falls on (for letters and the board)
    done_at: datetime | None

    def status(self, now: datetime, tz: ZoneInfo) -> str:
        """met | late | breached | due_today | waiting (start not known) | open."""
        if self.due_at is None:
            return "waiting"
        if self.done_at is not None:
            return "met" if self.done_at <= self.due_at else "late"
        if now >= self.due_at:
            return "breached"
        if self.due_on is not None and now.astimezone(tz).date() == self.due_on:
            return "due_today"
        if self.due_on is None and self.due_at - now <= timedelta(hours=24) and \
                self.due_at.astimezone(tz).date() == now.astimezone(tz).date():
            return "due_today"
        return "open"

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "unit": self.unit, "amount": self.amount,
                "starts": self.starts,
                "due_at": self.due_at.isoformat() if self.due_at else None,
                "due_on": self.due_on.isoformat() if self.due_on else None,
                "done_at": self.done_at.isoformat() if self.done_at else None}


def utc(dt: datetime) -> datetime:
    return dt.astimezone(timezone.utc) if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def end_of_day(d: date, tz: ZoneInfo) -> datetime:
    """The moment a day ends in local time (midnight at its close), in UTC."""
    return datetime.combine(d + timedelta(days=1), time(0, 0), tzinfo=tz).astimezone(timezone.utc)


def _due(ts: Timescale, start: datetime, nation: str, tz: ZoneInfo) -> tuple[datetime, date | None]:
    if ts.hours is not None:
        due = utc(start) + timedelta(hours=ts.hours)
        return due, due.astimezone(tz).date()
    day = utc(start).astimezone(tz).date()
    if ts.working_days is not None:
        on = add_working_days(day, ts.working_days, nation)
    else:
        on = day + timedelta(weeks=ts.weeks or 0)
    return end_of_day(on, tz), on


def deadlines(cat: Catalogue, severity: str, aware_at: datetime, nation: str, tz: ZoneInfo,
              steps: Mapping[str, datetime | None], not_after: datetime | None = None) -> list[Deadline]:
    """Every deadline for a hazard of this severity; `steps` maps a step name to when it was done.
    `not_after`: a deadline already running that a re-assessment may not lengthen (a hazard raised
    to an emergency by a later message: aware_at is then when that message came, and a deadline
    counted from it falls no later than this moment)."""
    out = []
    starts = {"aware": aware_at, "investigation_concluded": steps.get("investigation_concluded")}
    for ts in cat.timescales[severity]:
        start = starts[ts.from_]
        due_at, due_on = _due(ts, start, nation, tz) if start is not None else (None, None)
        if due_at is not None and not_after is not None and ts.from_ == "aware" and due_at > not_after:
            due_at, due_on = utc(not_after), (utc(not_after) - timedelta(microseconds=1)).astimezone(tz).date()
        unit = "hours" if ts.hours else "working_days" if ts.working_days else "weeks"
        done = steps.get(ts.done_by)
        out.append(Deadline(id=ts.id, label=ts.label, unit=unit,
                            amount=ts.hours or ts.working_days or ts.weeks or 0, starts=ts.from_,
                            due_at=due_at, due_on=due_on,
                            done_at=utc(done) if done else None))
    return out


def if_started_on_time(cat: Catalogue, severity: str, ds: list[Deadline], nation: str,
                       tz: ZoneInfo) -> dict[str, tuple[Deadline, datetime, date | None]]:
    """For each deadline whose clock has not started (due_at None), when it would fall if the step
    that starts it (the investigation's end) is done at the last moment its own deadline allows:
    {id: (that step's deadline, due_at, due_on)}. A condition, not a date: the real deadline runs
    from the day the step is actually done (sooner if it is done sooner). Left out when that step
    has no date of its own or is already done."""
    by_id = {d.id: d for d in ds}
    tss = {ts.id: ts for ts in cat.timescales[severity]}
    started_by = {ts.done_by: by_id[ts.id] for ts in tss.values() if ts.id in by_id}
    out: dict[str, tuple[Deadline, datetime, date | None]] = {}
    for d in ds:
        first = started_by.get(d.starts)
        if d.due_at is not None or d.id not in tss or first is None or first.due_at is None \
                or first.done_at is not None:
            continue
        # the last moment before that step's own deadline passes: for days, late on its last day
        out[d.id] = (first, *_due(tss[d.id], first.due_at - timedelta(microseconds=1), nation, tz))
    return out


def propose_severity(cat: Catalogue, hazard_id: str, vulnerabilities: list[str],
                     emergency_signs: bool) -> tuple[str, str]:
    """The assistant's proposal (staff confirm or change it) and the reason, in plain words."""
    h = cat.hazard(hazard_id)
    if emergency_signs:
        return "emergency", "The message describes an immediate danger."
    vulnerable = [v for v in vulnerabilities if v in cat.emergency_vulnerabilities]
    if vulnerable == [UNSPECIFIED] and h.vulnerable_makes_emergency:
        return "emergency", ("The resident said someone in the household is at greater risk but not who: "
                             "treated as an emergency until staff know who.")
    vulnerable = [v for v in vulnerable if v != UNSPECIFIED]  # a named one says more
    if vulnerable and h.vulnerable_makes_emergency:
        who = ", ".join(cat.vulnerabilities[v] for v in vulnerable)
        return "emergency", f"The household includes {who}: the same hazard is a greater risk to them."
    return "significant", "No sign of immediate danger or of a vulnerable household member."


def next_due(ds: list[Deadline]) -> Deadline | None:
    """The nearest deadline not yet done (breached ones first, as they are earliest)."""
    live = [d for d in ds if d.due_at is not None and d.done_at is None]
    return min(live, key=lambda d: d.due_at) if live else None
