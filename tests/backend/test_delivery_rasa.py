"""Chat letters delivered back into the conversation through a stand-in for Rasa's HTTP API on
loopback: the request sent, refusals retried, server errors and timeouts `unknown`.
Helpers from test_delivery.py and test_outbox.py."""
import json
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from casework import cases
from casework.outbox_worker import OutboxWorker, WorkerConfig
from casework.schemas import ServiceRequestCreate
from casework.transports import FileTransport, RasaSettings, RasaTransport
from test_delivery import free_port, later
from test_outbox import factory, rows  # noqa: F401  (factory: fixture)


# ---------------------------------------------------------------- Rasa

class FakeRasa:
    def __init__(self, statuses=(), delay=0.0):
        self.statuses, self.delay, self.requests = list(statuses), delay, []
        outer = self

        class H(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length))
                url = urlsplit(self.path)
                outer.requests.append((url.path, parse_qs(url.query), body))
                time.sleep(outer.delay)
                status = outer.statuses.pop(0) if outer.statuses else 200
                payload = json.dumps({"tracker": {}, "messages": []}).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except OSError:  # the client gave up waiting (the timeout test)
                    pass

            def log_message(self, *a):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def chat_worker(factory, url, timeout=5.0):
    return OutboxWorker(factory, WorkerConfig(backoff=timedelta(seconds=30)),
                        {"email": FileTransport(), "chat": RasaTransport(RasaSettings(url=url, token="tok", timeout=timeout))})


def open_chat_case(factory):
    with factory() as s:
        view, _ = cases.create_case(s, "service_request", ServiceRequestCreate(
            idempotency_key="c", text="Tap leaking", topic="repair", conversation_id="conv-1",
            contact={"email": "ann@example.org", "preferred_channel": "chat"}), "test")
    return view["reference"]


def test_chat_letters_go_back_into_the_conversation(factory):
    rasa = FakeRasa()
    try:
        ref = open_chat_case(factory)
        assert chat_worker(factory, rasa.url).run_once()["sent"] == 1
        m = rows(factory)[0]
        ((path, query, body),) = rasa.requests
        assert path == "/conversations/conv-1/trigger_intent"
        assert query == {"output_channel": ["latest"], "token": ["tok"]}
        assert body == {"name": "EXTERNAL_letter", "entities": {"letter_id": m.letter_id, "letter_text": m.body_text}}
        assert ref in body["entities"]["letter_text"]
        assert (m.status, m.channel, m.transport) == ("sent", "chat", "rasa")
    finally:
        rasa.close()


def test_chat_refusal_retries_and_server_error_is_unknown(factory):
    rasa = FakeRasa(statuses=[409, 500])
    try:
        open_chat_case(factory)
        w = chat_worker(factory, rasa.url)
        assert w.run_once()["retry"] == 1 and rows(factory)[0].last_error == "Rasa HTTP 409"
        assert w.run_once(later())["unknown"] == 1 and rows(factory)[0].last_error == "Rasa HTTP 500"
        w.run_once(later(100))
        assert len(rasa.requests) == 2
    finally:
        rasa.close()


def test_chat_unreachable_retries_and_no_answer_is_unknown(factory):
    open_chat_case(factory)
    assert chat_worker(factory, f"http://127.0.0.1:{free_port()}").run_once()["retry"] == 1
    rasa = FakeRasa(delay=1.5)
    try:
        assert chat_worker(factory, rasa.url, timeout=0.3).run_once(later())["unknown"] == 1
        assert "no answer from Rasa" in rows(factory)[0].last_error
    finally:
        rasa.close()
