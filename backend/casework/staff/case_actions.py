"""What staff do on a case page: stage actions (acknowledge, extend, respond, escalate, close),
assign (to me, to a colleague), notes and the contact log. Letter actions and the understanding
are in case_letters.py.
Forms are parsed here; the rules are in staff/services (casework, ownership, permissions, notes)."""
from __future__ import annotations

from datetime import datetime

from fastapi import Depends
from fastapi.responses import RedirectResponse, Response

from ..models import Complaint
from ..schemas import parse_received_at
from .case_pages import case_page_response, find_case
from .services import casework, notes, ownership
from .services.errors import Refused
from .web import Ctx, StaffError, date_field, field, posted, router


def _act(ctx: Ctx, reference: str, action: str, fn, anchor: str = "actions",
         complaint_only: bool = True) -> Response:
    case = find_case(ctx, reference)
    if complaint_only and not isinstance(case, Complaint):
        raise StaffError(409, f"{case.reference} is not a complaint, so it has no stages.")
    try:
        fn(case)
    except (StaffError, Refused) as exc:
        ctx.db.rollback()
        return case_page_response(ctx, case.reference, exc.status, exc.message, ctx.form, action)
    except ValueError as exc:  # stage logic refusing a value (e.g. an unknown decision)
        ctx.db.rollback()
        return case_page_response(ctx, case.reference, 422, str(exc), ctx.form, action)
    return RedirectResponse(f"/staff/cases/{case.reference}?done={action}#{anchor}", status_code=303)


@router.post("/cases/{reference}/acknowledge")
def case_acknowledge(reference: str, ctx: Ctx = Depends(posted)):
    return _act(ctx, reference, "acknowledged", lambda c: casework.acknowledge(
        ctx.db, ctx.user, c.reference, date_field(ctx.form, "acknowledged_on")))


@router.post("/cases/{reference}/extend")
def case_extend(reference: str, ctx: Ctx = Depends(posted)):
    def go(c):
        days = field(ctx.form, "days", 10)
        if not days.isdigit() or not 1 <= int(days) <= 1000:
            raise StaffError(422, "Give the number of days to extend by (a whole number, at least 1).")
        reason = field(ctx.form, "reason")
        if not reason:
            raise StaffError(422, "An extension needs a reason to give the resident.")
        casework.extend(ctx.db, ctx.user, c.reference, int(days), reason)
    return _act(ctx, reference, "extended", go)


@router.post("/cases/{reference}/respond")
def case_respond(reference: str, ctx: Ctx = Depends(posted)):
    f = ctx.form
    return _act(ctx, reference, "responded", lambda c: casework.respond(ctx.db, ctx.user, c.reference, casework.Response(
        decision=field(f, "decision", 20), reasons=field(f, "reasons"), remedy=field(f, "remedy") or None,
        outstanding_actions=field(f, "outstanding_actions") or None, responded_on=date_field(f, "responded_on"))))


@router.post("/cases/{reference}/escalate")
def case_escalate(reference: str, ctx: Ctx = Depends(posted)):
    def go(c):
        d = date_field(ctx.form, "requested_on")
        casework.escalate(ctx.db, ctx.user, c.reference, parse_received_at(d.isoformat()) if d else None)
    return _act(ctx, reference, "escalated", go)


@router.post("/cases/{reference}/close")
def case_close(reference: str, ctx: Ctx = Depends(posted)):
    return _act(ctx, reference, "closed", lambda c: casework.close(
        ctx.db, ctx.user, c.reference, field(ctx.form, "outcome"), field(ctx.form, "reason") or None))


@router.post("/cases/{reference}/assign")
def case_assign(reference: str, ctx: Ctx = Depends(posted)):
    def go(c):
        who = field(ctx.form, "user_id", 12)
        if who == "me":
            to = ctx.user
        elif who == "nobody":
            to = None
        else:
            to = ownership.find_user(ctx.db, who)
        ownership.assign(ctx.db, c, to, ctx.user, field(ctx.form, "note", ownership.MAX_NOTE))
    return _act(ctx, reference, "assigned", go, "owner", complaint_only=False)


@router.post("/cases/{reference}/notes")
def case_note(reference: str, ctx: Ctx = Depends(posted)):
    return _act(ctx, reference, "noted", lambda c: notes.add_note(ctx.db, c, ctx.user, field(ctx.form, "text", 6000)),
                "notes", complaint_only=False)


@router.post("/cases/{reference}/contacts")
def case_contact(reference: str, ctx: Ctx = Depends(posted)):
    def go(c):
        when = field(ctx.form, "happened_at", 20)
        at = None
        if when:
            try:
                at = datetime.fromisoformat(when)
            except ValueError:
                raise StaffError(422, "'When' must be a date and time.") from None
        notes.log_contact(ctx.db, c, ctx.user, field(ctx.form, "channel", 20), field(ctx.form, "direction", 3),
                          field(ctx.form, "text", 6000), at)
    return _act(ctx, reference, "contact_logged", go, "contacts", complaint_only=False)

