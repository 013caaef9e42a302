"""Awaab's Law: a resident who declined contact details earlier in the conversation, then proved an
existing case in a status check and reported mould that joins that case. The case has its own
contact details, so the case service queues the hazard's letter to go, but the reply said "as you
chose not to give contact details we can't send it or arrange a visit" (utter_hazard_significant's
variation for the slot contact_declined), which is untrue. Now, under a case, what the backend did
with the letter decides: queued to go, or held only for a format staff prepare, is "we will write to
you" whatever contact_declined says; held for an address keeps the existing replies (declined: "we
can't send it"). With no case, declining keeps its words.
What the resident reads is rendered as Rasa renders it (TemplatedNaturalLanguageGenerator: the first
variation whose slot conditions match), from the slots the conversation holds when the action runs.
Tracker.from_dict + CollectingDispatcher, backend faked over httpx.MockTransport."""
import asyncio

import pytest

from actions.hazards import summary_response
from actions.triage_action import ActionTriage
from fakes import decision, load_domain, responses, run, slots_of, tracker, user_event
from test_hazard_later_in_conversation import LOOKED_UP, after_a_status_check, mould_after
from test_hazard_letters_no_address import XMAS_EVE, after_a_record_with

WILL_WRITE = "we will write to you with what we found"
CANT_SEND = "as you chose not to give contact details we can't send it"
MOULD = "There is black mould all over the bedroom wall and it keeps coming back"


def read(dispatcher, slots: dict) -> list[str]:
    """The texts the resident reads: each response the action chose, rendered by Rasa's own NLG with
    the conversation's slots (so a slot-conditioned variation is picked as in the running bot)."""
    from rasa.core.nlg import TemplatedNaturalLanguageGenerator
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import SlotSet
    from rasa.shared.core.trackers import DialogueStateTracker

    domain = Domain.from_dict(load_domain())
    known = {slot.name for slot in domain.slots}
    trk = DialogueStateTracker.from_events(
        "conv-1", [SlotSet(k, v) for k, v in slots.items() if k in known], domain.slots)
    nlg = TemplatedNaturalLanguageGenerator(domain.responses)
    said = []
    for message in dispatcher.messages:
        kwargs = {k: v for k, v in message.items() if k not in ("response", "text", "buttons", "elements",
                                                              "custom", "template", "image", "attachment")}
        said.append(asyncio.run(nlg.generate(message["response"], trk, "rest", **kwargs))["text"])
    return said


def declined_then_status_check(backend, **letters) -> dict:
    """The conversation's slots after the resident declined contact details for a first record,
    then proved an existing case (reference + postcode) in a status check."""
    declined = after_a_record_with("declined")  # the contact form's answer when they chose to give none
    assert declined["contact_declined"] is True
    return {**declined, **after_a_status_check(backend, **letters)}


@pytest.mark.parametrize("held_for", [[], ["braille"]])
def test_declined_earlier_but_the_cases_letter_goes_so_we_will_write(backend, decide, held_for):
    slots = declined_then_status_check(backend, letter_held_for=held_for, letter_address_wanted=None)
    _, dispatcher = mould_after(backend, decide, slots)
    [hz] = backend.created("hazards")
    assert hz["body"]["case_reference"] == LOOKED_UP["reference"] and hz["case_id"] is not None
    summary = read(dispatcher, {**slots, "hazard_household_known": True})[0]
    assert WILL_WRITE in summary and CANT_SEND not in summary
    assert hz["reference"] in summary and "10 working days" in summary


@pytest.mark.parametrize("wanted", [{"whose": "resident", "staff_will_ring": True},
                                    {"whose": "resident", "staff_will_ring": False},
                                    {"whose": "representative", "staff_will_ring": True}])
def test_declined_and_the_cases_letter_waits_for_an_address_keeps_the_declined_words(backend, decide, wanted):
    slots = declined_then_status_check(backend, letter_held_for=["no_address"], letter_address_wanted=wanted)
    _, dispatcher = mould_after(backend, decide, slots)
    assert backend.created("hazards")[0]["case_id"] is not None
    summary = read(dispatcher, {**slots, "hazard_household_known": True})[0]
    assert CANT_SEND in summary and WILL_WRITE not in summary


def test_declined_with_no_case_keeps_the_declined_words(backend, decide):
    """A record still to follow, no case yet: declined means nothing to write to."""
    decide["d"] = decision()
    ev = user_event(MOULD, "service_request", message_id="m1", metadata=XMAS_EVE)
    slots = {"hazard_household_known": True, "contact_declined": True}
    events, dispatcher = run(ActionTriage(), tracker([ev], slots=slots))
    assert backend.created("hazards")[0]["case_id"] is None
    summary = read(dispatcher, {**slots, **slots_of(events)})[0]
    assert CANT_SEND in summary and WILL_WRITE not in summary


def test_not_declined_the_cases_queued_letter_is_still_promised(backend, decide):
    slots = after_a_status_check(backend, letter_held_for=[], letter_address_wanted=None)
    _, dispatcher = mould_after(backend, decide, slots)
    assert WILL_WRITE in read(dispatcher, {**slots, "hazard_household_known": True})[0]


CASE = {"case_id": 4}


@pytest.mark.parametrize("view, declined, chosen", [
    # under a case, the backend's reply decides; declining changes only a letter held for an address
    ({**CASE, "letter_held_for": [], "letter_address_wanted": None}, True, "utter_hazard_significant"),
    ({**CASE, "letter_held_for": ["large_print"], "letter_address_wanted": None}, True,
     "utter_hazard_significant"),
    ({**CASE, "letter_held_for": ["no_address"], "letter_address_wanted": {"whose": "resident",
                                                                           "staff_will_ring": True}},
     True, "utter_hazard_significant_declined"),
    ({**CASE, "letter_held_for": ["no_address"], "letter_address_wanted": {"whose": "resident",
                                                                           "staff_will_ring": True}},
     False, "utter_hazard_significant_no_address"),
    # held for an address with no detail of whose: never "we will write"
    ({**CASE, "letter_held_for": ["no_address"], "letter_address_wanted": None}, False,
     "utter_hazard_significant_no_case"),
    ({**CASE, "letter_held_for": ["no_address"], "letter_address_wanted": None}, True,
     "utter_hazard_significant_declined"),
    # no case: declining keeps its words
    ({"case_id": None}, True, "utter_hazard_significant_declined"),
    ({"case_id": None}, False, "utter_hazard_significant")])
def test_summary_response_under_a_case_follows_the_backend_not_the_slot(view, declined, chosen):
    assert summary_response(view, None, True, declined) == chosen
