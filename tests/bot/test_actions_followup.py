"""After this conversation recorded something with a reference, the next message that would be a
new matter is held and one question asked (same matter or something new); emergencies and
safeguarding are never held; "the same matter" adds it to the record, "something new" triages the
held message exactly as it would have been (actions/followup.py, triage_action.py)."""
import sqlite3

import pytest

from actions.complaint_actions import ActionOpenComplaint
from actions.followup import ActionAddToRecord
from actions.record_actions import ActionRecordCompliment, ActionRecordExcluded, ActionRecordServiceRequest
from actions.triage_action import ActionTriage
from fakes import decision, load_domain, responses, run, slots_of, tracker, user_event

AFTER_SR = {"last_reference": "SR-2026-000001", "last_record_kind": "service_request"}


def sr_record(backend, conversation="conv-1"):
    """A service request the fake backend holds for the conversation (what the record action made)."""
    trk = tracker([user_event("The kitchen sink is leaking", "service_request", message_id="m1")],
                  sender_id=conversation,
                  slots={"triage_key": f"{conversation}:m1", "triage_text": "The kitchen sink is leaking",
                         "triage_received_at": "2026-11-20", "triage_profile": "code-2024",
                         "triage_channel": "rest", "triage_flags": [], "triage_topic": "repair"})
    events, _ = run(ActionRecordServiceRequest(), trk)
    return slots_of(events)


# --- the record actions keep the last reference ------------------------------------------------

def test_every_record_action_keeps_its_reference_and_kind(backend):
    slots = sr_record(backend)
    assert {k: slots.get(k) for k in AFTER_SR} == AFTER_SR
    # and what it told the resident, for "what happens now?" (opened_case.py)
    assert slots["opened_case"]["reference"] == "SR-2026-000001"
    base = {"triage_key": "conv-1:m2", "triage_text": "Thanks to Darren", "triage_profile": "code-2024",
            "triage_flags": [], "triage_person": "Darren", "triage_reason": "asb"}
    events, _ = run(ActionRecordCompliment(), tracker([user_event("Thanks to Darren", "compliment")], slots=base))
    assert slots_of(events)["last_record_kind"] == "compliment"
    assert slots_of(events)["last_reference"].startswith("CPL-")
    events, _ = run(ActionRecordExcluded(), tracker([user_event("Loud music", "report_asb")], slots=base))
    assert slots_of(events)["last_reference"].startswith("EXC-")
    events, _ = run(ActionOpenComplaint(), tracker(
        [user_event("ann@example.org", "inform")],
        slots={**base, "triage_text": "Repair never done", "contact_name": "Ann Example",
               "contact_route": "ann@example.org", "desired_outcome": "fix it"}))
    assert slots_of(events)["last_reference"].startswith("CMP-")
    assert slots_of(events)["last_record_kind"] == "complaint"


def test_a_queued_record_has_no_reference_to_keep(backend):
    backend.mode = "down"
    assert sr_record(backend) == {"opened_case": None}  # nothing kept: no case was opened


# --- action_triage holds the message and asks ------------------------------------------------

def held_after_sr(backend, decide, text):
    """A service request recorded, then `text` (message m5) triaged: (slots set, dispatcher)."""
    slots = sr_record(backend)
    decide["d"] = decision("service_request", topic="repair")
    ev = user_event(text, "service_request", message_id="m5")
    events, dispatcher = run(ActionTriage(), tracker([ev], slots={**AFTER_SR, **slots}))
    return slots_of(events), dispatcher


def test_after_a_record_a_new_matter_is_held_kept_with_that_record_and_nothing_new_recorded(backend, decide):
    slots, dispatcher = held_after_sr(backend, decide, "the leak is getting worse now")
    assert slots["triage_route"] == "followup"
    assert slots["held_message"]["text"] == "the leak is getting worse now"
    assert slots["held_message"]["message_id"] == "m5"
    assert not backend.created("handoffs")  # no handoff, no new record
    assert len(backend.created("service-requests")) == 1
    # kept with the last record at once: nothing is lost if the resident never answers
    [(key, body)] = backend.case_messages["SR-2026-000001"].items()
    assert key == ("conv-1", "m5") and body["text"] == "the leak is getting worse now"
    # a leak now is a hazard (Awaab's Law): its record and deadlines are told at once, nothing else
    # (the rule asks utter_ask_same_matter)
    assert [h["body"]["hazard_type"] for h in backend.created("hazards")] == ["damp_mould"]
    assert all(r.startswith("utter_hazard_") for r in responses(dispatcher))


def test_a_hazard_in_a_held_message_is_recorded_at_once_with_its_deadlines(backend, decide):
    # Awaab's Law: damp and mould reported after a record starts its clock now, not after the answer
    text = "there's black mould on the bathroom ceiling now as well"
    got, dispatcher = held_after_sr(backend, decide, text)
    assert got["triage_route"] == "followup" and got["held_message"]["message_id"] == "m5"
    [hazard] = backend.created("hazards")
    assert hazard["body"]["hazard_type"] == "damp_mould" and hazard["body"]["conversation_id"] == "conv-1"
    assert got["hazard_types"] == ["damp_mould"]
    # its deadlines told now (no household question); the rule then asks same matter or new
    said = responses(dispatcher)
    assert said and all(r.startswith("utter_hazard_") for r in said) and "utter_hazard_noted" not in said
    assert not backend.created("handoffs")
    # "something new" afterwards does not record the same hazard twice
    run(ActionTriage(), tracker([user_event(text, "service_request", message_id="m5"),
                                 user_event("/deny", "deny", message_id="m6")],
                                slots={**AFTER_SR, **got, "held_message": got["held_message"]}))
    assert len(backend.created("hazards")) == 1


def test_the_same_matter_after_the_words_were_kept_adds_nothing_twice(backend, decide):
    held_after_sr(backend, decide, "the leak is getting worse now")
    _, dispatcher = run(ActionAddToRecord(), answered(AFTER_SR))
    assert responses(dispatcher) == ["utter_added_to_record"]
    assert len(backend.case_messages["SR-2026-000001"]) == 1


# the words are an electrical emergency hazard, so the record is an emergency whatever the flags (hF-26)
@pytest.mark.parametrize("flags,route", [(("emergency",), "emergency"), (("safeguarding",), "emergency")])
def test_emergency_and_safeguarding_are_never_held(backend, decide, flags, route):
    decide["d"] = decision("service_request", flags=flags)
    events, dispatcher = run(ActionTriage(), tracker(
        [user_event("water pouring through the ceiling light", "report_emergency")], slots=AFTER_SR))
    slots = slots_of(events)
    assert slots["triage_route"] == route and slots["held_message"] is None
    assert len(backend.created("handoffs")) == 1
    if "safeguarding" in flags:
        assert responses(dispatcher)[0] == "utter_safeguarding"


def test_no_question_without_a_record_or_for_the_answer_to_the_clarifying_question(backend, decide):
    decide["d"] = decision("service_request")
    events, _ = run(ActionTriage(), tracker([user_event("my tap drips", "service_request")]))
    assert slots_of(events)["triage_route"] == "service_request"
    events, _ = run(ActionTriage(), tracker([user_event("the boiler", "inform")],
                                            slots={**AFTER_SR, "clarify_asked": True}))
    assert slots_of(events)["triage_route"] == "service_request"


def test_a_case_reference_still_goes_to_the_status_check(backend, decide):
    ev = user_event("what's happening with SR-2026-000001", "check_status",
                    entities=[{"entity": "reference", "value": "SR-2026-000001"}])
    events, _ = run(ActionTriage(), tracker([ev], slots=AFTER_SR))
    assert slots_of(events) == {"triage_route": "case_status"}


def test_something_new_triages_the_held_message_not_the_answer(backend, decide):
    decide["d"] = decision("excluded", reason="asb")
    first, _ = run(ActionTriage(), tracker(
        [user_event("also my neighbour's dog barks all night", "report_asb", message_id="m5")], slots=AFTER_SR))
    held = slots_of(first)["held_message"]
    events, _ = run(ActionTriage(), tracker(
        [user_event("also my neighbour's dog barks all night", "report_asb", message_id="m5"),
         user_event("/deny", "deny", message_id="m6")], slots={**AFTER_SR, "held_message": held}))
    slots = slots_of(events)
    assert decide["seen"][-1] == "also my neighbour's dog barks all night"
    assert slots["triage_route"] == "excluded" and slots["held_message"] is None
    assert slots["triage_text"] == "also my neighbour's dog barks all night"
    assert slots["triage_key"] == "conv-1:m5"  # the held message's own id
    [handoff] = backend.created("handoffs")
    assert handoff["body"]["text"] == "also my neighbour's dog barks all night"
    assert handoff["body"]["message_id"] == "m5" and handoff["body"]["intent"] == "report_asb"


def test_an_emergency_while_a_message_is_held_is_triaged_at_once_with_the_held_words(backend, decide):
    decide["d"] = decision("service_request", flags=("emergency",))
    held = {"text": "the leak is worse", "message_id": "m5", "turn_index": 3, "intent": "service_request",
            "confidence": 0.9, "intent_ranking": [], "entities": [], "metadata": {},
            "received_at": "2026-11-20", "profile_id": "code-2024", "channel": "rest"}
    events, _ = run(ActionTriage(), tracker([user_event("now water is coming through the light", "report_emergency",
                                                        message_id="m6")], slots={**AFTER_SR, "held_message": held}))
    assert slots_of(events)["triage_route"] == "emergency" and slots_of(events)["held_message"] is None
    [handoff] = backend.created("handoffs")
    assert handoff["body"]["text"] == "the leak is worse\nnow water is coming through the light"


# --- action_add_to_record -------------------------------------------------------------------

HELD = {"text": "the leak is getting worse now", "message_id": "m5", "turn_index": 3,
        "intent": "service_request", "confidence": 0.9, "intent_ranking": [], "entities": [],
        "metadata": {}, "received_at": "2026-11-20T10:40:00+00:00", "profile_id": "code-2024",
        "channel": "rest"}


def answered(slots, sender_id="conv-1"):
    return tracker([user_event("the leak is getting worse now", "service_request", message_id="m5"),
                    user_event("/affirm", "affirm", message_id="m6")],
                   slots={**slots, "held_message": HELD}, sender_id=sender_id)


def test_the_same_matter_adds_the_held_message_to_the_record(backend):
    slots = sr_record(backend)
    events, dispatcher = run(ActionAddToRecord(), answered(slots))
    [(key, body)] = backend.case_messages["SR-2026-000001"].items()
    assert key == ("conv-1", "m5")
    assert body["text"] == "the leak is getting worse now"  # the held words, not "/affirm"
    assert body["received_at"] == "2026-11-20T10:40:00+00:00"
    assert responses(dispatcher) == ["utter_added_to_record"]
    assert dispatcher.messages[0]["reference"] == "SR-2026-000001"
    assert slots_of(events)["held_message"] is None
    assert not backend.created("handoffs")  # no second record
    assert len(backend.created("service-requests")) == 1
    # a retry (the action run again) adds nothing twice
    run(ActionAddToRecord(), answered(slots))
    assert len(backend.case_messages["SR-2026-000001"]) == 1


def test_backend_down_the_message_is_kept_in_the_outbox_and_the_resident_told(backend, outbox_path):
    slots = sr_record(backend)
    backend.mode = "down"
    _, dispatcher = run(ActionAddToRecord(), answered(slots))
    assert responses(dispatcher) == ["utter_added_to_record_later"]
    with sqlite3.connect(outbox_path) as db:
        rows = db.execute("SELECT kind, path, state, body FROM outbox").fetchall()
    [(kind, path, state, body)] = [r for r in rows if r[0] == "case_message"]
    assert (path, state) == ("/api/v1/cases/SR-2026-000001/messages", "pending")
    assert "the leak is getting worse now" in body


def test_a_case_the_conversation_did_not_open_is_refused_and_handed_to_staff(backend):
    sr_record(backend, conversation="conv-other")
    _, dispatcher = run(ActionAddToRecord(), answered(AFTER_SR))
    assert responses(dispatcher) == ["utter_added_to_record_by_staff"]
    held = [b for (m, p, b) in backend.requests if p == "/api/v1/held-messages"]
    assert held and held[0]["text"] == "the leak is getting worse now" and held[0]["kind"] == "case_message"


def test_the_question_names_the_reference_and_has_the_two_buttons():
    domain = load_domain()
    variants = domain["responses"]["utter_ask_same_matter"]
    assert all("{last_reference}" in v["text"] for v in variants  # the plain re-ask: test_actions_followup_typed
               if v.get("condition", [{}])[0].get("value") not in ("handoff", "escalation", "followup_again"))
    for v in variants:
        assert [(b["title"], b["payload"]) for b in v["buttons"]] == [
            ("The same matter", "/affirm"), ("Something new", "/deny")]
    for name in ("utter_added_to_handoff", "utter_added_to_handoff_later", "utter_added_to_handoff_by_staff"):
        assert domain["responses"][name]
    for name in ("utter_added_to_record", "utter_added_to_record_later", "utter_added_to_record_by_staff"):
        [v] = domain["responses"][name]
        assert "{reference}" in v["text"] and "dates" in v["text"]
    assert "action_add_to_record" in domain["actions"]
    assert "followup" in domain["slots"]["triage_route"]["values"]


# --- a message handed to staff (no case): the later message is kept with the handoff ------------

def staff_handoff(backend, contact="ann@example.org"):
    """What action_record_after_contact does for a handoff for staff; returns its slots."""
    from actions.handoff_actions import ActionRequestHuman, record_staff_handoff
    from fakes import run as run_action
    trk = tracker([user_event("can I talk to a person", "ask_human", message_id="m1")])
    events, _ = run_action(ActionRequestHuman(), trk)
    body = slots_of(events)["staff_handoff"]
    trk = tracker([user_event(contact, "inform", message_id="m2")],
                  slots={"staff_handoff": body, "record_contact": contact})
    import asyncio
    from rasa_sdk.executor import CollectingDispatcher
    return slots_of(asyncio.run(record_staff_handoff(CollectingDispatcher(), trk)))


def test_a_message_handed_to_staff_is_remembered_as_its_handoff(backend):
    slots = staff_handoff(backend)
    [h] = backend.created("handoffs")
    assert slots["last_reference"] == f"handoff:{h['id']}" and slots["last_record_kind"] == "handoff"


def test_the_same_matter_after_a_handoff_is_kept_with_the_handoff(backend):
    slots = staff_handoff(backend)
    events, dispatcher = run(ActionAddToRecord(), answered(slots))
    [h] = backend.created("handoffs")
    [(key, body)] = backend.case_messages[f"handoff:{h['id']}"].items()
    assert key == ("conv-1", "m5") and body["text"] == "the leak is getting worse now"
    assert responses(dispatcher) == ["utter_added_to_handoff"]
    assert len(backend.created("handoffs")) == 1  # no second handoff
    backend.mode = "down"
    _, dispatcher = run(ActionAddToRecord(), answered(slots))
    assert responses(dispatcher) == ["utter_added_to_handoff_later"]


def test_the_question_after_a_handoff_names_the_message_for_staff():
    [variant] = [v for v in load_domain()["responses"]["utter_ask_same_matter"]
                 if v.get("condition", [{}])[0].get("value") == "handoff"]
    assert "message you've just left for our staff" in variant["text"]


@pytest.mark.parametrize("slots, said", [
    ({"contact_given": {"name": "Ann", "email": "ann@example.org"}}, ["utter_record_failed"]),
    ({"contact_declined": True}, ["utter_record_failed_declined", "utter_get_in_touch"]),
    ({}, ["utter_record_failed_none", "utter_get_in_touch"]),
])
def test_when_nothing_could_be_kept_the_reply_says_what_is_true_about_contact(backend, slots, said):
    """'Staff will contact you' only when this conversation gave details staff can use."""
    _, dispatcher = run(ActionAddToRecord(), tracker([user_event("/affirm", "affirm")], slots=slots))
    assert responses(dispatcher) == said


# --- an escalation request, and a case the resident checked or escalated ------------------------

def test_an_escalation_request_is_remembered_as_its_handoff_and_a_later_message_kept_with_it(backend, decide):
    from actions.case_status_actions import ActionRecordEscalationRequest
    decide["d"] = decision("complaint")
    events, _ = run(ActionRecordEscalationRequest(), tracker(
        [user_event("I want my complaint to go to stage 2", "escalate_case", message_id="m1")]))
    [h] = backend.created("handoffs")
    slots = slots_of(events)
    assert slots["last_reference"] == f"handoff:{h['id']}" and slots["last_record_kind"] == "escalation"
    # the resident never gives the reference; the next new-looking message is asked about
    decide["d"] = decision("service_request", topic="repair")
    ev = user_event("and the boiler has broken again", "service_request", message_id="m4")
    events, _ = run(ActionTriage(), tracker([ev], slots=slots))
    assert slots_of(events)["triage_route"] == "followup" and len(backend.created("handoffs")) == 1
    events, dispatcher = run(ActionAddToRecord(), tracker(
        [ev, user_event("/affirm", "affirm", message_id="m5")], slots={**slots, **slots_of(events)}))
    assert responses(dispatcher) == ["utter_added_to_handoff"]
    assert list(backend.case_messages[f"handoff:{h['id']}"].values())[0]["text"] == "and the boiler has broken again"


def test_an_escalation_request_in_a_triaged_message_is_remembered_too(backend, decide):
    decide["d"] = decision("complaint")
    events, _ = run(ActionTriage(), tracker([user_event("Please escalate my complaint, nothing has been done",
                                                        "complaint", message_id="m1")]))
    [h] = backend.created("handoffs")
    slots = slots_of(events)
    assert slots["triage_route"] == "escalation"
    assert slots["last_reference"] == f"handoff:{h['id']}" and slots["last_record_kind"] == "escalation"


def test_the_question_after_an_escalation_request_names_it():
    [variant] = [v for v in load_domain()["responses"]["utter_ask_same_matter"]
                 if v.get("condition", [{}])[0].get("value") == "escalation"]
    assert "your request to take your complaint to the next stage" in variant["text"]


CHECKED = {"reference": "CMP-2026-000777", "kind": "complaint", "stage": 1, "stage_name": "Stage 1",
           "status": "open", "acknowledge_by": "2026-12-01", "respond_by": "2026-12-15",
           "next_step": "We will acknowledge your complaint.", "postcode": "SW1A1AA"}


def checked(backend, case=CHECKED, verifier="SW1A 1AA", action=None):
    from actions.case_status_actions import ActionCaseStatus
    backend.cases[case["reference"]] = dict(case)
    events, _ = run(action or ActionCaseStatus(), tracker(
        [user_event("what's happening with my complaint", "check_status", message_id="m1")],
        slots={"case_reference": case["reference"], "case_verifier": verifier}))
    return slots_of(events)


def test_after_a_status_check_the_case_is_the_last_record_and_a_later_message_is_added_to_it(backend, decide):
    """"It's still leaking" straight after checking CMP-...: one question, then added to that case
    (the backend takes it: this conversation matched the reference and postcode), no new record."""
    slots = checked(backend)
    assert slots == {"last_reference": "CMP-2026-000777", "last_record_kind": "complaint"}
    decide["d"] = decision("service_request", topic="repair")
    ev = user_event("it's still leaking", "service_request", message_id="m5")
    events, _ = run(ActionTriage(), tracker([ev], slots=slots))
    assert slots_of(events)["triage_route"] == "followup"
    assert not backend.created("handoffs") and not backend.created("service-requests")
    events, dispatcher = run(ActionAddToRecord(), tracker(
        [ev, user_event("/affirm", "affirm", message_id="m6")], slots={**slots, **slots_of(events)}))
    assert responses(dispatcher) == ["utter_added_to_record"]
    assert [b["text"] for b in backend.case_messages["CMP-2026-000777"].values()] == ["it's still leaking"]


def test_a_status_check_the_backend_did_not_match_is_not_remembered(backend):
    assert "last_reference" not in checked(backend, verifier="M1 1AE")
    backend.mode = "down"
    assert "last_reference" not in checked(backend)


def test_a_service_request_checked_is_asked_about_as_the_case_just_asked_about(backend):
    slots = checked(backend, case={**CHECKED, "reference": "SR-2026-000888", "kind": "service_request",
                                   "stage": None, "stage_name": None})
    assert slots == {"last_reference": "SR-2026-000888", "last_record_kind": "case"}
    [variant] = [v for v in load_domain()["responses"]["utter_ask_same_matter"]
                 if v.get("condition", [{}])[0].get("value") == "case"]
    assert "the case you've just asked about" in variant["text"]


def test_an_escalated_case_becomes_the_last_record(backend):
    from actions.case_status_actions import ActionEscalateCase
    slots = checked(backend, action=ActionEscalateCase())
    assert slots["last_reference"] == "CMP-2026-000777" and slots["last_record_kind"] == "complaint"
