"""Staff workspace (/staff/): the handoff queue (order, filters, pages), reviewing a handoff
(accept, reclassify into and out of a complaint, escalation requests, refusals) and the
training-corrections page those reviews feed, with the retired NLU download (410).
Helpers from test_staff.py. Runs on SQLite and PostgreSQL (the app fixture)."""
from __future__ import annotations

import re
import subprocess
import sys

from fastapi.testclient import TestClient
from sqlalchemy import select

from casework.models import AuditEvent, Complaint, Handoff, HandoffReview
from test_staff import (  # noqa: F401  (staff: the signed-in caseworker fixture)
    API, BACKEND, RECEIVED, _reclassify, alert, count, csrf_of, factory, handoff, login, make_user, staff,
)


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
        "conversation_id": "conv-h-1", "handoff_id": hid, "contact": {"email": "bo@example.org"}}).json()
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


# ---------------------------------------------------------------- training corrections from the reviews

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


def test_an_escalation_request_the_chat_could_not_carry_out_is_on_the_case_and_still_open(app, staff):
    """hg-15: the chat checked who the resident is, but the case could not move yet (stage 1 not
    answered): the request is linked kept open, so the case page shows it and staff can still
    escalate that case (and no other) from the handoff once it can go up."""
    c, csrf = staff
    esc = handoff(c, "esc3", text="I'm not happy with the response and I want to take it to stage 2",
                  category="complaint", reason=None, intent="escalate_case")
    ref = c.post("/api/v1/complaints", headers=API, json={
        "idempotency_key": "case-k", "text": "The lift", "received_at": RECEIVED, "channel": "webchat"}).json()["reference"]
    other = c.post("/api/v1/complaints", headers=API, json={
        "idempotency_key": "case-o", "text": "Other", "received_at": RECEIVED, "channel": "webchat"}).json()["reference"]
    r = c.post(f"/api/v1/handoffs/{esc}/link", headers=API, json={"reference": ref, "keep_open": True})
    assert r.status_code == 200 and r.json()["case_reference"] == ref
    page = c.get(f"/staff/cases/{ref}").text
    assert 'id="requests"' in page and f"/staff/handoffs/{esc}" in page and "still to act on" in page
    assert "escalation-request" in c.get(f"/staff/handoffs/{esc}").text
    assert c.post(f"/api/v1/complaints/{ref}/respond", headers=API, json={
        "decision": "not_upheld", "reasons": "No fault found", "responded_on": "2026-11-25"}).status_code == 200
    r = c.post(f"/staff/handoffs/{esc}/escalate-case", data={"csrf_token": csrf, "case_reference": other})
    assert r.status_code == 409
    r = c.post(f"/staff/handoffs/{esc}/escalate-case", data={"csrf_token": csrf, "case_reference": ref},
               follow_redirects=False)
    assert r.status_code == 303
    assert c.get(f"/api/v1/cases/{ref}", headers=API).json()["stage"] == 2
    assert "escalation-request" not in c.get(f"/staff/handoffs/{esc}").text
    assert "still to act on" not in c.get(f"/staff/cases/{ref}").text
    r = c.post(f"/staff/handoffs/{esc}/escalate-case", data={"csrf_token": csrf, "case_reference": ref})
    assert r.status_code == 409  # never escalated twice
