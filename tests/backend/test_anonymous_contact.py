"""An anonymous resident: no NAME is recorded (not even one sent with the flag), but an e-mail, phone or
address they chose to give is kept as the way to reach them (casework.contacts.resident_contact), with
the look-up keys, and their letters go by e-mail to it, greeting no one by name ("Dear Sir or Madam").
Anonymous with nothing given keeps nothing. The handoff and case pages show the details without a
name. SQLite and PostgreSQL (the app fixture)."""
from __future__ import annotations

from sqlalchemy import select

from casework.models import Contact, Handoff
from casework.referrals import _contact_lines
from test_handoff_contact import reach, send
from test_staff import API
from test_staff_case import complaint, letters_of, text_of
from test_staff_workspace import jo  # noqa: F401  (fixture)

ANON_EMAIL = {"anonymous": True, "name": "Ann Example", "email": "ann@example.org", "postcode": "TF1 1AA",
              "preferred_channel": "email"}
ANON_PHONE = {"anonymous": True, "phone": "07700 900123", "preferred_channel": "phone"}


def test_an_anonymous_residents_email_is_kept_and_the_letters_go_to_it_greeting_no_one(app, jo):
    c, _ = jo
    ref = complaint(c, key="anon-email", contact=ANON_EMAIL)
    case = c.get(f"/api/v1/cases/{ref}", headers=API).json()
    got = {k: case["contact"][k] for k in ("anonymous", "name", "email", "postcode", "preferred_channel")}
    assert got == {"anonymous": True, "name": None, "email": "ann@example.org", "postcode": "TF1 1AA",
                   "preferred_channel": "email"}
    assert case["acknowledgement_channel"] == "email"
    [ack] = [x for x in letters_of(c, ref) if x["kind"] == "acknowledgement"]
    assert (ack["channel"], ack["recipient"]) == ("email", "ann@example.org")
    assert "Dear Sir or Madam" in ack["text"] and "Ann" not in ack["text"] and "Dear resident" not in ack["text"]
    with app.state.sessionmaker() as s:
        row = s.scalar(select(Contact).where(Contact.role == "resident"))
        # never a name, even one sent beside the flag; found by its e-mail for access and erasure
        assert (row.name, row.email_key, row.postcode_key is not None) == (None, "ann@example.org", True)
    page = text_of(c.get(f"/staff/cases/{ref}").text)
    assert "ann@example.org" in page and "no name recorded" in page and "Ann Example" not in page


def test_anonymous_with_nothing_given_keeps_nothing_and_the_letter_waits(app, jo):
    c, _ = jo
    ref = complaint(c, key="anon-none", contact={"anonymous": True, "declined": True})
    contact = c.get(f"/api/v1/cases/{ref}", headers=API).json()["contact"]
    assert (contact["anonymous"], contact["name"], contact["email"], contact["phone"]) == (True, None, None, None)
    [ack] = [x for x in letters_of(c, ref) if x["kind"] == "acknowledgement"]
    assert ack["channel"] == "none"


def test_an_anonymous_residents_phone_on_a_handoff_is_shown_without_a_name(app, jo):
    c, csrf = jo
    hid = send(c, key="anon-phone", contact=ANON_PHONE)["id"]
    assert c.get(f"/api/v1/handoffs/{hid}", headers=API).json()["contact"]["phone"] == "07700 900123"
    text = reach(c.get(f"/staff/handoffs/{hid}").text)
    assert "07700 900123" in text and "asked to stay anonymous" in text and "No contact details" not in text
    # a case opened from it keeps the phone, still without a name
    c.post(f"/staff/handoffs/{hid}/reclassify", data={
        "csrf_token": csrf, "category": "service_request", "topic": "repair", "note": "A repair"})
    ref = c.get(f"/api/v1/handoffs/{hid}", headers=API).json()["case_reference"]
    contact = c.get(f"/api/v1/cases/{ref}", headers=API).json()["contact"]
    assert (contact["anonymous"], contact["name"], contact["phone"]) == (True, None, "07700 900123")
    with app.state.sessionmaker() as s:
        assert s.scalar(select(Handoff).where(Handoff.id == hid)).contact.name is None


def test_the_duty_alert_gives_an_anonymous_residents_phone_and_no_name():
    from casework.models import Case
    case = Case(contact=Contact(role="resident", anonymous=True, phone="07700 900123"))
    lines = _contact_lines(case)
    assert "Phone: 07700 900123" in lines and "no contact details" not in " ".join(lines)
    assert lines[0].startswith("Name: none recorded")
    nobody = _contact_lines(Case(contact=Contact(role="resident", anonymous=True)))
    assert nobody == ["Contact: the resident gave no contact details (anonymous or declined)."]
