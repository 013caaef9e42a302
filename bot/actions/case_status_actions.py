"""Status check and escalation of an existing case (resident-safe API).

The backend throttles look-ups per conversation, per client (a hash the channel sets) and per
case, and answers every miss the same way; a throttled look-up is told to try later.
"""
from __future__ import annotations

import re
from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.backend_client import CaseView, NotFound, Rejected, get_client
from actions.complaint_actions import say_case_dates
from actions.context import message_context
from actions.followup import add_to_handoff, remember_record
from actions.parsing import EMAIL, PHONE, normalise_postcode, normalise_reference
from actions.handoff_actions import handoff_body
from actions.hazards import NAMES as HAZARD_NAMES, when
from actions.record_fields import reply_phone
from actions.safeguarding import SafeguardingFormValidation
from actions.triage_action import record_escalation_request

ESCALATION_REFUSALS = {
    "past_last_stage": "utter_escalate_refused_last_stage",
    "escalation_window_closed": "utter_escalate_refused_window",
    "case_closed": "utter_escalate_refused_closed",
    "not_a_complaint": "utter_escalate_refused_not_complaint",
}


def caller(tracker: Tracker) -> dict:
    """Who is asking, as the backend's throttles count it (values the channel set)."""
    metadata = (tracker.latest_message or {}).get("metadata") or {}
    client = metadata.get("client") if isinstance(metadata, dict) else None
    return {"conversation_id": tracker.sender_id,
            "client": client if isinstance(client, str) else None}


def verifier_parts(value: Optional[str]) -> tuple[Optional[str], Optional[str]]:
    """(postcode, email) from the second factor the resident gave."""
    value = value or ""
    email = EMAIL.search(value)
    if email:
        return None, email.group(0)
    return normalise_postcode(value), None


def verifier_factor(value: Optional[str]) -> dict[str, str]:
    """The second factor for the backend's look-up: the e-mail, postcode or phone number given (a
    resident who gave us only a phone proves it is them with it; the backend compares it normalised)."""
    postcode, email = verifier_parts(value)
    if email or postcode:
        return {"email": email} if email else {"postcode": postcode}
    phone = PHONE.search(value or "")
    return {"phone": re.sub(r"[\s-]", "", phone.group(0))} if phone else {}


# A resident who says no, asks for a person, or twice gives no reference is not asked again: the
# form ends and the closing action says what happens without one (slot case_reference_missing).
_GIVE_UP_INTENTS = {"deny", "ask_human"}
MAX_REFERENCE_TRIES = 2
# The same for the postcode, e-mail or phone: "don't know", "I never gave one", or a third answer
# without one ends the form (slot case_verifier_missing) and the case is handed to staff.
# The question also asks whether this is a new complaint: an answer saying so ends the form and the
# words are triaged as a new message (slot case_new_matter), never handed on as a question about a case.
_NEW_MATTER = re.compile(r"^\W*(?:a\s+|it'?s\s+(?:a\s+)?)?new\b|\bnew\s+(?:one|complaint|issue|problem|matter|report)\b"
                         r"|\b(?:make|making|raise|log|put\s+in|start)\s+a\s+complaint\b"
                         r"|\bnot\s+(?:an?\s+)?(?:existing|old)\b", re.I)
MAX_VERIFIER_TRIES = 3
_CANNOT_SAY = re.compile(r"\b(?:don'?t|do\s+not|dont|can'?t|cannot)\s+(?:know|remember|recall|have|find)\b"
                         r"|\bno\s+idea\b|\bnot\s+sure\b|\bforg[oe]t\w*|\bnever\s+gave\b|\bdunno\b", re.I)
# the resident gave no contact details with the case ("I stayed anonymous", "I didn't give any"): no
# factor to check, and nobody can write to them, so they are told so, not "the way you chose" (hg-10)
_GAVE_NONE = re.compile(r"\banonym\w*|\b(?:didn'?t|did\s+not|never|didnt)\s+(?:give|leave)\s+(?:you\s+|us\s+)?"
                        r"(?:any|one|anything|my\s+details|(?:any\s+)?(?:contact\s+)?details)\b"
                        r"|\bno\s+(?:contact\s+)?details\b|\bgave\s+(?:you\s+|us\s+)?nothing\b", re.I)


class _CaseSlotValidation:
    """Shared by both case forms (a mixin: rasa_sdk registers every Action subclass)."""

    def validate_case_reference(self, value: Any, dispatcher: CollectingDispatcher,
                                tracker: Tracker, domain: DomainDict) -> dict:
        reference = normalise_reference(str(value or ""))
        if reference:
            return {"case_reference": reference, "case_reference_tries": 0.0}
        if _NEW_MATTER.search(str(value or "")):  # "a new one", "I want to make a new complaint about ..."
            return {"case_reference": None, "case_reference_tries": 0.0, "case_new_matter": True}
        tries = int(tracker.get_slot("case_reference_tries") or 0) + 1
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        if tries >= MAX_REFERENCE_TRIES or intent in _GIVE_UP_INTENTS:
            return {"case_reference": None, "case_reference_tries": 0.0, "case_reference_missing": True}
        dispatcher.utter_message(response="utter_invalid_reference")
        return {"case_reference": None, "case_reference_tries": float(tries)}

    async def required_slots(self, domain_slots: list, dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> list:
        """No slots left to ask once the resident has no reference: the form ends."""
        missing = tracker.get_slot("case_reference_missing") or tracker.get_slot("case_verifier_missing") \
            or tracker.get_slot("case_new_matter")
        return [] if missing else domain_slots

    def validate_case_verifier(self, value: Any, dispatcher: CollectingDispatcher,
                               tracker: Tracker, domain: DomainDict) -> dict:
        factor = verifier_factor(str(value or ""))
        if factor:
            return {"case_verifier": next(iter(factor.values())), "case_verifier_tries": 0.0}
        tries = int(tracker.get_slot("case_verifier_tries") or 0) + 1
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        if tries >= MAX_VERIFIER_TRIES or intent in _GIVE_UP_INTENTS or _CANNOT_SAY.search(str(value or "")) \
                or _GAVE_NONE.search(str(value or "")):
            return {"case_verifier": None, "case_verifier_tries": 0.0, "case_verifier_missing": True}
        dispatcher.utter_message(response="utter_invalid_verifier")
        return {"case_verifier": None, "case_verifier_tries": float(tries)}


class ValidateCaseStatusForm(_CaseSlotValidation, SafeguardingFormValidation):
    def name(self) -> str:
        return "validate_case_status_form"


class ValidateEscalationForm(_CaseSlotValidation, SafeguardingFormValidation):
    def name(self) -> str:
        return "validate_escalation_form"


def say_letter_waits_for_address(dispatcher: CollectingDispatcher, case: dict) -> None:
    """The case's latest letter is held with no e-mail or postal address to go to (the resident view's
    letter_address_wanted): whose address we wait for and, when staff have a number to ring (they are
    told to on the case page), that a member of staff will ring; with no number, how to give us one.
    Nothing when no letter waits for an address (an e-mail or postal address, or held only for a format)."""
    wanted = case.get("letter_address_wanted")
    if not isinstance(wanted, dict):
        return
    if wanted.get("staff_will_ring") is True:
        dispatcher.utter_message(response="utter_status_letter_no_address_representative"
                                 if wanted.get("whose") == "representative" else "utter_status_letter_no_address")
        return
    phone = reply_phone()
    if phone:
        dispatcher.utter_message(response="utter_status_letter_no_address_call", phone=phone)
    else:
        dispatcher.utter_message(response="utter_status_letter_no_address_call_no_number")


def say_case_hazards(dispatcher: CollectingDispatcher, case: dict) -> None:
    """Each Awaab's Law hazard the backend holds on the case (the resident view lists them only after
    the lookup matched): that it is recorded, the law's next deadline as the backend holds it, and
    whether that work is done or overdue. A hazard with no clock running says only that it is recorded."""
    for hazard in case.get("hazards") or []:
        if not isinstance(hazard, dict):
            continue
        words = {"hazard": HAZARD_NAMES.get(hazard.get("hazard_type"), "hazard"),
                 "reference": hazard.get("reference"),
                 "severity": "an emergency" if hazard.get("severity") == "emergency" else "a significant hazard"}
        timed = [d for d in hazard.get("deadlines") or [] if isinstance(d, dict) and d.get("due_at")]
        if not hazard.get("in_force") or not timed:
            dispatcher.utter_message(response="utter_status_hazard_recorded", **words)
            continue
        pending = next((d for d in timed if not d.get("done")), None)
        if pending is None:
            dispatcher.utter_message(response="utter_status_hazard_done", **words)
            continue
        said = "utter_status_hazard_overdue" if pending.get("status") == "breached" else "utter_status_hazard_due"
        dispatcher.utter_message(response=said, due=when(pending), work=(pending.get("label") or "").lower(),
                                 **words)


def _say_case(dispatcher: CollectingDispatcher, case: dict) -> None:
    dispatcher.utter_message(response="utter_case_status", reference=case.get("reference"),
                             stage_name=case.get("stage_name") or f"Stage {case.get('stage')}",
                             status=(case.get("status") or "open").replace("_", " "))
    said = say_case_dates(dispatcher, case)
    say_case_hazards(dispatcher, case)
    say_letter_waits_for_address(dispatcher, case)
    # the backend's next step ("We will respond by <date>.") is not said when it only repeats a
    # date just given; one with a date of its own (the escalation deadline) is
    next_step = case.get("next_step")
    if next_step and not any(day in next_step for day in said):
        dispatcher.utter_message(response="utter_case_next_step", next_step=next_step)


def _say_unavailable_or_refused(dispatcher: CollectingDispatcher, outcome: Any,
                                refusals: dict) -> list[dict[str, Any]]:
    if isinstance(outcome, NotFound):
        dispatcher.utter_message(response="utter_case_not_found")
        # A wrong pair must be re-asked, not reused.
        return [SlotSet("case_reference", None), SlotSet("case_verifier", None)]
    if isinstance(outcome, Rejected) and outcome.code == "throttled":
        dispatcher.utter_message(response="utter_lookup_throttled")
        return [SlotSet("case_reference", None), SlotSet("case_verifier", None)]
    if isinstance(outcome, Rejected):
        dispatcher.utter_message(response=refusals.get(outcome.code or "",
                                                       "utter_escalate_refused_other"),
                                 detail=outcome.detail)
        return []
    dispatcher.utter_message(response="utter_backend_unavailable")
    return []


NO_REFERENCE_NOTE = ("The resident asked about an existing case but does not have its reference; "
                     "find the case and answer through its contact details. Their words: {words}")
NO_VERIFIER_NOTE = ("The resident asked {what} case {reference} but could not give the postcode, e-mail or "
                    "phone number on it, so the chat did not look it up. Check who they are by the contact "
                    "details on the case before answering. Their words: {words}")


def _resident_words(tracker: Tracker, limit: int = 4) -> str:
    """The resident's last few messages in this conversation, oldest first."""
    texts = [e.get("text") for e in tracker.events if e.get("event") == "user" and e.get("text")]
    return " / ".join(texts[-limit:])


async def _no_reference(dispatcher: CollectingDispatcher, tracker: Tracker,
                        escalation: bool) -> list[dict[str, Any]]:
    """The form ended without a reference. An escalation request is already with staff
    (ActionRecordEscalationRequest ran first); a status question is handed to staff now."""
    reset = [SlotSet("case_reference_missing", None), SlotSet("case_reference", None),
             SlotSet("case_verifier", None)]
    if escalation:
        dispatcher.utter_message(response="utter_escalation_no_reference")
        return reset
    ctx = message_context(tracker)
    words = _resident_words(tracker)
    await get_client().create_handoff({
        **handoff_body(ctx, "unclear", None, ctx.confidence, (), NO_REFERENCE_NOTE.format(words=words)),
        "text": words or ctx.text or "(asked about a case without the reference)"})
    dispatcher.utter_message(response="utter_status_no_reference")
    return reset


async def _no_verifier(dispatcher: CollectingDispatcher, tracker: Tracker,
                       escalation: bool) -> list[dict[str, Any]]:
    """The form ended without a postcode, e-mail or phone: nothing is looked up (the case is not
    shown to someone who could not prove it is theirs); staff get the reference and the words, and
    the resident is told the truth: staff will check the case and contact them as they chose then, or,
    when they say they gave no contact details (_GAVE_NONE), that we cannot reach them and how to ask."""
    reference = tracker.get_slot("case_reference") or "(none given)"
    ctx, words = message_context(tracker), _resident_words(tracker)
    what = "for the next stage of" if escalation else "about"
    pending = tracker.get_slot("escalation_handoff_id") if escalation else None
    if pending is not None:
        # the request is already with staff (ActionRecordEscalationRequest): the reference and these
        # words are kept with that handoff, never a second handoff for the same request
        kept = words or ctx.text
        await add_to_handoff(tracker, pending, ctx, kept if reference in kept else f"{kept} / {reference}")
    else:
        await get_client().create_handoff({
            **handoff_body(ctx, "complaint" if escalation else "unclear", None, ctx.confidence, (),
                           NO_VERIFIER_NOTE.format(what=what, reference=reference, words=words)),
            "text": words or ctx.text or "(asked about a case without the postcode, e-mail or phone)"})
    said = "utter_escalation_no_verifier" if escalation else "utter_status_no_verifier"
    if _GAVE_NONE.search(words or ctx.text or ""):  # nothing to reach them by: say so, and how to get an answer
        said, phone = f"{said}_no_contact", reply_phone()
        dispatcher.utter_message(response=said if phone else f"{said}_no_number", phone=phone,
                                 reference=tracker.get_slot("case_reference") or "your reference")
    else:
        dispatcher.utter_message(response=said)
    return [SlotSet("case_verifier_missing", None), SlotSet("case_reference", None),
            SlotSet("case_verifier", None)]


def new_matter(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    """A new complaint, not a case: its words are triaged (and offered as a complaint) as any first
    message is; a bare "new" or "a new complaint" is asked what has happened."""
    reset = [SlotSet("case_new_matter", None), SlotSet("case_reference", None), SlotSet("requested_slot", None)]
    text = (tracker.latest_message or {}).get("text") or ""
    words = re.findall(r"\w+", _NEW_MATTER.sub(" ", text))
    if len([w for w in words if w.lower() not in _FILLER]) <= 2:
        dispatcher.utter_message(response="utter_ask_new_matter")
        return reset
    return reset + [FollowupAction("action_triage")]


_FILLER = {"a", "an", "the", "i", "it", "its", "s", "want", "to", "please", "yes", "no", "one", "this", "is",
           "about", "like", "would", "d", "id", "don", "t", "dont", "have", "need", "complaint"}


class ActionCaseStatus(Action):
    def name(self) -> str:
        return "action_case_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict) -> list[dict[str, Any]]:
        if tracker.get_slot("case_new_matter"):
            return new_matter(dispatcher, tracker)
        if tracker.get_slot("case_reference_missing"):
            return await _no_reference(dispatcher, tracker, escalation=False)
        if tracker.get_slot("case_verifier_missing"):
            return await _no_verifier(dispatcher, tracker, escalation=False)
        outcome = await get_client().case_status(tracker.get_slot("case_reference") or "",
                                                 **verifier_factor(tracker.get_slot("case_verifier")),
                                                 **caller(tracker))
        if isinstance(outcome, CaseView):
            _say_case(dispatcher, outcome.data)
            # the backend matched the reference and postcode or e-mail for this conversation: a
            # later "it's still leaking" is asked about as this case (followup.py)
            kind = "complaint" if outcome.data.get("kind") == "complaint" else "case"
            return remember_record(outcome.data.get("reference"), kind)
        return _say_unavailable_or_refused(dispatcher, outcome, {})


class ActionRecordEscalationRequest(Action):
    """Before the escalation form asks for the reference: the request is recorded for staff."""

    def name(self) -> str:
        return "action_record_escalation_request"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict) -> list[dict[str, Any]]:
        return await record_escalation_request(dispatcher, tracker, message_context(tracker))


class ActionEscalateCase(Action):
    def name(self) -> str:
        return "action_escalate_case"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict) -> list[dict[str, Any]]:
        if tracker.get_slot("case_new_matter"):
            return new_matter(dispatcher, tracker)
        if tracker.get_slot("case_reference_missing"):
            return await _no_reference(dispatcher, tracker, escalation=True)
        if tracker.get_slot("case_verifier_missing"):
            return await _no_verifier(dispatcher, tracker, escalation=True)
        outcome = await get_client().resident_escalate(
            tracker.get_slot("case_reference") or "", **verifier_factor(tracker.get_slot("case_verifier")),
            requested_at=message_context(tracker).received_at, **caller(tracker))
        if isinstance(outcome, CaseView):
            dispatcher.utter_message(response="utter_escalated")
            _say_case(dispatcher, outcome.data)
            handoff_id, reference = tracker.get_slot("escalation_handoff_id"), outcome.data.get("reference")
            remembered = remember_record(reference, "complaint")  # only a complaint escalates
            if handoff_id is not None and reference:
                await get_client().link_handoff(int(handoff_id), reference)
                return [SlotSet("escalation_handoff_id", None)] + remembered
            return remembered
        handoff_id, reference = tracker.get_slot("escalation_handoff_id"), tracker.get_slot("case_reference")
        if isinstance(outcome, Rejected) and outcome.status_code == 409 and handoff_id is not None and reference:
            # the backend matched the reference and the postcode, e-mail or phone, but the case cannot
            # move (stage 1 not answered, closed...): the request shows on the case, still for staff (hg-15)
            await get_client().link_handoff(int(handoff_id), reference, keep_open=True)
        return _say_unavailable_or_refused(dispatcher, outcome, ESCALATION_REFUSALS)
