"""Someone writing for a resident (a representative) gives their own contact details, and often the
address of the home the complaint is about. That home is the resident's: it goes on the resident's
contact, never on the representative's (whose details are where letters go, with consent), so a
letter never goes to the representative addressed at the resident's home."""
import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.complaint_actions import ActionOpenComplaint, ValidateComplaintForm
from actions.contact_details import ValidateRecordContactForm, contact_from_answer
from actions.home_postcode import others_home, someone_elses
from actions.parsing import postal_address
from fakes import responses, run, tracker, user_event

TRIAGED = {"triage_key": "conv-1:m1", "triage_text": "My mum's flat has had mould for months",
           "triage_received_at": "2026-11-24", "triage_profile": "code-2024", "triage_channel": "rest",
           "triage_category": "complaint", "triage_flags": []}
REP = {"contact_name": "Sam Carer", "desired_outcome": "Treat the mould", "on_behalf": True,
       "third_party_consent": True, "adjustments": "none"}
MUMS = "email me at sam@example.org, my mum's address is 12 Oak Road, Leeds LS11 5DT"


def validate_route(text, slots=None):
    trk = tracker([user_event(text, "inform")], slots={"requested_slot": "contact_route",
                                                       "contact_route": text, **(slots or {})},
                  active_loop="complaint_form")
    dispatcher = CollectingDispatcher()
    return ValidateComplaintForm().validate_contact_route(text, dispatcher, trk, {}), dispatcher


def open_complaint(backend, slots) -> dict:
    run(ActionOpenComplaint(), tracker([user_event(TRIAGED["triage_text"], "complaint")],
                                       slots={**TRIAGED, **slots}))
    return backend.created("complaints")[-1]["body"]


@pytest.mark.parametrize("text, other", [
    ("my mum's address is 12 Oak Road, LS11 5DT", True),
    ("sam@example.org, she lives at 12 Oak Road", True),
    ("her postcode is LS11 5DT", True),
    ("my address is 5 Elm Street, LS6 2AB", False),
    ("I live at 3 Oak Road", False),
    ("Flat 2, 7 Mill Lane, Leeds LS6 2AB", False),
])
def test_whose_address_an_answer_gives(text, other):
    address = postal_address(text)
    assert (others_home(text, address)[0] if address else others_home(text, None)[1]) is other
    assert someone_elses(text, text.index(address.split(",")[0]) if address else text.index("LS")) is other


def test_the_residents_home_goes_on_the_resident_and_the_representative_keeps_their_own_details(backend):
    result, dispatcher = validate_route(MUMS)
    assert responses(dispatcher) == []
    assert result == {"contact_route": "email", "contact_email": "sam@example.org", "contact_phone": None,
                      "contact_postcode": None, "contact_address": None,
                      "resident_address": "12 Oak Road, Leeds", "resident_postcode": "LS11 5DT"}
    body = open_complaint(backend, {**REP, **result})
    assert body["representative"] == {
        # "My mum's flat ...": the person writing is her son or daughter
        "name": "Sam Carer", "relationship": "son or daughter", "consent": True, "email": "sam@example.org",
        "preferred_channel": "email", "consent_method": "the representative told us in chat that the resident agreed"}
    assert body["contact"] == {"anonymous": False, "address": "12 Oak Road, Leeds", "postcode": "LS11 5DT"}


def test_only_the_residents_home_asks_again_how_to_reach_the_person_in_the_chat(backend):
    result, dispatcher = validate_route("her address is 12 Oak Road, Leeds LS11 5DT")
    assert responses(dispatcher) == ["utter_contact_route_own"]
    assert result == {"contact_route": None, "resident_address": "12 Oak Road, Leeds",
                      "resident_postcode": "LS11 5DT"}
    again, _ = validate_route("07700 900123", slots=result)
    assert again["contact_route"] == "phone" and again["contact_address"] is None
    body = open_complaint(backend, {**REP, **result, **again})
    assert "address" not in body["representative"] and "postcode" not in body["representative"]
    assert body["representative"]["phone"] == "07700900123"
    assert body["contact"]["address"] == "12 Oak Road, Leeds"


def test_someone_elses_home_is_never_put_on_a_resident_writing_for_themselves(backend):
    result, _ = validate_route("sam@example.org, my neighbour's flat is 14 Oak Road LS11 5DT")
    body = open_complaint(backend, {**REP, **result, "on_behalf": False, "third_party_consent": None})
    assert "representative" not in body
    assert body["contact"]["email"] == "sam@example.org"
    assert "address" not in body["contact"] and "postcode" not in body["contact"]


def test_the_record_form_keeps_someone_elses_home_off_the_contact_and_asks_for_their_own():
    contact = contact_from_answer("Sam Carer, sam@example.org, my mum's flat is 12 Oak Road LS11 5DT", [])
    assert contact == {"anonymous": False, "email": "sam@example.org", "preferred_channel": "email",
                       "name": "Sam Carer"}
    text = "her address is 12 Oak Road, Leeds"
    trk = tracker([user_event(text, "inform")], slots={"requested_slot": "record_contact"},
                  active_loop="record_contact_form")
    dispatcher = CollectingDispatcher()
    result = ValidateRecordContactForm().validate_record_contact(text, dispatcher, trk, {})
    assert result == {"record_contact": None} and responses(dispatcher) == ["utter_contact_route_own"]
    own = "Flat 2, 7 Mill Lane, Leeds LS6 2AB"
    assert ValidateRecordContactForm().validate_record_contact(own, CollectingDispatcher(), trk, {}) == {
        "record_contact": own, "record_contact_name": None}


@pytest.mark.parametrize("words, role", [
    (["My dad's flat has had no heating for 3 days"], "son or daughter"),
    (["the boiler is broken", "yes it's for my mum"], "son or daughter"),
    (["the fence is down", "yes, on behalf of my neighbour"], "neighbour"),
    # "for my ..." wins over a household word said in passing
    (["me and my son live next door", "yes I'm writing for my neighbour"], "neighbour"),
])
def test_the_relationship_the_representative_gave_is_recorded(backend, words, role):
    events = [user_event(text, "inform") for text in words]
    run(ActionOpenComplaint(), tracker(events, slots={**TRIAGED, **REP, "contact_route": "email",
                                                      "contact_email": "sam@example.org"}))
    assert backend.created("complaints")[-1]["body"]["representative"]["relationship"] == role


def test_no_relationship_in_their_words_stays_a_representative(backend):
    run(ActionOpenComplaint(), tracker([user_event("the boiler is broken", "inform")],
                                       slots={**TRIAGED, **REP, "contact_route": "email", "contact_email": "s@e.org"}))
    assert backend.created("complaints")[-1]["body"]["representative"]["relationship"] == "representative"
