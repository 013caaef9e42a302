"""The resident look-up (reference + postcode) and a representative's postcode.

The representative's details are theirs: their postcode is kept on the representative's contact,
never as the resident's. The look-up takes the resident's own postcode (or e-mail) as before, and
the representative's postcode only while the resident's consent is recorded; without it, the
representative's postcode gets the same answer as a wrong postcode or an unknown reference (nothing
says the case exists). Through the API, SQLite and PostgreSQL (the app fixture)."""
from __future__ import annotations

import pytest

RECEIVED = "2026-11-24T10:15:00+00:00"
ANN = {"name": "Ann Example", "email": "ann@example.org", "postcode": "TF1 1AA"}
SAM = {"name": "Sam Carer", "relationship": "son", "email": "sam@example.org", "postcode": "LS6 2AB"}
NO_MATCH = (404, {"detail": "No case matches that reference and postcode or email."})


@pytest.fixture(autouse=True)
def _created_as_it_arrives(clock):
    clock.set(RECEIVED)


def complaint(client, consent, key="rep-look-1", contact=ANN):
    r = client.post("/api/v1/complaints", json={
        "idempotency_key": key, "received_at": RECEIVED, "conversation_id": "conv-rep",
        "text": "My mother's heating has been broken for three weeks.", "contact": contact,
        "representative": {**SAM, "consent": consent, "consent_method": "told us in chat"}})
    assert r.status_code == 201, r.text
    return r.json()


def status(anon_client, reference, **factor):
    r = anon_client.post("/api/v1/resident/case-status", json={"reference": reference, **factor})
    return r.status_code, r.json()


def test_the_representatives_postcode_stays_theirs(client):
    case = complaint(client, consent=True)
    assert case["contact"]["postcode"] == "TF1 1AA" and case["representative"]["postcode"] == "LS6 2AB"
    # the bot sends no postcode for a resident it was not given: none is invented for them
    case = complaint(client, consent=True, key="rep-look-2", contact={"anonymous": False})
    assert case["contact"]["postcode"] is None and case["representative"]["postcode"] == "LS6 2AB"


def test_with_consent_the_representatives_postcode_finds_the_case(client, anon_client):
    ref = complaint(client, consent=True)["reference"]
    for postcode in ("LS6 2AB", "ls62ab", "TF1 1AA"):   # the representative's, or the resident's as before
        code, view = status(anon_client, ref, postcode=postcode)
        assert (code, view["reference"], view["status"]) == (200, ref, "open"), postcode
        assert "contact" not in view and "representative" not in view
    # the resident's contact has no postcode: the consenting representative's still works
    ref = complaint(client, consent=True, key="rep-look-2", contact={"anonymous": False})["reference"]
    assert status(anon_client, ref, postcode="LS6 2AB")[0] == 200


def test_without_consent_the_representatives_postcode_is_refused_like_a_wrong_one(client, anon_client):
    ref = complaint(client, consent=False)["reference"]
    refused = status(anon_client, ref, postcode="LS6 2AB")
    assert refused == NO_MATCH
    assert refused == status(anon_client, ref, postcode="XX1 1XX") == status(
        anon_client, "CMP-2026-000999", postcode="LS6 2AB")   # no hint that the case exists
    # nor by escalating, which goes through the same check
    r = anon_client.post("/api/v1/resident/escalate", json={"reference": ref, "postcode": "LS6 2AB"})
    assert (r.status_code, r.json()) == NO_MATCH
    # the resident's own postcode still finds it
    assert status(anon_client, ref, postcode="TF1 1AA")[0] == 200
    # and with no resident postcode at all, the representative's finds nothing either
    ref = complaint(client, consent=False, key="rep-look-2", contact={"anonymous": False})["reference"]
    assert status(anon_client, ref, postcode="LS6 2AB") == NO_MATCH
    assert status(anon_client, ref, postcode="") == NO_MATCH
