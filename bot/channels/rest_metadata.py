"""The REST channel for residents' clients (the stock `rest` channel is not enabled).

POST /webhooks/rest_metadata/webhook
  {"sender": "...", "message": "...", "metadata": {...}, "message_id": "optional client id"}
Replies like the stock REST channel: a JSON list of bot messages.

Trust boundary (channels/guard.py): the receipt time is this server's clock; a client holding
the service token (`Authorization: Bearer <BACKEND_API_TOKEN>`: the benchmark, tests) may set
`metadata.received_at` (BOT_TRUSTED_TOKEN, when set, instead). The landlord profile never comes from a message. A body that is not a
JSON object, a missing or malformed `sender` or `message`, or a body over BOT_MAX_BODY_BYTES
gets a 4xx with a plain reason. Every message is kept in the durable intake before Rasa sees
it (channels/intake.py); a message over the length cap never reaches the model.
A resent message keeps its `message_id`, so its records dedupe.
"""
from __future__ import annotations

import json
import logging
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels import guard, intake
from channels.settings import check_at_start

logger = logging.getLogger(__name__)


class RestMetadataInput(InputChannel):
    @classmethod
    def name(cls) -> Text:
        return "rest_metadata"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "RestMetadataInput":
        return cls(guard.GuardSettings.from_settings(check_at_start()))

    def __init__(self, settings: Optional[guard.GuardSettings] = None) -> None:
        self.settings = settings or guard.GuardSettings.from_env()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("custom_webhook_RestMetadataInput", __name__)

        @webhook.listener("after_server_start")
        async def _sweeper(app: Any, _loop: Any) -> None:
            intake.start_sweeper(app)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            body = request.body or b""
            if len(body) > self.settings.max_body_bytes:
                return response.json({"detail": f"body over {self.settings.max_body_bytes} "
                                                "bytes"}, status=413)
            try:
                data = json.loads(body) if body else None
            except (ValueError, UnicodeDecodeError):
                return response.json({"detail": "body is not valid JSON"}, status=400)
            if not isinstance(data, dict):
                return response.json({"detail": "body must be a JSON object"}, status=400)
            sender_id = guard.valid_sender(data.get("sender"))
            if sender_id is None:
                return response.json(
                    {"detail": "'sender' is required: 1-128 letters, digits or _.:@-"},
                    status=400)
            if not isinstance(data.get("message"), str):
                return response.json({"detail": "'message' is required and must be a string"},
                                     status=400)
            is_trusted = guard.trusted(request.headers.get("Authorization"), self.settings)
            metadata = guard.metadata_for(
                data.get("metadata"), is_trusted=is_trusted, channel=self.name(),
                client=guard.client_key(request.remote_addr or request.ip))
            collector = CollectingOutputChannel()
            outcome = await intake.process_turn(
                on_new_message, collector, sender_id=sender_id, text=data["message"],
                message_id=guard.message_id_or_new(data.get("message_id")),
                metadata=metadata, channel=self.name(), settings=self.settings)
            messages = [] if outcome.replace else list(collector.messages)
            messages += [{"recipient_id": sender_id, "text": t} for t in outcome.replies]
            return response.json(messages)

        return webhook
