"""Staff workspace (/staff/): the case page (dates, people, letters, profile conflicts), case actions
and their refusals, bad form input (never a 500), residents' words escaped on every page, and the
compliments and excluded-matters lists. Helpers from test_staff.py. Runs on SQLite and PostgreSQL."""
from __future__ import annotations

from sqlalchemy import select

from casework.models import AuditEvent, Case, OutboxMessage
from test_staff import API, _complaint, alert, factory, handoff, staff  # noqa: F401  (staff: fixture)


# ---------------------------------------------------------------- case page and actions

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
                     transcript=[{"sender": "resident", "text": evil}], handoff_id=hid,
                     conversation_id="conv-h-1")
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


# ---------------------------------------------------------------- compliments and excluded matters

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
