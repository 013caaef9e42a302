"""hg-13: the safety advice fits the hazard and each line is said once per turn (actions/hazard_advice.py):
no gas advice on mould, no heating or water through a light; water near electrics gets the electrics
advice; the gas advice and "If anyone is in danger, call 999" once, whichever actions say them."""
import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.hazard_advice import advise, kinds_for
from actions.record_actions import ActionEmergencyLine
from fakes import load_domain, responses, run, tracker, user_event


@pytest.mark.parametrize("text, hazards, kinds", [
    ("I can smell gas in the kitchen", [], ["gas"]),
    ("water is pouring through the light fitting in the hall", ["electrical"], ["water_electrics"]),
    ("there's water dripping into the sockets in the kitchen", [], ["water_electrics"]),
    ("the socket in the bedroom is sparking", ["electrical"], ["electrical"]),
    ("black mould all over the baby's bedroom", ["damp_mould"], ["damp"]),
    ("no heating for a week and my mum is 85", ["excess_cold"], ["cold"]),
    ("smoke is pouring out of the flat below", ["fire"], ["fire"]),
    ("the gas boiler is broken, no heating", [], ["cold"]),            # a gas boiler is not a gas leak
    ("water through the ceiling in the bathroom", [], []),               # a leak, no electrics named
])
def test_advice_by_kind(text, hazards, kinds):
    assert kinds_for(text, hazards) == kinds


def test_the_advice_texts_say_what_fits():
    r = {k: v[0]["text"] for k, v in load_domain()["responses"].items()}
    assert "fuse box" in r["utter_hazard_water_electrics"] and "switches" in r["utter_hazard_water_electrics"]
    assert "0800 111 999" in r["utter_hazard_gas"] and "999." not in r["utter_hazard_gas"].replace("111 999.", "")
    for name in ("utter_emergency_line", "utter_emergency_line_no_number"):
        assert "gas" not in r[name] and "999" not in r[name]  # the advice that fits follows it
    for name in ("utter_hazard_damp", "utter_hazard_cold", "utter_hazard_electrical", "utter_hazard_water_electrics"):
        assert "gas" not in r[name].lower() and "999" not in r[name]


def test_each_line_once_per_turn():
    dispatcher = CollectingDispatcher()
    trk = tracker([user_event("I can smell gas", "report_emergency")])
    advise(dispatcher, trk, ["gas"])
    advise(dispatcher, trk, ["gas"])
    assert responses(dispatcher) == ["utter_hazard_gas", "utter_hazard_danger"]
    # a later action in the same turn sees them in the tracker; the next turn may say them again
    said = [{"event": "bot", "text": "x", "metadata": {"utter_action": r}} for r in responses(dispatcher)]
    again = CollectingDispatcher()
    advise(again, tracker([user_event("I can smell gas", "report_emergency"), *said]), ["gas"])
    assert responses(again) == []
    later = CollectingDispatcher()
    advise(later, tracker([user_event("I can smell gas", "report_emergency"), *said,
                           user_event("still smell it", "inform", message_id="m2")]), ["gas"])
    assert responses(later) == ["utter_hazard_gas", "utter_hazard_danger"]


def test_no_999_line_after_a_safety_reply_or_fire_advice_that_says_it():
    dispatcher = CollectingDispatcher()
    dispatcher.utter_message(response="utter_safeguarding")
    advise(dispatcher, tracker([user_event("x", "complaint")]), ["damp"])
    assert responses(dispatcher) == ["utter_safeguarding", "utter_hazard_damp"]
    dispatcher = CollectingDispatcher()
    advise(dispatcher, tracker([user_event("x", "report_emergency")]), ["fire"])
    assert responses(dispatcher) == ["utter_hazard_fire"]


@pytest.mark.parametrize("text, advice", [
    ("water is pouring through the light fitting in the hall", ["utter_hazard_water_electrics"]),
    ("black mould everywhere and my son has asthma", ["utter_hazard_damp"]),
    ("I can smell gas in the kitchen", ["utter_hazard_gas"]),
])
def test_the_emergency_line_brings_the_advice_that_fits_and_no_gas_advice_otherwise(text, advice):
    _, dispatcher = run(ActionEmergencyLine(), tracker([user_event(text, "report_emergency")],
                                                       slots={"triage_text": text}))
    said = responses(dispatcher)
    assert said[1:] == [*advice, "utter_hazard_danger"]
    assert said.count("utter_hazard_danger") == 1
