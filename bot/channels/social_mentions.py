"""Social media connector (Twitter/X-style public mentions and direct messages).

POST /webhooks/social_mentions/webhook, header X-Signature = hex HMAC-SHA256 of the raw body
keyed with SOCIAL_WEBHOOK_SECRET (a "sha256=" prefix is accepted). Body:
  {"type": "mention" | "dm", "id": "...", "author": {"id": "...", "handle": "..."},
   "text": "...", "created_at": "ISO 8601"}

Both kinds go to one conversation per author (sender "social:<author id>"), so a resident who
posts publicly and then answers in private carries on where they were.

Moving a public post to a private channel (Housing Ombudsman Code; DOMAIN.md): a mention is
processed like any message, but the only public answer is a fixed short reply that never
repeats anything from the post or the case (no reference, name, postcode, email, phone) and
invites the resident to the direct message, where the bot's full reply is sent.

Settings (SOCIAL_*) come from the channels' settings object (channels/settings.py).
Outgoing posts go to SOCIAL_API_URL with "Authorization: Bearer SOCIAL_API_TOKEN":
  POST {api}/replies          {"in_reply_to": <post id>, "text": "..."}   (public)
  POST {api}/direct_messages  {"recipient_id": <author id>, "text": "..."} (private)
Without SOCIAL_WEBHOOK_SECRET the webhook refuses every request (503): it never runs unsigned.
The trust boundary of channels/guard.py applies: the receipt time is this server's clock (not
the post's `created_at`), text is cleaned, a leading `/` cannot type an intent, an over-long
post never reaches the model, and every post is kept in the durable intake first.
"""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

import aiohttp
from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels import guard, intake
from channels.settings import check_at_start

logger = logging.getLogger(__name__)

# Public replies: fixed texts only, so nothing personal can ever be posted publicly.
PUBLIC_SORRY = ("Sorry to hear this. We've sent you a private message so we can help: "
                "please reply there.")
PUBLIC_THANKS = ("Thank you for your message. We've sent you a private message: "
                 "please reply there.")
PUBLIC_COMPLIMENT = "Thank you for the kind words. We've sent you a private message."
DM_INTRO = ("Thanks for your post. To keep your details private we'll carry on here. "
            "You may want to remove any personal details from your public post.")
_UNHAPPY = {"complaint", "report_emergency", "report_asb", "legal_proceedings",
            "escalate_case", "ask_human", "nlu_fallback"}


def sign(secret: str, body: bytes) -> str:
    """The X-Signature value for a body (used by tests and by a sending platform)."""
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def public_reply(intent: Optional[str]) -> str:
    if intent == "compliment":
        return PUBLIC_COMPLIMENT
    if intent in _UNHAPPY or intent is None:
        return PUBLIC_SORRY
    return PUBLIC_THANKS


class SocialApi:
    """Posts to the platform's API (a fake HTTP server in tests)."""

    def __init__(self, base_url: str, token: str, timeout_s: float = 10.0) -> None:
        self.base_url, self.token, self.timeout_s = base_url.rstrip("/"), token, timeout_s

    async def post(self, path: str, payload: Dict[str, Any]) -> bool:
        if not self.base_url:
            logger.error("social_mentions: SOCIAL_API_URL not set, %s dropped", path)
            return False
        try:
            async with aiohttp.ClientSession(
                    timeout=aiohttp.ClientTimeout(total=self.timeout_s)) as session:
                async with session.post(f"{self.base_url}{path}", json=payload,
                                        headers={"Authorization": f"Bearer {self.token}"}) as r:
                    if r.status >= 300:
                        logger.error("social_mentions: %s -> HTTP %s", path, r.status)
                        return False
                    return True
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as error:
            logger.error("social_mentions: %s failed: %s", path, error)
            return False

    async def reply_publicly(self, post_id: str, text: str) -> bool:
        return await self.post("/replies", {"in_reply_to": post_id, "text": text})

    async def direct_message(self, recipient_id: str, text: str) -> bool:
        return await self.post("/direct_messages", {"recipient_id": recipient_id, "text": text})


class SocialMentionsInput(InputChannel):
    @classmethod
    def name(cls) -> Text:
        return "social_mentions"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "SocialMentionsInput":
        credentials = credentials or {}
        settings = check_at_start()  # a bad value stops Rasa here, with one line
        return cls(
            api_url=credentials.get("api_url") or settings.social_api_url,
            api_token=settings.social_api_token,
            webhook_secret=settings.social_webhook_secret,
        )

    def __init__(self, api_url: str = "", api_token: str = "", webhook_secret: str = "") -> None:
        self.api = SocialApi(api_url, api_token)
        self.webhook_secret = webhook_secret
        self.settings = guard.GuardSettings.from_env()

    def _signature_ok(self, request: Request) -> bool:
        given = (request.headers.get("X-Signature") or "").strip()
        if given.startswith("sha256="):
            given = given[len("sha256="):]
        expected = sign(self.webhook_secret, request.body or b"")
        return bool(given) and hmac.compare_digest(given.lower(), expected)

    @staticmethod
    def _parse(body: bytes) -> Optional[Dict[str, Any]]:
        try:
            data = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            return None
        if not isinstance(data, dict) or data.get("type") not in ("mention", "dm"):
            return None
        author = data.get("author")
        if not isinstance(author, dict) or not str(author.get("id") or "").strip():
            return None
        if not isinstance(data.get("text"), str) or not str(data.get("id") or "").strip():
            return None
        return data

    @staticmethod
    async def _latest_intent(request: Request, sender_id: str) -> Optional[str]:
        agent = getattr(request.app.ctx, "agent", None)
        try:
            tracker = await agent.tracker_store.retrieve(sender_id)
            return (tracker.latest_message.intent or {}).get("name") if tracker else None
        except Exception:  # noqa: BLE001 - the public text then defaults to the apology
            return None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("custom_webhook_SocialMentionsInput", __name__)

        @webhook.listener("after_server_start")
        async def _sweeper(app: Any, _loop: Any) -> None:
            intake.start_sweeper(app)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not self.webhook_secret:
                return response.json({"detail": "webhook secret not configured"}, status=503)
            if not self._signature_ok(request):
                return response.json({"detail": "bad signature"}, status=401)
            data = self._parse(request.body or b"")
            if data is None:
                return response.json({"detail": "expected {type: mention|dm, id, author: "
                                                "{id, handle}, text, created_at}"}, status=400)
            author_id = str(data["author"]["id"])
            sender_id = guard.valid_sender(f"social:{author_id}")
            if sender_id is None:
                return response.json({"detail": "author id: letters, digits or _.:@-"},
                                     status=400)
            metadata = guard.metadata_for(
                {"social_type": data["type"], "post_id": str(data["id"])[:200],
                 "handle": str(data["author"].get("handle") or "")[:200]},
                is_trusted=False, channel="social")
            collector = CollectingOutputChannel()
            outcome = await intake.process_turn(
                on_new_message, collector, sender_id=sender_id, text=data["text"],
                message_id=guard.message_id_or_new(f"social-{data['id']}"[:100]),
                metadata=metadata, channel=self.name(), settings=self.settings)
            bot_texts = [] if outcome.replace else [
                m["text"] for m in collector.messages if m.get("text")]
            texts: List[str] = bot_texts + outcome.replies
            public = 0
            if data["type"] == "mention":
                handle = str(data["author"].get("handle") or "").lstrip("@")
                text = public_reply(await self._latest_intent(request, sender_id))
                if handle:
                    text = f"@{handle} {text}"
                public = int(await self.api.reply_publicly(str(data["id"]), text))
                texts.insert(0, DM_INTRO)
            sent = 0
            for text in texts:
                sent += int(await self.api.direct_message(author_id, text))
            return response.json({"status": "ok", "public_replies": public,
                                  "direct_messages": sent,
                                  "undelivered": len(texts) - sent})

        return webhook
