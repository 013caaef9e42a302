"""A status question ("thanks, what happens now?") right after this conversation opened a case.

action_open_complaint and action_record_service_request keep what they told the resident about
the case they just opened (slot opened_case: its kind, reference, stage and the replies that said
its dates or what happens next). A status question (intent check_status) goes to
action_status_check first: with such a case, and a message that names no other case (another
reference, "my other complaint"), it says that again, with no question (slot status_route
just_opened); otherwise the status check form asks which case, as before (status_route ask_case;
rules in bot/data/rules.yml "existing cases"). The status look-up needs the postcode, e-mail or
phone, so the answer is what the case service said when the case was opened, never a new look-up.
Wording: bot/domain/case_status.yml."""
from __future__ import annotations

import logging
import re
from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.followup import LAST_REFERENCE
from actions.parsing import REFERENCE, normalise_reference

logger = logging.getLogger(__name__)

SLOT = "opened_case"
ROUTE = "status_route"  # just_opened: answered here; ask_case: the status check form
# what a CollectingDispatcher message carries besides the response's own values
_MESSAGE_KEYS = {"text", "buttons", "elements", "custom", "template", "response", "image", "attachment"}
# said when the case was opened, but not part of what happens next (the emergency line and the
# hazard advice were given then; a later answer does not repeat them)
_NOT_AGAIN = ("utter_emergency_line", "utter_hazard_")
# "acknowledged today ... is being e-mailed to you now" was true then; later it is the day it was
_ACKNOWLEDGED_TODAY = {"utter_case_acknowledged_today", "utter_case_acknowledged_today_email",
                       "utter_case_acknowledged_today_chat"}
# a case other than the one just opened: "my other complaint", "the previous repair", "one I
# reported last week", "an older case"
_OTHER_CASE = re.compile(
    r"\b(?:other|another|previous|earlier|older|old|different|first|second)\s+(?:\w+\s+)?"
    r"(?:complaints?|cases?|requests?|repairs?|reports?|matters?|ones?|issues?)\b"
    r"|\b(?:reported|raised|made|logged|complained)\b.{0,30}\b(?:last|ago|before|previously|earlier)\b"
    r"|\blast\s+(?:week|month|year)'?s?\b", re.I)


# "thanks, what happens now?", "so what's next", "when will I hear back?": a short question about what
# follows, which the model may read as a triage intent rather than check_status (action_triage asks it
# here before "same matter or something new?")
_WHAT_NEXT = re.compile(
    r"\bwhat(?:['’]s| is| will| happens| happen)?\s*(?:happens?|happen)?\s*(?:now|next)\b|\bwhat do (?:i|we) do now\b|"
    r"\bwhen (?:will|do|should|can|would) (?:i|we) (?:hear|get|know)(?: anything)?(?: back)?(?: from (?:you|anyone))?\b|\bhow long (?:will|does|would) (?:it|this|that) take\b",
    re.I)
WHAT_NEXT_MAX_WORDS = 10
# all a what-next question may carry besides the question itself: anything else ("boiler broke again,
# what now") may be a new matter, which is asked about ("same matter or something new?")
_COURTESY = frozenset("ok okay so and then thanks thank you cheers ta great right please brilliant lovely "
                      "hi hello well um er oh".split())


def told(dispatcher: CollectingDispatcher, start: int) -> list[dict[str, Any]]:
    """The replies said from message `start` on, as response names and their values."""
    said = []
    for message in dispatcher.messages[start:]:
        response = message.get("response")
        if not response or response.startswith(_NOT_AGAIN):
            continue
        said.append({"response": response,
                     **{k: v for k, v in message.items() if k not in _MESSAGE_KEYS}})
    return said


def remember_opened(kind: str, reference: Optional[str], stage_name: Optional[str],
                    said: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The slot event for a case this conversation just opened; without a reference (queued,
    refused) none was opened, so an earlier one is no longer the one just opened."""
    if not reference:
        return [SlotSet(SLOT, None)]
    return [SlotSet(SLOT, {"kind": kind, "reference": reference, "stage_name": stage_name, "said": said})]


def names_other_case(tracker: Tracker, reference: str) -> bool:
    """The message is about a case other than `reference`: another reference in it (entity or
    words), or words for another case."""
    message = tracker.latest_message or {}
    text = message.get("text") or ""
    named = {normalise_reference(str(e.get("value") or "")) for e in message.get("entities") or []
             if e.get("entity") == "reference"}
    named |= {normalise_reference(m.group(0)) for m in REFERENCE.finditer(text)}
    named.discard(None)
    if named:
        return named != {reference}
    return bool(_OTHER_CASE.search(text))


def say_opened(dispatcher: CollectingDispatcher, case: dict) -> None:
    """The case just opened, as the opening said it: its kind, reference and stage, then its dates
    or what happens next."""
    if case.get("kind") == "complaint":
        dispatcher.utter_message(response="utter_opened_complaint_status", reference=case["reference"],
                                 stage_name=case.get("stage_name") or "Stage 1")
    else:
        dispatcher.utter_message(response="utter_opened_request_status", reference=case["reference"])
    for message in case.get("said") or []:
        values = {k: v for k, v in message.items() if k != "response"}
        response = message["response"]
        if response in _ACKNOWLEDGED_TODAY:
            response = "utter_case_acknowledged_on"
        dispatcher.utter_message(response=response, **values)


def just_opened(tracker: Tracker) -> Optional[dict]:
    """The case this conversation just opened, while it is still the last record it made and the
    message names no other case; else None."""
    case = tracker.get_slot(SLOT)
    if not isinstance(case, dict) or not case.get("reference") \
            or tracker.get_slot(LAST_REFERENCE) != case["reference"] or names_other_case(tracker, case["reference"]):
        return None
    return case


def answered_what_next(dispatcher: CollectingDispatcher, tracker: Tracker, text: str) -> bool:
    """A short "what happens now?" right after a case was opened, whatever intent the model read:
    said from that case (action_triage, before "same matter or something new?"). True when said."""
    case = just_opened(tracker)
    text = text or ""
    if case is None or len(text.split()) > WHAT_NEXT_MAX_WORDS or not _WHAT_NEXT.search(text):
        return False
    if set(re.findall(r"[a-z]+", _WHAT_NEXT.sub(" ", text).lower())) - _COURTESY:
        return False
    say_opened(dispatcher, case)
    return True


class ActionStatusCheck(Action):
    """A status question: answered from the case this conversation just opened, or the form."""

    def name(self) -> str:
        return "action_status_check"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict) -> list[dict[str, Any]]:
        # only while it is the last record this conversation made (not after a status look-up of
        # another case, an excluded matter or a message handed to staff: followup.py)
        case = just_opened(tracker)
        if case is None:
            return [SlotSet(ROUTE, "ask_case")]
        say_opened(dispatcher, case)
        logger.info("status of the case just opened conversation=%s reference=%s", tracker.sender_id,
                    case["reference"])
        return [SlotSet(ROUTE, "just_opened")]
