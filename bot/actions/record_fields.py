"""Shared pieces for actions that write a record: the triaged message's fields and replies."""
from __future__ import annotations

from typing import Any, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.backend_client import Created, CreateOutcome, Queued, Rejected
from actions.contact_details import contact_state
from actions.context import message_context, transcript
from actions.safeguarding import LINKED_HANDOFFS
from actions.settings import get_settings
from actions.taxonomy import FLAGS

API_FLAGS = FLAGS  # third_party and group survive from chat to the case


def api_flags(flags: Any) -> list[str]:
    return [f for f in (flags or []) if f in API_FLAGS]


def triaged_fields(tracker: Tracker, kind: str) -> dict:
    """Common create fields for the message the triage recorded (falls back to the latest), and the
    conversation so far as the record's transcript: every record this conversation opens (complaint,
    service request, compliment, excluded matter) keeps what the resident said, including answers
    the record's own fields do not hold (the hazard household question's, for one). The record links
    the triaged message's handoff (handoff_id) and any the conversation raised since (LINKED_HANDOFFS),
    so the staff queue shows the record it opened; the backend takes only this conversation's."""
    key = tracker.get_slot("triage_key")
    if key:
        base = {
            "text": tracker.get_slot("triage_text") or "",
            "received_at": tracker.get_slot("triage_received_at"),
            "profile": tracker.get_slot("triage_profile"),
            "channel": tracker.get_slot("triage_channel") or "rest",
            "handoff_id": _handoff_id(tracker.get_slot("handoff_id")),
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
        "transcript": transcript(tracker),
    })
    linked = [i for i in map(_handoff_id, tracker.get_slot(LINKED_HANDOFFS) or [])
              if i is not None and i != base.get("handoff_id")]
    if linked:
        base["linked_handoff_ids"] = list(dict.fromkeys(linked))[-10:]  # the backend takes 10
    return {k: v for k, v in base.items() if v is not None}


def _handoff_id(value: Any) -> Optional[int]:
    try:
        return int(value) if value is not None and int(value) >= 1 else None
    except (TypeError, ValueError):
        return None


def handoffs_sent(tracker: Tracker, outcome: CreateOutcome) -> list[dict[str, Any]]:
    """After a record's create: the handoffs it named went with it (created, or queued to go: the
    link is made when it is delivered), so the next record does not name them again."""
    sent = isinstance(outcome, (Created, Queued)) and tracker.get_slot(LINKED_HANDOFFS)
    return [SlotSet(LINKED_HANDOFFS, None)] if sent else []


def reply_phone() -> str:
    """The landlord's number for residents (LANDLORD_REPLY_PHONE, the one the backend's letters
    give): told to a resident staff cannot reach. Profiles are policies and hold no number."""
    return get_settings().landlord_reply_phone


def say_not_logged(dispatcher: CollectingDispatcher, response: str, state: str) -> None:
    """utter_received_queued (kept, logged later) or utter_record_failed (handed to staff), worded
    by what is true about reaching the resident (contact_details.contact_state): with details,
    staff use them; without, staff can read it but cannot reply, and the resident is told how to
    get in touch (LANDLORD_REPLY_PHONE when set)."""
    if state == "given":
        dispatcher.utter_message(response=response)
        return
    dispatcher.utter_message(response=f"{response}_{state}")
    say_get_in_touch(dispatcher)


def say_get_in_touch(dispatcher: CollectingDispatcher) -> None:
    """How a resident staff cannot reach gets in touch: LANDLORD_REPLY_PHONE when it is set."""
    phone = reply_phone()
    if phone:
        dispatcher.utter_message(response="utter_get_in_touch", phone=phone)
    else:
        dispatcher.utter_message(response="utter_get_in_touch_no_number")


# the backend's letter_held_for code for a letter with nowhere to go (casework.letter_formats.NO_ADDRESS)
NO_ADDRESS = "no_address"


def _only_a_phone(details: dict) -> bool:
    return bool(details.get("phone")) and not details.get("email") and not details.get("address")


def phone_only(contact: Any) -> bool:
    """Details staff can ring (contact_details.contact_state "given") but no e-mail and no postal
    address: the backend holds such a person's letters until staff ring them for one."""
    return contact_state(contact) == "given" and _only_a_phone(contact)


def letters_wait_for_address(case: Any) -> bool:
    """The backend holds the record's letter until staff have an e-mail or postal address to send it
    to (letter_held_for "no_address": the staff case page says to ring and ask). Read from the
    backend's answer and the contact the letters are for (the representative's when the case says
    they go to them: letters_to_representative, with the resident's consent; else the resident's),
    so it is said only when what the words claim is so: a phone number, no e-mail and no postal
    address for the one in the chat."""
    if not isinstance(case, dict) or NO_ADDRESS not in (case.get("letter_held_for") or []):
        return False
    rep = case.get("representative") if isinstance(case.get("representative"), dict) else {}
    who = rep if rep.get("letters_to_representative") is True else case.get("contact")
    return _only_a_phone(who if isinstance(who, dict) else {})


def hazard_recorded(tracker: Tracker) -> bool:
    """A hazard was recorded earlier in this conversation (slot hazard_types, actions/hazards.py), so
    the record made now carries its letters too (the case service attaches the conversation's hazards
    to the case it opens): its acknowledgement and the written summary of the investigation."""
    return bool(tracker.get_slot("hazard_types"))


def say_letters_wait_for_address(dispatcher: CollectingDispatcher, case: Any,
                                 response: str = "utter_letters_no_address", hazard: bool = False) -> None:
    """Staff will ring the resident for an address before the record's letters can go (wording in
    bot/domain/casework.yml); nothing when the letters can go or are held for another reason. With a
    hazard recorded in the conversation (`hazard`: hazard_recorded), the `_hazard` words: the hazard's
    written summary waits for the address too, and the law's time limits for it still apply (the
    hazard reply, said before the contact question, promised to write)."""
    if letters_wait_for_address(case):
        dispatcher.utter_message(response=f"{response}_hazard" if hazard else response)


def reply_for_outcome(dispatcher: CollectingDispatcher, outcome: CreateOutcome,
                      created_response: str, contact: Any = None, hazard: bool = False,
                      **kwargs: Any) -> Optional[str]:
    """Say the standard thing for Queued / Rejected (worded by the record's `contact`: given,
    declined or not asked; queued with a phone number only, that staff will ring for an address:
    the backend will hold the letter carrying the reference, and with a hazard recorded in the
    conversation (`hazard`) the hazard's letters too); return the reference when created."""
    if isinstance(outcome, Created):
        dispatcher.utter_message(response=created_response, reference=outcome.reference,
                                 **kwargs)
        return outcome.reference
    if isinstance(outcome, Queued) and phone_only(contact):
        # the backend will hold the letter with the reference for an address: say so, not "we'll send you"
        dispatcher.utter_message(response="utter_received_queued_no_address_hazard" if hazard
                                 else "utter_received_queued_no_address")
    elif isinstance(outcome, Queued):
        say_not_logged(dispatcher, "utter_received_queued", contact_state(contact))
    elif isinstance(outcome, Rejected):
        say_not_logged(dispatcher, "utter_record_failed", contact_state(contact))
    return None
