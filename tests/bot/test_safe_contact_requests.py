"""hj-05: a service request with a disclosure of abuse at home (record_contact_form) asks how it is
safe to contact the resident, once in the conversation (safe_contact.ActionAskRecordContact), and
records the answer: a way ruled out is not on the record's contact, the preferred channel is one left.
A front door or lock that no longer secures the home is an emergency repair (flags.SECURITY); a lock
that is only stiff, or an inside door, is not."""
import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import safe_contact
from actions.contact_details import ActionRecordAfterContact, ValidateRecordContactForm, contact_body
from actions.triage.flags import has_emergency
from fakes import load_domain, responses, run, tracker, user_event

HJ05 = ("Can you fix my front door lock please, my ex-partner kicked the door in last night and he says "
        "he'll come back")
FLAGGED = {"triage_flags": ["safeguarding", "emergency"], "triage_key": "conv-1:m1", "triage_text": HJ05,
           "triage_received_at": "2026-11-24", "triage_profile": "code-2024", "triage_channel": "rest",
           "triage_category": "service_request", "triage_route": "service_request", "triage_topic": "repair"}


def at_risk(answer="Amy Ford", text=HJ05, **slots):
    return tracker([user_event(text, "service_request", message_id="m1"),
                    user_event(answer, "inform", message_id="m2")],
                   slots={**FLAGGED, "triage_text": text, "requested_slot": "record_contact", **slots},
                   active_loop="record_contact_form")


def test_the_request_form_asks_how_it_is_safe_once():
    events, d = run(safe_contact.ActionAskRecordContact(), at_risk())
    assert responses(d) == ["utter_ask_safe_contact"]
    assert any(e.get("name") == safe_contact.SLOT and e.get("value") == "asked" for e in events)
    _, d = run(safe_contact.ActionAskRecordContact(), at_risk(safe_contact="asked"))
    assert responses(d) == ["utter_ask_record_contact"]
    assert "action_ask_record_contact" in load_domain()["actions"]


def test_without_abuse_at_home_the_usual_question():
    _, d = run(safe_contact.ActionAskRecordContact(), at_risk(text="The front door lock is broken"))
    assert responses(d) == ["utter_ask_record_contact"]


def test_email_only_is_recorded_and_the_phone_left_off():
    answer = "Amy Ford, email only please amy.f@example.com, he checks my phone 07700 900444"
    out = ValidateRecordContactForm().validate_record_contact(
        answer, CollectingDispatcher(), at_risk(answer, safe_contact="asked"), {})
    assert out[safe_contact.SLOT] == "safe contact: e-mail only"
    contact = contact_body(at_risk(answer, **out))
    assert contact["email"] == "amy.f@example.com" and "phone" not in contact
    assert contact["preferred_channel"] == "email" and contact["name"] == "Amy Ford"


def test_not_by_post_leaves_the_address_off_and_not_at_all_is_declined():
    answer = "not by post, phone only 07700 900444, 4 Elm Road, York YO1 2AB"
    out = ValidateRecordContactForm().validate_record_contact(
        answer, CollectingDispatcher(), at_risk(answer, safe_contact="asked"), {})
    contact = contact_body(at_risk(answer, **out))
    assert "address" not in contact and contact["preferred_channel"] == "phone"
    out = ValidateRecordContactForm().validate_record_contact(
        "not at all", CollectingDispatcher(), at_risk("not at all", safe_contact="asked"), {})
    assert out["record_contact"] == "declined" and out[safe_contact.SLOT] == "safe contact: do not contact"


def test_the_request_is_an_emergency_without_an_appointment_line(backend):
    answer = "Amy Ford, email only amy.f@example.com"
    slots = ValidateRecordContactForm().validate_record_contact(
        answer, CollectingDispatcher(), at_risk(answer, safe_contact="asked"), {})
    _, d = run(ActionRecordAfterContact(), at_risk(answer, **slots))
    [sr] = backend.created("service-requests")
    assert sr["body"]["emergency"] is True and "phone" not in sr["body"]["contact"]
    said = responses(d)
    assert "utter_service_request_next_emergency" in said and "utter_service_request_next" not in said


@pytest.mark.parametrize("text", [
    HJ05, "My front door won't lock since the break-in", "the door won't lock", "front door lock broken",
    "The lock on my front door is broken and I can't lock it", "my door was kicked in last night",
    "someone smashed the back door in", "I can't lock my front door",
])
def test_a_home_that_cannot_be_secured_is_an_emergency(text):
    assert has_emergency(text)


@pytest.mark.parametrize("text", [
    "the lock is a bit stiff", "the lock sticks sometimes", "The bathroom door lock is broken",
    "the lock on the bathroom door is broken", "the kitchen cupboard lock is broken",
    "my bedroom door won't close", "the window lock is broken", "the shed door won't lock",
    "the front door was kicked in last year and it was repaired",
    "the back door doesn't lock properly since October",
    # a door that is not the home's, and a self-closer (the door still shuts and locks by hand)
    "The lock on the bin store door has broken and the door won't shut, foxes are getting in",
    "the bike store door won't lock", "the self-closer on the main door has snapped so the door won't shut on its own",
])
def test_near_misses_are_not(text):
    assert not has_emergency(text)


def test_the_request_sent_carries_the_safe_contact_instruction(backend):
    """The service request's body (ActionRecordServiceRequest) carries the line and the routes ruled
    out on its contact, as a complaint's does: the case service keeps them for staff and its letters
    never use a route ruled out."""
    from actions.record_actions import ActionRecordServiceRequest

    answer = "not by post, phone only 07700 900444, 4 Elm Road, York YO1 2AB"
    slots = ValidateRecordContactForm().validate_record_contact(
        answer, CollectingDispatcher(), at_risk(answer, safe_contact="asked"), {})
    _, d = run(ActionRecordServiceRequest(), at_risk(answer, **slots))
    [sr] = backend.created("service-requests")
    contact = sr["body"]["contact"]
    assert contact["safe_contact"] == "safe contact: phone only; no letters by post"
    assert contact["ruled_out"] == ["email", "post"] and "address" not in contact
    assert "utter_service_request_recorded" in responses(d)


def test_not_at_all_is_declined_with_the_instruction(backend):
    slots = ValidateRecordContactForm().validate_record_contact(
        "not at all", CollectingDispatcher(), at_risk("not at all", safe_contact="asked"), {})
    run(ActionRecordAfterContact(), at_risk("not at all", **slots))
    [sr] = backend.created("service-requests")
    assert sr["body"]["contact"]["declined"] is True
    assert sr["body"]["contact"]["ruled_out"] == ["email", "phone", "post"]
