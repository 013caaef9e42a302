"""Staff sign-in: argon2id password hashes, server-side sessions that expire, CSRF tokens, lockout.

Settings (environment, read through casework.settings; a bad value stops the service starting):
  STAFF_SESSION_HOURS      absolute session lifetime (8)
  STAFF_IDLE_MINUTES       idle timeout: a session unused this long is over (30)
  STAFF_COOKIE_SECURE      1: the session cookie is Secure (and named __Host-...): set it behind HTTPS
  STAFF_LOCKOUT_FAILURES   failed sign-ins for one e-mail within the window before it is locked (5)
  STAFF_LOCKOUT_MINUTES    the window and the lockout time (15)
  STAFF_IP_FAILURES        failed sign-ins from one client address within the window before 429 (30)
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ..models import StaffLoginFailure, StaffSession, StaffUser
from ..settings import get_settings

ROLES = ("caseworker", "manager", "admin", "dpo")  # dpo: data protection (casework/staff/privacy_pages.py)
MIN_PASSWORD = 12
MAX_PASSWORD = 1000
COOKIE_PLAIN = "casework_staff"
COOKIE_SECURE = "__Host-casework_staff"
LOGIN_CSRF_COOKIE = "casework_login_csrf"

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
# Verified against when the e-mail is unknown, so a wrong e-mail costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def session_hours() -> int:
    return get_settings().staff_session_hours


def idle_minutes() -> int:
    return get_settings().staff_idle_minutes


def cookie_secure() -> bool:
    return get_settings().staff_cookie_secure


def cookie_name() -> str:
    return COOKIE_SECURE if cookie_secure() else COOKIE_PLAIN


def lockout_failures() -> int:
    return get_settings().staff_lockout_failures


def lockout_minutes() -> int:
    return get_settings().staff_lockout_minutes


def ip_failures() -> int:
    return get_settings().staff_ip_failures


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def email_key(email: str) -> str:
    return email.strip().lower()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_problem(password: str) -> str | None:
    if len(password) < MIN_PASSWORD:
        return f"The password must be at least {MIN_PASSWORD} characters."
    if len(password) > MAX_PASSWORD:
        return f"The password must be at most {MAX_PASSWORD} characters."
    if "\x00" in password:
        return "The password must not contain NUL characters."
    return None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def tokens_equal(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    return hmac.compare_digest(a.encode("utf-8", "replace"), b.encode("utf-8", "replace"))


class UserError(ValueError):
    pass


def create_user(session: Session, email: str, role: str, password: str, name: str | None = None) -> StaffUser:
    email = email_key(email)
    if not email or "@" not in email or len(email) > 320 or any(c.isspace() for c in email):
        raise UserError("Give a valid e-mail address.")
    if role not in ROLES:
        raise UserError(f"Role must be one of: {', '.join(ROLES)}.")
    problem = password_problem(password)
    if problem:
        raise UserError(problem)
    if session.scalar(select(StaffUser).where(StaffUser.email == email)) is not None:
        raise UserError(f"A staff user with the e-mail {email} already exists.")
    user = StaffUser(email=email, role=role, name=(name or "").strip()[:200] or None,
                     password_hash=hash_password(password), active=True)
    session.add(user)
    session.commit()
    return user


# ---------------------------------------------------------------- sign-in

@dataclass
class LoginResult:
    user: StaffUser | None = None
    token: str | None = None
    error: str | None = None
    status: int = 200


GENERIC_FAILURE = "The e-mail address or password is not right."


def _recent_failures(session: Session, now: datetime, **where) -> int:
    since = now - timedelta(minutes=lockout_minutes())
    q = select(func.count()).select_from(StaffLoginFailure).where(StaffLoginFailure.at >= since)
    for col, value in where.items():
        q = q.where(getattr(StaffLoginFailure, col) == value)
    return session.scalar(q) or 0


def login(session: Session, email: str, password: str, ip: str) -> LoginResult:
    """Check the password; on success start a session and return its token (for the cookie)."""
    now = utcnow()
    key = email_key(email)[:320]
    ip = (ip or "unknown")[:64]
    if _recent_failures(session, now, ip=ip) >= ip_failures():
        return LoginResult(error="Too many failed sign-ins from this address. Wait a while and try again.",
                           status=429)
    if _recent_failures(session, now, email_key=key) >= lockout_failures():
        return LoginResult(error=f"This account is locked after {lockout_failures()} failed sign-ins. "
                                 f"Try again in {lockout_minutes()} minutes, or ask an administrator.",
                           status=429)
    user = session.scalar(select(StaffUser).where(StaffUser.email == key)) if key else None
    ok = False
    try:
        ok = _hasher.verify(user.password_hash if user else _DUMMY_HASH, password) and user is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        ok = False
    if not ok or not user.active:
        session.add(StaffLoginFailure(email_key=key, ip=ip, at=now))
        session.commit()
        return LoginResult(error=GENERIC_FAILURE, status=401)
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    session.execute(delete(StaffLoginFailure).where(StaffLoginFailure.email_key == key))
    session.execute(delete(StaffSession).where(StaffSession.expires_at < now))  # housekeeping
    token = new_token()
    session.add(StaffSession(id=token_hash(token), user_id=user.id, csrf_token=new_token(),
                             created_at=now, last_seen_at=now,
                             expires_at=now + timedelta(hours=session_hours())))
    user.last_login_at = now
    session.commit()
    return LoginResult(user=user, token=token)


def current_session(session: Session, token: str | None) -> StaffSession | None:
    """The live session for a cookie token, or None (unknown, expired, idle too long, user disabled).
    Touches last_seen_at (at most once a minute, to keep writes down)."""
    if not token or len(token) > 200:
        return None
    row = session.get(StaffSession, token_hash(token))
    if row is None:
        return None
    now = utcnow()
    idle_limit = _aware(row.last_seen_at) + timedelta(minutes=idle_minutes())
    if _aware(row.expires_at) <= now or idle_limit <= now or not row.user.active:
        session.delete(row)
        session.commit()
        return None
    if now - _aware(row.last_seen_at) > timedelta(seconds=60):
        row.last_seen_at = now
        session.commit()
    return row


def logout(session: Session, token: str | None) -> None:
    if token and len(token) <= 200:
        session.execute(delete(StaffSession).where(StaffSession.id == token_hash(token)))
        session.commit()
