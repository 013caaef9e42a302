"""Flags any category can carry (actions/triage/flags.py): examples and near misses."""
from __future__ import annotations

import pytest

from actions.triage import flags


@pytest.mark.parametrize("text", [
    "I don't want to live like this any more, I've thought about ending my life",
    "my ex partner threatened to kill me and knows where I live",
    "my neighbour's kids are being left alone all day, the child is at risk",
    "he attacked me on the stairs last night",
    "some days I feel like ending it all, the damp is getting to me",
    "I just want to end it all",
])
def test_safeguarding(text):
    assert flags.has_safeguarding(text)


@pytest.mark.parametrize("text", [
    "you threatened me with eviction over £40 of arrears",   # a threat of eviction is not a safety risk
    "the repair is killing me slowly, what a joke",
    "the tap drips all night",
    "I'm ending the tenancy, that's it all done",
    "I want to end my tenancy at the end of the month, is that all I need to do?",
])
def test_safeguarding_near_misses(text):
    assert not flags.has_safeguarding(text)


@pytest.mark.parametrize("text", [
    "I can smell gas in the kitchen",
    "water is pouring through the ceiling onto the light fitting",
    "no heating and I have a newborn baby",
    "the ceiling has collapsed in the bathroom",
])
def test_emergency(text):
    assert flags.has_emergency(text)


@pytest.mark.parametrize("text", [
    "no heating since Tuesday",                 # cold, but nobody vulnerable named
    "the kitchen tap drips",
    "my gas bill seems high this quarter",
])
def test_emergency_near_misses(text):
    assert not flags.has_emergency(text)


@pytest.mark.parametrize("text,group,third", [
    ("We the residents of Marlow House want the lift fixed", True, False),
    ("This is a petition signed by 30 households about the bins", True, False),
    ("I'm writing on behalf of my mum, her boiler has broken", False, True),
    ("I'm her support worker and she has asked me to complain", False, True),
    ("my boiler is broken", False, False),
    ("my late mum's flat was cleared badly", False, False),
])
def test_group_and_third_party(text, group, third):
    assert flags.is_group(text) is group
    assert flags.is_third_party(text) is third


def test_compliment_names():
    assert flags.find_person_name("Thanks to Priya, my housing officer, for all her help") == "Priya"
    assert flags.find_person_name("Thank you for fixing it") is None
    # the role first, with words before it (seen as a new user: the compliment went to the default team)
    assert flags.find_person_name("the new heating engineer Priya sorted my boiler in one visit") == "Priya"
    assert flags.find_person_name("our lovely caretaker Dave keeps the bins spotless") == "Dave"
    assert flags.find_person_name("my housing officer Janet rang me back the same day") == "Janet"
    assert flags.find_person_name("the engineer came on Monday and the boiler works") is None
    assert flags.find_person_name("the gas engineer The next day was fine") is None
    assert flags.find_team("the repairs team were great") == "repairs team"
