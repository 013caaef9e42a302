"""Shared pieces for actions that write a record: the triaged message's fields and replies."""
from __future__ import annotations

from typing import Any, Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.backend_client import Created, CreateOutcome, Queued, Rejected
from actions.context import message_context
from actions.taxonomy import FLAGS

API_FLAGS = FLAGS  # third_party and group survive from chat to the case


def api_flags(flags: Any) -> list[str]:
    return [f for f in (flags or []) if f in API_FLAGS]


def triaged_fields(tracker: Tracker, kind: str) -> dict:
    """Common create fields for the message the triage recorded (falls back to the latest)."""
    key = tracker.get_slot("triage_key")
    if key:
        base = {
            "text": tracker.get_slot("triage_text") or "",
            "received_at": tracker.get_slot("triage_received_at"),
            "profile": tracker.get_slot("triage_profile"),
            "channel": tracker.get_slot("triage_channel") or "rest",
        }
    else:
        ctx = message_context(tracker)
        key = ctx.idempotency_key
        base = {"text": ctx.text, "received_at": ctx.received_at, "profile": ctx.profile_id,
                "channel": ctx.channel}
    base.update({
        "idempotency_key": f"{key}:{kind}",
        "conversation_id": tracker.sender_id,
        "flags": api_flags(tracker.get_slot("triage_flags")),
    })
    return {k: v for k, v in base.items() if v is not None}


def reply_for_outcome(dispatcher: CollectingDispatcher, outcome: CreateOutcome,
                      created_response: str, **kwargs: Any) -> Optional[str]:
    """Say the standard thing for Queued / Rejected; return the reference when created."""
    if isinstance(outcome, Created):
        dispatcher.utter_message(response=created_response, reference=outcome.reference,
                                 **kwargs)
        return outcome.reference
    if isinstance(outcome, Queued):
        dispatcher.utter_message(response="utter_received_queued")
    elif isinstance(outcome, Rejected):
        dispatcher.utter_message(response="utter_record_failed")
    return None
