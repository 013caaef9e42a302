"""An emergency hazard alerts the duty inbox at once (README: "safeguarding and emergencies alert the
duty inbox at once"), through the referral/alert records and the outbox, once per hazard: at creation,
or when the household answer or staff raise it to an emergency later; never a second time when the
triage flag already alerted for the same handoff or case (SQLite and PostgreSQL: the app fixture)."""
from __future__ import annotations

import logging

from sqlalchemy import select

from casework.models import Case, OutboxMessage
from casework.referral_models import Referral

BABY_COUGH = "Black mould all over the bedroom, my 4 month old baby has a cough that wont go"
DUTY = "duty@landlord.example"


def handoff(client, key="h-1", conv="conv-1", flags=None, text=BABY_COUGH):
    r = client.post("/api/v1/handoffs", json={
        "idempotency_key": key, "conversation_id": conv, "text": text, "category": "service_request",
        "received_at": "2026-12-07T10:00:00+00:00", "channel": "webchat", "flags": flags or []})
    assert r.status_code == 201, r.text
    return r.json()["id"]


def hazard(client, hid, key="hz-1", conv="conv-1", **extra):
    r = client.post("/api/v1/hazards", json={"idempotency_key": key, "hazard_type": "damp_mould",
                                            "handoff_id": hid, "conversation_id": conv, **extra})
    assert r.status_code in (200, 201), r.text  # 200: the same key again
    return r.json()


def duty_alerts(session):
    out = []
    for r in session.scalars(select(Referral).where(Referral.kind == "alert").order_by(Referral.id)):
        m = session.scalar(select(OutboxMessage).where(OutboxMessage.id == r.outbox_id))
        out.append((r.reason, m.recipient, m.reference, r.handoff_id, r.case_id))
    return out


def alert_letter(session):
    return session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "alert"))


def test_an_emergency_hazard_at_creation_alerts_the_duty_inbox_once(client, session, caplog):
    caplog.set_level(logging.DEBUG)
    hid = handoff(client)
    v = hazard(client, hid, vulnerabilities=["baby", "respiratory"], household_known=True)
    assert v["severity"] == "emergency"
    assert duty_alerts(session) == [("emergency", DUTY, v["reference"], hid, None)]
    m = alert_letter(session)
    assert m.subject == f"ALERT: emergency - {v['reference']}" and m.status == "pending"
    assert BABY_COUGH in m.body_text and "Damp and mould" in m.body_text
    assert f"/staff/hazards/{v['reference']}" in m.body_text and "24 hours" not in m.subject
    assert "First deadline:" in m.body_text and "baby" in m.body_text.lower()
    # the handoff lists it as its alert, as it would a triage flag's
    assert [(a["reason"], a["to_address"]) for a in client.get(f"/api/v1/handoffs/{hid}").json()["alerts"]] == [
        ("emergency", DUTY)]
    # the same create again (the assistant's outbox retrying) does not alert twice
    hazard(client, hid, vulnerabilities=["baby", "respiratory"], household_known=True)
    assert len(duty_alerts(session)) == 1
    # what the resident wrote is in the e-mail only, never in the log
    assert "4 month old" not in caplog.text and "mould all over" not in caplog.text


def test_a_significant_hazard_alerts_no_one(client, session):
    hazard(client, handoff(client, text="Some mould in the bathroom corner"), household_known=True)
    assert duty_alerts(session) == []


def test_the_household_answer_raising_it_to_an_emergency_alerts_once(client, session):
    hid = handoff(client, text="There is black mould all over the bedroom wall")
    v = hazard(client, hid)
    assert v["severity"] == "significant" and duty_alerts(session) == []
    r = client.post(f"/api/v1/hazards/{v['reference']}/household", json={"vulnerabilities": ["baby"]})
    assert r.status_code == 200 and r.json()["severity"] == "emergency"
    assert duty_alerts(session) == [("emergency", DUTY, v["reference"], hid, None)]
    client.post(f"/api/v1/hazards/{v['reference']}/household", json={"vulnerabilities": ["older_person"]})
    assert len(duty_alerts(session)) == 1


def test_staff_raising_it_to_an_emergency_alerts_once(client, session):
    v = hazard(client, handoff(client))
    ref = v["reference"]
    assert client.post(f"/api/v1/hazards/{ref}/severity", json={"severity": "emergency", "reason": "baby"}).status_code == 200
    assert [a[0] for a in duty_alerts(session)] == ["emergency"]
    client.post(f"/api/v1/hazards/{ref}/severity", json={"severity": "significant", "reason": "moved out"})
    client.post(f"/api/v1/hazards/{ref}/severity", json={"severity": "emergency", "reason": "back again"})
    assert len(duty_alerts(session)) == 1  # once per hazard


def test_no_second_alert_when_the_triage_flag_already_alerted_for_the_handoff(client, session):
    hid = handoff(client, flags=["emergency"])
    assert duty_alerts(session) == [("emergency", DUTY, f"HANDOFF-{hid}", hid, None)]
    v = hazard(client, hid, vulnerabilities=["baby"], household_known=True)
    assert v["severity"] == "emergency"
    assert len(duty_alerts(session)) == 1


def test_a_case_made_later_lists_the_alert_and_its_flag_does_not_alert_again(client, session):
    hid = handoff(client)
    v = hazard(client, hid, vulnerabilities=["baby"], household_known=True)
    r = client.post("/api/v1/service-requests", json={
        "idempotency_key": "sr-1", "conversation_id": "conv-1", "text": BABY_COUGH,
        "topic": "repair", "emergency": True, "received_at": "2026-12-07T10:00:00+00:00",
        "contact": {"name": "Ann Example", "phone": "07700 900123"}})
    assert r.status_code == 201, r.text
    case = client.get(f"/api/v1/cases/{r.json()['reference']}").json()
    assert [(x["kind"], x["reason"]) for x in case["referrals"]] == [("alert", "emergency")]
    case_id = session.scalar(select(Case.id).where(Case.reference == case["reference"]))
    assert duty_alerts(session) == [("emergency", DUTY, v["reference"], hid, case_id)]


def test_a_hazard_joining_a_case_alerts_with_the_residents_contact(client, session):
    r = client.post("/api/v1/service-requests", json={
        "idempotency_key": "sr-2", "conversation_id": "conv-2", "text": "The kitchen sink is leaking",
        "topic": "repair", "received_at": "2026-12-07T09:00:00+00:00",
        "contact": {"name": "Ann Example", "phone": "07700 900123"}})
    ref = r.json()["reference"]
    hid = handoff(client, key="h-2", conv="conv-2", text="and now theres a gas smell in the kitchen")
    v = hazard(client, hid, key="hz-2", conv="conv-2", hazard_type="gas_co", emergency_signs=True,
               case_reference=ref)
    assert v["severity"] == "emergency"
    assert [a[0] for a in duty_alerts(session)] == ["emergency"]
    m = alert_letter(session)
    assert "Name: Ann Example" in m.body_text and "Phone: 07700 900123" in m.body_text
    assert f"Case: {ref}." in m.body_text and "gas smell" in m.body_text
    # the resident's letters never include the staff alert
    assert "alert" not in [x["kind"] for x in client.get(f"/api/v1/cases/{ref}/letters").json()]
