"""Asking to move a complaint on versus complaining about how a stage was handled
(bot/actions/next_stage.py). The Code: two stages; unhappy with stage 1 is a request for stage 2
(6.12, no reason needed); after the last stage the Housing Ombudsman is next, not another stage."""
import pytest

from actions.next_stage import asks_next_stage, last_stage_of, read_next_stage
from actions.profiles import local_profile

ASKS_TO_MOVE_ON = [
    "I want my complaint to go to stage 2",
    "please escalate my complaint",
    "Can you move my complaint on to the next stage?",
    "Stage 2 please",
    "I'd like to request a stage two review of my complaint about the damp",
    "I want to appeal the stage one decision on my complaint",
    "I'd like my complaint escalated, the response didn't deal with the leak",
    "can I have my complaint escalated to the next stage",
    "Please put my complaint into stage 2, your answer about the mould was not good enough",
    # unhappy with stage 1: an escalation request (Code 6.12), the resident need not ask in those words
    "I'm not happy with the stage 1 response and want it looked at again",
    "Your first stage response ignored half of what I said",
    "I want to complain about how my stage 1 complaint was handled",
    "the stage one reply was rubbish, nobody even came out to look at the ceiling",
]

ABOUT_THE_LAST_STAGE = [
    "my stage 2 complaint was handled badly, the review never looked at the evidence",
    "unhappy with how the stage two review went",
    "The stage 2 response was a whitewash and the manager didn't even call me",
    "I'm disappointed with your final response to my complaint",
    "The second stage investigation was biased, they only spoke to the contractor",
    "I'm unhappy with the stage 2 response, I want to escalate my complaint",
    "stage-two complaint: still no reply and it's well overdue",
    # a stage the Code does not have
    "I want to take my complaint to stage 3",
]

NEITHER = [
    "I'll escalate this to my MP if the boiler isn't fixed",
    "I am going to escalate my complaint to the ombudsman",
    "The builders are on stage 2 of the works and the noise is awful",
    "I want stage 2 of the kitchen programme to include our block",
    "What happens at stage 2?",
    "I got a response to my stage 2 complaint last week, thank you",
    "The stage 2 response promised a new window by March and it still hasn't been fitted",
    "My boiler has been broken for three weeks and nobody has come",
    "The repair team handled my leak badly",
    "my complaint is at stage 2, when should I hear back?",
    "",
]


@pytest.mark.parametrize("text", ASKS_TO_MOVE_ON)
def test_asking_to_move_a_complaint_on_is_an_escalation_request(text):
    assert read_next_stage(text) == "escalate" and asks_next_stage(text)


@pytest.mark.parametrize("text", ABOUT_THE_LAST_STAGE)
def test_a_complaint_about_the_last_stage_is_not_an_escalation_request(text):
    assert read_next_stage(text) == "final" and not asks_next_stage(text)


@pytest.mark.parametrize("text", NEITHER)
def test_near_misses_are_neither(text):
    assert read_next_stage(text) is None


def test_a_profile_with_a_third_stage_moves_stage_2_dissatisfaction_on():
    """Wrekin's housing policy has a Complaints Panel at stage 3: unhappy with stage 2 asks for it."""
    wrekin = last_stage_of(local_profile("wrekin-2020-housing"))
    assert (wrekin, last_stage_of(local_profile("code-2024"))) == (3, 2)
    text = "unhappy with how the stage two review went"
    assert read_next_stage(text, wrekin) == "escalate"
    assert read_next_stage("I want my complaint to go to stage 3", wrekin) == "escalate"
    assert read_next_stage("the stage 3 panel never read my evidence, it was a joke", wrekin) == "final"


def test_a_profile_without_stages_is_read_as_the_code():
    assert last_stage_of(None) == 2 and last_stage_of({"stages": "nonsense"}) == 2
