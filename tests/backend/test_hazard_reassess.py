"""Awaab's Law: a later message on an open hazard names someone at greater risk ("my daughter is 3
months pregnant", "I've got a newborn now"). POST /api/v1/hazards/reassess assesses the hazard again:
an emergency from the moment the case service heard it (its own clock), never a longer timescale
than the one already running, the duty inbox alerted as for a new emergency, the acknowledgement
written again; refused for a case or hazard not of this conversation (SQLite and PostgreSQL)."""
from __future__ import annotations

from sqlalchemy import select

from casework.hazards.models import Hazard
from casework.models import AuditEvent, OutboxMessage
from casework.referral_models import Referral

from test_hazard_later_in_conversation import hazard_letters, later_hazard, service_request

INVESTIGATE_BY = "2026-12-11T00:00:00+00:00"  # the end of Thursday 10 December 2026 (from AWARE)


def mould_on_a_case(client, **extra):
    ref = service_request(client)
    v = later_hazard(client, case_reference=ref, **extra).json()
    return ref, v


def reassess(client, conv="conv-1", key="conv-1:m9:reassess", **extra):
    return client.post("/api/v1/hazards/reassess",
                       json={"idempotency_key": key, "conversation_id": conv, **extra})


def duty_alerts(session):
    return list(session.scalars(select(Referral.reason).where(Referral.kind == "alert")))


def test_a_pregnancy_told_later_makes_the_mould_an_emergency_from_now(client, session, clock):
    ref, v = mould_on_a_case(client)
    assert v["severity"] == "significant" and v["deadlines"][0]["due_at"] == INVESTIGATE_BY
    clock.set("2026-11-30T12:00:00+00:00")
    r = reassess(client, case_reference=ref, vulnerabilities=["pregnancy"])
    assert r.status_code == 200, r.text
    [h] = r.json()["hazards"]
    assert h["raised"] is True and h["new_vulnerabilities"] == ["pregnancy"]
    assert h["severity"] == "emergency" and h["proposed_severity"] == "emergency"
    assert "someone who is pregnant" in h["proposal_reason"] and "later message" in h["proposal_reason"]
    (make_safe,) = h["deadlines"]
    assert make_safe["id"] == "make_safe" and make_safe["due_at"] == "2026-12-01T12:00:00+00:00"
    assert h["aware_at"] == "2026-11-26T10:00:00+00:00"  # the report's awareness is kept
    assert h["emergency_aware_at"] == "2026-11-30T12:00:00+00:00"
    assert duty_alerts(session) == ["emergency"]
    assert hazard_letters(session, ref) == ["hazard_acknowledgement", "hazard_acknowledgement"]
    letter = session.scalars(select(OutboxMessage.body_text).where(
        OutboxMessage.kind == "hazard_acknowledgement").order_by(OutboxMessage.id.desc()))[0]
    assert "because of what you told us at 12:00 on Monday 30 November 2026" in letter
    assert "That means by 12:00pm on Tuesday 1 December 2026." in letter
    actions = list(session.scalars(select(AuditEvent.action).where(
        AuditEvent.entity_ref == h["reference"], AuditEvent.entity_type == "hazard").order_by(AuditEvent.id)))
    assert actions == ["create", "reassess"]
    # the same words again (a retry, or the resident repeating it): nothing changes, no second alert
    clock.set("2026-11-30T15:00:00+00:00")
    [again] = reassess(client, case_reference=ref, vulnerabilities=["pregnancy"]).json()["hazards"]
    assert again["raised"] is False and again["deadlines"][0]["due_at"] == "2026-12-01T12:00:00+00:00"
    assert duty_alerts(session) == ["emergency"]


def test_a_follow_up_never_lengthens_the_timescale_already_running(client, clock):
    ref, _ = mould_on_a_case(client)
    clock.set("2026-12-10T20:00:00+00:00")  # 4 hours before the investigation's deadline
    [h] = reassess(client, case_reference=ref, vulnerabilities=["baby"]).json()["hazards"]
    assert h["severity"] == "emergency"
    assert h["deadlines"][0]["due_at"] == INVESTIGATE_BY  # not 24 hours from now
    assert h["deadlines"][0]["due_on"] == "2026-12-10"


def test_an_emergency_stays_as_it_was_and_a_vulnerability_that_does_not_raise_is_only_recorded(client, clock):
    ref, _ = mould_on_a_case(client)
    clock.set("2026-11-30T12:00:00+00:00")
    [h] = reassess(client, case_reference=ref, vulnerabilities=["disability"]).json()["hazards"]
    assert h["raised"] is False and h["severity"] == "significant"
    assert h["vulnerabilities"] == ["disability"] and h["deadlines"][0]["due_at"] == INVESTIGATE_BY
    ref2 = service_request(client, conv="conv-2", key="sr-2")
    e = later_hazard(client, key="conv-2:m1:hazard", conv="conv-2", case_reference=ref2,
                     emergency_signs=True).json()
    [h2] = reassess(client, conv="conv-2", case_reference=ref2, vulnerabilities=["baby"]).json()["hazards"]
    assert h2["raised"] is False and h2["deadlines"] == e["deadlines"]  # still 24 hours from the report


def test_staff_confirmed_significant_before_they_knew_the_new_facts_raise_it(client, session, clock):
    ref, v = mould_on_a_case(client)
    r = client.post(f"/api/v1/hazards/{v['reference']}/severity", json={"severity": "significant"})
    assert r.status_code == 200 and r.json()["severity_confirmed_by"]
    clock.set("2026-11-30T12:00:00+00:00")
    [h] = reassess(client, case_reference=ref, vulnerabilities=["respiratory"]).json()["hazards"]
    assert h["raised"] is True and h["severity"] == "emergency" and h["severity_confirmed_by"] is None
    assert duty_alerts(session) == ["emergency"]


def test_no_heating_with_no_clock_yet_gets_the_emergency_clock_from_now(client, clock):
    clock.set("2026-11-30T12:00:00+00:00")
    r = client.post("/api/v1/hazards", json={"idempotency_key": "conv-1:m1:hazard:excess_cold",
                                             "hazard_type": "excess_cold", "conversation_id": "conv-1"})
    assert r.json()["in_force"] is False and r.json()["deadlines"] == []
    clock.set("2026-11-30T13:00:00+00:00")
    [h] = reassess(client, hazard_key="conv-1:m1:hazard:excess_cold",
                   vulnerabilities=["older_person"]).json()["hazards"]
    assert h["raised"] is True and h["in_force"] is True
    assert h["deadlines"][0]["due_at"] == "2026-12-01T13:00:00+00:00"


def test_another_conversations_case_or_hazard_is_refused_and_nothing_changes(client, session, clock):
    ref, v = mould_on_a_case(client)
    clock.set("2026-11-30T12:00:00+00:00")
    refusals = [reassess(client, conv="conv-x", case_reference=ref, vulnerabilities=["baby"]),
                reassess(client, conv="conv-x", hazard_key="conv-1:m5:hazard:damp_mould",
                         vulnerabilities=["baby"]),
                reassess(client, case_reference="SR-2026-999999", vulnerabilities=["baby"])]
    for r in refusals:
        assert r.status_code == 409 and r.json()["code"] == "case_not_in_conversation", r.text
    bad = [reassess(client, vulnerabilities=["baby"]),  # names nothing
           reassess(client, case_reference=ref, vulnerabilities=[]),
           reassess(client, case_reference=ref, vulnerabilities=["baby"],
                    received_at="2026-11-20T09:00:00+00:00")]
    for r in bad:
        assert r.status_code == 422, r.text  # a client's date is never taken
    h = session.scalar(select(Hazard).where(Hazard.reference == v["reference"]))
    assert h.severity == "significant" and h.vulnerabilities == [] and duty_alerts(session) == []


def test_raised_after_the_deadline_it_had_passed_it_is_overdue_not_a_past_promise(client, session, clock):
    """Brief F7: the investigation's deadline (end of 10 December) has passed when the resident says
    a baby lives there: the emergency's deadline is that passed one (never later), so the reply says
    overdue (the case service's clock) and the letter gives no past date as a promise; staff see it
    breached."""
    ref, v = mould_on_a_case(client)
    clock.set("2026-12-14T09:00:00+00:00")
    [h] = reassess(client, case_reference=ref, vulnerabilities=["baby"]).json()["hazards"]
    assert h["raised"] is True and h["severity"] == "emergency" and h["overdue"] is True
    (make_safe,) = h["deadlines"]
    assert make_safe["due_at"] == INVESTIGATE_BY and make_safe["status"] == "breached"
    stored = session.scalar(select(Hazard).where(Hazard.reference == v["reference"]))
    assert stored.next_due_at.isoformat().startswith("2026-12-11T00:00:00")  # the staff board's order
    letter = session.scalars(select(OutboxMessage.body_text).where(
        OutboxMessage.kind == "hazard_acknowledgement").order_by(OutboxMessage.id.desc()))[0]
    assert "That means by" not in letter
    assert "That date has passed, so this work is overdue, and we are sorry." in letter
    assert "will make your home safe at once.\n\nIf anyone is in danger, call 999." in letter


def test_raised_in_time_it_is_not_overdue(client, session, clock):
    ref, _ = mould_on_a_case(client)
    clock.set("2026-11-30T12:00:00+00:00")
    [h] = reassess(client, case_reference=ref, vulnerabilities=["baby"]).json()["hazards"]
    assert h["raised"] is True and h["overdue"] is False and h["deadlines"][0]["status"] == "open"
    letter = session.scalars(select(OutboxMessage.body_text).where(
        OutboxMessage.kind == "hazard_acknowledgement").order_by(OutboxMessage.id.desc()))[0]
    assert "That means by 12:00pm on Tuesday 1 December 2026.\n\nIf anyone is in danger" in letter
    assert "overdue" not in letter
