"""Awaab's Law replies that tell one coherent account (found by a tester, brief F4).

1. "no hot water": the hazard (excess cold) has a statutory clock this phase only as an emergency,
   so whether one runs depends on the household question. The reply before the question said "The
   law (Awaab's Law) sets deadlines for us to deal with it, and they start now", then a "no" was told
   the hazard was passed to the repairs team with no deadline. Now the words before the question say
   it depends (utter_hazard_noted_assess) and the answers tell what follows from them.
3. Someone at greater risk, not said who, after the resident declined contact details: the reply
   dropped "Our staff may ask you who" even when the hazard is on a case that holds its own details.
What the resident reads is rendered as Rasa renders it (test_hazard_declined_case.read)."""
import pytest

from actions.hazards import ActionHazardHousehold
from actions.triage_action import ActionTriage
from fakes import decision, responses, run, slots_of, tracker, user_event
from test_hazard_declined_case import read

XMAS_EVE = {"received_at": "2026-12-24T16:30:00+00:00"}
KEY = "conv-1:m1:hazard:excess_cold"
STARTS_NOW = "they start now"


def no_hot_water(backend, decide):
    decide["d"] = decision("service_request")
    ev = user_event("There's no hot water in the flat since Monday", "service_request", message_id="m1",
                    metadata=XMAS_EVE)
    events, dispatcher = run(ActionTriage(), tracker([ev]))
    return ev, slots_of(events), dispatcher


def answer(ev, slots, said):
    trk = tracker([ev, user_event(said, "inform", message_id="m2")],
                  slots={**slots, "hazard_household": said})
    events, dispatcher = run(ActionHazardHousehold(), trk)
    return slots_of(events), dispatcher


def test_no_hot_water_is_not_told_deadlines_start_before_we_know_they_apply(backend, decide):
    ev, slots, dispatcher = no_hot_water(backend, decide)
    [hz] = backend.created("hazards")
    assert hz["body"]["hazard_type"] == "excess_cold" and hz["in_force"] is False
    assert slots["triage_route"] == "hazard_household"
    [noted] = read(dispatcher, slots)
    assert STARTS_NOW not in noted and "lack of heating or hot water" in noted
    assert "depends on how serious the risk is" in noted
    # "no one at greater risk": recorded for staff to assess, no statutory deadline: said as such
    _, dispatcher = answer(ev, slots, "no")
    assert responses(dispatcher) == ["utter_hazard_not_in_force"]
    [after] = read(dispatcher, slots)
    assert hz["reference"] in after and "assess how urgent it is" in after
    assert "no fixed deadline for it unless it is an emergency" in after


def test_no_hot_water_with_an_older_person_is_an_emergency_told_once(backend, decide):
    ev, slots, _ = no_hot_water(backend, decide)
    _, dispatcher = answer(ev, slots, "yes my mum lives with us, she's 84")
    assert responses(dispatcher)[:2] == ["utter_hazard_household_raises", "utter_hazard_emergency"]
    said = read(dispatcher, slots)
    assert "within 24 hours" in said[1] and "4:30pm on Friday 25 December 2026" in said[1]
    assert not any(STARTS_NOW in s or "no fixed deadline" in s for s in said)


def test_mould_still_says_its_deadlines_start_now(backend, decide):
    decide["d"] = decision("service_request")
    ev = user_event("black mould on the bedroom wall", "service_request", message_id="m1", metadata=XMAS_EVE)
    events, dispatcher = run(ActionTriage(), tracker([ev]))
    assert responses(dispatcher) == ["utter_hazard_noted"]
    assert STARTS_NOW in read(dispatcher, slots_of(events))[0]


def someone_not_who(backend, case_id, held_for):
    """A mould hazard (significant) already recorded in this conversation, on a case or not; the
    resident said yes, someone is at greater risk, then would not say who."""
    key = "conv-1:m1:hazard:damp_mould"
    backend.records.setdefault("hazards", {})[key] = {
        "reference": "HZ-2026-000042", "hazard_type": "damp_mould", "severity": "significant",
        "in_force": True, "household_known": False, "vulnerabilities": [], "case_id": case_id,
        "letter_held_for": held_for, "letter_address_wanted": None,
        "body": {"conversation_id": "conv-1", "hazard_type": "damp_mould"}}
    slots = {"contact_declined": True, "hazard_key": key, "hazard_household_said_yes": True,
             "hazard_next_route": "service_request", "hazard_types": ["damp_mould"]}
    ev = user_event("mould", "service_request", message_id="m1", metadata=XMAS_EVE)
    _, dispatcher = answer(ev, slots, "I'd rather not say who")
    return dispatcher, slots


@pytest.mark.parametrize("held_for", [[], ["braille"]])
def test_declined_details_but_a_case_exists_staff_may_still_ask_who(backend, held_for):
    dispatcher, slots = someone_not_who(backend, case_id=7, held_for=held_for)
    assert backend.created("hazard_household")[0]["vulnerabilities"] == ["unspecified"]
    raised = read(dispatcher, slots)[0]
    assert "treating this as an emergency" in raised and "Our staff may ask you who" in raised


def test_declined_details_and_no_case_does_not_promise_staff_will_ask(backend):
    dispatcher, slots = someone_not_who(backend, case_id=None, held_for=None)
    raised = read(dispatcher, slots)[0]
    assert "treating this as an emergency" in raised and "may ask you" not in raised
