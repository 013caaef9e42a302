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
    assert out == {"reference": sr["reference"], "kind": "service_request", "position": 2, "added": True,
                   "received_at_dropped": None}
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
    assert again["added"] is False and again["position"] is None and first["position"] == 2
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
        "contact": {"name": "Ann Example", "email": "ann@example.org"}}).json()
    # a create without the conversation may not name its handoff (cases.py): linked afterwards
    client.post(f"/api/v1/handoffs/{h['id']}/link", headers=API, json={"reference": c["reference"]})
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
                {"conversation_id": "conv-1", "message_id": "m5", "text": "x", "received_at": 20261124}):
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


# --- a message handed to staff (no case): later messages are kept with the handoff --------------

def handoff(c, conv="conv-7", key="h-7"):
    r = c.post("/api/v1/handoffs", headers=API, json={
        "idempotency_key": key, "conversation_id": conv, "message_id": "m1", "received_at": RECEIVED,
        "text": "It's about the thing from before, can someone ring me", "category": "unclear"})
    assert r.status_code == 201, r.text
    return r.json()


def add_to_handoff(c, hid, conv="conv-7", mid="m5", text="It's the boiler in the loft", expect=201):
    r = c.post(f"/api/v1/handoffs/{hid}/messages", headers=API,
               json={"conversation_id": conv, "message_id": mid, "text": text, "received_at": LATER})
    assert r.status_code == expect, r.text
    return r.json()


def test_a_later_message_is_kept_with_a_handoff_once_and_shown_to_staff(app, client, session):
    from casework.models import HandoffMessage
    h = handoff(client)
    assert add_to_handoff(client, h["id"]) == {"id": h["id"], "position": 0, "added": True,
                                               "received_at_dropped": None}
    assert add_to_handoff(client, h["id"], expect=200)["added"] is False
    assert add_to_handoff(client, h["id"], mid="m6", text="and it's leaking")["position"] == 1
    rows = session.scalars(select(HandoffMessage).where(HandoffMessage.handoff_id == h["id"])
                           .order_by(HandoffMessage.position))
    assert [r.text for r in rows] == ["It's the boiler in the loft", "and it's leaking"]
    # the handoff itself is unchanged: its own text, category and status
    again = client.get(f"/api/v1/handoffs/{h['id']}", headers=API).json()
    assert (again["text"], again["category"], again["status"]) == (h["text"], "unclear", "new")
    evs = session.scalars(select(AuditEvent).where(AuditEvent.entity_ref == f"handoff:{h['id']}",
                                                   AuditEvent.action == "add_message"))
    assert len(evs) == 2 and all("boiler" not in str(e.after) and "text" in e.fields for e in evs)
    c, _csrf = sign_in(app)
    page = c.get(f"/staff/handoffs/{h['id']}").text
    c.__exit__(None, None, None)
    assert "Later in the conversation, about the same matter" in page and "It&#39;s the boiler in the loft" in page


def test_a_handoff_from_another_conversation_or_unknown_is_404(client, session):
    from casework.models import HandoffMessage
    h = handoff(client)
    assert "this conversation" in add_to_handoff(client, h["id"], conv="conv-other", expect=404)["detail"]
    assert add_to_handoff(client, 999999, expect=404)
    assert client.post("/api/v1/handoffs/0/messages", headers=API,
                       json={"conversation_id": "conv-7", "message_id": "m5", "text": "x"}).status_code == 422
    assert session.scalars(select(HandoffMessage)) == []


def test_erasure_deletes_a_handoffs_later_messages_and_hashes_the_keys(app, client, session, monkeypatch):
    from casework.models import HandoffMessage, IdempotencyKey
    from casework.privacy.__main__ import main
    h = handoff(client)
    add_to_handoff(client, h["id"])
    sr = service_request(client, conv="conv-7", key="sr-7")
    add(client, sr["reference"], conv="conv-7", mid="m9")
    assert main(["--database-url", app.state.database_url, "erase", "--conversation", "conv-7",
                 "--actor", "dpo:test"]) == 0
    assert session.scalars(select(HandoffMessage)) == []
    assert transcript(session, sr["reference"]) == []
    keys = [k.key for k in session.scalars(select(IdempotencyKey).where(IdempotencyKey.kind.in_(
        ["case_message", "handoff_message"])))]
    assert len(keys) == 2 and all("conv-7" not in k for k in keys), keys


def test_a_case_this_conversation_proved_it_knows_in_a_status_check_takes_its_messages(client, anon_client,
                                                                                        session):
    """A status check that matched the reference and postcode (or e-mail) for a conversation lets that
    conversation add its later messages to the case; a miss, another conversation, or a public
    caller's look-up (no service token: its conversation id is ignored) does not."""
    from datetime import datetime, timedelta, timezone
    from casework.guarding.lookups import VERIFIED_FOR, verified_here
    sr = service_request(client, conv="conv-a", contact={"name": "Sam", "postcode": "TF1 1AA"})
    ref = sr["reference"]
    add(client, ref, conv="conv-b", expect=404)

    def look(conv, postcode, caller=client):
        return caller.post("/api/v1/resident/case-status", json={
            "reference": ref, "postcode": postcode, "conversation_id": conv})
    assert look("conv-b", "ZZ9 9ZZ").status_code == 404
    add(client, ref, conv="conv-b", expect=404)
    assert look("conv-p", "TF1 1AA", anon_client).status_code == 200  # public: no conversation kept
    add(client, ref, conv="conv-p", expect=404)
    assert look("conv-b", "tf11aa").status_code == 200
    out = add(client, ref, conv="conv-b", text="It's still leaking")
    assert out["added"] is True and transcript(session, ref)[-1][2] == "It's still leaking"
    add(client, ref, conv="conv-c", mid="m6", expect=404)
    later = datetime.now(timezone.utc) + VERIFIED_FOR + timedelta(minutes=1)
    assert verified_here(session, ref, "conv-b") and not verified_here(session, ref, "conv-b", now=later)
