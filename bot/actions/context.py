"""What an action needs to know about the resident's latest message, read from the tracker."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Optional

from rasa_sdk import Tracker

from actions.dates import normalise_received_at
from actions.settings import get_settings

# API channel values (docs/api-contract.md) by Rasa input channel name.
_CHANNELS = {"rest": "rest", "rest_metadata": "rest", "socketio": "webchat",
             "facebook": "facebook", "twitter": "twitter"}


@dataclass(frozen=True)
class MessageContext:
    sender_id: str
    message_id: Optional[str]
    turn_index: int
    text: str
    intent: Optional[str]
    confidence: float
    intent_ranking: list
    entities: list
    metadata: dict
    received_at: str
    profile_id: str
    channel: str

    @property
    def idempotency_key(self) -> str:
        return f"{self.sender_id}:{self.message_id or self.turn_index}"


def default_profile_id() -> str:
    return get_settings().landlord_profile


def message_context(tracker: Tracker) -> MessageContext:
    latest = tracker.latest_message or {}
    metadata = latest.get("metadata") or {}
    if not isinstance(metadata, dict):
        metadata = {}
    user_events = [e for e in tracker.events if e.get("event") == "user"]
    last_user = user_events[-1] if user_events else {}
    intent = latest.get("intent") or {}
    # The profile is deployment configuration, never a message's metadata (issue 16). The
    # receipt time in metadata is set by the channel from the server's clock (channels/guard.py).
    profile = default_profile_id()
    return MessageContext(
        sender_id=tracker.sender_id,
        message_id=latest.get("message_id") or last_user.get("message_id"),
        turn_index=len(user_events),
        text=latest.get("text") or "",
        intent=intent.get("name"),
        confidence=float(intent.get("confidence") or 0.0),
        intent_ranking=list(latest.get("intent_ranking") or []),
        entities=list(latest.get("entities") or []),
        metadata=metadata,
        received_at=normalise_received_at(metadata.get("received_at"),
                                          last_user.get("timestamp")),
        profile_id=profile,
        channel=_CHANNELS.get(tracker.get_latest_input_channel() or "", "rest"),
    )


def transcript(tracker: Tracker) -> list[dict]:
    """The conversation so far in the API's transcript shape."""
    lines = []
    for event in tracker.events:
        kind = event.get("event")
        if kind not in ("user", "bot") or not event.get("text"):
            continue
        stamp = event.get("timestamp")
        at = (dt.datetime.fromtimestamp(stamp, tz=dt.timezone.utc).isoformat()
              if stamp else None)
        lines.append({"sender": "resident" if kind == "user" else "bot",
                      "text": event["text"], "at": at})
    return lines


def slim_entities(entities: list[dict[str, Any]]) -> list[dict]:
    return [{"entity": e.get("entity"), "value": e.get("value")}
            for e in entities if e.get("entity")]
