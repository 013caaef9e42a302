"""Flags any category can carry (actions/triage/flags.py): examples and near misses."""
from __future__ import annotations

from datetime import date

import pytest

from actions.situation import emergency_situation
from actions.triage import flags

WINTER = date(2026, 1, 12)


def emergency_flag(text):
    """The emergency flag from the words alone: triage (decision.py) ORs the lexicon and the situation."""
    return flags.has_emergency(text) or emergency_situation(text, WINTER).emergency


@pytest.mark.parametrize("text", [
    "I don't want to live like this any more, I've thought about ending my life",
    "my ex partner threatened to kill me and knows where I live",
    "my neighbour's kids are being left alone all day, the child is at risk",
    "he attacked me on the stairs last night",
    "some days I feel like ending it all, the damp is getting to me",
    "I just want to end it all",
    # an ex-partner's violence, fear of their return, coercive control (the resident's own words)
    "my ex has been coming round and he kicked the door in last time, thats why the lock is broke",
    "im scared he'll come back tonight and the kids are here",
    "I'm terrified she will find us if we stay here",
    "my ex-partner keeps turning up at the flat and won't leave me alone",
    "only text me, dont ring, he checks my phone calls",
    "he takes all my money and my bank card",
    "my partner won't let me go out or see my family",
    "same thing, and he threatened to come back and hurt me",
    "I'm scared of him, please don't send letters here",
    "I've been in a violent relationship and I'm frightened to go home",
    # a threat to kill, as it was said to them
    "my ex said he'll kill me if I report it",
    "he said he would kill me if i called you",
    "my neighbour says he's going to stab us",
])
def test_safeguarding(text):
    assert flags.has_safeguarding(text)


@pytest.mark.parametrize("text, domestic, threat, own_life", [
    ("my ex said he'll kill me if I report it", True, True, False),
    ("my ex-partner threatened to kill me and knows where I live", True, True, False),
    ("my partner hits me and I have nowhere else to go", True, False, False),
    ("im scared he'll come back tonight and the kids are here", True, False, False),
    ("he takes all my money and my bank card", True, False, False),
    ("my ex beats me and some days I just want to end it all", True, False, True),
    ("my neighbour said he will kill me", False, True, False),       # a threat to life, not a partner's
    ("my neighbour threatened to come back and hurt me", False, False, False),
    ("I just want to end it all", False, False, True),
    ("my neighbour's kids are being left alone all day, the child is at risk", False, False, False),
])
def test_what_kind_of_risk(text, domestic, threat, own_life):
    """What the safety reply and the next step depend on (actions/safeguarding.py::safety_reply)."""
    assert flags.has_safeguarding(text)
    assert (flags.domestic_abuse(text), flags.threat_to_life(text), flags.self_harm(text)) == (domestic, threat, own_life)


@pytest.mark.parametrize("text", [
    "you threatened me with eviction over £40 of arrears",   # a threat of eviction is not a safety risk
    "the repair is killing me slowly, what a joke",
    "the tap drips all night",
    "I'm ending the tenancy, that's it all done",
    "I want to end my tenancy at the end of the month, is that all I need to do?",
    "I'm scared the ceiling will come down",                 # afraid of the building, not of a person
    "I'm scared of the mould, it's everywhere",
    "the engineer said he'll come back tomorrow to finish",
    "I'm worried he'll come back and leave another mess",
    "my husband hurt his back on the broken step",
    "my wife takes my phone calls for me as I'm deaf",       # help, not control
    "he checks the boiler every year",
    "my daughter is afraid of her dog",
    "you threatened to take me to court and hurt my credit rating",
    "my partner is disabled and can't use the stairs",
    "the electrician said he will kill the power at 9",
    "he said he would kill the weeds on the path",
    "you will kill me with this rent",
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


# A danger the message places in the past, with nothing saying it is present now: no duty officer
# alert (a false alarm for a flood six weeks ago). actions/past_events.py
@pytest.mark.parametrize("text", [
    "it's been 6 weeks since the flood and I'm still waiting for the decoration voucher you promised",
    "It's been 6 weeks since the flood, still waiting for the decoration voucher!",
    "after the flood in March the insurance paid out but my carpet was never replaced",
    "when the ceiling came down last year you promised me compensation",
    "the burst pipe was fixed but nobody has come back to replaster the wall",
    "the burst pipe was fixed but the plaster is still wet",
    "we had flooding in the kitchen two years ago and the cupboards are still warped",
    "since the gas leak was made safe last month I have had no cooker",
    "the smoke from the fire next door two years ago stained our ceiling, we want it repainted",
    "the sparking socket was replaced months ago but the electrician left a mess",
    "I was stuck in the lift last month and I want to complain about how long the engineer took",
    "following the flooding in 2023 we were promised new flooring",
])
def test_emergency_not_for_a_danger_that_is_over(text):
    assert not emergency_flag(text)


# ... but a present danger still flags, past mentions or not
@pytest.mark.parametrize("text", [
    "the kitchen flooded again, same as last month",
    "since the flood the sockets spark",
    "the burst pipe was fixed but water is still coming through the ceiling",
    "after the flood in March we still have no power in the flat",
    "the ceiling came down last year and now the one in the bedroom is about to collapse",
    "since the gas leak last winter I can smell gas again in the kitchen",
    "we had a flood two years ago and now the bathroom is flooding again",
    "since the pipe burst this morning water has been pouring through the light",
    "it's been 6 weeks since the flood and the flat is still flooded",
    "the pipe was fixed last year but it has burst again",
    "The flat flooded in 2022. Water is coming through the ceiling.",
    "after the flood last month there are exposed wires hanging from the ceiling",
    "we were burgled last month and the door still won't lock",
])
def test_emergency_for_a_present_danger_that_mentions_the_past(text):
    assert flags.has_emergency(text) and emergency_flag(text)


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


# Not a name: a thanks word or greeting, or a word capitalised only because it starts the message or
# a sentence with no role or team said of it (the compliment would go to "a person called Diolch")
@pytest.mark.parametrize("text", [
    "Diolch the team for sorting the boiler so fast",
    "Diolch and the team at the depot were brilliant",
    "Cheers the repairs team were quick",
    "Hiya from Flat 4, the boiler is fixed",
    "Ta the lads who fixed the roof",
    "Service from Mears was great, new kitchen in a week",
    "Fixed on Monday, brilliant job",
    "Boiler fixed. Sorted at Christmas too, brilliant",
])
def test_compliment_name_near_misses(text):
    assert flags.find_person_name(text) is None


@pytest.mark.parametrize("text,name", [
    ("Dave from repairs was brilliant", "Dave"),
    ("Carl the caretaker is a star", "Carl"),
    ("Fiona at the Dudley office was so kind", "Fiona"),
    ("Hiya, Dave from repairs was brilliant", "Dave"),            # after a greeting, not at the start
    ("The roof is done. Tom the roofer was great", "Tom"),
    ("Diolch yn fawr i Dave am drwsio'r boeler", "Dave"),         # thanks in Welsh, then the name
    ("Cheers Dave, the boiler works again", "Dave"),
    ("Ta Kev for the quick fix", "Kev"),
])
def test_compliment_names_kept(text, name):
    assert flags.find_person_name(text) == name


def test_a_ner_name_is_kept_unless_it_names_nobody():
    # spaCy tags "Diolch" as a PERSON in "Diolch to the team..."; decision.py asks plausible_name
    for word in ("Diolch", "Cheers", "Hiya", "Shwmae", "Everyone", "dave", ""):
        assert not flags.plausible_name(word), word
    for name in ("Dave", "Priya", "Mary Jones"):
        assert flags.plausible_name(name), name
