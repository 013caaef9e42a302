"""Social connector pieces without Rasa running (bot venv)."""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bot"))

from channels.social_mentions import (PUBLIC_COMPLIMENT, PUBLIC_SORRY,  # noqa: E402
                                      SocialApi, SocialMentionsInput, public_reply, sign)
from stack import free_port  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"


def test_signature_is_hmac_sha256_of_the_body():
    body = (FIXTURES / "mention_complaint.json").read_bytes()
    assert sign("s3cret", body) == hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()


def test_public_replies_are_fixed_texts():
    assert public_reply("complaint") == PUBLIC_SORRY
    assert public_reply(None) == PUBLIC_SORRY
    assert public_reply("compliment") == PUBLIC_COMPLIMENT
    for text in {public_reply(i) for i in ("complaint", "service_request", "compliment")}:
        assert len(text) < 120 and not any(ch.isdigit() for ch in text)


def test_fixtures_parse_and_bad_payloads_do_not():
    for name in ("mention_complaint.json", "mention_compliment.json", "dm_service_request.json"):
        assert SocialMentionsInput._parse((FIXTURES / name).read_bytes())
    for item in json.loads((FIXTURES / "dm_conversation.json").read_text()):
        assert SocialMentionsInput._parse(json.dumps(item).encode())
    for bad in (b"not json", b"[]", b'{"type": "dm"}',
                b'{"type": "like", "id": "1", "author": {"id": "2"}, "text": "x"}',
                b'{"type": "dm", "id": "1", "author": {"id": ""}, "text": "x"}'):
        assert SocialMentionsInput._parse(bad) is None


def test_unreachable_api_is_reported_not_raised():
    api = SocialApi(f"http://127.0.0.1:{free_port()}", "t", timeout_s=2)
    assert asyncio.run(api.direct_message("1", "hello")) is False
    assert asyncio.run(SocialApi("", "t").reply_publicly("1", "x")) is False
