"""Show a letter the backend's outbox delivers into the conversation (intent EXTERNAL_letter).

Only the case service can deliver one: it calls Rasa's HTTP API (trigger_intent, behind the API
token), which records the event as external. A resident's typed `/EXTERNAL_letter{...}` never
gets here (the channels strip a leading `/`), and this action also refuses any event that is not
external, so nothing a resident typed is ever shown as the landlord's words.
"""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher


EXTERNAL_TEXT = "EXTERNAL: EXTERNAL_letter"  # what Rasa records for trigger_intent


def is_external(tracker: Tracker) -> bool:
    latest = tracker.latest_message or {}
    metadata = latest.get("metadata") or {}
    return latest.get("text") == EXTERNAL_TEXT and isinstance(metadata, dict) \
        and metadata.get("is_external") is True


class ActionDeliverLetter(Action):
    def name(self) -> str:
        return "action_deliver_letter"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        if not is_external(tracker):
            return []
        letter_id = next(tracker.get_latest_entity_values("letter_id"), None)
        text = next(tracker.get_latest_entity_values("letter_text"), None)
        delivered = list(tracker.get_slot("delivered_letters") or [])
        # The outbox may retry a letter whose first delivery it could not confirm: show it once.
        if not letter_id or not text or str(letter_id) in delivered:
            return []
        dispatcher.utter_message(text=str(text))
        return [SlotSet("delivered_letters", delivered + [str(letter_id)])]
