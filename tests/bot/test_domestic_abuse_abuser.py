"""Domestic abuse is abuse BY a partner, an ex-partner or a family member (actions/triage/flags.py
domestic_abuse): a partner or relative named only as the one harmed ("my partner was attacked by the
neighbour's son") does not make it domestic abuse. Such a message keeps its route (a neighbour's
abuse is an ASB report; a safeguarding one still gets the safety reply, 999 and the Samaritans), but
not the domestic abuse helpline nor the domestic-abuse route to a person."""
import pytest

from actions.safeguarding import safety_reply
from actions.triage import flags
from actions.triage_action import ActionTriage
from fakes import decision, responses, run, slots_of, tracker, user_event

BY_A_PARTNER_OR_FAMILY = [
    "my ex keeps threatening me",
    "my partner hit me",
    "my ex-partner threatened to kill me and knows where I live",
    "my ex hits me and my son",                       # the son harmed too; the ex is the abuser
    "my dad threatened to kill me",                   # a family member
    "my ex lives next door now and he attacked me when I went out",
]
PARTNER_HARMED_BY_SOMEONE_ELSE = [
    "my partner was attacked by the neighbour's son",
    "my wife is being threatened by the man next door",
    "my partner has been threatened with a knife by the neighbour",
    "my wife is being threatened by the man next door, he has a knife",
    "the man next door threatened to kill me and my wife",
    "youths attacked my partner outside",
    "the neighbour threatened my husband",
    "my girlfriend got assaulted by a neighbour and now she is scared he will come back",
    "my partner said the neighbour attacked me",
]


@pytest.mark.parametrize("text", BY_A_PARTNER_OR_FAMILY)
def test_abuse_by_a_partner_ex_or_family_member_is_domestic_abuse(text):
    assert flags.has_safeguarding(text) and flags.domestic_abuse(text) and flags.abuse_at_home(text)
    assert safety_reply(text) == "utter_safeguarding_domestic_abuse"


@pytest.mark.parametrize("text", PARTNER_HARMED_BY_SOMEONE_ELSE)
def test_a_partner_harmed_by_someone_else_is_not_domestic_abuse(text):
    assert not flags.domestic_abuse(text) and not flags.abuse_at_home(text)
    assert safety_reply(text) == "utter_safeguarding"  # 999 and the Samaritans, not the DA helpline


@pytest.mark.parametrize("text", [t for t in PARTNER_HARMED_BY_SOMEONE_ELSE if flags.has_safeguarding(t)])
def test_a_neighbour_threatening_a_partner_is_still_an_asb_report_with_the_safety_reply(backend, decide, text):
    decide["d"] = decision("excluded", reason="asb", flags=("safeguarding",), topic="asb")
    events, dispatcher = run(ActionTriage(), tracker([user_event(text, "report_asb", message_id="m1")]))
    said = responses(dispatcher)
    assert said[0] == "utter_safeguarding" and "utter_safeguarding_domestic_abuse" not in said
    assert slots_of(events)["triage_route"] == "excluded"
    [handoff] = backend.created("handoffs")
    assert handoff["body"]["flags"] == ["safeguarding"]


def test_the_same_words_with_the_partner_as_abuser_go_to_a_person(backend, decide):
    decide["d"] = decision("excluded", reason="asb", flags=("safeguarding",), topic="asb")
    events, dispatcher = run(ActionTriage(), tracker([user_event(
        "my partner has been threatening me with a knife and the neighbours hear it", "report_asb",
        message_id="m1")]))
    assert responses(dispatcher)[0] == "utter_safeguarding_domestic_abuse"
    assert slots_of(events)["triage_route"] == "staff"
