"""triage(): the model's category, confidence and staff review, flags, explanation (no Rasa needed).

The rules themselves are tested in test_triage_rules.py, the flags' lexicons in
test_triage_flags.py, the dates in test_triage_dates.py and the model in test_triage_model.py.
"""
from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from actions.triage import TriageDecision, TriageProfile, triage
from actions.triage.decision import INTENT_BASE, UNCLEAR_BELOW, category_scores, intent_for_label

RECEIVED = date(2026, 11, 24)
CODE = TriageProfile.from_dict({"id": "code-2024", "time_limit_months": 12})


def run(text, ranking, entities=None, profile=CODE):
    if isinstance(ranking, str):
        ranking = [{"name": ranking, "confidence": 0.92}, {"name": "complaint" if ranking != "complaint" else "service_request",
                                                             "confidence": 0.05}]
    top = ranking[0]
    return triage(text, top["name"], top["confidence"], entities or [], profile, RECEIVED, intent_ranking=ranking)


def test_decision_is_frozen_with_contract_fields():
    d = run("my tap drips", "service_request")
    assert isinstance(d, TriageDecision)
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.category = "complaint"  # type: ignore[misc]
    assert d.to_dict()["category"] == "service_request"
    assert isinstance(d.flags, tuple) and d.explanation


@pytest.mark.parametrize("intent,text,category,reason", [
    ("service_request", "the kitchen tap is dripping", "service_request", None),
    ("report_emergency", "I can smell gas in the kitchen", "service_request", None),
    ("complaint", "the engineer was rude to me yesterday", "complaint", None),
    ("compliment", "Sarah was brilliant, thank you", "compliment", None),
    ("report_asb", "my neighbour plays loud music every night", "excluded", "asb"),
    ("legal_proceedings", "my solicitor has issued a claim at the county court", "excluded", "legal"),
    ("employment_matter", "I work for you and my line manager is bullying me", "excluded", "employment"),
])
def test_the_model_category_stands_when_no_rule_applies(intent, text, category, reason):
    d = run(text, intent)
    assert (d.category, d.reason) == (category, reason)
    assert "low_confidence" not in d.flags
    assert "No rule applied" in d.explanation


def test_intents_of_one_category_are_summed():
    ranking = [{"name": "complaint", "confidence": 0.40}, {"name": "service_request", "confidence": 0.33},
               {"name": "report_emergency", "confidence": 0.25}, {"name": "greet", "confidence": 0.02}]
    assert category_scores("complaint", 0.4, ranking)[("service_request", None)] == pytest.approx(0.58)
    d = run("the boiler is leaking onto the wires", ranking)
    assert d.category == "service_request" and d.confidence == pytest.approx(0.58)


def test_below_the_threshold_it_goes_to_staff_review_but_keeps_the_best_guess():
    ranking = [{"name": "complaint", "confidence": 0.40}, {"name": "service_request", "confidence": 0.35},
               {"name": "compliment", "confidence": 0.25}]
    d = run("the window in the hall", ranking)
    assert d.category == "complaint" and "low_confidence" in d.flags
    assert "staff review" in d.explanation


def test_no_triage_category_at_all_is_unclear():
    ranking = [{"name": "greet", "confidence": 0.85}, {"name": "complaint", "confidence": UNCLEAR_BELOW - 0.1}]
    d = run("hiya", ranking)
    assert d.category == "unclear" and d.reason is None and "low_confidence" in d.flags
    assert run("hmm", [{"name": "nlu_fallback", "confidence": 0.4}]).category == "unclear"


def test_a_higher_threshold_in_the_profile_sends_more_to_review():
    strict = TriageProfile.from_dict({"id": "strict", "time_limit_months": 12, "low_confidence_threshold": 0.95})
    assert "low_confidence" in run("my tap drips", "service_request", profile=strict).flags


def test_explanation_names_the_model_top_categories_with_confidence():
    ranking = [{"name": "complaint", "confidence": 0.7}, {"name": "service_request", "confidence": 0.2},
               {"name": "compliment", "confidence": 0.1}]
    d = run("third missed appointment", ranking)
    assert "Model: complaint 0.70, service request 0.20, compliment 0.10" in d.explanation
    assert "Recognised as" not in d.explanation


def test_training_labels_map_to_intents_and_back():
    for (category, reason) in {v for v in INTENT_BASE.values()}:
        intent = intent_for_label(category, reason, "a message")
        assert INTENT_BASE[intent] == (category, reason)
    assert intent_for_label("service_request", None, "there is water pouring through the ceiling") == "report_emergency"
    assert intent_for_label("service_request", None, "the tap drips") == "service_request"


def test_no_emergency_flag_for_a_flood_that_is_over():
    # the duty officer was alerted for a flood six weeks ago (the situation read "flood" as a danger now)
    over = run("it's been 6 weeks since the flood and I'm still waiting for the decoration voucher you promised",
               "complaint")
    assert "emergency" not in over.flags
    now = run("it's been 6 weeks since the flood and water is pouring through the ceiling again", "complaint")
    assert "emergency" in now.flags


def test_compliment_names_person_and_team():
    text = "Thank you to Sarah in the repairs team, brilliant job"
    d = run(text, "compliment", entities=[{"entity": "PERSON", "value": "Sarah"}])
    assert d.category == "compliment" and d.person == "Sarah" and d.team == "repairs team"
    assert run("Thanks to Kev the caretaker", "compliment").team == "caretaker"


def test_a_welsh_thank_you_is_not_the_person_praised():
    # spaCy reads "Diolch" (thank you) as a PERSON: the compliment went to "a person called Diolch"
    text = "Diolch to the team for sorting the boiler so fast"
    assert run(text, "compliment", entities=[{"entity": "PERSON", "value": "Diolch"}]).person is None
    text = "Diolch yn fawr to Dave from repairs for sorting the boiler so fast"
    assert run(text, "compliment", entities=[{"entity": "PERSON", "value": "Dave"}]).person == "Dave"


def test_a_name_that_opens_the_message_is_still_the_person_praised():
    # the NER read the sentence: a name first, with no role after it, is still routed to that person
    text = "Dave fixed my boiler in an hour, what a star"
    assert run(text, "compliment", entities=[{"entity": "PERSON", "value": "Dave"}]).person == "Dave"
    text = "Priya from Mears sorted the lot, please tell her manager"
    assert run(text, "compliment", entities=[{"entity": "PERSON", "value": "Priya"}]).person == "Priya"


def test_topic_is_still_classified():
    d = run("There is black mould in the bedroom and the damp is spreading", "service_request")
    assert d.topic == "damp_mould"


def test_receipt_date_not_wall_clock_decides_the_event_date():
    d = run("the fence was broken on 3 March 2025 and never paid for", "complaint")
    assert d.event_date == date(2025, 3, 3)


def test_every_triage_intent_has_a_conservative_stand_in():
    """If triage() fails, triage_call maps the intent; it never excludes on the time limit."""
    from actions.triage_call import _BY_INTENT

    assert set(INTENT_BASE) <= set(_BY_INTENT)
    assert _BY_INTENT["complaint_old_issue"] == ("complaint", None)
