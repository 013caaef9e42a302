"""Staff workspace (/staff/): the shared helpers other staff tests import (a signed-in caseworker,
handoffs, alerts), then sign-in, sessions, CSRF and lockout, the staff-users command, migration 0003
and the static files. The queue and reviews are in test_staff_review.py; case pages, their actions
and the lists in test_staff_case_pages.py. Runs on SQLite and PostgreSQL (the app fixture)."""
from __future__ import annotations

import re
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from casework import db as dbmod
from casework.models import Complaint, HandoffReview, StaffSession
from casework.staff import auth
from alembic_steps import alembic_config

BACKEND = Path(__file__).resolve().parents[2] / "backend"
TOKEN = "test-token-123"  # as in conftest.py

API = {"Authorization": f"Bearer {TOKEN}"}
PASSWORD = "correct horse battery staple"
RECEIVED = "2026-11-24T10:15:00+00:00"  # Tuesday: acknowledge by 1 Dec, respond by 15 Dec (code-2024)


def factory(app):
    return dbmod.session_factory(app.state.database_url)


def make_user(app, email="jo@example.org", role="caseworker", password=PASSWORD, name="Jo Bloggs"):
    with factory(app)() as s:
        return auth.create_user(s, email, role, password, name).id


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def login(c: TestClient, email="jo@example.org", password=PASSWORD):
    page = c.get("/staff/login")
    return c.post("/staff/login", data={"csrf_token": csrf_of(page.text), "email": email,
                                        "password": password}, follow_redirects=False)


def sign_in(app, email="jo@example.org", role="caseworker", name="Jo Bloggs"):
    """A new member of staff, signed in: (TestClient, csrf token). The caller closes the client."""
    make_user(app, email, role, name=name)
    c = TestClient(app)
    c.__enter__()
    assert login(c, email).status_code == 303
    return c, csrf_of(c.get("/staff/queue").text)


@pytest.fixture
def staff(app):
    """A signed-in caseworker: (client, csrf token)."""
    make_user(app)
    with TestClient(app) as c:
        assert login(c).status_code == 303
        yield c, csrf_of(c.get("/staff/queue").text)


def handoff(c, key="h-1", **extra):
    body = {"idempotency_key": key, "conversation_id": f"conv-{key}", "text": "My neighbour plays loud music",
            "received_at": RECEIVED, "channel": "webchat", "category": "excluded", "reason": "asb",
            "confidence": 0.91, "intent": "report_asb", "explanation": "New ASB report", **extra}
    r = c.post("/api/v1/handoffs", json=body, headers=API)
    assert r.status_code == 201, r.text
    return r.json()["id"]


def count(app, model, *where):
    with factory(app)() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def alert(html: str) -> str:
    m = re.search(r'role="alert"[^>]*>(.*?)</div>', html, re.S)
    return re.sub(r"<[^>]+>", " ", m.group(1)) if m else ""


def _complaint(c, key="c1", **extra):
    body = {"idempotency_key": key, "text": "The boiler repair was never finished.", "received_at": RECEIVED,
            # by post: the acknowledgement waits for staff to send it, so staff record the date
            "contact": {"name": "Ann Example", "email": "ann@example.org", "postcode": "TF1 1AA",
                        "address": "1 Example Road, Telford", "preferred_channel": "post"},
            "representative": {"name": "Bea Example", "relationship": "daughter", "consent": True},
            "transcript": [{"sender": "resident", "text": "boiler broken"}], **extra}
    return c.post("/api/v1/complaints", headers=API, json=body).json()["reference"]


def _reclassify(c, csrf, hid, **data):
    r = c.post(f"/staff/handoffs/{hid}/reclassify", data={"csrf_token": csrf, "note": "review", **data},
               follow_redirects=False)
    assert r.status_code == 303, alert(r.text)


# ---------------------------------------------------------------- sign-in, sessions, CSRF, lockout

STAFF_GETS = ["/staff/queue", "/staff/handoffs/1", "/staff/cases", "/staff/cases/CMP-2026-000001",
              "/staff/compliments", "/staff/excluded", "/staff/service-requests", "/staff/export",
              "/staff/export/nlu.yml"]
STAFF_POSTS = ["/staff/handoffs/1/accept", "/staff/handoffs/1/reclassify", "/staff/cases/CMP-2026-000001/close",
               "/staff/cases/CMP-2026-000001/extend", "/staff/logout"]


def test_nothing_without_login(app, anon_client):
    hid = handoff(anon_client)
    for path in STAFF_GETS:
        r = anon_client.get(path.replace("/1", f"/{hid}"), follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/staff/login?next="), path
    for path in STAFF_POSTS:
        r = anon_client.post(path, data={"csrf_token": "x"}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/staff/login"), path
    assert "My neighbour" not in anon_client.get("/staff/queue").text  # the login page
    # a made-up cookie is no session
    anon_client.cookies.set(auth.COOKIE_PLAIN, "made-up")
    assert anon_client.get("/staff/queue", follow_redirects=False).status_code == 303
    # the JSON API keeps its bearer token
    assert anon_client.get("/api/v1/handoffs").status_code == 401
    assert count(app, HandoffReview) == 0


def test_login_cookie_flags_and_hashed_session(app, anon_client, monkeypatch):
    make_user(app)
    r = login(anon_client)
    assert r.status_code == 303 and r.headers["location"] == "/staff/queue"
    cookie = [h for h in r.headers.get_list("set-cookie") if h.startswith(auth.COOKIE_PLAIN + "=")][0]
    assert "HttpOnly" in cookie and "samesite=lax" in cookie.lower() and "Secure" not in cookie
    token = cookie.split(";")[0].split("=", 1)[1]
    with factory(app)() as s:
        row = s.scalar(select(StaffSession))
        assert row.id == auth.token_hash(token) != token  # only the hash is stored
        assert len(row.csrf_token) >= 40
    assert anon_client.get("/staff/queue").status_code == 200
    # behind HTTPS: Secure, __Host- prefix
    monkeypatch.setenv("STAFF_COOKIE_SECURE", "1")
    with TestClient(app, base_url="https://testserver") as c2:
        r2 = login(c2)
        cookie = [h for h in r2.headers.get_list("set-cookie") if h.startswith(auth.COOKIE_SECURE + "=")][0]
        assert "Secure" in cookie and "HttpOnly" in cookie and "Path=/" in cookie


def test_wrong_password_lockout_and_unknown_email(app, anon_client):
    make_user(app)
    r = login(anon_client, password="wrong password!!")
    assert r.status_code == 401 and auth.GENERIC_FAILURE in r.text
    r = login(anon_client, email="nobody@example.org")
    assert r.status_code == 401 and auth.GENERIC_FAILURE in r.text  # same answer: no user enumeration
    for _ in range(4):
        login(anon_client, password="still wrong!!!")
    r = login(anon_client)  # right password, but 5 failures already
    assert r.status_code == 429 and "locked" in r.text
    assert anon_client.get("/staff/queue", follow_redirects=False).status_code == 303


def test_login_form_needs_its_csrf_and_fields(app, anon_client):
    make_user(app)
    r = anon_client.post("/staff/login", data={"email": "jo@example.org", "password": PASSWORD})
    assert r.status_code == 403 and "expired" in r.text
    page = anon_client.get("/staff/login")
    r = anon_client.post("/staff/login", data={"csrf_token": csrf_of(page.text), "email": "", "password": ""})
    assert r.status_code == 422
    r = anon_client.post("/staff/login", data={"csrf_token": csrf_of(page.text), "email": "x" * 5000, "password": "y"})
    assert r.status_code == 422
    # an open redirect through ?next= is not possible
    r = anon_client.post("/staff/login", data={"csrf_token": csrf_of(page.text), "email": "jo@example.org",
                                               "password": PASSWORD, "next": "https://evil.example/"},
                         follow_redirects=False)
    assert r.headers["location"] == "/staff/queue"


def test_session_idle_timeout_absolute_expiry_and_logout(app, anon_client):
    make_user(app)
    login(anon_client)
    assert anon_client.get("/staff/queue").status_code == 200
    with factory(app)() as s:
        s.execute(update(StaffSession).values(last_seen_at=datetime.now(timezone.utc) - timedelta(minutes=31)))
        s.commit()
    r = anon_client.get("/staff/queue", follow_redirects=False)
    assert r.status_code == 303 and "/staff/login" in r.headers["location"]
    assert count(app, StaffSession) == 0  # the expired session is gone
    login(anon_client)
    with factory(app)() as s:
        s.execute(update(StaffSession).values(expires_at=datetime.now(timezone.utc) - timedelta(seconds=1)))
        s.commit()
    assert anon_client.get("/staff/queue", follow_redirects=False).status_code == 303
    login(anon_client)
    csrf = csrf_of(anon_client.get("/staff/queue").text)
    r = anon_client.post("/staff/logout", data={"csrf_token": csrf}, follow_redirects=False)
    assert r.status_code == 303 and count(app, StaffSession) == 0
    assert anon_client.get("/staff/queue", follow_redirects=False).status_code == 303


def test_csrf_checked_on_every_post(app, staff):
    c, csrf = staff
    hid = handoff(c)
    make_user(app, "other@example.org")
    with TestClient(app) as other:
        login(other, "other@example.org")
        other_csrf = csrf_of(other.get("/staff/queue").text)
    assert other_csrf != csrf
    posts = [(f"/staff/handoffs/{hid}/accept", {}),
             (f"/staff/handoffs/{hid}/reclassify", {"category": "complaint", "note": "n"}),
             ("/staff/logout", {})]
    for path, data in posts:
        for bad in (None, "", "wrong", other_csrf):
            body = dict(data, **({"csrf_token": bad} if bad is not None else {}))
            r = c.post(path, data=body, follow_redirects=False)
            assert r.status_code == 403 and "CSRF" in r.text, (path, bad)
    assert count(app, HandoffReview) == 0 and count(app, Complaint) == 0
    assert c.get("/staff/queue").status_code == 200  # still signed in


# ---------------------------------------------------------------- the staff-users command, migration, static files

def test_users_cli(db_url, tmp_path):
    env = {"PYTHONPATH": str(BACKEND), "PATH": "/usr/bin:/bin"}
    run = lambda *a, stdin="": subprocess.run(  # noqa: E731
        [sys.executable, "-m", "casework.staff.users", "--database-url", db_url, *a], input=stdin, env=env,
        capture_output=True, text=True, timeout=60)
    p = run("create", "--email", "Ann@Example.org", "--role", "admin", stdin="a long enough password\n")
    assert p.returncode == 0 and "created staff user ann@example.org (admin)" in p.stdout, p.stderr
    assert run("create", "--email", "ann@example.org", "--role", "admin", stdin="another long password\n").returncode == 1
    p = run("create", "--email", "b@example.org", "--role", "caseworker", stdin="short\n")
    assert p.returncode == 1 and "at least 12" in p.stderr
    assert run("create", "--email", "c@example.org", "--role", "boss", stdin="a long enough password\n").returncode == 2
    p = run("list")
    assert "ann@example.org\tadmin\tactive" in p.stdout
    assert run("disable", "--email", "ann@example.org").returncode == 0
    assert "disabled" in run("list").stdout


def test_migration_0003_down_and_up(db_url):
    from alembic import command
    from sqlalchemy import create_engine, inspect

    from casework.db import normalise_url

    cfg = alembic_config(db_url)
    engine = create_engine(normalise_url(db_url))

    def state():
        insp = inspect(engine)
        return ("staff_users" in insp.get_table_names(),
                "review_status" in {c["name"] for c in insp.get_columns("handoffs")})

    assert state() == (True, True)
    command.downgrade(cfg, "0002")
    assert state() == (False, False)
    command.upgrade(cfg, "head")
    assert state() == (True, True)
    engine.dispose()


def test_static_css_is_served_without_login(anon_client):
    r = anon_client.get("/staff/static/staff.css")
    assert r.status_code == 200 and "focus-visible" in r.text
    assert anon_client.get("/staff/static/../casework/api/main.py").status_code == 404
