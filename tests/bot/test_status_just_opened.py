"""A status question right after this conversation opened a case ("thanks, what happens now?") is
answered from that case, with no question; otherwise the status check form asks which case
(actions/opened_case.py, rules.yml "existing cases")."""
from actions.complaint_actions import ActionOpenComplaint
from actions.opened_case import ActionStatusCheck
from actions.record_actions import ActionRecordServiceRequest
from fakes import responses, run, slots_of, tracker, user_event

COMPLAINT_TRIAGED = {"triage_key": "conv-1:m1", "triage_text": "Third missed repair appointment",
                     "triage_received_at": "2026-11-24", "triage_profile": "code-2024",
                     "triage_channel": "rest", "triage_category": "complaint", "triage_flags": [],
                     "triage_explanation": "Dissatisfied with missed appointments.", "handoff_id": 7}
FORM = {"contact_name": "Jo Bloggs", "contact_route": "email", "contact_email": "jo@example.com",
        "contact_postcode": "SW1A 1AA", "desired_outcome": "Fix the boiler", "on_behalf": False,
        "adjustments": "none"}
SR_TRIAGED = {"triage_key": "conv-1:m1", "triage_text": "The kitchen tap is dripping",
              "triage_received_at": "2026-11-20", "triage_profile": "code-2024",
              "triage_channel": "rest", "triage_category": "service_request",
              "triage_flags": [], "triage_topic": "repair", "record_contact": "Jo Bloggs jo@example.com"}


def opened(action, slots, first_words, intent):
    """Run the opening action; the slots it set, as the next turn's tracker holds them."""
    events, dispatcher = run(action, tracker([user_event(first_words, intent)], slots=slots))
    return {**slots, **slots_of(events)}, dispatcher


def ask(slots, text="thanks, what happens now?", entities=None):
    return run(ActionStatusCheck(), tracker([user_event(text, "check_status", entities=entities)],
                                            slots=slots))


def test_after_a_complaint_says_its_reference_stage_and_dates_without_a_question(backend):
    slots, opening = opened(ActionOpenComplaint(), {**COMPLAINT_TRIAGED, **FORM},
                            "Third missed repair appointment", "complaint")
    reference = opening.messages[0]["reference"]
    events, dispatcher = ask(slots)
    assert slots_of(events) == {"status_route": "just_opened"}
    assert responses(dispatcher) == ["utter_opened_complaint_status", "utter_case_acknowledge_by",
                                     "utter_case_respond_by"]
    assert dispatcher.messages[0]["reference"] == reference
    assert dispatcher.messages[0]["stage_name"] == "Stage 1"
    # the dates the opening gave, the same words
    assert dispatcher.messages[1]["date"] == opening.messages[1]["date"] == "Tuesday 1 December 2026"
    assert dispatcher.messages[2]["date"] == "Tuesday 15 December 2026"
    assert "utter_ask_case_reference" not in responses(dispatcher)
    # "what happens next?" and the reference itself are the same case
    for text in ("so what now", f"what's happening with {reference}?"):
        assert slots_of(ask(slots, text)[0]) == {"status_route": "just_opened"}


def test_after_a_service_request_says_what_happens_next(backend):
    slots, opening = opened(ActionRecordServiceRequest(), SR_TRIAGED, SR_TRIAGED["triage_text"],
                            "service_request")
    events, dispatcher = ask(slots, "what happens next?")
    assert slots_of(events) == {"status_route": "just_opened"}
    assert responses(dispatcher) == ["utter_opened_request_status", "utter_service_request_next"]
    assert dispatcher.messages[0]["reference"] == opening.messages[0]["reference"]


def test_no_case_opened_in_this_conversation_keeps_the_form():
    events, dispatcher = ask({})
    assert slots_of(events) == {"status_route": "ask_case"}
    assert dispatcher.messages == []


def test_another_case_named_keeps_the_form(backend):
    slots, _ = opened(ActionOpenComplaint(), {**COMPLAINT_TRIAGED, **FORM},
                      "Third missed repair appointment", "complaint")
    other = "CMP-2026-000999"
    for text, entities in ((f"what's happening with {other}?", [{"entity": "reference", "value": other}]),
                           ("and what about my other complaint?", None),
                           ("any update on the repair I reported last week?", None)):
        events, dispatcher = ask(slots, text, entities)
        assert slots_of(events) == {"status_route": "ask_case"}, text
        assert dispatcher.messages == []


def test_a_later_record_of_another_kind_is_not_the_case_just_opened(backend):
    slots, _ = opened(ActionOpenComplaint(), {**COMPLAINT_TRIAGED, **FORM},
                      "Third missed repair appointment", "complaint")
    # a status look-up of another case since (or an excluded matter, a handoff): the last record
    later = {**slots, "last_reference": "SR-2026-000555", "last_record_kind": "case"}
    assert slots_of(ask(later)[0]) == {"status_route": "ask_case"}


def triage_turn(backend, decide, slots, text):
    """The next message through action_triage, read by the model as a complaint (as "thanks, what
    happens now?" was, trying it as a new user: the bot asked "same matter or something new?")."""
    from actions.triage_action import ActionTriage
    from fakes import decision
    decide["d"] = decision("complaint")
    return run(ActionTriage(), tracker([user_event(text, "complaint", message_id="m9")], slots=slots))


def test_what_happens_now_read_as_a_triage_intent_is_said_from_the_case_just_opened(backend, decide):
    slots, opening = opened(ActionOpenComplaint(), {**COMPLAINT_TRIAGED, **FORM},
                            "Third missed repair appointment", "complaint")
    for text in ("thanks, what happens now?", "ok so what's next", "When will I hear back?"):
        events, dispatcher = triage_turn(backend, decide, slots, text)
        said = responses(dispatcher)
        assert said[0] == "utter_opened_complaint_status" and "utter_ask_same_matter" not in said, text
        assert slots_of(events)["triage_route"] == "followup_added"  # the rule: nothing asked
    assert not backend.created("handoffs")  # nothing new recorded for the question


def test_a_new_matter_or_no_case_just_opened_is_not_answered_so(backend, decide):
    slots, _ = opened(ActionOpenComplaint(), {**COMPLAINT_TRIAGED, **FORM},
                      "Third missed repair appointment", "complaint")
    longer = "what happens now with the broken fence at the back, the panels blew down in the storm last night"
    events, dispatcher = triage_turn(backend, decide, slots, longer)
    assert "utter_opened_complaint_status" not in responses(dispatcher)
    assert slots_of(events)["triage_route"] == "followup"  # same matter or something new?
    # short, but more than the question: may be a new matter, so asked about
    events, dispatcher = triage_turn(backend, decide, slots, "boiler broke again, what now")
    assert "utter_opened_complaint_status" not in responses(dispatcher)
    assert slots_of(events)["triage_route"] == "followup"
    events, dispatcher = triage_turn(backend, decide, {}, "thanks, what happens now?")
    assert "utter_opened_complaint_status" not in responses(dispatcher)
