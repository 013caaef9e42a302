"""Cases: /staff/cases (complaints by deadline: all, mine, unassigned, due soon, overdue) and
/staff/cases/{reference} (any case, with its dates, linked hazards, owner, notes, contact log,
letters, audit)."""
from __future__ import annotations

from datetime import datetime, timezone
from urllib.parse import urlencode

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import select

from .. import cases
from ..conflicts import find_conflicts
from ..hazards import service as hazard_service
from ..letters import addressee, representative_channel
from ..models import Complaint, Compliment, ExcludedMatter, Handoff, ServiceRequest, TranscriptMessage
from ..profiles import UnknownProfile, get_profile
from .plain import CONTACT_CHANNELS, CONTACT_DIRECTIONS
from .services import deadlines, letters, lists, notes, ownership, permissions, referrals
from .hazards_pages import board_row
from .services.queue import PAGE_SIZE
from .web import Ctx, StaffError, page_number, render, router, staff_ctx

# The list each kind of case belongs to: the case page's breadcrumb and the navigation item it is under.
CASE_LISTS = {"complaint": ("/staff/cases", "Complaints"),
              "service_request": ("/staff/service-requests", "Service requests"),
              "compliment": ("/staff/compliments", "Compliments"),
              "excluded": ("/staff/excluded", "Excluded matters")}
VIEW_TITLES = {"all": "Complaints by deadline", "mine": "My cases", "unassigned": "Unassigned complaints",
               "due_soon": "Due in the next 3 working days", "overdue": "Overdue complaints"}


@router.get("/cases", response_class=HTMLResponse)
def cases_page(request: Request, ctx: Ctx = Depends(staff_ctx)):
    q = request.query_params
    ref = (q.get("reference") or "").strip()
    if ref:
        if len(ref) <= 40:
            try:
                case = cases.find_case(ctx.db, ref)
                return RedirectResponse(f"/staff/cases/{case.reference}", status_code=303)
            except cases.NotFound:
                pass
        raise StaffError(404, "No case has that reference. References look like CMP-2026-000123.")
    status = q.get("status") if q.get("status") in ("open", "responded", "closed") else None
    overdue = q.get("overdue") in ("1", "on")
    view = q.get("view") if q.get("view") in lists.VIEWS else "all"
    page = page_number(q)
    today = deadlines.today()
    rows, total = lists.complaints_by_deadline(ctx.db, status, overdue, page, today, view, ctx.user.id)
    owners = ownership.owners_of(ctx.db, [c.id for c, _ in rows])
    pages = max(1, -(-total // PAGE_SIZE))
    args = {k: v for k, v in {"status": status, "overdue": "1" if overdue else None,
                              "view": view if view != "all" else None}.items() if v}
    return render(request, "cases.html", ctx=ctx, rows=rows, total=total, page=page, pages=pages,
                  status=status, overdue=overdue, view=view, title=VIEW_TITLES[view], owners=owners,
                  until=deadlines.due_soon_until(today), today=today,
                  held_letters=letters.held_letters(ctx.db, 20), held_count=letters.count_held(ctx.db),
                  page_url=lambda p: "/staff/cases?" + urlencode({**args, "page": p}))


def find_case(ctx: Ctx, reference: str):
    if len(reference) > 40:
        raise StaffError(404, "No case has that reference.")
    try:
        return cases.find_case(ctx.db, reference)
    except cases.NotFound:
        raise StaffError(404, "No case has that reference.") from None


def case_page_response(ctx: Ctx, reference: str, status: int = 200, error: str | None = None,
                       form: dict[str, str] | None = None, action: str | None = None) -> HTMLResponse:
    ctx.db.expire_all()
    case = find_case(ctx, reference)
    try:
        profile = get_profile(case.profile_id)
    except UnknownProfile:
        profile = None
    dls, conflicts, stage = [], [], None
    is_complaint = isinstance(case, Complaint)
    if is_complaint and profile is not None:
        dls = deadlines.complaint_deadlines(case)
        stage = profile.stage(case.stage)
        prefix = f"stages[{case.stage - 1}]"
        conflicts = [c for c in find_conflicts(profile)
                     if not c.field.startswith("stages[") or c.field.startswith(prefix)]
    transcript = list(ctx.db.scalars(select(TranscriptMessage).where(TranscriptMessage.case_id == case.id)
                                     .order_by(TranscriptMessage.position)))
    # later chat messages linked to the case (an escalation request), beside the one that opened it
    requests = list(ctx.db.scalars(select(Handoff).where(Handoff.case_reference == case.reference,
                                                         Handoff.id != (case.handoff_id or 0))
                                   .order_by(Handoff.received_at, Handoff.id)))
    case_notes, contacts = notes.notes_of(ctx.db, case)
    owner = ownership.owner(ctx.db, case)
    earlier = ownership.earlier_handlers(ctx.db, case) if is_complaint and case.stage > 1 else set()
    # Code 6.13: stage 2 is handled by a different person from stage 1.
    same_handler = is_complaint and case.status != "closed" and ctx.user.id in earlier
    case_letters = letters.case_letters(ctx.db, case)
    crumb = CASE_LISTS.get(case.kind, ("/staff/search", "Search"))
    now = datetime.now(timezone.utc)
    case_hazards = [board_row(v, now) for v in hazard_service.for_case(ctx.db, case.id, now)]
    rep_letters = representative_channel(case.representative, case.contact)
    return render(ctx.request, "case.html", status, ctx=ctx, case=case, view=cases.case_view(case),
                  crumb=crumb, nav_current=crumb[0],
                  profile=profile, stage=stage, deadlines=dls, conflicts=conflicts, transcript=transcript, requests=requests,
                  letters=case_letters, held=letters.held_on_case(case_letters),
                  address_wanted=any(x["no_address"] and not x["replaced"] for x in case_letters),
                  ack_letter=letters.acknowledgement_produced(case_letters, case.stage) if is_complaint else None,
                  referrals=referrals.case_referrals(ctx.db, case), trail=letters.case_trail(ctx.db, case),
                  trail_words=letters.trail_words,
                  same_handler=same_handler, error=error, form=form or {}, action=action,
                  is_complaint=is_complaint, is_sr=isinstance(case, ServiceRequest),
                  is_compliment=isinstance(case, Compliment), is_excluded=isinstance(case, ExcludedMatter),
                  today=deadlines.today(), owner=owner, staff=ownership.active_staff(ctx.db),
                  hazards=case_hazards, emergency_hazard=any(h["severity"] == "emergency" for h in case_hazards),
                  earlier=earlier, notes=case_notes, contacts=contacts, is_manager=permissions.is_manager(ctx.user),
                  assignments=ownership.history(ctx.db, case), CONTACT_CHANNELS=CONTACT_CHANNELS,
                  CONTACT_DIRECTIONS=CONTACT_DIRECTIONS, rep_letters=rep_letters,
                  # whom the letters are for, as the page names them (held, no address yet, the form)
                  letters_for="representative" if rep_letters else "resident",
                  # whose e-mail or postal address a letter held for one waits for (the phone to ring)
                  address_of=addressee(case))


@router.get("/cases/{reference}", response_class=HTMLResponse)
def case_page(reference: str, ctx: Ctx = Depends(staff_ctx)):
    return case_page_response(ctx, reference)
