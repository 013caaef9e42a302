"""Code 2024 sections 7 (putting things right), 8 (self-assessment and reporting) and 9 (learning):
what the resident is offered and what the landlord can show the Ombudsman."""
from helpers import ANN, TUESDAY, complaint, create, letter

PERIOD = "?from=2026-04-01&to=2027-03-31"


def test_c7_1_the_remedy_is_recorded_and_told_to_the_resident(client, clock):
    clock.set(TUESDAY)
    ref = complaint(client)["reference"]
    r = client.post(f"/api/v1/complaints/{ref}/respond", json={
        "decision": "upheld", "reasons": "We missed two appointments",
        "remedy": "An apology, £75 for the time lost, and the leak fixed by 18 December",
        "responded_on": "2026-12-01"})
    assert r.json()["remedy"].startswith("An apology, £75")
    t = letter(client, ref, "stage_response")
    assert "An apology, £75 for the time lost, and the leak fixed by 18 December" in t
    assert "We have upheld your complaint." in t


def _some_history(client, clock):
    clock.set(TUESDAY)
    a = complaint(client, key="a")["reference"]
    client.post(f"/api/v1/complaints/{a}/respond", json={"decision": "upheld", "reasons": "r",
                                                         "responded_on": "2026-11-30"})
    complaint(client, key="b", profile="wrekin-2020-housing")
    create(client, "excluded-matters", idempotency_key="e", text="Court claim filed", reason="legal",
           contact=ANN, received_at=TUESDAY)
    return a


def test_c8_1_a_self_assessment_against_the_code_from_the_records(client, staff, clock, monkeypatch):
    monkeypatch.setenv("LANDLORD_NAME", "Riverside Homes")
    _some_history(client, clock)
    r = staff.get("/staff/reports/self-assessment.md" + PERIOD)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/markdown")
    md = r.text
    assert "Riverside Homes" in md and "CH01: 2 stage 1" in md
    # a profile that departs from the Code is shown, so the landlord can see it
    assert "wrekin-2020-housing: 3 stages; the Code allows two stages only" in md
    assert "[Staff to complete]" in md  # what the records cannot evidence is left for people


def test_c9_1_learning_what_complaints_were_about_and_outcomes(client, staff, clock):
    _some_history(client, clock)
    md = staff.get("/staff/reports/self-assessment.md" + PERIOD).text
    assert "What complaints were about (themes):" in md
    assert "Share upheld or partly upheld: stage 1" in md
