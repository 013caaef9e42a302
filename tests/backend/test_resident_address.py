"""Letters to a resident who gave only a phone number (found by a new user: the staff case page said
"Send by hand", to nobody). Such a letter is held with nowhere to go (channel none, reason no_address):
the case page says plainly there is no e-mail or postal address on the record, that the letter is held
until one is obtained, and gives the phone number to ring; staff add what the resident tells them and
the held letters go on (by e-mail now, or by post opening with the address). A resident with no phone
either (or anonymous, or who asked for post with no postal address): test_nowhere_to_send.py.
Refusals are clear pages. SQLite and PostgreSQL."""
from __future__ import annotations

from sqlalchemy import select

from casework.models import AuditEvent, Contact
from test_staff import API, factory
from test_staff_case import complaint, letters_of, text_of
from test_staff_workspace import jo  # noqa: F401  (fixture)

PHONE_ONLY = {"name": "Ann Example", "phone": "07700 900123", "preferred_channel": "phone"}


def address(c, csrf, ref, **fields):
    return c.post(f"/staff/cases/{ref}/contact-address", follow_redirects=False,
                  data={"csrf_token": csrf, **fields})


def test_a_phone_only_residents_letter_is_held_for_an_address_and_the_page_says_so(app, jo):
    c, _ = jo
    ref = complaint(c, contact=PHONE_ONLY)
    [ack] = letters_of(c, ref)
    assert (ack["channel"], ack["recipient"], ack["status"]) == ("none", None, "held")
    assert ack["held_for"] == ["no_address"]
    # nothing went, so the complaint is not acknowledged; the API says why the letter waits
    case = c.get(f"/api/v1/cases/{ref}", headers=API).json()
    assert case["acknowledged_on"] is None and case["letter_held_for"] == ["no_address"]
    raw = c.get(f"/staff/cases/{ref}").text
    page = text_of(raw)
    assert "Send by hand" not in page
    assert "Held: no e-mail or postal address" in page
    assert "There is no e-mail or postal address on the record, so this letter cannot be sent. It is held " \
           "until one is obtained. Ring the resident on 07700 900123 to ask for one" in page
    assert 'href="tel:+447700900123"' in raw and 'href="#contact-address"' in raw
    assert 'id="contact-address"' in raw and f'action="/staff/cases/{ref}/contact-address"' in raw
    assert "Add the resident's e-mail or postal address Letters are held: there is no e-mail or postal address " \
           "on the record. Ring the resident on 07700 900123 to ask for one" in page
    # the release form is not offered: releasing would send it nowhere (the API refuses it too)
    assert f"/letters/{ack['letter_id']}/release" not in raw
    r = c.post(f"/api/v1/outbox/{ack['letter_id']}/release", headers=API)
    assert r.status_code == 409 and "no e-mail or postal address" in r.json()["detail"]
    # the complaints list's held letters include it, with what to do
    listed = text_of(c.get("/staff/cases").text)
    assert "ring the resident to ask, then add it on the case page" in listed


def test_an_e_mail_staff_add_sends_the_held_letter_and_records_the_acknowledgement(app, jo):
    c, csrf = jo
    ref = complaint(c, contact=PHONE_ONLY)
    r = address(c, csrf, ref, email="ann@example.org", address="", postcode="")
    assert r.status_code == 303 and r.headers["location"] == f"/staff/cases/{ref}?done=address_email#letters"
    [ack] = letters_of(c, ref)
    assert (ack["channel"], ack["recipient"], ack["status"]) == ("email", "ann@example.org", "pending")
    assert c.get(f"/api/v1/cases/{ref}", headers=API).json()["acknowledged_on"] is not None
    page = text_of(c.get(r.headers["location"]).text)
    assert "The letters held for an address go by e-mail now" in page and "Held: no e-mail or postal address" not in page
    assert 'id="contact-address"' not in page  # nothing waits for an address any more
    with factory(app)() as s:
        contact = s.scalar(select(Contact).where(Contact.phone == "07700 900123"))
        assert (contact.email, contact.email_key, contact.preferred_channel) == (
            "ann@example.org", "ann@example.org", "email")
        events = {e.action: e for e in s.scalars(select(AuditEvent))}
        # the trail names the fields, never the values
        assert events["add_address"].fields == ["email", "preferred_channel"]
        assert "ann@example.org" not in str(events["add_address"].after)
        assert "letter_address_added" in events


def test_a_postal_address_staff_add_makes_the_letter_ready_to_post_with_the_address(app, jo):
    c, csrf = jo
    ref = complaint(c, contact=PHONE_ONLY)
    # the postcode typed at the end of the address is taken as the postcode
    r = address(c, csrf, ref, email="", address="Flat 2, 14 Elm Road, Leeds ls11 5dt", postcode="")
    assert r.headers["location"].endswith("done=address_post#letters")
    [ack] = letters_of(c, ref)
    assert (ack["channel"], ack["status"]) == ("post", "manual")
    assert ack["text"].startswith("Ann Example\nFlat 2\n14 Elm Road\nLeeds\nLS11 5DT\n\n")
    # staff post it: marking it sent records the acknowledgement
    assert c.get(f"/api/v1/cases/{ref}", headers=API).json()["acknowledged_on"] is None
    with factory(app)() as s:
        contact = s.scalar(select(Contact).where(Contact.phone == "07700 900123"))
        assert (contact.address, contact.postcode, contact.postcode_key) == (
            "Flat 2, 14 Elm Road, Leeds", "LS11 5DT", "LS115DT")


def test_bad_addresses_are_refused_clearly_and_change_nothing(app, jo):
    c, csrf = jo
    ref = complaint(c, contact=PHONE_ONLY)
    for fields, words in (
            ({"postcode": "LS11 5DT"}, "A postcode alone is not enough to post a letter"),
            ({"email": "ann at example"}, "does not look like one"),
            ({"address": "14 Elm Road", "postcode": "LS11"}, "is not a UK postcode"),
            ({"address": "x" * 301}, "longer than 300 characters"),
            ({}, "Give an e-mail address or a postal address")):
        r = address(c, csrf, ref, **fields)
        assert r.status_code == 422 and words in text_of(r.text), (fields, r.status_code)
    assert [x["status"] for x in letters_of(c, ref)] == ["held"]
    with factory(app)() as s:
        assert s.scalar(select(AuditEvent).where(AuditEvent.action == "add_address")) is None


def test_the_old_resident_address_route_is_gone(app, jo):
    """The form serves a representative too, so it is /contact-address; nothing answers the old path."""
    c, csrf = jo
    ref = complaint(c, contact=PHONE_ONLY)
    r = c.post(f"/staff/cases/{ref}/resident-address", follow_redirects=False,
               data={"csrf_token": csrf, "email": "ann@example.org"})
    assert r.status_code == 404
    assert [x["status"] for x in letters_of(c, ref)] == ["held"]
