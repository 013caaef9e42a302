"""Safety advice that fits the hazard, each line once per turn (hg-13).

The emergency line (record_actions.say_emergency_line) and a hazard's reply (hazards.tell) both give
advice; before, each carried its own fixed text, so a gas report heard the gas advice twice, mould and
no heating heard "If you smell gas", and water through a light fitting heard nothing about the
electrics. Now both call advise(): the lines for the kinds of hazard in the resident's words (gas,
electrical, water near electrics, fire, cold, damp and mould), then "If anyone is in danger, call 999",
each left out when this turn has already said it (the bot's messages since the resident's last one,
this action's included: Rasa keeps each response's name as utter_action)."""
from __future__ import annotations

import re
from typing import Any, Iterable, Optional

from rasa_sdk.executor import CollectingDispatcher

from actions.hazard_recognition import recognise

_I = re.IGNORECASE
ADVICE = {  # in the order they are said
    "gas": "utter_hazard_gas",
    "water_electrics": "utter_hazard_water_electrics",
    "electrical": "utter_hazard_electrical",
    "fire": "utter_hazard_fire",
    "cold": "utter_hazard_cold",
    "damp": "utter_hazard_damp",
}
DANGER_999 = "utter_hazard_danger"  # "If anyone is in danger, call 999."
BY_HAZARD = {"gas_co": "gas", "electrical": "electrical", "fire": "fire", "excess_cold": "cold",
             "damp_mould": "damp"}
_GAS = re.compile(r"\bsmell(?:s|ing)? (?:of )?gas\b|\bgas (?:leak|smell)\b|\bleaking gas\b|carbon monoxide|"
                  r"\bco (?:alarm|detector)\b", _I)
_ELECTRIC = r"(?:lights?|light fittings?|ceiling lights?|light switch(?:es)?|switch(?:es)?|sockets?|plugs?|electric\w*|" \
            r"fuse ?box|consumer unit|wiring|wires?)"
_WATER_ELECTRICS = re.compile(rf"\b(?:water|leak\w*|drip\w*|pour\w*|flood\w*)\b[^.!?]{{0,40}}\b{_ELECTRIC}\b|"
                              rf"\b{_ELECTRIC}\b[^.!?]{{0,25}}\b(?:wet|water|leak\w*|drip\w*)\b", _I)
_CALL_999 = re.compile(r"\bcall 999\b", _I)
# responses that already tell the resident to call 999 (this action's own messages carry no text yet)
SAYS_999 = {DANGER_999, "utter_hazard_fire", "utter_safeguarding", "utter_safeguarding_self_harm",
            "utter_safeguarding_domestic_abuse", "utter_safeguarding_domestic_abuse_self_harm",
            "utter_safeguarding_saved", "utter_hazard_reassess_queued"}


def kinds_for(text: Optional[str], hazard_types: Iterable[str] = ()) -> list[str]:
    """The kinds of advice for these words and the hazards recorded for them, in ADVICE's order."""
    t = text or ""
    kinds = {BY_HAZARD[h] for h in hazard_types if h in BY_HAZARD}
    found = recognise(t)
    if found is not None and found.hazard_type in BY_HAZARD:
        kinds.add(BY_HAZARD[found.hazard_type])
    if _GAS.search(t):
        kinds.add("gas")
    if _WATER_ELECTRICS.search(t):
        kinds.discard("electrical")  # its own line says what to do with the electrics
        kinds.add("water_electrics")
    return [k for k in ADVICE if k in kinds]


def said_this_turn(tracker: Any, dispatcher: CollectingDispatcher) -> tuple[set, str]:
    """(the response names, the words) the bot has said since the resident's last message."""
    names, words = set(), []
    for event in reversed(getattr(tracker, "events", None) or []):
        if event.get("event") == "user":
            break
        if event.get("event") == "bot":
            names.add((event.get("metadata") or {}).get("utter_action"))
            words.append(event.get("text") or "")
    for message in dispatcher.messages:
        names.add(message.get("response"))
        words.append(message.get("text") or "")
    return names, " ".join(words)


def advise(dispatcher: CollectingDispatcher, tracker: Any, kinds: Iterable[str]) -> None:
    """Each kind's advice not said yet this turn, then the 999 line unless a message this turn (the
    fire advice, the safety reply) already says to call 999."""
    names, words = said_this_turn(tracker, dispatcher)
    for kind in kinds:
        response = ADVICE.get(kind)
        if response and response not in names:
            dispatcher.utter_message(response=response)
            names.add(response)
    if not (names & SAYS_999 or _CALL_999.search(words)):
        dispatcher.utter_message(response=DANGER_999)


def conversation_text(tracker: Any) -> str:
    """The words the advice is for: the triaged message and the latest one."""
    latest = ((getattr(tracker, "latest_message", None) or {}).get("text") or "") if tracker is not None else ""
    triaged = (tracker.get_slot("triage_text") or "") if tracker is not None else ""
    return triaged if latest in triaged else f"{triaged} {latest}".strip()
