"""Status check and escalation through the resident-safe API."""
from actions.case_status_actions import (ActionCaseStatus, ActionEscalateCase,
                                         ValidateCaseStatusForm, verifier_parts)
from fakes import responses, run, slots_of, tracker, user_event

CASE = {"reference": "CMP-2026-000123", "kind": "complaint", "stage": 1,
        "stage_name": "Stage 1", "status": "open", "acknowledge_by": "2026-12-01",
        "respond_by": "2026-12-15", "next_step": "We will acknowledge your complaint.",
        "postcode": "SW1A1AA", "email": "jo@example.com"}


def asked(reference="CMP-2026-000123", verifier="sw1a 1aa", intent="check_status"):
    return tracker([user_event("status please", intent)],
                   slots={"case_reference": reference, "case_verifier": verifier})


def test_status_with_postcode(backend):
    backend.cases[CASE["reference"]] = dict(CASE)
    _, dispatcher = run(ActionCaseStatus(), asked())
    assert responses(dispatcher) == ["utter_case_status", "utter_case_acknowledge_by",
                                     "utter_case_respond_by", "utter_case_next_step"]
    assert dispatcher.messages[1]["date"] == "Tuesday 1 December 2026"
    method, path, body = backend.requests[-1]
    assert path == "/api/v1/resident/case-status"
    assert body == {"reference": "CMP-2026-000123", "postcode": "SW1A 1AA",
                    "conversation_id": "conv-1"}  # the backend's throttle key (issue 16)


def test_status_with_email(backend):
    backend.cases[CASE["reference"]] = dict(CASE)
    _, dispatcher = run(ActionCaseStatus(), asked(verifier="Jo@Example.com"))
    assert responses(dispatcher)[0] == "utter_case_status"
    assert backend.requests[-1][2] == {"reference": "CMP-2026-000123",
                                       "email": "Jo@Example.com", "conversation_id": "conv-1"}


def test_wrong_second_factor_says_not_found_and_clears_slots(backend):
    backend.cases[CASE["reference"]] = dict(CASE)
    events, dispatcher = run(ActionCaseStatus(), asked(verifier="M1 1AE"))
    assert responses(dispatcher) == ["utter_case_not_found"]
    assert slots_of(events) == {"case_reference": None, "case_verifier": None}


def test_backend_down_status_says_try_later(backend):
    backend.mode = "down"
    _, dispatcher = run(ActionCaseStatus(), asked())
    assert responses(dispatcher) == ["utter_backend_unavailable"]


def test_escalate_gives_new_stage_and_dates(backend):
    backend.cases[CASE["reference"]] = dict(CASE)
    _, dispatcher = run(ActionEscalateCase(), asked(intent="escalate_case"))
    assert responses(dispatcher)[:2] == ["utter_escalated", "utter_case_status"]
    assert dispatcher.messages[1]["stage_name"] == "Stage 2"
    assert dispatcher.messages[2]["date"] == "Tuesday 8 December 2026"


def test_escalate_refusal_explained(backend):
    backend.cases[CASE["reference"]] = {**CASE, "stage": 2, "stage_name": "Stage 2"}
    _, dispatcher = run(ActionEscalateCase(), asked(intent="escalate_case"))
    assert responses(dispatcher) == ["utter_escalate_refused_last_stage"]


def test_form_validation_normalises_reference_and_verifier():
    form = ValidateCaseStatusForm()
    from rasa_sdk.executor import CollectingDispatcher
    d = CollectingDispatcher()
    trk = asked()
    assert form.validate_case_reference("it's cmp-2026-000123", d, trk, {}) == {
        "case_reference": "CMP-2026-000123", "case_reference_tries": 0.0}
    assert form.validate_case_reference("no idea", d, trk, {}) == {"case_reference": None,
                                                                    "case_reference_tries": 1.0}
    assert form.validate_case_verifier("sw1a1aa", d, trk, {}) == {"case_verifier": "SW1A 1AA",
                                                                   "case_verifier_tries": 0.0}
    assert form.validate_case_verifier("which one?", d, trk, {}) == {"case_verifier": None,
                                                                      "case_verifier_tries": 1.0}
    assert verifier_parts("a@b.co") == (None, "a@b.co")


# --- an escalation request is recorded for staff before the reference is asked for -------------
from actions.case_status_actions import ActionRecordEscalationRequest  # noqa: E402

ASK = "I want my complaint escalated to stage 2, I don't agree with the stage 1 outcome"


def test_escalation_request_is_recorded_as_a_complaint_handoff_at_once(backend):
    events, dispatcher = run(ActionRecordEscalationRequest(), tracker([user_event(ASK, "escalate_case")]))
    [handoff] = backend.created("handoffs")
    body = handoff["body"]
    assert (body["category"], body["reason"], body["intent"]) == ("complaint", None, "escalate_case")
    assert body["text"] == ASK and body["conversation_id"] == "conv-1"
    assert "Code 6.12" in body["explanation"] and "The model on the same words" in body["explanation"]
    assert "low_confidence" not in body["flags"]  # the category is the dialogue's, not a guess
    assert responses(dispatcher) == ["utter_escalation_request_recorded"]
    assert slots_of(events) == {"escalation_handoff_id": handoff["id"],  # and the last record (followup.py)
                                "last_reference": f"handoff:{handoff['id']}", "last_record_kind": "escalation"}


def test_escalation_request_with_the_backend_down_is_queued_and_told_truthfully(backend, tmp_path, monkeypatch):
    backend.mode = "down"
    events, dispatcher = run(ActionRecordEscalationRequest(), tracker([user_event(ASK, "escalate_case")]))
    # queued in the bot's outbox (nothing lost), so the resident is told it is recorded; no id yet
    assert responses(dispatcher) == ["utter_escalation_request_recorded"]
    assert slots_of(events) == {"escalation_handoff_id": None}  # no id yet: nothing to add to later


def test_escalation_request_with_safeguarding_words_is_flagged_and_the_resident_told(backend):
    text = "I want to escalate my complaint, I feel like ending it all with this damp"
    _, dispatcher = run(ActionRecordEscalationRequest(), tracker([user_event(text, "escalate_case")]))
    [handoff] = backend.created("handoffs")
    assert "safeguarding" in handoff["body"]["flags"]
    assert responses(dispatcher)[0] == "utter_safeguarding_self_harm"


def test_a_successful_escalation_links_the_recorded_request_to_the_case(backend):
    backend.cases[CASE["reference"]] = dict(CASE)
    trk = tracker([user_event("sw1a 1aa", "inform")],
                  slots={"case_reference": CASE["reference"], "case_verifier": "sw1a 1aa",
                         "escalation_handoff_id": 7})
    events, dispatcher = run(ActionEscalateCase(), trk)
    assert responses(dispatcher)[0] == "utter_escalated"
    assert backend.links == [(7, CASE["reference"])]
    assert slots_of(events) == {"escalation_handoff_id": None,  # the escalated case is the last record now
                                "last_reference": CASE["reference"], "last_record_kind": "complaint"}


def test_a_refused_escalation_leaves_the_request_for_staff(backend):
    """hg-15: the resident proved it is their case, but it cannot move: the request is linked to the
    case (shown on its page) and kept open for staff; an unverified pair links nothing."""
    backend.cases[CASE["reference"]] = {**CASE, "stage": 2, "stage_name": "Stage 2"}
    trk = tracker([user_event("sw1a 1aa", "inform")],
                  slots={"case_reference": CASE["reference"], "case_verifier": "sw1a 1aa",
                         "escalation_handoff_id": 7})
    events, dispatcher = run(ActionEscalateCase(), trk)
    assert backend.links == [(7, CASE["reference"], "kept open")]
    assert responses(dispatcher) == ["utter_escalate_refused_last_stage"]
    assert "escalation_handoff_id" not in slots_of(events)  # a later word is still kept with the request
    wrong = tracker([user_event("e1 1aa", "inform")],
                    slots={"case_reference": CASE["reference"], "case_verifier": "e1 1aa",
                           "escalation_handoff_id": 8})
    run(ActionEscalateCase(), wrong)
    assert backend.links == [(7, CASE["reference"], "kept open")]


# --- a resident without the reference is not asked for it for ever -------------------------------
import asyncio  # noqa: E402

from actions.case_status_actions import ValidateEscalationForm  # noqa: E402
from rasa_sdk.executor import CollectingDispatcher  # noqa: E402


def at_reference_question(text, intent="inform", tries=0):
    return tracker([user_event("can I escalate my complaint", "escalate_case"), user_event(text, intent)],
                   slots={"case_reference_tries": float(tries) if tries else None},
                   active_loop="escalation_form")


def test_one_answer_without_a_reference_is_asked_again_with_where_to_find_it():
    d = CollectingDispatcher()
    out = ValidateEscalationForm().validate_case_reference(
        "hang on, which letter?", d, at_reference_question("hang on, which letter?"), {})
    assert out == {"case_reference": None, "case_reference_tries": 1.0}
    assert responses(d) == ["utter_invalid_reference"]
    from fakes import load_domain
    [text] = [r["text"] for r in load_domain()["responses"]["utter_invalid_reference"]]
    assert "If you don't have it, just say so" in text


def test_a_second_answer_without_a_reference_ends_the_form():
    d = CollectingDispatcher()
    trk = at_reference_question("I don't have it, I've lost the letter", tries=1)
    out = ValidateEscalationForm().validate_case_reference("I don't have it, I've lost the letter", d, trk, {})
    assert out == {"case_reference": None, "case_reference_tries": 0.0, "case_reference_missing": True}
    assert responses(d) == []  # not asked again


def test_no_or_asking_for_a_person_ends_the_form_at_once():
    for text, intent in (("no", "deny"), ("can I just talk to a person", "ask_human")):
        d = CollectingDispatcher()
        out = ValidateCaseStatusForm().validate_case_reference(text, d, at_reference_question(text, intent), {})
        assert out["case_reference_missing"] is True and responses(d) == []


def test_the_form_asks_for_nothing_more_once_the_reference_is_missing():
    form, d = ValidateEscalationForm(), CollectingDispatcher()
    slots = ["case_reference", "case_verifier"]
    done = tracker([user_event("no", "deny")], slots={"case_reference_missing": True})
    assert asyncio.run(form.required_slots(slots, d, done, {})) == []
    going = tracker([user_event("no", "deny")])
    assert asyncio.run(form.required_slots(slots, d, going, {})) == slots


def test_escalation_without_a_reference_says_the_request_is_with_staff(backend):
    trk = tracker([user_event(ASK, "escalate_case"), user_event("don't have it", "inform")],
                  slots={"case_reference_missing": True, "escalation_handoff_id": 3})
    events, dispatcher = run(ActionEscalateCase(), trk)
    assert responses(dispatcher) == ["utter_escalation_no_reference"]
    assert not any(path.startswith("/api/v1/resident/") for _, path, _ in backend.requests)
    assert slots_of(events) == {"case_reference_missing": None, "case_reference": None,
                                "case_verifier": None}


def test_status_question_without_a_reference_is_handed_to_staff_with_the_residents_words(backend):
    trk = tracker([user_event("has anything happened with my complaint about the leak?", "check_status"),
                   user_event("no idea what the number is", "inform"),
                   user_event("I don't have it", "inform")],
                  slots={"case_reference_missing": True})
    events, dispatcher = run(ActionCaseStatus(), trk)
    [handoff] = backend.created("handoffs")
    body = handoff["body"]
    assert body["text"].startswith("has anything happened with my complaint about the leak?")
    assert "does not have its reference" in body["explanation"]
    assert body["category"] == "unclear" and body["conversation_id"] == "conv-1"
    assert not any(path.startswith("/api/v1/resident/") for _, path, _ in backend.requests)
    assert responses(dispatcher) == ["utter_status_no_reference"]
    assert slots_of(events)["case_reference_missing"] is None


def _said_dates(dispatcher):
    """Every date in the reply's messages, with the next step's words, in order."""
    import re
    words = [m.get("date") or m.get("next_step") or "" for m in dispatcher.messages]
    return re.findall(r"\w+day \d{1,2} \w+ \d{4}", " ".join(words))


def test_asked_twice_the_status_reply_says_each_date_once(backend):
    """The backend's next step restates the response date the reply has just given: said once."""
    backend.cases[CASE["reference"]] = {**CASE, "acknowledged_on": "2026-12-01",
                                        "next_step": "We will respond by Tuesday 15 December 2026."}
    for _ in range(2):  # a second look-up in the same conversation gets the same one reply
        _, dispatcher = run(ActionCaseStatus(), asked())
        assert responses(dispatcher) == ["utter_case_status", "utter_case_acknowledged_on",
                                         "utter_case_respond_by_from_ack"]
        assert _said_dates(dispatcher) == ["Tuesday 1 December 2026", "Tuesday 15 December 2026"]


def test_a_next_step_with_a_date_of_its_own_is_still_said(backend):
    step = "If you are unhappy with our response you can ask us to take it to Stage 2 by Friday 8 January 2027."
    backend.cases[CASE["reference"]] = {**CASE, "status": "responded", "acknowledged_on": "2026-12-01",
                                        "next_step": step}
    _, dispatcher = run(ActionCaseStatus(), asked())
    assert responses(dispatcher)[-1] == "utter_case_next_step"
    assert dispatcher.messages[-1]["next_step"] == step
    assert len(_said_dates(dispatcher)) == len(set(_said_dates(dispatcher))) == 3
