"""hj-05/hg-11: a resident who disclosed abuse at home said how it is safe to contact them. The
instruction and the routes they ruled out go on the record's contact for a service request as for a
complaint (the bot sends them with the contact); the staff case page shows them; and the letters
never use a route ruled out (letters.letter_channel, one code path for every kind of record)."""
from __future__ import annotations

import pytest

from casework.models import Contact
from casework.letters import letter_channel
from test_staff import API, RECEIVED
from test_staff_case import letters_of, text_of
from test_staff_workspace import jo, sign_in  # noqa: F401  (fixture)

sqlite_only = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
HJ05 = ("Can you fix my front door lock please, my ex-partner kicked the door in last night and he says "
        "he'll come back")
SAFE = {"name": "Amy Ford", "phone": "07700 900444", "address": "4 Elm Road, York", "postcode": "YO1 2AB",
        "preferred_channel": "post", "safe_contact": "safe contact: phone only; no letters by post",
        "ruled_out": ["email", "post"]}


def service_request(c, contact, key="sr-safe"):
    r = c.post("/api/v1/service-requests", headers=API, json={
        "idempotency_key": key, "text": HJ05, "received_at": RECEIVED, "conversation_id": "conv-safe",
        "flags": ["safeguarding", "emergency"], "topic": "repair", "emergency": True, "contact": contact})
    assert r.status_code == 201, r.text
    return r.json()


@sqlite_only
def test_the_service_request_stores_the_instruction_and_the_routes_ruled_out(jo):
    c, _ = jo
    view = service_request(c, SAFE)
    assert view["contact"]["safe_contact"] == "safe contact: phone only; no letters by post"
    assert view["contact"]["ruled_out"] == ["email", "post"]
    again = c.get(f"/api/v1/cases/{view['reference']}", headers=API).json()
    assert again["contact"]["safe_contact"] == SAFE["safe_contact"]


@sqlite_only
def test_the_staff_case_page_shows_it(jo):
    c, _ = jo
    ref = service_request(c, SAFE)["reference"]
    page = text_of(c.get(f"/staff/cases/{ref}").text)
    assert "Safe contact safe contact: phone only; no letters by post" in page
    assert "Never use E-mail, Post" in page


@sqlite_only
def test_the_held_letter_panel_never_asks_for_a_route_ruled_out(jo):
    c, _ = jo
    ref = service_request(c, SAFE)["reference"]
    html = c.get(f"/staff/cases/{ref}").text
    page = text_of(html)
    # e-mail and post both unsafe: no form asking for them, no "confirm letters can go to their home address"
    assert "Letters are held: no safe way to send them" in page
    assert "ring them on" in page and "to tell them what the letter says" in page
    assert "home address" not in page and 'id="ca-address"' not in html and 'id="ca-email"' not in html
    # post alone ruled out: the form asks for an e-mail address only
    only_post = {**SAFE, "email": None, "ruled_out": ["post"], "safe_contact": "safe contact: no letters by post"}
    ref = service_request(c, only_post, key="sr-post")["reference"]
    html = c.get(f"/staff/cases/{ref}").text
    assert 'id="ca-email"' in html and 'id="ca-address"' not in html
    assert "letters by post are not safe for them" in text_of(html) and "home address" not in text_of(html)


@sqlite_only
def test_a_letter_is_not_posted_when_post_is_ruled_out(jo):
    c, _ = jo
    ref = service_request(c, SAFE)["reference"]
    [letter] = [x for x in letters_of(c, ref) if x["kind"] == "service_request"]
    assert letter["channel"] == "none" and letter["status"] == "held"
    for words in ("kicked", "ex-partner", "come back", "safe contact"):  # hj-06: nothing of the disclosure
        assert words not in letter["text"], words
    # the same contact without the instruction would have gone by post: the rule is what holds it
    ref = service_request(c, {k: v for k, v in SAFE.items() if k not in ("safe_contact", "ruled_out")},
                          key="sr-plain")["reference"]
    assert [x["channel"] for x in letters_of(c, ref) if x["kind"] == "service_request"] == ["post"]


def test_a_route_ruled_out_is_never_the_letter_channel():
    c = Contact(email="amy@example.com", address="4 Elm Road", preferred_channel="post", ruled_out=["post"])
    assert letter_channel(c) == "email"
    c.ruled_out = ["post", "email"]
    assert letter_channel(c) == "none"


@sqlite_only
def test_the_instruction_is_checked(jo):
    c, _ = jo
    r = c.post("/api/v1/service-requests", headers=API, json={
        "idempotency_key": "sr-bad", "text": "fix the lock", "received_at": RECEIVED, "topic": "repair",
        "contact": {**SAFE, "ruled_out": ["carrier pigeon"]}})
    assert r.status_code == 422
    r = c.post("/api/v1/service-requests", headers=API, json={
        "idempotency_key": "sr-long", "text": "fix the lock", "received_at": RECEIVED, "topic": "repair",
        "contact": {**SAFE, "safe_contact": "x" * 201}})
    assert r.status_code == 422
