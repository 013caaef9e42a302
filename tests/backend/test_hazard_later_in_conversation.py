"""Awaab's Law: a hazard the resident first mentions in a later message, after the conversation has
already opened a case ("oh and there's black mould in the baby's room now"). The assistant names the
conversation's case (case_reference) and the hazard joins it, so its letters are written under it
(they are written only under a case). A case not opened in (or verified by) the same conversation is
refused with 409 case_not_in_conversation and nothing is written; the same key without the case then
records the hazard unlinked (SQLite and PostgreSQL: the app fixture)."""
from __future__ import annotations

from sqlalchemy import func, select

from casework.hazards.models import Hazard
from casework.models import AuditEvent, Case, OutboxMessage

AWARE = "2026-11-26T10:00:00+00:00"


def service_request(client, conv="conv-1", key="sr-1", contact=None):
    r = client.post("/api/v1/service-requests", json={
        "idempotency_key": key, "conversation_id": conv, "received_at": "2026-11-26T09:00:00+00:00",
        "channel": "webchat", "text": "The kitchen sink is leaking", "topic": "repair",
        "contact": contact or {"name": "Ann Example", "email": "ann@example.org"}})
    assert r.status_code == 201, r.text
    return r.json()["reference"]


def later_hazard(client, key="conv-1:m5:hazard:damp_mould", conv="conv-1", **extra):
    body = {"idempotency_key": key, "hazard_type": "damp_mould", "received_at": AWARE, **extra}
    if conv is not None:
        body["conversation_id"] = conv
    return client.post("/api/v1/hazards", json=body)


def hazard_letters(session, case_ref=None):
    q = select(OutboxMessage).where(OutboxMessage.kind.like("hazard_%"))
    if case_ref is not None:
        q = q.join(Case, Case.id == OutboxMessage.case_id).where(Case.reference == case_ref)
    return [m.kind for m in session.scalars(q.order_by(OutboxMessage.id))]


def test_without_the_case_a_later_hazard_stays_unlinked_and_gets_no_letter(client, session):
    """The gap: the case was created before the hazard, so cases.create_case's attach_case never saw
    it, and nothing else linked it. This is what happens when the case is not named."""
    service_request(client)
    r = later_hazard(client)
    assert r.status_code == 201 and r.json()["case_id"] is None
    assert hazard_letters(session) == []


def test_a_later_hazard_with_the_conversations_case_joins_it_and_its_letters_are_queued(client, session):
    ref = service_request(client)
    r = later_hazard(client, case_reference=ref.lower())  # references are read as find_case reads them
    assert r.status_code == 201, r.text
    v = r.json()
    case = session.scalar(select(Case).where(Case.reference == ref))
    assert v["case_id"] == case.id and v["aware_at"] == AWARE  # awareness: this message, not the case's
    assert hazard_letters(session, ref) == ["hazard_acknowledgement"]
    letter = session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "hazard_acknowledgement"))
    assert letter.recipient == "ann@example.org" and "Thursday 10 December 2026" in letter.body_text
    listed = [x["kind"] for x in client.get(f"/api/v1/cases/{ref}/letters").json()]
    assert listed == ["service_request", "hazard_acknowledgement"]
    create = session.scalar(select(AuditEvent).where(AuditEvent.entity_ref == v["reference"]))
    assert create.action == "create"
    # a retry under the same key is the same hazard and no second letter
    again = later_hazard(client, case_reference=ref)
    assert again.status_code == 200 and again.json()["reference"] == v["reference"]
    assert hazard_letters(session, ref) == ["hazard_acknowledgement"]
    # the written summary, when staff record it, is written under the case too
    hz = v["reference"]
    client.post(f"/api/v1/hazards/{hz}/steps", json={"step": "investigation_concluded",
                                                      "at": "2026-12-01T10:00:00+00:00", "findings": "Blocked fan"})
    r = client.post(f"/api/v1/hazards/{hz}/steps", json={"step": "summary_sent", "at": "2026-12-01T11:00:00+00:00"})
    assert r.status_code == 200, r.text
    assert hazard_letters(session, ref) == ["hazard_acknowledgement", "hazard_summary"]


def test_a_case_from_another_conversation_or_unknown_is_refused_and_nothing_written(client, session):
    theirs = service_request(client, conv="conv-other", key="sr-other")
    service_request(client)  # this conversation has its own case, which is not the one named
    refusals = [later_hazard(client, case_reference=theirs),
                later_hazard(client, case_reference="SR-2026-999999"),
                later_hazard(client, conv=None, case_reference=theirs)]  # no conversation: nothing to match
    for r in refusals:
        assert r.status_code == 409 and r.json()["code"] == "case_not_in_conversation", r.text
    assert refusals[0].json()["detail"] == refusals[1].json()["detail"]  # no hint that one exists
    assert session.scalar(select(func.count()).select_from(Hazard)) == 0
    assert hazard_letters(session) == []
    # nothing lost: the same key without the case records the hazard unlinked, its clock running
    r = later_hazard(client)
    assert r.status_code == 201 and r.json()["case_id"] is None and r.json()["deadlines"]
    assert hazard_letters(session) == []


def test_a_case_this_conversation_verified_in_a_status_check_can_be_joined(client, session):
    """The rule of a later message joining a case (case_messages.opened_here): a case whose reference
    and postcode this conversation matched in a resident look-up counts as its own."""
    ref = service_request(client, conv="conv-a", contact={"name": "Sam", "email": "sam@example.org",
                                                          "postcode": "TF1 1AA"})
    assert later_hazard(client, conv="conv-b", case_reference=ref).status_code == 409
    look = client.post("/api/v1/resident/case-status",
                       json={"reference": ref, "postcode": "TF1 1AA", "conversation_id": "conv-b"})
    assert look.status_code == 200
    r = later_hazard(client, conv="conv-b", case_reference=ref)
    assert r.status_code == 201 and r.json()["case_id"] is not None
    assert hazard_letters(session, ref) == ["hazard_acknowledgement"]


def test_a_handoffs_own_case_wins_and_a_bad_case_reference_is_still_refused(client, session):
    ref = service_request(client)
    other = service_request(client, conv="conv-other", key="sr-other")
    hid = client.post("/api/v1/handoffs", json={
        "idempotency_key": "h-1", "conversation_id": "conv-1", "text": "mould now too", "received_at": AWARE,
        "category": "service_request", "channel": "webchat"}).json()["id"]
    assert later_hazard(client, handoff_id=hid, case_reference=other).status_code == 409
    r = later_hazard(client, handoff_id=hid, case_reference=ref)
    assert r.status_code == 201 and r.json()["handoff_id"] == hid
    assert r.json()["case_id"] == session.scalar(select(Case.id).where(Case.reference == ref))


def test_a_malformed_case_reference_is_a_clear_422(client):
    for bad in ("", "x" * 41, 12):
        r = later_hazard(client, case_reference=bad)
        assert r.status_code == 422, (bad, r.text)


def verified_case(client, contact, conv="conv-b"):
    """A case opened in conv-a with `contact`, proved by conv-b in a status check (its postcode)."""
    ref = service_request(client, conv="conv-a", contact={"postcode": "TF1 1AA", **contact})
    look = client.post("/api/v1/resident/case-status",
                       json={"reference": ref, "postcode": "TF1 1AA", "conversation_id": conv})
    assert look.status_code == 200, look.text
    return ref


def held_for_of_its_acknowledgement(client, ref):
    [ack] = [x for x in client.get(f"/api/v1/cases/{ref}/letters").json() if x["kind"] == "hazard_acknowledgement"]
    return ack["status"], ack["held_for"]


def test_the_reply_says_the_letter_is_held_for_an_address_when_the_case_has_only_a_phone(client):
    """The assistant does not know the contact of a case proved in a status check: the reply says
    what was done with the hazard's letter (held for an address, staff will ring), as the case's
    letters list says it."""
    ref = verified_case(client, {"name": "Sam", "phone": "07700 900123"})
    r = later_hazard(client, conv="conv-b", case_reference=ref)
    assert r.status_code == 201, r.text
    v = r.json()
    assert v["letter_held_for"] == ["no_address"]
    assert v["letter_address_wanted"] == {"whose": "resident", "staff_will_ring": True}
    assert held_for_of_its_acknowledgement(client, ref) == ("held", ["no_address"])
    again = later_hazard(client, conv="conv-b", case_reference=ref).json()  # a retry says the same
    assert (again["letter_held_for"], again["letter_address_wanted"]) == (v["letter_held_for"],
                                                                           v["letter_address_wanted"])
    # the household answer (by the creation key) carries it too
    hh = client.post("/api/v1/hazards/household", json={"idempotency_key": "hh-1", "vulnerabilities": [],
                                                        "hazard_key": "conv-1:m5:hazard:damp_mould"})
    assert hh.status_code == 200 and hh.json()["letter_address_wanted"]["staff_will_ring"] is True


def test_no_address_and_no_phone_says_no_one_can_be_rung(client):
    ref = verified_case(client, {"name": "Sam"})
    v = later_hazard(client, conv="conv-b", case_reference=ref).json()
    assert v["letter_held_for"] == ["no_address"]
    assert v["letter_address_wanted"] == {"whose": "resident", "staff_will_ring": False}


def test_a_letter_that_can_go_is_said_to_go_and_an_unlinked_hazard_has_no_letter(client):
    ref = verified_case(client, {"name": "Sam", "email": "sam@example.org"})
    v = later_hazard(client, conv="conv-b", case_reference=ref).json()
    assert (v["letter_held_for"], v["letter_address_wanted"]) == ([], None)
    assert held_for_of_its_acknowledgement(client, ref) == ("pending", [])
    alone = later_hazard(client, key="conv-c:m1:hazard:damp_mould", conv="conv-c").json()
    assert alone["case_id"] is None
    assert (alone["letter_held_for"], alone["letter_address_wanted"]) == (None, None)
    # the other hazard views do not claim it (no case read per board row)
    assert "letter_held_for" not in client.get(f"/api/v1/hazards/{v['reference']}").json()
