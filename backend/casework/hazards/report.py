"""Hazard figures for /staff/reports, beside CH01/CH02: hazards reported in the period and, for
each statutory deadline, the share handled within its time (decided deadlines only: met on time,
done late, or passed without being done; deadlines still running are counted apart)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from .catalogue import SEVERITIES, catalogue
from .models import Hazard
from .views import deadlines_of

LONDON = ZoneInfo("Europe/London")


@dataclass
class DeadlineFigure:
    id: str
    label: str
    severity: str
    decided: int = 0
    within: int = 0
    breached: int = 0       # passed and still not done
    running: int = 0

    @property
    def pct(self) -> float | None:
        return round(100 * self.within / self.decided, 1) if self.decided else None


@dataclass
class HazardFigures:
    reported: int = 0
    emergency: int = 0
    significant: int = 0
    not_in_force: int = 0
    by_type: list[tuple[str, int]] = field(default_factory=list)
    deadlines: list[DeadlineFigure] = field(default_factory=list)


def hazard_figures(session: Session, start: date, end: date, profile: str | None,
                   now: datetime | None = None) -> HazardFigures:
    now = now or datetime.now(timezone.utc)
    lo = datetime.combine(start, time(0), tzinfo=LONDON).astimezone(timezone.utc)
    hi = datetime.combine(end + timedelta(days=1), time(0), tzinfo=LONDON).astimezone(timezone.utc)
    q = select(Hazard).where(Hazard.aware_at >= lo, Hazard.aware_at < hi)
    if profile:
        q = q.where(Hazard.profile_id == profile)
    cat = catalogue()
    figs = {(sev, ts.id): DeadlineFigure(ts.id, ts.label, sev) for sev in SEVERITIES for ts in cat.timescales[sev]}
    out = HazardFigures()
    types: dict[str, int] = {}
    for h in session.scalars(q):
        out.reported += 1
        types[cat.label(h.hazard_type)] = types.get(cat.label(h.hazard_type), 0) + 1
        if not h.in_force:
            out.not_in_force += 1
            continue
        setattr(out, h.severity, getattr(out, h.severity) + 1)
        for d in deadlines_of(h):
            fig = figs[(h.severity, d.id)]
            st = d.status(now, LONDON)
            if st == "met":
                fig.decided += 1
                fig.within += 1
            elif st in ("late", "breached"):
                fig.decided += 1
                fig.breached += st == "breached"
            elif st != "waiting":
                fig.running += 1
    out.by_type = sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))
    out.deadlines = list(figs.values())
    return out
