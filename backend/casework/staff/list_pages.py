"""Compliments, excluded matters and the NLU export: /staff/compliments, /staff/excluded,
/staff/export (and /staff/export/nlu.yml and /staff/export/corrections.tsv for managers)."""
from __future__ import annotations

from urllib.parse import urlencode

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, Response

from .. import audit
from . import nlu, training
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


@router.get("/export", response_class=HTMLResponse)
def export_page(request: Request, ctx: Ctx = Depends(staff_ctx)):
    export = nlu.corrections(ctx.db)
    return render(request, "export.html", ctx=ctx, export=export,
                  can_export=ctx.user.role in ("manager", "admin"))


@router.get("/export/nlu.yml")
def export_download(ctx: Ctx = Depends(staff_ctx)):
    require_role(ctx, "manager", "admin")
    export = nlu.corrections(ctx.db)
    audit.record(ctx.db, actor=ctx.actor, action="export_nlu", entity_type="export", entity_ref="nlu",
                 before=None, after={"examples": export.count})
    ctx.db.commit()
    return Response(nlu.to_yaml(export.examples), media_type="application/x-yaml; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="reviewed-nlu.yml"',
                             "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})


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
