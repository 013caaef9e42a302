"""Bad input gets a clear 4xx and writes nothing. The client fixture re-raises server errors, so
none of these requests reached the generic 500 handler."""
import pytest
from sqlalchemy import func, select

from casework.models import AuditEvent, Case, IdempotencyKey

GOOD = {"idempotency_key": "k", "text": "The lift is broken again", "received_at": "2026-11-24T10:15:00+00:00"}


def nothing_written(session):
    assert session.scalar(select(func.count()).select_from(Case)) == 0
    assert session.scalar(select(func.count()).select_from(IdempotencyKey)) == 0
    assert session.scalar(select(func.count()).select_from(AuditEvent)) == 0


def msgs(r):
    return [(e["loc"], e["msg"]) for e in r.json()["detail"]]


@pytest.mark.parametrize("body, loc, msg", [
    ({**GOOD, "text": "x" * 10_001}, ["body", "text"], "text is longer than 10000 characters"),
    ({k: v for k, v in GOOD.items() if k != "text"}, ["body", "text"], "Field required"),
    ({k: v for k, v in GOOD.items() if k != "idempotency_key"}, ["body", "idempotency_key"], "Field required"),
    ({**GOOD, "text": ""}, ["body", "text"], "String should have at least 1 character"),
    ({**GOOD, "text": 42}, ["body", "text"], "Input should be a valid string"),
    ({**GOOD, "text": "nul\x00byte"}, ["body", "text"], "text must not contain NUL characters"),
    # an impossible time ("yesterday", the year 9999) keeps the record: test_create_receipt_times.py
    ({**GOOD, "received_at": 20261124}, ["body", "received_at"],
     "must be an ISO 8601 datetime string or null"),
    ({**GOOD, "received_at": "2026-11-24" + " " * 60}, ["body", "received_at"],
     "a time is at most 64 characters"),
    ({**GOOD, "channel": "pigeon"}, ["body", "channel"],
     "Input should be 'webchat', 'rest', 'facebook', 'twitter', 'phone', 'email' or 'staff'"),
    ({**GOOD, "contact": "Ann"}, ["body", "contact"],
     "Input should be a valid dictionary or object to extract fields from"),
    ({**GOOD, "flags": ["vip"]}, ["body", "flags", 0],
     "Input should be 'safeguarding', 'emergency', 'low_confidence', 'group' or 'third_party'"),
    ({**GOOD, "idempotency_key": "k" * 201}, ["body", "idempotency_key"], "value is longer than 200 characters"),
    ({**GOOD, "handoff_id": 2**40}, ["body", "handoff_id"], "Input should be less than or equal to 2147483647"),
])
def test_complaint_body_errors(client, session, body, loc, msg):
    r = client.post("/api/v1/complaints", json=body)
    assert r.status_code == 422
    assert (loc, msg) in msgs(r)
    nothing_written(session)


def test_validation_errors_do_not_echo_the_input(client):
    r = client.post("/api/v1/complaints", json={**GOOD, "text": "secret " * 2000})
    assert "secret" not in r.text and "input" not in r.json()["detail"][0]


def test_unknown_profile_is_422_naming_it(client, session):
    r = client.post("/api/v1/complaints", json={**GOOD, "profile": "made-up-2019"})
    assert r.status_code == 422
    assert r.json()["detail"].startswith("unknown profile 'made-up-2019' (known profiles: code-2024, impact-2018")
    nothing_written(session)


def test_unknown_complexity_is_422(client, session):
    r = client.post("/api/v1/complaints", json={**GOOD, "profile": "paradigm-2020", "complexity": "epic"})
    assert r.status_code == 422 and "unknown complexity 'epic'" in r.json()["detail"]
    nothing_written(session)


@pytest.mark.parametrize("raw, msg", [
    (b"{not json", "Malformed JSON body: Expecting property name enclosed in double quotes"),
    (b'{"text": "a", ', "Malformed JSON body: Expecting property name enclosed in double quotes"),
    (b"", "Field required"),
])
def test_malformed_json(client, session, raw, msg):
    r = client.post("/api/v1/complaints", content=raw, headers={"Content-Type": "application/json"})
    assert r.status_code == 422 and msg in [m for _, m in msgs(r)]
    nothing_written(session)


def test_json_array_instead_of_object(client, session):
    r = client.post("/api/v1/complaints", json=[GOOD])
    assert r.status_code == 422
    assert msgs(r) == [(["body"], "Input should be a valid dictionary or object to extract fields from")]
    nothing_written(session)


def test_html_and_emoji_are_stored_as_given(client):
    text = '<script>alert("x")</script> <b>bold</b> 🏠💧 ñ 中文'
    r = client.post("/api/v1/complaints", json={**GOOD, "text": text, "summary": "<i>leak</i>"})
    assert r.status_code == 201
    got = client.get(f"/api/v1/cases/{r.json()['reference']}").json()
    assert got["text"] == text and got["summary"] == "<i>leak</i>"


def test_exactly_10000_characters_is_accepted(client):
    r = client.post("/api/v1/complaints", json={**GOOD, "text": "é" * 10_000})
    assert r.status_code == 201 and len(r.json()["text"]) == 10_000


def test_lone_surrogate_is_refused(client, session):
    raw = b'{"idempotency_key": "k", "text": "bad \\ud800 char"}'
    r = client.post("/api/v1/complaints", content=raw, headers={"Content-Type": "application/json"})
    assert r.status_code == 422
    assert msgs(r) == [(["body", "text"], "Input should be a valid string, unable to parse raw data as a unicode string")]
    nothing_written(session)


def test_action_bodies(client):
    ref = client.post("/api/v1/complaints", json=GOOD).json()["reference"]
    r = client.post(f"/api/v1/complaints/{ref}/extend", json={"days": "ten", "reason": "x"})
    assert r.status_code == 422 and msgs(r)[0][0] == ["body", "days"]
    r = client.post(f"/api/v1/complaints/{ref}/extend", json={"days": 0, "reason": "x"})
    assert r.status_code == 422
    r = client.post(f"/api/v1/complaints/{ref}/extend", json={"days": 10**12, "reason": "x"})
    assert r.status_code == 422
    r = client.post(f"/api/v1/complaints/{ref}/respond", json={"decision": "maybe", "reasons": "r"})
    assert r.status_code == 422 and msgs(r)[0][0] == ["body", "decision"]
    r = client.post(f"/api/v1/complaints/{ref}/acknowledge", json={"acknowledged_on": "9999-01-01"})
    assert r.status_code == 422
    r = client.post(f"/api/v1/complaints/{ref}/close", json={})
    assert r.status_code == 422
    r = client.post(f"/api/v1/complaints/{ref}/escalate", json={"requested_at": 5})
    assert r.status_code == 422
    assert client.get(f"/api/v1/cases/{ref}").json()["status"] == "open"


def test_handoff_body_errors(client, session):
    base = {"idempotency_key": "h", "text": "t", "category": "complaint"}
    for body in ({**base, "category": "rant"}, {**base, "confidence": 1.5}, {**base, "entities": "x"},
                 {**base, "entities": [{"value": "a\x00b"}]}, {**base, "reason": "boredom"}):
        assert client.post("/api/v1/handoffs", json=body).status_code == 422
    r = client.post("/api/v1/handoffs", content=b'{"idempotency_key":"h","text":"t","category":"complaint","confidence":NaN}',
                    headers={"Content-Type": "application/json"})
    assert r.status_code == 422
    assert client.get("/api/v1/handoffs", params={"conversation_id": "a\x00b"}).status_code == 422
    assert client.get("/api/v1/handoffs/abc").status_code == 422
    assert session.scalar(select(func.count()).select_from(IdempotencyKey)) == 0


def test_resident_body_errors(anon_client):
    assert anon_client.post("/api/v1/resident/case-status", json=[]).status_code == 422
    assert anon_client.post("/api/v1/resident/case-status", json={"postcode": "X"}).status_code == 422
    r = anon_client.post("/api/v1/resident/case-status", json={"reference": "CMP-2026-000001\x00", "postcode": "X"})
    assert r.status_code == 422 and "NUL" in r.text
