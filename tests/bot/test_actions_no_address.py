"""A resident who gave only a phone number is told the truth about their letters (the backend holds
them, letter_held_for "no_address", until staff ring for an e-mail or postal address: a16ae68). The
record's reference, stage and dates are said as before; then that a member of staff will ring them.
Near misses: an e-mail, a postal address, anonymous or declined, a representative, the backend down."""
import re
from pathlib import Path

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.complaint_actions import ActionOpenComplaint, ValidateComplaintForm
from actions.contact_details import ActionRecordAfterContact
from actions.record_actions import ActionRecordExcluded, ActionRecordServiceRequest
from actions.record_fields import NO_ADDRESS, letters_wait_for_address
from fakes import load_domain, responses, run, tracker, user_event

ROOT = Path(__file__).resolve().parents[2]
NO_ADDRESS_SAID = "utter_complaint_letters_no_address"
TRIAGED = {"triage_key": "conv-1:m1", "triage_text": "Third missed repair appointment",
           "triage_received_at": "2026-11-24", "triage_profile": "code-2024",
           "triage_channel": "rest", "triage_category": "complaint", "triage_flags": []}
FORM = {"contact_name": "Jo Bloggs", "desired_outcome": "Fix the boiler", "on_behalf": False,
        "adjustments": "none"}


def route(answer: str) -> dict:
    """The complaint form's contact_route answer, as validate_contact_route keeps it."""
    trk = tracker([user_event(answer, "inform")], slots={"requested_slot": "contact_route"},
                  active_loop="complaint_form")
    dispatcher = CollectingDispatcher()
    slots = ValidateComplaintForm().validate_contact_route(answer, dispatcher, trk, {})
    assert slots["contact_route"], responses(dispatcher)
    return slots


def open_complaint(**slots):
    trk = tracker([user_event("Third missed repair appointment", "complaint"), user_event("yes", "affirm")],
                  slots={**TRIAGED, **FORM, **slots})
    return run(ActionOpenComplaint(), trk)[1]


# --- a complaint --------------------------------------------------------------------------------

def test_a_phone_only_complaint_keeps_its_dates_and_says_staff_will_ring_for_an_address(backend):
    dispatcher = open_complaint(**route("07700 900123"))
    [case] = backend.created("complaints")
    assert case["body"]["contact"] == {"anonymous": False, "name": "Jo Bloggs", "phone": "07700900123",
                                       "preferred_channel": "phone"}
    assert responses(dispatcher) == ["utter_complaint_opened", "utter_case_acknowledge_by",
                                     "utter_case_respond_by", NO_ADDRESS_SAID]
    assert dispatcher.messages[0]["reference"] == case["reference"]
    assert dispatcher.messages[0]["stage_name"] == "Stage 1"
    assert dispatcher.messages[1]["date"] == "Tuesday 1 December 2026"   # the Code's dates still run
    assert dispatcher.messages[2]["date"] == "Tuesday 15 December 2026"


def test_a_phone_and_a_postcode_is_still_no_postal_address(backend):
    dispatcher = open_complaint(**route("07700 900123, postcode LS11 5DT"))
    assert backend.created("complaints")[0]["body"]["contact"]["postcode"] == "LS11 5DT"
    assert responses(dispatcher)[-1] == NO_ADDRESS_SAID


@pytest.mark.parametrize("answer", ["jo@example.com", "jo@example.com or 07700 900123",
                                    "12 High Street, Leeds LS11 5DT"], ids=["email", "email_and_phone", "post"])
def test_an_e_mail_or_a_postal_address_hears_no_such_thing(backend, answer):
    dispatcher = open_complaint(**route(answer))
    assert NO_ADDRESS_SAID not in responses(dispatcher)
    assert "utter_case_respond_by" in responses(dispatcher)


def test_a_phone_with_a_postal_address_is_never_told_we_have_no_address(backend):
    """A postal address goes by post (letters.resident_route), even with the phone as the preferred
    channel: nothing is held for an address, and the resident is not told we have none."""
    dispatcher = open_complaint(**route("07700 900123, 12 High Street, Leeds LS11 5DT"))
    [case] = backend.created("complaints")
    assert case["body"]["contact"]["address"] == "12 High Street, Leeds"
    assert case["letter_held_for"] == []  # as the backend answers (letters.resident_route: post)
    assert NO_ADDRESS_SAID not in responses(dispatcher)


def test_anonymous_with_a_phone_or_declined_hears_the_no_contact_wording_only(backend):
    # anonymous: the backend keeps no details, so nothing is held for an address
    dispatcher = open_complaint(contact_name="anonymous", **route("07700 900123"))
    assert backend.created("complaints")[0]["body"]["contact"]["anonymous"] is True
    assert NO_ADDRESS_SAID not in responses(dispatcher)
    assert "utter_complaint_no_contact" in responses(dispatcher)
    dispatcher = open_complaint(contact_name="anonymous", contact_route="none", triage_key="conv-1:m2")
    assert NO_ADDRESS_SAID not in responses(dispatcher)


@pytest.mark.parametrize("consent", [False, True])
def test_a_representative_who_gave_only_a_phone_is_not_told_staff_will_ring_them(backend, consent):
    """The letters are the resident's (without consent: 26188b6's wording, unchanged) or go nowhere the
    representative's phone reaches; the resident's case holds no phone, so nothing is held for an address."""
    dispatcher = open_complaint(contact_name="Sam Carer", on_behalf=True, third_party_consent=consent,
                                **route("07700 900123"))
    body = backend.created("complaints")[0]["body"]
    assert body["representative"]["phone"] == "07700900123" and body["contact"] == {"anonymous": False}
    said = responses(dispatcher)
    assert NO_ADDRESS_SAID not in said
    if not consent:
        assert said == ["utter_complaint_opened", "utter_complaint_staff_contact_resident",
                        "utter_complaint_ask_resident_consent"]


def test_a_representative_never_hears_of_ringing_even_if_the_residents_letter_waits(backend):
    """Whatever the backend holds for the resident's phone, the one in the chat is not the one rung."""
    backend.complaint_view = {"letter_held_for": [NO_ADDRESS],
                              "contact": {"anonymous": False, "phone": "07700900999", "email": None,
                                          "address": None}}
    for consent in (True, False):
        dispatcher = open_complaint(contact_name="Sam Carer", on_behalf=True, third_party_consent=consent,
                                    triage_key=f"conv-1:{consent}", **route("07700 900123"))
        assert NO_ADDRESS_SAID not in responses(dispatcher)


def test_a_braille_letter_without_an_address_says_both(backend):
    backend.complaint_view = {"letter_held_for": [NO_ADDRESS, "braille"]}
    dispatcher = open_complaint(**route("07700 900123"))
    assert responses(dispatcher) == ["utter_complaint_opened", "utter_letter_format_braille",
                                     "utter_letters_prepared_by_staff", "utter_case_acknowledge_by",
                                     "utter_case_respond_by", NO_ADDRESS_SAID]


def test_the_backend_down_promises_nothing_new(backend, outbox_path):
    backend.mode = "timeout"
    dispatcher = open_complaint(**route("07700 900123"))
    assert responses(dispatcher) == ["utter_received_queued"]


# --- a service request and an excluded matter (the contact form's answer) -----------------------

SR = {**TRIAGED, "triage_category": "service_request", "triage_topic": "repair",
      "triage_text": "The kitchen tap is dripping"}


def record(action, contact: str, **slots):
    trk = tracker([user_event(SR["triage_text"], "service_request")],
                  slots={**SR, "record_contact": contact, **slots})
    return run(action, trk)[1]


def test_a_phone_only_service_request_says_staff_will_ring_for_an_address(backend):
    dispatcher = record(ActionRecordServiceRequest(), "Jo Bloggs 07700 900123")
    [sr] = backend.created("service-requests")
    assert responses(dispatcher) == ["utter_service_request_recorded", "utter_service_request_next",
                                     "utter_letters_no_address"]
    assert dispatcher.messages[0]["reference"] == sr["reference"]


def test_an_emergency_and_a_dissatisfied_request_say_it_in_its_place(backend):
    dispatcher = record(ActionRecordServiceRequest(), "Jo Bloggs 07700 900123", triage_flags=["emergency"])
    assert responses(dispatcher) == ["utter_service_request_recorded", "utter_service_request_next_emergency",
                                     "utter_letters_no_address"]
    dispatcher = record(ActionRecordServiceRequest(), "07700 900123", triage_category="complaint",
                        triage_key="conv-1:m2")
    assert responses(dispatcher)[-2:] == ["utter_letters_no_address", "utter_complaint_still_possible"]


@pytest.mark.parametrize("contact", ["Jo Bloggs jo@example.com", "jo@example.com 07700 900123", "declined"])
def test_a_service_request_with_an_e_mail_or_declined_hears_no_such_thing(backend, contact):
    dispatcher = record(ActionRecordServiceRequest(), contact)
    assert "utter_letters_no_address" not in responses(dispatcher)


def test_through_the_contact_form_too(backend):
    trk = tracker([user_event(SR["triage_text"], "service_request"), user_event("07700 900123", "inform")],
                  slots={**SR, "record_contact": "07700 900123"})
    _, dispatcher = run(ActionRecordAfterContact(), trk)
    assert responses(dispatcher)[-1] == "utter_letters_no_address"


def test_an_excluded_matter_says_it_after_its_reference(backend):
    slots = {"triage_category": "excluded", "triage_route": "excluded", "triage_reason": "asb"}
    dispatcher = record(ActionRecordExcluded(), "Jo Bloggs 07700 900123", **slots)
    assert responses(dispatcher) == ["utter_excluded_asb", "utter_excluded_redirect", "utter_ombudsman_review",
                                     "utter_excluded_recorded", "utter_letters_no_address"]
    dispatcher = record(ActionRecordExcluded(), "Jo Bloggs jo@example.com", triage_key="conv-1:m2", **slots)
    assert responses(dispatcher)[-1] == "utter_excluded_recorded"


# --- what is read from the backend, and the words --------------------------------------------------

@pytest.mark.parametrize("case, expected", [
    ({"letter_held_for": [NO_ADDRESS], "contact": {"phone": "0113 496 0000"}}, True),
    ({"letter_held_for": ["braille"], "contact": {"phone": "0113 496 0000"}}, False),
    ({"contact": {"phone": "0113 496 0000"}}, False),  # an answer without the field: nothing is assumed
    ({"letter_held_for": [NO_ADDRESS], "contact": {"phone": "0113 496 0000", "email": "a@example.org"}}, False),
    ({"letter_held_for": [NO_ADDRESS], "contact": None}, False),
    (None, False),
])
def test_letters_wait_for_address_reads_the_backends_answer(case, expected):
    assert letters_wait_for_address(case) is expected


def test_the_code_is_the_backends_and_the_words_say_what_happens():
    backend = (ROOT / "backend" / "casework" / "letter_formats.py").read_text()
    assert re.search(r'^NO_ADDRESS = "(\w+)"', backend, re.M).group(1) == NO_ADDRESS
    text = {k: v[0]["text"] for k, v in load_domain()["responses"].items()}
    for name in (NO_ADDRESS_SAID, "utter_letters_no_address"):
        said = text[name]
        assert "phone number" in said and "no e-mail or postal address" in said
        assert "A member of staff will ring you" in said and "can't send you" in said
    assert "time limits still apply" in text[NO_ADDRESS_SAID]
