"""The formal complaint: the form's validation and action_open_complaint. The record it sends
(complaint_body, resident_home) is built in complaint_record.py and re-exported here."""
from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.backend_client import Created, Queued, get_client
from actions.contact_corrections import LATER_SLOTS, correction, in_words as corrected_in_words
from actions.contact_details import contact_memory, contact_state, unconsented_representative
from actions.case_dates import LETTER_FORMATS, say_case_dates, say_letter_formats  # noqa: F401 (callers import them here)
from actions.dates import format_date
from actions.followup import remember_record
from actions.opened_case import remember_opened, told
from actions.complaint_record import ANONYMOUS, NO_ADJUSTMENTS, NO_CONTACT, complaint_body
from actions.complaint_record import resident_home  # noqa: F401 (callers import it here)
from actions.group import (MAX_TEXT, NOT_GROUP, in_words, is_group_suggested,
                           residents_list, says_not_a_group)
from actions import introductions
from actions.home_postcode import others_home, resident_texts
from actions.names import name_in_answer, people_in
from actions.parsing import (means_nothing, mentions_address, parse_contact,
                             postal_address, wants_anonymity, yes_no)
from actions import safe_contact
from actions.safeguarding import SafeguardingFormValidation, answer_where, check_answer
from actions.record_actions import record_repair_beside, say_repair_beside
from actions.record_fields import (handoffs_sent, hazard_recorded, reply_for_outcome, say_get_in_touch,
                                   say_letters_wait_for_address)
from actions.withdrawal import OFFER, after_withdrawal, form_withdrawn, previous_action, withdraws

logger = logging.getLogger(__name__)

FORM_SLOTS = ["contact_name", "resident_name", "contact_route", "contact_email", "contact_phone",
              "contact_postcode", "contact_address", "resident_address", "resident_postcode",
              "desired_outcome", "on_behalf", "third_party_consent",
              "group_residents", "group_nominated", "adjustments", safe_contact.SLOT]


def _intent(tracker: Tracker) -> Optional[str]:
    return (tracker.latest_message.get("intent") or {}).get("name")


def _text(tracker: Tracker) -> str:
    return tracker.latest_message.get("text") or ""


def _yes_no_slot(slot: str, tracker: Tracker, dispatcher: CollectingDispatcher,
                 on_no: Optional[str] = None) -> dict:
    """A yes/no form slot: ask again when the answer is neither; `on_no` is said after a no."""
    answer = yes_no(_text(tracker), _intent(tracker))
    if answer is None:
        dispatcher.utter_message(response="utter_please_yes_no")
    elif answer is False and on_no:
        dispatcher.utter_message(response=on_no)
    return {slot: answer}


class ValidateComplaintForm(SafeguardingFormValidation):
    def name(self) -> str:
        return "validate_complaint_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        """An answer that withdraws from the complaint ("cancel", "I changed my mind") is no answer
        to the question asked: the form ends (requested_slot None) and action_open_complaint,
        which follows, records a service request instead (withdrawal.py)."""
        asked = tracker.get_slot("requested_slot")
        if asked and withdraws(_text(tracker), _intent(tracker)):
            logger.info("complaint form withdrawn conversation=%s at=%s", tracker.sender_id, asked)
            return [SlotSet(asked, None), SlotSet("requested_slot", None)]
        fixed = correction(_text(tracker), tracker.get_slot) if asked in LATER_SLOTS else None
        if fixed:  # the e-mail or phone given, corrected (contact_corrections.py): the question again
            logger.info("complaint form contact corrected conversation=%s at=%s", tracker.sender_id, asked)
            events = await check_answer(dispatcher, tracker, answer_where(asked))
            dispatcher.utter_message(response="utter_contact_corrected", details=corrected_in_words(fixed))
            return events + [SlotSet(slot, value) for slot, value in fixed.items()] + [
                SlotSet(asked, None), SlotSet("requested_slot", asked)]
        if not asked and previous_action(tracker.events) == OFFER and wants_anonymity(_text(tracker), _intent(tracker)):
            # "yes a complaint but anonymous" as the yes that starts the form: the name is not asked
            # (validated as the answer to it would be); the contact question says what that means
            tracker.add_slots([SlotSet("contact_name", ANONYMOUS)])
        said = self._already_said(tracker, domain) if not asked else {}
        tracker.slots.update(said)  # filled, so not asked (and not validated again from this message)
        events = await super().run(dispatcher, tracker, domain)
        if said:
            dispatcher.utter_message(response="utter_complaint_details_noted",
                                     details=introductions.in_words(said))
        return [SlotSet(slot, value) for slot, value in said.items()] + events

    def _already_said(self, tracker: Tracker, domain: DomainDict) -> dict:
        """The form's answers the person gave before it started (introductions.py): their name,
        e-mail or phone, what they want, that they write for someone (named) who agreed. Only for
        slots not filled yet; an answer of their own later replaces none of what is taken here."""
        said = introductions.already_said(resident_texts(tracker.events))
        details = said.pop("details", None)
        if details and not tracker.get_slot("contact_route"):
            taken = self.validate_contact_route(details, CollectingDispatcher(), tracker, domain)
            said.update({k: v for k, v in taken.items() if v is not None})
        return {k: v for k, v in said.items() if tracker.get_slot(k) is None}

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> list[str]:
        slots = ["contact_name", "contact_route", "desired_outcome"]
        group = tracker.get_slot("group_residents")
        if is_group_suggested(tracker.get_slot("triage_flags")):
            # a group complaint: whom it speaks for, and that this person is their contact
            slots.append("group_residents")
            if group not in (None, NOT_GROUP):
                return slots + ["group_nominated", "adjustments"]
        slots.append("on_behalf")
        if tracker.get_slot("on_behalf") is True:
            slots.append("third_party_consent")
        return slots + ["adjustments"]

    def validate_contact_name(self, value: Any, dispatcher: CollectingDispatcher,
                              tracker: Tracker, domain: DomainDict) -> dict:
        text = str(value or "")
        if wants_anonymity(text, _intent(tracker)):
            return {"contact_name": ANONYMOUS, **self._details_with_name(text, tracker, domain)}
        # "The complaint is for my dad Harold Jenkins, I'm Gareth his son": the resident's name is
        # theirs (resident_name), the writer's is the one to use; without it, their own is asked
        theirs = introductions.resident_name(text)
        if theirs:
            own = introductions.own_name(text)
            return {"contact_name": own, "resident_name": theirs, "on_behalf": True,
                    **(self._details_with_name(text, tracker, domain) if own else {})}
        # their own words when they are a name, whole ("Gwen Morgan" where spaCy says "Morgan")
        name = name_in_answer(text, people_in(tracker.latest_message))
        if not name:
            dispatcher.utter_message(response="utter_invalid_contact_name")
            return {"contact_name": None}
        return {"contact_name": name, **self._details_with_name(text, tracker, domain)}

    def _details_with_name(self, text: str, tracker: Tracker, domain: DomainDict) -> dict:
        """An e-mail, phone or postal address given with the name ("Kayleigh, kayleigh_m@hotmail.co.uk"):
        taken as the contact question's answer would be, so it is not asked; {} when there is none
        (a postcode alone is kept for the address, as the contact question keeps it)."""
        if parse_contact(text).is_empty() and not postal_address(text):
            return {}
        taken = self.validate_contact_route(text, CollectingDispatcher(), tracker, domain)
        if safe_contact.should_ask(tracker) and safe_contact.read(text) is None:
            taken.pop("contact_route", None)  # kept, but how it is safe to use them is asked (hg-11)
        return {slot: v for slot, v in taken.items() if v is not None}

    def validate_contact_route(self, value: Any, dispatcher: CollectingDispatcher,
                               tracker: Tracker, domain: DomainDict) -> dict:
        """The answer as _contact_route reads it, with how it is safe to contact a resident who
        disclosed abuse at home applied (safe_contact.py)."""
        text = str(value or "")
        safe = safe_contact.answer(text, tracker)
        quiet = CollectingDispatcher()
        taken = self._contact_route(text, quiet, tracker)
        merged = safe_contact.merge(taken, safe, text, tracker)
        if merged is None:
            dispatcher.messages.extend(quiet.messages)
            return taken
        if not merged.get("contact_route"):
            dispatcher.utter_message(response="utter_invalid_contact_route")
        return merged

    def _contact_route(self, text: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict:
        """An e-mail or phone (with a postcode and address if given), or a postal address: a house
        number or name and a street, with the postcode given now or in the answer before. A postcode
        alone, a street alone or "Flat 3" alone is asked again for the full address."""
        route = parse_contact(text)
        address = postal_address(text)
        # an address or postcode given as someone else's ("mum's address is ...") is the home the
        # complaint is about (the resident's, kept for complaint_body), never where to reach this person
        other_address, other_postcode = others_home(text, address)
        home = {}
        if other_address:
            home["resident_address"], address = address, None
        if other_postcode:
            home["resident_postcode"], route = route.postcode, replace(route, postcode=None)
        postcode = route.postcode or tracker.get_slot("contact_postcode")
        if route.email or route.phone:
            return {"contact_route": route.preferred_channel, "contact_email": route.email,
                    "contact_phone": route.phone, "contact_postcode": postcode,
                    "contact_address": address, **home}
        if address:
            return {"contact_route": "post", "contact_email": None, "contact_phone": None,
                    "contact_postcode": postcode, "contact_address": address, **home}
        if home:  # only the other person's home: how to reach the person in the chat is asked again
            dispatcher.utter_message(response="utter_contact_route_own")
            return {"contact_route": None, **home}
        if tracker.get_slot("contact_name") == ANONYMOUS and (
                yes_no(text, _intent(tracker)) is False or wants_anonymity(text, _intent(tracker))):
            return {"contact_route": NO_CONTACT}
        if mentions_address(text):  # a postcode kept for the next answer, which may be the street
            dispatcher.utter_message(response="utter_invalid_postal_address")
            return {"contact_route": None, "contact_postcode": postcode}
        dispatcher.utter_message(response="utter_invalid_contact_route")
        return {"contact_route": None}

    def validate_desired_outcome(self, value: Any, dispatcher: CollectingDispatcher,
                                 tracker: Tracker, domain: DomainDict) -> dict:
        text = str(value or "").strip()
        if len(text) < 2:
            dispatcher.utter_message(response="utter_invalid_desired_outcome")
            return {"desired_outcome": None}
        return {"desired_outcome": text[:2000]}

    def validate_on_behalf(self, value: Any, dispatcher: CollectingDispatcher,
                           tracker: Tracker, domain: DomainDict) -> dict:
        answer = yes_no(_text(tracker), _intent(tracker))
        if answer is None:
            dispatcher.utter_message(response="utter_please_yes_no")
        return {"on_behalf": answer}

    def validate_third_party_consent(self, value: Any, dispatcher: CollectingDispatcher,
                                     tracker: Tracker, domain: DomainDict) -> dict:
        return _yes_no_slot("third_party_consent", tracker, dispatcher, on_no="utter_consent_needed")

    def validate_group_residents(self, value: Any, dispatcher: CollectingDispatcher,
                                 tracker: Tracker, domain: DomainDict) -> dict:
        text = str(value or "").strip()
        if says_not_a_group(text, _intent(tracker)):
            return {"group_residents": NOT_GROUP}
        if not residents_list(text) or len(text) < 2:
            dispatcher.utter_message(response="utter_invalid_group_residents")
            return {"group_residents": None}
        return {"group_residents": text[:MAX_TEXT]}

    def validate_group_nominated(self, value: Any, dispatcher: CollectingDispatcher,
                                 tracker: Tracker, domain: DomainDict) -> dict:
        return _yes_no_slot("group_nominated", tracker, dispatcher, on_no="utter_group_contact_needed")

    def validate_adjustments(self, value: Any, dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> dict:
        text = str(value or "").strip()
        if not text or means_nothing(text, _intent(tracker)):
            return {"adjustments": NO_ADJUSTMENTS}
        return {"adjustments": text[:2000]}


class ActionOpenComplaint(Action):
    def name(self) -> str:
        return "action_open_complaint"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict) -> list[dict[str, Any]]:
        if form_withdrawn(tracker):
            return after_withdrawal(dispatcher, tracker, FORM_SLOTS, ANONYMOUS)
        client = get_client()
        body = complaint_body(tracker)
        # a repair reported beside a complaint about something else: recorded too, first (a
        # hazard goes with the repair)
        repair = await record_repair_beside(tracker, body.get("contact"), body.get("representative"))
        outcome = await client.create_complaint(body)
        reference, opened = None, remember_opened("complaint", None, None, [])
        if isinstance(outcome, Created):
            case = outcome.data
            reference = outcome.reference
            dispatcher.utter_message(response="utter_complaint_opened", reference=reference,
                                     stage_name=case.get("stage_name") or "Stage 1")
            start = len(dispatcher.messages)
            say_group(dispatcher, case, tracker.get_slot("group_nominated"))
            if reachable(case, body):
                if body["contact"].get("anonymous"):  # no name kept; their details are, to reach them
                    dispatcher.utter_message(response="utter_complaint_anonymous_contact_kept")
                say_case_dates(dispatcher, case, just_opened=True)
                # whoever the letters are for (a consenting representative's, else the resident's)
                say_letters_wait_for_address(dispatcher, case, "utter_complaint_letters_no_address",
                                             hazard=hazard_recorded(tracker))
            elif unconsented_representative(body):
                say_letters_to_resident(dispatcher, case, body)
            else:
                say_no_contact(dispatcher, case)
            # what happens next, as said, for "what happens now?" later (opened_case.py)
            opened = remember_opened("complaint", reference, case.get("stage_name") or "Stage 1",
                                     told(dispatcher, start))
            # the backend linked the handoff(s) named in the body (only this conversation's): no
            # separate link call, which would link one the backend refused
            logger.info("complaint opened conversation=%s reference=%s", tracker.sender_id,
                        reference)
        elif isinstance(outcome, Queued) and unconsented_representative(body):
            # the reference goes out in the acknowledgement, which is the resident's, not theirs
            dispatcher.utter_message(response="utter_received_queued_for_resident")
            dispatcher.utter_message(response="utter_complaint_ask_resident_consent")
        else:  # a representative's details are the way to reach the complainant
            reply_for_outcome(dispatcher, outcome, "utter_complaint_opened",
                              body.get("representative") or body.get("contact"), hazard_recorded(tracker))
        # details given are not asked again in this conversation; a refusal is remembered
        records = remember_record(reference, "complaint")
        if repair is not None:  # then the repair is the record a later message is asked about
            reach = body.get("representative") or body["contact"]
            records = say_repair_beside(dispatcher, repair, reach, tracker) or records
        return [SlotSet("complaint_reference", reference)] + records + opened + [
            SlotSet(slot, None) for slot in FORM_SLOTS] + contact_memory(body.get("contact")) + \
            handoffs_sent(tracker, outcome)


def reachable(case: dict, body: dict) -> bool:
    """Can the case's letters reach the person in the chat: details staff can use (the
    representative's when there is one), or an acknowledgement that went by e-mail or into the chat.
    Never a representative without the resident's consent: the letters are the resident's."""
    if unconsented_representative(body):
        return False
    if case.get("acknowledgement_channel") in ("email", "chat"):
        return True
    return contact_state(body.get("representative") or body.get("contact")) == "given"


def say_no_contact(dispatcher: CollectingDispatcher, case: dict) -> None:
    """Recorded and investigated, but no letter can reach the resident: say so (with the response
    date the case holds) and how to get in touch, never "we will acknowledge it / respond by"."""
    respond_by = format_date(case.get("respond_by"))
    if respond_by:
        dispatcher.utter_message(response="utter_complaint_no_contact", date=respond_by)
    else:
        dispatcher.utter_message(response="utter_complaint_no_contact_no_date")
    say_get_in_touch(dispatcher)


def say_letters_to_resident(dispatcher: CollectingDispatcher, case: dict, body: dict) -> None:
    """A representative without the resident's consent: recorded, and the letters go to the
    resident (or staff contact the resident when we have no details for them), never to the person
    in the chat; they can ask the resident to confirm consent."""
    resident = case.get("contact") or body.get("contact")
    if contact_state(resident) == "given":
        dispatcher.utter_message(response="utter_complaint_letters_to_resident")
    else:
        dispatcher.utter_message(response="utter_complaint_staff_contact_resident")
    dispatcher.utter_message(response="utter_complaint_ask_resident_consent")


def say_group(dispatcher: CollectingDispatcher, case: dict, nominated: Any) -> None:
    """Whom a group complaint speaks for, as the case recorded it."""
    residents = case.get("group_residents") or []
    if not residents:
        return
    response = ("utter_complaint_group_nominated" if nominated is True
                else "utter_complaint_group")
    dispatcher.utter_message(response=response, residents=in_words(residents))
