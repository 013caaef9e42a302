"""Show a letter the backend's outbox delivers into the conversation (intent EXTERNAL_letter)."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher


class ActionDeliverLetter(Action):
    def name(self) -> str:
        return "action_deliver_letter"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        letter_id = next(tracker.get_latest_entity_values("letter_id"), None)
        text = next(tracker.get_latest_entity_values("letter_text"), None)
        delivered = list(tracker.get_slot("delivered_letters") or [])
        # The outbox may retry a letter whose first delivery it could not confirm: show it once.
        if not letter_id or not text or str(letter_id) in delivered:
            return []
        dispatcher.utter_message(text=str(text))
        return [SlotSet("delivered_letters", delivered + [str(letter_id)])]
