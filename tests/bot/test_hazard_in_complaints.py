"""A hazard told inside a complaint is recognised as in a first report (one lexicon, one code path:
hazard_recognition.recognise from hazards.after_triage, whatever the category). A botched repair with
water still coming in was given the complaint route and no hazard: water getting in or escaping (a
leak, a burst pipe, rain coming in) was in the triage's emergency lexicon but not in the hazard's, and
water running down a wall by the sockets was not read as water near the electrics. A leak is damp
while it is happening (past_events.current): a leak that was fixed is not a hazard now. The letter of
a hazard linked to a complaint says it is looked at as part of the complaint
(tests/backend/test_hazard_letters_complaint.py)."""
import pytest

from actions.hazard_recognition import recognise
from actions.triage.flags import has_emergency
from actions.triage_action import ActionTriage
from fakes import decision, run, slots_of, tracker, user_event

XMAS_EVE = {"received_at": "2026-12-24T16:30:00+00:00"}
SOCKETS = "the roofer botched it and now water is pouring down the wall by the sockets"
SINK = "since your plumber came the pipe under the sink leaks every time"


@pytest.mark.parametrize("text, hazard, danger", [
    (SOCKETS, "electrical", True),
    ("your electrician left the job half done and water keeps running down behind the fuse box", "electrical", True),
    ("URGENT the pipe in the loft has split and water is coming through the landing light", "electrical", True),
    ("water is running down the stairs from the flat above and into the electric cupboard", "electrical", True),
    (SINK, "damp_mould", False),
    ("the roof has been leaking since the contractor replaced the tiles and nobody will come back", "damp_mould",
     False),
    ("I'm complaining because the repair was rubbish, rain is coming in through the new window", "damp_mould",
     False),
    ("the so-called repair did nothing and the leak is back in the bathroom", "damp_mould", False),
    ("the pipe has burst again, third time since your plumber's visit", "damp_mould", False),
])
def test_a_leak_in_a_complaint_is_a_hazard(text, hazard, danger):
    found = recognise(text, "complaint")
    assert found is not None and found.hazard_type == hazard and found.emergency_signs is danger


def test_the_flag_and_the_hazard_agree_on_water_by_the_sockets():
    assert has_emergency(SOCKETS) and recognise(SOCKETS, "complaint").emergency_signs


@pytest.mark.parametrize("text", [
    "the leak was fixed last month but they left a mess",
    "the leak has been repaired, I want compensation for the ruined carpet",
    "the roof leaked two years ago and the ceiling was never repainted",
    "we had a flood last year and the carpet was never replaced",
    "the kitchen tap has been dripping for a week",
    "my tap leaks", "the bathroom tap is leaking", "I've got a leaky tap in the kitchen",
    "you leaked my details to my neighbour",
    "my details were leaked by your staff",
    "the plumber was rude and left the sink dirty",
    "Your plumber fixed a leak under my sink last Tuesday and dragged the washing machine out, ripping the lino",
    "I've filed a claim for the furniture ruined by the leak from the communal tank",
    "the shower tray is cracked and I'm worried it will leak downstairs",
    "We are already in the County Court with you over the leak damage",
    "Hi, the kitchen tap at 8 Elm Close started leaking this morning from the base",
])
def test_near_misses_are_not_a_hazard_now(text):
    assert recognise(text, "complaint") is None


def triage(backend, decide, text):
    decide["d"] = decision("complaint")
    events, dispatcher = run(ActionTriage(), tracker([user_event(text, "complaint", message_id="m1",
                                                                 metadata=XMAS_EVE)]))
    return slots_of(events), [h["body"] for h in backend.created("hazards")]


def test_a_complaint_about_a_leaking_pipe_records_the_hazard_and_keeps_the_complaint(backend, decide):
    slots, [hazard] = triage(backend, decide, SINK)
    assert hazard["hazard_type"] == "damp_mould" and hazard["conversation_id"] == "conv-1"
    assert hazard["handoff_id"] == backend.created("handoffs")[0]["id"]
    # a leak: no household question (who lives there does not make a leak an emergency), the complaint
    # route at once; the case made next takes the hazard with it
    assert slots["triage_route"] == "complaint"


def test_a_complaint_about_water_by_the_sockets_is_an_emergency_hazard(backend, decide):
    slots, [hazard] = triage(backend, decide, SOCKETS)
    assert hazard["hazard_type"] == "electrical" and hazard["emergency_signs"] is True
    assert "emergency" in slots["triage_flags"] and slots["triage_route"] == "complaint"


def test_a_fixed_leak_in_a_complaint_records_no_hazard(backend, decide):
    slots, hazards = triage(backend, decide, "the leak was fixed last month but they left a mess")
    assert hazards == [] and slots["triage_route"] == "complaint"


def test_a_leak_is_told_as_a_leak_and_who_lives_there_does_not_make_it_an_emergency(backend, decide):
    """A leak is recorded as damp (the law's investigation deadlines) but is no damp or mould yet. Trying it
    as a resident: "the pipe under the sink leaks ..., my little boy has asthma" was thanked "for telling us
    about the damp and mould", asked who lives there, and told we must make the home safe within 24 hours."""
    decide["d"] = decision("complaint")
    text = SINK + ", my little boy has asthma"
    events, dispatcher = run(ActionTriage(), tracker([user_event(text, "complaint", message_id="m1",
                                                                 metadata=XMAS_EVE)]))
    [hazard] = [h["body"] for h in backend.created("hazards")]
    assert hazard["hazard_type"] == "damp_mould" and hazard["vulnerabilities"] == []
    assert slots_of(events)["triage_route"] == "complaint"  # no household question first
    said = [m for m in dispatcher.messages if "hazard" in m]
    assert said and all(m["hazard"] == "leak and the damp it can cause" for m in said)
    assert recognise("there's black mould and the pipe leaks", "complaint").told is None  # mould named: its name
