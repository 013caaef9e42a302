"""A hazard letter that goes to a representative (the resident consented: a daughter writing for her
dad) speaks of the resident's home, never "your home": the home is not theirs (letters.resident_home).
The resident's own letter still says "your home" (SQLite and PostgreSQL, through the API)."""
from __future__ import annotations

from sqlalchemy import select

from casework.models import Contact, OutboxMessage


def _hazard_letter(client, session, k: str, contact: dict, representative: dict | None = None) -> OutboxMessage:
    r = client.post("/api/v1/hazards", json={
        "idempotency_key": f"hz-{k}", "hazard_type": "damp_mould", "conversation_id": f"conv-{k}",
        "received_at": "2026-12-07T10:00:00+00:00", "household_known": True})
    assert r.status_code == 201, r.text
    body = {"idempotency_key": f"sr-{k}", "text": "my dad's bedroom has black mould", "conversation_id": f"conv-{k}",
            "topic": "damp_mould", "received_at": "2026-12-07T10:00:00+00:00", "contact": contact}
    if representative:
        body["representative"] = representative
    r = client.post("/api/v1/service-requests", json=body)
    assert r.status_code == 201, r.text
    letter = session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "hazard_acknowledgement"))
    assert letter is not None
    return letter


DAUGHTER = {"name": "Sam Carer", "relationship": "son or daughter", "consent": True,
            "consent_method": "told us in chat", "email": "sam@example.org", "preferred_channel": "email"}


def test_a_representatives_hazard_letter_speaks_of_the_residents_home(client, session, clock):
    clock.set("2026-12-07T10:30:00+00:00")
    letter = _hazard_letter(client, session, "rep", {"anonymous": False, "postcode": "LS11 5DT"}, DAUGHTER)
    assert letter.recipient == "sam@example.org"
    assert "your home" not in letter.body_text and "your home" not in letter.subject
    assert "Thank you for telling us about damp and mould in the resident's home." in letter.body_text
    assert "in the resident's home" in letter.subject
    rep = session.scalar(select(Contact).where(Contact.role == "representative"))
    assert rep.relationship_to_resident == "son or daughter"


def test_the_residents_name_is_used_when_we_have_it(client, session, clock):
    clock.set("2026-12-07T10:30:00+00:00")
    letter = _hazard_letter(client, session, "named", {"anonymous": False, "name": "Mr Iqbal"}, DAUGHTER)
    assert "damp and mould in Mr Iqbal's home" in letter.body_text and "your home" not in letter.body_text


def test_the_residents_own_hazard_letter_says_your_home(client, session, clock):
    clock.set("2026-12-07T10:30:00+00:00")
    letter = _hazard_letter(client, session, "own", {"anonymous": False, "email": "ann@example.org"})
    assert letter.recipient == "ann@example.org"
    assert "Thank you for telling us about damp and mould in your home." in letter.body_text
