"""Answers that never trap a resident (findings hE items 8, 15, 16): "it's a new complaint" at the
case-reference question starts the new complaint; a question about the Housing Ombudsman is answered
wherever it is asked; contact details or "it's a repair" typed as the answer to the complaint offer
are understood, with one handoff for the conversation's report."""
import asyncio

from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.case_status_actions import ActionCaseStatus, ValidateCaseStatusForm
from actions.contact_details import ValidateRecordContactForm
from actions.triage_action import ActionTriage
from actions.withdrawal import declines
from fakes import decision, load_domain, responses, run, slots_of, tracker, user_event

DAMP = "the damp and mould in my flat has been there since 2022, I've reported it loads of times"
OFFER = [{"event": "action", "name": "action_triage"},
         {"event": "slot", "name": "triage_route", "value": "complaint"},
         {"event": "action", "name": "utter_offer_complaint"},
         {"event": "action", "name": "action_listen"}]


def offered(*answers):
    """The report, the offer, and each answer followed by the offer asked again."""
    events = [user_event(DAMP, "complaint", message_id="m1"), *OFFER]
    for i, (text, intent) in enumerate(answers):
        events += [user_event(text, intent, message_id=f"a{i}"), {"event": "action", "name": "action_triage"},
                   {"event": "action", "name": "utter_offer_complaint"}, {"event": "action", "name": "action_listen"}]
    return events


def answer_offer(backend, decide, text, intent="inform", before=()):
    decide["d"] = decision("complaint", topic="repair")
    run(ActionTriage(), tracker([user_event(DAMP, "complaint", message_id="m1")]))
    trk = tracker(offered(*before) + [user_event(text, intent, message_id="last")],
                  slots={"triage_route": "complaint", "triage_text": DAMP})
    return run(ActionTriage(), trk)


# --- item 16: free text at the complaint offer ---

def test_contact_details_at_the_offer_are_kept_and_the_offer_asked_again(backend, decide):
    events, dispatcher = answer_offer(backend, decide, "Gary Lyons, gary.lyons@example.com")
    assert decide["seen"] == [DAMP]  # the details are never triaged as a message
    assert len(backend.created("handoffs")) == 1
    assert responses(dispatcher) == ["utter_offer_contact_kept"]
    assert FollowupAction("utter_offer_complaint") in events
    kept = slots_of(events)["contact_given"]
    assert kept["email"] == "gary.lyons@example.com" and kept["name"] == "Gary Lyons"


def test_contact_details_a_second_time_are_taken_as_the_no(backend, decide):
    events, dispatcher = answer_offer(backend, decide, "07700 900123",
                                      before=[("Gary Lyons, gary.lyons@example.com", "inform")])
    assert slots_of(events)["triage_route"] == "service_request" and responses(dispatcher) == []
    assert not any(e.get("event") == "followup" for e in events)  # not asked a third time
    assert len(backend.created("handoffs")) == 1


def test_just_fix_it_its_a_repair_is_a_no(backend, decide):
    for text in ("just fix the mould, it's a repair", "it's a repair", "I just want it fixed"):
        assert declines(text, "complaint")
    events, _ = answer_offer(backend, decide, "just fix the mould, it's a repair", "complaint")
    assert slots_of(events)["triage_route"] == "service_request"
    assert len(backend.created("handoffs")) == 1 and decide["seen"] == [DAMP]


# --- item 15: the Housing Ombudsman ---

def test_an_ombudsman_question_as_the_first_message_is_answered(backend, decide):
    decide["d"] = decision("complaint")
    for text in ("How do I complain to the Housing Ombudsman?", "i just want the ombudsman phone number",
                 "what is the ombudsman's number"):
        events, dispatcher = run(ActionTriage(), tracker([user_event(text, "service_request")]))
        assert responses(dispatcher) == ["utter_ombudsman_details", "utter_ombudsman_tell_us"]
        assert slots_of(events) == {"triage_route": "ombudsman"}
    assert backend.created("handoffs") == [] and decide["seen"] == []
    details = load_domain()["responses"]["utter_ombudsman_details"][0]["text"]
    assert "0300 111 3000" in details and "info@housing-ombudsman.org.uk" in details


def test_an_ombudsman_question_with_a_matter_is_answered_and_the_matter_triaged(backend, decide):
    decide["d"] = decision("complaint")
    text = "My repair has been ignored for six months and nobody calls back. How do I go to the ombudsman?"
    events, dispatcher = run(ActionTriage(), tracker([user_event(text, "complaint")]))
    assert responses(dispatcher)[0] == "utter_ombudsman_details"
    assert slots_of(events)["triage_route"] == "complaint" and decide["seen"] == [text]


def test_an_ombudsman_question_at_the_offer_is_answered_and_the_offer_stands(backend, decide):
    events, dispatcher = answer_offer(backend, decide, "how do i go to the ombudsman", "service_request")
    assert responses(dispatcher) == ["utter_ombudsman_details"]
    assert events == [FollowupAction("utter_offer_complaint")] and decide["seen"] == [DAMP]


def test_an_ombudsman_question_inside_a_form_is_answered_and_the_question_asked_again(backend):
    text = "i just want the ombudsman phone number"
    trk = tracker([user_event(DAMP, "complaint"), user_event(text, "service_request")],
                  slots={"requested_slot": "record_contact", "record_contact": text},
                  active_loop="record_contact_form")
    events, dispatcher = run(ValidateRecordContactForm(), trk)
    assert responses(dispatcher) == ["utter_ombudsman_details"]
    assert slots_of(events) == {"record_contact": None}  # not taken as the answer; asked again


# --- item 8: "complaint" may be a new one ---

def reference_answer(text, intent):
    d = CollectingDispatcher()
    trk = tracker([user_event("complaint", "check_status"), user_event(text, intent)],
                  active_loop="case_status_form")
    return ValidateCaseStatusForm().validate_case_reference(text, d, trk, {}), d


def test_the_reference_question_asks_new_or_existing():
    [text] = [r["text"] for r in load_domain()["responses"]["utter_ask_case_reference"]]
    assert "new complaint" in text and "reference" in text


def test_new_at_the_reference_question_ends_the_form_as_a_new_matter():
    for text, intent in (("new", "deny"), ("a new one", "deny"),
                         ("I don't have one, I want to make a new complaint about the caretaker", "deny")):
        out, d = reference_answer(text, intent)
        assert out["case_new_matter"] is True and "case_reference_missing" not in out and responses(d) == []
    done = tracker([user_event("new", "deny")], slots={"case_new_matter": True})
    form = ValidateCaseStatusForm()
    assert asyncio.run(form.required_slots(["case_reference", "case_verifier"], CollectingDispatcher(), done, {})) == []


def test_a_new_complaint_with_its_words_is_triaged_not_handed_on_as_a_case_question(backend):
    text = "I don't have one, I want to make a new complaint about the caretaker leaving rubbish bags"
    trk = tracker([user_event("complaint", "check_status"), user_event(text, "deny")],
                  slots={"case_new_matter": True})
    events, dispatcher = run(ActionCaseStatus(), trk)
    assert FollowupAction("action_triage") in events and responses(dispatcher) == []
    assert backend.created("handoffs") == []  # no "passed your question to our team"
    bare = tracker([user_event("complaint", "check_status"), user_event("new", "deny")],
                   slots={"case_new_matter": True})
    events, dispatcher = run(ActionCaseStatus(), bare)
    assert responses(dispatcher) == ["utter_ask_new_matter"] and FollowupAction("action_triage") not in events
