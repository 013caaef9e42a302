"""Plumbing shared by every staff page family: the Jinja2 environment, sign-in and CSRF
dependencies, size-limited form parsing, the error page, and `install` (called by create_app).

Every page that shows a resident's data needs a signed-in staff session; every POST needs the
session's CSRF token. Forms are application/x-www-form-urlencoded, parsed here (size-limited), so
bad input always gets a clear 4xx page and never reaches a 500.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import db
from ..models import StaffSession, StaffUser
from . import auth, plain
from .services import deadlines
from .services.errors import Refused

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE.parents[1] / "templates" / "staff"
STATIC = HERE / "static"
MAX_FORM_BYTES = 256 * 1024
MAX_FIELD = 10_000
MAX_FORM_FIELDS = 80

env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True),
                  trim_blocks=True, lstrip_blocks=True)


def long_date(d: date | datetime | None) -> str:
    if d is None:
        return "-"
    if isinstance(d, datetime):
        d = deadlines.aware(d).astimezone(deadlines.LONDON)
        return f"{d:%a} {d.day} {d:%b %Y %H:%M}"
    return f"{d:%a} {d.day} {d:%b %Y}"


env.filters["day"] = long_date
env.filters["label"] = plain.category_label
env.filters["channel"] = plain.channel
env.filters["profile"] = plain.profile_name
env.filters["explain"] = plain.explanation
env.filters["flag"] = plain.flag
env.filters["status"] = plain.status
env.filters["letter_status"] = plain.letter_status
env.filters["tel"] = plain.tel_number
env.filters["decision"] = plain.decision
env.filters["action"] = plain.audit_action
env.filters["actor"] = plain.actor
env.globals.update(CATEGORIES=plain.CATEGORIES, TARGETS=plain.TARGETS, REASONS=plain.REASONS,
                   REASON_LABELS=plain.REASON_LABELS, LABELS=plain.LABELS, STATUSES=plain.STATUSES,
                   FLAG_FILTERS=plain.FLAG_FILTERS, TOPICS=plain.TOPICS, plain=plain)

DONE = {
    "accepted": "Triage accepted.",
    "accepted_opened": "Triage accepted: the complaint is open with its dates and the acknowledgement letter is queued.",
    "bulk": "Done for the selected handoffs.",
    "reclassified": "Reclassified. The change is in the audit trail.",
    "acknowledged": "Acknowledgement recorded.",
    "extended": "Extension recorded; the extension letter is queued.",
    "responded": "Stage response recorded; the response letter is queued.",
    "escalated": "Escalated; the escalation letter is queued. Stage 2 needs a different person: assign it.",
    "closed": "Case closed.",
    "assigned": "Case assigned.",
    "noted": "Note added.",
    "contact_logged": "Contact logged.",
    "letter_retry": "The letter will be sent again.",
    "letter_sent": "The letter is marked as sent.",
    "data_request_done": "Data-rights request completed. It is in the audit trail.",
    "address_corrected": "Address corrected on the resident's record and the request completed. Both are in the audit trail.",
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


def db_session(request: Request) -> Iterator[Session]:
    s = db.app_sessionmaker(request.app)()  # the factory the API uses (casework.db)
    try:
        yield s
    finally:
        s.close()


class Form(dict):
    """The first value of each field (a dict), plus every value of a repeated field (`getlist`)."""

    def __init__(self, pairs: list[tuple[str, str]] = ()):
        super().__init__()
        self.lists: dict[str, list[str]] = {}
        for k, v in pairs:
            self.setdefault(k, v)
            self.lists.setdefault(k, []).append(v)

    def getlist(self, name: str) -> list[str]:
        return list(self.lists.get(name, []))


@dataclass
class Ctx:
    request: Request
    db: Session
    sess: StaffSession
    user: StaffUser
    form: Form

    @property
    def actor(self) -> str:
        return f"staff:{self.user.email}"[:100]


def safe_next(path: str | None) -> str:
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
    return Ctx(request=request, db=s, sess=row, user=row.user, form=Form())


async def form_body(request: Request) -> Form:
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if not ctype and request.headers.get("content-length", "0") == "0":
        return Form()  # an empty POST: an empty form (refused by the CSRF check)
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
                          max_num_fields=MAX_FORM_FIELDS, errors="strict")
    except (UnicodeDecodeError, ValueError):
        raise StaffError(400, "The form could not be read.") from None
    for k, v in pairs:
        if "\x00" in v or "\x00" in k:
            raise StaffError(422, "The form must not contain NUL characters.")
    return Form(pairs)


def posted(ctx: Ctx = Depends(staff_ctx), form: Form = Depends(form_body)) -> Ctx:
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


def field(form: dict[str, str], name: str, limit: int = MAX_FIELD) -> str:
    v = (form.get(name) or "").strip()
    if len(v) > limit:
        raise StaffError(422, f"The field '{name.replace('_', ' ')}' is longer than {limit} characters.")
    return v


def date_field(form: dict[str, str], name: str) -> date | None:
    v = field(form, name, 20)
    if not v:
        return None
    try:
        d = date.fromisoformat(v)
    except ValueError:
        raise StaffError(422, f"'{name.replace('_', ' ')}' must be a date (YYYY-MM-DD).") from None
    if not 2000 <= d.year <= 2100:
        raise StaffError(422, "Dates must be between 2000 and 2100.")
    return d


def page_number(q) -> int:
    p = q.get("page") or ""
    return int(p) if p.isdigit() and 0 < int(p) < 100000 else 1


router = APIRouter(prefix="/staff", include_in_schema=False)


def install(app: FastAPI) -> None:
    from . import routes  # noqa: F401  (registers every page family on `router`)

    app.include_router(router)
    app.mount("/staff/static", StaticFiles(directory=str(STATIC)), name="staff-static")

    @app.exception_handler(LoginRequired)
    async def _login_required(_req: Request, exc: LoginRequired):
        return RedirectResponse("/staff/login?" + urlencode({"next": safe_next(exc.next_path)}), status_code=303)

    @app.exception_handler(StaffError)
    async def _staff_error(request: Request, exc: StaffError):
        return render(request, "error.html", exc.status, title=exc.title, message=exc.message)

    @app.exception_handler(Refused)
    async def _refused(request: Request, exc: Refused):
        return render(request, "error.html", exc.status, title=StaffError(exc.status, "").title,
                      message=exc.message)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        if request.url.path.startswith("/staff"):
            msg = "There is no such page." if exc.status_code == 404 else str(exc.detail)
            return render(request, "error.html", exc.status_code, title="Not found" if exc.status_code == 404
                          else "Error", message=msg)
        return await http_exception_handler(request, exc)
