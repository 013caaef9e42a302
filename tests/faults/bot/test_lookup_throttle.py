"""Item 5 of issue 16, bot side: look-ups carry who is asking; a throttled one says so."""
import json

import httpx

from actions import backend_client
from actions.case_status_actions import ActionCaseStatus
from fakes import responses, run, slots_of, tracker, user_event


def test_throttled_lookup_is_told_to_try_later_with_conversation_and_client(monkeypatch):
    seen = []

    def handler(request):
        seen.append((request.headers.get("authorization"), json.loads(request.content)))
        return httpx.Response(429, json={"detail": "Too many attempts.", "code": "throttled"})

    config = backend_client.ClientConfig(base_url="http://backend.test", token="svc")
    monkeypatch.setattr(backend_client, "_factory", lambda: backend_client.BackendClient(
        config, transport=httpx.MockTransport(handler)))
    trk = tracker([user_event("status please", "check_status",
                              metadata={"client": "ip-abc123", "received_at": "2026-12-01"})],
                  slots={"case_reference": "CMP-2026-123456", "case_verifier": "SW1A 1AA"})
    events, dispatcher = run(ActionCaseStatus(), trk)
    assert responses(dispatcher) == ["utter_lookup_throttled"]
    assert slots_of(events) == {"case_reference": None, "case_verifier": None}
    auth, body = seen[0]
    assert auth == "Bearer svc"  # the backend trusts conversation/client only from the bot
    assert body["conversation_id"] == "conv-1" and body["client"] == "ip-abc123"
