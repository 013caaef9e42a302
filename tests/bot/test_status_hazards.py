"""A status check of a case with an Awaab's Law hazard says the hazard is recorded, the deadline the
case service holds and whether the work is done (case_status_actions.say_case_hazards); the backend
lists hazards only for the case the resident proved is theirs, and a wrong factor says nothing of it."""
from actions.case_status_actions import ActionCaseStatus
from fakes import responses, run, tracker, user_event

GAS = {"reference": "HZ-2026-004417", "hazard_type": "gas_co", "hazard_name": "Gas or carbon monoxide",
       "severity": "emergency", "in_force": True, "status": "open",
       "deadlines": [{"label": "Investigate and make safe", "unit": "hours", "due_at": "2026-11-25T10:15:00+00:00",
                      "due_on": None, "due_text": "Wed 25 Nov 2026 10:15", "done": False, "status": "open"}]}
CASE = {"reference": "CMP-2026-000123", "kind": "complaint", "stage": 1, "stage_name": "Stage 1",
        "status": "open", "acknowledge_by": "2026-12-01", "respond_by": "2026-12-15",
        "next_step": "We will respond by Tuesday 15 December 2026.", "postcode": "SW1A1AA", "hazards": [GAS]}


def _asked(verifier="sw1a 1aa"):
    return tracker([user_event("any news on my complaint", "check_status")],
                   slots={"case_reference": CASE["reference"], "case_verifier": verifier})


def _hazard_said(dispatcher):
    return [m for m in dispatcher.messages if (m.get("response") or "").startswith("utter_status_hazard")]


def test_an_open_emergency_hazard_is_said_with_its_deadline(backend):
    backend.cases[CASE["reference"]] = dict(CASE)
    _, dispatcher = run(ActionCaseStatus(), _asked())
    (said,) = _hazard_said(dispatcher)
    assert said["response"] == "utter_status_hazard_due"
    assert said["reference"] == "HZ-2026-004417" and said["severity"] == "an emergency"
    assert said["due"] == "10:15am on Wednesday 25 November 2026"
    assert said["work"] == "investigate and make safe"
    assert responses(dispatcher)[:3] == ["utter_case_status", "utter_case_acknowledge_by", "utter_case_respond_by"]


def test_done_and_overdue_are_told_as_they_are(backend):
    done = {**GAS, "deadlines": [{**GAS["deadlines"][0], "done": True, "status": "met"}]}
    late = {**GAS, "deadlines": [{**GAS["deadlines"][0], "status": "breached"}]}
    for hazard, response in ((done, "utter_status_hazard_done"), (late, "utter_status_hazard_overdue")):
        backend.cases[CASE["reference"]] = {**CASE, "hazards": [hazard]}
        _, dispatcher = run(ActionCaseStatus(), _asked())
        assert [m["response"] for m in _hazard_said(dispatcher)] == [response]


def test_a_wrong_factor_says_nothing_of_the_hazard(backend):
    backend.cases[CASE["reference"]] = dict(CASE)
    _, dispatcher = run(ActionCaseStatus(), _asked(verifier="M1 1AE"))
    assert responses(dispatcher) == ["utter_case_not_found"]


def test_a_case_without_hazards_says_none(backend):
    backend.cases[CASE["reference"]] = {**CASE, "hazards": []}
    _, dispatcher = run(ActionCaseStatus(), _asked())
    assert _hazard_said(dispatcher) == []
