"""Staff reports: /staff/reports (figures and charts), /staff/reports/<table>.csv, and the draft
self-assessment (/staff/reports/self-assessment, printable; .md to download). Sign-in required."""
from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, Response

from ..profiles import DEFAULT_PROFILE_ID, all_profiles, get_profile
from ..hazards.report import hazard_figures
from ..reports import charts, figures as F, queries, selfassess
from ..reports.csvout import to_csv
from ..reports.tables import TABLES, REASON_LABELS, human
from ..settings import get_settings
from .services import deadlines
from .web import Ctx, StaffError, render, router, staff_ctx

MAX_PERIOD_DAYS = 5 * 366


def landlord_name() -> str:
    return get_settings().landlord_name.strip()[:200] or "The landlord"


def _filters(request: Request) -> tuple[F.Period, str | None]:
    q = request.query_params
    default = F.financial_year(deadlines.today())

    def day(name: str, fallback: date) -> date:
        v = (q.get(name) or "").strip()
        if not v:
            return fallback
        try:
            d = date.fromisoformat(v[:20])
        except ValueError:
            raise StaffError(422, f"'{name}' must be a date (YYYY-MM-DD).") from None
        if not 2000 <= d.year <= 2100:
            raise StaffError(422, "Dates must be between 2000 and 2100.")
        return d

    start, end = day("from", default.start), day("to", default.end)
    if end < start:
        raise StaffError(422, "The period ends before it starts: check the 'from' and 'to' dates.")
    if (end - start).days > MAX_PERIOD_DAYS:
        raise StaffError(422, "Choose a period of five years or less.")
    profile = (q.get("profile") or "").strip() or None
    if profile is not None and profile not in all_profiles():
        raise StaffError(422, "Unknown profile: choose one from the list.")
    return F.Period(start, end), profile


def _args(period: F.Period, profile: str | None) -> str:
    return urlencode({"from": period.start.isoformat(), "to": period.end.isoformat(),
                      **({"profile": profile} if profile else {})})


def _figures(ctx: Ctx, period: F.Period, profile: str | None) -> F.Figures:
    return queries.figures_for(ctx.db, period, profile, deadlines.today())


@router.get("/reports", response_class=HTMLResponse)
def reports_page(request: Request, ctx: Ctx = Depends(staff_ctx)):
    period, profile = _filters(request)
    f = _figures(ctx, period, profile)
    by = {r.stage: r for r in f.responses}
    ch02_rows = [(f"Stage {s}", by[s].within_code_pct) for s in (1, 2) if by[s].within_code_pct is not None]
    chart = {
        "monthly": charts.column_chart("Complaints received by month (stage 1 and stage 2)", f.monthly),
        "ch02": charts.bar_chart("CH02: responses within the Code's timescales", ch02_rows, unit="%",
                                 max_value=100, colour=charts.TEAL, empty="No stage 1 or stage 2 responses in this period."),
        "themes": charts.bar_chart("What complaints were about", f.themes),
        "upheld": charts.bar_chart("Share upheld or partly upheld, by stage",
                                   [(f"Stage {r.stage}", r.upheld_pct) for r in f.responses if r.upheld_pct is not None],
                                   unit="%", max_value=100, empty="No responses in this period."),
        "service_requests": charts.bar_chart("Service requests by topic", [(human(k), n) for k, n in f.service_requests]),
        "excluded": charts.bar_chart("Excluded matters by reason",
                                     [(REASON_LABELS.get(k, human(k)), n) for k, n in f.excluded], colour=charts.RED),
    }
    tables = {name: (title, *fn(f)) for name, (title, fn) in TABLES.items()}
    return render(request, "reports.html", ctx=ctx, f=f, period=period, profile=profile, by=by, chart=chart,
                  tables=tables, args=_args(period, profile), profiles=sorted(all_profiles().values(), key=lambda p: p.id),
                  homes_var=queries.homes_env_name(profile),
                  hz=hazard_figures(ctx.db, period.start, period.end, profile))


@router.get("/reports/self-assessment", response_class=HTMLResponse)
def self_assessment_page(request: Request, ctx: Ctx = Depends(staff_ctx)):
    period, profile = _filters(request)
    sa = _self_assessment(ctx, period, profile)
    return render(request, "self_assessment.html", ctx=ctx, sa=sa, args=_args(period, profile), profile=profile)


@router.get("/reports/self-assessment.md")
def self_assessment_download(request: Request, ctx: Ctx = Depends(staff_ctx)):
    period, profile = _filters(request)
    sa = _self_assessment(ctx, period, profile)
    name = f"self-assessment-{period.start.isoformat()}-{period.end.isoformat()}.md"
    return Response(selfassess.to_markdown(sa), media_type="text/markdown; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff"})


def _self_assessment(ctx: Ctx, period: F.Period, profile: str | None) -> selfassess.SelfAssessment:
    f = _figures(ctx, period, profile)
    ids = [profile] if profile else (queries.profiles_in_use(ctx.db, period) or [DEFAULT_PROFILE_ID])
    profiles = [get_profile(i) for i in ids if i in all_profiles()]
    return selfassess.build(f, profiles, landlord_name(), deadlines.today())


@router.get("/reports/{table}.csv")
def report_csv(table: str, request: Request, ctx: Ctx = Depends(staff_ctx)):
    if table not in TABLES:
        raise StaffError(404, "There is no such report table.")
    period, profile = _filters(request)
    header, rows = TABLES[table][1](_figures(ctx, period, profile))
    name = f"{table}-{period.start.isoformat()}-{period.end.isoformat()}.csv"
    return Response(to_csv(header, rows), media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff"})
