"""A hazard letter tells the resident how to complain, unless the hazard is already attached to a
complaint: then it says the hazard is being looked at as part of that complaint, by its reference
(never "you can make a complaint at any time" to someone who already has)."""
from __future__ import annotations

from sqlalchemy import select

from casework.models import OutboxMessage

RECEIVED = "2026-12-01T10:00:00+00:00"
ANY_TIME = "you can make a complaint at any time"


def _hazard(client, k: str) -> None:
    r = client.post("/api/v1/hazards", json={
        "idempotency_key": f"hz-{k}", "hazard_type": "damp_mould", "conversation_id": f"conv-{k}",
        "received_at": RECEIVED, "household_known": True})
    assert r.status_code == 201, r.text


def _hazard_letter(session, ref: str) -> str:
    letter = session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "hazard_acknowledgement",
                                                        OutboxMessage.reference == ref))
    assert letter is not None
    return " ".join(letter.body_text.split())


def test_a_hazard_attached_to_a_complaint_is_looked_at_as_part_of_it(client, session, clock):
    clock.set(RECEIVED)
    _hazard(client, "c")
    r = client.post("/api/v1/complaints", json={
        "idempotency_key": "c-c", "conversation_id": "conv-c", "received_at": RECEIVED,
        "text": "I reported mould in the bedroom in September and nobody has come. It is getting worse.",
        "contact": {"name": "Ann Example", "email": "ann@example.org"}})
    assert r.status_code == 201, r.text
    ref = r.json()["reference"]
    text = _hazard_letter(session, ref)
    assert f"We are looking at this as part of complaint {ref}, so you do not need to make another complaint" in text
    assert ANY_TIME not in text
    assert "Housing Ombudsman" in text  # the way on after the complaints process is still given


def test_a_hazard_with_a_service_request_still_says_how_to_complain(client, session, clock):
    clock.set(RECEIVED)
    _hazard(client, "s")
    r = client.post("/api/v1/service-requests", json={
        "idempotency_key": "sr-s", "text": "mould on the bedroom wall", "conversation_id": "conv-s",
        "topic": "damp_mould", "received_at": RECEIVED, "contact": {"email": "s@example.org"}})
    assert r.status_code == 201, r.text
    text = _hazard_letter(session, r.json()["reference"])
    assert f"If you are unhappy with how we are dealing with this, {ANY_TIME}" in text
    assert "as part of complaint" not in text
