"""Item 1 of issue 16: a record the backend refuses reaches the staff queue, never only a file."""
import asyncio
import json

import httpx

from actions import backend_client
from actions.outbox import Outbox, SendResult, deliver_due

TOKEN = "t"


def client(handler, tmp_path):
    config = backend_client.ClientConfig(base_url="http://backend.test", token=TOKEN)
    return backend_client.BackendClient(config, outbox=Outbox(tmp_path / "o.sqlite3"),
                                        transport=httpx.MockTransport(handler))


def test_a_refused_record_is_held_for_staff_with_full_text_and_reason(tmp_path):
    posted = []

    def handler(request):
        posted.append((request.url.path, json.loads(request.content)))
        if request.url.path == "/api/v1/handoffs":
            return httpx.Response(422, json={"detail": [{"msg": "text is longer than 10000"}]})
        return httpx.Response(201, json={"id": 9, "created": True})

    text = "x" * 12_000
    outcome = asyncio.run(client(handler, tmp_path).create_handoff(
        {"idempotency_key": "c:1", "text": text, "conversation_id": "c", "message_id": "1",
         "flags": ["emergency"]}))
    assert isinstance(outcome, backend_client.Rejected) and outcome.held
    path, held = posted[-1]
    assert path == "/api/v1/held-messages"
    assert held["reason"] == "refused" and held["status_code"] == 422
    assert held["text"] == text and "10000" in held["detail"] and held["flags"] == ["emergency"]


def test_held_message_waits_in_the_outbox_when_the_backend_cannot_take_it(tmp_path):
    def handler(request):
        if request.url.path == "/api/v1/handoffs":
            return httpx.Response(422, json={"detail": "bad date"})
        return httpx.Response(503)

    c = client(handler, tmp_path)
    outcome = asyncio.run(c.create_handoff({"idempotency_key": "c:2", "text": "hello"}))
    assert outcome.held
    [row] = c.outbox.rows("pending")
    assert row.path == "/api/v1/held-messages" and row.body["text"] == "hello"


def test_a_queued_record_refused_on_redelivery_is_held_too(tmp_path):
    box = Outbox(tmp_path / "o.sqlite3")
    box.enqueue("complaint", "/api/v1/complaints", "k", {"idempotency_key": "k", "text": "t"})
    deliver_due(box, lambda path, body: SendResult("rejected", status=422, error="odd"))
    [row] = box.rows("pending")
    assert row.kind == "held" and row.body["kind"] == "complaint" and row.body["text"] == "t"


def test_a_queued_hazard_whose_case_is_refused_is_sent_again_without_it_not_held(tmp_path):
    """The one exception (backend_client.without_refused_case, shared with the live path): a hazard
    whose case the backend does not accept for the conversation (409, nothing written) goes again
    under the same key without the case; any other refusal is held for staff as before."""
    box = Outbox(tmp_path / "o.sqlite3")
    hazard = {"idempotency_key": "c:5:hazard:damp_mould", "hazard_type": "damp_mould",
              "conversation_id": "c", "case_reference": "SR-2026-000001"}
    box.enqueue("hazard", backend_client.HAZARDS, hazard["idempotency_key"], hazard)
    box.enqueue("complaint", "/api/v1/complaints", "k", {"idempotency_key": "k", "text": "t",
                                                          "case_reference": "SR-2026-000001"})
    sent = []

    def send(path, body):
        sent.append((path, body))
        if path == backend_client.HAZARDS and "case_reference" not in body:
            return SendResult("delivered", status=201, reference="HZ-2026-000009")
        return SendResult("rejected", status=409, error="not this conversation's",
                          code=backend_client.CASE_NOT_HERE)

    counts = deliver_due(box, send)
    assert counts == {"delivered": 1, "retry": 0, "rejected": 1}
    assert [b.get("case_reference") for p, b in sent if p == backend_client.HAZARDS] == ["SR-2026-000001", None]
    assert {b["idempotency_key"] for p, b in sent if p == backend_client.HAZARDS} == {hazard["idempotency_key"]}
    [row] = [r for r in box.rows() if r.kind == "hazard"]
    assert row.state == "delivered" and row.reference == "HZ-2026-000009"
    # only the complaint (no hazard, so no case to drop) reaches the staff queue
    assert [r.body["kind"] for r in box.rows("pending") if r.kind == "held"] == ["complaint"]


def test_the_refusal_code_is_read_from_the_backends_answer():
    refused = httpx.Response(409, json={"detail": "no", "code": backend_client.CASE_NOT_HERE})
    assert backend_client.classify(refused).code == backend_client.CASE_NOT_HERE
    assert backend_client.classify(httpx.Response(422, json={"detail": "odd"})).code is None
