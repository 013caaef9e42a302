"""Data-protection pages (/staff/privacy), for the `dpo` role only: find a resident in every store,
download their subject-access pack (HTML or JSON), erase them, and see or run the retention
schedule. Identifiers travel in POST bodies, never in URLs (which end up in access logs); results
show counts and case references, and the pack is a download marked no-store."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import date

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from .. import resident_address
from ..privacy import access, erase as erase_mod, rectify, retention
from ..privacy.external import StoreUnavailable
from ..privacy.settings import PrivacySettings
from ..privacy.subject import Identifiers, SubjectError
from . import review
from .reports_pages import landlord_name
from .web import Ctx, StaffError, field as _field, posted, render, require_role, router, staff_ctx

FIELDS = ("email", "phone", "name", "postcode", "conversation", "reference")
CONFIRM = "ERASE"


def _dpo(ctx: Ctx) -> None:
    require_role(ctx, "dpo")


@contextmanager
def _stores():
    """A store that cannot be reached is a clear 503 page, never a 500 nor a silent skip."""
    try:
        yield
    except StoreUnavailable as exc:
        raise StaffError(503, str(exc), "A store is unreachable") from None


def _settings(ctx: Ctx) -> PrivacySettings:
    app = ctx.request.app
    return PrivacySettings.from_env(database_url=getattr(app.state, "database_url", None))


def _ids(ctx: Ctx) -> tuple[Identifiers, dict[str, str]]:
    form = {k: _field(ctx.form, k, 320) for k in FIELDS}
    try:
        return Identifiers.clean(**form), form
    except SubjectError as exc:
        raise StaffError(422, str(exc)) from None


def _schedule(settings: PrivacySettings):
    try:
        return retention.load_schedule(settings.retention_path), None
    except retention.ScheduleError as exc:
        return {}, str(exc)


@router.get("/privacy", response_class=HTMLResponse)
def privacy_home(request: Request, ctx: Ctx = Depends(staff_ctx)):
    _dpo(ctx)
    rules, problem = _schedule(_settings(ctx))
    return render(request, "privacy/index.html", ctx=ctx, form={}, rules=rules, problem=problem,
                  requests=rectify.open_requests(ctx.db))


@router.post("/privacy/requests/{request_id}/complete")
def privacy_request_complete(request_id: int, ctx: Ctx = Depends(posted)):
    """The DPO answered a data-rights request. For a correction of address, only when they tick that
    they checked it with the resident does the address (as given, or as they corrected it) go on the
    resident's contact (privacy/rectify.py); the chat's words alone never change a record."""
    _dpo(ctx)
    address = None
    if _field(ctx.form, "update_address", 5) == "yes":
        try:
            address = resident_address.parse("", _field(ctx.form, "address", 300), _field(ctx.form, "postcode", 16))
        except resident_address.AddressRefused as exc:
            raise StaffError(exc.status, exc.message) from None
    try:
        rectify.complete(ctx.db, request_id, ctx.actor, address)
    except rectify.RectifyRefused as exc:
        raise StaffError(exc.status, exc.message) from None
    done = "address_corrected" if address is not None else "data_request_done"
    return RedirectResponse(f"/staff/privacy?done={done}", status_code=303)


@router.post("/privacy/find", response_class=HTMLResponse)
def privacy_find(request: Request, ctx: Ctx = Depends(posted)):
    _dpo(ctx)
    ids, form = _ids(ctx)
    with _stores():
        fp = access.footprint_only(ctx.db, _settings(ctx), ids)
    return render(request, "privacy/result.html", ctx=ctx, form=form, summary=fp.summary(),
                  references=sorted(fp.references), empty=fp.empty(), confirm=CONFIRM)


@router.post("/privacy/access")
def privacy_access(request: Request, ctx: Ctx = Depends(posted)):
    _dpo(ctx)
    ids, _form = _ids(ctx)
    fmt = _field(ctx.form, "format", 10) or "html"
    if fmt not in ("html", "json"):
        raise StaffError(422, "Choose HTML or JSON.")
    with _stores():
        data = access.collect(ctx.db, _settings(ctx), ids)
    from .. import audit

    audit.record(ctx.db, actor=ctx.actor, action="subject_access", entity_type="resident",
                 entity_ref=f"access:{data['generated_at'][:19]}", before=None,
                 after={"counts": data["summary"], "matched_by": ids.describe()})
    ctx.db.commit()
    body = access.to_json(data) if fmt == "json" else access.to_html(data, landlord_name())
    name = f"subject-access-{review.today().isoformat()}.{fmt}"
    return Response(body, media_type=("application/json" if fmt == "json" else "text/html") + "; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store",
                             "X-Content-Type-Options": "nosniff"})


@router.post("/privacy/erase", response_class=HTMLResponse)
def privacy_erase(request: Request, ctx: Ctx = Depends(posted)):
    _dpo(ctx)
    ids, form = _ids(ctx)
    if _field(ctx.form, "confirm", 20) != CONFIRM:
        with _stores():
            fp = access.footprint_only(ctx.db, _settings(ctx), ids)
        return render(request, "privacy/result.html", 422, ctx=ctx, form=form, summary=fp.summary(),
                      references=sorted(fp.references), empty=fp.empty(), confirm=CONFIRM,
                      error=f"Type {CONFIRM} in the box to confirm the erasure.")
    with _stores():
        fp, outcome = erase_mod.erase(ctx.db, _settings(ctx), ids, actor=ctx.actor)
    return render(request, "privacy/erased.html", ctx=ctx, outcome=outcome, empty=fp.empty())


@router.post("/privacy/retention", response_class=HTMLResponse)
def privacy_retention(request: Request, ctx: Ctx = Depends(posted)):
    _dpo(ctx)
    settings = _settings(ctx)
    dry = _field(ctx.form, "mode", 10) != "run"
    if not dry and _field(ctx.form, "confirm", 20) != CONFIRM:
        raise StaffError(422, f"Type {CONFIRM} in the box to apply the schedule.")
    try:
        with _stores():
            report = retention.apply(ctx.db, settings, date.today(), dry_run=dry, actor=ctx.actor)
    except retention.ScheduleError as exc:
        raise StaffError(409, str(exc)) from None
    rules, problem = _schedule(settings)
    return render(request, "privacy/index.html", ctx=ctx, form={}, rules=rules, problem=problem, report=report,
                  requests=rectify.open_requests(ctx.db))
