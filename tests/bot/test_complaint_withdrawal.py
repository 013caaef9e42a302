"""Saying no to a formal complaint never loses the report (actions/withdrawal.py): a decline of the
offer typed as a sentence is not re-triaged (findings H6, hd-14), and withdrawing from the complaint
form ends it and records a service request (findings H3, hd-20; Code 1.2-1.4: the resident's choice)."""
import pytest

from actions.complaint_actions import ActionOpenComplaint, ValidateComplaintForm
from actions.contact_details import ActionRecordAfterContact
from actions.triage_action import ActionTriage
from actions.withdrawal import declines, withdraws
from fakes import decision, responses, run, slots_of, tracker, user_event

MOULD = ("theres black mould all over the back bedroom wall and round the window, its where my 4 month "
         "old sleeps and shes had a cough for 2 weeks now. also can someone tell me why my rent went up "
         "£12 a week, i never got a letter")
DECLINE = "no just sort it, the mould is the main thing"
LIFT = "the lift in Harbour House has been out of order for 9 days, im on the 11th floor with a bad hip"


def offered(first_text, first_intent="complaint"):
    """The resident's report, then the complaint offer, then the bot listens."""
    return [user_event(first_text, first_intent, message_id="m1"),
            {"event": "action", "name": "action_triage"},
            {"event": "action", "name": "utter_offer_complaint"},
            {"event": "bot", "text": "Would you like me to log this as a formal complaint?"},
            {"event": "action", "name": "action_listen"}]


def triaged(backend, decide, text=MOULD):
    decide["d"] = decision("complaint", topic="repair")
    events, _ = run(ActionTriage(), tracker([user_event(text, "complaint", message_id="m1")]))
    return {k: v for k, v in slots_of(events).items() if v is not None}


# --- H6: declining the offer with a sentence ---

def test_a_typed_decline_is_not_retriaged_and_the_request_carries_the_report(backend, decide):
    slots = triaged(backend, decide)
    conversation = offered(MOULD) + [user_event(DECLINE, "service_request", message_id="m2")]
    events, dispatcher = run(ActionTriage(), tracker(conversation, slots=slots))

    assert decide["seen"] == [MOULD]  # the decline is never triaged as a new report
    assert len(backend.created("handoffs")) == 1  # no second handoff for it
    assert slots_of(events) == {"triage_route": "service_request", "clarify_asked": False}
    assert dispatcher.messages == []

    answer = "Jade Brennan 07123 456789"
    after = {**slots, **slots_of(events), "record_contact": answer}
    run(ActionRecordAfterContact(), tracker(conversation + [user_event(answer, "inform")], slots=after))
    [sr] = backend.created("service-requests")
    body = sr["body"]
    assert body["text"] == MOULD  # the report, as the "No" button records it
    assert body["dissatisfaction_noted"] is True
    assert DECLINE in [line["text"] for line in body["transcript"] if line["sender"] == "resident"]
    assert body["contact"]["phone"] and body["contact"]["name"] == "Jade Brennan"


def test_a_new_report_after_the_offer_is_still_triaged(backend, decide):
    slots = triaged(backend, decide)
    new = "my boiler has also stopped working"
    run(ActionTriage(), tracker(offered(MOULD) + [user_event(new, "service_request", message_id="m2")],
                                slots=slots))
    assert decide["seen"] == [MOULD, new]


def test_a_no_that_is_not_an_answer_to_the_offer_is_triaged(backend, decide):
    decide["d"] = decision("service_request")
    run(ActionTriage(), tracker([user_event("no just sort it, the lift is broken", "service_request")]))
    assert len(backend.created("handoffs")) == 1


def test_a_danger_in_the_decline_is_triaged_as_ever(backend, decide):
    slots = triaged(backend, decide)
    words = "no just sort it, my partner hits me and I'm scared"
    run(ActionTriage(), tracker(offered(MOULD) + [user_event(words, "complaint", message_id="m2")],
                                slots=slots))
    assert decide["seen"][-1] == words


@pytest.mark.parametrize("text", [
    DECLINE, "nah dont want to make a fuss, just get someone to cut it", "no thanks",
    "No, I don't want to complain, just fix it", "not a complaint, just sort the lift out",
    "not really, it's fine", "Just sort it out please"])
def test_declines(text):
    assert declines(text, "service_request")


@pytest.mark.parametrize("text", [
    "no one has come to fix it", "no hot water for 3 weeks now", "yes please, just sort it too",
    "the boiler is still broken", "nobody answers the phone"])
def test_not_declines(text):
    assert not declines(text, "complaint")


# --- H3: withdrawing from the complaint form ---

def validate_form(slot, text, intent="inform", slots=None):
    trk = tracker([user_event(text, intent), {"event": "slot", "name": slot, "value": text}],
                  slots={"requested_slot": slot, slot: text, **(slots or {})}, active_loop="complaint_form")
    return run(ValidateComplaintForm(), trk)


@pytest.mark.parametrize("slot,text,intent", [
    ("contact_name", "actually no, forget the complaint, I just want the lift fixed", "deny"),
    ("contact_name", "stop. i dont want to make a complaint", "inform"),
    ("contact_route", "cancel", "inform"),
    ("contact_route", "I don't want to complain any more, please just report the lift", "service_request"),
    ("desired_outcome", "I changed my mind", "inform"),
    ("on_behalf", "no, I'd rather it wasn't a complaint", "deny"),
])
def test_withdrawing_ends_the_form_and_is_no_answer(slot, text, intent):
    events, dispatcher = validate_form(slot, text, intent)
    assert slots_of(events) == {slot: None, "requested_slot": None}
    assert dispatcher.messages == []


@pytest.mark.parametrize("slot,text,intent,value", [
    ("desired_outcome", "stop the leak and repaint the ceiling", "inform", "stop the leak and repaint the ceiling"),
    ("on_behalf", "no", "deny", False),
    ("adjustments", "no", "deny", "none"),
])
def test_answers_are_still_answers(slot, text, intent, value):
    events, _ = validate_form(slot, text, intent)
    assert slots_of(events)[slot] == value
    assert not withdraws(text, intent)


def test_after_a_withdrawal_no_complaint_is_opened_and_a_service_request_is_recorded(backend, decide):
    slots = triaged(backend, decide, LIFT)
    form = {"contact_name": "Ray Okafor", "contact_route": "email", "contact_email": "ray@example.org"}
    conversation = offered(LIFT) + [user_event("yes", "affirm"), user_event("Ray Okafor", "inform"),
                                    user_event("ray@example.org", "inform"),
                                    user_event("I changed my mind", "inform")]
    events, dispatcher = run(ActionOpenComplaint(), tracker(conversation, slots={**slots, **form}))

    assert backend.created("complaints") == []
    assert responses(dispatcher) == ["utter_complaint_withdrawn"]
    assert [e["name"] for e in events if e["event"] == "followup"] == ["record_contact_form"]
    after = {**slots, **form, **slots_of(events)}
    assert after["triage_route"] == "service_request" and after["contact_name"] is None
    assert after["contact_given"]["email"] == "ray@example.org"  # not asked again

    run(ActionRecordAfterContact(), tracker(conversation, slots=after))
    [sr] = backend.created("service-requests")
    assert sr["body"]["text"] == LIFT and sr["body"]["dissatisfaction_noted"] is True
    assert sr["body"]["contact"]["email"] == "ray@example.org"
    assert sr["body"]["contact"]["name"] == "Ray Okafor"


def test_a_withdrawal_before_any_details_keeps_nothing_and_asks_for_them(backend, decide):
    slots = triaged(backend, decide, LIFT)
    conversation = offered(LIFT) + [user_event("yes", "affirm"), user_event("cancel", "inform")]
    events, _ = run(ActionOpenComplaint(), tracker(conversation, slots=slots))
    assert backend.created("complaints") == []
    assert "contact_given" not in slots_of(events)
    assert [e["name"] for e in events if e["event"] == "followup"] == ["record_contact_form"]
