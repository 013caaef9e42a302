"""Domestic abuse read as a new ASB report (hF-17): abuse by a partner, ex or household member is
not a neighbour's anti-social behaviour. It goes to a person with the safeguarding handoff (no
exclusion letter, no Ombudsman review line), and a repair it reports now (a broken lock) is recorded
as a service request carrying the safeguarding flag."""
import pytest

from actions.contact_details import DECLINED, ActionRecordAfterContact
from actions.triage.topics import repair_reported_now
from actions.triage_action import ActionTriage
from fakes import decision, responses, run, slots_of, tracker, user_event

HF17 = ("my boyfriend beats me when he's been drinking and the lock on my front door is broken "
        "so I can't keep him out")


def triaged(backend, decide, text, reason="asb"):
    decide["d"] = decision("excluded", reason=reason, flags=("safeguarding",), topic="asb")
    return run(ActionTriage(), tracker([user_event(text, "excluded", message_id="m1")]))


def test_abuse_by_a_partner_read_as_asb_goes_to_a_person_not_an_exclusion(backend, decide):
    events, dispatcher = triaged(backend, decide, HF17)
    said = responses(dispatcher)
    assert said[0] == "utter_safeguarding_domestic_abuse"
    assert "utter_safeguarding_pickup" in said or "utter_safeguarding_saved" in said
    assert said[-1] == "utter_handoff_ask_contact_why"
    slots = slots_of(events)
    assert slots["triage_route"] == "staff" and slots["staff_handoff"]["text"] == HF17
    [handoff] = backend.created("handoffs")
    assert handoff["body"]["flags"] == ["safeguarding"]


def test_then_no_exclusion_no_ombudsman_review_and_the_broken_lock_is_recorded(backend, decide):
    events, _ = triaged(backend, decide, HF17)
    slots = slots_of(events)
    events, dispatcher = run(ActionRecordAfterContact(), tracker(
        [user_event("no", "deny")], slots={**slots, "record_contact": DECLINED}))
    said = responses(dispatcher)
    assert backend.created("excluded-matters") == []
    assert "utter_ombudsman_review" not in said and not any(s.startswith("utter_excluded") for s in said)
    [repair] = backend.created("service-requests")
    assert repair["body"]["topic"] == "repair" and repair["body"]["flags"] == ["safeguarding"]
    assert "utter_repair_beside_recorded" in said
    assert len(backend.created("handoffs")) == 1  # the same handoff, its contact added


def test_a_neighbours_abuse_is_still_an_asb_exclusion(backend, decide):
    events, dispatcher = triaged(backend, decide, "my neighbour shouts abuse at me and threatens to hurt me")
    assert slots_of(events)["triage_route"] == "excluded"
    assert "utter_safeguarding_domestic_abuse" not in responses(dispatcher)


def test_abuse_by_a_partner_with_another_exclusion_reason_keeps_its_route(backend, decide):
    events, _ = triaged(backend, decide, "my ex hits me, and the court case about my rent arrears is next month",
                        reason="legal")
    assert slots_of(events)["triage_route"] == "excluded"


@pytest.mark.parametrize("text,topic", [
    (HF17, "repair"),
    ("my partner hits me and the front door is broken", "repair"),
    ("my ex kicked the door in last night and hits me", "repair"),
    ("he smashed the window when he hit me, my husband", "repair"),
    ("my husband hits me and the back door won't lock", "repair"),
    # near misses: no repair reported now
    ("my boyfriend hits me and locked me out", None),
    ("my ex broke my phone and my arm", None),
    ("my partner slams the door and shouts at me", None),
    ("my partner hits me, the lock he broke was fixed last week", None),
    ("I keep the door locked because my ex hits me", None),
])
def test_a_repair_reported_now_beside_a_disclosure(text, topic):
    assert repair_reported_now(text) == topic


@pytest.mark.parametrize("text,at_home", [
    (HF17, True),
    ("my ex lives next door now and he attacked me when I went out", True),
    ("I'm scared he'll come back tonight, he kicked me last week", True),
    # bench rows labelled excluded/asb (safeguarding disclosures): a neighbour's abuse stays ASB, and
    # it is not domestic abuse either (the husband threatened is the one harmed, not the abuser)
    ("the man in the flat below me keeps banging on my floor with a broom and shouting when I'm just "
     "walking around. I'm scared of him tbh", False),
    ("A group of youths have started hanging about in the bike store at Winslow Court every evening. "
     "They've smashed the light, sprayed graffiti, and one of them threatened my husband when he went "
     "to get his bike.", False),
    ("new tenant moved in two doors down last month and already weve had loud music till 4am, banging on "
     "doors, and he threatened my husband in the car park. First time Im reporting it, what happens now", False),
])
def test_abuse_at_home_is_told_from_a_neighbours_abuse(text, at_home):
    from actions.triage.flags import abuse_at_home, domestic_abuse
    assert domestic_abuse(text) is at_home  # abuse by a partner, an ex or family: domestic abuse
    assert abuse_at_home(text) is at_home


def test_a_neighbour_threatening_the_residents_husband_is_still_an_asb_exclusion(backend, decide):
    events, _ = triaged(backend, decide, "new tenant moved in two doors down and he threatened my husband "
                                         "in the car park")
    assert slots_of(events)["triage_route"] == "excluded"
