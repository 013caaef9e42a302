"""An excluded matter that reports a repair now: the exclusion covers the complaint, not the duty to
repair. The exclusion is recorded AND the repair as a service request, and the resident told both
(actions/record_actions.py ActionRecordExcluded; the decision: triage/topics.py repair_still_owed)."""
import pytest

from actions.record_actions import ActionRecordExcluded
from actions.triage.topics import repair_still_owed
from fakes import responses, run, slots_of, tracker, user_event

COURT_AND_LEAK = "my disrepair claim is at court but the ceiling is leaking again now"


@pytest.mark.parametrize("text,topic", [
    (COURT_AND_LEAK, "repair"),
    ("My claim is at the tribunal. The boiler has broken down today and we have no heating", "repair"),
    ("The disrepair case is with the county court. The damp in the bedroom is still there and getting worse",
     "damp_mould"),
    ("My solicitor filed the claim last month and the toilet still doesn't flush", "repair"),
])
def test_a_repair_reported_now_is_still_owed(text, topic):
    assert repair_still_owed(text, "legal") == topic
    assert repair_still_owed(text, "already_investigated") == topic


@pytest.mark.parametrize("text", [
    "My disrepair claim about the leak is at court",  # the claim's subject, not a report of it now
    "my solicitor has filed a claim at court about the leaking roof, which was fixed in March",
    "I have issued a claim at court over the way staff treated me, they are still ignoring me",
    "the court case about my service charge is ongoing",
])
def test_near_misses_owe_no_new_repair(text):
    assert repair_still_owed(text, "legal") is None


@pytest.mark.parametrize("reason", ["asb", "employment", None])
def test_other_exclusions_are_not_read_for_repairs(reason):
    # a new ASB report or an employment matter goes to its own team; not a repair report beside it
    assert repair_still_owed(COURT_AND_LEAK, reason) is None


def excluded(text=COURT_AND_LEAK, **slots):
    base = {"triage_key": "conv-1:m1", "triage_text": text, "triage_received_at": "2026-11-20",
            "triage_profile": "code-2024", "triage_channel": "rest", "triage_category": "excluded",
            "triage_reason": "legal", "triage_flags": [], "triage_topic": "legal",
            "record_contact": "Jo Bloggs jo@example.com"}
    return tracker([user_event(text, "legal_proceedings")], slots={**base, **slots})


def test_exclusion_and_repair_are_both_recorded_and_told(backend):
    events, dispatcher = run(ActionRecordExcluded(), excluded())
    [ex] = backend.created("excluded-matters")
    [sr] = backend.created("service-requests")
    assert ex["body"]["reason"] == "legal"
    assert sr["body"]["topic"] == "repair" and sr["body"]["emergency"] is False
    assert sr["body"]["idempotency_key"] == "conv-1:m1:service_request"
    assert sr["body"]["contact"] == ex["body"]["contact"]
    posts = [path for method, path, _ in backend.requests if method == "POST"]
    # the repair first: a hazard recorded from the message joins the case that does the work
    assert posts.index("/api/v1/service-requests") < posts.index("/api/v1/excluded-matters")
    assert responses(dispatcher) == ["utter_excluded_legal", "utter_ombudsman_review",
                                     "utter_excluded_recorded", "utter_excluded_repair_recorded",
                                     "utter_service_request_next"]
    said = {m["response"]: m for m in dispatcher.messages}
    assert said["utter_excluded_recorded"]["reference"] == ex["reference"]
    assert said["utter_excluded_repair_recorded"]["reference"] == sr["reference"]
    assert slots_of(events)["last_reference"] == sr["reference"]  # a follow-up goes with the repair


def test_an_emergency_repair_beside_an_exclusion_gives_the_emergency_line(backend, monkeypatch):
    monkeypatch.setenv("LANDLORD_EMERGENCY_PHONE", "0800 123 4567")
    _, dispatcher = run(ActionRecordExcluded(), excluded(triage_flags=["emergency"]))
    assert backend.created("service-requests")[0]["body"]["emergency"] is True
    said = responses(dispatcher)
    # the ceiling leaking now: the damp advice too (hazard_advice.kinds_for reads it as damp)
    assert said[-5:] == ["utter_emergency_line", "utter_hazard_damp", "utter_hazard_danger",
                         "utter_excluded_repair_recorded", "utter_service_request_next_emergency"]


def test_backend_down_the_repair_is_queued_and_the_resident_told(backend, outbox_path):
    backend.mode = "down"
    events, dispatcher = run(ActionRecordExcluded(), excluded())
    assert responses(dispatcher)[-2:] == ["utter_received_queued", "utter_excluded_repair_noted"]
    assert events == []


def test_no_repair_reported_now_records_only_the_exclusion(backend):
    _, dispatcher = run(ActionRecordExcluded(), excluded("My disrepair claim about the leak is at court"))
    assert backend.created("service-requests") == []
    assert "utter_excluded_repair_recorded" not in responses(dispatcher)
