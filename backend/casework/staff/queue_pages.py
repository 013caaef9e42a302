"""The handoff queue and review: /staff/queue, /staff/handoffs/{id} (accept, reclassify, close as
a duplicate, escalate the case an escalation request asks about, pick up a safeguarding or
emergency handoff) and /staff/queue/bulk (accept or close as
duplicates, many at once)."""
from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from .. import audit, case_messages, cases, clock
from . import nlu
from .services import deadlines, handoffs, pickup, queue as queue_svc
from .services.errors import Refused
from .web import Ctx, StaffError, field, posted, render, router, safe_next, staff_ctx

PICKED_UP = "Picked up: it is yours now. Your name shows on it in the queue."


def _queue_page(request: Request, ctx: Ctx, status: int = 200, error: str | None = None,
                results: list[tuple[str, str]] | None = None) -> HTMLResponse:
    f, errors = queue_svc.QueueFilter.from_query(request.query_params)
    rows, total = queue_svc.queue(ctx.db, f)
    pages = max(1, -(-total // queue_svc.PAGE_SIZE))
    return render(request, "queue.html", status, ctx=ctx, rows=rows, total=total, f=f, page=f.page, pages=pages,
                  errors=errors, page_url=lambda p: "/staff/queue?" + urlencode(f.query_args(page=p)),
                  review_days=deadlines.review_days(), low=deadlines.low_confidence_threshold(),
                  error=error, results=results, can_pick=ctx.user.role in pickup.PICKERS,
                  pickup_hours=pickup.pickup_hours(), back=_here(request),
                  **_picked_notice(request))


def _here(request: Request) -> str:
    """This page's address for a form to come back to (without the last action's notice)."""
    query = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "done"])
    return request.url.path + (f"?{query}" if query else "")


def _picked_notice(request: Request) -> dict[str, str]:
    return {"notice": PICKED_UP} if request.query_params.get("done") == "picked_up" else {}


@router.get("/queue", response_class=HTMLResponse)
def queue_page(request: Request, ctx: Ctx = Depends(staff_ctx)):
    return _queue_page(request, ctx)


@router.post("/queue/bulk", response_class=HTMLResponse)
def queue_bulk(request: Request, ctx: Ctx = Depends(posted)):
    f = ctx.form
    try:
        results = handoffs.bulk(ctx.db, f.getlist("ids"), ctx.user, field(f, "bulk_action", 20),
                                field(f, "duplicate_of", 40) or None, field(f, "note", handoffs.MAX_NOTE))
    except Refused as exc:
        ctx.db.rollback()
        return _queue_page(request, ctx, exc.status, exc.message)
    return _queue_page(request, ctx, results=results)


def _handoff_page(ctx: Ctx, handoff_id: str, status: int = 200, error: str | None = None,
                  form: dict[str, str] | None = None) -> HTMLResponse:
    try:
        h = handoffs.get_handoff(ctx.db, handoff_id)
    except Refused as exc:
        raise StaffError(exc.status, exc.message) from None
    reviews = handoffs.reviews_of(ctx.db, h.id)
    cat, reason = (reviews[-1].to_category, reviews[-1].to_reason) if reviews else (h.category, h.reason)
    linked = None
    if h.case_reference:
        try:
            linked = cases.find_case(ctx.db, h.case_reference)
        except cases.NotFound:
            linked = None
    who = queue_svc.people(ctx.db, [h]).get(h.id)
    names = pickup.names_of(ctx.db, [h.picked_up_by])
    return render(ctx.request, "handoff.html", status, ctx=ctx, h=h, reviews=reviews, current=(cat, reason),
                  linked=linked, trail=audit.trail(ctx.db, f"handoff:{h.id}"), error=error, form=form or {},
                  intent=nlu.intent_for, who=who, pick=pickup.state(h, clock.now(), names),
                  alerts=pickup.alerts_for(ctx.db, [h]).get(h.id, []), can_pick=ctx.user.role in pickup.PICKERS,
                  pickup_hours=pickup.pickup_hours(), later=case_messages.handoff_messages(ctx.db, h.id),
                  **_picked_notice(ctx.request))


@router.get("/handoffs/{handoff_id}", response_class=HTMLResponse)
def handoff_page(handoff_id: str, ctx: Ctx = Depends(staff_ctx)):
    return _handoff_page(ctx, handoff_id)


def _review_action(ctx: Ctx, handoff_id: str, fn):
    try:
        return fn()
    except Refused as exc:
        ctx.db.rollback()
        if exc.status == 404:
            raise StaffError(404, exc.message) from None
        return _handoff_page(ctx, handoff_id, exc.status, exc.message, ctx.form)


@router.post("/handoffs/{handoff_id}/accept")
def handoff_accept(handoff_id: str, ctx: Ctx = Depends(posted)):
    def go():
        r = handoffs.accept(ctx.db, handoff_id, ctx.user, field(ctx.form, "note", handoffs.MAX_NOTE))
        if r.to_category == "complaint":
            ref = handoffs.get_handoff(ctx.db, handoff_id).case_reference
            return RedirectResponse(f"/staff/cases/{ref}?done=accepted_opened", status_code=303)
        return RedirectResponse(f"/staff/handoffs/{r.handoff_id}?done=accepted", status_code=303)
    return _review_action(ctx, handoff_id, go)


@router.post("/handoffs/{handoff_id}/reclassify")
def handoff_reclassify(handoff_id: str, ctx: Ctx = Depends(posted)):
    f = ctx.form

    def go():
        r = handoffs.reclassify(
            ctx.db, handoff_id, ctx.user, field(f, "category", 40), field(f, "reason", 40) or None,
            field(f, "note", handoffs.MAX_NOTE), field(f, "explanation"), field(f, "topic", 40) or None)
        if r.case_reference and r.to_category == "complaint":
            return RedirectResponse(f"/staff/cases/{r.case_reference}?done=reclassified", status_code=303)
        return RedirectResponse(f"/staff/handoffs/{r.handoff_id}?done=reclassified", status_code=303)
    return _review_action(ctx, handoff_id, go)


@router.post("/handoffs/{handoff_id}/duplicate")
def handoff_duplicate(handoff_id: str, ctx: Ctx = Depends(posted)):
    def go():
        r = handoffs.close_as_duplicate(ctx.db, handoff_id, ctx.user, field(ctx.form, "duplicate_of", 40),
                                        field(ctx.form, "note", handoffs.MAX_NOTE))
        return RedirectResponse(f"/staff/handoffs/{r.handoff_id}?done=bulk", status_code=303)
    return _review_action(ctx, handoff_id, go)


@router.post("/handoffs/{handoff_id}/escalate-case")
def handoff_escalate_case(handoff_id: str, ctx: Ctx = Depends(posted)):
    """An escalation request: escalate the case it asks about and link this handoff to it."""
    def go():
        r = handoffs.escalate_requested_case(ctx.db, handoff_id, ctx.user, field(ctx.form, "case_reference", 40),
                                             field(ctx.form, "note", handoffs.MAX_NOTE))
        return RedirectResponse(f"/staff/cases/{r.case_reference}?done=escalated#actions", status_code=303)
    return _review_action(ctx, handoff_id, go)


@router.post("/handoffs/{handoff_id}/pick-up")
def handoff_pick_up(handoff_id: str, request: Request, ctx: Ctx = Depends(posted)):
    """Take a flagged handoff; back to where the button was (the queue or the handoff page)."""
    path, _, query = safe_next(field(ctx.form, "next", 400) or f"/staff/handoffs/{handoff_id}").partition("?")
    query = urlencode([(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k != "done"])
    back = path + (f"?{query}" if query else "")
    try:
        pickup.pick_up(ctx.db, handoff_id, ctx.user)
    except Refused as exc:
        ctx.db.rollback()
        if exc.status == 404:
            raise StaffError(404, exc.message) from None
        if back.startswith("/staff/queue"):
            return _queue_page(_as_get(request, back), ctx, exc.status, exc.message)
        return _handoff_page(ctx, handoff_id, exc.status, exc.message)
    sep = "&" if "?" in back else "?"
    return RedirectResponse(f"{back}{sep}done=picked_up", status_code=303)


def _as_get(request: Request, url: str) -> Request:
    """The queue page re-rendered with its filters after a refusal (the POST carried them in `next`)."""
    path, _, query = url.partition("?")
    scope = {**request.scope, "method": "GET", "path": path, "query_string": query.encode()}
    return Request(scope, request.receive)
