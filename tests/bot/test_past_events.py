"""The past-event frames (actions/past_events.py) that keep a finished danger from flagging an
emergency. The flag's examples and near misses are in test_triage_flags.py."""
import re

import pytest

from actions.past_events import current, past_event_spans

FLOOD = re.compile(r"\bflood(?:ed|ing)?\b", re.I)


@pytest.mark.parametrize("text", [
    "since the flood I have been waiting for a voucher",        # A: a time word before the event
    "after the kitchen flooded we had to move out for a week",
    "the flooding was dealt with by the insurers",               # B: the event, dealt with
    "we were flooded two years ago",                             # C: its clause dated months or years back
    "the kitchen flooded back in 2021, please send the report",
    "about a year and a half ago the kitchen flooded",           # any number of months or years ago
    "we were flooded two and a half years ago",
    "the bathroom flooded 18 months ago, the floor was replaced",
    "the kitchen flooded a year or two ago and we lost the carpet",
    "back in March the kitchen flooded",
    "we were flooded last February",
])
def test_a_finished_past_event(text):
    assert not current(FLOOD, text)


@pytest.mark.parametrize("text", [
    "we have been flooded since last year",                      # "since last year" is ongoing
    "the kitchen has flooded three times over the last year",
    "the kitchen flooded last year and it is flooding now",       # a present clause
    "since the flood the kitchen has been flooding every time it rains",
    "we were flooded two years ago and again this week",          # "again"
    "since the flood this morning I can't use the kitchen",       # a recent time in the event's clause
    "the flood was never dealt with",                             # never dealt with: still there
    "a year and a half ago the kitchen flooded and it is flooding again now",
])
def test_not_a_finished_past_event(text):
    assert current(FLOOD, text)


def test_a_match_reaching_out_of_the_frame_is_present():
    water_near_electrics = re.compile(r"\bwater\b[^.!?]{0,30}\bsockets?\b", re.I)
    text = "since the water leak the sockets do not work"
    assert past_event_spans(text) and current(water_near_electrics, text)


# hj-04: lasting damage a past event left is a repair, not a danger now; an active danger is
@pytest.mark.parametrize("text", [
    "I want to complain that there was a fire in my block two years ago and you still haven't repaired "
    "the smoke damage in my hallway, the walls are still black.",
    "There was a fire in the flat above a year ago and my ceiling is still stained from the smoke",
    "We had a fire in the kitchen 18 months ago and the room was never redecorated",
    "The kitchen flooded last year and there are still water marks on the ceiling",
])
def test_lasting_damage_from_a_past_event_is_not_a_danger_now(text):
    from actions.hazard_recognition import recognise
    from actions.triage.flags import has_emergency
    hazard = recognise(text)
    assert hazard is None or not hazard.emergency_signs
    assert not has_emergency(text)


@pytest.mark.parametrize("text", [
    "There was a fire in the bin store two weeks ago and it is still smouldering",
    "There was a fire in my kitchen last month and it still smells of burning and the alarm keeps going off",
    "There was a fire in the flat below last year, the wall is still black and the socket on it is sparking",
])
def test_an_active_danger_after_a_past_event_is_still_a_danger(text):
    from actions.hazard_recognition import recognise
    from actions.triage.flags import has_emergency
    assert recognise(text).emergency_signs
    assert has_emergency(text)
