"""action_default_fallback (Rasa's core fallback, config.yml RulePolicy): nothing the resident wrote is
dropped. Rasa's own fallback says utter_default and rewinds the message, so a message NLU filed under
an intent no rule expects there (a Welsh report of black mould read as "affirm" at the start, hE-30)
was lost. Here a message nothing has acted on yet is triaged instead (action_triage: a Welsh one goes
to staff, a hazard in it is recorded, an English "yes" with nothing to answer gets the clarifying
question); inside a form, or after an action, the fallback is Rasa's own."""
from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

logger = logging.getLogger(__name__)

# events Rasa adds between the resident's message and the prediction that chose this fallback
_BEFORE_PREDICTION = {"slot", "user_featurization", "entities"}
_SLOT_EXTRACTION = "action_extract_slots"


def unanswered_message(events: list[dict]) -> bool:
    """The last thing in the conversation is the resident's message: no action has run on it."""
    for event in reversed(events or []):
        kind = event.get("event")
        if kind in _BEFORE_PREDICTION or (kind == "action" and event.get("name") == _SLOT_EXTRACTION):
            continue
        return kind == "user"
    return False


class ActionDefaultFallback(Action):
    def name(self) -> str:
        return "action_default_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict) -> list[dict[str, Any]]:
        if not tracker.active_loop_name and unanswered_message(tracker.events):
            logger.info("fallback: message triaged conversation=%s intent=%s", tracker.sender_id,
                        (tracker.latest_message.get("intent") or {}).get("name"))
            return [FollowupAction("action_triage")]
        dispatcher.utter_message(response="utter_default")
        return [UserUtteranceReverted()]
