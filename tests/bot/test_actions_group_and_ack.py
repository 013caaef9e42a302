"""Issue 17 in the chat: a group complaint says whom it speaks for and who its contact is; the
acknowledgement is told as it happened (the case's acknowledged_on), not as a promise."""
import datetime as dt

import pytest

from actions.case_status_actions import ActionCaseStatus
from actions.complaint_actions import ActionOpenComplaint, ValidateComplaintForm
from actions.dates import LONDON, format_date
from actions.group import residents_list
from fakes import responses, run, tracker, user_event

TRIAGED = {"triage_key": "conv-1:m1", "triage_text": "We the residents of Elm Court complain",
           "triage_received_at": "2026-11-24", "triage_profile": "code-2024",
           "triage_channel": "rest", "triage_category": "complaint", "triage_flags": ["group"]}
FORM = {"contact_name": "Jo Bloggs", "contact_route": "email", "contact_email": "jo@example.com",
        "desired_outcome": "Fix the lift", "adjustments": "none"}
TODAY = dt.datetime.now(LONDON).date()


def conversation():
    return [user_event("We the residents of Elm Court complain about the lift", "complaint"),
            user_event("yes", "affirm")]


def required(slots):
    form = ValidateComplaintForm()
    trk = tracker([user_event("x", "inform")], slots=slots, active_loop="complaint_form")
    import asyncio
    return asyncio.run(form.required_slots([], None, trk, {}))


def validate(slot, text, intent="inform", slots=None):
    from rasa_sdk.executor import CollectingDispatcher
    trk = tracker([user_event(text, intent)], slots={"requested_slot": slot, slot: text, **(slots or {})},
                  active_loop="complaint_form")
    dispatcher = CollectingDispatcher()
    return getattr(ValidateComplaintForm(), f"validate_{slot}")(text, dispatcher, trk, {}), dispatcher


# --- the form asks who a group complaint speaks for --------------------------------------------

def test_group_flag_asks_whom_it_speaks_for_instead_of_on_behalf():
    assert required({"triage_flags": ["group"]}) == [
        "contact_name", "contact_route", "desired_outcome", "group_residents", "on_behalf",
        "adjustments"]  # on_behalf is asked only if the resident says it is not a group
    assert required({"triage_flags": ["group"], "group_residents": "Flats 1-12 of Elm Court"}) == [
        "contact_name", "contact_route", "desired_outcome", "group_residents", "group_nominated",
        "adjustments"]
    # "just me": not a group after all, so the usual representative question follows
    assert required({"triage_flags": ["group"], "group_residents": "none", "on_behalf": True}) == [
        "contact_name", "contact_route", "desired_outcome", "group_residents", "on_behalf",
        "third_party_consent", "adjustments"]
    assert "group_residents" not in required({"triage_flags": []})


@pytest.mark.parametrize("text,intent,expected", [
    ("Flats 1-12 of Elm Court", "inform", "Flats 1-12 of Elm Court"),
    ("No 5, No 7 and No 9 Oak Road", "deny", "No 5, No 7 and No 9 Oak Road"),  # house numbers
    ("just me and my family", "inform", "none"),
    ("no, only me", "deny", "none"),
    ("no", "deny", "none"),
])
def test_group_residents_answer(text, intent, expected):
    result, dispatcher = validate("group_residents", text, intent)
    assert result == {"group_residents": expected} and responses(dispatcher) == []


def test_group_residents_without_anyone_named_is_asked_again():
    result, dispatcher = validate("group_residents", " ; ", "inform")
    assert result == {"group_residents": None}
    assert responses(dispatcher) == ["utter_invalid_group_residents"]


def test_nominated_contact_yes_no_and_unclear():
    assert validate("group_nominated", "yes I am", "affirm")[0] == {"group_nominated": True}
    result, dispatcher = validate("group_nominated", "no", "deny")
    assert result == {"group_nominated": False}
    assert responses(dispatcher) == ["utter_group_contact_needed"]
    result, dispatcher = validate("group_nominated", "purple", "inform")
    assert result == {"group_nominated": None} and responses(dispatcher) == ["utter_please_yes_no"]


def test_residents_list_splits_lines_and_semicolons_keeps_commas_and_every_word():
    assert residents_list("Flats 1-12, Elm Court") == ["Flats 1-12, Elm Court"]
    assert residents_list("Mrs Ali (flat 2)\nMr Brown; the Okafor family") == [
        "Mrs Ali (flat 2)", "Mr Brown", "the Okafor family"]
    long = "flat " + " ".join(str(n) for n in range(1, 120))
    entries = residents_list(long)
    assert all(len(e) <= 200 for e in entries) and " ".join(entries) == long
    assert residents_list("none") == [] and residents_list(None) == []


# --- the complaint records it, and the chat says it --------------------------------------------

def test_group_complaint_records_residents_and_says_whom_it_speaks_for(backend):
    slots = {**TRIAGED, **FORM, "group_residents": "Flats 1-12 of Elm Court; Mr and Mrs Patel",
             "group_nominated": True}
    events, dispatcher = run(ActionOpenComplaint(), tracker(conversation(), slots=slots))
    [case] = backend.created("complaints")
    body = case["body"]
    assert body["group_residents"] == ["Flats 1-12 of Elm Court", "Mr and Mrs Patel"]
    assert "group" in body["flags"] and "representative" not in body
    assert body["contact"]["name"] == "Jo Bloggs"  # the nominated contact is the case contact
    assert responses(dispatcher)[:2] == ["utter_complaint_opened", "utter_complaint_group_nominated"]
    assert dispatcher.messages[1]["residents"] == "Flats 1-12 of Elm Court and Mr and Mrs Patel"
    cleared = {e["name"] for e in events if e.get("event") == "slot" and e["value"] is None}
    assert {"group_residents", "group_nominated"} <= cleared


def test_group_complaint_when_someone_else_is_the_contact(backend):
    slots = {**TRIAGED, **FORM, "group_residents": "Elm Court", "group_nominated": False}
    _, dispatcher = run(ActionOpenComplaint(), tracker(conversation(), slots=slots))
    assert backend.created("complaints")[0]["body"]["group_residents"] == ["Elm Court"]
    assert "utter_complaint_group" in responses(dispatcher)
    assert "utter_complaint_group_nominated" not in responses(dispatcher)


def test_not_a_group_after_all_drops_the_flag_and_says_nothing_of_a_group(backend):
    slots = {**TRIAGED, **FORM, "group_residents": "none", "on_behalf": False}
    _, dispatcher = run(ActionOpenComplaint(), tracker(conversation(), slots=slots))
    body = backend.created("complaints")[0]["body"]
    assert "group" not in body["flags"] and "group_residents" not in body
    assert not any(r.startswith("utter_complaint_group") for r in responses(dispatcher))


# --- the acknowledgement as it happened ---------------------------------------------------------

def test_acknowledgement_emailed_at_once_is_told_as_done_with_the_response_date_from_it(backend):
    respond_by = TODAY + dt.timedelta(days=14)
    backend.complaint_view = {"acknowledged_on": TODAY.isoformat(), "acknowledgement_channel": "email",
                              "respond_by": respond_by.isoformat()}
    _, dispatcher = run(ActionOpenComplaint(), tracker(conversation(), slots={**TRIAGED, **FORM,
                                                                              "triage_flags": []}))
    assert responses(dispatcher) == ["utter_complaint_opened", "utter_case_acknowledged_today_email",
                                     "utter_case_respond_by_from_ack"]
    assert dispatcher.messages[1]["date"] == format_date(TODAY)
    assert dispatcher.messages[2]["date"] == format_date(respond_by)


def test_acknowledgement_into_the_chat_is_told_as_such(backend):
    backend.complaint_view = {"acknowledged_on": TODAY.isoformat(), "acknowledgement_channel": "chat"}
    _, dispatcher = run(ActionOpenComplaint(), tracker(conversation(), slots={**TRIAGED, **FORM}))
    assert "utter_case_acknowledged_today_chat" in responses(dispatcher)
    assert "utter_case_acknowledge_by" not in responses(dispatcher)


def test_acknowledgement_not_yet_gone_is_still_a_promise(backend):
    """By post (or held for a language) the acknowledgement has not gone: "we will acknowledge"."""
    backend.complaint_view = {"acknowledged_on": None, "acknowledgement_channel": "post"}
    _, dispatcher = run(ActionOpenComplaint(), tracker(conversation(), slots={**TRIAGED, **FORM,
                                                                              "triage_flags": []}))
    assert responses(dispatcher) == ["utter_complaint_opened", "utter_case_acknowledge_by",
                                     "utter_case_respond_by"]
    assert dispatcher.messages[1]["date"] == "Tuesday 1 December 2026"


def test_status_check_says_when_it_was_acknowledged(backend):
    backend.cases["CMP-2026-000001"] = {
        "reference": "CMP-2026-000001", "kind": "complaint", "stage": 1, "stage_name": "Stage 1",
        "status": "open", "acknowledge_by": "2026-12-01", "acknowledged_on": "2026-11-24",
        "respond_by": "2026-12-08", "next_step": "We will send our response.", "postcode": "SW1A1AA"}
    trk = tracker([user_event("status", "check_status")],
                  slots={"case_reference": "CMP-2026-000001", "case_verifier": "SW1A 1AA"})
    _, dispatcher = run(ActionCaseStatus(), trk)
    assert responses(dispatcher) == ["utter_case_status", "utter_case_acknowledged_on",
                                     "utter_case_respond_by_from_ack", "utter_case_next_step"]
    assert dispatcher.messages[1]["date"] == "Tuesday 24 November 2026"
    assert dispatcher.messages[2]["date"] == "Tuesday 8 December 2026"
