"""What staff do to a case's letters from its page: correct what we understand the complaint is
about and the outcome wanted (a corrected acknowledgement when the first one was produced), and
the letter actions (send again, mark as sent, release a held letter), and the e-mail or postal
address staff add for a resident (or a consenting representative) whose letters had nowhere to go.
Forms are parsed here; the rules are in staff/services/letters.py."""
from __future__ import annotations

from fastapi import Depends
from fastapi.responses import RedirectResponse, Response

from .case_pages import case_page_response, find_case
from .services import letters
from .services.errors import Refused
from .web import DONE, Ctx, StaffError, field, posted, router

DONE.update({
    "understanding_letter": "Saved. A corrected acknowledgement letter has been produced: it is listed under "
                            "Letters and tells the resident it replaces the earlier one.",
    "understanding_stage_letter": "Saved. A corrected letter for this stage has been produced: it is listed under "
                                  "Letters and tells the resident it replaces the earlier one.",
    "understanding_saved": "Saved. No acknowledgement letter had been produced at this stage, so no corrected "
                           "letter was needed: the next letter uses these words.",
    "understanding_later": "Saved. No letter had been produced for this stage yet, so no corrected letter was "
                           "needed: the letters still to come use these words.",
    "letter_released": "The held letter is released: it goes now.",
    "letter_released_post": "The held letter is released. It goes by post and opens with the address: "
                            "print it, post it, then mark it as sent.",
    "address_email": "Saved. The letters held for an address go by e-mail now.",
    "address_post": "Saved. The letters held for an address now open with it: print and post them, then mark "
                    "them as sent.",
    "address_held": "Saved. A letter is still held for another need (a format or language): see Letters.",
    "address_saved": "Saved. No letter was waiting for an address.",
})
LETTER_ACTIONS = ("retry", "mark-sent", "release")
TICKED = ("1", "on", "yes", "true")


def _refused(ctx: Ctx, reference: str, exc: Refused | StaffError, action: str) -> Response:
    ctx.db.rollback()
    return case_page_response(ctx, reference, exc.status, exc.message, ctx.form, action)


@router.post("/cases/{reference}/understanding")
def case_understanding(reference: str, ctx: Ctx = Depends(posted)):
    case = find_case(ctx, reference)
    try:
        saved = letters.edit_understanding(ctx.db, ctx.user, case.reference, field(ctx.form, "summary"),
                                           field(ctx.form, "desired_outcome"))
    except (Refused, StaffError) as exc:
        return _refused(ctx, case.reference, exc, "understanding")
    if saved.corrected_letter is not None:
        done = "understanding_letter" if saved.stage == 1 else "understanding_stage_letter"
    else:
        done = "understanding_saved" if saved.stage == 1 else "understanding_later"
    return RedirectResponse(f"/staff/cases/{case.reference}?done={done}", status_code=303)


@router.post("/cases/{reference}/letters/{letter_id}/{action}")
def letter_action(reference: str, letter_id: str, action: str, ctx: Ctx = Depends(posted)):
    case = find_case(ctx, reference)
    if action not in LETTER_ACTIONS:
        raise StaffError(404, "There is no such letter action.")
    try:
        if action == "retry":
            letters.retry(ctx.db, ctx.user, case, letter_id)
            done = "letter_retry"
        elif action == "mark-sent":
            letters.mark_sent(ctx.db, ctx.user, case, letter_id)
            done = "letter_sent"
        else:
            need_met = (ctx.form.get("need_met") or "").strip().lower() in TICKED
            after = letters.release(ctx.db, ctx.user, case, letter_id, need_met)
            # a letter with nowhere to go is never released (it waits for an address): by post it
            # opens with the address
            done = "letter_released" if after["status"] == "pending" else "letter_released_post"
    except Refused as exc:
        if exc.status == 404:
            raise StaffError(404, exc.message) from None
        return _refused(ctx, case.reference, exc, f"letter:{letter_id[:40]}")
    return RedirectResponse(f"/staff/cases/{case.reference}?done={done}#letters", status_code=303)


@router.post("/cases/{reference}/contact-address")
def case_contact_address(reference: str, ctx: Ctx = Depends(posted)):
    """The e-mail or postal address the resident (or the consenting representative whose the letters
    are) gave staff on the phone; the held letters go on."""
    case = find_case(ctx, reference)
    try:
        moved = letters.add_contact_address(ctx.db, ctx.user, case, field(ctx.form, "email", 320),
                                            field(ctx.form, "address", 300), field(ctx.form, "postcode", 16))
    except (Refused, StaffError) as exc:
        return _refused(ctx, case.reference, exc, "address")
    statuses = {x["status"] for x in moved}
    done = ("address_email" if "pending" in statuses else "address_post" if "manual" in statuses
            else "address_held" if "held" in statuses else "address_saved")
    return RedirectResponse(f"/staff/cases/{case.reference}?done={done}#letters", status_code=303)
