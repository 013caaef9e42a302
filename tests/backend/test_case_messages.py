"""POST /api/v1/cases/{reference}/messages: a resident's later message about a record the same
conversation made is added to that case's transcript (SQLite and PostgreSQL: the app fixture)."""
from __future__ import annotations

from sqlalchemy import func, select

from casework.models import AuditEvent, Case, Handoff, TranscriptMessage
from test_staff import API, RECEIVED, sign_in

LATER = "2026-11-24T10:40:00+00:00"


def service_request(c, conv="conv-1", key="sr-1", **extra):
    r = c.post("/api/v1/service-requests", headers=API, json={
        "idempotency_key": key, "conversation_id": conv, "received_at": RECEIVED, "channel": "webchat",
        "text": "Water is leaking under the kitchen sink", "topic": "repair",
        "transcript": [{"sender": "resident", "text": "Water is leaking under the kitchen sink"},
                       {"sender": "bot", "text": "Recorded."}], **extra})
    assert r.status_code == 201, r.text
    return r.json()


def add(c, ref, conv="conv-1", mid="m5", text="The leak is worse now", expect=201, headers=API):
    r = c.post(f"/api/v1/cases/{ref}/messages", headers=headers,
               json={"conversation_id": conv, "message_id": mid, "text": text, "received_at": LATER})
    assert r.status_code == expect, r.text
    return r.json()


def transcript(session, ref):
    case = session.scalar(select(Case).where(Case.reference == ref))
    return [(m.position, m.sender, m.text) for m in session.scalars(
        select(TranscriptMessage).where(TranscriptMessage.case_id == case.id).order_by(TranscriptMessage.position))]


def test_a_later_message_is_appended_to_the_transcript_with_an_audit_event_without_its_text(client, session):
    sr = service_request(client)
    before = client.get(f"/api/v1/cases/{sr['reference']}", headers=API).json()
    out = add(client, sr["reference"])
    assert out == {"reference": sr["reference"], "kind": "service_request", "position": 2, "added": True}
    assert transcript(session, sr["reference"])[-1] == (2, "resident", "The leak is worse now")
    after = client.get(f"/api/v1/cases/{sr['reference']}", headers=API).json()
    # the matter's dates and state are unchanged
    for k in ("received_at", "effective_received_on", "status", "text"):
        assert after[k] == before[k]
    [ev] = session.scalars(select(AuditEvent).where(AuditEvent.entity_ref == sr["reference"],
                                                    AuditEvent.action == "add_message"))
    assert "text" in ev.fields and "leak" not in str(ev.before) + str(ev.after)
    assert ev.after["reference"] == sr["reference"]


def test_the_same_message_id_again_adds_nothing(client, session):
    sr = service_request(client)
    first = add(client, sr["reference"])
    again = add(client, sr["reference"], expect=200)
    assert again["added"] is False and again["position"] == first["position"]
    assert len(transcript(session, sr["reference"])) == 3
    assert session.scalar(select(func.count()).select_from(AuditEvent)
                          .where(AuditEvent.action == "add_message")) == 1
    # another message id is another message
    assert add(client, sr["reference"], mid="m7", text="It's the kitchen tap")["position"] == 3


def test_a_case_from_another_conversation_or_unknown_is_404_and_unchanged(client, session):
    sr = service_request(client, conv="conv-1")
    out = client.post(f"/api/v1/cases/{sr['reference']}/messages", headers=API,
                      json={"conversation_id": "conv-2", "message_id": "m1", "text": "add this"})
    assert out.status_code == 404 and "this conversation" in out.json()["detail"]
    assert len(transcript(session, sr["reference"])) == 2
    assert add(client, "SR-2026-999999", expect=404)["detail"]
    assert add(client, "not a reference", expect=404)["detail"]
    # a case with no conversation (made by staff or by post) takes no chat messages
    other = service_request(client, conv=None, key="sr-2")
    assert add(client, other["reference"], expect=404)


def test_a_complaint_opened_from_a_handoff_takes_messages_from_the_handoffs_conversation(client, session):
    h = client.post("/api/v1/handoffs", headers=API, json={
        "idempotency_key": "h-1", "conversation_id": "conv-9", "message_id": "m1",
        "text": "The repair was never finished", "received_at": RECEIVED, "category": "complaint"}).json()
    c = client.post("/api/v1/complaints", headers=API, json={
        "idempotency_key": "c-1", "received_at": RECEIVED, "text": "The repair was never finished",
        "handoff_id": h["id"], "contact": {"name": "Ann Example", "email": "ann@example.org"}}).json()
    assert session.scalar(select(Handoff.case_reference).where(Handoff.id == h["id"])) == c["reference"]
    assert add(client, c["reference"], conv="conv-9")["added"] is True
    assert add(client, c["reference"], conv="conv-1", mid="m9", expect=404)


def test_bad_input_is_a_clear_4xx(client, anon_client):
    sr = service_request(client)
    ref = sr["reference"]
    assert anon_client.post(f"/api/v1/cases/{ref}/messages",
                            json={"conversation_id": "conv-1", "message_id": "m5", "text": "x"}).status_code == 401
    for bad in ({"conversation_id": "conv-1", "message_id": "m5", "text": ""},
                {"conversation_id": "conv-1", "message_id": "m5", "text": "a\x00b"},
                {"conversation_id": "conv-1", "message_id": "m5", "text": "x" * 10_001},
                {"conversation_id": "conv-1", "text": "no message id"},
                {"message_id": "m5", "text": "no conversation"},
                {"conversation_id": "conv-1", "message_id": "m5", "text": "x", "received_at": "yesterday-ish"}):
        r = client.post(f"/api/v1/cases/{ref}/messages", headers=API, json=bad)
        assert r.status_code == 422, (bad, r.status_code)
    r = client.post(f"/api/v1/cases/{ref}/messages", headers=API, content=b"{not json",
                    )
    assert 400 <= r.status_code < 500


def test_the_staff_case_page_shows_the_added_message(app, client):
    sr = service_request(client)
    add(client, sr["reference"], text="The leak is worse now, water on the floor")
    c, _csrf = sign_in(app)
    page = c.get(f"/staff/cases/{sr['reference']}").text
    c.__exit__(None, None, None)
    assert "The leak is worse now, water on the floor" in page
