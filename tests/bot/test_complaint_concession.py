"""A concession before the wish ("even if you fix it today I want to complain") is not a condition on
it: the resident asked for a complaint and goes to the form; a real condition ("if it isn't fixed by
Friday I'm gonna complain") keeps the offer (actions/complaint_request.py)."""
import pytest

from actions.complaint_request import requests_complaint
from actions.triage_action import ActionTriage
from fakes import decision, run, slots_of, tracker, user_event


@pytest.mark.parametrize("text", [
    "even if you fix it today I want to complain",
    "Even if you fix it today, I want to make a formal complaint about the leak",
    "even if you don't fix it I want to complain about how I was spoken to",
    "even if I get the boiler fixed tomorrow I still want to make a complaint",
    "even though the leak is fixed now I want to complain about the three missed visits",
    "even tho its sorted now im gonna complain about the wait",
    "whether or not you send someone today I want to make a complaint",
    "the fence is down again. Even if you fix it this week, I'd like to complain formally",
])
def test_a_wish_after_a_concession_is_a_request(text):
    assert requests_complaint(text, "complaint")


@pytest.mark.parametrize("text", [
    "if it isn't fixed by Friday I'm gonna complain",
    "even so, if it isn't fixed by Friday I'm gonna complain",  # "even so" concedes nothing: "if" is the condition
    "even if you fix it today, if it leaks again I want to make a complaint",  # a condition after the concession
    "even if you fix it I don't want to complain, just get it done",  # the main clause refuses
    "even if I wanted to complain nobody would listen",  # the wish is inside the concession
    "even if I want to make a complaint, will anyone read it?",
    "unless it's sorted this week I want to make a complaint",
])
def test_a_condition_or_refusal_near_a_concession_is_no_request(text):
    assert not requests_complaint(text, "complaint")


@pytest.mark.parametrize("text, route", [
    ("even if you fix it today I want to complain, the contractor was rude to me on the phone", "complaint_asked"),
    ("if it isn't fixed by Friday I'm gonna complain, the contractor was rude to me on the phone", "complaint"),
])
def test_the_testers_message_goes_to_the_form_and_a_condition_is_offered(backend, decide, text, route):
    decide["d"] = decision("complaint")
    events, _ = run(ActionTriage(), tracker([user_event(text, "complaint", message_id="m1")]))
    assert slots_of(events)["triage_route"] == route
