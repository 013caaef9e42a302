"""Code 2024 sections 1 (what a complaint is) and 2 (exclusions): what the resident is told."""
from helpers import ANN, OMBUDSMAN, TUESDAY, create, letter, triage


def test_c1_2_dissatisfaction_however_made_is_a_complaint(client):
    # "an expression of dissatisfaction, however made": the learned triage reads it as a complaint
    # (tests/bot/test_nlu_model.py::test_code_1_2_and_1_3_dissatisfaction_without_the_word_is_a_complaint,
    # with the trained model); here, what the case service records for it.
    c = create(client, "complaints", idempotency_key="c", text="Third missed repair, nobody calls back",
               channel="phone", contact=ANN)
    assert c["kind"] == "complaint" and c["stage"] == 1 and c["reference"].startswith("CMP-")


def test_c1_3_no_need_to_say_complaint_and_the_choice_is_offered():
    import yaml
    from pathlib import Path

    # the word "complaint" is never needed: tests/bot/test_nlu_model.py (trained model); here the
    # choice of making a complaint is offered in the conversation
    bot = Path(__file__).resolve().parents[2] / "bot"
    rules = yaml.safe_load((bot / "data" / "rules.yml").read_text())["rules"]
    offer = [r for r in rules if {"slot_was_set": [{"triage_route": "complaint"}]} in r["steps"]]
    assert offer and offer[0]["steps"][-1] == {"action": "utter_offer_complaint"}  # the choice is given
    responses = {}
    for f in (bot / "domain").glob("*.yml"):
        responses.update((yaml.safe_load(f.read_text()) or {}).get("responses") or {})
    assert "complaint" in responses["utter_offer_complaint"][0]["text"].lower()


def test_c1_4_a_service_request_is_recorded(client):
    sr = create(client, "service-requests", idempotency_key="s", text="My kitchen tap is dripping",
                topic="repair", contact=ANN)
    assert sr["reference"].startswith("SR-") and sr["status"] == "open"
    t = letter(client, sr["reference"], "service_request")
    assert sr["reference"] in t and "It is not a complaint" in t


def test_c1_5_dissatisfaction_with_a_service_request_is_a_complaint_and_the_request_carries_on(client):
    sr = create(client, "service-requests", idempotency_key="s", text="Leak not fixed after three visits",
                topic="repair", dissatisfaction_noted=True, contact=ANN)
    c = create(client, "complaints", idempotency_key="c", text="Leak not fixed after three visits", contact=ANN)
    assert c["kind"] == "complaint"
    # the service request carries on: still open, still its own record
    assert client.get(f"/api/v1/cases/{sr['reference']}").json()["status"] == "open"
    assert "you can make a complaint at any time" in letter(client, sr["reference"], "service_request")


def test_c2_1_accepted_unless_a_valid_reason_each_case_on_its_merits():
    # dissatisfaction with how an ASB case was handled is a complaint; a new ASB report is not
    assert triage("You ignored my ASB reports about my neighbour for months", "complaint").category == "complaint"
    d = triage("My neighbour plays loud music every night", "report_asb")
    assert (d.category, d.reason) == ("excluded", "asb")


def test_c2_2_legal_proceedings_started_but_not_a_threat():
    assert triage("My solicitor said I might take you to court about the damp", "complaint").category == "complaint"
    d = triage("My solicitor has already issued a claim at the county court about the damp", "legal_proceedings")
    assert (d.category, d.reason) == ("excluded", "legal")


def test_c2_3_time_limit_twelve_months_but_a_continuing_problem_is_in_time(client):
    # the rule reads the dates; the model tells a one-off from a continuing problem
    # (tests/bot/test_nlu_model.py::test_code_2_3_time_limit_for_a_one_off_but_not_for_a_continuing_problem)
    d = triage("In 2019 your contractor scratched my car and I want compensation", "complaint_old_issue")
    assert (d.category, d.reason) == ("excluded", "time_limit")
    assert triage("The damp in my bedroom has been there since 2019 and keeps coming back",
                  "complaint").category == "complaint"
    exc = create(client, "excluded-matters", idempotency_key="e", text="car scratched in 2019",
                 reason="time_limit", contact=ANN)
    t = letter(client, exc["reference"], "excluded")
    assert "consider whether there is a good reason to look at it anyway" in exc["explanation"]
    assert all(x in t for x in OMBUDSMAN)
    # discretion is still to be considered (2.3), so the letter does not state a final refusal
    assert "We will not deal with it as a complaint." not in t
    assert "As things stand, we will not deal with it as a complaint. Before that is final" in t


def test_c2_4_the_reason_in_writing_and_the_right_to_ask_the_ombudsman(client):
    exc = create(client, "excluded-matters", idempotency_key="e", text="claim issued at court",
                 reason="legal", contact=ANN, received_at=TUESDAY)
    t = letter(client, exc["reference"], "excluded")
    assert "We will not deal with it as a complaint." in t
    assert "ask the Housing Ombudsman to review our decision" in t and all(x in t for x in OMBUDSMAN)


def test_c2_5_no_blanket_exclusions_staff_choose_already_investigated(client):
    exc = create(client, "excluded-matters", idempotency_key="e", text="Same complaint as last year",
                 reason="already_investigated", contact=ANN)
    assert exc["reason"] == "already_investigated"
    assert "Tell us if you have new evidence" in exc["explanation"]
    # a reason outside the Code's list is refused, not silently excluded
    r = client.post("/api/v1/excluded-matters", json={"idempotency_key": "x", "text": "t", "reason": "too_many"})
    assert r.status_code == 422
