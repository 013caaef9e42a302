"""A representative the resident consented to who gave only a phone number (the chat asks the
representative, not the resident, for details: the resident's contact holds none). Before, the letters
fell back to the resident's route and went nowhere ("Not sent: nobody to send to") while the chat said
"We will acknowledge it by ...". Now the letters are the representative's and are held for an address
(held_for no_address) as for a phone-only resident: staff ring the representative, add what they are
told to the representative's contact (never the resident's), and the letters go on to them. A
representative who gave a postal address gets them by post. Near misses: without consent, with an
e-mail, with no details at all. SQLite and PostgreSQL (the app fixture)."""
from __future__ import annotations

from sqlalchemy import select

from casework.models import AuditEvent, Contact
from test_staff import API, factory
from test_staff_case import complaint, letters_of, text_of
from test_staff_workspace import jo  # noqa: F401  (fixture)

RESIDENT = {"anonymous": False}  # what the chat sends for a resident when a representative writes
SAM = {"name": "Sam Carer", "relationship": "representative", "phone": "07700 900456",
       "preferred_channel": "phone"}
CONSENT = {"consent": True, "consent_method": "the representative told us in chat that the resident agreed"}


def by_rep(c, key="rep-phone", **rep):
    return complaint(c, key=key, contact=RESIDENT, representative={**SAM, **CONSENT, **rep})


def test_a_consenting_representatives_phone_only_letters_are_held_for_their_address(app, jo):
    c, _ = jo
    ref = by_rep(c)
    [ack] = letters_of(c, ref)
    assert (ack["channel"], ack["recipient"], ack["status"]) == ("none", None, "held")
    assert ack["held_for"] == ["no_address"]
    assert "ring the representative to ask" in ack["last_error"]
    assert ack["text"].startswith("Dear Sam Carer,")  # the letter is theirs
    case = c.get(f"/api/v1/cases/{ref}", headers=API).json()
    assert case["letter_held_for"] == ["no_address"] and case["acknowledged_on"] is None
    assert case["representative"]["letters_to_representative"] is True
    raw = c.get(f"/staff/cases/{ref}").text
    page = text_of(raw)
    assert "Not sent: nobody to send to" not in page and "Held: no e-mail or postal address" in page
    assert "There is no e-mail or postal address for the representative. Ring them on 07700 900456" in page
    assert "Ring the representative on 07700 900456 to ask for one, then add it under Representative" in page
    assert "Letters go to the representative, once we have an e-mail or postal address for them" in page
    assert "Add the representative's e-mail or postal address" in page
    assert "Add the resident's" not in page and 'href="tel:+447700900456"' in raw
    r = c.post(f"/api/v1/outbox/{ack['letter_id']}/release", headers=API)
    assert r.status_code == 409


def test_the_address_staff_add_goes_on_the_representative_and_the_letters_follow(app, jo):
    c, csrf = jo
    ref = by_rep(c)
    r = c.post(f"/staff/cases/{ref}/contact-address", follow_redirects=False,
               data={"csrf_token": csrf, "email": "sam@example.org", "address": "", "postcode": ""})
    assert r.status_code == 303 and r.headers["location"].endswith("done=address_email#letters")
    [ack] = letters_of(c, ref)
    assert (ack["channel"], ack["recipient"], ack["status"]) == ("email", "sam@example.org", "pending")
    assert c.get(f"/api/v1/cases/{ref}", headers=API).json()["acknowledged_on"] is not None
    with factory(app)() as s:
        rep = s.scalar(select(Contact).where(Contact.role == "representative"))
        resident = s.scalar(select(Contact).where(Contact.role == "resident"))
        assert (rep.email, rep.email_key, rep.preferred_channel) == ("sam@example.org", "sam@example.org", "email")
        assert resident.email is None and resident.preferred_channel is None  # not the resident's
        event = s.scalar(select(AuditEvent).where(AuditEvent.action == "add_address"))
        assert "sam@example.org" not in str(event.after)


def test_a_postal_address_staff_add_posts_the_letter_to_the_representative(app, jo):
    c, csrf = jo
    ref = by_rep(c, key="rep-post-later")
    c.post(f"/staff/cases/{ref}/contact-address",
           data={"csrf_token": csrf, "email": "", "address": "7 Mill Lane, Leeds LS6 2AB", "postcode": ""})
    [ack] = letters_of(c, ref)
    assert (ack["channel"], ack["status"]) == ("post", "manual")
    assert ack["text"].startswith("Sam Carer\n7 Mill Lane\nLeeds\nLS6 2AB\n\n")


def test_a_representative_with_a_phone_and_a_postal_address_gets_them_by_post(app, jo):
    """As for a resident (letters.resident_route): a postal address goes by post, even with the phone
    as the preferred channel; before, this too went nowhere."""
    c, _ = jo
    ref = by_rep(c, key="rep-phone-post", address="7 Mill Lane, Leeds", postcode="LS6 2AB")
    [ack] = letters_of(c, ref)
    assert (ack["channel"], ack["status"], ack["held_for"]) == ("post", "manual", [])
    assert ack["text"].startswith("Sam Carer\n7 Mill Lane\nLeeds\nLS6 2AB\n\n")


def test_near_misses(app, jo):
    c, _ = jo
    # without consent the letters are the resident's: none reach the representative's phone; with no
    # details for the resident the letter is held for the resident's address (no number to ring them on)
    ref = complaint(c, key="no-consent", contact=RESIDENT, representative={**SAM, "consent": False})
    [ack] = letters_of(c, ref)
    assert (ack["channel"], ack["status"], ack["held_for"]) == ("none", "held", ["no_address"])
    assert "no phone number to ask for one" in ack["last_error"] and "representative" not in ack["last_error"]
    page = text_of(c.get(f"/staff/cases/{ref}").text)
    assert "Add the resident's e-mail or postal address" in page and "Add the representative's" not in page
    assert "07700 900456" not in page.split("Letters")[-1]  # never told to ring the representative
    # an e-mail: it goes to them at once
    [ack] = letters_of(c, by_rep(c, key="rep-email", email="sam@example.org"))
    assert (ack["channel"], ack["recipient"], ack["status"]) == ("email", "sam@example.org", "pending")
    # no details for the representative at all: the resident's route, as before
    ref = complaint(c, key="rep-nothing", contact={"name": "Ann Example", "phone": "07700 900123"},
                    representative={"name": "Sam Carer", **CONSENT})
    [ack] = letters_of(c, ref)
    assert (ack["channel"], ack["status"], ack["held_for"]) == ("none", "held", ["no_address"])
    assert "ring the resident to ask" in ack["last_error"]
    assert "Ring the resident on 07700 900123" in text_of(c.get(f"/staff/cases/{ref}").text)


def test_a_phone_only_representative_for_a_resident_with_a_postal_address_has_letters_posted_to_the_resident(app, jo):
    """hj-02: Claire (phone only) for her mum Patricia at 3 Oak Lane, Sheffield S10 4GH: the
    acknowledgement was held ("no e-mail or postal address"); it goes by post to Patricia's home."""
    c, _ = jo
    resident = {"anonymous": False, "name": "Patricia Evans", "address": "3 Oak Lane, Sheffield",
                "postcode": "S10 4GH"}
    ref = complaint(c, key="rep-phone-home", contact=resident, representative={**SAM, **CONSENT})
    [ack] = letters_of(c, ref)
    assert ack["channel"] == "post" and ack["held_for"] != ["no_address"]
    assert ack["text"].startswith("Patricia Evans\n3 Oak Lane\nSheffield\nS10 4GH\n")  # her address block
    assert "Dear Patricia Evans," in ack["text"]
    case = c.get(f"/api/v1/cases/{ref}", headers=API).json()
    assert case["representative"]["letters_to_representative"] is False
