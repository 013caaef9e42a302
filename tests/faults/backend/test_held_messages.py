"""Item 1 of issue 16: what the bot could not record reaches the staff handoff queue, in full."""
import json

def held(client, **extra):
    body = {"idempotency_key": "refused:handoff:c1:m1", "reason": "refused", "kind": "handoff",
            "status_code": 422, "detail": "text is longer than 10000 characters",
            "text": "My ceiling fell in.\x00 " + "detail " * 3000, "conversation_id": "c1",
            "message_id": "m1", "channel": "rest_metadata", "received_at": "2026-11-24",
            "flags": ["emergency", "not-a-flag"], "record": {"text": "\ud800odd", "n": 1}}
    body.update(extra)
    return client.post("/api/v1/held-messages", content=json.dumps(body),  # \ud800 escaped
                       headers={"Content-Type": "application/json"})


def test_a_refused_record_shows_in_the_handoff_queue_with_the_full_text(client):
    r = held(client)
    assert r.status_code == 201, r.text
    view = r.json()
    assert view["category"] == "unclear" and view["status"] == "new"
    assert view["flags"] == ["emergency"] and "\x00" not in view["text"]
    assert len(view["text"]) <= 10_000 and "full text" in view["text"]
    assert "refused" in view["explanation"] and "10000" in view["explanation"]
    assert view["held"]["reason"] == "refused" and view["held"]["full_length"] > 20_000
    queue = client.get("/api/v1/handoffs", params={"conversation_id": "c1"}).json()
    assert [h["id"] for h in queue] == [view["id"]]
    full = client.get(f"/api/v1/held-messages/{view['id']}").json()
    assert full["full_text"].startswith("My ceiling fell in. detail") and len(full["full_text"]) > 20_000
    assert full["record"]["n"] == 1
    again = held(client)
    assert again.status_code == 200 and again.json()["id"] == view["id"]


def test_odd_values_are_kept_not_refused(client):
    for n, extra in enumerate(({"received_at": "2100-99-99"}, {"received_at": 7},
                               {"conversation_id": "x" * 5000}, {"text": ""},
                               {"channel": "carrier-pigeon"}, {"record": None})):
        r = held(client, idempotency_key=f"k{n}", **extra)
        assert r.status_code == 201, (extra, r.text)


def test_an_unanswered_message_that_was_triaged_after_all_is_not_doubled(client):
    h = client.post("/api/v1/handoffs", json={
        "idempotency_key": "c2:m9", "conversation_id": "c2", "message_id": "m9", "text": "leak",
        "category": "service_request"}).json()
    r = held(client, idempotency_key="intake:c2:m9", reason="not_answered",
               conversation_id="c2", message_id="m9")
    assert r.status_code == 200 and r.json()["id"] == h["id"]
    assert len(client.get("/api/v1/handoffs", params={"conversation_id": "c2"}).json()) == 1


def test_held_messages_need_the_token(anon_client):
    assert held(anon_client).status_code == 401
    assert anon_client.get("/api/v1/held-messages/1").status_code == 401
