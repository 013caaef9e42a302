"""Trust boundary on a hazard's create (brief F7): the handoff it names must be of the body's own
conversation, as on a record's create (test_record_handoff_links.py). Another conversation's handoff,
an unknown one, or a body naming no conversation is refused alike (404 handoff_not_in_conversation),
nothing written: no hazard, no letter, no duty alert, no audit entry. The same key without the handoff
records the hazard (the assistant's retry), its clock running. SQLite and PostgreSQL."""
from __future__ import annotations

from sqlalchemy import func, select

from casework.hazards.models import Hazard
from casework.models import AuditEvent, OutboxMessage
from casework.referral_models import Referral

from test_hazards_api import handoff, hazard

NOT_HERE = "handoff_not_in_conversation"


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_a_handoff_of_another_conversation_or_unknown_is_refused_and_nothing_written(client, session):
    own = handoff(client)  # conv-1
    other = handoff(client, key="h-2", conv="conv-2", text="Black mould and my baby is 3 weeks old")
    refusals = [hazard(client, other, vulnerabilities=["baby"]),  # conv-1 naming conv-2's handoff
                hazard(client, 999_999),
                client.post("/api/v1/hazards", json={"idempotency_key": "hz-1", "hazard_type": "damp_mould",
                                                      "handoff_id": own})]  # no conversation named
    for r, hid in zip(refusals, (other, 999_999, own)):
        assert r.status_code == 404, r.text
        assert r.json()["code"] == NOT_HERE
        assert r.json()["detail"] == f"No handoff with id {hid} in this conversation."
    assert count(session, Hazard) == 0 and count(session, OutboxMessage) == 0
    assert count(session, Referral) == 0
    assert list(session.scalars(select(AuditEvent.entity_type))) == ["handoff", "handoff"]
    # the same key without the refused handoff records the hazard, unlinked (the assistant's retry)
    r = hazard(client, received_at="2026-12-24T16:30:00+00:00")
    assert r.status_code == 201 and r.json()["handoff_id"] is None and r.json()["conversation_id"] == "conv-1"


def test_the_conversations_own_handoff_is_taken(client):
    hid = handoff(client)
    r = hazard(client, hid)
    assert r.status_code == 201 and r.json()["handoff_id"] == hid
    assert r.json()["aware_at"] == "2026-12-24T16:30:00+00:00"  # the handoff's receipt time
