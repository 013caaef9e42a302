"""A resident who gave only a phone number is told the truth about their letters (the backend holds
them, letter_held_for "no_address", until staff ring for an e-mail or postal address: a16ae68). The
record's reference, stage and dates are said as before; then that a member of staff will ring them.
The same for a representative the resident consented to (the letters are theirs), and when the
backend is down (the record queued) for a phone-only contact: not "we'll send you the reference".
Near misses: an e-mail, a postal address, declined (anonymous with nothing), a representative without
consent; anonymous with a phone is rung as anyone (no name is kept, the phone is)."""
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


def test_anonymous_with_a_phone_is_rung_as_anyone_and_declined_hears_the_no_contact_wording_only(backend):
    # anonymous: no name, but the phone is kept (casework.contacts): the letters wait for an address
    dispatcher = open_complaint(contact_name="anonymous", **route("07700 900123"))
    assert backend.created("complaints")[0]["body"]["contact"]["anonymous"] is True
    assert responses(dispatcher)[-1] == NO_ADDRESS_SAID
    assert "utter_complaint_no_contact" not in responses(dispatcher)
    dispatcher = open_complaint(contact_name="anonymous", contact_route="none", triage_key="conv-1:m2")
    assert NO_ADDRESS_SAID not in responses(dispatcher)
    assert "utter_complaint_no_contact" in responses(dispatcher)


def test_a_representative_without_consent_who_gave_only_a_phone_is_not_told_staff_will_ring_them(backend):
    """The letters are the resident's (26188b6's wording, unchanged): the representative's phone is
    never rung for them."""
    dispatcher = open_complaint(contact_name="Sam Carer", on_behalf=True, third_party_consent=False,
                                **route("07700 900123"))
    body = backend.created("complaints")[0]["body"]
    assert body["representative"]["phone"] == "07700900123" and body["contact"] == {"anonymous": False}
    assert responses(dispatcher) == ["utter_complaint_opened", "utter_complaint_staff_contact_resident",
                                     "utter_complaint_ask_resident_consent"]


def test_a_consenting_representative_who_gave_only_a_phone_is_told_staff_will_ring_them(backend):
    """With consent the letters are the representative's; with only their phone the backend holds them
    for an address (letters.representative_channel "none") and staff ring the representative."""
    dispatcher = open_complaint(contact_name="Sam Carer", on_behalf=True, third_party_consent=True,
                                **route("07700 900123"))
    [case] = backend.created("complaints")
    assert case["letter_held_for"] == [NO_ADDRESS]  # as the backend answers
    assert case["representative"]["letters_to_representative"] is True
    assert responses(dispatcher) == ["utter_complaint_opened", "utter_case_acknowledge_by",
                                     "utter_case_respond_by", NO_ADDRESS_SAID]


@pytest.mark.parametrize("answer", ["sam@example.com or 07700 900123", "07700 900123, 7 Mill Lane, Leeds LS6 2AB"],
                         ids=["email", "postal_address"])
def test_a_consenting_representative_with_an_e_mail_or_a_postal_address_hears_no_such_thing(backend, answer):
    dispatcher = open_complaint(contact_name="Sam Carer", on_behalf=True, third_party_consent=True, **route(answer))
    assert backend.created("complaints")[0]["letter_held_for"] == []
    assert NO_ADDRESS_SAID not in responses(dispatcher)
    assert "utter_case_respond_by" in responses(dispatcher)


def test_a_representative_never_hears_of_ringing_for_the_residents_letter(backend):
    """Whatever the backend holds for the resident's phone, the one in the chat is not the one rung
    when the letters are not theirs (no consent) or can reach them (their e-mail)."""
    backend.complaint_view = {"letter_held_for": [NO_ADDRESS],
                              "contact": {"anonymous": False, "phone": "07700900999", "email": None,
                                          "address": None}}
    for n, (consent, answer) in enumerate(((False, "07700 900123"), (True, "sam@example.com"))):
        dispatcher = open_complaint(contact_name="Sam Carer", on_behalf=True, third_party_consent=consent,
                                    triage_key=f"conv-1:{n}", **route(answer))
        assert NO_ADDRESS_SAID not in responses(dispatcher)


def test_a_braille_letter_without_an_address_says_both(backend):
    backend.complaint_view = {"letter_held_for": [NO_ADDRESS, "braille"]}
    dispatcher = open_complaint(**route("07700 900123"))
    assert responses(dispatcher) == ["utter_complaint_opened", "utter_letter_format_braille",
                                     "utter_letters_prepared_by_staff", "utter_case_acknowledge_by",
                                     "utter_case_respond_by", NO_ADDRESS_SAID]


# --- the backend down: the record is queued, and the bot knows only the contact it collected ------

QUEUED_NO_ADDRESS = "utter_received_queued_no_address"


def test_the_backend_down_with_a_phone_only_says_staff_will_ring_not_that_we_will_send(backend, outbox_path):
    backend.mode = "timeout"
    dispatcher = open_complaint(**route("07700 900123"))
    assert responses(dispatcher) == [QUEUED_NO_ADDRESS]
    dispatcher = open_complaint(triage_key="conv-1:m2", **route("07700 900123, postcode LS11 5DT"))
    assert responses(dispatcher) == [QUEUED_NO_ADDRESS]  # a postcode is no postal address


@pytest.mark.parametrize("answer", ["jo@example.com", "jo@example.com or 07700 900123",
                                    "12 High Street, Leeds LS11 5DT", "07700 900123, 12 High Street, Leeds LS11 5DT"],
                         ids=["email", "email_and_phone", "post", "phone_and_post"])
def test_the_backend_down_with_an_e_mail_or_a_postal_address_says_what_it_said(backend, outbox_path, answer):
    backend.mode = "timeout"
    assert responses(open_complaint(**route(answer))) == ["utter_received_queued"]


def test_the_backend_down_for_a_representative(backend, outbox_path):
    backend.mode = "500"
    rep = {"contact_name": "Sam Carer", "on_behalf": True, **route("07700 900123")}
    # with consent the letters are theirs, held for their address: they are rung
    assert responses(open_complaint(third_party_consent=True, **rep)) == [QUEUED_NO_ADDRESS]
    # without consent the letters are the resident's (unchanged)
    dispatcher = open_complaint(third_party_consent=False, triage_key="conv-1:m2", **rep)
    assert responses(dispatcher) == ["utter_received_queued_for_resident", "utter_complaint_ask_resident_consent"]
    # with consent and an e-mail: the reference goes to them
    dispatcher = open_complaint(third_party_consent=True, triage_key="conv-1:m3",
                                **{**rep, **route("sam@example.com")})
    assert responses(dispatcher) == ["utter_received_queued"]


def test_the_backend_down_anonymous_or_declined_keeps_its_own_words(backend, outbox_path):
    backend.mode = "timeout"
    dispatcher = open_complaint(contact_name="anonymous", **route("07700 900123"))
    assert responses(dispatcher)[0] == QUEUED_NO_ADDRESS  # the phone is kept: rung as anyone
    dispatcher = open_complaint(contact_name="anonymous", contact_route="none", triage_key="conv-1:m2")
    assert responses(dispatcher)[0] == "utter_received_queued_declined"
    dispatcher = record(ActionRecordServiceRequest(), "declined")
    assert responses(dispatcher)[0] == "utter_received_queued_declined"


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
    # the line itself first (with its number when one is set), as nothing said it before (hE-08)
    assert responses(dispatcher) == ["utter_service_request_recorded", "utter_emergency_line",
                                     "utter_hazard_danger", "utter_service_request_next_emergency",
                                     "utter_letters_no_address"]
    dispatcher = record(ActionRecordServiceRequest(), "07700 900123", triage_category="complaint",
                        triage_key="conv-1:m2")
    assert responses(dispatcher)[-2:] == ["utter_letters_no_address", "utter_complaint_still_possible"]


@pytest.mark.parametrize("contact", ["Jo Bloggs jo@example.com", "jo@example.com 07700 900123", "declined"])
def test_a_service_request_with_an_e_mail_or_declined_hears_no_such_thing(backend, contact):
    dispatcher = record(ActionRecordServiceRequest(), contact)
    assert "utter_letters_no_address" not in responses(dispatcher)


def test_a_queued_service_request_or_excluded_matter_with_a_phone_only_says_so_too(backend, outbox_path):
    backend.mode = "timeout"
    assert responses(record(ActionRecordServiceRequest(), "Jo Bloggs 07700 900123")) == [QUEUED_NO_ADDRESS]
    slots = {"triage_category": "excluded", "triage_route": "excluded", "triage_reason": "asb"}
    dispatcher = record(ActionRecordExcluded(), "Jo Bloggs 07700 900123", **slots)
    assert responses(dispatcher)[-1] == QUEUED_NO_ADDRESS
    assert responses(record(ActionRecordServiceRequest(), "Jo Bloggs jo@example.com",
                            triage_key="conv-1:m2"))[-1] == "utter_received_queued"


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
    # a consenting representative's letters (letters_to_representative): their details, not the resident's
    ({"letter_held_for": [NO_ADDRESS], "contact": {"anonymous": False},
      "representative": {"phone": "07700 900123", "letters_to_representative": True}}, True),
    ({"letter_held_for": [NO_ADDRESS], "contact": {"phone": "0113 496 0000"},
      "representative": {"phone": "07700 900123", "email": "s@example.org", "letters_to_representative": True}},
     False),
    ({"letter_held_for": [NO_ADDRESS], "contact": {"anonymous": False},
      "representative": {"phone": "07700 900123", "letters_to_representative": False}}, False),
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
    queued = text[QUEUED_NO_ADDRESS]
    assert "can't give you a reference yet" in queued and "logged as soon as the system is back" in queued
    assert "no e-mail or postal address" in queued and "A member of staff will ring you" in queued
    assert "we'll send you the reference" not in queued and "details you gave" not in queued
