"""Handing a message to staff: the triage could not place it after one clarifying question (route
`staff`), or the resident asked for a person (action_request_human).

Staff cannot reply in the chat, so a handoff alone promises nothing. The handoff is recorded at once
(nothing is lost if the resident leaves; a safeguarding alert goes at once), then record_contact_form
asks how staff can reach the resident (not again if they gave details earlier in the conversation),
then the same handoff is sent again with the contact, or with the mark that they chose to give none
(the backend adds it to the handoff), and the resident is told what will really happen: staff reply
by e-mail or phone, or staff will read it but cannot answer, with the landlord's number if one is
configured. The wording is in the domain (bot/domain/casework.yml)."""
from __future__ import annotations

import logging
from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.backend_client import Created, get_client
from actions.contact_details import STAFF_HANDOFF, contact_body, known_contact
from actions.context import message_context, slim_entities
from actions.followup import HANDOFF_PREFIX, remember_record
from actions.record_actions import emergency_phone, record_repair_with_disclosure, say_repair_beside
from actions.record_fields import api_flags, reply_phone

logger = logging.getLogger(__name__)

ASKED_FOR_A_PERSON = "The resident asked to speak to a person."


def handoff_body(ctx: Any, category: str, reason: Optional[str], confidence: float, flags: Any,
                 explanation: str) -> dict[str, Any]:
    """The handoff the backend records for the resident's message (POST /api/v1/handoffs)."""
    return {
        "idempotency_key": ctx.idempotency_key, "conversation_id": ctx.sender_id,
        "message_id": ctx.message_id, "text": ctx.text, "received_at": ctx.received_at,
        "channel": ctx.channel, "profile": ctx.profile_id, "category": category, "reason": reason,
        "confidence": round(float(confidence or 0.0), 4), "intent": ctx.intent,
        "entities": slim_entities(ctx.entities), "flags": api_flags(flags), "explanation": explanation,
    }


def hand_to_staff(dispatcher: CollectingDispatcher, tracker: Tracker, body: dict[str, Any],
                  welsh: bool = False, other_language: bool = False) -> list:
    """After the handoff for staff is recorded: keep it for its contact (record_contact_form comes
    next) and, unless the resident already gave details, say why they are asked. A message written
    in Welsh is told, in Welsh and English, that a member of staff will reply; one in another language
    (actions/other_language.py), in plain English, that staff will have it translated, and the emergency
    line in case of danger (the chat cannot read how urgent it is)."""
    known = known_contact(tracker)
    if welsh:
        dispatcher.utter_message(response="utter_handoff_welsh" if known else "utter_handoff_welsh_ask_contact")
    elif other_language:
        dispatcher.utter_message(response="utter_handoff_other_language" if known
                                 else "utter_handoff_other_language_ask_contact")
        if emergency_phone():
            dispatcher.utter_message(response="utter_other_language_emergency_line", emergency_phone=emergency_phone())
        else:
            dispatcher.utter_message(response="utter_other_language_emergency_line_no_number")
    elif not known:
        dispatcher.utter_message(response="utter_handoff_ask_contact_why")
    return [SlotSet(STAFF_HANDOFF, body)]


class ActionRequestHuman(Action):
    """The resident asked for a person: record the handoff now; contact details are asked next."""

    def name(self) -> str:
        return "action_request_human"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict) -> list[dict[str, Any]]:
        ctx = message_context(tracker)
        body = {**handoff_body(ctx, "unclear", None, ctx.confidence, (), ASKED_FOR_A_PERSON),
                "text": ctx.text or "(asked for a person)"}
        await get_client().create_handoff(body)
        return hand_to_staff(dispatcher, tracker, body)


def say_what_happens_next(dispatcher: CollectingDispatcher, contact: dict[str, Any]) -> None:
    """The truth about the reply: by the route the resident gave, or none (and how to call us)."""
    routes = [r for r in ("email", "phone") if contact.get(r)]  # an anonymous resident's too
    if contact.get("preferred_channel") in routes:  # the way they chose, else the one they gave
        routes.insert(0, contact["preferred_channel"])
    if routes:
        dispatcher.utter_message(response=f"utter_handoff_staff_{routes[0]}")
    elif reply_phone():
        dispatcher.utter_message(response="utter_handoff_staff_no_contact", phone=reply_phone())
    else:
        dispatcher.utter_message(response="utter_handoff_staff_no_contact_no_number")


async def record_staff_handoff(dispatcher: CollectingDispatcher, tracker: Tracker) -> list:
    """Run by action_record_after_contact: the waiting handoff goes again with its contact (or the
    declined mark), then the resident is told what happens next."""
    body = dict(tracker.get_slot(STAFF_HANDOFF) or {})
    contact = contact_body(tracker)
    outcome = None
    if body.get("idempotency_key") and body.get("text"):
        outcome = await get_client().add_handoff_contact({**body, "contact": contact} if contact else body)
    repair = await record_repair_with_disclosure(tracker, contact)
    say_what_happens_next(dispatcher, contact)
    repair_events = say_repair_beside(dispatcher, repair, contact, tracker) if repair is not None else []
    logger.info("staff handoff contact conversation=%s handoff=%s given=%s declined=%s",
                tracker.sender_id, outcome.id if isinstance(outcome, Created) else None,
                bool(contact.get("email") or contact.get("phone")), bool(contact.get("declined")))
    handoff_id = outcome.id if isinstance(outcome, Created) else None
    # a later message may be about the same matter: kept with this handoff (followup.py)
    # the repair, when recorded, is the record a later message is asked about
    return [SlotSet(STAFF_HANDOFF, None)] + (repair_events or remember_record(
        f"{HANDOFF_PREFIX}{handoff_id}" if handoff_id else None, "handoff"))
