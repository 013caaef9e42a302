"""A postcode the resident gives for their own home anywhere in the chat reaches their contact when
the form did not collect one (found by a new user: "... my flat, postcode LS11 5DT ..." in the first
message, then only a name and phone, and the case's contact had no postcode). Someone else's
postcode, a representative's, and anything in a message's metadata never do."""
import pytest

from actions.complaint_actions import ActionOpenComplaint
from actions.contact_details import ActionRecordAfterContact
from actions.home_postcode import home_postcode
from fakes import run, tracker, user_event

FIRST = "The damp in my flat has come back for the third time, postcode LS11 5DT, and nobody has come"
TRIAGED = {"triage_key": "conv-1:m1", "triage_text": FIRST, "triage_received_at": "2026-11-24",
           "triage_profile": "code-2024", "triage_channel": "rest", "triage_category": "complaint",
           "triage_flags": []}
PHONE_ONLY = {"contact_name": "Jo Bloggs", "contact_route": "phone", "contact_phone": "07700900123",
              "desired_outcome": "Fix the damp properly", "on_behalf": False, "adjustments": "none"}


def chat(first: str = FIRST, *later: str, metadata=None) -> list[dict]:
    events = [user_event(first, "complaint", metadata=metadata),
              {"event": "bot", "timestamp": 1.0, "text": "Would you like to make a complaint?"},
              user_event("yes", "affirm"), user_event("Jo Bloggs", "inform"),
              user_event("07700 900123", "inform")]
    return events + [user_event(text, "inform") for text in later]


def open_complaint(backend, events, **slots) -> dict:
    run(ActionOpenComplaint(), tracker(events, slots={**TRIAGED, **PHONE_ONLY, **slots}))
    return backend.created("complaints")[-1]["body"]


def test_the_postcode_in_the_first_message_reaches_the_residents_contact(backend):
    body = open_complaint(backend, chat())
    assert body["contact"] == {"anonymous": False, "name": "Jo Bloggs", "phone": "07700900123",
                               "preferred_channel": "phone", "postcode": "LS11 5DT"}


def test_a_postcode_the_form_collected_is_kept(backend):
    body = open_complaint(backend, chat(), contact_postcode="LS6 2AB")
    assert body["contact"]["postcode"] == "LS6 2AB"


@pytest.mark.parametrize("first", [
    "My neighbour at LS11 5DT plays loud music every night and you have done nothing",
    "My mum's flat, LS11 5DT, has had no heating for a week",
    "I'm writing about next door. He lives at 4 Elm Rd. LS11 5DT and the noise is awful",
    "The bins at the corner of Elm Road, LS11 5DT, are never emptied",
    "I rang your office in LS1 4AP three times and nobody called back",
])
def test_someone_elses_postcode_or_a_place_is_not_taken(backend, first):
    body = open_complaint(backend, chat(first))
    assert "postcode" not in body["contact"]


def test_a_postcode_only_in_the_messages_metadata_is_not_taken(backend):
    body = open_complaint(backend, chat("The damp in my flat has come back", metadata={"postcode": "LS11 5DT"}))
    assert "postcode" not in body["contact"]


def test_a_representatives_words_never_give_the_resident_a_postcode(backend):
    """The person in the chat writes for the resident: what they typed (their own postcode, or the
    resident's, we cannot tell) stays off the resident; their form postcode stays on them."""
    body = open_complaint(backend, chat("I live at 3 Oak Road LS6 2AB and my flat has damp"),
                          on_behalf=True, third_party_consent=True, contact_postcode="LS6 2AB")
    assert body["contact"] == {"anonymous": False}
    assert body["representative"]["postcode"] == "LS6 2AB"


def test_an_anonymous_or_declined_resident_gets_no_postcode_added(backend):
    body = open_complaint(backend, chat(), contact_name="anonymous", contact_route="none", contact_phone=None)
    assert body["contact"] == {"anonymous": True, "declined": True}


def test_the_latest_postcode_the_resident_gave_as_theirs_wins():
    assert home_postcode(["my flat is LS11 5DT", "sorry, wrong one, my postcode is ls6 2ab"]) == "LS6 2AB"
    assert home_postcode(["my flat is LS11 5DT", "my neighbour at LS6 2AB"]) == "LS11 5DT"
    # household words beside the resident are the resident's home; a bad format is no postcode
    assert home_postcode(["me and my partner live at LS11 5DT"]) == "LS11 5DT"
    assert home_postcode(["I live with my mum at LS11 5DT"]) == "LS11 5DT"
    assert home_postcode(["my flat is LS11 9ZZ9", "my flat is 11 5DT"]) is None


SR = {"triage_key": "conv-1:m1", "triage_text": FIRST, "triage_received_at": "2026-11-24",
      "triage_profile": "code-2024", "triage_channel": "rest", "triage_category": "service_request",
      "triage_topic": "damp_mould", "triage_flags": [], "triage_route": "service_request"}


def record_service_request(backend, answer: str, first: str = FIRST, **slots) -> dict:
    events = [user_event(first, "service_request"), user_event(answer, "inform")]
    run(ActionRecordAfterContact(), tracker(events, slots={**SR, "record_contact": answer, **slots}))
    return backend.created("service-requests")[-1]["body"]


def test_a_service_requests_contact_gets_the_postcode_too(backend):
    body = record_service_request(backend, "Jo Bloggs 07700 900123")
    assert body["contact"]["postcode"] == "LS11 5DT" and body["contact"]["phone"] == "07700900123"
    # written for someone else (the triage's third-party flag): the home is not the writer's
    body = record_service_request(backend, "Jo Bloggs 07700 900123", triage_key="conv-1:m2",
                                  triage_flags=["third_party"])
    assert "postcode" not in body["contact"]
