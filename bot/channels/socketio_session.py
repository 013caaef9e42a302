"""Rasa's socket.io channel, fixed for python-socketio 5.x and hardened for the web widget.

Same name ("socketio"), path (/socket.io), events and credentials as the stock channel. Fixes:
- Rasa 3.6.21 calls `sio.enter_room(...)` without awaiting it; with python-socketio >= 5.10 that
  is a coroutine, so with session_persistence the client never joins its session's room and
  never receives a bot message ("coroutine 'AsyncServer.enter_room' was never awaited").
- A client-chosen session_id is accepted only when it looks like one the server issues (32 hex
  characters), so a page cannot pick a guessable id such as "1"; otherwise a fresh one is issued.
- The trust boundary of channels/guard.py: `received_at` is set by the server (a client cannot
  backdate it), the profile never comes from the client, metadata is filtered, text is cleaned,
  a leading `/` cannot type an intent, and an over-long message never reaches the model.
- Every message is kept in the durable intake first (channels/intake.py); when the bot fails,
  the resident is told we have it (and the emergency line when it looks urgent).
"""
from __future__ import annotations

import inspect
import json
import logging
import re
import uuid
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint

from channels import guard, intake
from channels.settings import check_at_start

logger = logging.getLogger(__name__)
_SESSION_ID = re.compile(r"^[0-9a-f]{32}$")


class SocketIOSessionInput(SocketIOInput):
    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> SocketIOInput:
        check_at_start()  # a bad channel setting stops Rasa here, with one line
        return super().from_credentials(credentials)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = super().blueprint(on_new_message)
        sio = self.sio
        settings = guard.GuardSettings.from_env()

        @webhook.listener("after_server_start")
        async def _sweeper(app: Any, _loop: Any) -> None:
            intake.start_sweeper(app)

        async def session_request(sid: Text, data: Optional[Dict]) -> None:
            requested = (data or {}).get("session_id") if isinstance(data, dict) else None
            session_id = requested if isinstance(requested, str) and _SESSION_ID.match(
                requested) else uuid.uuid4().hex
            if self.session_persistence:
                joined = sio.enter_room(sid, session_id, namespace=self.namespace)
                if inspect.isawaitable(joined):
                    await joined
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        async def handle_message(sid: Text, data: Dict) -> None:
            if not isinstance(data, dict):
                return
            if self.session_persistence:
                sender_id = data.get("session_id")
                if not isinstance(sender_id, str) or not _SESSION_ID.match(sender_id):
                    logger.warning("socketio: message without a valid session_id ignored")
                    return
                if sender_id not in sio.rooms(sid, namespace=self.namespace):
                    logger.warning("socketio: session_id of another connection ignored")
                    return
            else:
                sender_id = sid
            metadata = data.get(self.metadata_key) or {}
            if isinstance(metadata, str):
                try:
                    metadata = json.loads(metadata)
                except ValueError:
                    metadata = {}
            metadata = guard.metadata_for(metadata, is_trusted=False, channel=self.name())
            output = SocketIOOutput(sio, self.bot_message_evt)
            outcome = await intake.process_turn(
                on_new_message, output, sender_id=sender_id, text=data.get("message", ""),
                message_id=guard.message_id_or_new(None), metadata=metadata,
                channel=self.name(), settings=settings)
            for text in outcome.replies:  # the bot's own replies were sent as they came
                await output.send_text_message(sender_id, text)

        # Replace the stock handlers (python-socketio keeps one handler per event/namespace).
        sio.on("session_request", session_request, namespace=self.namespace)
        sio.on(self.user_message_evt, handle_message, namespace=self.namespace)
        return webhook
