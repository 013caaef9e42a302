"""The resident's status look-up says when the case's letter waits for an e-mail or postal address
(`letter_address_wanted`): whose address (the resident's, or a consenting representative's: the
letters are theirs) and whether staff have a phone number to ring and ask. The chat tells the resident
from it (bot/actions/case_status_actions.py). The view carries no detail: not the number, not the
e-mail, not the name. Near misses: an e-mail, a postal address, a representative without consent, a
letter held only for a format, and after staff add the address. SQLite and PostgreSQL (the app fixture)."""
from __future__ import annotations

import pytest

from test_staff import API
from test_staff_workspace import jo  # noqa: F401  (fixture)

RECEIVED = "2026-11-24T10:15:00+00:00"
PHONE = "07700 900123"
JO_PHONE = {"name": "Jo Bloggs", "phone": PHONE, "postcode": "TF1 1AA", "preferred_channel": "phone"}
SAM = {"name": "Sam Carer", "relationship": "son", "phone": "07700 900456", "postcode": "LS6 2AB",
       "preferred_channel": "phone", "consent_method": "told us in chat"}
RESIDENT_RING = {"whose": "resident", "staff_will_ring": True}


@pytest.fixture(autouse=True)
def _created_as_it_arrives(clock):
    clock.set(RECEIVED)


def complaint(c, key, contact, **extra) -> str:
    r = c.post("/api/v1/complaints", headers=API, json={
        "idempotency_key": key, "received_at": RECEIVED, "conversation_id": f"conv-{key}",
        "text": "The boiler repair was never finished.", "contact": contact, **extra})
    assert r.status_code == 201, r.text
    return r.json()["reference"]


def status(anon_client, reference, **factor) -> dict:
    r = anon_client.post("/api/v1/resident/case-status", json={"reference": reference, **factor})
    assert r.status_code == 200, r.text
    return r.json()


def test_a_phone_only_resident_is_told_by_the_view_that_staff_will_ring_for_an_address(client, anon_client):
    ref = complaint(client, "phone-only", JO_PHONE)
    view = status(anon_client, ref, postcode="tf1 1aa")
    assert view["letter_held_for"] == ["no_address"]
    assert view["letter_address_wanted"] == RESIDENT_RING
    assert view["acknowledged_on"] is None and view["acknowledge_by"]  # the Code's dates still run
    body = str(view)
    assert "07700" not in body and "Jo Bloggs" not in body and "contact" not in view


@pytest.mark.parametrize("contact", [
    {"name": "Jo Bloggs", "phone": PHONE, "email": "jo@example.org", "postcode": "TF1 1AA"},
    {"name": "Jo Bloggs", "phone": PHONE, "address": "12 High Street, Telford", "postcode": "TF1 1AA",
     "preferred_channel": "phone"},
    {"name": "Jo Bloggs", "email": "jo@example.org", "postcode": "TF1 1AA", "preferred_channel": "post",
     "address": "12 High Street, Telford"},
], ids=["email", "postal_address", "post"])
def test_an_e_mail_or_a_postal_address_waits_for_nothing(client, anon_client, contact):
    ref = complaint(client, "has-address", contact)
    view = status(anon_client, ref, postcode="TF1 1AA")
    assert "no_address" not in view["letter_held_for"]
    assert view["letter_address_wanted"] is None


def test_a_consenting_representatives_phone_only_letters_wait_for_their_address(client, anon_client):
    ref = complaint(client, "rep-phone", {"anonymous": False, "postcode": "TF1 1AA"},
                    representative={**SAM, "consent": True})
    wanted = {"whose": "representative", "staff_will_ring": True}
    for factor in ({"postcode": "TF1 1AA"}, {"postcode": "LS6 2AB"}):  # the resident's, or theirs
        view = status(anon_client, ref, **factor)
        assert (view["letter_held_for"], view["letter_address_wanted"]) == (["no_address"], wanted)
        assert "07700" not in str(view) and "Sam" not in str(view)


def test_without_consent_the_letters_are_the_residents(client, anon_client):
    # the resident gave only a phone number too: it is their address that is wanted, not the representative's
    ref = complaint(client, "rep-no-consent", JO_PHONE, representative={**SAM, "consent": False})
    assert status(anon_client, ref, postcode="TF1 1AA")["letter_address_wanted"] == RESIDENT_RING


def test_a_letter_held_for_braille_with_no_number_to_ring_says_staff_cannot_ring(client, anon_client):
    """No e-mail, no postal address and no phone (a postcode only): the braille letter is held, with
    nowhere to go and nobody to ring (the staff page does not say to ring). The chat must not say
    staff will ring."""
    ref = complaint(client, "braille", {"name": "Jo Bloggs", "postcode": "TF1 1AA", "format_needs": ["braille"]})
    view = status(anon_client, ref, postcode="TF1 1AA")
    assert view["letter_held_for"] == ["no_address", "braille"]
    assert view["letter_address_wanted"] == {"whose": "resident", "staff_will_ring": False}
    # held for braille only, with an e-mail to send it to: no address is wanted
    ref = complaint(client, "braille-email", {"name": "Jo Bloggs", "email": "jo@example.org", "postcode": "TF1 1AA",
                                              "format_needs": ["braille"]})
    view = status(anon_client, ref, postcode="TF1 1AA")
    assert view["letter_held_for"] == ["braille"] and view["letter_address_wanted"] is None


def test_once_staff_add_the_address_nothing_waits(jo, anon_client):
    c, csrf = jo
    ref = complaint(c, "added-later", JO_PHONE)
    assert status(anon_client, ref, postcode="TF1 1AA")["letter_address_wanted"] == RESIDENT_RING
    r = c.post(f"/staff/cases/{ref}/contact-address", follow_redirects=False,
               data={"csrf_token": csrf, "email": "", "address": "12 High Street, Telford", "postcode": ""})
    assert r.status_code == 303, r.text
    view = status(anon_client, ref, postcode="TF1 1AA")
    assert view["letter_held_for"] == [] and view["letter_address_wanted"] is None


NOBODY = {"whose": "resident", "staff_will_ring": False}
POSTCODE_ONLY = {"name": "Jo Bloggs", "postcode": "TF1 1AA"}


def service_request(c, key, contact) -> str:
    r = c.post("/api/v1/service-requests", headers=API, json={
        "idempotency_key": key, "received_at": RECEIVED, "conversation_id": f"conv-{key}",
        "text": "The bathroom light has stopped working.", "contact": contact})
    assert r.status_code == 201, r.text
    return r.json()["reference"]


@pytest.mark.parametrize("record", [complaint, service_request], ids=["complaint", "service_request"])
def test_a_letter_with_nobody_to_send_it_to_or_ring_is_told_by_the_view(client, anon_client, record):
    """No e-mail, no postal address, no chat and no phone (a postcode only): the letter is held for an
    address as a phone-only resident's is (before, it was `manual` on channel `none`, "Not sent: nobody
    to send to"), and there is no one for staff to ring: the view says so, and the chat tells the
    resident how to give us an address."""
    ref = record(client, f"nobody-{record.__name__}", POSTCODE_ONLY)
    letters = client.get(f"/api/v1/cases/{ref}/letters", headers=API).json()
    assert [(x["status"], x["channel"]) for x in letters] == [("held", "none")]
    view = status(anon_client, ref, postcode="tf1 1aa")
    assert view["letter_held_for"] == ["no_address"] and view["letter_address_wanted"] == NOBODY
    assert "Jo Bloggs" not in str(view) and "contact" not in view


def test_nobody_to_send_to_ends_when_the_letter_is_sent_by_hand_or_an_address_is_on_record(jo, anon_client):
    c, csrf = jo
    ref = complaint(c, "nobody-by-hand", POSTCODE_ONLY)
    [letter] = c.get(f"/api/v1/cases/{ref}/letters", headers=API).json()
    assert status(anon_client, ref, postcode="TF1 1AA")["letter_address_wanted"] == NOBODY
    r = c.post(f"/api/v1/outbox/{letter['letter_id']}/mark-sent", headers=API)
    assert r.status_code == 200 and r.json()["status"] == "sent", r.text
    assert status(anon_client, ref, postcode="TF1 1AA")["letter_address_wanted"] is None
    # the resident rang with an address and staff put it on the record: nowhere to send it is no longer so
    ref = complaint(c, "nobody-then-address", POSTCODE_ONLY)
    r = c.post(f"/staff/cases/{ref}/contact-address", follow_redirects=False,
               data={"csrf_token": csrf, "email": "", "address": "12 High Street, Telford", "postcode": ""})
    assert r.status_code == 303, r.text
    assert status(anon_client, ref, postcode="TF1 1AA")["letter_address_wanted"] is None


def test_a_letter_by_post_is_not_said_to_have_nowhere_to_go(client, anon_client):
    """`manual` because staff post it (a postal address): not the `none` channel, so nothing is wanted."""
    ref = complaint(client, "by-post", {**POSTCODE_ONLY, "address": "12 High Street, Telford",
                                        "preferred_channel": "post"})
    view = status(anon_client, ref, postcode="TF1 1AA")
    assert view["letter_held_for"] == [] and view["letter_address_wanted"] is None
