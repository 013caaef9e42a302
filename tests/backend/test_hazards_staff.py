"""Staff hazard board and hazard page (/staff/hazards), and hazard figures on /staff/reports.
SQLite and PostgreSQL (the app fixture)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from fastapi.testclient import TestClient

from sqlalchemy import select

from test_staff import API, csrf_of, login, make_user
from test_staff_case import text_of
from test_staff_case_hazards import mould_service_request

from casework.models import OutboxMessage

from casework.staff.hazards_pages import countdown


@pytest.fixture
def staff(app):
    make_user(app)
    with TestClient(app) as c:
        assert login(c).status_code == 303
        yield c, csrf_of(c.get("/staff/queue").text)


def new_hazard(c, key, received_at, **extra):
    r = c.post("/api/v1/hazards", headers=API, json={
        "idempotency_key": key, "hazard_type": "damp_mould", "received_at": received_at, **extra})
    assert r.status_code == 201, r.text
    return r.json()["reference"]


def iso(dt):
    return dt.isoformat()


def test_board_needs_sign_in(app):
    with TestClient(app) as c:
        r = c.get("/staff/hazards", follow_redirects=False)
        assert r.status_code == 303 and "/staff/login" in r.headers["location"]
        assert c.get("/staff/hazards/HZ-2026-000001", follow_redirects=False).status_code == 303


def test_board_sorted_by_nearest_deadline_with_views(staff):
    c, csrf = staff
    now = datetime.now(timezone.utc)
    late = new_hazard(c, "a", iso(now - timedelta(days=30)))                  # investigate: breached
    soon = new_hazard(c, "b", iso(now - timedelta(hours=20)), emergency_signs=True)  # 4 h left
    later = new_hazard(c, "c", iso(now - timedelta(hours=1)))
    html = c.get("/staff/hazards").text
    assert html.index(late) < html.index(soon) < html.index(later)
    assert "breached" in html and "in 3 h" in html
    breached = c.get("/staff/hazards?view=breached").text
    assert late in breached and soon not in breached and later not in breached
    assert c.get("/staff/hazards?view=bogus").status_code == 422


def test_hazard_page_change_severity_and_record_steps(staff):
    c, csrf = staff
    ref = new_hazard(c, "a", "2026-11-26T10:00:00+00:00")
    page = c.get(f"/staff/hazards/{ref}")
    assert page.status_code == 200 and "Investigate" in page.text and "proposed by the assistant" in page.text
    r = c.post(f"/staff/hazards/{ref}/severity", data={"csrf_token": csrf, "severity": "emergency", "reason": ""})
    assert r.status_code == 409 and "Give a reason" in r.text
    r = c.post(f"/staff/hazards/{ref}/severity", data={"csrf_token": "wrong", "severity": "emergency", "reason": "x"})
    assert r.status_code == 403
    r = c.post(f"/staff/hazards/{ref}/severity", follow_redirects=False,
               data={"csrf_token": csrf, "severity": "emergency", "reason": "Baby sleeps in that room"})
    assert r.status_code == 303
    page = c.get(r.headers["location"]).text
    assert "decided by staff:jo@example.org: Baby sleeps in that room" in page
    assert "change severity: emergency" in page and page.count("Baby sleeps in that room") == 1
    # Back to significant for the steps below.
    c.post(f"/staff/hazards/{ref}/severity", data={"csrf_token": csrf, "severity": "significant", "reason": "Surveyed"})
    r = c.post(f"/staff/hazards/{ref}/steps", follow_redirects=False, data={
        "csrf_token": csrf, "step": "investigation_concluded", "at": "2026-12-01T11:00",
        "findings": "Blocked extractor fan", "safety_work": "Fan repair", "further_work": "Ventilation unit"})
    assert r.status_code == 303
    page = c.get(f"/staff/hazards/{ref}").text
    assert "end of Fri 4 Dec 2026" in page  # written summary within 3 working days
    r = c.post(f"/staff/hazards/{ref}/steps", data={"csrf_token": csrf, "step": "teleport"})
    assert r.status_code == 422
    r = c.post(f"/staff/hazards/{ref}/steps", data={"csrf_token": csrf, "step": "summary_sent", "at": "yesterday"})
    assert r.status_code == 422 and "date and time" in r.text
    assert c.get("/staff/hazards/HZ-2026-999999").status_code == 404


def test_summary_hint_says_no_letter_is_written_without_a_linked_case(staff, session):
    """Hazard letters are written only under a case: without one the page must not promise a letter."""
    c, csrf = staff
    now = datetime.now(timezone.utc)
    alone = new_hazard(c, "alone", iso(now - timedelta(hours=3)))
    words = text_of(c.get(f"/staff/hazards/{alone}").text)
    assert "No case is linked to this hazard, so recording \"Written summary sent\" writes no letter" in words
    assert "send the resident the written summary yourself" in words
    assert "writes the summary letter from the findings" not in words
    for step, extra in (("investigation_concluded", {"findings": "Blocked fan"}), ("summary_sent", {})):
        r = c.post(f"/staff/hazards/{alone}/steps", follow_redirects=False,
                   data={"csrf_token": csrf, "step": step, **extra})
        assert r.status_code == 303, r.text
    assert session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "hazard_summary")) is None
    _, linked = mould_service_request(c, conv="conv-linked")  # the service request links the hazard
    words = text_of(c.get(f"/staff/hazards/{linked['reference']}").text)
    assert "Recording \"Written summary sent\" writes the summary letter from the findings" in words
    assert "No case is linked" not in words


def test_household_in_plain_words_including_someone_at_risk_not_said_who(staff):
    c, _ = staff
    now = datetime.now(timezone.utc)
    ref = new_hazard(c, "u", iso(now - timedelta(hours=1)), vulnerabilities=["unspecified"])
    named = new_hazard(c, "r", iso(now - timedelta(hours=1)), vulnerabilities=["respiratory"])
    page = c.get(f"/staff/hazards/{ref}").text
    assert "someone at greater risk" in page and "said yes but not who: ask them" in page
    assert "Not known yet" not in page and "unspecified" not in page
    assert "said yes but not who" not in c.get(f"/staff/hazards/{named}").text
    board = c.get("/staff/hazards").text
    assert "household: someone at greater risk" in board
    assert "household: someone with asthma or another breathing condition" in board
    assert "unspecified" not in board and "respiratory" not in board


def test_reports_show_hazard_figures(staff):
    c, csrf = staff
    on_time = new_hazard(c, "a", "2026-11-02T10:00:00+00:00")
    new_hazard(c, "b", "2026-11-03T10:00:00+00:00")                            # never investigated: breached
    new_hazard(c, "c", "2026-11-04T10:00:00+00:00", emergency_signs=True)      # never made safe: breached
    c.post(f"/api/v1/hazards/{on_time}/steps", headers=API, json={
        "step": "investigation_concluded", "at": "2026-11-10T10:00:00+00:00", "findings": "Condensation"})
    html = c.get("/staff/reports?from=2026-11-01&to=2026-11-30").text
    assert "Hazards (Awaab&#39;s Law)" in html or "Hazards (Awaab's Law)" in html
    assert "3</dd>" in html and "2 significant" in html and "1 emergency" in html
    assert "Investigate (significant) within time" in html and "50%" in html and "1 of 2" in html
    assert "Investigate and make safe (emergency) within time" in html and "0%" in html


def test_countdown_text():
    now = datetime(2026, 12, 6, 12, 0, tzinfo=timezone.utc)
    assert countdown("2026-12-06T15:30:00+00:00", now) == ("in 3 h 30 min", "open")
    assert countdown("2026-12-08T13:00:00+00:00", now) == ("in 2 days 1 h", "open")
    assert countdown("2026-12-06T11:00:00+00:00", now) == ("breached 1 h 0 min ago", "breached")
    assert countdown(None, now) == ("-", "waiting")
