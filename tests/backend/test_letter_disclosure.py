"""hj-06: a complaint flagged safeguarding gets an acknowledgement that keeps the disclosure out
(the abuse, the abuser's whereabouts or schedule): only the housing matter is repeated back, or a
neutral line when nothing else was said. Staff still see the resident's words on the case."""
import pytest

from casework.disclosure import without_disclosure

RECEIVED = "2026-11-24T10:15:00+00:00"
sqlite_only = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
DISCLOSURE = ("The boiler broke again and it is still not fixed. My partner hits me when things go wrong "
              "in the house and I'm scared to tell him it's still not done.")


@pytest.fixture(autouse=True)
def _now(clock):
    clock.set(RECEIVED)


def _ack(client, text, flags, outcome="Fix the boiler while he's at work", key="d-1"):
    r = client.post("/api/v1/complaints", json={
        "idempotency_key": key, "received_at": RECEIVED, "conversation_id": "conv-d", "text": text,
        "flags": flags, "desired_outcome": outcome,
        "contact": {"name": "Jo Safe", "email": "jo.safe@example.com", "postcode": "TF1 1AA"}})
    assert r.status_code == 201, r.text
    ref = r.json()["reference"]
    acks = [x for x in client.get(f"/api/v1/cases/{ref}/letters").json() if x["kind"] == "acknowledgement"]
    return ref, acks[0]["text"]


@sqlite_only
def test_flagged_acknowledgement_keeps_the_repair_and_leaves_out_the_abuse(client):
    _, t = _ack(client, DISCLOSURE, ["safeguarding"])
    assert "boiler broke again" in t
    for word in ("hits", "partner", "scared", "at work", "while he"):
        assert word not in t, word
    assert "Fix the boiler" in t


@sqlite_only
def test_only_a_disclosure_gives_a_neutral_line(client):
    _, t = _ack(client, "My partner hits me and he checks my phone.", ["safeguarding"], outcome=None)
    assert "hits" not in t and "checks" not in t
    assert "a problem with your home" in t


@sqlite_only
def test_without_the_flag_the_letter_is_unchanged(client):
    _, t = _ack(client, "The boiler broke again. The engineer said he will come back on Friday.", [],
                outcome="Fix the boiler when he comes back")
    assert "come back on Friday" in t and "when he comes back" in t


@pytest.mark.parametrize("text,kept,gone", [
    ("Can you fix my front door lock please, my ex-partner kicked the door in last night and he says "
     "he'll come back", "fix my front door lock", "kicked"),
    ("Please come between 9 and 5 when he is at work, fix the boiler.", "fix the boiler", "at work"),
    ("He works nights. The kitchen tap is leaking.", "kitchen tap is leaking", "nights"),
    ("The damp is still there and I'm frightened of him.", "damp is still there", "frightened"),
])
def test_clauses_of_disclosure_go_the_housing_matter_stays(text, kept, gone):
    got = without_disclosure(text)
    assert kept in got and gone not in got


def test_a_housing_sentence_is_left_alone():
    text = "The heating has been off for 3 weeks and the engineer never came back."
    assert without_disclosure(text) == text
