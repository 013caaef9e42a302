"""An escalation request: "even if you don't have the case reference" only when none was given, and
one request is one staff handoff however the conversation ends (the backend calls are counted)."""
from actions.case_status_actions import ActionEscalateCase, ActionRecordEscalationRequest
from actions.triage_action import ActionTriage
from fakes import decision, load_domain, responses, run, slots_of, tracker, user_event

ASK = "I want to escalate my complaint"
REFERENCE = "CMP-2026-000123"


def texts_said(dispatcher):
    domain = load_domain()["responses"]
    return [domain[r][0]["text"] for r in responses(dispatcher)]


def test_without_a_reference_the_resident_is_told_staff_will_see_it_anyway(backend):
    _, dispatcher = run(ActionRecordEscalationRequest(), tracker([user_event(ASK, "escalate_case")]))
    assert any("even if you don't have the case reference" in t for t in texts_said(dispatcher))


def test_with_the_reference_in_the_request_it_is_not_said(backend):
    text = f"I want to escalate my complaint {REFERENCE} to stage 2"
    ref = [{"entity": "reference", "value": REFERENCE, "start": 31, "end": 46}]
    _, dispatcher = run(ActionRecordEscalationRequest(),
                        tracker([user_event(text, "escalate_case", entities=ref)]))
    said = texts_said(dispatcher)
    assert said and not any("don't have the case reference" in t for t in said)


def test_after_the_reference_was_given_earlier_a_later_reply_does_not_say_it(backend):
    """The resident checked CMP-... (the reference is kept), then asks for the next stage."""
    trk = tracker([user_event(f"status of {REFERENCE}", "check_status", message_id="m1"),
                   user_event("ok I want to take it to stage 2 then", "escalate_case", message_id="m2")],
                  slots={"case_reference": REFERENCE})
    _, dispatcher = run(ActionRecordEscalationRequest(), trk)
    said = texts_said(dispatcher)
    assert said and not any("don't have the case reference" in t for t in said)


def test_an_escalation_in_a_complaint_with_a_reference_does_not_say_it(backend, decide):
    decide["d"] = decision("complaint")
    text = f"I'm not happy with the answer to {REFERENCE}, I want it to go to stage 2"
    events, dispatcher = run(ActionTriage(), tracker([user_event(text, "complaint")]))
    assert slots_of(events)["triage_route"] == "escalation"
    said = texts_said(dispatcher)
    assert said and not any("don't have the case reference" in t for t in said)
