"""An address the resident gives for themselves in the chat is their postal address for the record
the chat makes, as an e-mail or phone given in the chat is (exploratory test hg-02: "I've moved. My
new address is 22 Larch Close, Bristol BS5 7PL, please update your records" then "Nadia Rossi,
07700 900777": only the postcode was kept, the letter was held and the resident told we had no
postal address). The change of address is a routine contact update for staff, not a UK GDPR
rectification request (hj-09: no one-month date, no ID, no ICO), and its reply speaks of no
appointment. Someone else's address, a former one, or a
representative's words never give the resident an address."""
import pytest

from actions.complaint_actions import ActionOpenComplaint
from actions.contact_details import ActionRecordAfterContact
from actions.home_address import home_address, own_address
from actions.triage_action import ActionTriage
from fakes import decision, load_domain, responses, run, slots_of, tracker, user_event

MOVED = "Hi, I've moved. My new address is 22 Larch Close, Bristol BS5 7PL, please update your records."
ANSWER = "Nadia Rossi, 07700 900777"


def said(dispatcher) -> str:
    replies = load_domain()["responses"]
    return " ".join(replies[name][0]["text"] for name in responses(dispatcher))


def test_a_change_of_address_goes_on_the_contact_not_to_the_dpo(backend, decide):
    decide["d"] = decision("service_request", topic="enquiry")  # what the model made of hg-02
    first = user_event(MOVED, "service_request")
    events, dispatcher = run(ActionTriage(), tracker([first]))
    [handoff] = backend.created("handoffs")
    assert "data_request" not in handoff["body"]  # a routine update, not a data-rights request (hj-09)
    assert handoff["body"]["category"] == "service_request"
    assert handoff["body"]["explanation"].startswith("A routine contact update")
    slots = slots_of(events)
    assert slots["triage_route"] == "staff"
    events, after = run(ActionRecordAfterContact(), tracker(
        [first, user_event(ANSWER, "inform")], slots={"staff_handoff": slots["staff_handoff"],
                                                      "record_contact": ANSWER}))
    assert backend.created("handoffs")[0]["contact"] == {
        "anonymous": False, "name": "Nadia Rossi", "phone": "07700900777", "preferred_channel": "phone",
        "address": "22 Larch Close, Bristol", "postcode": "BS5 7PL"}
    words = (said(dispatcher) + " " + said(after)).lower()
    assert "appointment" not in words and "no postal address" not in words and "no e-mail or postal" not in words
    assert "ico" not in words.split() and "prove who you are" not in words and "one month" not in words


def test_a_change_of_phone_number_is_a_contact_update_for_staff(backend, decide):
    decide["d"] = decision("service_request", topic="enquiry")
    text = "My phone number has changed, the new one is 07700 900999. I'm Ruth Cole, 8 Birch Road, York YO1 2AB"
    events, dispatcher = run(ActionTriage(), tracker([user_event(text, "service_request")]))
    [handoff] = backend.created("handoffs")
    assert "data_request" not in handoff["body"] and handoff["body"]["category"] == "service_request"
    assert slots_of(events)["triage_route"] == "staff"
    assert "utter_data_request_recorded" not in responses(dispatcher)


SR = {"triage_key": "conv-1:m1", "triage_received_at": "2026-11-24", "triage_profile": "code-2024",
      "triage_channel": "rest", "triage_category": "service_request", "triage_topic": "repairs",
      "triage_flags": [], "triage_route": "service_request"}


def record_service_request(backend, first: str, answer: str = ANSWER, **slots) -> tuple[dict, list[str]]:
    events = [user_event(first, "service_request"), user_event(answer, "inform")]
    _, dispatcher = run(ActionRecordAfterContact(), tracker(
        events, slots={**SR, "triage_text": first, "record_contact": answer, **slots}))
    return backend.created("service-requests")[-1]["body"], responses(dispatcher)


def test_a_service_requests_letter_goes_to_the_address_given_in_the_first_message(backend):
    body, said_ = record_service_request(
        backend, "I've just moved in, my address is 22 Larch Close, Bristol BS5 7PL, and the boiler is broken")
    assert body["contact"]["address"] == "22 Larch Close, Bristol" and body["contact"]["postcode"] == "BS5 7PL"
    # a phone and a postal address: the letter is posted, not held for staff to ring for an address
    assert "utter_letters_no_address" not in said_ and "utter_received_queued_no_address" not in said_


@pytest.mark.parametrize("first", [
    "My neighbour at 12 Elm Road, Leeds LS11 5DT plays loud music every night",
    "my mum lives at 12 Elm Road, Leeds LS11 5DT and her boiler is broken",
    "I used to live at 5 Oak Road, Leeds LS11 5DT, and the boiler there was never fixed",
    "My old address is 5 Oak Road, Leeds LS11 5DT, the boiler there was never fixed",
    "The lift at 4 Elm Court, Leeds LS6 2AB is broken again",
])
def test_someone_elses_or_a_former_address_is_not_taken(backend, first):
    body, _ = record_service_request(backend, first)
    assert "address" not in body["contact"] and "postcode" not in body["contact"]


def test_a_representatives_words_never_give_the_resident_an_address(backend):
    body, _ = record_service_request(backend, "I live at 3 Oak Road, Leeds LS6 2AB and my dad's boiler is broken",
                                     triage_flags=["third_party"])
    assert "address" not in body["contact"] and "postcode" not in body["contact"]


def test_an_address_in_the_contact_answer_wins(backend):
    body, _ = record_service_request(backend, MOVED, answer="Nadia Rossi, 9 Ash Grove, Bristol BS5 7QQ")
    assert body["contact"]["address"] == "9 Ash Grove, Bristol" and body["contact"]["postcode"] == "BS5 7QQ"


def test_a_complaints_contact_gets_the_address_given_in_the_chat(backend):
    first = "I live at 3 Oak Road, Leeds LS6 2AB and the damp has come back for the third time"
    events = [user_event(first, "complaint"), user_event("yes", "affirm"), user_event("Jo Bloggs", "inform"),
              user_event("07700 900123", "inform")]
    run(ActionOpenComplaint(), tracker(events, slots={
        "triage_key": "conv-1:m1", "triage_text": first, "triage_received_at": "2026-11-24",
        "triage_profile": "code-2024", "triage_channel": "rest", "triage_category": "complaint", "triage_flags": [],
        "contact_name": "Jo Bloggs", "contact_route": "phone", "contact_phone": "07700900123",
        "desired_outcome": "Fix the damp properly", "on_behalf": False, "adjustments": "none"}))
    contact = backend.created("complaints")[-1]["body"]["contact"]
    assert contact["address"] == "3 Oak Road, Leeds" and contact["postcode"] == "LS6 2AB"


def test_which_words_give_the_residents_own_address():
    assert own_address(MOVED) == ("22 Larch Close, Bristol", "BS5 7PL")
    assert own_address("we've moved to Flat 2, 8 Mill Lane, Leeds LS6 1AA") == ("Flat 2, 8 Mill Lane, Leeds", "LS6 1AA")
    assert own_address("please write to me at 14 Elm Road, Leeds") == ("14 Elm Road, Leeds", None)
    assert own_address("I lived at 12 High St but now I live at 3 Oak Road, LS6 2AB") == ("3 Oak Road", "LS6 2AB")
    assert own_address("There's mould in my flat at 14 Elm Road, Leeds LS11 5DT") is None  # where, not how to write
    assert own_address("he lives at 4 Elm Road, LS11 5DT") is None
    assert own_address("my address is the same") is None
    assert home_address(["my address is 1 Elm Road, LS6 2AB", "sorry, my address is 2 Elm Road, LS6 2AB"]) == \
        ("2 Elm Road", "LS6 2AB")


def test_details_in_the_first_message_are_not_asked_again_and_the_address_is_kept(backend, decide):
    """hj-01: "My phone number has changed, the new one is 07700 900999. I'm Ruth Cole, 8 Birch Road,
    York YO1 2AB" was asked for name and contact, and the address was lost (postcode only)."""
    from actions.contact_details import ValidateRecordContactForm
    text = "My phone number has changed, the new one is 07700 900999. I'm Ruth Cole, 8 Birch Road, York YO1 2AB"
    first = user_event(text, "service_request")
    events, dispatcher = run(ValidateRecordContactForm(), tracker(
        [first], slots={"triage_route": "staff", "staff_handoff": {"id": 1}}, active_loop="record_contact_form"))
    slots = slots_of(events)
    assert slots["record_contact"] == "Ruth Cole, 07700 900999" and slots.get("requested_slot") is None
    assert "utter_ask_record_contact" not in responses(dispatcher)
    from actions.contact_details import contact_body
    contact = contact_body(tracker([first], slots={"record_contact": slots["record_contact"]}))
    assert contact["name"] == "Ruth Cole" and contact["phone"] == "07700900999"
    assert contact["address"] == "8 Birch Road, York" and contact["postcode"] == "YO1 2AB"


@pytest.mark.parametrize("text,found", [
    ("I'm Ruth Cole, 8 Birch Road, York YO1 2AB", ("8 Birch Road, York", "YO1 2AB")),
    ("I am Ruth, 3 days ago the boiler broke", None),
    ("I am writing for my mum, Patricia Evans, 3 Oak Lane, Sheffield S10 4GH", None),
])
def test_an_address_after_the_writers_name_is_theirs(text, found):
    assert own_address(text) == found
