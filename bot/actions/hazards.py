"""Awaab's Law in the conversation (docs/hazards.md).

after_triage() is called by action_triage once the message's handoff is recorded: it recognises a
hazard in the message whatever its category, records a hazard beside the handoff (the backend
computes the statutory deadlines from the receipt time it holds), and either tells the resident
what happens next and by when, or, when the answer could make it an emergency, asks one short
question about who lives there first (route `hazard_household`, then hazard_household_form and
action_hazard_household, which tells the deadlines and resumes the route the triage chose).
A hazard problem never stops the triage: the handoff is already recorded for staff."""
from __future__ import annotations

import datetime as dt
import logging
from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.backend_client import Created, Queued, get_client
from actions.contact_details import known_contact
from actions.context import MessageContext, message_context
from actions.dates import LONDON, format_date
from actions.followup import HANDOFF_PREFIX, LAST_REFERENCE
from actions.hazard_advice import advise, conversation_text, kinds_for
from actions.hazard_recognition import UNSPECIFIED, household, household_answer, recognise
from actions.record_actions import say_emergency_line
from actions.record_fields import NO_ADDRESS, phone_only
from actions.safeguarding import SafeguardingFormValidation

logger = logging.getLogger(__name__)

VULNERABILITIES = "hazard_vulnerabilities"  # slot: who is at greater risk, as told in this conversation
ASK_ROUTES = {"complaint", "service_request", "excluded", "unclear", "compliment"}
# Routes after which this conversation opens no record (handed to staff, the last stage's handling, an
# escalation of a case by its reference, a message kept with the record already made): the hazard
# keeps only its handoff (or not even that), and the case service writes a hazard's letters only under
# a case (hazards.service._queue_letter), so the reply promises no letter, only what the law requires.
# When the conversation has already opened a case (a hazard first mentioned in a later message: "oh and
# there's mould in the baby's room now"), the hazard joins that case instead (conversation_case), so its
# letters are written after all: whether they are is read from the backend's reply (letters_follow).
NO_RECORD_ROUTES = {"staff", "final_stage", "escalation", "followup"}
# A later message that re-assessed a hazard (reassess_later) after a record was about that matter: its
# words are on the record, and "same matter or something new?" is not asked (triage_action)
REASSESSED = "followup_added"
NAMES = {"damp_mould": "damp and mould", "gas_co": "gas or carbon monoxide", "electrical": "electrical hazard",
         "fire": "fire hazard", "structural": "structural problem",
         "excess_cold": "lack of heating or hot water",
         "excess_heat": "overheating", "hygiene": "sanitation problem", "falls": "risk of falls",
         "water_supply": "lack of water"}


def hazard_clocks_apply(profile: dict) -> bool:
    """The profile's awaabs_law setting; unset means on for landlords in England."""
    setting = profile.get("awaabs_law")
    if setting is None:
        return (profile.get("nation") or "england") == "england"
    return bool(setting)


def when(deadline: dict) -> Optional[str]:
    """'4:30pm on Friday 25 December 2026' (clock hours) or 'Tuesday 12 January 2027' (days)."""
    if deadline.get("unit") == "hours" and deadline.get("due_at"):
        local = dt.datetime.fromisoformat(deadline["due_at"]).astimezone(LONDON)
        hour = local.strftime("%I:%M%p").lstrip("0").lower()
        return f"{hour} on {format_date(local)}"
    return format_date(deadline.get("due_on"))


def conversation_case(tracker: Tracker) -> Optional[str]:
    """The last case this conversation made or matched (slot last_reference: set only from the case
    service's replies, never from what the resident typed), or None (none yet, or a handoff). The
    backend checks it again: a case not opened in (or verified by) this conversation is refused."""
    reference = tracker.get_slot(LAST_REFERENCE)
    if not isinstance(reference, str) or not reference or reference.startswith(HANDOFF_PREFIX):
        return None
    return reference


def letters_follow(view: dict, route: str) -> bool:
    """Whether the hazard's letters will be written: it has a case now (the backend's reply), or a
    record follows in this conversation that it will be attached to."""
    return bool(view.get("case_id")) or route not in NO_RECORD_ROUTES


def summary_response(view: dict, contact: Any = None, record_follows: bool = True,
                     declined: bool = False) -> str:
    """Which significant-hazard reply tells the truth about the written summary's letter.
    Under a case, the backend's reply says what it did with the hazard's letter (letter_held_for,
    letter_address_wanted: hazards.service.letters_of), whatever this conversation knows of the case's
    contact (none, for a case proved in a status check) and whether the resident declined to give any
    here: queued to go, or held only for a format staff prepare, is "we will write to you"
    (utter_hazard_significant: the case's own details carry it). Held for an address: declining
    (`declined`) is utter_hazard_significant_declined ("we can't send it"); staff ringing the resident
    for one is utter_hazard_significant_no_address; no one to ring (or the representative's) is
    utter_hazard_significant_no_case (staff arrange it; get in touch).
    With no case yet: declining keeps its words; `contact` is the details given earlier in the
    conversation, a phone number and no e-mail or postal address (record_fields.phone_only) means the
    summary waits for staff to ring for one; when no record follows (`record_follows` False:
    letters_follow) no letter is written, so the reply says the law's duty and that staff arrange the
    written summary."""
    held = view.get("letter_held_for")
    if view.get("case_id") and isinstance(held, list):
        wanted = view.get("letter_address_wanted")
        wanted = wanted if isinstance(wanted, dict) else {}
        if NO_ADDRESS not in held and not wanted:  # queued, or held only for a format: it goes
            return "utter_hazard_significant"
        if declined:
            return "utter_hazard_significant_declined"
        if wanted.get("staff_will_ring") is True and wanted.get("whose") == "resident":
            return "utter_hazard_significant_no_address"
        return "utter_hazard_significant_no_case"
    return ("utter_hazard_significant_declined" if declined
            else "utter_hazard_significant_no_case" if not record_follows
            else "utter_hazard_significant_no_address" if phone_only(contact)
            else "utter_hazard_significant")


def household_raised(view: dict, vulnerabilities: list, contact: Any = None, record_follows: bool = True,
                     declined: bool = False) -> str:
    """The reply when who lives there made it an emergency. "Someone, not who" says staff may ask
    who, unless no one can reach the resident: exactly where the significant reply would say we
    can't send anything (summary_response gives utter_hazard_significant_declined: declined, and no
    case holding details to write to). A case that exists has its own details: staff may ask."""
    if vulnerabilities != [UNSPECIFIED]:
        return "utter_hazard_household_raises"
    if summary_response(view, contact, record_follows, declined) == "utter_hazard_significant_declined":
        return "utter_hazard_household_raises_unspecified_declined"
    return "utter_hazard_household_raises_unspecified"


def tell(dispatcher: CollectingDispatcher, view: dict, contact: Any = None, record_follows: bool = True,
         declined: bool = False, tracker: Any = None, text: Optional[str] = None) -> None:
    """What happens next and by when, somewhere else to stay, and how to complain; for a significant
    hazard, what is true about its written summary's letter (summary_response); for an emergency, the
    advice that fits it (`text`: the resident's words; hazard_advice.advise, once per turn)."""
    name = view.get("told") or NAMES.get(view.get("hazard_type"), "hazard")
    ref = view.get("reference")
    first = next((d for d in view.get("deadlines") or [] if d.get("due_at")), None)
    if not view.get("in_force") or first is None:
        dispatcher.utter_message(response="utter_hazard_not_in_force", hazard=name, reference=ref)
        return
    if view.get("severity") == "emergency":
        dispatcher.utter_message(response="utter_hazard_emergency", hazard=name, due=when(first),
                                 reference=ref)
        advise(dispatcher, tracker, kinds_for(text, [view.get("hazard_type")]))
    else:
        dispatcher.utter_message(response=summary_response(view, contact, record_follows, declined),
                                 hazard=name, due=when(first), reference=ref)
    dispatcher.utter_message(response="utter_hazard_accommodation")


def follow_emergency(flags: Any, route: str) -> tuple[tuple, str]:
    """An emergency hazard in the message (the backend's assessment: a danger in the words, or who
    lives there) makes the message's record an emergency, whatever the triage's lexicon read
    (triage/flags.py has fewer words than hazard_recognition.py, hF-26): the emergency flag goes on the
    record (staff see it; a service request is an emergency repair) and a service request takes the
    emergency route (data/*rules.yml: the emergency line first, then contact details)."""
    flags = tuple(dict.fromkeys([*(flags or ()), "emergency"]))
    return flags, ("emergency" if route == "service_request" else route)


def assessed_emergency(view: Any) -> bool:
    """The hazard view (created, household answered) says it is an emergency."""
    return isinstance(view, dict) and view.get("severity") == "emergency"


async def after_triage(dispatcher: CollectingDispatcher, tracker: Tracker, ctx: MessageContext,
                       profile: dict, handoff_id: Optional[int], decision: Any,
                       route: str) -> tuple[str, list[dict], bool]:
    """(route, events, emergency) after recording any hazard in the message; see the module
    docstring. `emergency`: the hazard recorded for it is an emergency (or, queued, will be: its
    words describe an immediate danger), so the message's record follows (follow_emergency)."""
    try:
        return await _after_triage(dispatcher, tracker, ctx, profile, handoff_id, decision, route)
    except Exception as exc:  # noqa: BLE001 - the handoff is recorded; never lose the triage
        logger.exception("hazard step failed (%s); triage continues", type(exc).__name__)
        return route, [], False


async def _after_triage(dispatcher, tracker, ctx, profile, handoff_id, decision, route):
    # an escalation request still records a hazard it describes (deadlines told, no household
    # question: the escalation form asks for the case reference next)
    if route == "case_status" or not hazard_clocks_apply(profile):
        return route, [], False
    found = recognise(ctx.text, decision.category, decision.reason, tuple(decision.flags or ()))
    reassessed, told = await reassess_later(dispatcher, tracker, ctx)
    if reassessed and route == "followup":
        route = REASSESSED  # about the hazard's matter: added to the record, not asked (action_triage)
    if found is None:
        return route, told, False
    reported = list(tracker.get_slot("hazard_types") or [])
    if found.hazard_type in reported:
        return route, told, False  # already recorded in this conversation
    key = f"{ctx.idempotency_key}:hazard:{found.hazard_type}"
    known = found.household.known or bool(tracker.get_slot("hazard_household_known"))
    # who lives there, as told earlier in this conversation (an earlier hazard's message or answer),
    # goes on this hazard too: the resident is not asked again
    earlier = list(tracker.get_slot(VULNERABILITIES) or [])
    vulnerabilities = list(dict.fromkeys([*found.household.vulnerabilities, *earlier]))
    if found.told:
        # a leak is recorded as damp (the law's investigation deadlines) but is no damp or mould yet: who
        # lives there does not make it an emergency, and they are not asked (a danger in the words still
        # is one: water by the electrics, the triage's emergency flag)
        vulnerabilities = []
    body = {"idempotency_key": key, "hazard_type": found.hazard_type, "conversation_id": ctx.sender_id,
            "received_at": ctx.received_at, "channel": ctx.channel, "profile": ctx.profile_id,
            "emergency_signs": found.emergency_signs, "household_known": known,
            "vulnerabilities": vulnerabilities}
    if handoff_id is not None:
        body["handoff_id"] = handoff_id
    case_reference = conversation_case(tracker) if route in NO_RECORD_ROUTES else None
    if case_reference:  # no record follows: the hazard joins the case the conversation already has
        body["case_reference"] = case_reference
    outcome = await get_client().create_hazard(body)
    events = [SlotSet("hazard_types", reported + [found.hazard_type]), SlotSet("hazard_key", key),
              SlotSet(VULNERABILITIES, vulnerabilities or None)]
    if known:
        events.append(SlotSet("hazard_household_known", True))
    logger.info("hazard conversation=%s type=%s outcome=%s", ctx.sender_id, found.hazard_type,
                type(outcome).__name__)
    if isinstance(outcome, Created):
        view = {**outcome.data, "told": found.told} if found.told else outcome.data
        events.append(SlotSet("hazard_reference", view.get("reference")))
        if view.get("ask_household") and not known and not found.told and route in ASK_ROUTES:
            # the law's deadlines run already (damp and mould), or apply only if the answer makes it
            # an emergency (no heating or hot water this phase): the words say which, never both
            runs = bool(view.get("in_force") and view.get("deadlines"))
            dispatcher.utter_message(response="utter_hazard_noted" if runs else "utter_hazard_noted_assess",
                                     hazard=found.told or NAMES.get(found.hazard_type))
            events.append(SlotSet("hazard_next_route", route))
            return "hazard_household", events, False
        if earlier and not found.household.known:
            dispatcher.utter_message(response="utter_hazard_household_reused")
        tell(dispatcher, view, known_contact(tracker), letters_follow(view, route),
             bool(tracker.get_slot("contact_declined")), tracker, ctx.text)
        return route, events, assessed_emergency(view)
    if isinstance(outcome, Queued):
        dispatcher.utter_message(response="utter_hazard_queued", hazard=found.told or NAMES.get(found.hazard_type))
    # not assessed (queued, or refused): a danger in the words is an emergency (clocks.propose_severity)
    return route, events, found.emergency_signs


async def reassess_later(dispatcher: CollectingDispatcher, tracker: Tracker,
                         ctx: MessageContext) -> tuple[bool, list[dict]]:
    """A later message that names someone at greater risk not told before ("I've got a newborn now",
    "my son has asthma"), in a conversation with a hazard or a case: the backend assesses the
    conversation's hazards again (hazards.reassess: an emergency from now, never a longer timescale,
    the duty inbox alerted) and the resident is told what changed, or that nothing did. The words
    themselves are on the record already (followup.send_to_record, or the message's handoff).
    (reassessed, events): reassessed when the resident was told about the re-assessment (a hazard's
    new assessment, or that it is queued), so the message was about that matter."""
    earlier = list(tracker.get_slot(VULNERABILITIES) or [])
    new = [v for v in household(ctx.text).vulnerabilities if v not in earlier]
    key, case = tracker.get_slot("hazard_key"), conversation_case(tracker)
    if not new or not (key or case):
        return False, []
    body = {"idempotency_key": f"{ctx.idempotency_key}:reassess", "conversation_id": ctx.sender_id,
            "vulnerabilities": new}
    body.update({k: v for k, v in (("hazard_key", key), ("case_reference", case)) if v})
    outcome = await get_client().reassess_hazards(body)
    logger.info("hazard reassess conversation=%s outcome=%s", ctx.sender_id, type(outcome).__name__)
    events = [SlotSet(VULNERABILITIES, earlier + new), SlotSet("hazard_household_known", True)]
    if isinstance(outcome, Queued) and key:
        dispatcher.utter_message(response="utter_hazard_reassess_queued")
        return True, events
    if not isinstance(outcome, Created):
        return False, events
    hazards = [h for h in outcome.data.get("hazards") or [] if isinstance(h, dict)]
    for h in hazards:
        if h.get("raised") and h.get("overdue"):  # its deadline already passed: no date as a promise
            dispatcher.utter_message(response="utter_hazard_reassessed_overdue",
                                     hazard=NAMES.get(h.get("hazard_type")), reference=h.get("reference"))
            advise(dispatcher, tracker, kinds_for(ctx.text, [h.get("hazard_type")]))
            dispatcher.utter_message(response="utter_hazard_accommodation")
        elif h.get("raised"):
            dispatcher.utter_message(response="utter_hazard_reassessed", hazard=NAMES.get(h.get("hazard_type")))
            tell(dispatcher, h, known_contact(tracker), True, bool(tracker.get_slot("contact_declined")),
                 tracker, ctx.text)
    if hazards and not any(h.get("raised") for h in hazards):
        dispatcher.utter_message(response="utter_hazard_reassessed_unchanged",
                                 reference=", ".join(h["reference"] for h in hazards if h.get("reference")))
    return bool(hazards), events


MAX_ANSWER = 500


class ValidateHazardHouseholdForm(SafeguardingFormValidation):
    """An answer that names no one at risk and is not a "no" (say "I don't have the reference") is
    asked once more; a bare "yes" is asked who, and the yes is kept (slot
    hazard_household_said_yes) so a second answer that still names no one is recorded as someone
    at greater risk, not specified. Otherwise the second answer is taken whatever it says, and if
    it still says nothing the household is recorded as not known, never as no one at risk. A long
    answer is cut (recognition reads the first few sentences; the full text stays in the
    conversation)."""

    def name(self) -> str:
        return "validate_hazard_household_form"

    def validate_hazard_household(self, value: Any, dispatcher: CollectingDispatcher,
                                  tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        text = str(value or "").strip()[:MAX_ANSWER]
        if not text:
            return {"hazard_household": None}
        found = household(text, answer=True)
        if found.known or tracker.get_slot("hazard_household_asked_again"):
            return {"hazard_household": text, "hazard_household_asked_again": None}
        if found.said_yes:
            # the form asks again: utter_ask_hazard_household's variation for this slot asks who
            return {"hazard_household": None, "hazard_household_asked_again": True,
                    "hazard_household_said_yes": True}
        dispatcher.utter_message(response="utter_hazard_household_unclear")
        return {"hazard_household": None, "hazard_household_asked_again": True}


class ActionHazardHousehold(Action):
    """After the household question: record the answer, tell the deadlines, resume the route."""

    def name(self) -> str:
        return "action_hazard_household"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict) -> list[dict[str, Any]]:
        answer = household_answer(tracker.get_slot("hazard_household") or "",
                                  said_yes_before=bool(tracker.get_slot("hazard_household_said_yes")))
        key = tracker.get_slot("hazard_key")
        next_route = tracker.get_slot("hazard_next_route") or "service_request"
        emergency = []  # the answer made it an emergency: the message's record follows (follow_emergency)
        if key:
            outcome = await get_client().hazard_household({
                "idempotency_key": f"{message_context(tracker).idempotency_key}:household",
                "hazard_key": key, "vulnerabilities": answer.vulnerabilities, "known": answer.known})
            if isinstance(outcome, Created):
                contact, follows = known_contact(tracker), letters_follow(outcome.data, next_route)
                declined = bool(tracker.get_slot("contact_declined"))
                if outcome.data.get("severity") == "emergency" and answer.vulnerabilities:
                    dispatcher.utter_message(response=household_raised(outcome.data, answer.vulnerabilities,
                                                                       contact, follows, declined))
                tell(dispatcher, outcome.data, contact, follows, declined, tracker, conversation_text(tracker))
                if assessed_emergency(outcome.data):
                    flags, next_route = follow_emergency(tracker.get_slot("triage_flags"), next_route)
                    emergency = [SlotSet("triage_flags", list(flags))]
                    if next_route in ("complaint", "complaint_asked"):
                        # the offer (or the form the resident asked for) comes next: the line now
                        say_emergency_line(dispatcher, tracker)
            else:
                dispatcher.utter_message(response="utter_hazard_queued",
                                         hazard=NAMES.get((tracker.get_slot("hazard_types") or [""])[-1], "hazard"))
        told = list(dict.fromkeys([*(tracker.get_slot(VULNERABILITIES) or []), *answer.vulnerabilities]))
        return [SlotSet("hazard_household", None), SlotSet("hazard_household_known", True),
                SlotSet(VULNERABILITIES, told or None),
                SlotSet("hazard_household_said_yes", None),
                SlotSet("hazard_next_route", None), SlotSet("clarify_asked", next_route == "unclear"),
                SlotSet("triage_route", next_route)] + emergency
