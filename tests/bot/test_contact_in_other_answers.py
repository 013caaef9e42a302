"""Contact details typed where the complaint form asks something else: with the name ("Kayleigh,
kayleigh_m@hotmail.co.uk") they are taken and the contact question is not asked; a correction at a
later question ("sorry thats the wrong email, its ...") replaces the detail given, is not the answer
to that question, and the question is asked again. The complaint goes out with the corrected detail
(contact_corrections.py, complaint_actions.py)."""
import pytest

from actions.complaint_actions import ActionOpenComplaint, ValidateComplaintForm
from actions.contact_corrections import correction
from fakes import responses, run, slots_of, tracker, user_event

TRIAGED = {"triage_key": "conv-1:m1", "triage_text": "The ASB team never called me back about next door",
           "triage_received_at": "2026-12-07", "triage_profile": "code-2024", "triage_channel": "rest",
           "triage_category": "complaint", "triage_flags": []}
GIVEN = {"contact_name": "Mo Iqbal", "contact_route": "email", "contact_email": "m.iqbal@example.com"}
WRONG_EMAIL = "sorry thats the wrong email, its mo.iqbal@example.com"


def answer(asked, text, slots=None, intent="inform"):
    events = [user_event(TRIAGED["triage_text"], "complaint", message_id="m1"),
              {"event": "bot", "timestamp": 1.0, "text": "the question"},
              user_event(text, intent, message_id="m4"),
              {"event": "slot", "timestamp": 2.0, "name": asked, "value": text}]
    return tracker(events, slots={**TRIAGED, "requested_slot": asked, asked: text, **(slots or {})},
                   active_loop="complaint_form")


@pytest.mark.parametrize("text, slots", [
    ("Kayleigh, kayleigh_m@hotmail.co.uk",
     {"contact_route": "email", "contact_email": "kayleigh_m@hotmail.co.uk"}),
    ("Gwen Morgan 07700 900123", {"contact_route": "phone", "contact_phone": "07700900123"}),
    ("Gwen Morgan, 12 Oak Road, Leeds LS6 2AB",
     {"contact_route": "post", "contact_address": "12 Oak Road, Leeds", "contact_postcode": "LS6 2AB"}),
])
def test_details_given_with_the_name_are_taken_and_the_contact_question_is_skipped(text, slots):
    events, dispatcher = run(ValidateComplaintForm(), answer("contact_name", text))
    got = slots_of(events)
    assert {k: got[k] for k in slots} == slots
    assert got["contact_name"] in ("Kayleigh", "Gwen Morgan")
    assert got["requested_slot"] == "desired_outcome"  # not "How can we contact you?" again
    assert responses(dispatcher) == []


def test_a_name_alone_still_asks_how_to_reach_them():
    events, _ = run(ValidateComplaintForm(), answer("contact_name", "Kayleigh"))
    assert slots_of(events)["requested_slot"] == "contact_route"
    assert "contact_email" not in slots_of(events)


def test_a_postcode_with_the_name_is_kept_for_the_address_question():
    events, _ = run(ValidateComplaintForm(), answer("contact_name", "Gwen Morgan, LS6 2AB"))
    got = slots_of(events)
    assert got["contact_postcode"] == "LS6 2AB" and got["requested_slot"] == "contact_route"


@pytest.mark.parametrize("asked", ["desired_outcome", "on_behalf", "adjustments"])
def test_a_corrected_email_at_a_later_question_replaces_it_and_that_question_is_asked_again(asked):
    events, dispatcher = run(ValidateComplaintForm(), answer(asked, WRONG_EMAIL, slots=GIVEN))
    got = slots_of(events)
    assert got["contact_email"] == "mo.iqbal@example.com"
    assert got[asked] is None and got["requested_slot"] == asked
    assert responses(dispatcher) == ["utter_contact_corrected"]
    assert dispatcher.messages[0]["details"] == "mo.iqbal@example.com"


def test_the_complaint_goes_out_to_the_corrected_email_with_the_outcome_asked_again(backend):
    events, _ = run(ValidateComplaintForm(), answer("desired_outcome", WRONG_EMAIL, slots=GIVEN))
    slots = {**GIVEN, **slots_of(events)}
    events, _ = run(ValidateComplaintForm(), answer("desired_outcome", "A call back and an apology",
                                                    slots=slots))
    slots.update(slots_of(events))
    assert slots["desired_outcome"] == "A call back and an apology"
    run(ActionOpenComplaint(), tracker([user_event(TRIAGED["triage_text"], "complaint")],
                                       slots={**TRIAGED, **slots, "on_behalf": False, "adjustments": "none"}))
    body = backend.created("complaints")[-1]["body"]
    assert body["contact"]["email"] == "mo.iqbal@example.com"
    assert body["desired_outcome"] == "A call back and an apology"


@pytest.mark.parametrize("text, slots, expected", [
    ("07700 900123 is my new number", {"contact_route": "email", "contact_email": "a@example.org"},
     {"contact_phone": "07700900123"}),
    ("actually you can email me at jo@example.org", {"contact_route": "none"},
     {"contact_email": "jo@example.org", "contact_route": "email"}),
    ("mo.iqbal@example.com", GIVEN, {"contact_email": "mo.iqbal@example.com"}),
    # not corrections: the same detail again, or an outcome that mentions a phone in passing
    ("sorry, m.iqbal@example.com is right", GIVEN, None),
    ("call me on 07700 900123 to arrange the visit and fix the door", GIVEN, None),
    ("fix the door and apologise", GIVEN, None),
])
def test_what_counts_as_a_correction(text, slots, expected):
    assert correction(text, slots.get) == expected


def test_an_outcome_that_mentions_a_phone_in_passing_stays_the_answer():
    text = "call me on 07700 900123 to arrange the visit and fix the door"
    events, dispatcher = run(ValidateComplaintForm(), answer("desired_outcome", text, slots=GIVEN))
    assert slots_of(events)["desired_outcome"] == text and "contact_phone" not in slots_of(events)
    assert responses(dispatcher) == []
