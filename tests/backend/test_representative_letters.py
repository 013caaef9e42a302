"""A representative's letters (the resident consented) are theirs: sent to the representative's own
e-mail or postal address, greeting the representative, never the resident, and the resident's home
address stays on the resident's contact (never printed on the representative's letter)."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
RECEIVED = "2026-11-24T10:15:00+00:00"
HOME = {"name": "Ann Example", "address": "12 Oak Road, Leeds", "postcode": "LS11 5DT"}


@pytest.fixture(autouse=True)
def _now(clock):
    clock.set(RECEIVED)


def _ack(client, rep: dict) -> dict:
    r = client.post("/api/v1/complaints", json={
        "idempotency_key": "k-1", "received_at": RECEIVED, "text": "My mum's flat has had mould for months.",
        "contact": {"anonymous": False, **HOME},
        "representative": {"relationship": "representative", "consent": True,
                           "consent_method": "told us in chat", **rep}})
    assert r.status_code == 201, r.text
    (ack,) = [x for x in client.get(f"/api/v1/cases/{r.json()['reference']}/letters").json()
              if x["kind"] == "acknowledgement"]
    return ack


def test_an_unnamed_representatives_letter_never_greets_the_resident(client):
    ack = _ack(client, {"email": "sam@example.org", "preferred_channel": "email"})
    assert (ack["channel"], ack["recipient"]) == ("email", "sam@example.org")
    assert ack["text"].startswith("Dear Sir or Madam,") and "Ann Example" not in ack["text"]
    assert "12 Oak Road" not in ack["text"]


def test_a_representative_by_post_gets_it_at_their_own_address_not_the_residents_home(client):
    ack = _ack(client, {"name": "Sam Carer", "address": "Flat 2, 7 Mill Lane, Leeds", "postcode": "LS6 2AB",
                        "preferred_channel": "post"})
    assert ack["channel"] == "post"
    assert ack["text"].startswith("Sam Carer\nFlat 2\n7 Mill Lane\nLeeds\nLS6 2AB\n\n")
    assert "Dear Sam Carer," in ack["text"] and "12 Oak Road" not in ack["text"] and "LS11 5DT" not in ack["text"]
