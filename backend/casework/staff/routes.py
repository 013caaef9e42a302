"""Staff web pages under /staff/ (server-rendered Jinja2, templates in backend/templates/staff/).

Every page that shows a resident's data needs a signed-in staff session; every POST needs the
session's CSRF token. Forms are application/x-www-form-urlencoded, parsed here (size-limited), so
bad input always gets a clear 4xx page and never reaches a 500.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import audit, cases, db, outbox
from ..conflicts import find_conflicts
from ..models import Complaint, Compliment, ExcludedMatter, OutboxMessage, ServiceRequest, StaffSession, StaffUser, TranscriptMessage
from ..profiles import UnknownProfile, get_profile
from ..schemas import parse_received_at
from . import auth, nlu, review

log = logging.getLogger("casework.staff")
HERE = Path(__file__).resolve().parent
TEMPLATES = HERE.parents[1] / "templates" / "staff"
STATIC = HERE / "static"
MAX_FORM_BYTES = 256 * 1024
MAX_FIELD = 10_000

env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True),
                  trim_blocks=True, lstrip_blocks=True)


def _long_date(d: date | datetime | None) -> str:
    if d is None:
        return "-"
    if isinstance(d, datetime):
        d = review.aware(d).astimezone(review.LONDON)
        return f"{d:%a} {d.day} {d:%b %Y %H:%M}"
    return f"{d:%a} {d.day} {d:%b %Y}"


env.filters["day"] = _long_date
env.filters["label"] = review.category_label
env.globals.update(CATEGORIES=review.CATEGORIES, TARGETS=review.TARGETS, REASONS=review.REASONS,
                   REASON_LABELS=review.REASON_LABELS, LABELS=review.LABELS, STATUSES=review.STATUSES,
                   FLAG_FILTERS=review.FLAG_FILTERS, TOPICS=review.TOPICS)

DONE = {
    "accepted": "Triage accepted.",
    "reclassified": "Reclassified. The change is in the audit trail.",
    "acknowledged": "Acknowledgement recorded.",
    "extended": "Extension recorded; the extension letter is queued.",
    "responded": "Stage response recorded; the response letter is queued.",
    "escalated": "Escalated; the escalation letter is queued.",
    "closed": "Case closed.",
    "letter_retry": "The letter will be sent again.",
    "letter_sent": "The letter is marked as sent.",
}


class LoginRequired(Exception):
    def __init__(self, next_path: str = "/staff/queue"):
        self.next_path = next_path


class StaffError(Exception):
    def __init__(self, status: int, message: str, title: str | None = None):
        self.status, self.message = status, message
        self.title = title or {400: "Bad request", 403: "Not allowed", 404: "Not found", 409: "Refused",
                               413: "Too large", 415: "Unsupported form", 422: "Check the form",
                               429: "Too many attempts"}.get(status, "Error")


def _sessionmaker(request: Request):
    app = request.app
    if getattr(app.state, "sessionmaker", None) is None:
        app.state.sessionmaker = db.session_factory(app.state.database_url or db.database_url())
    return app.state.sessionmaker


def db_session(request: Request) -> Iterator[Session]:
    s = _sessionmaker(request)()
    try:
        yield s
    finally:
        s.close()


@dataclass
class Ctx:
    request: Request
    db: Session
    sess: StaffSession
    user: StaffUser
    form: dict[str, str]

    @property
    def actor(self) -> str:
        return f"staff:{self.user.email}"[:100]


def _safe_next(path: str | None) -> str:
    if path and path.startswith("/staff/") and not path.startswith("//") and "\\" not in path and len(path) < 500:
        return path
    return "/staff/queue"


def staff_ctx(request: Request, s: Session = Depends(db_session)) -> Ctx:
    row = auth.current_session(s, request.cookies.get(auth.cookie_name()))
    if row is None:
        nxt = request.url.path if request.method == "GET" else "/staff/queue"
        if request.method == "GET" and request.url.query:
            nxt += "?" + request.url.query
        raise LoginRequired(nxt)
    return Ctx(request=request, db=s, sess=row, user=row.user, form={})


async def form_body(request: Request) -> dict[str, str]:
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if not ctype and request.headers.get("content-length", "0") == "0":
        return {}  # an empty POST: an empty form (refused by the CSRF check)
    if ctype != "application/x-www-form-urlencoded":
        raise StaffError(415, "Send the form as an ordinary web form.")
    try:
        declared = int(request.headers.get("content-length") or 0)
    except ValueError:
        raise StaffError(400, "The request has a bad Content-Length.") from None
    if declared > MAX_FORM_BYTES:
        raise StaffError(413, "The form is too large.")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise StaffError(413, "The form is too large.")
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False,
                          max_num_fields=50, errors="strict")
    except (UnicodeDecodeError, ValueError):
        raise StaffError(400, "The form could not be read.") from None
    out: dict[str, str] = {}
    for k, v in pairs:
        if "\x00" in v or "\x00" in k:
            raise StaffError(422, "The form must not contain NUL characters.")
        out.setdefault(k, v)
    return out


def posted(ctx: Ctx = Depends(staff_ctx), form: dict[str, str] = Depends(form_body)) -> Ctx:
    if not auth.tokens_equal(form.get("csrf_token"), ctx.sess.csrf_token):
        raise StaffError(403, "This form has expired or did not come from this site (CSRF check failed). "
                              "Go back, reload the page and try again.", "Form refused")
    ctx.form = form
    return ctx


def require_role(ctx: Ctx, *roles: str) -> None:
    if ctx.user.role not in roles:
        raise StaffError(403, f"Only a {' or '.join(roles)} can do this.")


def render(request: Request, name: str, code: int = 200, ctx: Ctx | None = None, **values: Any) -> HTMLResponse:
    done = request.query_params.get("done")
    values.setdefault("notice", DONE.get(done or ""))
    html = env.get_template(name).render(
        request=request, user=ctx.user if ctx else None, csrf=ctx.sess.csrf_token if ctx else None,
        path=request.url.path, **values)
    return HTMLResponse(html, status_code=code, headers={
        "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin", "X-Frame-Options": "DENY",
        "Content-Security-Policy": "default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
                                   "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"})


def _field(form: dict[str, str], name: str, limit: int = MAX_FIELD) -> str:
    v = (form.get(name) or "").strip()
    if len(v) > limit:
        raise StaffError(422, f"The field '{name.replace('_', ' ')}' is longer than {limit} characters.")
    return v


def _date_field(form: dict[str, str], name: str) -> date | None:
    v = _field(form, name, 20)
    if not v:
        return None
    try:
        d = date.fromisoformat(v)
    except ValueError:
        raise StaffError(422, f"'{name.replace('_', ' ')}' must be a date (YYYY-MM-DD).") from None
    if not 2000 <= d.year <= 2100:
        raise StaffError(422, "Dates must be between 2000 and 2100.")
    return d


# ---------------------------------------------------------------- app wiring

router = APIRouter(prefix="/staff", include_in_schema=False)


def install(app: FastAPI) -> None:
    app.include_router(router)
    app.mount("/staff/static", StaticFiles(directory=str(STATIC)), name="staff-static")

    @app.exception_handler(LoginRequired)
    async def _login_required(_req: Request, exc: LoginRequired):
        return RedirectResponse("/staff/login?" + urlencode({"next": _safe_next(exc.next_path)}), status_code=303)

    @app.exception_handler(StaffError)
    async def _staff_error(request: Request, exc: StaffError):
        return render(request, "error.html", exc.status, title=exc.title, message=exc.message)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        if request.url.path.startswith("/staff"):
            msg = "There is no such page." if exc.status_code == 404 else str(exc.detail)
            return render(request, "error.html", exc.status_code, title="Not found" if exc.status_code == 404
                          else "Error", message=msg)
        return await http_exception_handler(request, exc)


# ---------------------------------------------------------------- sign in / out

@router.get("", response_class=HTMLResponse)
@router.get("/", response_class=HTMLResponse)
def staff_home():
    return RedirectResponse("/staff/queue", status_code=303)


def _login_page(request: Request, status: int = 200, error: str | None = None, email: str = "") -> HTMLResponse:
    token = request.cookies.get(auth.LOGIN_CSRF_COOKIE)
    if not token or len(token) > 100:
        token = auth.new_token()
    resp = render(request, "login.html", status, login_csrf=token, error=error, email=email[:320],
                  next=_safe_next(request.query_params.get("next")))
    resp.set_cookie(auth.LOGIN_CSRF_COOKIE, token, httponly=True, samesite="lax", secure=auth.cookie_secure(),
                    path="/staff", max_age=3600)
    return resp


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, s: Session = Depends(db_session)):
    if auth.current_session(s, request.cookies.get(auth.cookie_name())) is not None:
        return RedirectResponse(_safe_next(request.query_params.get("next")), status_code=303)
    return _login_page(request)


@router.post("/login", response_class=HTMLResponse)
def login_submit(request: Request, form: dict[str, str] = Depends(form_body), s: Session = Depends(db_session)):
    if not auth.tokens_equal(form.get("csrf_token"), request.cookies.get(auth.LOGIN_CSRF_COOKIE)):
        return _login_page(request, 403, "The sign-in form expired. Please try again.")
    email, password = (form.get("email") or "").strip(), form.get("password") or ""
    if not email or not password:
        return _login_page(request, 422, "Enter your e-mail address and password.", email)
    if len(email) > 320 or len(password) > auth.MAX_PASSWORD:
        return _login_page(request, 422, "The e-mail address or password is too long.")
    result = auth.login(s, email, password, request.client.host if request.client else "unknown")
    if result.token is None:
        return _login_page(request, result.status, result.error, email)
    resp = RedirectResponse(_safe_next(form.get("next")), status_code=303)
    resp.set_cookie(auth.cookie_name(), result.token, httponly=True, samesite="lax", secure=auth.cookie_secure(),
                    path="/", max_age=auth.session_hours() * 3600)
    resp.delete_cookie(auth.LOGIN_CSRF_COOKIE, path="/staff")
    return resp


@router.post("/logout")
def logout(request: Request, ctx: Ctx = Depends(posted)):
    auth.logout(ctx.db, request.cookies.get(auth.cookie_name()))
    resp = RedirectResponse("/staff/login?done=signed_out", status_code=303)
    resp.delete_cookie(auth.cookie_name(), path="/")
    return resp


# ---------------------------------------------------------------- handoff queue and review

@router.get("/queue", response_class=HTMLResponse)
def queue_page(request: Request, ctx: Ctx = Depends(staff_ctx)):
    f, errors = review.QueueFilter.from_query(request.query_params)
    rows, total = review.queue(ctx.db, f)
    pages = max(1, -(-total // review.PAGE_SIZE))
    return render(request, "queue.html", ctx=ctx, rows=rows, total=total, f=f, page=f.page, pages=pages,
                  errors=errors, page_url=lambda p: "/staff/queue?" + urlencode(f.query_args(page=p)),
                  review_days=review.review_days(), low=review.low_confidence_threshold())


def _handoff_page(ctx: Ctx, handoff_id: str, status: int = 200, error: str | None = None,
                  form: dict[str, str] | None = None) -> HTMLResponse:
    try:
        h = review.get_handoff(ctx.db, handoff_id)
    except review.ReviewError as exc:
        raise StaffError(exc.status, exc.message) from None
    reviews = review.reviews_of(ctx.db, h.id)
    cat, reason = (reviews[-1].to_category, reviews[-1].to_reason) if reviews else (h.category, h.reason)
    linked = None
    if h.case_reference:
        try:
            linked = cases.find_case(ctx.db, h.case_reference)
        except cases.NotFound:
            linked = None
    return render(ctx.request, "handoff.html", status, ctx=ctx, h=h, reviews=reviews, current=(cat, reason),
                  linked=linked, trail=audit.trail(ctx.db, f"handoff:{h.id}"), error=error, form=form or {},
                  intent=nlu.intent_for)


@router.get("/handoffs/{handoff_id}", response_class=HTMLResponse)
def handoff_page(handoff_id: str, ctx: Ctx = Depends(staff_ctx)):
    return _handoff_page(ctx, handoff_id)


@router.post("/handoffs/{handoff_id}/accept")
def handoff_accept(handoff_id: str, ctx: Ctx = Depends(posted)):
    try:
        review.accept(ctx.db, handoff_id, ctx.user, _field(ctx.form, "note", review.MAX_NOTE))
    except review.ReviewError as exc:
        ctx.db.rollback()
        if exc.status == 404:
            raise StaffError(404, exc.message) from None
        return _handoff_page(ctx, handoff_id, exc.status, exc.message, ctx.form)
    return RedirectResponse(f"/staff/handoffs/{int(handoff_id)}?done=accepted", status_code=303)


@router.post("/handoffs/{handoff_id}/reclassify")
def handoff_reclassify(handoff_id: str, ctx: Ctx = Depends(posted)):
    f = ctx.form
    try:
        r = review.reclassify(
            ctx.db, handoff_id, ctx.user, _field(f, "category", 40), _field(f, "reason", 40) or None,
            _field(f, "note", review.MAX_NOTE), _field(f, "explanation"), _field(f, "topic", 40) or None)
    except review.ReviewError as exc:
        ctx.db.rollback()
        if exc.status == 404:
            raise StaffError(404, exc.message) from None
        return _handoff_page(ctx, handoff_id, exc.status, exc.message, f)
    if r.case_reference and r.to_category == "complaint":
        return RedirectResponse(f"/staff/cases/{r.case_reference}?done=reclassified", status_code=303)
    return RedirectResponse(f"/staff/handoffs/{r.handoff_id}?done=reclassified", status_code=303)


# ---------------------------------------------------------------- cases

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
    page = int(q["page"]) if (q.get("page") or "").isdigit() and 0 < int(q["page"]) < 100000 else 1
    rows, total = review.complaints_by_deadline(ctx.db, status, overdue, page)
    pages = max(1, -(-total // review.PAGE_SIZE))
    args = {k: v for k, v in {"status": status, "overdue": "1" if overdue else None}.items() if v}
    return render(request, "cases.html", ctx=ctx, rows=rows, total=total, page=page, pages=pages,
                  status=status, overdue=overdue,
                  page_url=lambda p: "/staff/cases?" + urlencode({**args, "page": p}))


def _find_case(ctx: Ctx, reference: str):
    if len(reference) > 40:
        raise StaffError(404, "No case has that reference.")
    try:
        return cases.find_case(ctx.db, reference)
    except cases.NotFound:
        raise StaffError(404, "No case has that reference.") from None


def _case_page(ctx: Ctx, reference: str, status: int = 200, error: str | None = None,
               form: dict[str, str] | None = None, action: str | None = None) -> HTMLResponse:
    ctx.db.expire_all()
    case = _find_case(ctx, reference)
    try:
        profile = get_profile(case.profile_id)
    except UnknownProfile:
        profile = None
    deadlines, conflicts, stage = [], [], None
    if isinstance(case, Complaint) and profile is not None:
        deadlines = review.complaint_deadlines(case)
        stage = profile.stage(case.stage)
        prefix = f"stages[{case.stage - 1}]"
        conflicts = [c for c in find_conflicts(profile)
                     if not c.field.startswith("stages[") or c.field.startswith(prefix)]
    transcript = list(ctx.db.scalars(select(TranscriptMessage).where(TranscriptMessage.case_id == case.id)
                                     .order_by(TranscriptMessage.position)))
    letters = outbox.case_letters(ctx.db, case)
    view = cases.case_view(case)
    trail = audit.trail(ctx.db, case.reference)
    # Code 6.13: stage 2 is handled by a different person from stage 1.
    same_handler = isinstance(case, Complaint) and case.stage > 1 and case.status != "closed" and any(
        e.action == "respond" and e.actor == ctx.actor and (e.after or {}).get("stage") == case.stage - 1
        for e in trail)
    return render(ctx.request, "case.html", status, ctx=ctx, case=case, view=view, profile=profile, stage=stage,
                  deadlines=deadlines, conflicts=conflicts, transcript=transcript, letters=letters,
                  trail=trail, same_handler=same_handler, error=error, form=form or {}, action=action,
                  is_complaint=isinstance(case, Complaint), is_sr=isinstance(case, ServiceRequest),
                  is_compliment=isinstance(case, Compliment), is_excluded=isinstance(case, ExcludedMatter),
                  today=review.today())


@router.get("/cases/{reference}", response_class=HTMLResponse)
def case_page(reference: str, ctx: Ctx = Depends(staff_ctx)):
    return _case_page(ctx, reference)


def _case_action(ctx: Ctx, reference: str, action: str, fn) -> Response:
    case = _find_case(ctx, reference)
    if not isinstance(case, Complaint):
        raise StaffError(409, f"{case.reference} is not a complaint, so it has no stages.")
    try:
        fn(case.reference)
    except StaffError as exc:
        ctx.db.rollback()
        return _case_page(ctx, case.reference, exc.status, exc.message, ctx.form, action)
    except cases.Conflict as exc:
        ctx.db.rollback()
        return _case_page(ctx, case.reference, 422 if exc.code == "invalid" else 409, exc.message, ctx.form, action)
    except ValueError as exc:  # stage logic refusing a value (e.g. an unknown decision)
        ctx.db.rollback()
        return _case_page(ctx, case.reference, 422, str(exc), ctx.form, action)
    return RedirectResponse(f"/staff/cases/{case.reference}?done={action}#actions", status_code=303)


@router.post("/cases/{reference}/acknowledge")
def case_acknowledge(reference: str, ctx: Ctx = Depends(posted)):
    return _case_action(ctx, reference, "acknowledged", lambda ref: cases.acknowledge(
        ctx.db, ref, _date_field(ctx.form, "acknowledged_on"), ctx.actor))


@router.post("/cases/{reference}/extend")
def case_extend(reference: str, ctx: Ctx = Depends(posted)):
    def go(ref: str):
        days = _field(ctx.form, "days", 10)
        if not days.isdigit() or not 1 <= int(days) <= 1000:
            raise StaffError(422, "Give the number of days to extend by (a whole number, at least 1).")
        reason = _field(ctx.form, "reason")
        if not reason:
            raise StaffError(422, "An extension needs a reason to give the resident.")
        cases.extend(ctx.db, ref, int(days), reason, ctx.actor)
    return _case_action(ctx, reference, "extended", go)


@router.post("/cases/{reference}/respond")
def case_respond(reference: str, ctx: Ctx = Depends(posted)):
    def go(ref: str):
        f = ctx.form
        decision = _field(f, "decision", 20)
        if decision not in ("upheld", "partly_upheld", "not_upheld"):
            raise StaffError(422, "Choose the decision: upheld, partly upheld or not upheld.")
        reasons = _field(f, "reasons")
        if not reasons:
            raise StaffError(422, "Give the reasons for the decision.")

        class Body:
            pass
        body = Body()
        body.decision, body.reasons = decision, reasons
        body.remedy = _field(f, "remedy") or None
        body.outstanding_actions = _field(f, "outstanding_actions") or None
        body.responded_on = _date_field(f, "responded_on")
        cases.respond(ctx.db, ref, body, ctx.actor)
    return _case_action(ctx, reference, "responded", go)


@router.post("/cases/{reference}/escalate")
def case_escalate(reference: str, ctx: Ctx = Depends(posted)):
    def go(ref: str):
        d = _date_field(ctx.form, "requested_on")
        at = parse_received_at(d.isoformat()) if d else None
        cases.escalate(ctx.db, ref, at, ctx.actor)
    return _case_action(ctx, reference, "escalated", go)


@router.post("/cases/{reference}/close")
def case_close(reference: str, ctx: Ctx = Depends(posted)):
    def go(ref: str):
        outcome = _field(ctx.form, "outcome")
        if not outcome:
            raise StaffError(422, "Give the outcome the case is closed with.")
        cases.close(ctx.db, ref, outcome, _field(ctx.form, "reason") or None, ctx.actor)
    return _case_action(ctx, reference, "closed", go)


@router.post("/cases/{reference}/letters/{letter_id}/{action}")
def letter_action(reference: str, letter_id: str, action: str, ctx: Ctx = Depends(posted)):
    case = _find_case(ctx, reference)
    if action not in ("retry", "mark-sent"):
        raise StaffError(404, "There is no such letter action.")
    row = ctx.db.scalar(select(OutboxMessage).where(OutboxMessage.letter_id == letter_id[:40],
                                                    OutboxMessage.case_id == case.id))
    if row is None:
        raise StaffError(404, "That letter does not belong to this case.")
    try:
        (outbox.staff_retry if action == "retry" else outbox.staff_mark_sent)(ctx.db, row.letter_id, ctx.actor)
    except outbox.LetterConflict as exc:
        ctx.db.rollback()
        return _case_page(ctx, case.reference, 409, exc.message)
    done = "letter_retry" if action == "retry" else "letter_sent"
    return RedirectResponse(f"/staff/cases/{case.reference}?done={done}#letters", status_code=303)


# ---------------------------------------------------------------- compliments, excluded, export

@router.get("/compliments", response_class=HTMLResponse)
def compliments_page(request: Request, ctx: Ctx = Depends(staff_ctx)):
    return render(request, "compliments.html", ctx=ctx, **review.compliments_summary(ctx.db))


@router.get("/excluded", response_class=HTMLResponse)
def excluded_page(request: Request, ctx: Ctx = Depends(staff_ctx)):
    q = request.query_params
    reason = q.get("reason") if q.get("reason") in review.REASONS else None
    page = int(q["page"]) if (q.get("page") or "").isdigit() and 0 < int(q["page"]) < 100000 else 1
    rows, total = review.excluded_list(ctx.db, reason, page)
    pages = max(1, -(-total // review.PAGE_SIZE))
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


# ---------------------------------------------------------------- reports (registered on the same router)

from . import reports_pages  # noqa: E402,F401
from . import hazards_pages  # noqa: E402,F401  (Awaab's Law hazard board)
