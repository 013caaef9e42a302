"""A compliment names a person (with a title: "the new housing officer Ms Patel") or a team ("the
caretaking team"): both are kept for routing and wording (triage/flags.py find_person_name,
with_title; actions/record_actions.py compliment_recipient). hE-03, hE-15, hE-31."""
import pytest

from actions.record_actions import ActionRecordCompliment, compliment_recipient
from actions.triage import flags
from fakes import run, tracker, user_event

PATEL = ("Can I just say the new housing officer Ms Patel has been brilliant with my mum's tenancy transfer, "
         "really kind and patient. Please pass that on to her manager")


@pytest.mark.parametrize("text,person", [
    (PATEL, "Ms Patel"),
    ("Mr Patel the gas engineer was very professional today", "Mr Patel"),
    ("Please thank Mrs Okafor in the lettings team", "Mrs Okafor"),
    ("I just want to say a massive thank you to Sharon from the repairs team", "Sharon"),
    ("The caretakers are great. Kind regards, Mrs Jones", None),  # the resident's own name
])
def test_a_titled_name_is_the_person_praised(text, person):
    assert flags.find_person_name(text) == person


def test_the_ner_name_keeps_its_title():
    assert flags.with_title("Patel", PATEL) == "Ms Patel"
    assert flags.with_title("Sharon", "thanks to Sharon from repairs") == "Sharon"


@pytest.mark.parametrize("person,team,said", [
    (None, "caretaking team", "the caretaking team"),  # not "about caretaking team"
    (None, "housing officer", "the housing officer"),
    ("Ms Patel", "housing officer", "Ms Patel"),
    (None, None, "the staff involved"),
])
def test_who_the_compliment_is_about_reads_as_english(person, team, said):
    assert compliment_recipient(person, team) == said


def test_the_thanks_names_the_team_with_the(backend):
    slots = {"triage_key": "conv-1:m1", "triage_text": "Big shout out to the caretaking team at Holly Court",
             "triage_received_at": "2026-11-20", "triage_profile": "code-2024", "triage_channel": "rest",
             "triage_category": "compliment", "triage_flags": [], "triage_team": "caretaking team"}
    _, dispatcher = run(ActionRecordCompliment(), tracker([user_event(slots["triage_text"], "compliment")],
                                                          slots=slots))
    assert dispatcher.messages[0]["response"] == "utter_compliment_thanks"
    assert dispatcher.messages[0]["recipient"] == "the caretaking team"
    assert backend.created("compliments")[0]["body"]["team"] == "caretaking team"
