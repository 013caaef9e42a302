"""A resident who asks for a formal complaint in so many words goes straight to the complaint form
(route complaint_asked), never asked whether they want one; a message that only mentions the word
is still offered; a bare request keeps its own path (actions/complaint_request.py)."""
import pytest

from actions.complaint_request import asked_for_complaint, earlier_request, requests_complaint
from actions.triage_action import ActionTriage
from fakes import decision, responses, run, slots_of, tracker, user_event

XMAS_EVE = {"received_at": "2026-12-24T16:30:00+00:00"}


def route_after_hazard(slots):
    """The route, after the household question when a hazard in the message asks it first (a leak)."""
    return slots["hazard_next_route"] if slots["triage_route"] == "hazard_household" else slots["triage_route"]


@pytest.mark.parametrize("text", [
    "I want to make a formal complaint about the way my leak has been handled, three visits and nothing",
    "The repairs team cancelled again and nobody rang me. Please log this as a complaint",
    "I'd like to complain formally about the contractor who left my kitchen in a mess",
    "I wish to raise a complaint about my housing officer not returning my calls for weeks",
    "I didn't want to make a complaint but the boiler is still broken after a month, so I want to make a "
    "formal complaint now",
])
def test_a_complaint_the_resident_asks_for_goes_straight_to_the_form(backend, decide, text):
    decide["d"] = decision("complaint")
    events, dispatcher = run(ActionTriage(), tracker([user_event(text, "complaint", message_id="m1")]))
    slots = slots_of(events)
    assert route_after_hazard(slots) == "complaint_asked"
    assert slots["handoff_id"] == backend.created("handoffs")[0]["id"]  # recorded as any complaint is
    assert "utter_offer_complaint" not in responses(dispatcher)


@pytest.mark.parametrize("text", [
    "I don't want to make a complaint, just fix it, the tap has been dripping for weeks",
    "I'm not making a formal complaint, I just want the fence repaired",
    "Do I need to make a complaint to get my gutter cleared? It's been months",
    "No need to log this as a complaint, just send someone about the broken fence",
    "The contractor was rude to my neighbour and left mud everywhere",  # never says it at all
])
def test_a_message_that_only_mentions_a_complaint_is_still_offered(backend, decide, text):
    decide["d"] = decision("complaint")
    events, _ = run(ActionTriage(), tracker([user_event(text, "complaint", message_id="m1")]))
    assert slots_of(events)["triage_route"] == "complaint"


@pytest.mark.parametrize("text", ["I want to make a complaint", "I want to make a formal complaint please",
                                  "please log this as a complaint"])
def test_a_bare_request_keeps_its_own_path(backend, decide, text):
    decide["d"] = decision("complaint")
    events, _ = run(ActionTriage(), tracker([user_event(text, "complaint", message_id="m1")]))
    assert slots_of(events)["triage_route"] == "complaint"
    assert not asked_for_complaint(text, "complaint")


def test_what_happened_after_a_bare_request_goes_to_the_form(backend, decide):
    """"I want to make a complaint" -> asked what happened (action_case_status) -> the answer is the
    complaint the resident already asked for: the form, not the offer."""
    decide["d"] = decision("complaint")
    events = [user_event("I want to make a complaint", "check_status", message_id="m1"),
              {"event": "action", "timestamp": 1.0, "name": "case_status_form"},
              {"event": "action", "timestamp": 1.1, "name": "action_listen"},
              user_event("a new one", "deny", message_id="m2"),
              {"event": "action", "timestamp": 1.2, "name": "action_case_status"},
              {"event": "action", "timestamp": 1.3, "name": "action_listen"},
              user_event("the lift in my block has been broken for six weeks", "complaint", message_id="m3")]
    assert earlier_request(events) == "I want to make a complaint"
    out, _ = run(ActionTriage(), tracker(events))
    assert slots_of(out)["triage_route"] == "complaint_asked"
    # without the bare request before it, the same answer is offered as ever
    plain = [user_event("hello", "greet", message_id="m1"),
             {"event": "action", "timestamp": 1.0, "name": "utter_greet"},
             {"event": "action", "timestamp": 1.1, "name": "action_listen"},
             user_event("the lift in my block has been broken for six weeks", "complaint", message_id="m3")]
    out, _ = run(ActionTriage(), tracker(plain))
    assert slots_of(out)["triage_route"] == "complaint"


def test_a_request_with_a_hazard_resumes_at_the_form_after_the_household_question(backend, decide):
    decide["d"] = decision("complaint", topic="damp_mould")
    ev = user_event("I want to make a formal complaint, the black mould in my flat has been ignored for months",
                    "complaint", message_id="m1", metadata=XMAS_EVE)
    events, _ = run(ActionTriage(), tracker([ev]))
    slots = slots_of(events)
    assert slots["triage_route"] == "hazard_household"
    assert slots["hazard_next_route"] == "complaint_asked"


@pytest.mark.parametrize("text", [
    "I want to complain about the contractor Apex Roofing, they left my roof leaking after the repair",
    "My dad is 84 and his heating has been off for two weeks. He's asked me to complain for him",
    "I wish to complain about the way my housing officer spoke to me on the phone",
    "I'm complaining about the state of the communal stairs, nobody has cleaned them since August",
    "I'd like to raise a complaint about the fence repair that never happened",
    "This is a formal complaint about the missed appointments for my bathroom",
    "I am writing to complain about the noise from the works on the roof every morning at 6am",
    "I wanna complain about how long my kitchen repair is taking, it's been 5 months and the cupboards are still hanging off",
    "i wana complain about the lift, it's been broken for three weeks",
    "I'm gonna complain about the contractor who left rubble in my garden",
    "I'd like to complain about the way the caretaker spoke to me yesterday",
])
def test_an_explicit_wish_to_complain_goes_straight_to_the_form(backend, decide, text):
    """hg-04: "I want to complain about ...", "He's asked me to complain for him" are the resident's
    choice already made, as "I want to make a formal complaint about ..." is."""
    decide["d"] = decision("complaint")
    events, dispatcher = run(ActionTriage(), tracker([user_event(text, "complaint", message_id="m1")]))
    assert route_after_hazard(slots_of(events)) == "complaint_asked"
    assert "utter_offer_complaint" not in responses(dispatcher)


@pytest.mark.parametrize("text", [
    "I don't want to complain, I just want the gutter cleared",
    "Do I need to complain to get my fence fixed? It's been weeks",
    "I'm not complaining about the contractor, the fence just needs finishing",
    "He hasn't asked me to complain, I'm only reporting the broken light for him",
    "If the boiler isn't fixed by Friday I'm going to complain",
    "Should I want to complain about the caretaker, who do I write to?",
    "This is not a formal complaint, the bin store light is out",
    "I don't wanna complain, I just want the gutter cleared",
    "Do I wanna complain about this or just report it?",
    "If the boiler isn't fixed by Friday, I'm gonna complain",
    "Unless someone comes out this week, I'm going to complain about the damp",
    "I was gonna complain but the fence got fixed, thanks",
])
def test_a_refusal_or_question_about_complaining_is_not_a_request(text):
    assert not requests_complaint(text)


def test_requests_complaint_reads_refusals_in_their_own_clause():
    assert requests_complaint("I want to make a formal complaint")
    assert not requests_complaint("I don't want to make a formal complaint")
    assert not requests_complaint("should I make a complaint?")
    assert requests_complaint("I never had a reply, and I want to make a complaint")
