"""Sign in and sign out: /staff/login, /staff/logout (and /staff -> the queue)."""
from __future__ import annotations

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from . import auth
from .web import Ctx, Form, db_session, form_body, posted, render, router, safe_next


@router.get("", response_class=HTMLResponse)
@router.get("/", response_class=HTMLResponse)
def staff_home():
    return RedirectResponse("/staff/queue", status_code=303)


def _login_page(request: Request, status: int = 200, error: str | None = None, email: str = "") -> HTMLResponse:
    token = request.cookies.get(auth.LOGIN_CSRF_COOKIE)
    if not token or len(token) > 100:
        token = auth.new_token()
    resp = render(request, "login.html", status, login_csrf=token, error=error, email=email[:320],
                  next=safe_next(request.query_params.get("next")))
    resp.set_cookie(auth.LOGIN_CSRF_COOKIE, token, httponly=True, samesite="lax", secure=auth.cookie_secure(),
                    path="/staff", max_age=3600)
    return resp


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, s: Session = Depends(db_session)):
    if auth.current_session(s, request.cookies.get(auth.cookie_name())) is not None:
        return RedirectResponse(safe_next(request.query_params.get("next")), status_code=303)
    return _login_page(request)


@router.post("/login", response_class=HTMLResponse)
def login_submit(request: Request, form: Form = Depends(form_body), s: Session = Depends(db_session)):
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
    resp = RedirectResponse(safe_next(form.get("next")), status_code=303)
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
