"""A resident who gave only a phone number proves who they are with it (findings hE item 9): the
resident look-ups compare the phone number normalised, as they do the postcode and the e-mail."""
from casework.case_views import phone_key

RECEIVED = "2026-11-24T10:15:00+00:00"
NO_MATCH = {"detail": "No case matches that reference and postcode or email."}


def phone_only_complaint(client, key="phone-1", **contact):
    body = {"idempotency_key": key, "received_at": RECEIVED, "channel": "webchat",
            "conversation_id": "conv-1", "text": "The housing officer was rude to me.",
            "contact": {"name": "Ann Example", "phone": "07700900123", "preferred_channel": "phone",
                        **contact}, "desired_outcome": "An apology"}
    return client.post("/api/v1/complaints", json=body).json()["reference"]


def test_phone_key_reads_one_number_however_written():
    assert {phone_key(p) for p in ("07700 900123", "+44 7700 900123", "(0044) 7700-900123",
                                   "447700900123")} == {"07700900123"}
    assert phone_key("12345") is None and phone_key(None) is None


def test_the_phone_given_finds_the_case_written_any_way(client, anon_client):
    ref = phone_only_complaint(client)
    for phone in ("07700 900123", "+44 7700 900123", "07700-900-123"):
        r = anon_client.post("/api/v1/resident/case-status", json={"reference": ref, "phone": phone})
        assert r.status_code == 200 and r.json()["reference"] == ref


def test_another_phone_or_none_is_the_same_miss(client, anon_client):
    ref = phone_only_complaint(client)
    for body in ({"reference": ref, "phone": "07700 900124"}, {"reference": ref, "phone": "123"},
                 {"reference": ref, "phone": ""}):
        r = anon_client.post("/api/v1/resident/case-status", json=body)
        assert (r.status_code, r.json()) == (404, NO_MATCH)


def test_escalation_checks_the_phone_too(client, anon_client):
    ref = phone_only_complaint(client)
    r = anon_client.post("/api/v1/resident/escalate", json={"reference": ref, "phone": "+447700900123"})
    # found (the phone matched): refused only because stage 1 has not been answered
    assert r.status_code == 409 and r.json()["code"] != "not_a_complaint"
    r = anon_client.post("/api/v1/resident/escalate", json={"reference": ref, "phone": "07700 000000"})
    assert (r.status_code, r.json()) == (404, NO_MATCH)
