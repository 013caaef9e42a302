"""The staff case page lists the case's hazards (Awaab's Law): type, severity, deadlines, status and a
link to the hazard page; a service request's own priority is worded as the repair's and never reads as
if the case had no emergency beside an emergency hazard. Behind sign-in like every staff page.
SQLite and PostgreSQL (the app fixture)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from fastapi.testclient import TestClient

from test_staff import API
from test_staff_case import text_of
from test_staff_workspace import jo, sign_in  # noqa: F401  (fixture)


def mould_service_request(c, conv="conv-hz", vulnerabilities=("baby",), emergency=False, transcript=()):
    """A mould message: the handoff, the hazard beside it (a baby: an emergency), then the service
    request from the same conversation (the repair not flagged as an emergency)."""
    received = (datetime.now(timezone.utc) - timedelta(hours=2)).isoformat()
    r = c.post("/api/v1/handoffs", headers=API, json={
        "idempotency_key": f"{conv}:h", "conversation_id": conv, "text": "Black mould in the nursery",
        "received_at": received, "category": "service_request", "channel": "webchat"})
    assert r.status_code == 201, r.text
    r = c.post("/api/v1/hazards", headers=API, json={
        "idempotency_key": f"{conv}:hazard", "hazard_type": "damp_mould", "handoff_id": r.json()["id"],
        "conversation_id": conv, "vulnerabilities": list(vulnerabilities), "household_known": True})
    assert r.status_code == 201, r.text
    hazard = r.json()
    r = c.post("/api/v1/service-requests", headers=API, json={
        "idempotency_key": f"{conv}:sr", "text": "Black mould in the nursery", "received_at": received,
        "conversation_id": conv, "topic": "repair", "emergency": emergency, "channel": "webchat",
        "contact": {"name": "Ann Example", "email": "ann@example.org"}, "transcript": list(transcript)})
    assert r.status_code == 201, r.text
    return r.json()["reference"], hazard


def test_a_mould_service_request_lists_its_emergency_hazard(jo):
    c, _ = jo
    ref, hazard = mould_service_request(c)
    assert hazard["severity"] == "emergency"
    page = c.get(f"/staff/cases/{ref}")
    assert page.status_code == 200
    words = text_of(page.text)
    assert f'href="/staff/hazards/{hazard["reference"]}"' in page.text
    assert "Hazards (Awaab's Law)" in words and "Damp and mould" in words
    assert "An emergency hazard is linked to this case" in words
    assert "Make safe" in words or "24 hours" in words
    assert "Open" in words
    # the case's own field is the repair's priority, and points at the hazard: never a bare "Emergency: no"
    assert "Emergency no" not in words
    assert "Repair priority Not marked as an emergency repair ( an emergency hazard is linked: 24 hours)" in words


def test_the_chat_that_reported_the_hazard_is_the_service_requests_transcript(jo):
    """What the assistant sends (bot/actions/record_fields.py): the household answer is only in it."""
    c, _ = jo
    ref, _ = mould_service_request(c, conv="conv-tr", transcript=[
        {"sender": "resident", "text": "Black mould in the nursery", "at": "2026-12-01T09:00:00+00:00"},
        {"sender": "bot", "text": "Does anyone living with you have a baby?", "at": "2026-12-01T09:00:05+00:00"},
        {"sender": "resident", "text": "yes our daughter is 3 weeks old", "at": "2026-12-01T09:01:00+00:00"}])
    words = text_of(c.get(f"/staff/cases/{ref}").text)
    assert "No transcript was recorded" not in words
    assert "Black mould in the nursery" in words and "yes our daughter is 3 weeks old" in words
    assert "Does anyone living with you have a baby?" in words


def test_a_significant_hazard_shows_its_deadline_and_no_emergency_banner(jo):
    c, _ = jo
    ref, hazard = mould_service_request(c, conv="conv-sig", vulnerabilities=())
    assert hazard["severity"] == "significant"
    words = text_of(c.get(f"/staff/cases/{ref}").text)
    assert "Significant" in words and "Investigate" in words
    assert "An emergency hazard is linked" not in words
    assert "Not marked as an emergency repair ( hazard deadlines apply)" in words


def test_a_case_without_hazards_has_no_hazard_section(jo):
    c, _ = jo
    r = c.post("/api/v1/service-requests", headers=API, json={
        "idempotency_key": "plain:sr", "text": "The tap drips", "received_at": "2026-11-24T10:15:00+00:00",
        "conversation_id": "plain", "topic": "repair", "emergency": True})
    assert r.status_code == 201, r.text
    words = text_of(c.get(f"/staff/cases/{r.json()['reference']}").text)
    assert "Hazards (Awaab's Law)" not in words and "Repair priority Emergency repair" in words


def test_the_case_page_with_hazards_refuses_anyone_not_signed_in(app, jo):
    c, _ = jo
    ref, hazard = mould_service_request(c, conv="conv-anon")
    with TestClient(app) as anonymous:
        r = anonymous.get(f"/staff/cases/{ref}", follow_redirects=False)
        assert r.status_code == 303 and "/staff/login" in r.headers["location"]
        assert hazard["reference"] not in r.text
