"""Staff hazard board (Awaab's Law): /staff/hazards sorted by the nearest deadline, with
countdowns and due-today / breached views; /staff/hazards/<ref> to confirm or change the severity
(with a reason, audited) and record each step. Sign-in and CSRF as every staff page."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from .. import audit, cases
from ..hazards import service
from ..hazards.catalogue import STEPS, catalogue
from ..hazards.schemas import StepIn
from ..models import Case
from ..schemas import parse_received_at
from .web import DONE, Ctx, StaffError, date_field as _date_field, field as _field, posted, render, router, staff_ctx

VIEWS = {"open": "All open", "due_today": "Due today", "breached": "Breached", "closed": "Closed"}
DONE.update({"hazard_severity": "Severity recorded. The decision is in the audit trail.",
             "hazard_step": "Step recorded; any new deadlines are shown below."})


def countdown(due_iso: str | None, now: datetime) -> tuple[str, str]:
    """("in 3 days 4 h", "open") / ("breached 5 h ago", "breached") for a board cell."""
    if not due_iso:
        return "-", "waiting"
    due = datetime.fromisoformat(due_iso)
    secs = int((due - now).total_seconds())
    span = abs(secs)
    days, rem = divmod(span, 86400)
    hours, rem = divmod(rem, 3600)
    mins = rem // 60
    if days:
        text = f"{days} day{'s' if days != 1 else ''} {hours} h"
    elif hours:
        text = f"{hours} h {mins} min"
    else:
        text = f"{mins} min"
    return (f"in {text}", "open") if secs > 0 else (f"breached {text} ago", "breached")


def board_row(v: dict[str, Any], now: datetime) -> dict[str, Any]:
    """A hazard's view with its next deadline and countdown (the board, the case page)."""
    nxt = next((d for d in v["deadlines"] if d["due_at"] and not d["done_at"]
                and d["due_at"] == v["next_due_at"]), None)
    text, state = countdown(v["next_due_at"], now)
    if nxt and nxt["status"] == "due_today":
        state = "due_today"
    return {**v, "next": nxt, "countdown": text, "state": state}


@router.get("/hazards", response_class=HTMLResponse)
def hazard_board(request: Request, ctx: Ctx = Depends(staff_ctx)):
    view = (request.query_params.get("view") or "open").strip()
    if view not in VIEWS:
        raise StaffError(422, f"Unknown view: choose one of {', '.join(VIEWS)}.")
    now = datetime.now(timezone.utc)
    rows = [board_row(v, now) for v in service.board(ctx.db, view, now)]
    return render(request, "hazards/board.html", ctx=ctx, rows=rows, view=view, views=VIEWS, now=now,
                  vulnerabilities=catalogue().vulnerabilities)


def _case_ref(ctx: Ctx, case_id: int | None) -> str | None:
    if case_id is None:
        return None
    case = ctx.db.get(Case, case_id)
    return case.reference if case else None


def _page(ctx: Ctx, reference: str, status: int = 200, error: str | None = None,
          form: dict[str, str] | None = None) -> HTMLResponse:
    try:
        h = service.find_hazard(ctx.db, reference)
    except cases.NotFound:
        raise StaffError(404, "There is no hazard with that reference.") from None
    now = datetime.now(timezone.utc)
    v = service.hazard_view(h, now)
    for d in v["deadlines"]:
        d["countdown"] = countdown(d["due_at"], now)[0] if not d["done_at"] else ""
    return render(ctx.request, "hazards/hazard.html", status, ctx=ctx, h=v, error=error, form=form or {},
                  case_reference=_case_ref(ctx, h.case_id), steps=STEPS, step_labels=service.STEP_LABELS,
                  vulnerabilities=catalogue().vulnerabilities, trail=audit.trail(ctx.db, h.reference))


@router.get("/hazards/{reference}", response_class=HTMLResponse)
def hazard_page(reference: str, ctx: Ctx = Depends(staff_ctx)):
    return _page(ctx, reference[:40])


def _act(ctx: Ctx, reference: str, done: str, fn) -> Response:
    reference = reference[:40]
    try:
        ref = service.find_hazard(ctx.db, reference).reference
        fn(ref)
    except cases.NotFound:
        raise StaffError(404, "There is no hazard with that reference.") from None
    except cases.Conflict as exc:
        ctx.db.rollback()
        return _page(ctx, reference, 422 if exc.code == "invalid" else 409, exc.message, ctx.form)
    except StaffError as exc:
        ctx.db.rollback()
        return _page(ctx, reference, exc.status, exc.message, ctx.form)
    return RedirectResponse(f"/staff/hazards/{ref}?done={done}", status_code=303)


@router.post("/hazards/{reference}/severity")
def hazard_severity(reference: str, ctx: Ctx = Depends(posted)):
    severity = _field(ctx.form, "severity", 20)
    if severity not in ("emergency", "significant"):
        raise StaffError(422, "Choose emergency or significant.")
    return _act(ctx, reference, "hazard_severity", lambda ref: service.set_severity(
        ctx.db, ref, severity, _field(ctx.form, "reason"), ctx.actor))


def _moment(form: dict[str, str]) -> datetime | None:
    v = _field(form, "at", 40)
    if not v:
        return None
    try:
        at = parse_received_at(v)
    except ValueError:
        raise StaffError(422, "'When' must be a date and time.") from None
    if not 2000 <= at.year <= 2100:
        raise StaffError(422, "Dates must be between 2000 and 2100.")
    return at


@router.post("/hazards/{reference}/steps")
def hazard_step(reference: str, ctx: Ctx = Depends(posted)):
    f = ctx.form

    def go(ref: str):
        try:
            body = StepIn(step=_field(f, "step", 40), at=_moment(f),
                          findings=_field(f, "findings") or None, safety_work=_field(f, "safety_work") or None,
                          safety_work_by=_date_field(f, "safety_work_by"),
                          further_work=_field(f, "further_work") or None,
                          further_work_from=_date_field(f, "further_work_from"), note=_field(f, "note") or None)
        except ValidationError:
            raise StaffError(422, "Choose a step from the list.") from None
        service.record_step(ctx.db, ref, body, ctx.actor)
    return _act(ctx, reference, "hazard_step", go)
