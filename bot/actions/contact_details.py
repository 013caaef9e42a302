"""Contact details for records that promise contact (service requests, emergencies, excluded
matters such as a new ASB report, a message handed to staff): record_contact_form asks once, and the
record goes out with what the resident gave, or with a note that they declined. Details given once
(here or in the complaint form) are kept for the conversation (slot contact_given): the form then
does not ask again. Thin: parsing is in parsing.py."""
from __future__ import annotations

from dataclasses import replace
from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.home_address import with_own_home
from actions.home_postcode import others_home, resident_texts
from actions import introductions
from actions.names import name_in_answer, people_in
from actions.parsing import (mentions_address, parse_contact, postal_address, split_address, wants_anonymity,
                             withholds_name, yes_no)
from actions import representative, safe_contact
from actions.safeguarding import SafeguardingFormValidation

DECLINED = "declined"
CONTACT_GIVEN = "contact_given"  # slot: the details given earlier in this conversation
CONTACT_DECLINED = "contact_declined"  # slot: asked, and chose to give none (until details are given)
STAFF_HANDOFF = "staff_handoff"  # slot: a handoff for staff waiting for its contact (handoff_actions.py)
CONTACT_NAME = "record_contact_name"  # slot: a name given alone, kept until the e-mail or phone comes


def _intent(tracker: Tracker) -> Optional[str]:
    return (tracker.latest_message.get("intent") or {}).get("name")


def contact_from_answer(text: str, people: list[str]) -> dict[str, Any]:
    """'Ann Smith, ann@example.org' -> {"name": "Ann Smith", "email": ..., "preferred_channel": ...};
    a postal address the same way the complaint form takes it (parsing.split_address): letters by post
    when no e-mail or phone came with it. The name is looked for before the address, never in it."""
    route = parse_contact(text)
    address, before = split_address(text)
    other_address, other_postcode = others_home(text, address)
    if other_address:  # someone else's home ("my mum's flat, 12 Oak Road") is not where to reach them
        address = None
    if other_postcode:
        route = replace(route, postcode=None)
    contact: dict[str, Any] = {"anonymous": False}
    if route.email:
        contact["email"] = route.email
    if route.phone:
        contact["phone"] = route.phone
    if route.postcode:
        contact["postcode"] = route.postcode
    if address:
        contact["address"] = address
    if route.email or route.phone:
        contact["preferred_channel"] = route.preferred_channel
    elif address:
        contact["preferred_channel"] = "post"
    # names.py: the resident's own words when they are a name
    name = name_in_answer(before if address else text, people)
    if name:
        contact["name"] = name
    return contact


def _people(tracker: Tracker) -> list[str]:
    return people_in(tracker.latest_message)


def name_only(text: str, people: list[str]) -> Optional[str]:
    """A name given alone ("Dana Whitfield", "it's Mr Khan", "Siân Pritchard"), or picked out of a
    longer answer by the model; None for anything else ("what for?", "not sure", an address)."""
    return name_in_answer(text, people)


def given_contact(contact: Any) -> Optional[dict[str, Any]]:
    """Details staff can reply to (an e-mail or a phone number), else None. An anonymous resident's
    count: anonymous means no name is recorded; what they gave to be reached is kept (casework.contacts)."""
    if not isinstance(contact, dict) or not (contact.get("email") or contact.get("phone")):
        return None
    return {k: v for k, v in contact.items() if k != "declined"}


def known_contact(tracker: Tracker) -> Optional[dict[str, Any]]:
    """The details the resident gave earlier in this conversation, if any."""
    return given_contact(tracker.get_slot(CONTACT_GIVEN))


def contact_state(contact: Any) -> str:
    """What is true about reaching the resident for one record's contact: "given" (an e-mail or
    phone staff can use, or a letter by post to a postal address, anonymous or not), "declined" (asked,
    chose to give none, or anonymous with none), "none" (not asked yet)."""
    if given_contact(contact):
        return "given"
    if isinstance(contact, dict) and (contact.get("declined") or contact.get("anonymous")):
        return "declined"
    if isinstance(contact, dict) and contact.get("preferred_channel") == "post" and contact.get("address"):
        return "given"
    return "none"


def unconsented_representative(body: Any) -> bool:
    """A record made by someone writing for the resident without the resident's consent: no letter
    goes to them, whatever details they gave (the backend sends letters to the resident only, and
    staff may contact them about consent), so the chat promises them none."""
    rep = body.get("representative") if isinstance(body, dict) else None
    return isinstance(rep, dict) and rep.get("consent") is not True


def conversation_contact_state(tracker: Tracker) -> str:
    """The same, for the conversation so far (after its records were made)."""
    if known_contact(tracker):
        return "given"
    return "declined" if tracker.get_slot(CONTACT_DECLINED) else "none"


def contact_memory(contact: Any) -> list[dict[str, Any]]:
    """Slot events keeping what a record's contact says for the rest of the conversation."""
    state, given = contact_state(contact), given_contact(contact)
    if given:
        return [SlotSet(CONTACT_GIVEN, given), SlotSet(CONTACT_DECLINED, None)]
    return [SlotSet(CONTACT_DECLINED, True)] if state == "declined" else []


def writes_for_someone_else(tracker: Tracker) -> bool:
    """The person in the chat said they write for someone else (the complaint form's answer, or their
    words: representative.py) or the triage flagged it: what they typed about a home is not theirs to
    put on their contact."""
    return tracker.get_slot("on_behalf") is True or representative.for_someone_else(tracker)


def contact_body(tracker: Tracker) -> dict[str, Any]:
    """The `contact` field for a record from the form's answer (or the declined note); the details
    given earlier in the conversation when the form did not ask. The postal address and postcode the
    resident gave for their own home anywhere in the chat (home_address.py, home_postcode.py) are
    added when the answer had none."""
    value = tracker.get_slot("record_contact")
    if value == DECLINED:
        # no e-mail or phone is not anonymity: a name the resident gave stays on the record
        name = tracker.get_slot(CONTACT_NAME)
        contact = {"anonymous": False, "name": name, "declined": True} if name \
            else {"anonymous": True, "declined": True}
    else:
        contact = dict(known_contact(tracker) or {}) if not value else contact_from_answer(str(value), _people(tracker))
        contact = contact if writes_for_someone_else(tracker) else with_own_home(contact, tracker.events)
    return safe_contact.restrict(contact, tracker.get_slot(safe_contact.SLOT))  # a way ruled out (hj-05)


def already_given(tracker: Tracker) -> dict[str, Any]:
    """{"record_contact": "Ruth Cole, 07700 900999"} when, before the form started, the resident gave
    their own e-mail or phone (and name) in their messages; {} when the form is under way, answered,
    or details are known."""
    if tracker.get_slot("requested_slot") or tracker.get_slot("record_contact") or known_contact(tracker):
        return {}
    said = introductions.already_said(resident_texts(tracker.events))
    details, name = said.get("details"), said.get("contact_name")
    if not details:
        return {}
    return {"record_contact": (f"{name}, {details}" if name else details)[:500]}


class ValidateRecordContactForm(SafeguardingFormValidation):
    def name(self) -> str:
        return "validate_record_contact_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        """As the complaint form does (introductions.py): the name and e-mail or phone the resident
        gave before the form asked ("My phone number has changed, the new one is 07700 900999. I'm Ruth
        Cole") are their answer, so the question is not asked (hj-01)."""
        said = already_given(tracker)
        tracker.slots.update(said)  # filled, so not asked
        events = await super().run(dispatcher, tracker, domain)
        return [SlotSet(slot, value) for slot, value in said.items()] + list(events)

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> list[str]:
        # Details given earlier in the conversation: not asked again (the form ends at once).
        # Someone writing for the resident about a request: whether the resident agreed (representative.py).
        slots = [] if known_contact(tracker) else ["record_contact"]
        if tracker.get_slot("triage_route") in representative.ROUTES and not tracker.get_slot(STAFF_HANDOFF) \
                and representative.for_someone_else(tracker):
            slots.append(representative.CONSENT)
        return slots

    def validate_third_party_consent(self, value: Any, dispatcher: CollectingDispatcher,
                                     tracker: Tracker, domain: DomainDict) -> dict:
        text = str(value or "")
        answer = yes_no(text, _intent(tracker))
        if answer is None:
            dispatcher.utter_message(response="utter_please_yes_no")
        return {representative.CONSENT: answer}

    def validate_record_contact(self, value: Any, dispatcher: CollectingDispatcher,
                                tracker: Tracker, domain: DomainDict) -> dict:
        text = str(value or "")
        # "on behalf of my father, 07700 900123": the replies speak of his home from now on
        home = representative.home_words([text]) if representative.writes_for_other(text) else None
        safe = safe_contact.answer(text, tracker)  # how it is safe to reach them (hj-05), recorded
        if safe is not None and safe.none:
            return {"record_contact": DECLINED, safe_contact.SLOT: safe.line}
        taken = self._contact_answer(text, dispatcher, tracker)
        if safe is not None:
            taken[safe_contact.SLOT] = safe.line
        if home and tracker.get_slot(representative.RESIDENT_HOME) in (None, "your home"):
            taken[representative.RESIDENT_HOME] = home
        return taken

    def _contact_answer(self, text: str, dispatcher: CollectingDispatcher,
                                        tracker: Tracker) -> dict:
        route = parse_contact(text)
        kept = tracker.get_slot(CONTACT_NAME)
        address = postal_address(text)
        if address and not (route.email or route.phone) and others_home(text, address)[0]:
            dispatcher.utter_message(response="utter_contact_route_own")  # only someone else's home
            return {"record_contact": None}
        if route.email or route.phone or address:
            if kept and not contact_from_answer(text, _people(tracker)).get("name"):
                text = f"{kept}, {text}"  # the name given first, then the e-mail, phone or address
            return {"record_contact": text[:500], CONTACT_NAME: None}
        if yes_no(text, _intent(tracker)) is False or wants_anonymity(text, _intent(tracker)):
            if not tracker.get_slot(STAFF_HANDOFF):  # a handoff's reply says what happens instead
                dispatcher.utter_message(response="utter_contact_declined_noted")
            # the name given stays unless they ask for it not to ("keep me anonymous")
            return {"record_contact": DECLINED, CONTACT_NAME: None} if kept and withholds_name(text) \
                else {"record_contact": DECLINED}
        name = name_only(text, _people(tracker))
        if name:  # kept: the form asks for the e-mail or phone by name (utter_ask_record_contact)
            return {"record_contact": None, CONTACT_NAME: name}
        if mentions_address(text):  # "post is fine": the house number or name and street are asked for
            dispatcher.utter_message(response="utter_invalid_postal_address")
        else:
            dispatcher.utter_message(response="utter_invalid_record_contact")
        return {"record_contact": None}


class ActionRecordAfterContact(Action):
    """The form is done: write the record the conversation is waiting for (a handoff for staff, or
    the record the triage chose) with the contact details; keep details given for the conversation."""

    def name(self) -> str:
        return "action_record_after_contact"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict) -> list[dict[str, Any]]:
        from actions.handoff_actions import record_staff_handoff
        from actions.record_actions import ActionRecordExcluded, ActionRecordServiceRequest

        contact = contact_body(tracker)
        if tracker.get_slot(STAFF_HANDOFF):
            events = await record_staff_handoff(dispatcher, tracker)
        else:
            action = ActionRecordExcluded() if tracker.get_slot("triage_route") == "excluded" \
                else ActionRecordServiceRequest()
            events = await action.run(dispatcher, tracker, domain)
        return list(events) + [SlotSet("record_contact", None), SlotSet(CONTACT_NAME, None),
                               SlotSet(representative.CONSENT, None)] + contact_memory(contact)
