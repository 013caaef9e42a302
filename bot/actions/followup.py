"""A resident's next message after this conversation recorded something with a reference.

"The leak is getting worse now" after a service request is usually the same matter: one question
comes before anything new is recorded (action_triage holds the message in slot held_message and
asks utter_ask_same_matter). The held words are added to that record at once (send_to_record), so
they are kept even if the resident never answers: the record's transcript is this conversation.
"The same matter" (affirm): action_add_to_record sends them again (the backend adds a message id
once) and tells the resident they are on that record's transcript (POST /api/v1/cases/{reference}/messages; the backend takes it only from
the conversation that opened the case). A message handed to staff has no case: the later message is
kept with that handoff (POST /api/v1/handoffs/{id}/messages, the same rule). "Something new" (deny):
action_triage triages the held message as it would have been (a new record; its words also stay
in the earlier record's transcript, where they were said). An answer that is neither (another
message about the problem) joins the held words and the question is asked once more, plainly
(route followup_again); a second such answer is triaged with them as a new matter, so the
conversation never loops. Emergencies and safeguarding are never held (triage_action.py).
Wording: bot/domain/followup.yml; which answer does what: bot/data/rules.yml "after a record"."""
from __future__ import annotations

import dataclasses
import logging
from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.backend_client import Created, Queued, Rejected, get_client
from actions.contact_details import conversation_contact_state
from actions.context import MessageContext, message_context
from actions.record_fields import say_not_logged
from actions.safeguarding import check_answer

logger = logging.getLogger(__name__)

LAST_REFERENCE = "last_reference"  # the last record this conversation made (any kind)
LAST_KIND = "last_record_kind"     # its kind, for the question's wording
HELD = "held_message"              # the message waiting for the answer
URGENT = ("emergency", "safeguarding")
HANDOFF_PREFIX = "handoff:"  # last_reference of a message handed to staff (no case): handoff:<id>
ASKED_AGAIN = "asked_again"  # in held_message: the question has been asked a second time


def remember_record(reference: Optional[str], kind: str) -> list[dict[str, Any]]:
    """Events for an action that just recorded something: the reference, if the backend gave one."""
    return [SlotSet(LAST_REFERENCE, reference), SlotSet(LAST_KIND, kind)] if reference else []


def should_ask(tracker: Tracker, flags: Any) -> bool:
    """Ask 'same matter or something new?' before recording a message that would be a new matter."""
    if not tracker.get_slot(LAST_REFERENCE) or tracker.get_slot("clarify_asked") or asked_again(tracker):
        return False
    return not any(f in URGENT for f in (flags or ()))


def asked_again(tracker: Tracker) -> bool:
    """The held message's question has been asked twice: the next message is not held again."""
    data = tracker.get_slot(HELD)
    return isinstance(data, dict) and bool(data.get(ASKED_AGAIN))


def hold(ctx: MessageContext, again: bool = False) -> dict[str, Any]:
    """The held_message slot: the message (its words, id and time), and whether this is the
    question's second asking."""
    data = dataclasses.asdict(ctx)
    data.pop("sender_id", None)
    data[ASKED_AGAIN] = again
    return data


def held_context(tracker: Tracker) -> Optional[MessageContext]:
    """The held message as a MessageContext (its own id, time and words), or None."""
    data = tracker.get_slot(HELD)
    if not isinstance(data, dict) or not data.get("text"):
        return None
    fields = {f.name for f in dataclasses.fields(MessageContext)}
    return MessageContext(**{k: v for k, v in data.items() if k in fields}, sender_id=tracker.sender_id)


def with_held(tracker: Tracker, ctx: MessageContext) -> MessageContext:
    """A new message while one is held (not an answer to the question): both, in order, under the
    new message's id, so nothing the resident said is lost whichever way it goes."""
    held = held_context(tracker)
    if held is None:
        return ctx
    return dataclasses.replace(ctx, text=f"{held.text}\n{ctx.text}", received_at=held.received_at)


def case_message_body(tracker: Tracker, held: MessageContext) -> dict[str, Any]:
    key = f"{tracker.get_slot(LAST_REFERENCE)}:{held.idempotency_key}"
    return {"idempotency_key": key, "conversation_id": tracker.sender_id,
            "message_id": held.message_id or str(held.turn_index), "text": held.text,
            "received_at": held.received_at}


async def add_to_handoff(tracker: Tracker, handoff_id: Any, ctx: MessageContext, text: Optional[str] = None):
    """Words kept with a handoff this conversation made (an escalation request not yet linked to its
    case): the same matter, so no second handoff. `text`: the words to keep, else the message's."""
    body = {**case_message_body(tracker, ctx), "text": text or ctx.text,
            "idempotency_key": f"{HANDOFF_PREFIX}{handoff_id}:{ctx.idempotency_key}"}
    return await get_client().add_handoff_message(int(handoff_id), body)


async def send_to_record(tracker: Tracker, held: MessageContext):
    """The held words to the last record this conversation made (its case, or its handoff). Queued
    when the backend is down; a refusal goes to the staff queue with the text (backend_client)."""
    reference, client = tracker.get_slot(LAST_REFERENCE), get_client()
    body = case_message_body(tracker, held)
    if reference.startswith(HANDOFF_PREFIX):  # a message handed to staff: no case, kept with it
        return await client.add_handoff_message(int(reference[len(HANDOFF_PREFIX):]), body)
    return await client.add_case_message(reference, body)


def say_added(dispatcher: CollectingDispatcher, reference: str, outcome: Any, tracker: Tracker,
              reassessed: bool = False) -> None:
    """What became of words sent to the last record (send_to_record's outcome). `reassessed`: they
    re-assessed a hazard (hazards.reassess_later, whose reply said what changed), so the reply does
    not say the dates stand."""
    said = "utter_added_to_handoff" if reference.startswith(HANDOFF_PREFIX) else "utter_added_to_record"
    if isinstance(outcome, Created):
        dispatcher.utter_message(response=f"{said}_reassessed" if reassessed else said, reference=reference)
    elif isinstance(outcome, Queued):
        dispatcher.utter_message(response=f"{said}_later", reference=reference)
    elif isinstance(outcome, Rejected) and outcome.held:
        dispatcher.utter_message(response=f"{said}_by_staff", reference=reference)
    else:
        say_not_logged(dispatcher, "utter_record_failed", conversation_contact_state(tracker))


class ActionAddToRecord(Action):
    """'The same matter': the held message goes to the last record, and the resident is told so."""

    def name(self) -> str:
        return "action_add_to_record"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict) -> list[dict[str, Any]]:
        reference = tracker.get_slot(LAST_REFERENCE)
        held = held_context(tracker) or message_context(tracker)
        if not reference:  # nothing to add to (cannot happen through the rules): say nothing false
            say_not_logged(dispatcher, "utter_record_failed", conversation_contact_state(tracker))
            return [SlotSet(HELD, None)]
        outcome = await send_to_record(tracker, held)
        answer = message_context(tracker)
        flagged: list[dict[str, Any]] = []
        if answer.message_id != held.message_id and answer.text and not answer.text.startswith("/"):
            # a typed answer is words too ("the same, and now the ceiling's stained"): on the record
            # after the held message, under its own id (a button's payload says nothing more), and
            # checked for a safeguarding disclosure as any message is (safeguarding.py)
            await send_to_record(tracker, answer)
            flagged = await check_answer(dispatcher, tracker, f"when adding to {reference}", answer)
        say_added(dispatcher, reference, outcome, tracker)
        logger.info("follow-up conversation=%s reference=%s outcome=%s", tracker.sender_id, reference,
                    type(outcome).__name__)
        return [SlotSet(HELD, None), SlotSet("triage_route", None)] + flagged
