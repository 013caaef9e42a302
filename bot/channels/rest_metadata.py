"""REST channel that carries the request's metadata and message id into the tracker.

POST /webhooks/rest_metadata/webhook
  {"sender": "...", "message": "...", "metadata": {"received_at": "...", "profile": "..."},
   "message_id": "optional client id: a resent message keeps its id, so records dedupe"}
Replies like the stock REST channel: a JSON list of bot messages.
When the client sends no `received_at`, the time the server got the request is stored.
"""
from __future__ import annotations

import datetime as dt
import logging
import re
from asyncio import CancelledError
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)
_MESSAGE_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,100}$")


class RestMetadataInput(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest_metadata"

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        metadata = (request.json or {}).get("metadata")
        metadata = dict(metadata) if isinstance(metadata, dict) else {}
        if not metadata.get("received_at"):
            metadata["received_at"] = dt.datetime.now(dt.timezone.utc).isoformat()
        return metadata

    @staticmethod
    def _message_id(request: Request) -> Optional[Text]:
        value = (request.json or {}).get("message_id")
        if isinstance(value, (str, int)) and _MESSAGE_ID.match(str(value)):
            return str(value)
        return None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("custom_webhook_RestMetadataInput", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not isinstance(request.json, dict):
                return response.json({"detail": "body must be a JSON object"}, status=400)
            sender_id = await self._extract_sender(request)
            text = self._extract_message(request)
            if not isinstance(sender_id, str) or not sender_id or not isinstance(text, str):
                return response.json({"detail": "'sender' and 'message' are required strings"},
                                     status=400)
            collector = CollectingOutputChannel()
            try:
                await on_new_message(UserMessage(
                    text, collector, sender_id,
                    input_channel=self.name(),
                    message_id=self._message_id(request),
                    metadata=self.get_metadata(request),
                ))
            except CancelledError:
                logger.error("rest_metadata: message handling timed out (sender %s)",
                             sender_id)
            except Exception:  # noqa: BLE001 - reply with what was collected, as rest does
                logger.exception("rest_metadata: message handling failed (sender %s)",
                                 sender_id)
            return response.json(collector.messages)

        return webhook
