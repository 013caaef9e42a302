"""triage(): category/reason rules, guard rails, flags, compliments and topics (no Rasa needed)."""
from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from actions.triage import TriageDecision, TriageProfile, triage

ROOT = Path(__file__).resolve().parents[2]
RECEIVED = date(2026, 11, 24)
CODE = TriageProfile.from_dict({"id": "code-2024", "time_limit_months": 12})


def run(text, intent, confidence=0.92, entities=None, profile=CODE, ranking=None):
    return triage(text, intent, confidence, entities or [], profile, RECEIVED, intent_ranking=ranking)


def ent(entity, value, text=None):
    start = text.index(value) if text else 0
    return {"entity": entity, "value": value, "start": start, "end": start + len(value),
            "extractor": "SpacyEntityExtractor" if entity in ("DATE", "PERSON", "ORG") else "DIETClassifier"}


# --- the decision object --------------------------------------------------------------------
def test_decision_is_frozen_with_contract_fields():
    d = run("my tap drips", "service_request")
    assert isinstance(d, TriageDecision)
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.category = "complaint"  # type: ignore[misc]
    for name in ("category", "reason", "flags", "confidence", "explanation", "event_date", "topic",
                 "person", "team"):
        assert hasattr(d, name)
    assert isinstance(d.flags, tuple) and isinstance(d.explanation, str) and d.explanation
    assert d.to_dict()["category"] == "service_request"


# --- base categories ------------------------------------------------------------------------
@pytest.mark.parametrize("intent,text,category,reason", [
    ("service_request", "the kitchen tap is dripping", "service_request", None),
    ("report_emergency", "I can smell gas in the kitchen", "service_request", None),
    ("complaint", "the engineer was rude to me yesterday", "complaint", None),
    ("compliment", "Sarah was brilliant, thank you", "compliment", None),
    ("report_asb", "my neighbour plays loud music every night", "excluded", "asb"),
    ("legal_proceedings", "my solicitor has issued a claim at the county court", "excluded", "legal"),
    ("employment_matter", "I work for you and my line manager is bullying me", "excluded", "employment"),
])
def test_intent_gives_base_category(intent, text, category, reason):
    d = run(text, intent)
    assert (d.category, d.reason) == (category, reason)
    assert "low_confidence" not in d.flags


@pytest.mark.parametrize("intent,conf", [("greet", 0.99), ("inform", 0.9), ("nlu_fallback", 0.4),
                                         ("complaint", 0.3), (None, 0.0)])
def test_low_confidence_or_non_triage_intent_is_unclear(intent, conf):
    d = run("hmm what about the thing", intent, conf)
    assert d.category == "unclear" and d.reason is None
    assert "low_confidence" in d.flags


def test_threshold_comes_from_profile():
    low = TriageProfile.from_dict({"id": "x", "time_limit_months": 12, "low_confidence_threshold": 0.2})
    text = "it's about the thing from before"  # no cue of its own, so only the threshold decides
    assert run(text, "service_request", 0.3, profile=low).category == "service_request"
    assert run(text, "service_request", 0.3).category == "unclear"


def test_ranking_combines_intents_of_the_same_category():
    ranking = [{"name": "service_request", "confidence": 0.33}, {"name": "report_emergency", "confidence": 0.31},
               {"name": "complaint", "confidence": 0.2}]
    d = run("water coming in a bit by the window", "service_request", 0.33, ranking=ranking)
    assert d.category == "service_request" and "low_confidence" not in d.flags
    assert d.confidence == pytest.approx(0.64)


def test_ranking_skips_nlu_fallback():
    ranking = [{"name": "nlu_fallback", "confidence": 0.4}, {"name": "complaint", "confidence": 0.38},
               {"name": "compliment", "confidence": 0.1}]
    d = run("well that was something", "nlu_fallback", 0.4, ranking=ranking)
    assert d.category == "unclear" and "low_confidence" in d.flags


@pytest.mark.parametrize("text,category", [
    ("I want to make a formal complaint", "complaint"),
    ("reported it 4 times and it's still not fixed", "complaint"),
    ("there is a strong smell of gas in the hall", "service_request"),
])
def test_strong_cues_decide_low_confidence_messages(text, category):
    d = run(text, "inform", 0.3)
    assert d.category == category
    assert "low_confidence" in d.flags


# --- guard rails ----------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "I reported the noise 5 times and nobody did anything",
    "the ASB officer never called me back",
    "you closed my ASB case without telling me",
    "no one from the ASB team has ever visited",
    "your housing officer told my neighbour it was me who reported him",
])
def test_asb_handling_is_a_complaint(text):
    d = run(text, "report_asb")
    assert (d.category, d.reason) == ("complaint", None)
    assert d.topic == "asb_handling"


@pytest.mark.parametrize("text", [
    "the people upstairs are playing music at 3am every night",
    "there are people dealing drugs from the flat opposite",
    "my neighbour keeps parking across my drive",
])
def test_new_asb_report_stays_excluded(text):
    assert (run(text, "report_asb").category, run(text, "report_asb").reason) == ("excluded", "asb")


@pytest.mark.parametrize("text", [
    "if this isn't fixed I will take you to court",
    "I'm speaking to a solicitor about the damp",
    "I am going to get legal advice",
    "my solicitor will be in touch if nothing happens",
])
def test_threatened_legal_action_is_a_complaint(text):
    d = run(text, "legal_proceedings")
    assert (d.category, d.reason) == ("complaint", None)


@pytest.mark.parametrize("text", [
    "my solicitor has filed a claim about the disrepair",
    "the claim form and particulars of claim were issued last week",
    "we have a hearing at the First-tier Tribunal about the service charge",
    "the tribunal application was lodged in October",
])
def test_issued_proceedings_are_excluded_even_when_nlu_says_complaint(text):
    assert (run(text, "legal_proceedings").category, run(text, "legal_proceedings").reason) == ("excluded", "legal")
    d = run(text, "complaint")
    assert (d.category, d.reason) == ("excluded", "legal")


@pytest.mark.parametrize("text", [
    "my disrepair claim against you is going through the courts",
    "the case is listed for a hearing in January about the damp",
    "court proceedings are underway about the leak in my flat",
    "you have been served with papers about my disrepair claim",
    "the service charge dispute is now before the tribunal",
    "we are in litigation with you over the cladding costs",
    "the court has already granted me an order for the repairs",
    "my disrepair claim is live and the court will decide what you owe me",
    "the FTT has set a date to hear my service charge challenge",
    "I already have court proceedings against you about the mould",
])
def test_proceedings_already_running_in_other_words_are_excluded(text):
    for intent in ("complaint", "service_request"):
        d = run(text, intent)
        assert (d.category, d.reason) == ("excluded", "legal"), intent


@pytest.mark.parametrize("text", [
    "if the roof isn't fixed I will take you to court",
    "I'm thinking of going to the tribunal if the service charge stays this high",
])
def test_threat_wording_near_the_new_legal_cues_stays_a_complaint(text):
    d = run(text, "complaint")
    assert (d.category, d.reason) == ("complaint", None)


def test_resident_complaining_about_staff_is_not_employment():
    d = run("the housing officer who came to my flat was rude and unprofessional", "employment_matter")
    assert (d.category, d.reason) == ("complaint", None)


def test_staff_about_own_employment_is_excluded_even_when_nlu_says_complaint():
    d = run("I work for you in the call centre and my manager refused my leave", "complaint")
    assert (d.category, d.reason) == ("excluded", "employment")
    d = run("I applied for the surveyor job and was not shortlisted, unfair", "complaint")
    assert (d.category, d.reason) == ("excluded", "employment")


def test_first_mould_report_is_a_service_request():
    d = run("I've noticed black mould in the bathroom, first time, can someone look", "service_request")
    assert d.category == "service_request" and d.topic == "damp_mould"


@pytest.mark.parametrize("text", [
    "the mould has come back again, I've reported it 6 times and it's never been fixed",
    "black mould reported over and over and still not sorted",
    "the engineer never turned up and the radiator still doesn't work",
])
def test_repeated_or_unfixed_problem_is_a_complaint(text):
    d = run(text, "service_request")
    assert d.category == "complaint"


def test_dissatisfied_service_request_is_a_complaint():
    assert run("the state of the bin store is disgusting, sort it out", "service_request").category == "complaint"


def test_compliment_mixed_with_unfixed_problem_is_a_complaint():
    d = run("Sarah was lovely but the leak has been reported 5 times and is still not fixed", "compliment")
    assert d.category == "complaint"


# --- time limit (see test_triage_dates.py for the date arithmetic) ---------------------------
def test_old_one_off_complaint_is_over_the_time_limit():
    text = "the contractor smashed my window in March 2024 and nobody paid for it"
    d = run(text, "complaint", entities=[ent("DATE", "March 2024", text)])
    assert (d.category, d.reason) == ("excluded", "time_limit")
    assert d.event_date == date(2024, 3, 31)


def test_continuing_problem_is_never_over_the_time_limit():
    text = "damp since 2019 and its still there"
    d = run(text, "complaint", entities=[ent("DATE", "2019", text)])
    assert (d.category, d.reason) == ("complaint", None)


def test_time_limit_only_applies_to_complaints():
    text = "can you fix the fence that blew down in 2022"
    assert run(text, "service_request").category == "service_request"
    assert run("Dave fixed my boiler in 2021 and it's been fine, thank you", "compliment").category == "compliment"


def test_no_time_limit_profile_never_excludes():
    none = TriageProfile.from_dict({"id": "resolution-team-2022", "time_limit_months": None})
    text = "in 2019 your staff lost my keys"
    assert run(text, "complaint", profile=none).category == "complaint"
    assert run(text, "complaint").reason == "time_limit"


# --- flags ----------------------------------------------------------------------------------
@pytest.mark.parametrize("text,intent", [
    ("I can't cope any more, I want to kill myself", "complaint"),
    ("the man upstairs threatened to stab me", "report_asb"),
    ("my partner hits me and I need to move", "service_request"),
    ("I think the children next door are being neglected", "report_asb"),
    ("my neighbour has been threatening me and my kids", "report_asb"),
])
def test_safeguarding_flag_in_any_category(text, intent):
    assert "safeguarding" in run(text, intent).flags


@pytest.mark.parametrize("text", [
    "you keep threatening me with eviction over arrears I don't owe",
    "the kitchen tap is dripping",
])
def test_no_safeguarding_flag_for_ordinary_messages(text):
    assert "safeguarding" not in run(text, "complaint").flags


@pytest.mark.parametrize("text", [
    "I can smell gas on the landing",
    "water is pouring through the ceiling",
    "there are bare wires hanging out of the wall",
    "the socket is sparking",
    "no heating and I have a newborn baby",
    "my 88 year old dad has no hot water or heating",
    "the bedroom ceiling has collapsed",
])
def test_emergency_flag(text):
    d = run(text, "service_request")
    assert "emergency" in d.flags and d.category == "service_request"


def test_emergency_flag_survives_in_a_complaint():
    d = run("3 weeks with no heating and a newborn baby, and nobody has come", "service_request")
    assert d.category == "complaint" and "emergency" in d.flags


def test_no_heating_without_vulnerability_is_not_an_emergency():
    assert "emergency" not in run("my radiator in the spare room is cold", "service_request").flags


def test_report_emergency_intent_sets_the_flag():
    assert "emergency" in run("come quickly please it's bad", "report_emergency").flags


@pytest.mark.parametrize("text", [
    "we the residents of Maple Court want to complain about the lifts",
    "this petition is signed by 40 households",
    "the whole block has had no hot water",
])
def test_group_flag(text):
    assert "group" in run(text, "complaint").flags


@pytest.mark.parametrize("text", [
    "I'm complaining on behalf of my mother",
    "my dad's flat has had no heating for weeks",
    "writing for my nan, her boiler is broken",
    "Cllr here, writing about a constituent",
])
def test_third_party_flag(text):
    assert "third_party" in run(text, "complaint").flags


def test_own_household_is_not_third_party():
    assert "third_party" not in run("my dad passed away, can I take over the tenancy", "service_request").flags
    assert "third_party" not in run("the boiler is broken", "service_request").flags


# --- compliments ----------------------------------------------------------------------------
def test_compliment_person_and_team_from_entities():
    text = "Thank you to Sarah from the repairs team"
    d = run(text, "compliment", entities=[ent("PERSON", "Sarah", text), ent("team", "repairs team", text)])
    assert (d.person, d.team) == ("Sarah", "repairs team")


def test_compliment_team_and_person_fallbacks_without_entities():
    d = run("thanks to Gary from the gas team, top job", "compliment")
    assert d.person == "Gary" and d.team == "gas team"
    d = run("the caretakers keep our block spotless", "compliment")
    assert d.person is None and d.team == "caretakers"


def test_person_and_team_only_for_compliments():
    text = "Sarah from the repairs team was rude"
    d = run(text, "complaint", entities=[ent("PERSON", "Sarah", text)])
    assert d.person is None and d.team is None


# --- topics ---------------------------------------------------------------------------------
@pytest.mark.parametrize("text,intent,topic", [
    ("the boiler is broken", "service_request", "repair"),
    ("black mould in the bedroom", "service_request", "damp_mould"),
    ("what is my rent balance", "service_request", "rent"),
    ("why has my service charge gone up", "service_request", "service_charge"),
    ("can I do a mutual exchange", "service_request", "tenancy"),
    ("fly tipping by the bin store", "service_request", "estate"),
    ("I need grab rails in the bathroom", "service_request", "adaptation"),
    ("the officer was rude and swore at me", "complaint", "staff_conduct"),
    ("you sent my personal details to my neighbour, a data breach", "complaint", "data_protection"),
    ("I was treated differently because of my race", "complaint", "discrimination"),
    ("nobody ever rings me back, I've been on hold for an hour", "complaint", "communication"),
    ("my neighbour plays loud music", "report_asb", "asb"),
    ("I work for you and my pay is wrong", "employment_matter", "employment"),
])
def test_topic(text, intent, topic):
    assert run(text, intent).topic == topic


# --- profiles -------------------------------------------------------------------------------
def test_profile_from_dict_shapes():
    assert TriageProfile.from_dict({"id": "a", "time_limit_months": 6}).time_limit_months == 6
    assert TriageProfile.from_dict({"id": "a", "time_limit_months": None}).time_limit_months is None
    assert TriageProfile.from_dict({"id": "a", "time_limit": {"months": 3}}).time_limit_months == 3
    assert TriageProfile.from_dict({"id": "a"}).time_limit_months is None
    assert TriageProfile.default().time_limit_months == 12 and TriageProfile.default().id == "code-2024"
    with pytest.raises(TypeError):
        TriageProfile.from_dict(["not", "a", "mapping"])  # type: ignore[arg-type]


def test_backend_profiles_load_if_present():
    yaml = pytest.importorskip("yaml")
    files = sorted((ROOT / "backend" / "profiles").glob("*.yaml"))
    if not files:
        pytest.skip("no backend profiles yet")
    for path in files:
        prof = TriageProfile.from_dict(yaml.safe_load(path.read_text(encoding="utf-8")))
        assert prof.id == path.stem
        assert prof.time_limit_months is None or prof.time_limit_months > 0


# --- guard rails added for the landlord's own staff and for neighbours ----------------------
@pytest.mark.parametrize("intent", ["report_asb", "service_request", "compliment", "employment_matter"])
def test_staff_or_contractor_misconduct_is_a_complaint(intent):
    d = run("the engineer who came this morning was really rude and shouted at me", intent)
    assert (d.category, d.reason) == ("complaint", None)


@pytest.mark.parametrize("intent", ["service_request", "compliment"])
def test_damage_by_contractor_is_a_complaint(intent):
    d = run("the plumber flooded my kitchen while fitting the sink and ruined my washer", intent)
    assert d.category == "complaint"


def test_praise_that_mentions_fixing_stays_a_compliment():
    d = run("the man who fixed my door was lovely and even fixed my gate", "compliment")
    assert d.category == "compliment"


@pytest.mark.parametrize("text", [
    "the man downstairs keeps shouting threats at me on the stairs",
    "my neighbour is dealing drugs and there are fights every night",
])
def test_neighbour_behaviour_predicted_as_complaint_goes_to_asb(text):
    d = run(text, "complaint")
    assert (d.category, d.reason) == ("excluded", "asb")


@pytest.mark.parametrize("text", [
    "my neighbour is dealing drugs and I've reported it 4 times and you've done nothing",
    "I want to complain, the man upstairs plays loud music and your housing officer ignores me",
])
def test_neighbour_behaviour_with_landlord_handling_stays_a_complaint(text):
    assert run(text, "complaint").category == "complaint"


@pytest.mark.parametrize("intent,conf", [("complaint", 0.9), ("compliment", 0.6), ("nlu_fallback", 0.4)])
def test_own_employment_wins_over_other_intents(intent, conf):
    d = run("I'm a caretaker for you and my pay was short again this month", intent, conf)
    assert (d.category, d.reason) == ("excluded", "employment")


def test_rejected_job_applicant_is_employment():
    d = run("I was turned down for the lettings officer job and the panel was rude", "complaint")
    assert (d.category, d.reason) == ("excluded", "employment")


def test_building_called_court_is_not_legal():
    d = run("the caretaker at Willow Court does a great job", "compliment")
    assert d.category == "compliment"
    d = run("the lift at Hillside Court is broken", "service_request")
    assert d.category == "service_request"


# --- praise, landlord failures, charges -----------------------------------------------------
@pytest.mark.parametrize("intent", ["complaint", "service_request"])
def test_pure_praise_is_a_compliment_whatever_the_nlu_says(intent):
    d = run("Well done to the estate team, the play area looks fantastic", intent)
    assert d.category == "compliment"


@pytest.mark.parametrize("text", [
    "the repairs team were brilliant last time, could you send them again for my door",
    "the caretaker was very helpful but the lift is still broken",
])
def test_praise_with_a_request_or_a_problem_is_not_turned_into_a_compliment(text):
    assert run(text, "service_request").category != "compliment"


def test_low_confidence_pure_praise_is_a_compliment():
    ranking = [{"name": "nlu_fallback", "confidence": 0.4}, {"name": "report_asb", "confidence": 0.35},
               {"name": "complaint", "confidence": 0.3}]
    d = run("top marks to the gardeners, the green looks brilliant", "nlu_fallback", 0.4, ranking=ranking)
    assert d.category == "compliment" and "low_confidence" in d.flags
    d = run("the gardeners came today", "nlu_fallback", 0.4, ranking=ranking)
    assert d.category == "unclear"


def test_compliment_intent_that_only_asks_for_something_is_a_service_request():
    text = "the water pressure in my shower is very low, is that something you fix"
    d = run(text, "compliment", 0.9, ranking=rank(("compliment", 0.9), ("service_request", 0.05)))
    assert d.category == "service_request"


@pytest.mark.parametrize("text", [
    "is there a grant for a walk-in shower for my son",
    "could you tell me when the estate inspection is",
])
def test_calm_question_predicted_as_complaint_is_an_enquiry(text):
    assert run(text, "complaint").category == "service_request"


def test_question_with_dissatisfaction_stays_a_complaint():
    assert run("why have I still not had a reply to my letter?", "complaint").category == "complaint"
    assert run("How do I complain about the repairs service?", "complaint").category == "complaint"


def test_low_confidence_legal_threat_is_a_complaint():
    d = run("I'll be seeing a lawyer about this flat", "nlu_fallback", 0.4)
    assert d.category == "complaint" and "low_confidence" in d.flags


def test_confident_employment_intent_about_an_interview_stays_employment():
    d = run("I had an interview for the admin vacancy and heard nothing", "employment_matter", 0.98)
    assert d.reason == "employment"


@pytest.mark.parametrize("text", [
    "you haven't come back to finish the plastering",
    "the engineer didn't come and I waited in all day",
    "you charge us for a gardener and the grass is never cut, the work doesn't happen",
    "you lost my spare keys when you changed the locks",
])
def test_landlord_failures_and_charges_make_a_service_request_a_complaint(text):
    assert run(text, "service_request").category == "complaint"


def test_dissatisfaction_settles_a_low_confidence_message():
    d = run("rubbish workmanship on my ceiling, cracked already", "nlu_fallback", 0.4)
    assert d.category == "complaint" and "low_confidence" in d.flags


def test_undersigned_is_a_group():
    assert "group" in run("We, the undersigned residents, object to the new charges", "complaint").flags


# --- ranking tie-breakers and the remaining guard rails ---------------------------------------
def rank(*pairs):
    return [{"name": n, "confidence": c} for n, c in pairs]


def test_asb_intent_without_any_behaviour_falls_back_to_service_request():
    text = "my neighbour in flat 2 asked me to tell you her bathroom light has gone"
    d = run(text, "report_asb", 0.8, ranking=rank(("report_asb", 0.8), ("service_request", 0.15)))
    assert (d.category, d.reason) == ("service_request", None)
    d = run(text, "report_asb", 0.8, ranking=rank(("report_asb", 0.8), ("complaint", 0.15)))
    assert (d.category, d.reason) == ("excluded", "asb")  # no evidence either way: keep the NLU


def test_emergency_intent_that_describes_a_neighbour_goes_to_asb():
    text = "a man on the top floor is dealing drugs from his window and you can smell it everywhere"
    d = run(text, "report_emergency", 0.9, ranking=rank(("report_emergency", 0.9), ("report_asb", 0.08)))
    assert (d.category, d.reason) == ("excluded", "asb")
    assert "emergency" not in d.flags


def test_real_emergency_is_not_moved_to_asb():
    text = "the neighbours flooded their bath and water is pouring through my ceiling"
    d = run(text, "report_emergency", 0.9, ranking=rank(("report_emergency", 0.9), ("report_asb", 0.08)))
    assert d.category == "service_request" and "emergency" in d.flags


def test_explicit_complaint_predicted_as_legal_is_a_complaint():
    assert (run("I want to lodge a complaint please", "legal_proceedings").category) == "complaint"


def test_employment_intent_without_staff_markers_is_not_employment():
    text = "last month your worker left my gate open and my dog got out, no one has apologised"
    assert run(text, "employment_matter", 0.5).category == "complaint"
    text = "can I get a new key for the bin store"
    d = run(text, "employment_matter", 0.5, ranking=rank(("employment_matter", 0.5), ("service_request", 0.4)))
    assert d.category == "service_request"


@pytest.mark.parametrize("text", [
    "I'm one of your neighbourhood officers and my workload is impossible",
    "as one of your caretakers I'm being asked to work unsafe hours",
    "I didn't get the job and nobody gave me feedback",
    "staff member here, my supervisor ignored my holiday request",
])
def test_staff_self_descriptions(text):
    assert run(text, "employment_matter").reason == "employment"


def test_as_one_of_your_tenants_is_not_staff():
    d = run("as one of your tenants I am unhappy that the officer never visits", "employment_matter")
    assert d.category == "complaint"


def test_staff_disclosing_the_reporter_is_asb_handling():
    d = run("your officer told the people next door my name after I reported them", "report_asb")
    assert d.category == "complaint" and d.topic == "asb_handling"


def test_repeated_letters_about_asb_are_handling():
    d = run("this is my third letter about the drug dealing on our landing", "report_asb")
    assert d.category == "complaint"


@pytest.mark.parametrize("text", [
    "I was on hold for 50 minutes and then cut off",
    "your removal team lost a box of my things",
    "your staff member kept pressuring my dad to sign a form",
])
def test_more_landlord_failures(text):
    assert run(text, "service_request").category == "complaint"


def test_thanks_to_the_bot_is_not_a_compliment():
    d = run("brilliant thank you", "thank_bot", 0.97)
    assert d.category == "unclear"


def test_data_breach_is_a_complaint():
    text = "your letter had someone else's name and bank details on it, how is that allowed"
    assert run(text, "service_request").category == "complaint"
    assert run(text, "service_request").topic == "data_protection"


@pytest.mark.parametrize("text", [
    "if my damp isn't sorted my solicitor says we can start a claim",
    "my lawyer said I could bring a claim against you",
])
def test_future_or_conditional_claims_are_threats(text):
    assert run(text, "legal_proceedings").category == "complaint"


def test_neighbours_called_the_lads_are_not_staff():
    d = run("the lads next door have been threatening my teenage son", "report_asb")
    assert (d.category, d.reason) == ("excluded", "asb")


def test_team_binning_belongings_is_a_complaint():
    assert run("the cleaning team binned my plant pots from the landing", "compliment").category == "complaint"


def test_thanking_a_named_person_is_praise():
    assert run("Grace made my move so easy, thank you Grace", "service_request").category == "compliment"


def test_is_anyone_able_is_a_calm_question():
    assert run("Is anyone able to remove the old sofa by the lift", "complaint").category == "service_request"


def test_losing_a_job_is_not_staff_damage():
    d = run("a big thank you to the income team for being so kind when I lost my job", "compliment")
    assert d.category == "compliment"


def test_asking_to_pass_on_thanks_is_a_compliment():
    assert run("Please can you thank the caretaker for clearing the snow", "nlu_fallback", 0.4).category == "compliment"


def test_data_breach_question_is_not_a_calm_enquiry():
    text = "Your letter had someone else's name and bank details on it. How is that allowed?"
    assert run(text, "complaint").category == "complaint"


def test_small_claims_case_with_court_papers_is_legal():
    text = "I've got a small claims case going against you and the court has sent you the papers"
    assert (run(text, "complaint").category, run(text, "complaint").reason) == ("excluded", "legal")


@pytest.mark.parametrize("text", [
    "the plasterer cracked my bathroom mirror, can I get it replaced",
    "your scaffolders dented my car roof, could you sort out paying for it",
    "the tiler you sent broke my toilet seat, can someone replace it",
])
def test_trades_who_damage_things_are_staff_at_fault(text):
    d = run(text, "service_request")
    assert d.category == "complaint"


# --- legal: issued vs threatened, by tense and negation ---------------------------------------
@pytest.mark.parametrize("text,intent", [
    ("you took me to court for arrears and the hearing's been set for 2 December, the figures are wrong", "complaint"),
    ("I've got a possession hearing on 10 December but I paid in August, want this sorted", "complaint"),
    ("the injunction you've taken out against me is heard next week and your officer's statement is untrue, I want to complain", "complaint"),
    ("my defence and counterclaim for disrepair were filed last week, I also want to complain about the damp", "legal_proceedings"),
    ("Shelter filed a counterclaim in my possession case, the hearing is on 8 January", "complaint"),
])
def test_proceedings_already_running_are_legal_exclusions(text, intent):
    d = run(text, intent)
    assert (d.category, d.reason) == ("excluded", "legal")


@pytest.mark.parametrize("text,intent", [
    ("I will be applying to the First-tier Tribunal if the major works bill is not reduced", "legal_proceedings"),
    ("im going to take you to the tribunal over these service charges unless someone explains them", "legal_proceedings"),
    ("our solicitors sent a letter before action about the roof, no proceedings have been issued yet", "legal_proceedings"),
    ("the claim form is filled in and I'll file it next week unless you pay for my sofa", "legal_proceedings"),
    ("sue sue sue, that's what I'm gonna do if the heating isn't back on by tomorrow", "service_request"),
])
def test_threats_and_filings_not_yet_made_are_complaints(text, intent):
    d = run(text, intent)
    assert (d.category, d.reason) == ("complaint", None)


# --- asking for redress, or a grievance put as a question, is not a calm enquiry -------------
@pytest.mark.parametrize("text,intent", [
    ("Why did your surveyor walk mud through my house and tell me the mould was my fault?", "complaint"),
    ("why have I been charged for a repair your own plumber caused?", "complaint"),
    ("the operative was on his phone the whole time, is this how your staff are trained?", "complaint"),
    ("your contractor reversed into my shed last month, can you pay for it?", "complaint"),
    ("could the bank charges I got when you took the rent twice be reimbursed please?", "service_request"),
    ("can I have compensation for the days without hot water last month?", "service_request"),
])
def test_redress_and_grievance_questions_are_complaints(text, intent):
    assert run(text, intent).category == "complaint"


@pytest.mark.parametrize("text", [
    "is it ok to have a small dog in a 2nd floor flat?",
    "my dad passed away last month, what happens with the tenancy now?",
    "can I get a copy of my rent statement please",
])
def test_calm_questions_predicted_as_complaints_are_enquiries(text):
    assert run(text, "complaint").category == "service_request"


# --- ASB needs a person or people's behaviour ------------------------------------------------
@pytest.mark.parametrize("text", [
    "the communal bin lids are broken and foxes are getting into the rubbish",
    "the paint on the outside of our block is peeling, when is it due to be redone",
])
def test_asb_prediction_with_no_person_is_not_an_asb_report(text):
    d = run(text, "report_asb", ranking=[{"name": "report_asb", "confidence": 0.8},
                                         {"name": "complaint", "confidence": 0.1}])
    assert (d.category, d.reason) == ("service_request", None)


def test_asb_prediction_with_no_person_but_repeated_failure_is_a_complaint():
    d = run("the bin store has been overflowing for weeks, reported it 4 times and nothing done",
            "report_asb", ranking=[{"name": "report_asb", "confidence": 0.6}, {"name": "complaint", "confidence": 0.3}])
    assert (d.category, d.reason) == ("complaint", None)


def test_next_doors_dog_is_a_new_asb_report():
    d = run("Next door's dog barks all day while they're at work and it's fouling in the shared garden", "complaint")
    assert (d.category, d.reason) == ("excluded", "asb")


# --- employment: a relative who is staff; a resident about a staff member ---------------------
def test_relative_of_staff_about_their_job_is_employment():
    d = run("my wife works in your lettings team and is being bullied by her line manager, how does she raise it",
            "complaint")
    assert (d.category, d.reason) == ("excluded", "employment")


def test_employment_prediction_about_a_staff_member_in_the_block_is_a_complaint_not_praise():
    d = run("the caretaker is always sat in his van and the bin store hasn't been cleaned for weeks",
            "employment_matter", confidence=0.97,
            ranking=[{"name": "employment_matter", "confidence": 0.97}, {"name": "compliment", "confidence": 0.02}])
    assert (d.category, d.reason) == ("complaint", None)


# --- session 4: legal needs proceedings, praise worded with negatives, unclear staff faults ---
@pytest.mark.parametrize("text", [
    "we issued a county court claim last week for the ruined carpets after the sewage backflow",
    "weve taken u to small claims court for the carpet, the claims been issued and uve had the papers",
    "this is already in the hands of the court, the hearing for my disrepair claim is on 9 December",
])
def test_more_ways_of_saying_a_claim_is_issued(text):
    d = run(text, "complaint")
    assert (d.category, d.reason) == ("excluded", "legal")


def test_legal_prediction_with_no_proceedings_falls_to_the_next_intent():
    ranking = [{"name": "legal_proceedings", "confidence": 0.85}, {"name": "complaint", "confidence": 0.12}]
    d = run("new windows were fitted last month and already they let in a draught and one will not open",
            "legal_proceedings", confidence=0.85, ranking=ranking)
    assert (d.category, d.reason) == ("complaint", None)
    # the same ranking with proceedings issued stays a legal exclusion
    d = run("my solicitor has issued a claim about the new windows", "legal_proceedings", confidence=0.85, ranking=ranking)
    assert (d.category, d.reason) == ("excluded", "legal")


def test_staff_claiming_expenses_is_employment_not_legal():
    d = run("My mileage claims from July to September still haven't been paid. I'm a surveyor in the asset team",
            "legal_proceedings", confidence=0.69,
            ranking=[{"name": "legal_proceedings", "confidence": 0.69}, {"name": "employment_matter", "confidence": 0.3}])
    assert (d.category, d.reason) == ("excluded", "employment")


@pytest.mark.parametrize("text,intent,conf", [
    ("Thank you to the income team, Ryan in particular, who set up a payment plan I can afford and never once "
     "made me feel judged.", "complaint", 1.0),
    ("Pest control guy was great - explained what he was doing and didn't make me feel dirty about the mice. Thanks.",
     "thank_bot", 0.64),
    ("your repairs people were brilliant today, in and out in an hour and left it spotless", "report_asb", 0.9),
])
def test_praise_worded_with_a_negative_or_misread_is_a_compliment(text, intent, conf):
    assert run(text, intent, confidence=conf).category == "compliment"


def test_thanks_to_the_assistant_is_not_a_compliment():
    assert run("brilliant, thanks for that", "thank_bot", confidence=0.95).category != "compliment"


def test_asking_to_pass_thanks_on_is_not_a_service_request():
    d = run("Can you pass my thanks on to the handyperson service - Gareth put up my curtain rails and shelves!",
            "compliment", ranking=[{"name": "compliment", "confidence": 0.9}, {"name": "service_request", "confidence": 0.08}])
    assert d.category == "compliment"


def test_sarcastic_shout_out_is_a_complaint_not_praise_or_asb():
    d = run("Shout out to @RiversideHomesUK for leaving my elderly neighbour with a hole in her ceiling for 4 months. "
            "Really caring landlord you are. #disrepair", "complaint", confidence=1.0)
    assert (d.category, d.reason) == ("complaint", None)


def test_graffiti_reported_to_the_police_is_a_new_asb_report():
    d = run("Someone in the block has written racist graffiti on my front door, the second time this week. "
            "I've reported it to the police and can give you the reference.", "complaint", confidence=1.0)
    assert (d.category, d.reason) == ("excluded", "asb")


@pytest.mark.parametrize("text", [
    "Pest control came and put traps down, said they'd be back in a week. That was 5 weeks ago. Rang up and was told "
    "there's no record of the job.",
    "i was told my ASB case would be reviewed under the community trigger and ive heard nothing for 10 weeks",
    "I asked for my letters in Braille back in July and I am still getting printed letters",
    "my transfer was band A and now it's been dropped to band C with no explanation",
    "the drain floods every time it rains heavy, been reported loads over the years",
])
def test_unresolved_handling_turns_a_service_request_into_a_complaint(text):
    assert run(text, "service_request").category == "complaint"


def test_staff_insult_decides_a_low_confidence_message():
    d = run("in june a member of ur staff called me a liar on the phone. i want that investigated", "nlu_fallback",
            confidence=0.4)
    assert d.category == "complaint" and "low_confidence" in d.flags


def test_requesting_a_document_is_an_enquiry():
    assert run("Requesting a copy of the current fire risk assessment for my block. Thanks.",
               "complaint").category == "service_request"


def test_communal_noise_with_no_neighbour_is_not_asb():
    d = run("the noise from the communal boiler room has been going on since 2021 and its no better, we cant sleep",
            "report_emergency", confidence=0.69,
            ranking=[{"name": "report_emergency", "confidence": 0.69}, {"name": "report_asb", "confidence": 0.2}])
    assert (d.category, d.reason) == ("complaint", None)


@pytest.mark.parametrize("text", [
    "the patch up job on my ceiling has already cracked again, rubbish workmanship",
    "the operative who came about my sink used my toilet and left it filthy, then argued with me",
    "last week your caretaker threw away my son's bike from the communal area",
])
def test_asb_prediction_about_poor_work_or_staff_is_a_complaint(text):
    d = run(text, "report_asb", confidence=0.85, ranking=[{"name": "report_asb", "confidence": 0.85},
                                                          {"name": "service_request", "confidence": 0.1}])
    assert (d.category, d.reason) == ("complaint", None)


@pytest.mark.parametrize("text", [
    "the new front door doesnt close properly. rung twice, been told someone will call me back",
    "the path lights have been out for weeks. reported it twice on your app and it just says in progress",
    "emailed with photos the same day and nobody has answered",
    "I've emailed the complaints address twice this month and had no acknowledgement at all",
    "the estate is filthy, dumped mattresses by block C. do ur job",
    "The new kitchen already has cupboard doors hanging off. Not what I expected after waiting 9 years",
    "the officer told my neighbour it was me who reported her. how could your staff do that",
])
def test_more_dissatisfaction_wordings_make_a_service_request_a_complaint(text):
    assert run(text, "service_request").category == "complaint"


def _training_examples():
    import re
    import yaml
    from actions.triage.decision import INTENT_BASE

    root = Path(__file__).resolve().parents[2] / "bot" / "data" / "nlu"
    for path in sorted(root.glob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            if block.get("intent") not in INTENT_BASE:
                continue
            for line in block["examples"].splitlines():
                text = line.strip()[2:].strip()
                if text:  # drop entity annotations: [value](entity) / [value]{...}
                    yield path.name, block["intent"], re.sub(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})", r"\1", text)


def test_no_guard_rail_overrides_a_training_example_of_its_own_intent():
    """The rules fix NLU confusions; on the examples that define an intent they must agree with it
    (the time limit aside, which depends on dates, not on the intent)."""
    from actions.triage.decision import INTENT_BASE

    wrong = []
    for name, intent, text in _training_examples():
        d = run(text, intent, confidence=1.0, ranking=[{"name": intent, "confidence": 1.0}])
        if (d.category, d.reason) != INTENT_BASE[intent] and d.reason != "time_limit":
            wrong.append(f"{name}: {intent} -> {d.category}/{d.reason}: {text[:90]}")
    assert len(list(_training_examples())) > 1000
    assert wrong == []


@pytest.mark.parametrize("text,intent,expected", [
    ("your income officer threatened me with court in front of my kids on my doorstep", "complaint", ("complaint", None)),
    ("we've got a sealed claim form back from Manchester County Court, my solicitor says you've been served",
     "legal_proceedings", ("excluded", "legal")),
    ("ive a hearing at the property chamber on the 8th about the major works, im still not happy with the charge",
     "legal_proceedings", ("excluded", "legal")),
    ("your officer told me I should be grateful to have a roof over my head", "complaint", ("complaint", None)),
    ("officer promised to speak to the neighbour about the dog mess in the shared garden and never did", "complaint",
     ("complaint", None)),
    ("I work as a caseworker for the local MP, writing for a constituent whose repairs are outstanding", "complaint",
     ("complaint", None)),
    ("you've ignored every email I've sent since July, is anyone actually reading them", "complaint", ("complaint", None)),
])
def test_wordings_that_used_to_trip_the_guard_rails(text, intent, expected):
    d = run(text, intent, confidence=1.0, ranking=[{"name": intent, "confidence": 1.0}])
    assert (d.category, d.reason) == expected


@pytest.mark.parametrize("text", [
    "I'm messaging on behalf of my aunt who is 82, the engineer left her without any heat over the weekend and she was frightened",
    "@HomesHelp ur caretaker hasnt cleaned the bin store at Maple Court in over a month, it stinks and theres maggots now",
])
def test_compliment_prediction_with_no_praise_and_something_wrong_is_not_a_compliment(text):
    d = run(text, "compliment", confidence=0.9, ranking=[{"name": "compliment", "confidence": 0.9},
                                                          {"name": "complaint", "confidence": 0.08}])
    assert d.category == "complaint"


@pytest.mark.parametrize("text", [
    "Jo sorted my boiler out when no one else could",
    "the gardeners on Linden Estate have done a beautiful job with the new flower beds, the kids love them",
])
def test_compliment_without_lexicon_praise_stays_a_compliment(text):
    d = run(text, "compliment", confidence=0.9, ranking=[{"name": "compliment", "confidence": 0.9},
                                                          {"name": "complaint", "confidence": 0.08}])
    assert d.category == "compliment"


def test_repairs_not_done_for_a_year_is_a_complaint():
    assert run("Why has my rent gone up when my repairs havent been done for a year? All logged. Nothing.",
               "service_request").category == "complaint"


def test_what_day_question_is_an_enquiry():
    assert run("what day is the bulk rubbish collection on our estate", "complaint").category == "service_request"


# --- wordings found by the blind7 set (scored once, then dev) --------------------------------
@pytest.mark.parametrize("text", [
    "Gardening team are fab, Jo cut back the whole hedge and took the cuttings away. would recommend",
    "The surveyor, Amir, took so much care with my dad's hearing aids and explained everything. Thank you.",
    "We made a complaint in the summer about the lift and the way Karen handled it was excellent, all resolved",
    "Your income officer always calls back when she says she will and kept me updated all month",
])
def test_praise_words_and_a_past_complaint_handled_well_make_a_compliment(text):
    assert run(text, "complaint", 0.99).category == "compliment"


@pytest.mark.parametrize("text", [
    "Shout out to @HomesCo for leaving my bath tap running for a fortnight, amazing service",
    "well done to the repairs team for ignoring my emails again 👏 brilliant stuff",
    "amazing service as always, boiler broken since friday 🙄",
])
def test_sarcastic_praise_is_a_complaint(text):
    assert run(text, "compliment", 0.99).category == "complaint"


def test_polite_request_is_not_praise_and_numbered_neighbours_are_neighbours():
    d = run("I wish to report the occupants of 14 Elm Road, who hold loud parties until 4am. "
            "I would be grateful to know what you will do.", "complaint", 0.99)
    assert (d.category, d.reason) == ("excluded", "asb")
    d = run("the bloke in 7b lets his dog foul the stairs every day", "complaint", 0.9)
    assert (d.category, d.reason) == ("excluded", "asb")


@pytest.mark.parametrize("text,intent,conf", [
    ("As a support worker I want to say how good your housing officer Dee has been with my client, "
     "really kind and patient", "compliment", 0.99),
])
def test_external_support_worker_is_not_staff(text, intent, conf):
    assert run(text, intent, conf).category == "compliment"


@pytest.mark.parametrize("text,intent,conf", [
    ("I'm a tenant and I also work in your repairs team. my manager gave me a final warning and I "
     "want to complain about it", "complaint", 0.99),
    ("im one of your electricians, they stopped my overtime with no reason", "employment_matter", 0.7),
])
def test_writer_who_works_for_the_landlord_is_employment_even_as_a_tenant(text, intent, conf):
    assert (run(text, intent, conf).category, run(text, intent, conf).reason) == ("excluded", "employment")


@pytest.mark.parametrize("text,intent", [
    ("No hot water since this morning, tried resetting the boiler but it's still the same. Flat 3", "complaint"),
    ("the bathroom light started flickering last night and now it won't come on", "complaint"),
])
def test_fault_that_started_just_now_is_a_first_report(text, intent):
    assert run(text, intent, 0.99).category == "service_request"


@pytest.mark.parametrize("text", [
    "No hot water since this morning AGAIN, third time this month",
    "the light went last night, you promised an electrician weeks ago",
])
def test_fault_with_history_stays_a_complaint(text):
    assert run(text, "complaint", 0.99).category == "complaint"


def test_calm_request_with_only_thanks_is_a_service_request():
    d = run("I have a visual impairment so please can you send my letters in large print. Thank you",
            "compliment", 0.7)
    assert d.category == "service_request"


@pytest.mark.parametrize("text,intent", [
    ("second month running the service charge has gone out twice. I was told it was sorted. who is paying "
     "my bank charges?", "complaint"),
    ("how does it take you FOUR MONTHS to replace a fence panel", "complaint"),
    ("the hedge needs cutting, I keep getting fobbed off with next week", "service_request"),
    ("Why was my garage licence cancelled? no letter, no reason, nothing", "service_request"),
])
def test_more_grievance_wordings_are_complaints(text, intent):
    assert run(text, intent, 0.99).category == "complaint"


def test_claim_issued_by_the_court_is_legal():
    d = run("My disrepair claim against you (the one about the damp in the back bedroom) was issued by the "
            "court in October", "legal_proceedings", 0.99)
    assert (d.category, d.reason) == ("excluded", "legal")


@pytest.mark.parametrize("text", [
    "in 2023 I was charged £180 for a lock change I never asked for. I paid it, only just found out I could complain",
    "about two years ago the bin store flooded and we were moved out for a night. back to normal ever since but "
    "I never complained",
])
def test_learning_one_could_complain_or_back_to_normal_is_not_continuing(text):
    d = run(text, "complaint", 0.99)
    assert (d.category, d.reason) == ("excluded", "time_limit")


@pytest.mark.parametrize("text", [
    "Thank you to Dave for not leaving any mess, brilliant job",
    "thanks for leaving the stairwell spotless, the cleaners are stars",
    "thank you for never giving up on getting my adaptations done, Lisa is a star",
])
def test_genuine_thanks_for_something_is_not_sarcasm(text):
    assert run(text, "compliment", 0.99).category == "compliment"


# --- wordings found by the blind8 set (scored once, then dev) --------------------------------
@pytest.mark.parametrize("text,intent,conf", [
    ("I was going to make a complaint about the scaffolding but the roofers have been brilliant and so "
     "polite, please pass on my thanks", "complaint", 0.99),
    ("Thanks to Priti in the complaints team for how she dealt with my complaint, she kept me informed "
     "and was so helpful", "complaint", 0.99),
    ("After my wife passed your officer Sam handled everything so sensitively. I never had to chase once. "
     "Thank you.", "complaint", 0.99),
    ("As a tenant I'm usually the first to moan, but credit where it's due, the caretaker Lee kept us "
     "informed all week. Thank you", "nlu_fallback", 0.4),
])
def test_praise_that_mentions_complaints_or_hard_times_is_a_compliment(text, intent, conf):
    ranking = [{"name": "nlu_fallback", "confidence": 0.4}, {"name": "complaint", "confidence": 0.3},
               {"name": "compliment", "confidence": 0.25}] if intent == "nlu_fallback" else None
    assert run(text, intent, conf, ranking=ranking).category == "compliment"


def test_low_confidence_calm_question_is_an_enquiry():
    ranking = [{"name": "nlu_fallback", "confidence": 0.4}, {"name": "service_request", "confidence": 0.3},
               {"name": "complaint", "confidence": 0.3}]
    d = run("My mum is the tenant and she is moving into sheltered housing. What happens to the tenancy, "
            "can I take it over?", "nlu_fallback", 0.4, ranking=ranking)
    assert d.category == "service_request" and "low_confidence" in d.flags


@pytest.mark.parametrize("text,intent", [
    ("Dear Sir, I wish to report that teenagers from number 12 opposite have been throwing eggs at my door. "
     "I have not reported this before.", "complaint"),
    ("Not complaining about you lot at all. The man upstairs at flat 9 has been shouting and slamming doors "
     "every night since he moved in. Who deals with that?", "complaint"),
    ("The tenant in flat 2 has been revving motorbikes in the car park at 6am and was abusive when I asked "
     "him to stop. First time I've reported it.", "service_request"),
])
def test_polite_first_neighbour_reports_are_asb(text, intent):
    d = run(text, intent, 0.99)
    assert (d.category, d.reason) == ("excluded", "asb")


def test_contractor_staff_reporting_a_defect_is_not_employment():
    d = run("Hi, I'm an electrician with Sparkwise on the Elm estate contract. Noticed a cracked gutter on "
            "block B today, not our job, passing it on so you can raise a repair.", "compliment", 0.95,
            ranking=[{"name": "compliment", "confidence": 0.95}, {"name": "service_request", "confidence": 0.04}])
    assert d.category == "service_request"


def test_job_application_in_txt_speak_is_employment():
    d = run("applied 4 the caretaker job twice never heard back. do u even read them", "complaint", 0.99)
    assert (d.category, d.reason) == ("excluded", "employment")


@pytest.mark.parametrize("text", [
    "Three years ago a man on your reception was rude to me. It was a one-off and I haven't seen him since, "
    "but I would like an apology.",
    "20 months ago I was charged £60 for a replacement fob. I thought it was too much then and still do.",
])
def test_one_off_over_the_limit_with_lasting_feelings_is_out_of_time(text):
    d = run(text, "complaint", 0.99)
    assert (d.category, d.reason) == ("excluded", "time_limit")


def test_checking_an_appointment_is_still_booked_is_an_enquiry():
    assert run("is my boiler service still booked for Monday? ref 12345", "complaint", 0.9).category == "service_request"


# --- wordings found by the blind9 set (scored once, then dev) --------------------------------
@pytest.mark.parametrize("text,intent,expected", [
    # a polite request signed "With thanks, Name" praises no one
    ("Could you arrange for someone to look at my back gate, it has dropped and will not latch. "
     "An afternoon visit would be appreciated. With thanks, Doreen Platt", "compliment", "service_request"),
    # the writer thanks a named officer who put right an earlier complaint
    ("I complained in the spring about the mould and I was quite cross. Since Priya took over it has all been "
     "done properly. Thank you Priya.", "complaint", "compliment"),
    ("The move was hard but Kev, our decant officer, made it as easy as it could be. Couldn't have asked for more.",
     "service_request", "compliment"),
    ("Phoned the repairs line today and the lady (Amy?) was so helpful, booked it all in one call. Made my day.",
     "complaint", "compliment"),
    # an MP's office asking for a response is not praise, and failed visits are a complaint
    ("Writing from the office of our MP for a constituent whose new boiler has never worked; three visits have "
     "failed to fix it. We would appreciate a response.", "compliment", "complaint"),
])
def test_signatures_and_polite_requests_vs_named_thanks(text, intent, expected):
    assert run(text, intent, 0.99).category == expected


@pytest.mark.parametrize("text", [
    "Kitchen extractor broke in May, reported it, told parts on order. Still on order four months later.",
    "Gutter overflowing for the third winter running, every time it's patched",
    "Caretaker hasn't cleaned our landing since the start of October. What exactly are we paying for?",
    "Sent three emails about my rent statement and no reply to my three emails",
])
def test_more_unresolved_wordings_make_a_service_request_a_complaint(text):
    assert run(text, "service_request", 0.99).category == "complaint"


@pytest.mark.parametrize("text", [
    "Lift in Ash House is stuck on the ground floor with the doors shut. Nobody inside. Just letting you know.",
    "Drain outside my kitchen is blocked and the water won't go down. First time it's happened.",
])
def test_first_reports_with_nobody_inside_or_first_time_are_service_requests(text):
    assert run(text, "complaint", 0.99).category == "service_request"


@pytest.mark.parametrize("text,intent", [
    ("some lad on the 2nd floor keeps following my daughter home from school. what do we do", "service_request"),
    ("Smell of weed coming up from the flat below every night. First time I've reported it.", "complaint"),
])
def test_more_new_neighbour_reports_are_asb(text, intent):
    d = run(text, intent, 0.99)
    assert (d.category, d.reason) == ("excluded", "asb")


def test_staff_writing_purely_as_a_tenant_is_a_complaint():
    d = run("I work in your income team but I'm writing purely as a tenant: my shower has been reported three "
            "times and still isn't fixed.", "complaint", 0.99)
    assert (d.category, d.reason) == ("complaint", None)


def test_feelings_that_stayed_do_not_make_a_one_off_continuing():
    d = run("I want to complain about how a lettings officer spoke to me at my sign-up in February 2024. "
            "It has stayed with me ever since.", "complaint", 0.99)
    assert (d.category, d.reason) == ("excluded", "time_limit")


def test_proceedings_issued_at_a_named_county_court_are_legal():
    d = run("I'm an adviser at a law centre. Proceedings in my client's claim (Mr B. Okoro, 3 Vine St) were issued "
            "at Central London County Court in August. He wants to complain about the same repairs.",
            "legal_proceedings", 0.99)
    assert (d.category, d.reason) == ("excluded", "legal")


def test_low_confidence_hello_question_is_an_enquiry():
    ranking = [{"name": "nlu_fallback", "confidence": 0.4}, {"name": "service_request", "confidence": 0.35}]
    assert run("hey is there a way to get a spare door fob, just moved in lol", "nlu_fallback", 0.4,
               ranking=ranking).category == "service_request"


# --- wordings found by the blind10 set (scored once, then dev) -------------------------------
@pytest.mark.parametrize("text,intent", [
    ("i did the application for the joinery apprentice thing but the page crashed b4 i could send it, can i still apply",
     "service_request"),
    ("I left your organisation in June as an Income Assistant and my new employer still has no reference from you.",
     "complaint"),
    ("I'm a tenant and also an employee. This is about my job: my flexible working request was turned down.",
     "employment_matter"),
    ("Hello, I send my CV for the caretaker job three weeks ago but no answer. Is the job still open?", "complaint"),
    ("I've been on a zero-hours contract as a relief cleaner for a year. Why am I not permanent?", "employment_matter"),
])
def test_more_employment_wordings(text, intent):
    d = run(text, intent, 0.99 if intent != "employment_matter" else 0.75)
    assert (d.category, d.reason) == ("excluded", "employment")


def test_salary_date_for_a_direct_debit_is_not_employment():
    d = run("Hello, can I move my direct debit to the 20th because my wages go in on the 19th?", "service_request", 0.99)
    assert d.category == "service_request"


@pytest.mark.parametrize("text,intent,expected", [
    ("I was so worried about my arrears but Priya from the income team sorted a plan I can afford. Thank you "
     "for not judging me.", "complaint", "compliment"),
    ("Cheers @HomesCo for leaving the bin store door wide open since August, reported it 4 times. great work",
     "service_request", "complaint"),
    ("I've got a new email address, it's jo@example.com. Please update my records. Jo Finch", "complaint",
     "service_request"),
])
def test_more_compliment_sarcasm_and_record_updates(text, intent, expected):
    assert run(text, intent, 0.99).category == expected


def test_polite_low_confidence_repair_request_is_a_service_request():
    ranking = [{"name": "service_request", "confidence": 0.40}, {"name": "complaint", "confidence": 0.35}]
    d = run("Dear Housing, I should be grateful if someone could look at my shed roof, which came off in the wind. "
            "I am 81 and cannot fix it myself. Thank you kindly.", "service_request", 0.40, ranking=ranking)
    assert d.category == "service_request"


def test_told_it_is_on_the_list_after_many_calls_is_a_complaint():
    d = run("been waitin since june for some1 to fix the kitchen floor, called like 5 times n just get told its "
            "'on the list'", "service_request", 0.99)
    assert d.category == "complaint"


def test_a_court_case_already_started_with_a_date_from_the_judge_is_legal():
    d = run("My case with the court about the damp already start in August and the judge give a date in March. "
            "My lawyer say I must tell you.", "legal_proceedings", 0.6)
    assert (d.category, d.reason) == ("excluded", "legal")


def test_a_one_off_that_still_annoys_is_out_of_time():
    d = run("The B&B you put us in during the rewire in August 2023 was dirty. I said nothing then but it still "
            "annoys me.", "complaint", 0.99)
    assert (d.category, d.reason) == ("excluded", "time_limit")


@pytest.mark.parametrize("text,intent,expected", [
    ("toilet won't flush, handle came off 🙃", "service_request", "service_request"),
    ("whoever answered the phone this morning sighed at me and was eating the whole time. not how you treat people",
     "complaint", "complaint"),
])
def test_wry_emoji_is_not_dissatisfaction_and_staff_conduct_today_is_not_a_first_report(text, intent, expected):
    assert run(text, intent, 0.99).category == expected


# --- wordings found by the blind11 set (scored once, then dev) -------------------------------
@pytest.mark.parametrize("text,intent,expected", [
    ("After I reported the leak the plumbers came three times but brought the wrong part each time. This is not "
     "good service. Thank you. Ana", "complaint", "complaint"),
    ("I volunteer at the community centre on Fridays and the coordinator told me I'm not needed any more, no reason "
     "given.", "complaint", "excluded"),
    ("I work in your repairs team but I'm writing purely as the tenant of 4 Elm Row: my roof has been reported "
     "three times and still leaks.", "complaint", "complaint"),
    ("In September 2024 your painters got paint on my bike. A friend told me I can ask. Can I have money for the "
     "damage?", "complaint", "excluded"),
    ("Dear Sirs, the couple who moved into number 8 in the summer let their dog foul my path and were abusive "
     "when I asked them to stop.", "complaint", "excluded"),
    ("Shoutout to @HomesCo for leaving scaffolding up outside my window for 9 months with no one on it. "
     "Great stuff, really.", "compliment", "complaint"),
    ("Good afternoon. The kitchen tap has started to drip and will not turn off fully. It began on Sunday. "
     "Mrs J. Amos, 4 Ash Lane.", "complaint", "service_request"),
    ("Anyone else who works for @HomesCo still waiting on the pay award backdating promised in May?",
     "service_request", "excluded"),
    ("Your online rent portal has been down for two weeks. How exactly am I meant to pay?", "complaint", "complaint"),
])
def test_blind11_wording_classes(text, intent, expected):
    assert run(text, intent, 0.99).category == expected


# --- wordings found by the blind12 set (scored once, then dev) -------------------------------
@pytest.mark.parametrize("text,intent,expected", [
    ("In spring 2024 a housing officer was rude to me at my home visit. I've been stewing on it ever since and "
     "want to make a formal complaint.", "complaint", ("excluded", "time_limit")),
    ("In 2023 I reported the man next door for noise again and again and you did nothing. He moved out in early "
     "2024 and it's been quiet since, but I still want to complain.", "complaint", ("excluded", "time_limit")),
    ("I'm writing from a charity to pass on thanks from Mr Lee, who wants his officer Gita to know how much her "
     "help meant to him.", "compliment", ("compliment", None)),
    ("As ward councillor I would like to commend your estates team for the clean-up day on Saturday.",
     "complaint", ("compliment", None)),
    ("Gang of lads keep hanging about in the bin store at Rowan Court setting fire to rubbish. Reporting it now.",
     "complaint", ("excluded", "asb")),
    ("Your income officer keeps ringing me at work about arrears I'm already paying. I'm on a zero hours "
     "contract and my manager has noticed.", "complaint", ("complaint", None)),
    ("I lost my keys on the train. Can you change my lock? Will I have to pay for it?", "service_request",
     ("service_request", None)),
    ("I've volunteered as a garden helper at the community centre for two years and my volunteer role has been "
     "ended with no notice.", "complaint", ("excluded", "employment")),
    ("hello my lawyer already send papers to the court about my kitchen, the court give case number. I want to "
     "complain also.", "legal_proceedings", ("excluded", "legal")),
    ("I work for you in the repairs team but this is about my own home as a tenant: my door has been reported "
     "three times and still doesn't lock.", "complaint", ("complaint", None)),
    ("I was offered a cleaner post in your estates team subject to DBS. It came back clear weeks ago and "
     "nobody has given me a start date.", "complaint", ("excluded", "employment")),
])
def test_blind12_wording_classes(text, intent, expected):
    d = run(text, intent, 0.99)
    assert (d.category, d.reason) == expected


def test_staff_swearing_far_into_the_sentence_is_misconduct_even_at_low_confidence():
    ranking = [{"name": "nlu_fallback", "confidence": 0.4}, {"name": "employment_matter", "confidence": 0.3}]
    d = run("The gas engineer who came to do my annual boiler service yesterday was vaping in my kitchen and swore "
            "at my dog.", "nlu_fallback", 0.4, ranking=ranking)
    assert d.category == "complaint"


# --- wordings found by the blind13 set (scored once, then dev) -------------------------------
@pytest.mark.parametrize("text,intent,expected", [
    ("As a shared owner I'm usually the first to moan, but the sales team answered my question in a day and it "
     "was crystal clear. Credit where it's due.", "service_request", ("compliment", None)),
    ("I'm one of your neighbourhood officers. A resident threatened me on a visit and my manager says carry on. "
     "I don't feel safe at work.", "complaint", ("excluded", "employment")),
    ("Shout out to @HomesCo for leaving a 90 year old with no heating for 3 weeks. Tagged you 4 times already, "
     "nothing. She deserves better", "complaint", ("complaint", None)),
    ("In May 2025 your contractor's mower threw a stone at my car. Never got round to reporting it, can I still "
     "claim?", "complaint", ("excluded", "time_limit")),
    ("I've got an assessment day for the trainee surveyor scheme next week, could I have extra time as I'm "
     "dyslexic?", "service_request", ("excluded", "employment")),
    ("I moved out in October and got a recharge bill of £900. I left it spotless and have photos. I dispute this.",
     "complaint", ("complaint", None)),
    ("The roofers were really considerate, they moved the ladder so I could still get my wheelchair out. Please "
     "thank them for me.", "complaint", ("compliment", None)),
    ("applied for 4 jobs with you this year and never heard anything back. does anyone read them?", "complaint",
     ("excluded", "employment")),
    ("kids keep kicking footballs at my windows on Birch Close, they laugh when i say anything", "complaint",
     ("excluded", "asb")),
    ("boiler broken", "complaint", ("service_request", None)),
    ("boiler STILL broken!!", "complaint", ("complaint", None)),
])
def test_blind13_wording_classes(text, intent, expected):
    d = run(text, intent, 0.99)
    assert (d.category, d.reason) == expected


def test_and_want_to_complain_at_low_confidence_is_a_complaint_then_timed():
    ranking = [{"name": "nlu_fallback", "confidence": 0.4}, {"name": "complaint", "confidence": 0.35}]
    d = run("I moved out of my flat in January 2025 and want to complain that the officer accused me of taking "
            "the blinds.", "nlu_fallback", 0.4, ranking=ranking)
    assert (d.category, d.reason) == ("excluded", "time_limit")


# --- wordings found by the blind14 and blind15 sets (each scored once, then dev) ---------------
@pytest.mark.parametrize("text,intent,expected", [
    ("The 2023/24 rent included a £90 charge I queried then and paid, but I still don't think it was fair.",
     "complaint", ("excluded", "time_limit")),
    ("I know I was cross when I first complained in the spring, but Tom handled it brilliantly and kept me "
     "updated. Thank you.", "complaint", ("compliment", None)),
    ("Your gardeners removed the fence panel on Monday without telling me. Who authorised this?", "service_request",
     ("complaint", None)),
    ("I asked for a ramp and was told it's 'not a priority'. I feel pushed out because I'm disabled.",
     "service_request", ("complaint", None)),
    ("Thanks so much @HomesCo for leaving my grandad without hot water all week. Really appreciate it. #not",
     "compliment", ("complaint", None)),
    ("Next door have started some kind of scrap business in their garden, engines revving from 6am.",
     "report_asb", ("excluded", "asb")),
    ("Your out of hours line told me it wasn't an emergency and the kitchen flooded overnight.",
     "report_emergency", ("complaint", None)),
    ("I'm a lettings officer in the south team and want to raise a grievance about my manager. Tenants saw it.",
     "service_request", ("excluded", "employment")),
    ("The damp patch was first looked at in 2022. Nobody has been back and it is now much worse.",
     "complaint", ("complaint", None)),
    ("complaint about the man on the front desk in march last yr, he laughed at me", "complaint",
     ("excluded", "time_limit")),
    ("My mileage claims for August still haven't been paid, I cover the sheltered schemes.", "nlu_fallback",
     ("excluded", "employment")),
    ("my lawyer already start the court case against you for the damp and the court give us a date in March",
     "legal_proceedings", ("excluded", "legal")),
    ("Our transfer was refused over 50p of so-called arrears. Really poor.", "service_request", ("complaint", None)),
    ("I apply for the gardener job in your company last month, no answer. Did I get it?", "complaint",
     ("excluded", "employment")),
    ("The Section 20 notice arrived after consultation closed. That is not how the process is meant to work.",
     "service_request", ("complaint", None)),
    ("My dad passed away and his officer Liz was so kind about the keys. She made a hard time a little easier.",
     "complaint", ("compliment", None)),
    ("the man in the flat next to me shout at my kids every day since two weeks", "complaint", ("excluded", "asb")),
    ("I want to make a complaint about my neighbour at number 9, her dog barks all day.", "complaint",
     ("excluded", "asb")),
])
def test_blind14_and_15_wording_classes(text, intent, expected):
    ranking = [{"name": "nlu_fallback", "confidence": 0.4}, {"name": "employment_matter", "confidence": 0.35}] \
        if intent == "nlu_fallback" else None
    d = run(text, intent, 0.4 if intent == "nlu_fallback" else 0.99, ranking=ranking)
    assert (d.category, d.reason) == expected


# --- wordings found by the blind16 set (scored once, then dev) -------------------------------
@pytest.mark.parametrize("text,intent,expected", [
    ("Could you please pass on my thanks to Ken, the scheme manager. He checked on me after my fall.",
     "service_request", ("compliment", None)),
    ("My daughter tripped on the broken step I reported in May. I was told it would be made safe. I'm thinking "
     "about making a claim.", "service_request", ("complaint", None)),
    ("I was told the shed is my responsibility but my agreement says otherwise. I'd like that decision reviewed.",
     "service_request", ("complaint", None)),
    ("I'm off sick from the repairs depot and my sick pay stopped with no warning, I have a fit note.",
     "complaint", ("excluded", "employment")),
    ("treat your staff better, 4 of us in the voids team still haven't been paid overtime from September",
     "complaint", ("excluded", "employment")),
    ("I've been temping in your rents team through an agency and my shifts were cut with no notice.",
     "complaint", ("excluded", "employment")),
    ("I'm one of your tenants but also a gas engineer for you. My manager refused my leave.", "complaint",
     ("excluded", "employment")),
    ("A damp patch has appeared on the landing ceiling. It's probably nothing but could someone look?",
     "complaint", ("service_request", None)),
    ("Your letter about my rent was posted to my neighbour instead of me. How on earth did that happen?",
     "service_request", ("complaint", None)),
    ("radiator cold at the top, tried bleeding it like the video says, still the same", "complaint",
     ("service_request", None)),
    ("I rang your out of hours line while people upstairs were fighting and the man said it wasn't an emergency. "
     "Not good enough.", "report_asb", ("complaint", None)),
    ("the boiler was replaced in 2023 but it's still not working properly", "complaint", ("complaint", None)),
])
def test_blind16_wording_classes(text, intent, expected):
    d = run(text, intent, 0.99)
    assert (d.category, d.reason) == expected


@pytest.mark.parametrize("text,expected", [
    ("Good morning, the kitchen light is not working. I change the bulb and still not working. Please send "
     "electrician.", "service_request"),
    ("Please can you send my letters in Polish from now on? My English reading is not good.", "service_request"),
    ("We, the residents of Mill Lane (12 households have signed), want to complain about the broken lighting.",
     "complaint"),
])
def test_low_confidence_first_reports_adjustments_and_group_complaints(text, expected):
    ranking = [{"name": "nlu_fallback", "confidence": 0.4}, {"name": "complaint", "confidence": 0.3}]
    assert run(text, "nlu_fallback", 0.4, ranking=ranking).category == expected


def assert_decided(text, intent, expected):
    """A confident intent with a faint runner-up, as the retrained NLU gives."""
    runner_up = "service_request" if intent != "service_request" else "complaint"
    d = run(text, intent, 0.99, ranking=[{"name": intent, "confidence": 0.99}, {"name": runner_up, "confidence": 0.005}])
    assert (d.category, d.reason) == expected, d.explanation


# --- wordings found once the NLU was trained on the retired sets (blind17 to blind21, dev) -----
# A stronger NLU model leaves the rules to decide less often, and some rules it used to hide
# turned out too eager or too narrow. Each case below is my own wording of a class.
@pytest.mark.parametrize("text,intent,expected", [
    # proceedings exist: a court date given, a solicitor who has filed
    ("our disrepair claim has a court date on 3 February and your side still hasn't replied to my solicitor",
     "legal_proceedings", ("excluded", "legal")),
    ("The hearing for my injury claim (the loose paving by the bins) is in spring. My lawyer filed it in July.",
     "legal_proceedings", ("excluded", "legal")),
    # staff who are also tenants, writing about their tenancy
    ("I work in your lettings team but I'm also one of your tenants, could I move my direct debit to the 5th?",
     "service_request", ("service_request", None)),
    ("I'm in your payroll team and I'm also a tenant, just want to say thanks to Sam who fixed my shower so fast",
     "compliment", ("compliment", None)),
    ("I work for you and I'm also a tenant. My manager has refused all my leave for December.", "complaint",
     ("excluded", "employment")),
    # the employment intent with nothing about a job: a complaint about staff
    ("the man I spoke to in the contact centre today hung up on me halfway through", "employment_matter",
     ("complaint", None)),
    ("I want to raise a formal grievance about your repairs service, the fence is still down", "employment_matter",
     ("complaint", None)),
    ("im 1 of ur agency plumbing lads, been told not to come back tomorrow, no reason given", "complaint",
     ("excluded", "employment")),
    # a new ASB report
    ("the lad upstairs keeps chucking bottles off his balcony into our garden", "report_asb", ("excluded", "asb")),
    ("the neighbour's staffies got out again and one went for my daughter on the path", "report_asb",
     ("excluded", "asb")),
    ("quad bikes tearing round the estate on the green every night, someone will get hurt", "complaint",
     ("excluded", "asb")),
    # the landlord's own works: a complaint, not ASB
    ("your contractor's lorry blocks our shared drive every morning and the foreman just shrugs", "report_asb",
     ("complaint", None)),
    ("my mobility scooter can't get out, the path is blocked by your builders' pallets", "service_request",
     ("complaint", None)),
    # praise
    ("credit where it's due, the roofer came out in the gale and sorted it, top man", "service_request",
     ("compliment", None)),
    ("Rarely have cause to praise anyone there, but Priya in income was really helpful. Credit where it's due.",
     "legal_proceedings", ("compliment", None)),
    ("Dev the pest man was fantastic: it took two visits to get rid of the mice but he was thorough", "complaint",
     ("compliment", None)),
    ("cheers for sending someone so quick, the plumber was sound", "service_request", ("compliment", None)),
    # no praise and no thanks: not a compliment whatever the intent
    ("Boiler fault code on the display since this morning, no heating. Flat 3, Elm Court.", "compliment",
     ("service_request", None)),
    ("The warden's hours have been cut to two days a week without any consultation.", "compliment",
     ("complaint", None)),
    # questions that are grievances, not enquiries
    ("why is there a £60 charge for a new fob when mine just stopped working? what a rip off", "complaint",
     ("complaint", None)),
    ("the window installers cracked my sill and blamed the office. who is going to sort it?", "complaint",
     ("complaint", None)),
    ("a letter meant for me went to my ex's address with my new address on it. how did that happen?", "complaint",
     ("complaint", None)),
    # unhappy with how something was handled, calmly put
    ("a bit annoyed tbh, three years on the garage list and a new tenant got one. how does that work", "service_request",
     ("complaint", None)),
    ("we were told the new bathrooms start in March. not a word since. some communication would be nice",
     "service_request", ("complaint", None)),
    ("the plumber said he'd order a part, that was 5 weeks ago and nobody has called", "service_request",
     ("complaint", None)),
    ("got a text last night saying my appointment was cancelled, with no new date. I'd taken the day off.",
     "service_request", ("complaint", None)),
    ("Well done @OakHomes, 4 months to fix a gutter.", "compliment", ("complaint", None)),
    ("you keep cancelling the scaffold and the tarp is leaking again", "compliment", ("complaint", None)),
    # first reports
    ("the rotary dryer in the back court fell over this afternoon, nobody hurt, just reporting it", "complaint",
     ("service_request", None)),
    ("Intercom stopped working. Replaced the fuse, still nothing.", "service_request", ("service_request", None)),
    ("Please take this as my four weeks' notice to end the tenancy. Please let me know about the final inspection.",
     "complaint", ("service_request", None)),
    ("water pouring through the light from the flat above since an hour ago, nobody answering upstairs", "complaint",
     ("service_request", None)),
])
def test_wording_classes_after_the_nlu_retraining(text, intent, expected):
    assert_decided(text, intent, expected)


@pytest.mark.parametrize("text,continuing", [
    ("The contractor broke my gate in June 2024 and never came back, so I bought a new one.", False),
    ("The engineer who came in May 2025 cracked a tile. It came back to mind this week.", False),
    ("In 2022 nobody turned up for my gas check. It's bugged me ever since.", False),
    ("An officer was rude to me in June 2025. I've been meaning to raise it for ages.", False),
    ("While the scaffold was up in 2024 we were still charged for window cleaning.", False),
    ("The roofer never came back to fix the flashing and it still leaks.", True),
    ("I've told you three times that my husband has died and each letter is still in his name.", True),
])
def test_one_off_or_continuing(text, continuing):
    from actions.triage import cues
    assert cues.is_continuing(text) is continuing


# --- wordings found by blind22 to blind25 (scored once with 4e35f52, then dev) -----------------
@pytest.mark.parametrize("text,intent,expected", [
    # proceedings exist
    ("my disrepair case goes to trial in June and I'm sick of waiting, just fix the ceiling", "legal_proceedings",
     ("excluded", "legal")),
    ("we've already applied to the tribunal about the service charge and had the acknowledgement", "legal_proceedings",
     ("excluded", "legal")),
    ("I filed a small claim for the ruined sofa last month. I also want to complain about the leak.",
     "legal_proceedings", ("excluded", "legal")),
    ("court papers went in on Friday about the mould, my solicitor says not to talk to you", "complaint",
     ("excluded", "legal")),
    # a letter that threatens proceedings has not started them
    ("your letter says you will start possession proceedings over £9, that's a bank delay and the tone was awful",
     "complaint", ("complaint", None)),
    # employment
    ("my daughter is on a work placement with your caretaking team and nobody gave her gloves", "complaint",
     ("excluded", "employment")),
    ("i take calls for you from home and my work laptop's been broken a week, lost two shifts", "complaint",
     ("excluded", "employment")),
    ("Ah'm a cleaner for yous at the high flats and they've cut my hours", "complaint", ("excluded", "employment")),
    ("I'm in your income team, but this is a tenant question: can my gas check move to January?", "service_request",
     ("service_request", None)),
    # praise
    ("Never said at the time, but Jo the joiner who fixed the stairs in 2024 was outstanding and it hasn't creaked "
     "since. Thank you.", "complaint", ("compliment", None)),
    ("Just a note to say how much Amira, my support officer, has helped me this year. Thank you.", "service_request",
     ("compliment", None)),
    ("Dad asked me to write and thank Carol at the scheme for the summer trip.", "employment_matter",
     ("compliment", None)),
    ("Can you tell Nasreen on the phones thank you from me, she sorted it all.", "complaint", ("compliment", None)),
    ("Kev and his crew who painted the hallways were wonderful, please pass it on", "complaint", ("compliment", None)),
    # complaints
    ("I reported ants and was told it's how I keep the house. I found that insulting. Please send someone.",
     "compliment", ("complaint", None)),
    ("The plumber was lovely, nothing against him, but it took six weeks and four calls to get anyone out.",
     "compliment", ("complaint", None)),
    ("phoned, emailed, used the app. all for a fan that was meant to be fitted in May. does anyone read these",
     "complaint", ("complaint", None)),
    ("you say the wall is the council's, they say it's yours. round and round. can someone actually decide",
     "complaint", ("complaint", None)),
    ("the new windows have been pushed back to 2029 with no reason and the frames are rotten", "service_request",
     ("complaint", None)),
    ("I've booked the handyperson three times and you cancelled every appointment. What is the point?",
     "complaint", ("complaint", None)),
    ("Radiators lukewarm since the boiler went in. Engineers have been three times. Freezing last night.",
     "complaint", ("complaint", None)),
    # first reports
    ("black bits on the window seals and lots of condensation, my friend said to report it", "complaint",
     ("service_request", None)),
    ("The street light by the garages has gone out. Just letting you know.", "complaint", ("service_request", None)),
    ("I moved out in May and have £80 credit on the rent account. How do I get it refunded?", "service_request",
     ("service_request", None)),
    # ASB
    ("graffiti all over the garages again, it's the teens who hang around there", "service_request",
     ("excluded", "asb")),
    ("A group of lads have been smashing the landing lights and tagging the walls most nights at Elm Tower.",
     "complaint", ("excluded", "asb")),
])
def test_blind22_to_25_wording_classes(text, intent, expected):
    assert_decided(text, intent, expected)


@pytest.mark.parametrize("text,name", [
    ("Steve from ClearPest got rid of the wasps", "Steve"),
    ("Can you tell Lisa on the phones thank you", "Lisa"),
    ("the lad Kev even fixed our gate", "Kev"),
    ("Priya, my housing officer, has been fantastic", "Priya"),
    ("Dave and his crew were wonderful", "Dave"),
])
def test_person_named_in_a_compliment(text, name):
    from actions.triage import cues
    assert cues.find_person_name(text) == name


@pytest.mark.parametrize("text,continuing", [
    ("Christmas 2024 the man on your phones slammed the phone down on me. Still makes me mad.", False),
    ("When I moved in in March 2023 the flat was filthy and I paid for a clean.", False),
])
def test_more_one_off_wordings(text, continuing):
    from actions.triage import cues
    assert cues.is_continuing(text) is continuing
