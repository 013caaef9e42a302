"""Staff workspace (/staff/): sign-in, sessions, CSRF, lockout, the handoff queue, review and
reclassification, case actions and refusals, escaping, the training-corrections page and the
retired NLU download (410). Runs on SQLite and PostgreSQL (the app fixture)."""
from __future__ import annotations

import re
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from casework import db as dbmod
from casework.models import (
    AuditEvent, Case, Complaint, Handoff, HandoffReview, OutboxMessage, StaffSession,
)
from casework.staff import auth

from pathlib import Path

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


# ---------------------------------------------------------------- the queue

def test_queue_order_filters_and_paging(app, staff):
    c, _ = staff
    handoff(c, "old", text="Old thing", received_at="2026-01-05T10:00:00+00:00", category="complaint", reason=None)
    handoff(c, "sg", text="I am scared of my partner", received_at="2026-11-20T10:00:00+00:00",
            category="service_request", reason=None, flags=["safeguarding"])
    handoff(c, "new", text="Newest of all", received_at="2026-11-25T10:00:00+00:00", category="compliment",
            reason=None, confidence=0.3)
    html = c.get("/staff/queue").text
    assert html.index("I am scared") < html.index("Newest of all") < html.index("Old thing")
    assert "3 handoffs" in html
    assert "Newest of all" in (h := c.get("/staff/queue?category=compliment").text) and "Old thing" not in h
    h = c.get("/staff/queue?flag=low_confidence").text
    assert "Newest of all" in h and "I am scared" not in h
    h = c.get("/staff/queue?flag=flagged").text
    assert "Newest of all" in h and "I am scared" in h and "Old thing" not in h
    h = c.get("/staff/queue?flag=safeguarding").text
    assert "I am scared" in h and "Newest of all" not in h
    h = c.get("/staff/queue?overdue=1").text  # unreviewed for more than 2 working days
    assert "Old thing" in h and "Review overdue" in h
    # status filter after a review
    hid = c.get("/api/v1/handoffs?conversation_id=conv-old", headers=API).json()[0]["id"]
    csrf = csrf_of(c.get(f"/staff/handoffs/{hid}").text)
    c.post(f"/staff/handoffs/{hid}/accept", data={"csrf_token": csrf})
    h = c.get("/staff/queue?status=accepted").text
    assert "Old thing" in h and "Newest of all" not in h
    assert "Old thing" not in c.get("/staff/queue?status=unreviewed").text
    # bad filter values: a message, never a 500
    r = c.get("/staff/queue?category=<script>&status=zzz&flag=x&page=-3")
    assert r.status_code == 200 and "Unknown category" in r.text and "<script>" not in r.text


def test_queue_pages(app, staff):
    c, _ = staff
    for i in range(30):
        handoff(c, f"p{i}", text=f"Message number {i:02d}", received_at=f"2026-11-{(i % 28) + 1:02d}T10:00:00+00:00")
    p1, p2 = c.get("/staff/queue").text, c.get("/staff/queue?page=2").text
    assert p1.count('class="row-link"') == 25 and p2.count('class="row-link"') == 5
    assert "page 1 of 2" in p1 and 'rel="next"' in p1 and 'rel="prev"' in p2
    assert c.get("/staff/queue?page=99").status_code == 200


# ---------------------------------------------------------------- review and reclassification

def test_reclassify_excluded_into_complaint_from_original_receipt(app, staff, clock):
    c, csrf = staff
    clock.set(RECEIVED)  # reclassified the day it arrived: the acknowledgement goes that day
    hid = handoff(c, text="You ignored my ASB reports for a year <b>again</b>")
    # the bot opened an excluded matter with the resident's details and linked it
    exc = c.post("/api/v1/excluded-matters", headers=API, json={
        "idempotency_key": "exc-1", "text": "You ignored my ASB reports", "reason": "asb", "received_at": RECEIVED,
        "conversation_id": "conv-h-1", "contact": {"name": "Ann Example", "email": "ann@example.org", "postcode": "TF1 1AA"},
        "transcript": [{"sender": "resident", "text": "You ignored my ASB reports"}, {"sender": "bot", "text": "Sorry"}]}).json()
    c.post(f"/api/v1/handoffs/{hid}/link", headers=API, json={"reference": exc["reference"]})
    # a reason is required
    r = c.post(f"/staff/handoffs/{hid}/reclassify", data={"csrf_token": csrf, "category": "complaint", "note": "  "})
    assert r.status_code == 422 and "reason" in alert(r.text).lower()
    assert count(app, Complaint) == 0
    r = c.post(f"/staff/handoffs/{hid}/reclassify", follow_redirects=False, data={
        "csrf_token": csrf, "category": "complaint", "note": "About our handling of ASB: a complaint"})
    assert r.status_code == 303
    ref = r.headers["location"].split("/staff/cases/")[1].split("?")[0]
    case = c.get(f"/api/v1/cases/{ref}", headers=API).json()
    assert (case["kind"], case["received_at"][:10], case["acknowledge_by"], case["respond_by"]) == (
        "complaint", "2026-11-24", "2026-12-01", "2026-12-08")  # 10 WD from the acknowledgement
    assert case["contact"]["name"] == "Ann Example" and case["handoff_id"] == hid
    letters = c.get(f"/api/v1/cases/{ref}/letters", headers=API).json()
    assert [l["kind"] for l in letters] == ["acknowledgement"]
    h = c.get(f"/api/v1/handoffs/{hid}", headers=API).json()
    assert h["case_reference"] == ref and h["category"] == "excluded"  # the assistant's decision is kept
    page = c.get(f"/staff/cases/{ref}").text
    assert "jo@example.org &middot; Opened" in page and "Tue 1 Dec 2026" in page and "Tue 8 Dec 2026" in page
    assert "You ignored my ASB reports" in page and "Sorry" in page  # transcript copied
    with factory(app)() as s:
        rv = s.scalar(select(HandoffReview))
        assert (rv.action, rv.from_category, rv.from_reason, rv.to_category, rv.case_reference) == (
            "reclassify", "excluded", "asb", "complaint", ref)
        actors = {(e.action, e.entity_ref): e.actor for e in s.scalars(select(AuditEvent))}
        assert actors[("review_reclassify", f"handoff:{hid}")] == "staff:jo@example.org"
        assert actors[("create", ref)] == "staff:jo@example.org"
        assert actors[("reclassified", exc["reference"])] == "staff:jo@example.org"
        ev = s.scalar(select(AuditEvent).where(AuditEvent.action == "review_reclassify"))
        assert ev.before["category"] == "excluded" and ev.after["category"] == "complaint"
        # the staff note is named in the trail, never copied into it (casework.audit)
        assert "note" in ev.fields and "note" not in ev.after and ev.at is not None
    # the same reclassification again is refused, not duplicated
    r = c.post(f"/staff/handoffs/{hid}/reclassify", data={"csrf_token": csrf, "category": "complaint", "note": "again"})
    assert r.status_code == 409 and count(app, Complaint) == 1


def test_reclassify_out_of_complaint_closes_it(app, staff):
    c, csrf = staff
    hid = handoff(c, category="complaint", reason=None, text="My claim is at the county court already")
    cmp_ = c.post("/api/v1/complaints", headers=API, json={
        "idempotency_key": "c1", "text": "My claim is at the county court already", "received_at": RECEIVED,
        "handoff_id": hid, "contact": {"email": "bo@example.org"}}).json()
    r = c.post(f"/staff/handoffs/{hid}/reclassify", data={"csrf_token": csrf, "category": "excluded"})
    assert r.status_code == 422  # excluded needs its reason (and a note)
    out_of_complaint = {"category": "excluded", "reason": "legal", "note": "Claim form filed at court",
                        "explanation": "Your claim is with the court."}
    r = c.post(f"/staff/handoffs/{hid}/reclassify", data={"csrf_token": csrf, **out_of_complaint})
    assert r.status_code == 403 and "Only a manager" in alert(r.text)  # a caseworker may not
    assert c.get(f"/api/v1/cases/{cmp_['reference']}", headers=API).json()["status"] == "open"
    make_user(app, "mo@example.org", "manager")
    c.post("/staff/logout", data={"csrf_token": csrf})
    assert login(c, "mo@example.org").status_code == 303
    csrf = csrf_of(c.get("/staff/queue").text)
    r = c.post(f"/staff/handoffs/{hid}/reclassify", follow_redirects=False, data={"csrf_token": csrf, **out_of_complaint})
    assert r.status_code == 303
    old = c.get(f"/api/v1/cases/{cmp_['reference']}", headers=API).json()
    assert old["status"] == "closed" and old["close_reason"] == "Claim form filed at court"
    h = c.get(f"/api/v1/handoffs/{hid}", headers=API).json()
    assert h["case_reference"].startswith("EXC-")
    exc = c.get(f"/api/v1/cases/{h['case_reference']}", headers=API).json()
    assert exc["reason"] == "legal" and exc["explanation"] == "Your claim is with the court."
    assert exc["contact"]["email"] == "bo@example.org"
    kinds = [l["kind"] for l in c.get(f"/api/v1/cases/{exc['reference']}/letters", headers=API).json()]
    assert kinds == ["excluded"]
    with factory(app)() as s:
        close = s.scalar(select(AuditEvent).where(AuditEvent.action == "close"))
        assert close.actor == "staff:mo@example.org" and close.entity_ref == cmp_["reference"]
    # and back into a complaint: a new complaint from the original receipt date
    r = c.post(f"/staff/handoffs/{hid}/reclassify", follow_redirects=False, data={
        "csrf_token": csrf, "category": "complaint", "note": "The claim was withdrawn"})
    ref = r.headers["location"].split("/staff/cases/")[1].split("?")[0]
    assert ref != cmp_["reference"]
    assert c.get(f"/api/v1/cases/{ref}", headers=API).json()["acknowledge_by"] == "2026-12-01"


def test_an_escalation_request_says_how_to_handle_it_until_linked(app, staff):
    """The chat records an escalation request as a complaint handoff (intent escalate_case) before it
    asks for the reference; accepting it would open a new complaint, so the page says what to do."""
    c, csrf = staff
    hint = "asks for an existing complaint to go to the next stage"
    esc = handoff(c, "esc", text="I want my complaint to go to stage 2, the reply was useless",
                  category="complaint", reason=None, intent="escalate_case")
    plain = handoff(c, "cmp", text="Nobody came to fix the door again", category="complaint", reason=None,
                    intent="complaint")
    assert hint in c.get(f"/staff/handoffs/{esc}").text
    assert hint not in c.get(f"/staff/handoffs/{plain}").text
    ref = c.post("/api/v1/complaints", headers=API, json={
        "idempotency_key": "case-x", "text": "The fence", "received_at": RECEIVED, "channel": "webchat"}).json()["reference"]
    r = c.post(f"/staff/handoffs/{esc}/duplicate", data={"csrf_token": csrf, "duplicate_of": ref}, follow_redirects=False)
    assert r.status_code == 303
    page = c.get(f"/staff/handoffs/{esc}").text
    assert hint not in page and ref in page


def test_an_escalation_request_escalates_the_case_it_asks_about_in_one_step(app, staff):
    """The handoff page escalates the named complaint, dated from the resident's request (the
    handoff's receipt), links the handoff, and refuses clearly when the case cannot go up."""
    c, csrf = staff
    esc = handoff(c, "esc2", text="Please take my complaint about the boiler to stage 2",
                  category="complaint", reason=None, intent="escalate_case")
    ref = c.post("/api/v1/complaints", headers=API, json={
        "idempotency_key": "case-e", "text": "The boiler", "received_at": RECEIVED, "channel": "webchat"}).json()["reference"]
    # not answered at stage 1 and not overdue: refused, on the handoff page, nothing linked
    r = c.post(f"/staff/handoffs/{esc}/escalate-case", data={"csrf_token": csrf, "case_reference": ref})
    assert r.status_code == 409 and "escalation-request" in r.text
    assert c.get(f"/api/v1/handoffs/{esc}", headers=API).json().get("case_reference") in (None, "")
    assert c.post(f"/api/v1/complaints/{ref}/respond", headers=API, json={
        "decision": "not_upheld", "reasons": "No fault found", "responded_on": "2026-11-25"}).status_code == 200
    for bad, code in (("", 422), ("CMP-2026-999999", 404)):
        r = c.post(f"/staff/handoffs/{esc}/escalate-case", data={"csrf_token": csrf, "case_reference": bad})
        assert r.status_code == code
    r = c.post(f"/staff/handoffs/{esc}/escalate-case", data={"csrf_token": csrf, "case_reference": ref.lower()},
               follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith(f"/staff/cases/{ref}")
    case = c.get(f"/api/v1/cases/{ref}", headers=API).json()
    assert case["stage"] == 2
    assert case["acknowledge_by"] == "2026-12-01"  # 5 working days from the request on Tue 24 Nov
    assert c.get(f"/api/v1/handoffs/{esc}", headers=API).json()["case_reference"] == ref
    assert "escalation-request" not in c.get(f"/staff/handoffs/{esc}").text
    r = c.post(f"/staff/handoffs/{esc}/escalate-case", data={"csrf_token": csrf, "case_reference": ref})
    assert r.status_code == 409  # already linked: never escalated twice


def test_accept_and_bad_review_input(app, staff):
    c, csrf = staff
    hid = handoff(c)
    r = c.post(f"/staff/handoffs/{hid}/accept", data={"csrf_token": csrf, "note": "right"}, follow_redirects=False)
    assert r.status_code == 303
    h = c.get(f"/api/v1/handoffs/{hid}", headers=API).json()
    with factory(app)() as s:
        row = s.get(Handoff, hid)
        assert row.review_status == "accepted" and row.reviewed_by == "staff:jo@example.org"
        assert s.scalar(select(AuditEvent).where(AuditEvent.action == "review_accept")).actor == "staff:jo@example.org"
    assert h["status"] == "new"
    for data, code in [({"category": "nonsense", "note": "x"}, 422),
                       ({"category": "excluded", "reason": "asb", "note": "x"}, 409),  # what it already is
                       ({"category": "excluded", "reason": "bogus", "note": "x"}, 422),
                       ({"category": "complaint", "note": "x" * 2001}, 422),
                       ({"category": "complaint", "note": "<script>alert(1)</script>" * 300}, 422)]:
        r = c.post(f"/staff/handoffs/{hid}/reclassify", data={"csrf_token": csrf, **data})
        assert r.status_code == code, (data, r.status_code)
        assert "<script>alert" not in r.text
    for bad in ("999999", "0", "-1", "abc", "99999999999999999999", "1%00"):
        assert c.post(f"/staff/handoffs/{bad}/accept", data={"csrf_token": csrf}).status_code == 404, bad
        assert c.get(f"/staff/handoffs/{bad}").status_code == 404
    assert count(app, Complaint) == 0


# ---------------------------------------------------------------- case page and actions

def _complaint(c, key="c1", **extra):
    body = {"idempotency_key": key, "text": "The boiler repair was never finished.", "received_at": RECEIVED,
            # by post: the acknowledgement waits for staff to send it, so staff record the date
            "contact": {"name": "Ann Example", "email": "ann@example.org", "postcode": "TF1 1AA",
                        "address": "1 Example Road, Telford", "preferred_channel": "post"},
            "representative": {"name": "Bea Example", "relationship": "daughter", "consent": True},
            "transcript": [{"sender": "resident", "text": "boiler broken"}], **extra}
    return c.post("/api/v1/complaints", headers=API, json=body).json()["reference"]


def test_case_page_shows_dates_people_letters_and_conflicts(app, staff):
    c, _ = staff
    ref = _complaint(c)
    page = c.get(f"/staff/cases/{ref}").text
    for needle in ("Ann Example", "Bea Example", "daughter", "boiler broken", "Tue 1 Dec 2026", "Tue 15 Dec 2026",
                   "Acknowledgement", "Stage 1 of 2", "Audit trail", "working days"):
        assert needle in page, needle
    assert ("overdue by" in page) or ("working days left" in page) or ("due today" in page)
    # paradigm-2020 conflicts with the Code and says so
    ref2 = _complaint(c, key="c2", profile="paradigm-2020")
    page = c.get(f"/staff/cases/{ref2}").text
    assert "departs from the Complaint Handling Code" in page and "3-month time limit" in page
    assert "departs from" not in c.get(f"/staff/cases/{ref}").text


def test_case_actions_and_refusals(app, staff):
    c, csrf = staff
    ref = _complaint(c)
    post = lambda action, **data: c.post(f"/staff/cases/{ref}/{action}", data={"csrf_token": csrf, **data},  # noqa: E731
                                         follow_redirects=False)
    r = post("extend", days="5", reason="")
    assert r.status_code == 422 and "reason" in alert(r.text)
    r = post("extend", days="30", reason="Waiting for a surveyor")
    assert r.status_code == 409 and "at most 10 working days" in alert(r.text)
    r = post("extend", days="ten", reason="x")
    assert r.status_code == 422
    assert post("acknowledge", acknowledged_on="2026-11-25").status_code == 303
    r = post("acknowledge")
    assert r.status_code == 409 and "already acknowledged" in alert(r.text)
    r = post("acknowledge", acknowledged_on="2026-02-30")
    assert r.status_code == 422
    assert post("extend", days="10", reason="Waiting for a surveyor").status_code == 303
    r = post("extend", days="1", reason="more")
    assert r.status_code == 409 and "already been extended" in alert(r.text)
    r = post("respond", decision="maybe", reasons="x")
    assert r.status_code == 422
    r = post("respond", decision="upheld", reasons="")
    assert r.status_code == 422
    assert post("respond", decision="partly_upheld", reasons="We were slow", remedy="£50",
                responded_on="2026-12-20").status_code == 303
    assert post("escalate", requested_on="2026-12-22").status_code == 303
    case = c.get(f"/api/v1/cases/{ref}", headers=API).json()
    assert case["stage"] == 2 and case["status"] == "open"
    assert "must be handled by a different person" in c.get(f"/staff/cases/{ref}").text  # Code 6.13
    r = post("escalate")
    assert r.status_code == 409 and "last stage" in alert(r.text)
    r = post("close", outcome="")
    assert r.status_code == 422
    assert post("close", outcome="Resolved", reason="Agreed with the resident").status_code == 303
    r = post("acknowledge")
    assert r.status_code == 409 and "closed" in alert(r.text)
    kinds = [l["kind"] for l in c.get(f"/api/v1/cases/{ref}/letters", headers=API).json()]
    assert kinds == ["acknowledgement", "extension", "stage_response", "escalation"]
    with factory(app)() as s:
        events = list(s.scalars(select(AuditEvent).where(AuditEvent.entity_ref == ref).order_by(AuditEvent.id)))
        assert [e.action for e in events] == ["create", "acknowledge", "extend", "respond", "escalate", "close"]
        assert {e.actor for e in events[1:]} == {"staff:jo@example.org"}
    page = c.get(f"/staff/cases/{ref}").text
    assert "The complaint is closed" in page and "Stage 2 of 2" in page


def test_bad_input_never_500(app, staff):
    c, csrf = staff
    ref = _complaint(c, contact={"name": "Ann Example", "email": "ann@example.org", "postcode": "TF1 1AA"})
    sr = c.post("/api/v1/service-requests", headers=API, json={"idempotency_key": "s", "text": "tap"}).json()["reference"]
    ref2 = _complaint(c, key="c2")
    r = c.post(f"/staff/cases/{ref}/close", content="csrf_token=" + csrf + "&outcome=" + "x" * 300_000,
               headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 413
    r = c.post(f"/staff/cases/{ref}/close", files={"outcome": ("a", b"b")}, data={"csrf_token": csrf})
    assert r.status_code == 415
    r = c.post(f"/staff/cases/{ref}/close", content=b"csrf_token=" + csrf.encode() + b"&outcome=%ff%fe",
               headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 400
    r = c.post(f"/staff/cases/{ref}/close", data={"csrf_token": csrf, "outcome": "a\x00b"})
    assert r.status_code == 422
    r = c.post(f"/staff/cases/{ref}/close", data={"csrf_token": csrf, "outcome": "x" * 10_001})
    assert r.status_code == 422
    assert c.post(f"/staff/cases/{sr}/acknowledge", data={"csrf_token": csrf}).status_code == 409
    for bad in ("CMP-2026-999999", "nonsense", "x" * 300, "<script>"):
        r = c.get(f"/staff/cases/{bad}")
        assert r.status_code == 404 and "<script>" not in r.text
        assert c.post(f"/staff/cases/{bad}/close", data={"csrf_token": csrf, "outcome": "x"}).status_code == 404
    # a letter of another case, a made-up letter id, an unknown action
    with factory(app)() as s:
        other_letter = s.scalar(select(OutboxMessage.letter_id).where(OutboxMessage.reference == ref2))
    assert c.post(f"/staff/cases/{ref}/letters/{other_letter}/retry", data={"csrf_token": csrf}).status_code == 404
    assert c.post(f"/staff/cases/{ref}/letters/LTR-nope/mark-sent", data={"csrf_token": csrf}).status_code == 404
    assert c.post(f"/staff/cases/{ref}/letters/{other_letter}/delete", data={"csrf_token": csrf}).status_code == 404
    # a pending letter cannot be marked sent: refused with the reason
    with factory(app)() as s:
        mine = s.scalar(select(OutboxMessage.letter_id).where(OutboxMessage.reference == ref))
    r = c.post(f"/staff/cases/{ref}/letters/{mine}/mark-sent", data={"csrf_token": csrf})
    assert r.status_code == 409
    assert c.get("/staff/cases?reference=" + "y" * 100).status_code == 404
    assert c.get("/staff/cases?reference=" + ref.lower(), follow_redirects=False).status_code == 303
    assert c.get("/staff/nowhere").status_code == 404
    assert c.get("/staff/cases?page=abc&status=<x>").status_code == 200
    with factory(app)() as s:
        assert s.scalar(select(Case.status).where(Case.reference == ref)) == "open"


def test_residents_words_are_escaped_everywhere(app, staff):
    c, csrf = staff
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    hid = handoff(c, text=evil, explanation=evil, entities=[{"entity": "<b>", "value": evil}])
    ref = _complaint(c, text=evil, summary=evil, contact={"name": evil, "email": "e@example.org"},
                     transcript=[{"sender": "resident", "text": evil}], handoff_id=hid)
    c.post("/api/v1/compliments", headers=API, json={"idempotency_key": "cp", "text": evil, "person": evil})
    c.post("/api/v1/excluded-matters", headers=API, json={"idempotency_key": "ex", "text": evil, "reason": "asb",
                                                          "explanation": evil})
    c.post("/api/v1/service-requests", headers=API, json={"idempotency_key": "sr", "text": evil, "topic": "repair"})
    for path in ("/staff/queue", f"/staff/handoffs/{hid}", f"/staff/cases/{ref}", "/staff/cases",
                 "/staff/compliments", "/staff/excluded", "/staff/service-requests"):
        html = c.get(path).text
        assert "<script>alert" not in html and "<img src=x" not in html, path
        assert "&lt;script&gt;" in html, path
    r = c.post(f"/staff/handoffs/{hid}/reclassify", data={"csrf_token": csrf, "category": "excluded",
                                                          "reason": "asb", "note": evil})
    assert "<script>alert" not in r.text


# ---------------------------------------------------------------- compliments, excluded, training corrections

def test_compliments_by_person_and_team_and_excluded_list(app, staff):
    c, _ = staff
    for i, (person, team) in enumerate([("Sarah", "Repairs team"), ("Sarah", None), (None, "Caretakers"), (None, None)]):
        c.post("/api/v1/compliments", headers=API, json={"idempotency_key": f"cp{i}", "text": f"Thanks {i}",
                                                         "person": person, "team": team})
    page = c.get("/staff/compliments").text
    by_person = page.split('id="person-h"')[1].split("</section>")[0]
    by_team = page.split('id="team-h"')[1].split("</section>")[0]
    assert "<td>Sarah</td><td>2:" in by_person
    assert "Repairs team" in by_team and "Caretakers" in by_team and "Customer Experience team" in by_team
    c.post("/api/v1/excluded-matters", headers=API, json={"idempotency_key": "x1", "text": "Noisy neighbour",
                                                          "reason": "asb", "explanation": "Goes to the ASB team"})
    c.post("/api/v1/excluded-matters", headers=API, json={"idempotency_key": "x2", "text": "HR issue", "reason": "employment"})
    page = c.get("/staff/excluded").text
    assert "Goes to the ASB team" in page and "Noisy neighbour" in page and "HR procedures" in page
    page = c.get("/staff/excluded?reason=asb").text
    assert "Noisy neighbour" in page and "HR issue" not in page


def _reclassify(c, csrf, hid, **data):
    r = c.post(f"/staff/handoffs/{hid}/reclassify", data={"csrf_token": csrf, "note": "review", **data},
               follow_redirects=False)
    assert r.status_code == 303, alert(r.text)


def test_training_corrections_page_and_the_retired_nlu_download(app, staff):
    c, csrf = staff
    h1 = handoff(c, "n1", text="My name is Janet Smith. You never dealt with my ASB case properly",
                 category="excluded", reason="asb")
    h2 = handoff(c, "n2", text="My neighbour's dog barks all night", category="complaint", reason=None)
    h3 = handoff(c, "n3", text="Kept as it was", category="complaint", reason=None)
    _reclassify(c, csrf, h1, category="complaint")
    _reclassify(c, csrf, h2, category="excluded", reason="asb")
    c.post(f"/staff/handoffs/{h3}/accept", data={"csrf_token": csrf})
    page = c.get("/staff/export").text
    assert "2 corrections, 1 confirmation" in page
    assert "My name is &lt;name&gt;. You never dealt with my ASB case properly" in page  # redacted
    assert "Janet" not in page and "Smith" not in page
    assert "words on this page are redacted" in page and "exactly as written" not in page  # the footer says so
    assert "Excluded matter (new ASB report) (1)" in page and "Only a manager" in page
    assert "/staff/export/nlu.yml" not in page and "merge_nlu" not in page and "make corrections" in page
    make_user(app, "boss@example.org", "manager")
    with TestClient(app) as m:
        login(m, "boss@example.org")
        assert 'href="/staff/export/corrections.tsv"' in m.get("/staff/export").text
        gone = [m.get("/staff/export/nlu.yml"), c.get("/staff/export/nlu.yml")]
    for r in gone:  # manager or caseworker: the old download is gone, and says what replaced it
        assert r.status_code == 410 and r.headers["content-type"].startswith("text/html")
        assert "attachment" not in r.headers.get("content-disposition", "")
        text = re.sub(r"\s+", " ", alert(r.text))
        assert "retired" in text and "staff_corrections.tsv" in text and "make corrections" in text
        assert "Janet" not in r.text and "dog barks" not in r.text
    assert count(app, AuditEvent, AuditEvent.action == "export_nlu") == 0
    for retired in ("casework.staff.export_nlu", "casework.staff.merge_nlu"):  # no command writes bot/data/nlu
        p = subprocess.run([sys.executable, "-m", retired, "--help"], env={"PYTHONPATH": str(BACKEND),
                           "PATH": "/usr/bin:/bin"}, capture_output=True, text=True, timeout=60)
        assert p.returncode != 0 and "No module named" in p.stderr


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
    from alembic.config import Config
    from sqlalchemy import create_engine, inspect

    from casework.db import normalise_url

    cfg = Config(str(BACKEND / "alembic.ini"))
    cfg.set_main_option("script_location", str(BACKEND / "migrations"))
    cfg.attributes["database_url"] = db_url
    cfg.attributes["configure_logger"] = False
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

