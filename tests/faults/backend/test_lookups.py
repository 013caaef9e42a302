"""Item 5 of issue 16: case look-ups cannot be guessed."""
import re

import pytest

NO_MATCH = {"detail": "No case matches that reference and postcode or email."}


def complaint(client, key, postcode="TF1 1AA"):
    r = client.post("/api/v1/complaints", json={
        "idempotency_key": key, "text": "Nobody fixed the leak.", "received_at": "2026-11-24",
        "contact": {"name": "Ann Example", "postcode": postcode}})
    assert r.status_code == 201, r.text
    return r.json()["reference"]


def test_references_are_not_sequential(client, monkeypatch):
    monkeypatch.setenv("CASEWORK_REFERENCES", "random")
    refs = [complaint(client, f"k{i}") for i in range(8)]
    assert all(re.fullmatch(r"CMP-2026-\d{6}", r) for r in refs)
    numbers = sorted(int(r[-6:]) for r in refs)
    assert len(set(numbers)) == 8
    assert numbers != list(range(numbers[0], numbers[0] + 8))  # not a run of consecutive numbers


def look(c, ref, postcode, **caller):
    return c.post("/api/v1/resident/case-status", json={"reference": ref, "postcode": postcode,
                                                        **caller})


def test_a_case_locks_after_five_wrong_factors_and_staff_get_a_note(client, anon_client):
    ref = complaint(client, "a")
    for n in range(5):  # five different conversations, as a guesser would use
        r = look(client, ref, f"XX{n} 1XX", conversation_id=f"conv-{n}")
        assert (r.status_code, r.json()) == (404, NO_MATCH)
    r = look(client, ref, "TF1 1AA", conversation_id="conv-new")  # the right pair, now locked
    assert (r.status_code, r.json()) == (404, NO_MATCH)
    r = client.post("/api/v1/resident/escalate", json={"reference": ref, "postcode": "TF1 1AA",
                                                       "conversation_id": "conv-new"})
    assert (r.status_code, r.json()) == (404, NO_MATCH)
    assert client.get(f"/api/v1/cases/{ref}").json()["stage"] == 1  # not escalated
    notes = [h for h in client.get("/api/v1/handoffs").json() if h["case_reference"] == ref]
    assert len(notes) == 1 and "locked after 5 failed checks" in notes[0]["text"]


def test_a_conversation_is_throttled_after_five_misses(client):
    ref = complaint(client, "b")
    for n in range(5):
        assert look(client, f"CMP-2026-9{n:05d}", "TF1 1AA", conversation_id="guesser").status_code == 404
    r = look(client, ref, "TF1 1AA", conversation_id="guesser")
    assert r.status_code == 429 and r.json()["code"] == "throttled"
    assert look(client, ref, "TF1 1AA", conversation_id="someone-else").status_code == 200


def test_the_public_api_is_throttled_by_client_address_whatever_it_claims(anon_client):
    for n in range(20):
        r = look(anon_client, f"CMP-2026-{n:06d}", "TF1 1AA", conversation_id=f"fresh-{n}")
        assert (r.status_code, r.json()) == (404, NO_MATCH)
    r = look(anon_client, "CMP-2026-000999", "TF1 1AA", conversation_id="fresh-x")
    assert r.status_code == 429


def test_every_miss_answers_the_same(client, anon_client):
    ref = complaint(client, "c")
    answers = {(r.status_code, r.text) for r in (
        look(anon_client, ref, "XX1 1XX"), look(anon_client, "CMP-2026-999999", "TF1 1AA"),
        look(anon_client, "garbage", "TF1 1AA"),
        anon_client.post("/api/v1/resident/case-status", json={"reference": ref}))}
    assert len(answers) == 1


def test_a_public_caller_cannot_backdate_an_escalation(client, anon_client):
    ref = complaint(client, "d")
    r = anon_client.post("/api/v1/resident/escalate", json={
        "reference": ref, "postcode": "TF1 1AA", "requested_at": "2020-01-02T10:00:00+00:00"})
    assert r.status_code in (200, 409)
    history = client.get(f"/api/v1/cases/{ref}").json()
    assert "2020-01" not in str(history)
