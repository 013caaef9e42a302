"""Compliments, excluded matters, service requests and the reviewer corrections: /staff/compliments,
/staff/excluded, /staff/service-requests, /staff/export (and /staff/export/corrections.tsv, redacted training rows, for managers).

/staff/export/nlu.yml, the retired unredacted NLU download, answers 410 Gone (RETIRED_NLU)."""
from __future__ import annotations

from urllib.parse import urlencode

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, Response

from .. import audit
from . import training
from .plain import REASONS
from .services import lists
from .services.queue import PAGE_SIZE
from .web import Ctx, page_number, render, require_role, router, staff_ctx


@router.get("/compliments", response_class=HTMLResponse)
def compliments_page(request: Request, ctx: Ctx = Depends(staff_ctx)):
    return render(request, "compliments.html", ctx=ctx, **lists.compliments_summary(ctx.db))


@router.get("/excluded", response_class=HTMLResponse)
def excluded_page(request: Request, ctx: Ctx = Depends(staff_ctx)):
    q = request.query_params
    reason = q.get("reason") if q.get("reason") in REASONS else None
    page = page_number(q)
    rows, total = lists.excluded_list(ctx.db, reason, page)
    pages = max(1, -(-total // PAGE_SIZE))
    return render(request, "excluded.html", ctx=ctx, rows=rows, total=total, page=page, pages=pages,
                  reason=reason, page_url=lambda p: "/staff/excluded?" + urlencode(
                      {**({"reason": reason} if reason else {}), "page": p}))


@router.get("/service-requests", response_class=HTMLResponse)
def service_requests_page(request: Request, ctx: Ctx = Depends(staff_ctx)):
    q = request.query_params
    status = q.get("status") if q.get("status") in ("open", "closed", "all") else "open"
    emergency = q.get("emergency") in ("1", "on")
    page = page_number(q)
    rows, total = lists.service_request_list(ctx.db, status, emergency, page)
    pages = max(1, -(-total // PAGE_SIZE))
    args = {"status": status, **({"emergency": "1"} if emergency else {})}
    return render(request, "service_requests.html", ctx=ctx, rows=rows, total=total, page=page, pages=pages,
                  status=status, emergency=emergency,
                  page_url=lambda p: "/staff/service-requests?" + urlencode({**args, "page": p}))


RETIRED_NLU = ("The reviewed-nlu.yml download has been retired: it copied residents' words, unredacted, into "
               "the bot's training data in the repository. Reviewer corrections now go into training with "
               "names, contact details, addresses and references removed: a manager downloads "
               "staff_corrections.tsv from the Training corrections page (/staff/export), and "
               "`make corrections` adds the rows to var/training/, outside the repository.")


@router.get("/export", response_class=HTMLResponse)
def export_page(request: Request, ctx: Ctx = Depends(staff_ctx)):
    rows = training.export(ctx.db)
    corrected: dict[tuple[str, str | None], list[str]] = {}
    for r in rows:
        if r.review == "corrected":
            corrected.setdefault(r.label, []).append(r.text)
    return render(request, "export.html", ctx=ctx,
                  corrected=sorted(corrected.items(), key=lambda kv: training.label_text(kv[0])),
                  n_corrected=sum(len(v) for v in corrected.values()),
                  n_confirmed=sum(r.review == "confirmed" for r in rows),
                  can_export=ctx.user.role in ("manager", "admin"))


@router.get("/export/nlu.yml", response_class=HTMLResponse)
def export_nlu_retired(request: Request, ctx: Ctx = Depends(staff_ctx)):
    """Gone for good (not 404: a bookmark or a script should learn what replaced it)."""
    return render(request, "error.html", 410, ctx=ctx, title="Download retired", message=RETIRED_NLU,
                  back=("/staff/export", "Training corrections"))


@router.get("/export/corrections.tsv")
def export_corrections(ctx: Ctx = Depends(staff_ctx)):
    """Reviews as redacted training rows (casework.staff.training), for `make corrections FROM=...`
    where the case database is not reachable from the training machine."""
    require_role(ctx, "manager", "admin")
    rows = training.export(ctx.db)
    audit.record(ctx.db, actor=ctx.actor, action="export_corrections", entity_type="export",
                 entity_ref="corrections", before=None, after={"rows": len(rows)})
    ctx.db.commit()
    return Response(training.to_tsv(rows), media_type="text/tab-separated-values; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="staff_corrections.tsv"',
                             "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})
