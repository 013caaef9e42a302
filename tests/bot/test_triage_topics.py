"""classify_topic (bot/actions/triage/topics.py): who a service charge mention goes to.

A service charge is a charge FOR services (grounds, cleaning, lifts, lighting, the block's
repairs): a message that names the service and the charge is about the service, unless it is
about the money (the amount billed, an increase, a bill or breakdown, a refund, section 20)."""
from __future__ import annotations

import pytest

from actions.record_actions import sr_topic
from actions.triage.topics import classify_topic


@pytest.mark.parametrize("text,topic", [
    # the service is the subject: the charge is only what the resident pays for it
    ("I'm complaining about the grass cutting, we pay a service charge for it", "estate"),
    ("we pay service charges and the lift has been broken for a month", "estate"),
    ("As a leaseholder I pay a service charge for the grass cutting and it is not being done", "estate"),
    ("The communal cleaning is never done even though it's in our service charge", "estate"),
    ("we pay £30 a month service charge and the door entry system is broken again", "repair"),
    ("I pay a service charge for the block and there is mould all over the stairwell walls", "damp_mould"),
])
def test_a_charge_for_a_service_is_about_the_service(text, topic):
    for category in ("complaint", "service_request"):
        assert classify_topic(text, category) == topic


@pytest.mark.parametrize("text", [
    # the money is the subject, whatever service the charge pays for
    "The service charge for grass cutting has gone up from £20 to £45, I want a breakdown",
    "Why is the amount on my service charge bill for the lift so high?",
    "I want a refund of the service charge for the grass cutting that was never done",
    "I've been overcharged on the service charge for the communal cleaning",
    "the section 20 notice for the roof repairs is far more than the estimate",
    "my service charge went up by 40 percent this year",  # no service named: as before
])
def test_a_dispute_about_the_amount_billed_is_about_the_charge(text):
    assert classify_topic(text, "complaint") == "service_charge"
    assert sr_topic(classify_topic(text, "service_request")) == "rent"  # the income team's topic


@pytest.mark.parametrize("text,topic", [
    # near misses: no service charge named, or a money word without a charge: counted as before
    ("the grass cutting is never done and the bins overflow", "estate"),
    ("my rent went up and I can't afford it", "rent"),
    ("the grass has not been cut for weeks and I want a refund", "estate"),
    ("I'm a leaseholder and want to know how to extend my lease", "service_charge"),
])
def test_near_misses_keep_their_topic(text, topic):
    assert classify_topic(text, "complaint") == topic
