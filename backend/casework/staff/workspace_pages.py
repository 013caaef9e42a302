"""A caseworker's day: /staff/search (reference, name, e-mail, postcode or phrase). Due-soon,
overdue and my-cases views are /staff/cases?view=... (case_pages.py)."""
from __future__ import annotations

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from .services import ownership, search as search_svc
from .services.errors import Refused
from .web import Ctx, render, router, staff_ctx


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, ctx: Ctx = Depends(staff_ctx)):
    q = request.query_params.get("q")
    if q is None or not q.strip():
        return render(request, "search.html", ctx=ctx, q="", results=None)
    try:
        results = search_svc.search(ctx.db, q)
    except Refused as exc:
        return render(request, "search.html", exc.status, ctx=ctx, q=q[:200], results=None, error=exc.message)
    if results.exact is not None and results.count <= 1:
        return RedirectResponse(f"/staff/cases/{results.exact.reference}", status_code=303)
    owners = ownership.owners_of(ctx.db, [c.id for c in results.cases])
    return render(request, "search.html", ctx=ctx, q=results.query, results=results, owners=owners)
