"""Hazard and household recognition from residents' words (actions/hazard_recognition.py)."""
import pytest

from actions.hazard_recognition import UNSPECIFIED, Household, household_answer, household, recognise


@pytest.mark.parametrize("text, hazard, danger", [
    ("There is black mould all over my bedroom wall", "damp_mould", False),
    ("I want to complain: I've reported the damp three times and nobody came", "damp_mould", False),
    ("Condensation is running down the windows every morning", "damp_mould", False),
    ("I can smell gas in the kitchen", "gas_co", True),
    ("our CO alarm keeps going off", "gas_co", True),
    ("The socket in the lounge is sparking", "electrical", True),
    ("water is coming through the light fitting in the bathroom", "electrical", True),
    ("The bathroom ceiling has collapsed", "structural", True),
    ("My boiler is broken and the radiators are stone cold", "excess_cold", False),
    ("We have had no heating for a week", "excess_cold", False),
    ("There are rats in the kitchen", "hygiene", False),
    ("The banister is loose on the stairs", "falls", False),
    ("We've had no water since this morning", "water_supply", False),
])
def test_recognises_hazards(text, hazard, danger):
    found = recognise(text, "service_request")
    assert found is not None and found.hazard_type == hazard and found.emergency_signs is danger


@pytest.mark.parametrize("text", [
    "My rent statement is wrong", "The moulding on the door frame is loose",
    "There is no damp any more, thanks", "Thank you to Dave for fixing the mould so quickly",
    "I don't have any damp, it's the fence that's broken",
])
def test_not_hazards(text):
    category = "compliment" if text.startswith("Thank") else "service_request"
    assert recognise(text, category) is None


def test_negation_is_local():
    assert recognise("The boiler doesn't work properly and there's mould in the bathroom").hazard_type == "damp_mould"
    assert recognise("There's not just damp but mould too").hazard_type == "damp_mould"


def test_a_danger_that_is_over_is_no_sign_of_immediate_danger():
    # the hazard is still recognised for staff; only the immediate-danger sign waits for a present danger
    found = recognise("the ceiling fell in last year and I'm still waiting for compensation", "complaint")
    assert found.hazard_type == "structural" and not found.emergency_signs
    assert not recognise("the sparking socket was replaced months ago but left a mess").emergency_signs
    assert recognise("the ceiling fell in last year and now it has fallen in again").emergency_signs
    assert recognise("since the rewire last year the sockets are sparking").emergency_signs


def test_triage_emergency_flag_counts_as_danger():
    assert recognise("Mould everywhere and water pouring in", "service_request", flags=("emergency",)).emergency_signs


@pytest.mark.parametrize("answer, vulns, known", [
    ("yes, we have a newborn", ["baby"], True),
    ("my daughter is 3 months old", ["baby"], True),
    ("yes my son is 5 months and hes got a cough", ["baby"], True),   # no "old": still a baby, not a 5-year-old
    ("shes only 6 weeks", ["baby"], True),
    ("my son is 5", [], False),   # near miss: 5 years, not under 5: nothing recorded, so the bot asks who
    ("my son is 2", ["young_children"], True),
    ("I'm pregnant", ["pregnancy"], True),
    ("my mum is 82 and has COPD", ["respiratory", "older_person"], True),
    ("my husband is having chemo", ["weakened_immunity"], True),
    ("I use a wheelchair", ["disability"], True),
    ("no", [], True),
    ("just me and my partner, both healthy", [], True),
    ("nobody has asthma", [], True),
    ("no children", [], True),
    ("what do you mean?", [], False),
])
def test_household_answers(answer, vulns, known):
    h = household(answer, answer=True)
    assert h.vulnerabilities == vulns and h.known is known


def test_household_in_the_first_message():
    found = recognise("Mould in the nursery and my 6 week old baby keeps coughing", "service_request")
    assert found.household.vulnerabilities == ["baby"] and found.household.known
    # A bare "no" in a report is not an answer about the household.
    assert recognise("no heating since Monday", "service_request").household.known is False


@pytest.mark.parametrize("answer", ["yes", "Yes.", "yeah there is", "yep", "someone is", "we do",
                                    "someone here is vulnerable", "my husband is at risk"])
def test_a_yes_that_names_no_one_is_kept_as_a_yes(answer):
    h = household(answer, answer=True)
    assert h.said_yes and not h.known and h.vulnerabilities == []
    assert household_answer(answer) == Household([UNSPECIFIED], True, True)


@pytest.mark.parametrize("answer", ["no", "not sure", "I'm not sure", "don't know", "maybe", "nobody",
                                    "yes, nobody is ill", "no one is vulnerable", "what do you mean?",
                                    "I don't have the reference", "I'm fine", "nobody at risk"])
def test_a_no_or_not_sure_never_becomes_someone_at_risk(answer):
    assert not household(answer, answer=True).said_yes
    assert UNSPECIFIED not in household_answer(answer).vulnerabilities


@pytest.mark.parametrize("second, vulns, known", [
    ("my mum", [UNSPECIFIED], True),             # the yes stands: someone, not said which risk
    ("I'd rather not say", [UNSPECIFIED], True),
    ("no, I'd rather not say", [UNSPECIFIED], True),
    ("what?", [UNSPECIFIED], True),
    ("my son has asthma", ["respiratory"], True),  # named: the name wins
    ("no", [], True),                             # taken back: no one
    ("nobody really", [], True),
    ("actually no", [], False),                   # unclear: not known, never no one
    ("not sure", [], False),                      # unsure is not a yes
])
def test_the_answer_after_a_yes(second, vulns, known):
    h = household_answer(second, said_yes_before=True)
    assert h.vulnerabilities == vulns and h.known is known


def test_a_yes_in_a_report_is_not_an_answer():
    assert household("yes the mould is back", answer=False).said_yes is False


@pytest.mark.parametrize("text, vulnerabilities", [
    ("Mae llwydni du ar wal ystafell wely'r babi ac mae hi'n peswch", ["baby"]),
    ("Mae lleithder ym mhob ystafell ac mae gen i blentyn bach", ["young_children"]),
    ("Mae tamp ar y waliau", []),
])
def test_welsh_damp_and_mould_words_and_who_is_at_risk(text, vulnerabilities):
    found = recognise(text, "unclear")
    assert found is not None and found.hazard_type == "damp_mould"
    assert found.household.vulnerabilities == vulnerabilities


# Excess cold in the tenses and forms residents use (hE-08): the heating, boiler, radiators or hot
# water not working in any tense, and a home that is freezing; near misses stay out.
@pytest.mark.parametrize("text", [
    "Her heating has been off for 3 days, she's 84 and on oxygen, its freezing",
    "the heating went off on Sunday", "Heating's been off since Friday", "our boiler keeps cutting out",
    "the boiler hasn't worked for a week", "radiators have been cold all week",
    "hot water has been off for days", "the storage heaters don't work", "the heating won't come on",
    "the boiler's broken", "boiler packed in yesterday", "we've been without heating since Monday",
    "it's freezing in here", "it\u2019s absolutely freezing and the kids are ill", "its freezing",
    "the flat is freezing", "the bedroom's freezing", "we are freezing", "we can't get the flat warm",
    "I can see my breath in the bedroom",
])
def test_excess_cold_in_any_tense(text):
    found = recognise(text, "service_request")
    assert found is not None and found.hazard_type == "excess_cold"


@pytest.mark.parametrize("text", [
    "the freezer is broken", "it's freezing outside", "I turned the heating off to save money",
    "we switched the heating off in May", "the radiator is leaking onto the carpet",
    "my heating bill is too high", "the heating is on full blast", "can you come and service the boiler",
    "the hot water tank is leaking", "the water from the kitchen tap is cold",
])
def test_excess_cold_near_misses(text):
    found = recognise(text, "service_request")
    assert found is None or found.hazard_type != "excess_cold"


def test_on_oxygen_is_a_respiratory_vulnerability():
    found = recognise("Her heating has been off for 3 days, she's 84 and on oxygen, its freezing")
    assert set(found.household.vulnerabilities) == {"respiratory", "older_person"}
    assert household("he uses an oxygen concentrator at night").vulnerabilities == ["respiratory"]
    assert "respiratory" not in household("the oxygen in the room feels stale").vulnerabilities
