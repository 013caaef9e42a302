"""Code 2024 section 3 (accessibility and awareness): channels, adjustments, representatives,
information about the Ombudsman."""
from helpers import ANN, OMBUDSMAN, SUNDAY, complaint, letter, letters


def test_c3_1_complaints_by_any_channel(client):
    for i, channel in enumerate(("webchat", "phone", "email", "facebook", "twitter", "staff")):
        c = complaint(client, key=f"k{i}", channel=channel)
        assert c["channel"] == channel and c["kind"] == "complaint"


def test_c3_1_reasonable_adjustments_recorded_and_honoured(client, clock):
    clock.set(SUNDAY)
    c = complaint(client, received_at=SUNDAY, adjustments="Calls after 2pm only",
                  contact={**ANN, "format_needs": ["large_print"]})
    assert c["adjustments"] == "Calls after 2pm only" and c["contact"]["format_needs"] == ["large_print"]
    ack = letters(client, c["reference"], "acknowledgement")[0]
    assert "You asked us for this help: Calls after 2pm only" in ack["text"]
    assert ack["format_needs"] == ["large_print"] and ack["has_html"]  # the HTML letter is in 18pt
    # another language: the letter is held for staff before anything goes
    other = complaint(client, key="k2", received_at=SUNDAY, contact={**ANN, "language": "Polish"})
    held = letters(client, other["reference"], "acknowledgement")[0]
    assert held["status"] == "held" and held["language"] == "Polish"


def test_c3_6_a_representative_acts_with_the_residents_consent(client, clock):
    clock.set(SUNDAY)
    rep = {"name": "Bea Example", "relationship": "daughter", "email": "bea@example.org"}
    c = complaint(client, received_at=SUNDAY,
                  representative={**rep, "consent": True, "consent_method": "resident confirmed by phone"})
    assert c["representative"]["consent_method"] == "resident confirmed by phone" and "third_party" in c["flags"]
    ack = letters(client, c["reference"], "acknowledgement")[0]
    assert ack["recipient"] == "bea@example.org" and ack["text"].startswith("Dear Bea Example,")
    no = complaint(client, key="k2", received_at=SUNDAY, representative={**rep, "consent": False})
    assert letters(client, no["reference"], "acknowledgement")[0]["recipient"] == ANN["email"]


def test_c3_7_residents_are_told_about_the_ombudsman(client):
    c = complaint(client)
    assert all(x in letter(client, c["reference"], "acknowledgement") for x in OMBUDSMAN)
