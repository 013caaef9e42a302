"""The client module against failures, and the outbox: queued -> delivered exactly once."""
import asyncio
import json
import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from actions import outbox as outbox_mod
from actions.backend_client import (BackendClient, ClientConfig, Created, Queued, Rejected,
                                    sync_sender)
from actions.outbox import Outbox, deliver_due
from fakes import TOKEN, FakeBackend

BOT_DIR = Path(__file__).resolve().parents[2] / "bot"


def handoff(key="conv:1"):
    return {"idempotency_key": key, "conversation_id": "conv", "text": "my tap drips",
            "category": "service_request", "reason": None, "confidence": 0.9, "flags": []}


def client_for(fake, outbox_path, base_url="http://backend.test", timeout=1.0):
    return BackendClient(ClientConfig(base_url=base_url, token=TOKEN, timeout_s=timeout),
                         outbox=Outbox(outbox_path), transport=fake.transport())


@pytest.mark.parametrize("mode", ["down", "timeout", "500"])
def test_unreachable_backend_queues(outbox_path, mode):
    fake = FakeBackend()
    fake.mode = mode
    outcome = asyncio.run(client_for(fake, outbox_path).create_handoff(handoff()))
    assert outcome == Queued(kind="handoff", idempotency_key="conv:1")
    [row] = Outbox(outbox_path).rows("pending")
    assert row.path == "/api/v1/handoffs" and row.body["text"] == "my tap drips"


def test_connection_refused_on_a_real_closed_port_queues(outbox_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    client = BackendClient(ClientConfig(base_url=f"http://127.0.0.1:{port}", token=TOKEN),
                           outbox=Outbox(outbox_path))
    assert isinstance(asyncio.run(client.create_handoff(handoff())), Queued)


def test_slow_backend_times_out_quickly(outbox_path):
    """A real server that never answers: the short timeout, not Rasa's 300 s, applies."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    try:
        client = BackendClient(ClientConfig(base_url=f"http://127.0.0.1:"
                                            f"{listener.getsockname()[1]}", token=TOKEN,
                                            timeout_s=0.5), outbox=Outbox(outbox_path))
        assert isinstance(asyncio.run(client.create_handoff(handoff())), Queued)
    finally:
        listener.close()


def test_created_and_replayed(outbox_path):
    fake = FakeBackend()
    client = client_for(fake, outbox_path)
    first = asyncio.run(client.create_handoff(handoff()))
    again = asyncio.run(client.create_handoff(handoff()))
    assert isinstance(first, Created) and first.created and first.id == 1
    assert isinstance(again, Created) and not again.created and again.id == 1
    assert Outbox(outbox_path).rows() == []


def test_bad_request_is_rejected_not_retried_but_kept(outbox_path):
    fake = FakeBackend()
    outcome = asyncio.run(client_for(fake, outbox_path).create_handoff({**handoff(),
                                                                        "text": ""}))
    assert isinstance(outcome, Rejected) and outcome.status_code == 422
    assert [r.state for r in Outbox(outbox_path).rows()] == ["rejected"]
    assert Outbox(outbox_path).pending_count() == 0


def test_queued_then_delivered_exactly_once(outbox_path):
    fake = FakeBackend()
    fake.mode = "down"
    client = client_for(fake, outbox_path)
    asyncio.run(client.create_handoff(handoff("conv:1")))
    asyncio.run(client.create_handoff(handoff("conv:1")))  # the same message again
    asyncio.run(client.create_complaint({**handoff("conv:1:complaint")}))
    box = Outbox(outbox_path)
    assert box.pending_count() == 2

    send = sync_sender(client.config, transport=fake.transport())
    assert deliver_due(box, send, ignore_backoff=True)["retry"] == 2  # still down
    fake.mode = "up"
    assert deliver_due(box, send)["delivered"] == 0  # backoff not yet over
    counts = deliver_due(box, send, ignore_backoff=True)
    assert counts == {"delivered": 2, "retry": 0, "rejected": 0}
    assert deliver_due(box, send, ignore_backoff=True)["delivered"] == 0
    assert len(fake.created("handoffs")) == 1 and len(fake.created("complaints")) == 1
    refs = {r.kind: r.reference for r in box.rows("delivered")}
    assert refs == {"handoff": "handoff:1", "complaint": "CMP-2026-000002"}


def test_redelivery_after_lost_reply_is_safe(outbox_path):
    """Backend stored it but the reply was lost: the retry gets the same record back."""
    fake = FakeBackend()
    box = Outbox(outbox_path)
    box.enqueue("handoff", "/api/v1/handoffs", "conv:1", handoff("conv:1"))
    fake.handler(httpx.Request("POST", "http://backend.test/api/v1/handoffs",
                               headers={"authorization": f"Bearer {TOKEN}"},
                               content=json.dumps(handoff("conv:1"))))
    send = sync_sender(ClientConfig("http://backend.test", TOKEN), transport=fake.transport())
    assert deliver_due(box, send)["delivered"] == 1
    assert len(fake.created("handoffs")) == 1


def test_backoff_grows_and_is_capped(outbox_path):
    box = Outbox(outbox_path)
    box.enqueue("handoff", "/api/v1/handoffs", "k", handoff("k"))
    failing = lambda path, body: outbox_mod.SendResult("retry", error="down")  # noqa: E731
    delays = []
    for _ in range(10):
        [row] = box.claim_due(ignore_backoff=True)
        box.record(row.id, failing(row.path, row.body), now=1000.0)
        with box._connect() as conn:
            delays.append(conn.execute("SELECT next_attempt_at FROM outbox").fetchone()[0]
                          - 1000.0)
    assert delays[:4] == [2.0, 4.0, 8.0, 16.0]
    assert delays[-1] == outbox_mod.MAX_BACKOFF_S


def test_two_deliverers_do_not_claim_the_same_row(outbox_path):
    box = Outbox(outbox_path)
    box.enqueue("handoff", "/api/v1/handoffs", "k", handoff("k"))
    assert len(box.claim_due()) == 1
    assert box.claim_due() == []


def test_unauthorised_is_retried_later(outbox_path):
    fake = FakeBackend()
    client = BackendClient(ClientConfig("http://backend.test", "wrong-token"),
                           outbox=Outbox(outbox_path), transport=fake.transport())
    assert isinstance(asyncio.run(client.create_handoff(handoff())), Queued)


class _Backend(BaseHTTPRequestHandler):
    fake: FakeBackend

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        request = httpx.Request("POST", f"http://x{self.path}", headers=dict(self.headers),
                                content=body)
        response = self.fake.handler(request)
        self.send_response(response.status_code)
        self.send_header("content-type", "application/json")
        self.end_headers()
        self.wfile.write(response.content)

    def log_message(self, *args):
        pass


def test_cli_delivers_the_queue_over_real_http(outbox_path):
    box = Outbox(outbox_path)
    box.enqueue("handoff", "/api/v1/handoffs", "conv:1", handoff("conv:1"))
    box.enqueue("service_request", "/api/v1/service-requests", "conv:1:sr",
                {**handoff("conv:1:sr"), "topic": "repair"})
    fake = FakeBackend()
    handler = type("H", (_Backend,), {"fake": fake})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        env = {"BACKEND_URL": f"http://127.0.0.1:{server.server_port}",
               "BACKEND_API_TOKEN": TOKEN, "BOT_OUTBOX_PATH": str(outbox_path),
               "PATH": "/usr/bin:/bin"}
        done = subprocess.run([sys.executable, "-m", "actions.outbox", "deliver"],
                              cwd=BOT_DIR, env=env, capture_output=True, text=True,
                              timeout=60)
        assert done.returncode == 0, done.stderr
        assert "delivered=2" in done.stdout and "pending=0" in done.stdout
        assert len(fake.created("handoffs")) == 1
        assert len(fake.created("service-requests")) == 1
    finally:
        server.shutdown()
