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


def handoff_posts(backend):
    return [body for method, path, body in backend.requests if method == "POST" and path == "/api/v1/handoffs"]


def test_an_escalation_without_the_postcode_email_or_phone_is_one_handoff(backend):
    """The request is recorded at once; the resident gives the reference but not the postcode, e-mail
    or phone: the reference and their words go with that handoff, never a second one."""
    ask = user_event(ASK, "escalate_case", message_id="m1")
    events, _ = run(ActionRecordEscalationRequest(), tracker([ask]))
    handoff_id = slots_of(events)["escalation_handoff_id"]
    trk = tracker([ask, user_event(REFERENCE, "inform", message_id="m2"),
                   user_event("dont know", "inform", message_id="m3")],
                  slots={"case_reference": REFERENCE, "case_verifier_missing": True,
                         "escalation_handoff_id": handoff_id})
    _, dispatcher = run(ActionEscalateCase(), trk)
    assert len(handoff_posts(backend)) == 1 and len(backend.created("handoffs")) == 1
    assert responses(dispatcher) == ["utter_escalation_no_verifier"]
    [kept] = backend.case_messages[f"handoff:{handoff_id}"].values()
    assert REFERENCE in kept["text"] and kept["message_id"] == "m3"


def test_the_same_request_asked_twice_is_one_handoff(backend):
    first = user_event(ASK, "escalate_case", message_id="m1")
    events, _ = run(ActionRecordEscalationRequest(), tracker([first]))
    handoff_id = slots_of(events)["escalation_handoff_id"]
    again = user_event("please just escalate it, stage 2", "escalate_case", message_id="m2")
    events, dispatcher = run(ActionRecordEscalationRequest(),
                             tracker([first, again], slots={"escalation_handoff_id": handoff_id}))
    assert len(handoff_posts(backend)) == 1
    assert "please just escalate it, stage 2" in [m["text"] for m in
                                                  backend.case_messages[f"handoff:{handoff_id}"].values()]
    assert responses(dispatcher) == ["utter_escalation_request_recorded"]
    assert "escalation_handoff_id" not in slots_of(events)  # still that handoff


def test_a_repeated_request_with_safeguarding_words_is_its_own_flagged_handoff(backend):
    first = user_event(ASK, "escalate_case", message_id="m1")
    events, _ = run(ActionRecordEscalationRequest(), tracker([first]))
    again = user_event("escalate it, I feel like ending it all with this damp", "escalate_case", message_id="m2")
    run(ActionRecordEscalationRequest(), tracker([first, again], slots=slots_of(events)))
    assert len(handoff_posts(backend)) == 2
    assert "safeguarding" in handoff_posts(backend)[-1]["flags"]
