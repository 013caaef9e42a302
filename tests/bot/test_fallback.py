"""action_default_fallback (actions/fallback.py): a message no rule expects is triaged, never dropped."""
from actions.fallback import ActionDefaultFallback, unanswered_message
from actions.triage_action import ActionTriage
from fakes import decision, responses, run, slots_of, tracker, user_event

WELSH = "Mae llwydni du yn ystafell wely y babi ac mae hi'n pesychu"


def after_extraction(event):
    """The events Rasa has when the core fallback is predicted straight after a message."""
    return [{"event": "action", "name": "action_listen"}, event,
            {"event": "user_featurization", "use_text_for_featurization": False},
            {"event": "action", "name": "action_extract_slots"}]


def test_an_opening_welsh_message_read_as_affirm_is_triaged_not_dropped():
    events, dispatcher = run(ActionDefaultFallback(), tracker(after_extraction(user_event(WELSH, "affirm"))))
    assert [(e["event"], e.get("name")) for e in events] == [("followup", "action_triage")]
    assert responses(dispatcher) == []  # no "Sorry, I didn't follow that", no rewind


def test_the_triage_then_hands_the_welsh_message_to_staff_with_its_hazard(backend, decide):
    decide["d"] = decision("compliment")  # the English model's guess on Welsh: not used
    events, _ = run(ActionTriage(), tracker(after_extraction(user_event(WELSH, "affirm"))))
    slots = slots_of(events)
    assert slots["triage_route"] == "staff" and slots["triage_category"] == "unclear"
    assert "damp_mould" in (slots.get("hazard_types") or [])
    assert backend.created("handoffs")[0]["body"]["text"] == WELSH


def test_after_an_action_or_inside_a_form_the_fallback_is_rasas_own():
    acted = tracker([user_event("yes", "affirm"), {"event": "action", "name": "action_triage"}])
    events, dispatcher = run(ActionDefaultFallback(), acted)
    assert [e["event"] for e in events] == ["rewind"] and responses(dispatcher) == ["utter_default"]
    in_form = tracker(after_extraction(user_event("yes", "affirm")), active_loop="complaint_form")
    events, dispatcher = run(ActionDefaultFallback(), in_form)
    assert [e["event"] for e in events] == ["rewind"] and responses(dispatcher) == ["utter_default"]


def test_unanswered_message():
    assert unanswered_message([user_event("hi", "greet")])
    assert not unanswered_message([])
    assert not unanswered_message([user_event("hi", "greet"), {"event": "action", "name": "utter_greet"}])
    assert not unanswered_message([user_event("x", "affirm"), {"event": "bot", "text": "Sorry"}])
