"""A resident saying no to a formal complaint, however it is worded: declining the offer
(utter_offer_complaint) with a sentence, or withdrawing from the complaint form part-way; and a
yes to the offer that NLU did not file under `affirm` ("yes a complaint but anonymous": accepts).

Both are the resident's choice (Complaint Handling Code 1.2-1.4): the matter they reported is
recorded as a service request (dissatisfaction noted), as the "No, just sort it out" button does.
Their refusal is never read as a new report, nor as an answer to the form's question.

One short, general list of wording (cancel, stop, forget it, changed my mind, don't want to
complain, not a complaint), used by both; the NLU's `deny` intent where it gives it."""
from __future__ import annotations

import re
from typing import Any, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.contact_details import CONTACT_NAME, contact_memory

OFFER = "utter_offer_complaint"

# withdrawing from a complaint: anywhere in the answer, except a bare "cancel"/"stop"
_WITHDRAW = re.compile(r"""
    ^\W*(cancel|stop|quit)(\s+(it|that|this|please|now))*\W*$
  | ^\W*(cancel|stop)\s*[.!]
  | \bforget\s+(it|that|this|about\s+it|the\s+whole\s+thing|(the|my|this)\s+(formal\s+)?complaint)\b
  | \bchanged?\s+my\s+mind\b
  | \b(cancel|withdraw|drop|scrap)\s+(the|my|this)\s+(formal\s+)?complaint
  | \b(don'?t|do\s+not|dont|no\s+longer)\s+(really\s+)?(want|wanna|wish|need)\s+to\s+
       (make\s+|raise\s+|log\s+|put\s+in\s+|go\s+ahead\s+with\s+)?(a\s+|the\s+|this\s+)?(formal\s+)?complain
  | \b(don'?t|do\s+not|dont)\s+(really\s+)?(want|need)\s+(a|the|this|any)\s+(formal\s+)?complaint
  | \bnot\s+(a|as\s+a)\s+(formal\s+)?complaint\b
  | \bno\s+(formal\s+)?complaint\b
""", re.I | re.X)

# declining the offer: a leading no (not "no one came", "no hot water"), or "just sort it"
_NO_FIRST = re.compile(r"""^\W*(no+|nah|nope|naw|not\s+really)\b
    (?=\W*$|[\s,.!;:-]+(thanks|thank|ta|cheers|just|i|i'?m|im|it'?s|its|that'?s|please|pls|leave|
                          sort|fix|not|don'?t|dont|need|honestly|really|it|that|ok|okay)\b)""",
                       re.I | re.X)
_JUST_SORT_IT = re.compile(r"\bjust\s+(sort|fix|get\s+(it|this|that|someone)|deal\s+with|repair|report)\b"
                           r"|\b(it'?s|its|it\s+is|this\s+is|that'?s)\s+(just\s+|only\s+)?a\s+repair\b"
                           r"|\bjust\s+want\s+(it|this|that|them|the\s+\w+)\s+(fixed|sorted|repaired|done)\b", re.I)
_YES_FIRST = re.compile(r"^\W*(yes|yeah|yep|yup|ok|okay|sure)\b", re.I)


def withdraws(text: str, intent: Optional[str] = None) -> bool:
    """The answer withdraws from the complaint: the wording above, or a `deny` that speaks of the
    complaint ("no, I'd rather it wasn't a complaint"). A bare "no" answers the question asked."""
    text = text or ""
    return bool(_WITHDRAW.search(text)) or (intent == "deny" and "complain" in text.lower())


def declines(text: str, intent: Optional[str] = None) -> bool:
    """The answer to the complaint offer says no, however worded ("no just sort it, the mould is
    the main thing", "nah, just get someone to cut it", "I don't want to complain")."""
    text = text or ""
    if intent == "deny" or withdraws(text, intent):
        return True
    if _YES_FIRST.search(text):
        return False
    return bool(_NO_FIRST.search(text) or _JUST_SORT_IT.search(text))


def previous_action(events: list[dict[str, Any]]) -> Optional[str]:
    """The bot's last action before the resident's latest message (action_listen skipped)."""
    seen_user = False
    for event in reversed(events or []):
        if event.get("event") == "user":
            if seen_user:
                return None
            seen_user = True
        elif seen_user and event.get("event") == "action" and event.get("name") != "action_listen":
            return event.get("name")
    return None


def declines_offer(tracker: Tracker) -> bool:
    """The latest message answers the complaint offer, and says no."""
    if previous_action(tracker.events) != OFFER:
        return False
    latest = tracker.latest_message or {}
    return declines(latest.get("text") or "", (latest.get("intent") or {}).get("name"))


_ABOUT_THE_OFFER = re.compile(r"\b(complain\w*|formal\w*|log|record|anonymous\w*|anon|name|details|go\s+ahead|please)\b",
                              re.I)


def accepts(text: str, intent: Optional[str] = None) -> bool:
    """The answer to the complaint offer says yes, in words NLU may not file under `affirm`: a leading
    yes about the offer ("yes a complaint but anonymous", "yes, anonymously", "yes please log it"),
    never one that also declines. A yes followed by a new matter ("yes and the boiler's gone") is
    not: that is triaged."""
    text = text or ""
    if declines(text, intent) or not _YES_FIRST.search(text):
        return False
    rest = _YES_FIRST.sub("", text, count=1)
    return len(re.findall(r"\w+", rest)) <= 2 or bool(_ABOUT_THE_OFFER.search(rest))


def accepts_offer(tracker: Tracker) -> bool:
    """The latest message answers the complaint offer, and says yes."""
    if previous_action(tracker.events) != OFFER:
        return False
    latest = tracker.latest_message or {}
    return accepts(latest.get("text") or "", (latest.get("intent") or {}).get("name"))


def form_withdrawn(tracker: Tracker) -> bool:
    """The complaint form ended on a withdrawal (ValidateComplaintForm.run): its last answer,
    adjustments, is still unset (it is never None when the form is done) and the message it ended
    on withdraws, read as the form read it."""
    latest = tracker.latest_message or {}
    return tracker.get_slot("adjustments") is None and withdraws(
        latest.get("text") or "", (latest.get("intent") or {}).get("name"))


def after_withdrawal(dispatcher: CollectingDispatcher, tracker: Tracker, form_slots: list[str],
                     anonymous: str) -> list[dict[str, Any]]:
    """The complaint form ended by a withdrawal (action_open_complaint): no complaint is opened.
    The resident is told; what they gave (a name, an e-mail or phone) is kept for the service
    request, so it is not asked again; the form's answers are cleared; then record_contact_form,
    and action_record_after_contact records the triaged message as a service request, as after a
    declined offer (triage_route service_request)."""
    dispatcher.utter_message(response="utter_complaint_withdrawn")
    name = tracker.get_slot("contact_name")
    name = None if name == anonymous else name
    contact: dict[str, Any] = {"anonymous": False}
    if name:
        contact["name"] = name
    for field in ("email", "phone", "postcode"):
        if tracker.get_slot(f"contact_{field}"):
            contact[field] = tracker.get_slot(f"contact_{field}")
    if tracker.get_slot("contact_route") in ("email", "phone"):
        contact["preferred_channel"] = tracker.get_slot("contact_route")
    kept = contact_memory(contact) if contact.get("email") or contact.get("phone") else \
        [SlotSet(CONTACT_NAME, name)] if name else []
    return [SlotSet(slot, None) for slot in form_slots] + kept + [
        SlotSet("requested_slot", None), SlotSet("triage_route", "service_request"),
        FollowupAction("record_contact_form")]
