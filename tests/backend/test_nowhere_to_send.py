"""Letters with nowhere to go, whoever the resident is: one rule (letters.letter_channel "none": no
e-mail and no postal address) holds every such letter for an address (no_address), offers the address
form on the case page, and sends the held letters on once staff add one. Before, two of these cases
were not held: a resident with nothing to ring either (anonymous, declined, a postcode only) got
`manual` on channel `none` ("Not sent: nobody to send to", no form), and one who asked for post and
gave no postal address got `manual` by post with nothing to post to ("Send by hand"). Near misses: a
phone to ring (told to ring), an e-mail with post asked for (it goes by e-mail), a postal address.
Letters that were left so before migration 0015 are held by it. SQLite and PostgreSQL (the app fixture).
"""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine, select, text

from casework.db import normalise_url
from casework.models import AuditEvent, Contact
from test_staff import API, factory
from test_staff_case import complaint, letters_of, text_of
from test_staff_workspace import jo  # noqa: F401  (fixture)
from alembic_steps import alembic_config

NOTHING = {"name": "Ann Example", "postcode": "TF1 1AA"}  # no e-mail, no postal address, no phone
POST_NO_ADDRESS = {"name": "Ann Example", "phone": "07700 900123", "postcode": "TF1 1AA", "preferred_channel": "post"}
NO_PHONE = "no phone number to ask for one"


def add_address(c, csrf, ref, **fields):
    return c.post(f"/staff/cases/{ref}/contact-address", follow_redirects=False,
                  data={"csrf_token": csrf, "email": "", "address": "", "postcode": "", **fields})


def status_view(c, ref) -> dict:
    r = c.post("/api/v1/resident/case-status", json={"reference": ref, "postcode": "TF1 1AA"})
    assert r.status_code == 200, r.text
    return r.json()


def service_request(c, key, contact) -> str:
    r = c.post("/api/v1/service-requests", headers=API, json={
        "idempotency_key": key, "text": "The bathroom light has stopped working.", "topic": "repair",
        "contact": contact})
    assert r.status_code == 201, r.text
    return r.json()["reference"]


@pytest.mark.parametrize("contact", [{"anonymous": True}, {"anonymous": True, "declined": True}, NOTHING],
                         ids=["anonymous", "declined", "postcode_only"])
def test_a_letter_with_nobody_to_ring_either_is_held_for_an_address(app, jo, contact):
    c, _ = jo
    for ref in (complaint(c, key="cmp", contact=contact), service_request(c, "sr", contact)):
        [letter] = letters_of(c, ref)
        assert (letter["channel"], letter["recipient"], letter["status"]) == ("none", None, "held")
        assert letter["held_for"] == ["no_address"] and NO_PHONE in letter["last_error"]
        raw = c.get(f"/staff/cases/{ref}").text
        page = text_of(raw)
        assert "Held: no e-mail or postal address" in page and "nobody to send to" not in page
        assert 'id="contact-address"' in raw and 'href="tel:' not in raw
        assert "Add the resident's e-mail or postal address" in page
        assert "There is no phone number to ring either" in page and "Ring the resident" not in page
        anonymous = contact.get("anonymous") is True
        assert ("(the resident is anonymous)" in page) is anonymous
        assert ("the resident is anonymous: add an address only when they give you one" in page) is anonymous
    # the complaint is not acknowledged by a letter that did not go; the Code's dates still run
    case = c.get("/api/v1/cases/CMP-2026-000001", headers=API).json()
    assert case["acknowledged_on"] is None and case["acknowledge_by"] and case["letter_held_for"] == ["no_address"]


def test_an_anonymous_resident_who_gives_an_address_gets_the_letter_and_is_no_longer_anonymous(app, jo):
    c, csrf = jo
    ref = complaint(c, key="anon", contact={"anonymous": True})
    r = add_address(c, csrf, ref, address="12 High Street, Telford", postcode="TF1 1AA")
    assert r.status_code == 303 and r.headers["location"].endswith("done=address_post#letters")
    [letter] = letters_of(c, ref)
    assert (letter["channel"], letter["status"], letter["held_for"]) == ("post", "manual", [])
    assert letter["text"].startswith("12 High Street\nTelford\nTF1 1AA\n\n")
    page = text_of(c.get(f"/staff/cases/{ref}").text)
    assert "To print and post" in page and "Anonymous." not in page and "Postal address 12 High Street" in page
    with factory(app)() as s:
        contact = s.scalar(select(Contact).where(Contact.role == "resident"))
        assert (contact.anonymous, contact.address, contact.preferred_channel) == (False, "12 High Street, Telford",
                                                                                    "post")
        event = s.scalar(select(AuditEvent).where(AuditEvent.action == "add_address"))
        assert "anonymous" in event.fields and "High Street" not in str(event.after)


def test_post_asked_for_with_no_postal_address_is_held_and_staff_ring(app, jo):
    c, csrf = jo
    ref = complaint(c, key="post-phone", contact=POST_NO_ADDRESS)
    [letter] = letters_of(c, ref)
    assert (letter["channel"], letter["status"], letter["held_for"]) == ("none", "held", ["no_address"])
    assert "ring the resident to ask" in letter["last_error"]
    raw = c.get(f"/staff/cases/{ref}").text
    assert "Send by hand" not in text_of(raw) and 'href="tel:+447700900123"' in raw
    assert status_view(c, ref)["letter_address_wanted"] == {"whose": "resident", "staff_will_ring": True}
    r = add_address(c, csrf, ref, email="ann@example.org")
    assert r.headers["location"].endswith("done=address_email#letters")
    [letter] = letters_of(c, ref)
    assert (letter["channel"], letter["recipient"], letter["status"]) == ("email", "ann@example.org", "pending")
    assert c.get(f"/api/v1/cases/{ref}", headers=API).json()["acknowledged_on"] is not None
    assert status_view(c, ref)["letter_address_wanted"] is None


def test_the_view_says_nobody_can_ring_until_an_address_is_added(app, jo):
    c, csrf = jo
    ref = complaint(c, key="view", contact=NOTHING)
    assert status_view(c, ref)["letter_address_wanted"] == {"whose": "resident", "staff_will_ring": False}
    add_address(c, csrf, ref, email="ann@example.org")
    view = status_view(c, ref)
    assert view["letter_held_for"] == [] and view["letter_address_wanted"] is None


def test_near_misses_are_not_held_for_an_address(app, jo):
    c, _ = jo
    # post asked for with an e-mail and no postal address: the e-mail (as for a representative)
    [letter] = letters_of(c, complaint(c, key="post-email", contact={**POST_NO_ADDRESS, "email": "ann@example.org"}))
    assert (letter["channel"], letter["status"]) == ("email", "pending")
    # a postal address with post asked for: staff print and post it
    [letter] = letters_of(c, complaint(c, key="post-addr", contact={**POST_NO_ADDRESS, "address": "3 Elm Road"}))
    assert (letter["channel"], letter["status"], letter["held_for"]) == ("post", "manual", [])
    # a blank postal address is no address
    [letter] = letters_of(c, complaint(c, key="post-blank", contact={**NOTHING, "address": " , ",
                                                                     "preferred_channel": "post"}))
    assert (letter["channel"], letter["status"]) == ("none", "held")


def test_a_case_with_no_contact_row_gets_one_from_the_address(app, jo):
    """Not made by the API (it always records a contact), but a case without one still offers the form."""
    c, csrf = jo
    ref = complaint(c, key="no-row", contact={"anonymous": True})
    with factory(app)() as s:
        s.execute(text("UPDATE cases SET contact_id = NULL WHERE reference = :r"), {"r": ref})
        s.commit()
    assert 'id="contact-address"' in c.get(f"/staff/cases/{ref}").text
    r = add_address(c, csrf, ref, email="ann@example.org")
    assert r.headers["location"].endswith("done=address_email#letters")
    [letter] = letters_of(c, ref)
    assert (letter["channel"], letter["recipient"], letter["status"]) == ("email", "ann@example.org", "pending")


def migrate_again(app, db_url: str, down_to: str) -> None:
    """Take the database back to revision `down_to` and up to head again (rows written in an older
    shape meet the migrations after it); the app's connections are closed first."""
    from alembic import command

    from test_staff import BACKEND

    app.state.sessionmaker.kw["bind"].dispose()
    cfg = alembic_config(db_url)
    command.downgrade(cfg, down_to)
    command.upgrade(cfg, "head")


def test_migration_0015_holds_the_letters_left_with_nowhere_to_go(app, jo, db_url):
    c, csrf = jo
    nobody = complaint(c, key="m-nobody", contact={"anonymous": True})
    no_address = complaint(c, key="m-post", contact=POST_NO_ADDRESS)
    with_email = complaint(c, key="m-email", contact={**POST_NO_ADDRESS, "email": "ann@example.org"})
    posted = complaint(c, key="m-posted", contact={**POST_NO_ADDRESS, "address": "3 Elm Road"})
    note = complaint(c, key="m-note", contact={"anonymous": True})
    engine = create_engine(normalise_url(db_url))
    legacy = {nobody: ("manual", "none", "letter"), no_address: ("manual", "post", "letter"),
              with_email: ("manual", "post", "letter"), note: ("manual", "none", "referral")}
    with engine.begin() as conn:  # as the letters were left before: not held
        for ref, (status, channel, kind) in legacy.items():
            conn.execute(text("UPDATE outbox SET status = :s, channel = :ch, recipient = NULL, last_error = NULL "
                              "WHERE reference = :r"), {"s": status, "ch": channel, "r": ref})
            if kind != "letter":
                conn.execute(text("UPDATE outbox SET kind = :k WHERE reference = :r"), {"k": kind, "r": ref})
    migrate_again(app, db_url, "0014")
    with engine.connect() as conn:
        got = {r.reference: (r.status, r.channel, r.last_error or "") for r in conn.execute(text(
            "SELECT reference, status, channel, last_error FROM outbox"))}
    engine.dispose()
    assert got[nobody][:2] == ("held", "none") and NO_PHONE in got[nobody][2]
    assert got[no_address][:2] == ("held", "none") and "ring the resident to ask" in got[no_address][2]
    # an e-mail on record: left by 0015; 0017 re-routes it by e-mail, held for staff
    # (test_post_letters_rerouted.py)
    assert got[with_email][:2] == ("held", "email")
    assert got[posted][:2] == ("manual", "post")  # opens with its postal address: to print and post
    assert got[note][:2] == ("manual", "none")  # a staff notification, not a letter to the resident
    # the held letter now offers the form and goes on once the address is added
    assert add_address(c, csrf, nobody, email="ann@example.org").status_code == 303
    assert [(x["channel"], x["status"]) for x in letters_of(c, nobody)] == [("email", "pending")]
