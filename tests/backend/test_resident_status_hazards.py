"""A resident's status check of their own case says the Awaab's Law hazard recorded on it: its
deadline as the case service holds it, and whether the work is done (resident_view "hazards"). Only
after the lookup matched; a wrong factor sees nothing, and another case's hazard is never listed.
SQLite only: the view does not depend on the database."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
RECEIVED = "2026-11-24T10:15:00+00:00"


@pytest.fixture(autouse=True)
def _now(clock):
    clock.set(RECEIVED)


def _complaint_with_gas(client, conversation="conv-1", key="1", email="ann@example.org") -> tuple[str, str]:
    r = client.post("/api/v1/hazards", json={"idempotency_key": f"hz-{key}", "hazard_type": "gas_co",
                                             "emergency_signs": True, "conversation_id": conversation,
                                             "received_at": RECEIVED, "household_known": True})
    assert r.status_code == 201, r.text
    hz = r.json()["reference"]
    r = client.post("/api/v1/complaints", json={
        "idempotency_key": f"c-{key}", "received_at": RECEIVED, "conversation_id": conversation,
        "text": "I smelt gas again and nobody came after I rang twice.",
        "contact": {"name": "Ann Example", "email": email}})
    assert r.status_code == 201, r.text
    return r.json()["reference"], hz


def _status(anon_client, ref, email="ann@example.org"):
    return anon_client.post("/api/v1/resident/case-status", json={"reference": ref, "email": email})


def test_the_status_check_says_the_emergency_hazard_its_deadline_and_not_done(client, anon_client):
    ref, hz = _complaint_with_gas(client)
    r = _status(anon_client, ref)
    assert r.status_code == 200, r.text
    (hazard,) = r.json()["hazards"]
    assert hazard["reference"] == hz and hazard["severity"] == "emergency" and hazard["status"] == "open"
    (make_safe,) = hazard["deadlines"]
    assert make_safe["due_at"] == "2026-11-25T10:15:00+00:00" and make_safe["due_text"] == "Wed 25 Nov 2026 10:15"
    assert make_safe["done"] is False and make_safe["status"] == "open"
    # nothing staff wrote or the household said goes to the resident view
    assert not {"findings", "vulnerabilities", "proposal_reason", "conversation_id"} & set(hazard)


def test_work_done_is_said_as_done(client, anon_client):
    ref, hz = _complaint_with_gas(client)
    r = client.post(f"/api/v1/hazards/{hz}/steps", json={"step": "safety_work_done", "at": "2026-11-24T18:00:00+00:00"})
    assert r.status_code == 200, r.text
    (make_safe,) = _status(anon_client, ref).json()["hazards"][0]["deadlines"]
    assert make_safe["done"] is True and make_safe["status"] == "met"


def test_only_the_matched_case_and_its_own_hazards(client, anon_client):
    ref, hz = _complaint_with_gas(client)
    other, other_hz = _complaint_with_gas(client, conversation="conv-2", key="2", email="bob@example.org")
    assert _status(anon_client, ref, email="bob@example.org").status_code == 404
    assert [h["reference"] for h in _status(anon_client, other, email="bob@example.org").json()["hazards"]] == [other_hz]
    assert [h["reference"] for h in _status(anon_client, ref).json()["hazards"]] == [hz]
