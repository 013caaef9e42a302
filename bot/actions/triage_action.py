"""action_triage: triage the resident's message, record the handoff at once, set the route.
A message still unclear after one clarifying question goes to staff (handoff_actions.py)."""
from __future__ import annotations

import dataclasses
import logging
import re
from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import followup, opened_case
from actions.backend_client import Created, Queued, get_client
from actions.complaint_request import COMPLAINT_ASKED, asked_for_complaint, earlier_request
from actions.contact_details import STAFF_HANDOFF
from actions.context import message_context
from actions.handoff_actions import handoff_body, hand_to_staff
from actions.data_rights import contact_update, data_request_kinds
from actions.hazards import REASSESSED, after_triage, follow_emergency
from actions.language import read_welsh
from actions.other_language import other_language
from actions.next_stage import last_stage_of, read_next_stage
from actions.profiles import load_profile
from actions.record_actions import say_emergency_line
from actions.representative import speak_of_their_home
from actions.safeguarding import pickup_when, say_safety, tell_pickup  # noqa: F401 (pickup_when: its tests import it here)
from actions.triage.decision import RECORDED_AS
from actions.triage.flags import abuse_at_home, has_emergency, has_safeguarding, self_harm, threat_to_life
from actions.triage_call import run_triage
from actions.contact_details import contact_from_answer, contact_memory, given_contact
from actions.names import people_in
from actions.ombudsman import asks_ombudsman, only_ombudsman
from actions.parsing import normalise_reference
from actions.withdrawal import OFFER, accepts_offer, declines_offer, previous_action

logger = logging.getLogger(__name__)

# Intents NLU gives a message it cannot place; a case reference in one of them means the resident
# is asking about a case they already have, not raising a new matter.
_UNPLACED = {"nlu_fallback", "inform", "check_status", "escalate_case", None}
_ESCALATE = re.compile(r"\b(escalat\w*|next stage|stage (2|two|3|three)|review|appeal)\b", re.I)


def existing_case_route(intent: str | None, entities: list[dict], text: str,
                        last_stage: int = 2) -> str | None:
    """'case_status' or 'escalation' for a message about an existing case, else None. A message
    about the last stage's handling is not an escalation: its status says the Ombudsman is next."""
    if intent not in _UNPLACED or not any(e.get("entity") == "reference" for e in entities):
        return None
    if read_next_stage(text, last_stage) == "final":
        return "case_status"
    return "escalation" if _ESCALATE.search(text or "") else "case_status"


def route_for(category: str, flags: tuple, clarify_asked: bool) -> str:
    """The conversation branch (slot triage_route; rules in data/rules.yml follow it)."""
    if category == "unclear":
        return "staff" if clarify_asked else "unclear"
    if category == "service_request" and "emergency" in flags:
        return "emergency"
    return category


WELSH_NOTE = ("Written in Welsh ({welsh} of its {words} words are common Welsh words): the triage model reads "
              "English only, so a person decides what this is and replies. The model's guess, not used: ")


def for_staff_if_welsh(decision: Any, text: str) -> Any:
    """A message written mainly in Welsh (actions/language.py) is not placed on the English model's
    guess: category unclear, flagged low_confidence for staff review, with a note for the reviewer.
    The flags read from the words (safeguarding, emergency...) stay. Otherwise None."""
    reading = read_welsh(text)
    if not reading.is_welsh:
        return None
    flags = tuple(dict.fromkeys([*(decision.flags or ()), "low_confidence"]))
    note = WELSH_NOTE.format(welsh=reading.welsh_words, words=reading.words)
    return dataclasses.replace(decision, category="unclear", reason=None, flags=flags, person=None, team=None,
                               explanation=note + decision.explanation)


DATA_REQUEST_NOTE = ("A data-rights request ({kinds}; actions/data_rights.py), not a complaint: for the data "
                     "protection officer, due one month from receipt (UK GDPR art. 12(3)), never excluded under the "
                     "complaint time limit. The model's guess, not used: ")


CONTACT_UPDATE_NOTE = ("A routine contact update (a new address, phone number or e-mail; actions/data_rights.py): "
                       "update the resident's contact on our records. Not a data-rights request. The model's guess, "
                       "not used: ")


def for_the_dpo(decision: Any, text: str) -> tuple[tuple[str, ...], Any]:
    """A data-rights request in the message (actions/data_rights.py): its kinds, sent with the handoff
    so the backend records it for the DPO with its due date. A complaint stays a complaint (the
    request is recorded beside it), and so does an emergency or a safeguarding concern; anything else
    (a service request, an exclusion such as the time limit, unclear) is the request alone: a service
    request under the Code (a request, not a complaint: never excluded), handed to staff for the DPO
    with a note. Returns (kinds, the decision to record)."""
    kinds = data_request_kinds(text)
    flags = set(decision.flags or ())
    if decision.category == "complaint" or flags & {"emergency", "safeguarding"}:
        return kinds, decision
    if not kinds:
        if not contact_update(text) or decision.category != "service_request":
            # a contact update is a routing note on a service request: it never changes a category
            # (a compliment that says "we've moved", an old breach of "my new address" stay as read)
            return kinds, decision
        # a new address or phone (hj-09, hj-01): a routine update of the contact, for staff; no DPO
        return kinds, dataclasses.replace(decision, category="service_request", reason=None, person=None, team=None,
                                          explanation=CONTACT_UPDATE_NOTE + decision.explanation)
    return kinds, dataclasses.replace(decision, category="service_request", reason=None, person=None, team=None,
                                      explanation=DATA_REQUEST_NOTE.format(kinds=", ".join(kinds))
                                      + decision.explanation)


def tell_data_request(dispatcher: CollectingDispatcher, outcome: Any, alone: bool) -> None:
    """What happens to a data-rights request: the one-month date the backend counted (or 'within one
    month' if it was queued), that we may ask for ID, and the ICO."""
    due = ((outcome.data.get("data_request") or {}).get("due_text") if isinstance(outcome, Created) else None)
    also = "" if alone else "_also"
    if due:
        dispatcher.utter_message(response=f"utter_data_request_recorded{also}", due=due)
    else:
        dispatcher.utter_message(response=f"utter_data_request_recorded{also}_no_date")


OTHER_LANGUAGE_NOTE = ("Written in {language}, not English or Welsh ({english_words} of its {words} words "
                       "are English; actions/other_language.py): the triage model reads English only, so staff "
                       "have it translated and decide what it is. {urgent}The model's guess, not used: ")
URGENT_NOTE = "URGENT: it has words for a hazard or a baby or child ({words}): read it today. "


def for_staff_if_other_language(decision: Any, text: str) -> Any:
    """As for_staff_if_welsh, for a message in another language: unclear, low_confidence, and flagged
    emergency when it has hazard or baby/child words in that language, so staff see it is urgent."""
    found = other_language(text)
    if found is None:
        return None
    urgent = URGENT_NOTE.format(words=", ".join(dict.fromkeys(found.urgent_words))) if found.urgent_words else ""
    flags = tuple(dict.fromkeys([*(decision.flags or ()), "low_confidence", *(["emergency"] if urgent else [])]))
    note = OTHER_LANGUAGE_NOTE.format(urgent=urgent, **dataclasses.asdict(found))  # language, english_words, words
    return dataclasses.replace(decision, category="unclear", reason=None, flags=flags, person=None, team=None,
                               explanation=note + decision.explanation)


ESCALATION_NOTE = ("Decided complaint: the resident asks for an existing complaint to go to the next stage "
                   "(intent escalate_case; Code 6.12: no reason is needed). Recorded at once, before the "
                   "case reference was asked for; linked to the case if the chat escalates it.")
FINAL_STAGE_NOTE = ("The resident is unhappy with how the last stage of a complaint was handled, or asks for a "
                    "stage after it: not an escalation request (there is no further stage; the Housing Ombudsman "
                    "is next, and the resident was told so). For the complaints team to see with that complaint.")
NEXT_STAGE_NOTE = ("The resident asks for a complaint to go to the next stage (Code 6.12: no reason is needed): "
                   "recorded as an escalation request (intent escalate_case) and the case reference asked for; "
                   "linked to the case if the chat escalates it.")


def reference_given(tracker: Tracker, ctx: Any) -> bool:
    """The resident has given a case reference: in this message, or earlier (slot case_reference)."""
    return bool(normalise_reference(ctx.text) or tracker.get_slot("case_reference")
                or any(e.get("entity") == "reference" for e in ctx.entities or []))


def say_escalation_recorded(dispatcher: CollectingDispatcher, tracker: Tracker, ctx: Any) -> None:
    """The request is with the complaints team; "even if you don't have the case reference" only
    when no reference was given."""
    dispatcher.utter_message(response="utter_escalation_request_recorded_with_reference"
                             if reference_given(tracker, ctx) else "utter_escalation_request_recorded")


async def record_escalation_request(dispatcher: CollectingDispatcher, tracker: Tracker,
                                    ctx: Any) -> list[dict[str, Any]]:
    """An escalation request is recorded as a complaint handoff at once, so staff see it even if the
    resident never gives (or cannot find) the case reference; ActionEscalateCase links it to the
    case once escalated. Flags (safeguarding, emergency) come from the triage of the same words."""
    client = get_client()
    decision = run_triage(ctx, await load_profile(client, ctx.profile_id))
    flags = tuple(f for f in (decision.flags or ()) if f != "low_confidence")
    if "safeguarding" in flags:
        say_safety(dispatcher, tracker, ctx.text)  # once per conversation (hg-11)
    pending = tracker.get_slot("escalation_handoff_id")
    if pending is not None and "safeguarding" not in flags:
        # asked again before the first request reached its case: kept with that handoff, not a second
        outcome = await followup.add_to_handoff(tracker, pending, ctx)
        if isinstance(outcome, (Created, Queued)) or getattr(outcome, "held", False):
            say_escalation_recorded(dispatcher, tracker, ctx)
        logger.info("escalation request repeated conversation=%s handoff=%s", ctx.sender_id, pending)
        return []
    category, reason = RECORDED_AS["escalate_case"]
    outcome = await client.create_handoff({
        **handoff_body(ctx, category, reason, ctx.confidence, flags,
                       f"{ESCALATION_NOTE} The model on the same words: {decision.explanation}"),
        "intent": ctx.intent or "escalate_case"})
    if "safeguarding" in flags:
        tell_pickup(dispatcher, outcome)
    if isinstance(outcome, (Created, Queued)):
        say_escalation_recorded(dispatcher, tracker, ctx)
    handoff_id = outcome.id if isinstance(outcome, Created) else None
    logger.info("escalation request recorded conversation=%s handoff=%s", ctx.sender_id, handoff_id)
    return [SlotSet("escalation_handoff_id", handoff_id)] + remember_escalation_request(handoff_id)


def tell_final_stage(dispatcher: CollectingDispatcher, outcome: Any, profile: dict) -> None:
    """About the last stage's handling: what we did with it (only if it was kept) and that the
    Housing Ombudsman is next."""
    stages = [s for s in profile.get("stages") or [] if isinstance(s, dict)]
    last = max(stages, key=lambda s: s.get("number") or 0) if stages else {}
    if isinstance(outcome, (Created, Queued)):
        dispatcher.utter_message(response="utter_final_stage_recorded")
    dispatcher.utter_message(response="utter_final_stage_ombudsman",
                             stage_name=last.get("name") or f"Stage {last_stage_of(profile)}")


def remember_escalation_request(handoff_id: Optional[int]) -> list[dict[str, Any]]:
    """The escalation request's handoff is the last record (until the case itself is escalated):
    a later new-looking message is asked about and, if the same matter, kept with it."""
    return followup.remember_record(f"{followup.HANDOFF_PREFIX}{handoff_id}" if handoff_id else None,
                                    "escalation")


def complaint_asked(route: str, hazard_events: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """A complaint the resident asked for goes to the form, not the offer: its route (or, when the
    household question comes first, the route resumed after it) becomes COMPLAINT_ASKED."""
    if route == "complaint":
        return COMPLAINT_ASKED, hazard_events
    if route == "hazard_household":
        return route, [SlotSet("hazard_next_route", COMPLAINT_ASKED)
                       if e.get("name") == "hazard_next_route" and e.get("value") == "complaint" else e
                       for e in hazard_events]
    return route, hazard_events


def offers_since_triage(events: list[dict[str, Any]]) -> int:
    """How many times the complaint offer was made since the triage last chose a route."""
    count = 0
    for event in reversed(events or []):
        if event.get("event") == "slot" and event.get("name") == "triage_route":
            break
        count += event.get("event") == "action" and event.get("name") == OFFER
    return count


class ActionTriage(Action):
    def name(self) -> str:
        return "action_triage"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict) -> list[dict[str, Any]]:
        ctx = own = message_context(tracker)  # own: this message's words, without any held ones
        at_offer = previous_action(tracker.events) == OFFER
        danger = has_safeguarding(ctx.text) or has_emergency(ctx.text)
        if asks_ombudsman(ctx.text) and not danger:
            # residents may contact the Ombudsman at any time: answered first, whatever else is said
            dispatcher.utter_message(response="utter_ombudsman_details")
            if at_offer and not declines_offer(tracker):
                return [FollowupAction(OFFER)]  # the complaint offer still stands: asked again
            if only_ombudsman(ctx.text) and not declines_offer(tracker):
                if not tracker.get_slot(followup.LAST_REFERENCE):
                    dispatcher.utter_message(response="utter_ombudsman_tell_us")
                return [SlotSet("triage_route", "ombudsman")]
        if declines_offer(tracker) and not (has_safeguarding(ctx.text) or has_emergency(ctx.text)):
            # "no just sort it, the mould is the main thing": the answer to the complaint offer, not
            # a new report. As the "No" button: the message triaged before is recorded as a service
            # request (contact details first); these words stay in the record's transcript. A danger
            # in them is triaged as ever (never lost in a "no").
            logger.info("complaint offer declined conversation=%s", ctx.sender_id)
            return [SlotSet("triage_route", "service_request"), SlotSet("clarify_asked", False)]
        if accepts_offer(tracker) and not (has_safeguarding(ctx.text) or has_emergency(ctx.text)):
            # "yes a complaint but anonymous" filed under another intent: the yes to the offer, not a
            # new report (never re-triaged and offered again); the complaint form reads the rest
            logger.info("complaint offer accepted in words conversation=%s", ctx.sender_id)
            return [FollowupAction("complaint_form")]
        contact = given_contact(contact_from_answer(ctx.text, people_in(tracker.latest_message))) \
            if at_offer and not danger else None
        if contact:
            # contact details typed as the answer to the offer (no button to press): kept for the
            # record, never triaged as a new message (no handoff holding just them); the offer is
            # asked once more, and a second such answer is taken as the "No" (recorded as a request)
            if offers_since_triage(tracker.events) >= 2:
                return contact_memory(contact) + [SlotSet("triage_route", "service_request"),
                                                  SlotSet("clarify_asked", False)]
            dispatcher.utter_message(response="utter_offer_contact_kept")
            return contact_memory(contact) + [FollowupAction(OFFER)]
        held = followup.held_context(tracker)
        if held is not None and ctx.intent == "deny":  # "Something new": the held message, as it was
            ctx = held
        else:
            case_route = existing_case_route(ctx.intent, ctx.entities, ctx.text,
                                             last_stage_of(await load_profile(get_client(), ctx.profile_id)))
            if case_route == "escalation":
                return await record_escalation_request(dispatcher, tracker, ctx) + [
                    SlotSet("triage_route", case_route)]
            if case_route:
                return [SlotSet("triage_route", case_route)]
            ctx = followup.with_held(tracker, own)
        client = get_client()
        profile = await load_profile(client, ctx.profile_id)
        decision = run_triage(ctx, profile)
        welsh = for_staff_if_welsh(decision, ctx.text)
        foreign = None if welsh else for_staff_if_other_language(decision, ctx.text)
        decision = welsh or foreign or decision
        data_kinds, routed = ((), decision) if welsh or foreign else for_the_dpo(decision, ctx.text)
        data_alone, decision = routed is not decision, routed  # the request alone: for staff and the DPO
        flags = tuple(decision.flags or ())
        stage_reading = read_next_stage(ctx.text, last_stage_of(profile))
        if ctx is not held and opened_case.answered_what_next(dispatcher, tracker, ctx.text):
            return [SlotSet("triage_route", REASSESSED)]  # said from the case just opened: nothing asked
        if ctx is not held and followup.should_ask(tracker, flags) and stage_reading is None:
            # after a record: same matter or something new? No new record until answered, but the
            # words are kept with the last record now, in case the resident never answers.
            # A hazard it describes (damp and mould now as well) starts its Awaab's Law clock now,
            # whatever the answer: recorded and its deadlines told (no household question here).
            # A message while one is held did not answer the question: asked once more, plainly.
            again = held is not None
            outcome = await followup.send_to_record(tracker, own)  # its own words: the held ones are there
            hazard_route, hazard_events, _ = await after_triage(dispatcher, tracker, ctx, profile, None, decision,
                                                                "followup")
            if hazard_route == REASSESSED and not again:
                # it re-assessed a hazard ("I've got a newborn now"): about that matter, not asked
                followup.say_added(dispatcher, tracker.get_slot(followup.LAST_REFERENCE), outcome,
                                   tracker, reassessed=True)
                logger.info("follow-up reassessed conversation=%s reference=%s kept=%s", ctx.sender_id,
                            tracker.get_slot(followup.LAST_REFERENCE), type(outcome).__name__)
                return [SlotSet(followup.HELD, None), SlotSet("triage_route", REASSESSED)] + hazard_events
            logger.info("follow-up held conversation=%s reference=%s kept=%s again=%s", ctx.sender_id,
                        tracker.get_slot(followup.LAST_REFERENCE), type(outcome).__name__, again)
            return [SlotSet(followup.HELD, followup.hold(ctx, again)),
                    SlotSet("triage_route", "followup_again" if again else "followup")] + hazard_events

        if "safeguarding" in flags:
            say_safety(dispatcher, tracker, ctx.text)  # once per conversation (hg-11)

        # in Welsh: straight to staff, never a reply on the model's guess (nor an English clarifying question)
        route = "staff" if welsh or foreign or data_alone else route_for(
            decision.category, flags, bool(tracker.get_slot("clarify_asked")))
        escalation = route == "complaint" and stage_reading == "escalate"
        final_stage = route == "complaint" and stage_reading == "final"
        note = NEXT_STAGE_NOTE if escalation else FINAL_STAGE_NOTE if final_stage else None
        body = handoff_body(ctx, decision.category, decision.reason, decision.confidence, flags,
                            f"{note} {decision.explanation}" if note else decision.explanation)
        if data_kinds:
            body["data_request"] = list(data_kinds)
        outcome = await client.create_handoff({**body, "intent": "escalate_case"} if escalation else body)
        handoff_id = outcome.id if isinstance(outcome, Created) else None
        if data_kinds:
            tell_data_request(dispatcher, outcome, data_alone)
        if "safeguarding" in flags:
            tell_pickup(dispatcher, outcome, profile=profile)
        escalation_events = []
        if escalation:  # the case reference is asked for next (escalation_form), not a new complaint
            route = "escalation"
            if isinstance(outcome, (Created, Queued)):
                say_escalation_recorded(dispatcher, tracker, ctx)
            escalation_events = [SlotSet("escalation_handoff_id", handoff_id)] + remember_escalation_request(handoff_id)
        elif final_stage:  # no further stage with us: the Ombudsman is next (said here; rules: route final_stage)
            route = "final_stage"
            tell_final_stage(dispatcher, outcome, profile)
        elif route == "complaint" and "safeguarding" in flags and (
                threat_to_life(ctx.text) or self_harm(ctx.text)):
            # a threat to life, or a risk to the resident's own (suicide, self-harm), is not met with a
            # complaint form: the flagged handoff (the matter as triaged, kept for staff) goes to a
            # person (the duty inbox is alerted), who needs a safe way to reach the resident (asked next)
            route = "staff"
        elif route == "excluded" and decision.reason == "asb" and abuse_at_home(ctx.text):
            # abuse by a partner, an ex or someone in the home is not a neighbour's anti-social
            # behaviour: no exclusion (nor its Ombudsman review line); the safeguarding handoff goes
            # to a person, and a repair it reports goes with the contact (record_staff_handoff, hF-17)
            route = "staff"
        route, hazard_events, hazard_emergency = await after_triage(dispatcher, tracker, ctx, profile, handoff_id,
                                                                    decision, route)
        if hazard_emergency:  # an emergency hazard makes the record an emergency too (hF-26)
            flags, route = follow_emergency(flags, route)
        if "emergency" in flags and route == "complaint":
            # an emergency in a complaint (the offer comes next): the line now, not after the form (hE-08)
            say_emergency_line(dispatcher, tracker)
        if asked_for_complaint(ctx.text, ctx.intent, earlier_request(tracker.events)):
            # "I want to make a formal complaint about ...": the form at once, no offer (complaint_request.py)
            route, hazard_events = complaint_asked(route, hazard_events)
        # still unclear: for staff, who can answer only if they can reach the resident (asked next)
        staff_events = hand_to_staff(dispatcher, tracker, body, welsh=bool(welsh),
                                     other_language=bool(foreign)) if route == "staff" \
            else [SlotSet(STAFF_HANDOFF, None)]
        logger.info("triaged conversation=%s handoff=%s category=%s reason=%s route=%s",
                    ctx.sender_id, handoff_id, decision.category, decision.reason, route)
        return [
            SlotSet("triage_category", decision.category),
            SlotSet("triage_reason", decision.reason),
            SlotSet("triage_flags", list(flags)),
            SlotSet("triage_topic", decision.topic),
            SlotSet("triage_person", decision.person),
            SlotSet("triage_team", decision.team),
            SlotSet("triage_explanation", decision.explanation),
            SlotSet("handoff_id", handoff_id),
            SlotSet("triage_text", ctx.text),
            SlotSet("triage_received_at", ctx.received_at),
            SlotSet("triage_key", ctx.idempotency_key),
            SlotSet("triage_profile", ctx.profile_id),
            SlotSet("triage_channel", ctx.channel),
            SlotSet("clarify_asked", route == "unclear"),
            SlotSet("triage_route", route),
            SlotSet(followup.HELD, None),
        ] + escalation_events + hazard_events + staff_events + speak_of_their_home(dispatcher, tracker, ctx.text)
