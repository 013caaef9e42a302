"""Awaab's Law through the case service's HTTP API: hazard records beside handoffs and cases,
severity by staff with the audit trail, steps, letters, the profile switch (SQLite and PostgreSQL)."""
from __future__ import annotations

from sqlalchemy import select

from casework.models import AuditEvent, OutboxMessage


def handoff(client, key="h-1", text="There is black mould all over the bedroom wall",
            received_at="2026-12-24T16:30:00+00:00", category="service_request", conv="conv-1"):
    r = client.post("/api/v1/handoffs", json={
        "idempotency_key": key, "conversation_id": conv, "text": text, "received_at": received_at,
        "category": category, "channel": "webchat"})
    assert r.status_code == 201, r.text
    return r.json()["id"]


def hazard(client, hid=None, key="hz-1", **extra):
    body = {"idempotency_key": key, "hazard_type": "damp_mould", "conversation_id": "conv-1", **extra}
    if hid is not None:
        body["handoff_id"] = hid
    return client.post("/api/v1/hazards", json=body)


def deadline(view, did):
    return next(d for d in view["deadlines"] if d["id"] == did)


def test_mould_message_gets_a_hazard_with_the_statutory_deadlines(client):
    hid = handoff(client)
    r = hazard(client, hid, received_at="2030-01-01T09:00:00+00:00")  # ignored: the handoff's time wins
    assert r.status_code == 201, r.text
    v = r.json()
    assert v["reference"].startswith("HZ-2026-") and v["created"] is True
    assert v["severity"] == "significant" and v["in_force"] is True
    assert v["aware_at"] == "2026-12-24T16:30:00+00:00"
    assert deadline(v, "investigate")["due_on"] == "2027-01-12"
    assert deadline(v, "written_summary")["due_on"] is None
    assert deadline(v, "written_summary")["status"] == "waiting"
    again = hazard(client, hid)
    assert again.status_code == 200 and again.json()["reference"] == v["reference"]


def test_a_complaint_about_mould_starts_both_clocks(client, session):
    hid = handoff(client, text="I want to complain: the damp and mould in my flat has been ignored for months",
                  category="complaint", received_at="2027-03-25T15:00:00+00:00")
    hz = hazard(client, hid).json()
    assert deadline(hz, "investigate")["due_on"] == "2027-04-12"  # over Easter 2027
    cmp = client.post("/api/v1/complaints", json={
        "idempotency_key": "c-1", "text": "the damp and mould has been ignored", "handoff_id": hid,
        "conversation_id": "conv-1", "received_at": "2027-03-25T15:00:00+00:00",
        "contact": {"name": "Ann Example", "email": "ann@example.org"}}).json()
    assert cmp["acknowledge_by"] == "2027-04-05"  # the complaint's own clock (Code: 5 working days)
    linked = client.get(f"/api/v1/hazards/{hz['reference']}").json()
    assert linked["case_id"] is not None
    kinds = [m.kind for m in session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))]
    assert kinds == ["acknowledgement", "hazard_acknowledgement"]
    letter = session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "hazard_acknowledgement"))
    assert "Monday 12 April 2027" in letter.body_text
    assert "somewhere else suitable to stay" in letter.body_text
    # the hazard is part of the complaint now: the letter says so instead of offering a complaint
    assert f"part of complaint {cmp['reference']}" in letter.body_text
    assert "you can make a complaint at any time" not in letter.body_text
    assert letter.recipient == "ann@example.org"


def test_newborn_in_the_household_makes_mould_an_emergency(client, session):
    hid = handoff(client, received_at="2026-12-24T16:30:00+00:00")
    hz = hazard(client, hid).json()
    assert hz["severity"] == "significant" and hz["household_known"] is False
    r = client.post(f"/api/v1/hazards/{hz['reference']}/household", json={"vulnerabilities": ["baby"]})
    v = r.json()
    assert v["severity"] == "emergency" and v["proposed_severity"] == "emergency"
    assert "a baby" in v["proposal_reason"]
    (make_safe,) = v["deadlines"]
    assert make_safe["id"] == "make_safe" and make_safe["due_at"] == "2026-12-25T16:30:00+00:00"
    actions = [(e.entity_type, e.action) for e in session.scalars(
        select(AuditEvent).where(AuditEvent.entity_ref == hz["reference"]).order_by(AuditEvent.id))]
    # the raise to an emergency alerted the duty inbox (test_hazard_alerts.py), audited as a referral
    assert actions == [("hazard", "create"), ("hazard", "household"), ("referral", "alert")]


def test_household_named_in_the_message_and_emergency_signs(client):
    v = hazard(client, None, key="g", hazard_type="gas_co", emergency_signs=True,
               received_at="2026-12-12T10:00:00+00:00").json()
    assert v["severity"] == "emergency" and deadline(v, "make_safe")["due_at"] == "2026-12-13T10:00:00+00:00"
    v = hazard(client, None, key="p", vulnerabilities=["pregnancy"], received_at="2026-12-12T10:00:00+00:00").json()
    assert v["severity"] == "emergency" and v["household_known"] is True


def test_later_phase_significant_hazard_is_recorded_without_a_clock(client):
    v = hazard(client, None, key="f", hazard_type="falls", received_at="2026-12-01T10:00:00+00:00").json()
    assert v["in_force"] is False and v["deadlines"] == []


def test_staff_change_severity_needs_a_reason_and_is_audited(client, session):
    ref = hazard(client, None, received_at="2026-11-26T10:00:00+00:00").json()["reference"]
    r = client.post(f"/api/v1/hazards/{ref}/severity", json={"severity": "emergency"})
    assert r.status_code == 409 and r.json()["code"] == "reason_required"
    r = client.post(f"/api/v1/hazards/{ref}/severity", json={"severity": "emergency", "reason": "Mould in the cot"},
                    headers={"X-Actor": "staff:sam@example.org"})
    v = r.json()
    assert v["severity"] == "emergency" and v["proposed_severity"] == "significant"
    assert v["severity_confirmed_by"] == "staff:sam@example.org"
    ev = session.scalars(select(AuditEvent).where(AuditEvent.entity_ref == ref, AuditEvent.entity_type == "hazard")
                         .order_by(AuditEvent.id))[-1]
    assert ev.action == "change_severity" and ev.before["severity"] == "significant"
    # The audit trail names the reason field but keeps no free text (issue 19); the reason is on
    # the hazard record itself.
    assert ev.after["severity"] == "emergency" and "severity_reason" in ev.fields
    assert "severity_reason" not in (ev.after or {}) and v["severity_reason"] == "Mould in the cot"
    # A later household answer does not override the staff decision.
    v = client.post(f"/api/v1/hazards/{ref}/household", json={"vulnerabilities": []}).json()
    assert v["severity"] == "emergency"


def test_steps_reveal_deadlines_and_the_summary_letter(client, session):
    hid = handoff(client, received_at="2026-11-26T10:00:00+00:00")
    ref = hazard(client, hid).json()["reference"]  # at triage; the service request follows
    client.post("/api/v1/service-requests", json={
        "idempotency_key": "sr", "text": "mould", "conversation_id": "conv-1", "topic": "damp_mould",
        "received_at": "2026-11-26T10:00:00+00:00", "contact": {"email": "res@example.org"}})
    r = client.post(f"/api/v1/hazards/{ref}/steps", json={"step": "summary_sent"})
    assert r.status_code == 409 and r.json()["code"] == "investigation_first"
    r = client.post(f"/api/v1/hazards/{ref}/steps", json={
        "step": "investigation_concluded", "at": "2026-12-01T11:00:00+00:00",
        "findings": "Condensation from a blocked extractor fan", "safety_work": "Mould wash and fan repair",
        "safety_work_by": "2026-12-04", "further_work": "New positive input ventilation unit",
        "further_work_from": "2027-01-11"})
    v = r.json()
    assert deadline(v, "investigate")["status"] == "met"
    assert deadline(v, "written_summary")["due_on"] == "2026-12-04"
    assert deadline(v, "safety_work")["due_on"] == "2026-12-08"
    assert deadline(v, "preventative_start")["due_on"] == "2027-02-23"
    r = client.post(f"/api/v1/hazards/{ref}/steps", json={"step": "investigation_concluded", "findings": "x"})
    assert r.status_code == 409 and r.json()["code"] == "already_recorded"
    r = client.post(f"/api/v1/hazards/{ref}/steps", json={"step": "safety_work_done", "at": "2099-01-01T00:00:00+00:00"})
    assert r.status_code == 422 and "future" in r.json()["detail"]
    r = client.post(f"/api/v1/hazards/{ref}/steps", json={"step": "summary_sent", "at": "2026-12-02T09:00:00+00:00"})
    assert deadline(r.json(), "written_summary")["status"] == "met"
    letter = session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "hazard_summary"))
    assert letter is not None and "blocked extractor fan" in letter.body_text
    assert "Monday 11 January 2027" in letter.body_text and "Tuesday 23 February 2027" in letter.body_text
    assert "The law says we must begin it (or take steps to begin it) by Tuesday 8 December 2026." in letter.body_text
    assert client.post(f"/api/v1/hazards/{ref}/steps", json={
        "step": "accommodation_offered", "at": "2026-12-02T10:00:00+00:00", "note": "Hotel offered"}).status_code == 200


def test_board_views(client):
    hazard(client, None, key="a", received_at="2026-11-01T10:00:00+00:00")      # investigate by 13 Nov: breached
    hazard(client, None, key="b", received_at="2026-12-05T10:00:00+00:00")
    board = client.get("/api/v1/hazards").json()
    assert [h["deadlines"][0]["due_on"] for h in board] == sorted(h["deadlines"][0]["due_on"] for h in board)
    breached = client.get("/api/v1/hazards?view=breached").json()
    assert [h["aware_at"][:10] for h in breached] == ["2026-11-01"]
    assert client.get("/api/v1/hazards?view=nonsense").status_code == 422


def test_profile_outside_england_has_no_hazard_clocks(client, monkeypatch):
    from casework import profiles

    base = profiles.get_profile("code-2024").as_data()
    welsh = profiles.parse_profile({**base, "id": "wales-test", "default": False, "awaabs_law": False}, "t")
    scot = profiles.parse_profile({**base, "id": "scot-test", "default": False, "nation": "scotland", "awaabs_law": None}, "t")
    assert welsh.hazard_clocks is False and scot.hazard_clocks is False
    assert profiles.get_profile("code-2024").hazard_clocks is True
    monkeypatch.setattr(profiles, "all_profiles", lambda: {**profiles.load_profiles(), "wales-test": welsh})
    r = hazard(client, None, profile="wales-test")
    assert r.status_code == 409 and r.json()["code"] == "not_applicable"


def test_awaabs_law_refused_for_scotland():
    import pytest
    from casework import profiles

    base = profiles.get_profile("code-2024").as_data()
    with pytest.raises(profiles.ProfileError, match="awaabs_law"):
        profiles.parse_profile({**base, "id": "s", "nation": "scotland", "awaabs_law": True}, "t")


def test_bad_input_is_a_clear_error(client, anon_client):
    assert hazard(client, None, hazard_type="dragons").status_code == 422
    assert hazard(client, 999999).status_code == 404
    assert client.post("/api/v1/hazards", json={"idempotency_key": "x", "hazard_type": "damp_mould",
                                                "vulnerabilities": ["werewolf"]}).status_code == 422
    assert client.get("/api/v1/hazards/HZ-2026-999999").status_code == 404
    assert client.get("/api/v1/hazards/" + "x" * 300).status_code == 404
    assert anon_client.get("/api/v1/hazards").status_code == 401


def test_household_answer_by_the_hazard_key(client):
    hid = handoff(client, received_at="2026-12-24T16:30:00+00:00")
    hazard(client, hid, key="conv-1:m1:hazard:damp_mould")
    body = {"idempotency_key": "conv-1:m2:household", "hazard_key": "conv-1:m1:hazard:damp_mould",
            "vulnerabilities": ["respiratory"]}
    v = client.post("/api/v1/hazards/household", json=body).json()
    assert v["severity"] == "emergency" and v["vulnerabilities"] == ["respiratory"]
    again = client.post("/api/v1/hazards/household", json=body).json()
    assert again["vulnerabilities"] == ["respiratory"] and again["deadlines"] == v["deadlines"]
    r = client.post("/api/v1/hazards/household", json={**body, "hazard_key": "nope"})
    assert r.status_code == 404


def test_a_household_question_left_unanswered_stays_not_known(client):
    hid = handoff(client, received_at="2026-12-24T16:30:00+00:00")
    hazard(client, hid, key="conv-1:m1:hazard:damp_mould")
    body = {"idempotency_key": "conv-1:m2:household", "hazard_key": "conv-1:m1:hazard:damp_mould",
            "vulnerabilities": [], "known": False}
    v = client.post("/api/v1/hazards/household", json=body).json()
    assert v["household_known"] is False and v["severity"] == "significant"
    # a plain "no" (known, nobody named) is recorded as known
    v = client.post("/api/v1/hazards/household", json={**body, "idempotency_key": "k3", "known": True}).json()
    assert v["household_known"] is True


def _gas_letter(client, session, k: str):
    """A gas smell reported in the chat (handoff, emergency hazard, service request): its hazard letter."""
    hid = handoff(client, key=f"h-{k}", text="I can smell gas", conv=f"conv-{k}")
    hazard(client, hid, key=k, hazard_type="gas_co", emergency_signs=True, conversation_id=f"conv-{k}")
    client.post("/api/v1/service-requests", json={
        "idempotency_key": f"sr-{k}", "text": "I can smell gas", "conversation_id": f"conv-{k}", "emergency": True,
        "topic": "repair", "received_at": "2026-12-24T16:30:00+00:00", "contact": {"email": f"{k}@example.org"}})
    return session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "hazard_acknowledgement"))


def test_emergency_letter_says_24_hours_and_when(client, session):
    letter = _gas_letter(client, session, "g")
    assert "within 24 hours" in letter.body_text and "4:30pm on Friday 25 December 2026" in letter.body_text
    assert "0800 111 999" in letter.body_text and "somewhere else suitable to stay" in letter.body_text
    assert letter.subject.startswith("Gas leak or carbon monoxide in your home")
    # none configured (development): the placeholder from Ofcom's drama range, never "look it up" (hg-06)
    assert "call our emergency repairs line on 01632 960000, day or night" in letter.body_text


def test_hazard_letters_give_the_landlords_emergency_repairs_line_when_configured(client, session, monkeypatch):
    monkeypatch.setenv("LANDLORD_EMERGENCY_PHONE", " 0800 555 0199 ")
    letter = _gas_letter(client, session, "e")
    assert "call our emergency repairs line on 0800 555 0199, day or night" in letter.body_text


def test_a_blank_emergency_line_is_the_placeholder_not_a_letter_without_a_number(client, session, monkeypatch):
    monkeypatch.setenv("LANDLORD_EMERGENCY_PHONE", "   ")
    letter = _gas_letter(client, session, "b")
    assert "call our emergency repairs line on 01632 960000, day or night" in letter.body_text


def test_hazard_without_a_case_sends_no_letter_until_one_exists(client, session):
    hazard(client, None, key="lonely", conversation_id="conv-x", received_at="2026-12-01T10:00:00+00:00")
    assert session.scalar(select(OutboxMessage)) is None


def test_hazard_references_are_random_like_case_references(client, monkeypatch):
    """Not a counter (issue 16): a reference tells nothing about the next one."""
    monkeypatch.setenv("CASEWORK_REFERENCES", "random")  # the tests' default is the counter
    refs = [hazard(client, key=f"r-{i}").json()["reference"] for i in range(6)]
    numbers = sorted(int(r.rsplit("-", 1)[1]) for r in refs)
    assert all(r.startswith("HZ-2026-") for r in refs) and len(set(refs)) == 6
    assert numbers != list(range(numbers[0], numbers[0] + 6))  # not consecutive


def test_someone_at_greater_risk_not_said_who_counts_as_a_vulnerability(client, session):
    """The resident said yes, someone is at greater risk, but not who ("unspecified"): stored,
    known, proposed as an emergency like a named vulnerability (Awaab's Law is person-centred and
    it could be a baby), the reason says so, and the letter says what the resident told us."""
    hid = handoff(client, received_at="2026-12-24T16:30:00+00:00")
    hz = hazard(client, hid, key="conv-1:m1:hazard:damp_mould").json()
    v = client.post("/api/v1/hazards/household", json={
        "idempotency_key": "conv-1:m3:household", "hazard_key": "conv-1:m1:hazard:damp_mould",
        "vulnerabilities": ["unspecified"], "known": True}).json()
    assert v["vulnerabilities"] == ["unspecified"] and v["household_known"] is True
    assert v["severity"] == "emergency" and "not who" in v["proposal_reason"]
    assert [d["id"] for d in v["deadlines"]] == ["make_safe"]
    assert client.get(f"/api/v1/hazards/{hz['reference']}").json()["vulnerabilities"] == ["unspecified"]
    client.post("/api/v1/service-requests", json={
        "idempotency_key": "sr-u", "text": "mould", "conversation_id": "conv-1", "topic": "damp_mould",
        "received_at": "2026-12-24T16:30:00+00:00", "contact": {"email": "u@example.org"}})
    letter = session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "hazard_acknowledgement"))
    assert "your household includes someone at greater risk" in letter.body_text
    assert "within 24 hours" in letter.body_text
    # at creation too (a message that says so), and a named one wins the reason
    v = hazard(client, None, key="u2", vulnerabilities=["unspecified", "baby"],
               received_at="2026-12-12T10:00:00+00:00").json()
    assert v["severity"] == "emergency" and "a baby" in v["proposal_reason"]
