"""Social media channel against the real stack (backend + action server + Rasa).

Recorded webhook payloads (fixtures/) are signed and posted to Rasa's social_mentions webhook;
a fake platform API on loopback records what the bot posts publicly and privately.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from stack import Stack, model_path, running

FIXTURES = Path(__file__).parent / "fixtures"
SECRET = "test-webhook-secret"
API_TOKEN = "test-social-token"
PUBLIC_TEXTS = {
    "Sorry to hear this. We've sent you a private message so we can help: please reply there.",
    "Thank you for your message. We've sent you a private message: please reply there.",
    "Thank you for the kind words. We've sent you a private message.",
}


class FakeSocialApi:
    """Records POSTs: [(path, authorization, json)]."""

    def __init__(self) -> None:
        self.posts: list[tuple[str, str, dict]] = []
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                api.posts.append((self.path, self.headers.get("Authorization", ""),
                                  json.loads(body or b"{}")))
                self.send_response(201)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"ok": true}')

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def take(self) -> list[tuple[str, str, dict]]:
        posts, self.posts = self.posts, []
        return posts


class SocialStack(Stack):
    api_url: str = ""

    def base_env(self) -> dict:
        env = super().base_env()
        env.update({"SOCIAL_API_URL": self.api_url, "SOCIAL_API_TOKEN": API_TOKEN,
                    "SOCIAL_WEBHOOK_SECRET": SECRET})
        return env

    def social(self, payload: dict, signature: str | None = None) -> httpx.Response:
        import hashlib
        import hmac
        body = json.dumps(payload).encode()
        sig = signature if signature is not None else hmac.new(
            SECRET.encode(), body, hashlib.sha256).hexdigest()
        return httpx.post(f"{self.rasa_url}/webhooks/social_mentions/webhook", content=body,
                          headers={"Content-Type": "application/json", "X-Signature": sig},
                          timeout=60)


@pytest.fixture(scope="module")
def fake_api():
    api = FakeSocialApi()
    yield api
    api.server.shutdown()


@pytest.fixture(scope="module")
def stack(tmp_path_factory, fake_api):
    s = SocialStack(workdir=tmp_path_factory.mktemp("social"), model=model_path())
    s.api_url = fake_api.url
    with running(s):
        yield s


def load(name: str, author_id: str):
    data = json.loads((FIXTURES / name).read_text())
    for item in data if isinstance(data, list) else [data]:
        item["author"]["id"] = author_id
        item["id"] = f"{item['id']}-{author_id}"
    return data


PERSONAL = [re.compile(p, re.I) for p in (
    r"\b(CMP|SR|CPL|EXC)-\d", r"[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}", r"@\w+\.\w", r"\d{5,}",
    r"\bjo\b", r"bloggs", r"acacia", r"leak", r"bathroom", r"\d{1,2} \w+ 20\d\d")]


def test_public_mention_gets_short_public_reply_and_full_answer_by_dm(stack, fake_api):
    author = f"77{uuid.uuid4().int % 10**8}"
    fake_api.take()
    mention = load("mention_complaint.json", author)
    response = stack.social(mention)
    assert response.status_code == 200, response.text
    posts = fake_api.take()
    public = [p for p in posts if p[0] == "/replies"]
    dms = [p for p in posts if p[0] == "/direct_messages"]
    assert all(auth == f"Bearer {API_TOKEN}" for _, auth, _ in posts)

    [(_, _, reply)] = public
    assert reply["in_reply_to"] == mention["id"]
    text = reply["text"]
    assert text.startswith("@jo_bloggs_sw1 ") and text.split(" ", 1)[1] in PUBLIC_TEXTS
    assert text.split(" ", 1)[1].startswith("Sorry to hear this")
    for pattern in PERSONAL:
        assert not pattern.search(text.split(" ", 1)[1]), (pattern, text)
    assert len(text) <= 280

    assert all(d["recipient_id"] == author for _, _, d in dms)
    dm_texts = [d["text"] for _, _, d in dms]
    assert "private" in dm_texts[0] and any("formal complaint" in t for t in dm_texts), dm_texts
    [handoff] = stack.handoffs(f"social:{author}")
    assert handoff["category"] == "complaint"

    # The resident carries on by DM: no more public posts, the case is opened.
    replies = []
    for message in load("dm_conversation.json", author):
        assert stack.social(message).status_code == 200
        posts = fake_api.take()
        assert posts and all(p[0] == "/direct_messages" for p in posts), posts
        replies.append([d["text"] for _, _, d in posts])
    assert any("name" in t.lower() for t in replies[0]), replies
    final = " ".join(replies[-1])
    assert "CMP-" in final, replies
    reference = final[final.index("CMP-"):].split()[0].rstrip(".,")
    case = stack.api(f"/api/v1/cases/{reference}").json()
    # The receipt time is this server's clock, not the post's created_at (issue 16).
    today = dt.datetime.now(dt.timezone.utc).date().isoformat()
    assert case["stage"] == 1 and case["acknowledge_by"] > today
    [handoff] = stack.handoffs(f"social:{author}")
    assert str(handoff["received_at"])[:10] == today


def test_dm_service_request_flows_normally(stack, fake_api):
    author = f"88{uuid.uuid4().int % 10**8}"
    fake_api.take()
    first = load("dm_service_request.json", author)
    assert stack.social(first).status_code == 200
    posts = fake_api.take()
    assert posts and all(p[0] == "/direct_messages" for p in posts), posts
    # contact details are asked for before the request is recorded (issue 17); the resident declines
    assert any("contact you" in d["text"] for _, _, d in posts), posts
    assert stack.social({**first, "id": f"{first['id']}-2", "text": "no thanks"}).status_code == 200
    posts = fake_api.take()
    assert any("SR-" in d["text"] for _, _, d in posts), posts
    assert stack.handoffs(f"social:{author}")[0]["category"] == "service_request"


@pytest.mark.parametrize("signature", ["", "0" * 64, "sha256=deadbeef", "tampered"])
def test_bad_signature_is_rejected(stack, fake_api, signature):
    author = f"99{uuid.uuid4().int % 10**8}"
    fake_api.take()
    payload = load("dm_service_request.json", author)
    if signature == "tampered":  # signed body differs from the one sent
        import hashlib
        import hmac
        signature = hmac.new(SECRET.encode(), b'{"type": "dm"}', hashlib.sha256).hexdigest()
    response = stack.social(payload, signature=signature)
    assert response.status_code == 401
    assert fake_api.take() == []
    assert stack.handoffs(f"social:{author}") == []


def test_malformed_payload_is_rejected(stack):
    response = stack.social({"type": "retweet", "id": "1", "author": {"id": "1"}, "text": "x"})
    assert response.status_code == 400


def test_public_compliment_gets_a_thank_you_not_an_apology(stack, fake_api):
    author = f"66{uuid.uuid4().int % 10**8}"
    fake_api.take()
    assert stack.social(load("mention_compliment.json", author)).status_code == 200
    posts = fake_api.take()
    [(_, _, reply)] = [p for p in posts if p[0] == "/replies"]
    assert reply["text"] == ("@happy_tenant Thank you for the kind words. We've sent you a "
                             "private message.")
    assert stack.handoffs(f"social:{author}")[0]["category"] == "compliment"
