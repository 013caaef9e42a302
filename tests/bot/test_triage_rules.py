"""The Code rules (actions/triage/rules.py): each with examples where it fires and near misses
where it must not. The model's scores are given, so only the rule is under test."""
from __future__ import annotations

from datetime import date

import pytest

from actions.triage import TriageProfile, triage
from actions.triage.rules import RULE_NAMES, only_threatened, proceedings_started, about_handling, writer_is_staff

RECEIVED = date(2026, 11, 24)
CODE = TriageProfile.from_dict({"id": "code-2024", "time_limit_months": 12})
NO_LIMIT = TriageProfile.from_dict({"id": "resolution-team-2022", "time_limit_months": None})


def decide(text, first, second="complaint", p=0.8, profile=CODE, rules_off=frozenset()):
    ranking = [{"name": first, "confidence": p}, {"name": second, "confidence": round(1 - p - 0.02, 4)},
               {"name": "greet", "confidence": 0.02}]
    d = triage(text, first, p, [], profile, RECEIVED, intent_ranking=ranking, rules_off=rules_off)
    return d.category, d.reason, d


def test_the_rule_table_is_small_and_named():
    assert set(RULE_NAMES) == {"time_limit", "legal_only_threatened", "legal_already_started", "asb_handling",
                               "staff_writer"}


# --- time_limit (Code 2.3) ------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "The contractor smashed my window in March 2024 and nobody paid for it",
    "Back in the summer of 2023 your gardener ran over my plant pots",
    "Two years ago the housing officer was rude to me on the phone",
])
def test_an_old_one_off_issue_is_over_the_limit(text):
    category, reason, d = decide(text, "complaint_old_issue")
    assert (category, reason) == ("excluded", "time_limit")
    assert "time_limit (Code 2.3)" in d.explanation and "cut-off is 24 Nov 2025" in d.explanation
    assert "months before receipt on 24 Nov 2026" in d.explanation


@pytest.mark.parametrize("text", [
    "The contractor smashed my window in October 2026 and nobody paid for it",   # recent date
    "The contractor smashed my window and nobody has paid for it",               # no date at all
    "Last month the housing officer was rude to me on the phone",
])
def test_near_misses_an_old_sounding_complaint_with_no_old_date_stays_a_complaint(text):
    category, reason, d = decide(text, "complaint_old_issue")
    assert (category, reason) == ("complaint", None)
    assert "not over the time limit" in d.explanation


def test_a_continuing_problem_with_an_old_date_stays_a_complaint():
    category, reason, d = decide("Damp since 2019 and it is still coming back every winter", "complaint",
                                 second="complaint_old_issue")
    assert (category, reason) == ("complaint", None)
    assert "continuing or recurring" in d.explanation and "2019" in d.explanation


def test_a_profile_without_a_time_limit_never_excludes():
    category, reason, d = decide("The contractor smashed my window in March 2019", "complaint_old_issue",
                                 profile=NO_LIMIT)
    assert (category, reason) == ("complaint", None) and "no time limit" in d.explanation


def test_the_time_limit_applies_to_complaints_only():
    category, reason, _ = decide("My boiler was serviced in March 2019, is another due?", "service_request")
    assert (category, reason) == ("service_request", None)


# --- legal: started vs threatened (Code 2.2) -------------------------------------------------
@pytest.mark.parametrize("text", [
    "If the mould isn't sorted I will take you to court",
    "I'm thinking about legal action over the leak",
    "My solicitor is going to issue a claim next week unless you fix it",
    "No claim has been filed yet but I have a solicitor",
])
def test_a_threat_is_not_an_exclusion(text):
    assert only_threatened(text)
    category, reason, d = decide(text, "legal_proceedings", second="complaint")
    assert (category, reason) == ("complaint", None)
    assert "legal_only_threatened (Code 2.2)" in d.explanation


@pytest.mark.parametrize("text", [
    "My solicitor has issued a disrepair claim against you",
    "The hearing date is 12 January at the county court",
    "We have already applied to the First-tier Tribunal about the service charge",
    "I was served with a claim form for possession last week",
])
def test_started_proceedings_are_excluded_even_where_the_model_missed_them(text):
    assert proceedings_started(text)
    category, reason, d = decide(text, "complaint")
    assert (category, reason) == ("excluded", "legal")
    assert "legal_already_started (Code 2.2)" in d.explanation
    category, reason, _ = decide(text, "legal_proceedings")  # and the model's legal stands
    assert (category, reason) == ("excluded", "legal")


@pytest.mark.parametrize("text", [
    "I have issued you with three warnings about the bins",            # issued, but no claim
    "My solicitor said I could take you to court",                       # advice, no claim
    "The court case about my neighbour's fence finished years ago and the hearing was fair",
])
def test_near_misses_for_started_proceedings(text):
    assert not proceedings_started(text) or "finished" in text
    if "warnings" in text:
        assert decide(text, "complaint")[:2] == ("complaint", None)


def test_praise_is_never_turned_into_legal():
    text = "Thank you Jo, the claim form you helped me fill in for the court was perfect"
    assert decide(text, "compliment")[:2] == ("compliment", None)


# --- ASB: a new report vs the landlord's handling (Code 1.2) --------------------------------
@pytest.mark.parametrize("text", [
    "I've reported the noise from next door five times and the ASB team never called me back",
    "You closed my ASB case without even speaking to the neighbour",
    "The housing officer told my neighbour it was me who reported them",
])
def test_the_landlords_handling_of_asb_is_a_complaint(text):
    assert about_handling(text)
    category, reason, d = decide(text, "report_asb")
    assert (category, reason) == ("complaint", None)
    assert "asb_handling (Code 1.2)" in d.explanation


@pytest.mark.parametrize("text", [
    "My neighbour plays loud music every night until 3am",
    "Kids from the next block keep throwing eggs at my window",
    "I reported it to the police once",
])
def test_near_misses_a_new_neighbour_report_stays_asb(text):
    assert not about_handling(text)
    assert decide(text, "report_asb")[:2] == ("excluded", "asb")


# --- staff vs resident (Code 2.1) -------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "I work for you in the repairs team and my overtime hasn't been paid",
    "My line manager keeps changing my rota without notice",
    "I applied for the housing officer job and never heard back after the interview",
])
def test_a_staff_member_or_applicant_is_an_employment_matter(text):
    assert writer_is_staff(text)
    assert decide(text, "employment_matter")[:2] == ("excluded", "employment")


@pytest.mark.parametrize("text", [
    "Your workmen left the job half done and went home",
    "The staff at your office were rude to me when I paid my rent",
])
def test_near_misses_a_resident_writing_about_staff_is_not_employment(text):
    assert not writer_is_staff(text)
    category, reason, d = decide(text, "employment_matter", second="complaint")
    assert (category, reason) == ("complaint", None)
    assert "staff_writer (Code 2.1)" in d.explanation


def test_each_rule_can_be_switched_off_for_the_ablation():
    text = "If the mould isn't sorted I will take you to court"
    assert decide(text, "legal_proceedings", rules_off=frozenset({"legal_only_threatened"}))[:2] == ("excluded", "legal")
