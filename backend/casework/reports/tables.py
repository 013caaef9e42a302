"""The report's tables (one shape for the page and for the CSV downloads), built from Figures."""
from __future__ import annotations

from typing import Any, Callable

from .figures import Figures

Table = tuple[list[str], list[list[Any]]]
REASON_LABELS = {"asb": "New ASB report", "legal": "Legal proceedings", "employment": "Employment matter",
                 "time_limit": "Over the time limit", "already_investigated": "Already investigated",
                 "tribunal": "Tribunal"}


def human(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _pct(v: float | None) -> Any:
    return "" if v is None else v


def tsm(f: Figures) -> Table:
    c1, c2 = f.ch01, f.ch02
    homes = c1.homes if c1.homes else "not set"
    return (["measure", "stage", "count", "out of", "result"], [
        ["CH01 complaints received per 1,000 homes", 1, c1.stage1, homes, _pct(c1.stage1_per_1000)],
        ["CH01 complaints received per 1,000 homes", 2, c1.stage2, homes, _pct(c1.stage2_per_1000)],
        ["CH02 responses within Code timescales (%)", 1, c2.stage1_within, c2.stage1_responses, _pct(c2.stage1_pct)],
        ["CH02 responses within Code timescales (%)", 2, c2.stage2_within, c2.stage2_responses, _pct(c2.stage2_pct)],
    ])


def responses(f: Figures) -> Table:
    return (["stage", "responses", "within Code timescale", "within Code timescale %", "extended",
             "average working days to respond", "upheld", "partly upheld", "not upheld",
             "upheld or partly upheld %"],
            [[r.stage, r.responses, r.within_code if r.within_code_pct is not None else "n/a (not a Code stage)",
              _pct(r.within_code_pct), r.extended, _pct(r.avg_working_days), r.upheld, r.partly_upheld,
              r.not_upheld, _pct(r.upheld_pct)] for r in f.responses])


def resolution(f: Figures) -> Table:
    r = f.resolution
    rows = [[f"Stage {k}", n, _pct(r.avg_by_stage.get(k))] for k, n in r.by_stage.items()]
    rows.append(["All stages", r.resolved, _pct(r.avg_working_days)])
    return (["resolved at", "complaints", "average working days from receipt to final response"], rows)


def themes(f: Figures) -> Table:
    return (["theme", "complaints"], [[k, n] for k, n in f.themes])


def service_requests(f: Figures) -> Table:
    return (["topic", "service requests"], [[human(k), n] for k, n in f.service_requests])


def excluded(f: Figures) -> Table:
    return (["reason", "excluded matters"], [[REASON_LABELS.get(k, human(k)), n] for k, n in f.excluded])


def compliments_person(f: Figures) -> Table:
    return (["person", "compliments"], [[k, n] for k, n in f.compliments_person])


def compliments_team(f: Figures) -> Table:
    return (["team", "compliments"], [[k, n] for k, n in f.compliments_team])


def overdue(f: Figures) -> Table:
    return (["reference", "stage", "overdue", "was due", "working days late"],
            [[o.reference, o.stage, o.what, o.due.isoformat(), o.working_days_late] for o in f.overdue])


def monthly(f: Figures) -> Table:
    return (["month", "stage 1 received", "stage 2 received"], [[m, a, b] for m, a, b in f.monthly])


TABLES: dict[str, tuple[str, Callable[[Figures], Table]]] = {
    "tsm": ("Tenant Satisfaction Measures (CH01, CH02)", tsm),
    "responses": ("Responses by stage", responses),
    "resolution": ("Complaints resolved", resolution),
    "themes": ("What complaints are about", themes),
    "monthly": ("Complaints received by month", monthly),
    "service-requests": ("Service requests by topic", service_requests),
    "excluded": ("Excluded matters by reason", excluded),
    "compliments-person": ("Compliments by person", compliments_person),
    "compliments-team": ("Compliments by team", compliments_team),
    "overdue": ("Overdue now", overdue),
}
