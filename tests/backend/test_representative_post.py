"""A representative who wants letters by post: their postal address and postcode are kept on the
representative's contact (preferred channel post); with the resident's consent the letters are
posted to them (staff print them: the letter opens with the representative's address), without it
the letters go only to the resident. Bad representative details are a clear 422, never a 500.
SQLite and PostgreSQL (the app fixture)."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from casework.models import Case, Contact
from test_staff import API
from test_staff_case import text_of
from test_staff_workspace import jo  # noqa: F401  (fixture)

RECEIVED = "2026-11-24T10:15:00+00:00"  # Tuesday 24 November 2026
ANN = {"name": "Ann Example", "email": "ann@example.org", "postcode": "TF1 1AA"}
SAM = {"name": "Sam Carer", "relationship": "son", "address": "Flat 2, 7 Mill Lane, Leeds",
       "postcode": "LS6 2AB", "preferred_channel": "post"}
CONSENT = {"consent": True, "consent_method": "told us in chat"}


@pytest.fixture(autouse=True)
def _created_as_it_arrives(clock):
    clock.set(RECEIVED)


def complaint(client, key="rep-1", contact=ANN, **extra):
    r = client.post("/api/v1/complaints", json={
        "idempotency_key": key, "received_at": RECEIVED, "conversation_id": "conv-rep",
        "text": "My mother's heating has been broken for three weeks.", "contact": contact, **extra})
    assert r.status_code == 201, r.text
    return r.json()


def letters_of(client, ref):
    r = client.get(f"/api/v1/cases/{ref}/letters")
    assert r.status_code == 200
    return r.json()


def test_with_consent_letters_are_posted_to_the_representatives_address(client):
    case = complaint(client, representative={**SAM, **CONSENT})
    rep = case["representative"]
    assert (rep["address"], rep["postcode"], rep["preferred_channel"]) == (
        "Flat 2, 7 Mill Lane, Leeds", "LS6 2AB", "post")
    assert rep["letters_to_representative"] is True
    [letter] = letters_of(client, case["reference"])
    # posted by staff (manual), so the acknowledgement is not recorded until they mark it sent
    assert (letter["channel"], letter["recipient"], letter["status"]) == ("post", None, "manual")
    assert case["acknowledged_on"] is None and case["acknowledgement_channel"] == "post"
    assert letter["text"].startswith("Sam Carer\nFlat 2\n7 Mill Lane\nLeeds\nLS6 2AB\n\n"
                                     "Tuesday 24 November 2026\n\nDear Sam Carer,"), letter["text"][:120]
    assert "ann@example.org" not in letter["text"] and "TF1 1AA" not in letter["text"]


def test_without_consent_the_letters_never_go_to_the_representative(client):
    case = complaint(client, representative={**SAM, "consent": False, "consent_method": "x"})
    assert case["representative"]["letters_to_representative"] is False
    assert case["representative"]["address"] == "Flat 2, 7 Mill Lane, Leeds"  # kept, not used
    [letter] = letters_of(client, case["reference"])
    assert (letter["channel"], letter["recipient"]) == ("email", "ann@example.org")
    assert "Sam" not in letter["text"] and "Mill Lane" not in letter["text"]
    # the resident by post: posted to the resident's address, never the representative's
    by_post = complaint(client, key="rep-2", contact={**ANN, "address": "3 Elm Road", "preferred_channel": "post"},
                        representative={**SAM, "consent": False})
    [letter] = letters_of(client, by_post["reference"])
    assert letter["channel"] == "post"
    assert letter["text"].startswith("Ann Example\n3 Elm Road\nTF1 1AA\n\n") and "Mill Lane" not in letter["text"]


def test_a_representative_by_e_mail_still_gets_e_mails_with_an_address_on_record(client):
    case = complaint(client, representative={**SAM, **CONSENT, "email": "sam@example.org",
                                             "preferred_channel": "email"})
    [letter] = letters_of(client, case["reference"])
    assert (letter["channel"], letter["recipient"]) == ("email", "sam@example.org")
    assert letter["text"].startswith("Dear Sam Carer,")   # an e-mail carries no postal block
    # with both and no preference given (older clients): the e-mail, as before
    case = complaint(client, key="rep-3", representative={**{k: v for k, v in SAM.items() if k != "preferred_channel"},
                                                          **CONSENT, "email": "sam@example.org"})
    assert letters_of(client, case["reference"])[0]["recipient"] == "sam@example.org"


def test_staff_see_the_representatives_postal_address(jo):
    c, _ = jo
    r = c.post("/api/v1/complaints", headers=API, json={
        "idempotency_key": "rep-staff", "text": "Nobody came to fix the roof.", "received_at": RECEIVED,
        "contact": ANN, "representative": {**SAM, **CONSENT}})
    assert r.status_code == 201, r.text
    words = text_of(c.get(f"/staff/cases/{r.json()['reference']}").text)
    rep = words[words.index("Representative"):]
    assert "Postal address Flat 2, 7 Mill Lane, Leeds" in rep and "Postcode LS6 2AB" in rep
    assert "Letters go to the representative, by post" in rep


@pytest.mark.parametrize("rep, where, msg", [
    ({**SAM, "address": None}, [], "a representative who wants letters by post needs a postal address"),
    ({**SAM, "address": "   "}, [], "a representative who wants letters by post needs a postal address"),
    ({**SAM, "address": "1 " + "x" * 400}, ["address"], "value is longer than 300 characters"),
    ({**SAM, "address": "7 Mill\x00Lane"}, ["address"], "value must not contain NUL characters"),
    ({**SAM, "address": ["7 Mill Lane"]}, ["address"], "Input should be a valid string"),
    ({**SAM, "postcode": "LS6 2AB" * 5}, ["postcode"], "value is longer than 16 characters"),
    ({**SAM, "preferred_channel": "pigeon"}, ["preferred_channel"], "Input should be 'email', 'phone' or 'post'"),
])
def test_bad_representative_details_are_refused_clearly_and_nothing_is_written(client, session, rep, where, msg):
    r = client.post("/api/v1/complaints", json={"idempotency_key": "bad", "text": "x", "contact": ANN,
                                                "representative": {**rep, **CONSENT}})
    assert r.status_code == 422, r.text
    [error] = r.json()["detail"]
    assert error["loc"] == ["body", "representative", *where] and msg in error["msg"], error
    assert session.scalar(select(func.count()).select_from(Case)) == 0
    assert session.scalar(select(func.count()).select_from(Contact)) == 0


def test_a_case_staff_open_from_the_conversation_keeps_both_postal_addresses(jo):
    """Staff reclassify the conversation's handoff into a complaint: the new case copies the
    resident and the representative as recorded, addresses included, so the letters still go by
    post to the representative the resident consented to."""
    c, csrf = jo
    h = c.post("/api/v1/handoffs", headers=API, json={
        "idempotency_key": "h-rep", "conversation_id": "conv-rep", "text": "My mother's heating is broken again",
        "received_at": RECEIVED, "category": "service_request", "reason": None}).json()
    c.post("/api/v1/service-requests", headers=API, json={
        "idempotency_key": "sr-rep", "conversation_id": "conv-rep", "text": "My mother's heating is broken again",
        "received_at": RECEIVED, "topic": "repair",
        "contact": {"name": "Ann Example", "address": "3 Elm Road", "postcode": "TF1 1AA", "preferred_channel": "post"},
        "representative": {**SAM, **CONSENT}})
    r = c.post(f"/staff/handoffs/{h['id']}/reclassify", follow_redirects=False, data={
        "csrf_token": csrf, "category": "complaint", "note": "The third time: a complaint"})
    assert r.status_code == 303, r.text
    ref = c.get(f"/api/v1/handoffs/{h['id']}", headers=API).json()["case_reference"]
    case = c.get(f"/api/v1/cases/{ref}", headers=API).json()
    assert case["kind"] == "complaint" and case["contact"]["address"] == "3 Elm Road"
    rep = case["representative"]
    assert (rep["address"], rep["postcode"], rep["preferred_channel"], rep["consent_method"]) == (
        "Flat 2, 7 Mill Lane, Leeds", "LS6 2AB", "post", "told us in chat")
    [letter] = c.get(f"/api/v1/cases/{ref}/letters", headers=API).json()
    assert letter["channel"] == "post" and letter["text"].startswith("Sam Carer\nFlat 2\n7 Mill Lane\nLeeds\nLS6 2AB\n")
