"""A partner, an ex or a family member doing the harm, in any tense, is a safeguarding disclosure
of domestic abuse (actions/triage/flags.py): the safety reply gives 999 and the National Domestic
Abuse Helpline. Near misses (a relative hurt by a thing, a thing hitting the resident, an idiom, a
relative kicking a boiler) are not a safeguarding disclosure at all."""
import pytest

from actions.safeguarding import safety_reply
from actions.triage import flags

HARM_BY_A_PARTNER_OR_RELATIVE = [
    "my partner is hitting me",
    "my son hits me",
    "my son is hitting me and I am scared to tell anyone",
    "my girlfriend keeps hitting me",
    "my partner was hitting me again last night",
    "my husband has been hitting me for months",
    "my mum beats me",
    "my brother beat me up at the weekend",
    "my daughter punched me",
    "my dad kicked me when I was on the floor",
    "my ex choked me",
    "my wife strangled me until I passed out",
    "my boyfriend is choking me when he's drunk",
    "my husband used to hit me and still does",
    "my partner punches my son",
    "my boyfriend threatens to kill me",
    "my son has been threatening to kill us",
    "my brother won't let me leave the flat",
    "my husband won't let me leave",
    "my daughter controls my money and I can't buy food",
    "my son controls all my money",
]
NOT_A_DISCLOSURE = [
    "my son hit his head on the broken step",
    "the door hit me when the hinge broke",
    "the cupboard door came off and hit me",
    "my partner is hitting the roof about the rent increase",
    "my dad kicked the boiler to get it going",
    "my partner beat me to the phone when you rang",
    "my son kicked the ball against the fence",
    "my mum hurt her back on the stairs",
]


@pytest.mark.parametrize("text", HARM_BY_A_PARTNER_OR_RELATIVE)
def test_harm_by_a_partner_ex_or_relative_is_domestic_abuse(text):
    assert flags.has_safeguarding(text) and flags.domestic_abuse(text)
    assert safety_reply(text) == "utter_safeguarding_domestic_abuse"  # 999 and the DA helpline


@pytest.mark.parametrize("text", NOT_A_DISCLOSURE)
def test_near_misses_are_not_a_safeguarding_disclosure(text):
    assert not flags.has_safeguarding(text) and not flags.domestic_abuse(text)


@pytest.mark.parametrize("text", ["the neighbour hit my son", "the man next door hit me",
                                  "the neighbour's son punched me"])
def test_harm_by_someone_outside_the_home_is_safeguarding_not_domestic_abuse(text):
    assert flags.has_safeguarding(text) and not flags.domestic_abuse(text)
    assert safety_reply(text) == "utter_safeguarding"
