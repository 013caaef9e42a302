"""Code 2024 sections 5 (the process) and 6 (stage 1 and stage 2 timescales): the dates and
letters a resident gets."""
from helpers import ANN, OMBUDSMAN, SUNDAY, TUESDAY, complaint, letter, letters

MONDAY_EVENING = "2026-12-07T18:30:00+00:00"  # Monday 7 December 2026, after closing

BY_POST = {**ANN, "address": "1 Example Road, Telford", "preferred_channel": "post"}


def test_c5_2_no_stage_zero(client):
    assert client.get("/api/v1/profiles/code-2024").json()["informal_stage"] is False
    assert client.get("/api/v1/profiles/code-2024/conflicts").json() == []


def test_c5_3_no_more_than_two_stages_and_a_three_stage_policy_is_flagged(client):
    p = client.get("/api/v1/profiles/code-2024").json()
    assert [s["number"] for s in p["stages"]] == [1, 2]
    conflicts = client.get("/api/v1/profiles/wrekin-2020-housing/conflicts").json()
    assert any(c["field"] == "stages" for c in conflicts)


def test_c5_6_understanding_and_outcome_in_plain_words_and_correctable(client, clock):
    clock.set(SUNDAY)
    c = complaint(client, received_at=SUNDAY, summary="Recognised as complaint.")
    ack = letter(client, c["reference"], "acknowledgement")
    assert "What we understand your complaint is about" in ack
    assert "You told us that you reported the leak in your bathroom in October and we still have not fixed it." in ack
    assert "Recognised as" not in ack and "Fix the leak and redecorate" in ack
    r = client.patch(f"/api/v1/complaints/{c['reference']}/understanding",
                     json={"summary": "Your bathroom leak, reported in October, is still not fixed."})
    assert r.status_code == 200
    corrected = letter(client, c["reference"], "acknowledgement")
    assert "This letter replaces our earlier letter" in corrected and "still not fixed" in corrected


def test_c6_2_stage_1_acknowledged_within_five_working_days(client, clock):
    clock.set(SUNDAY)
    c = complaint(client, received_at=SUNDAY)
    assert c["acknowledge_by"] == "2026-12-14"  # 5 working days from Monday 7 December
    assert c["acknowledged_on"] == "2026-12-06"  # the automatic acknowledgement, recorded
    ack = letter(client, c["reference"], "acknowledgement")
    assert "We received it on Sunday 6 December 2026" in ack and "Complaints team" in ack


def test_c6_3_stage_1_response_within_ten_working_days_of_acknowledgement(client, clock):
    clock.set(SUNDAY)
    c = complaint(client, received_at=SUNDAY)
    # acknowledged on Sunday 6 December: 10 working days of it is Friday 18 December
    assert c["acknowledged_on"] == "2026-12-06" and c["respond_by"] == "2026-12-18"
    assert "by Friday 18 December 2026" in letter(client, c["reference"], "acknowledgement")
    # after closing on a Monday: it counts as received on Tuesday, but the acknowledgement went on
    # Monday, so the response is due 10 working days after Monday, not after Tuesday
    clock.set(MONDAY_EVENING)
    e = complaint(client, key="k3", received_at=MONDAY_EVENING)
    assert (e["acknowledged_on"], e["respond_by"]) == ("2026-12-07", "2026-12-21")
    assert "by Monday 21 December 2026" in letter(client, e["reference"], "acknowledgement")
    # the same day is allowed for acknowledging and responding to a weekend complaint
    p = complaint(client, key="k2", received_at=SUNDAY, contact=BY_POST)
    r = client.post(f"/api/v1/complaints/{p['reference']}/respond",
                    json={"decision": "upheld", "reasons": "We were late", "responded_on": "2026-12-06"})
    assert r.status_code == 200


def test_c6_4_extension_of_no_more_than_ten_working_days_with_a_reason(client, clock):
    clock.set(TUESDAY)
    ref = complaint(client)["reference"]
    r = client.post(f"/api/v1/complaints/{ref}/extend", json={"days": 11, "reason": "x"})
    assert r.status_code == 409 and r.json()["code"] == "extension_limit"
    assert client.post(f"/api/v1/complaints/{ref}/extend", json={"days": 5, "reason": ""}).json()["code"] == \
        "extension_reason_required"
    r = client.post(f"/api/v1/complaints/{ref}/extend", json={"days": 10, "reason": "A surveyor must visit"})
    assert r.status_code == 200 and r.json()["respond_by"] == "2026-12-22"
    assert "A surveyor must visit." in letter(client, ref, "extension")


def test_c6_5_extension_letter_gives_the_ombudsmans_details(client, clock):
    clock.set(TUESDAY)
    ref = complaint(client)["reference"]
    client.post(f"/api/v1/complaints/{ref}/extend", json={"days": 5, "reason": "Waiting for a report"})
    assert all(x in letter(client, ref, "extension") for x in OMBUDSMAN)


def test_c6_6_response_when_the_answer_is_known_with_outstanding_actions(client, clock):
    clock.set(TUESDAY)
    ref = complaint(client)["reference"]
    client.post(f"/api/v1/complaints/{ref}/respond", json={
        "decision": "upheld", "reasons": "The repair was late", "remedy": "An apology and £50",
        "outstanding_actions": "Replace the bath panel by 15 January", "responded_on": "2026-12-01"})
    t = letter(client, ref, "stage_response")
    assert "Replace the bath panel by 15 January" in t


def test_c6_9_stage_1_response_has_stage_decision_reasons_remedy_and_how_to_escalate(client, clock):
    clock.set(TUESDAY)
    ref = complaint(client)["reference"]
    client.post(f"/api/v1/complaints/{ref}/respond", json={
        "decision": "partly_upheld", "reasons": "The first visit was missed", "remedy": "£50",
        "responded_on": "2026-12-01"})
    t = letter(client, ref, "stage_response")
    assert "Stage 1" in t and "partly upheld" in t and "The first visit was missed" in t and "£50" in t
    assert "Stage 2" in t and all(x in t for x in OMBUDSMAN)


def _escalated(client, clock):
    clock.set(TUESDAY)
    ref = complaint(client)["reference"]
    client.post(f"/api/v1/complaints/{ref}/respond", json={"decision": "not_upheld", "reasons": "r",
                                                           "responded_on": "2026-12-01"})
    clock.set("2026-12-14T10:00:00+00:00")
    return ref


def test_c6_11_stage_2_acknowledged_within_five_working_days_of_the_request(client, clock):
    ref = _escalated(client, clock)
    r = client.post(f"/api/v1/complaints/{ref}/escalate", json={"requested_at": "2026-12-14T10:00:00+00:00"})
    assert r.status_code == 200 and (r.json()["stage"], r.json()["acknowledge_by"]) == (2, "2026-12-21")
    assert "Stage 2" in letter(client, ref, "escalation")


def test_c6_12_the_resident_need_not_explain_why_they_escalate(client, anon_client, clock):
    ref = _escalated(client, clock)
    r = anon_client.post("/api/v1/resident/escalate", json={"reference": ref, "postcode": "TF1 1AA"})
    assert r.status_code == 200 and r.json()["stage"] == 2  # no reason asked for


def test_c6_14_stage_2_response_within_twenty_working_days_of_acknowledgement(client, clock):
    ref = _escalated(client, clock)
    r = client.post(f"/api/v1/complaints/{ref}/escalate", json={"requested_at": "2026-12-14T10:00:00+00:00"})
    # the escalation letter is the stage 2 acknowledgement and went the day of the request (14 Dec):
    # 20 working days from it, over Christmas and New Year, is Thursday 14 January 2027
    assert (r.json()["acknowledged_on"], r.json()["respond_by"]) == ("2026-12-14", "2027-01-14")
    assert "by Thursday 14 January 2027" in letter(client, ref, "escalation")


def test_c6_15_stage_2_extension_of_up_to_twenty_working_days(client, clock):
    ref = _escalated(client, clock)
    client.post(f"/api/v1/complaints/{ref}/escalate", json={"requested_at": "2026-12-14T10:00:00+00:00"})
    assert client.post(f"/api/v1/complaints/{ref}/extend", json={"days": 21, "reason": "x"}).status_code == 409
    r = client.post(f"/api/v1/complaints/{ref}/extend", json={"days": 20, "reason": "Expert report"})
    assert r.status_code == 200 and r.json()["extended"] is True


def test_c6_19_the_final_response_sends_the_resident_to_the_ombudsman(client, clock):
    ref = _escalated(client, clock)
    client.post(f"/api/v1/complaints/{ref}/escalate", json={"requested_at": "2026-12-14T10:00:00+00:00"})
    client.post(f"/api/v1/complaints/{ref}/respond", json={"decision": "upheld", "reasons": "We were wrong",
                                                           "responded_on": "2027-01-05"})
    final = letters(client, ref, "stage_response")[-1]["text"]
    assert "This is our final response." in final and all(x in final for x in OMBUDSMAN)
    r = client.post(f"/api/v1/complaints/{ref}/escalate", json={})
    assert r.status_code == 409 and r.json()["code"] == "past_last_stage"
