"""Letters queued before migration 0015 to go by post with no postal address to open with (`manual`,
channel post: "Send by hand" on the staff page), which 0015 left as they were when the resident had
an e-mail, follow letters.letter_channel after migration 0017, through the case's route today: post
asked for + an e-mail and no address → by e-mail, held for staff to release (it may have been sent
by hand already; the release records the acknowledgement); a postal address on record now → it
opens with it, to print and post; nowhere to go → held for an address. A letter already sent is
never touched. SQLite and PostgreSQL (the app fixture)."""
from __future__ import annotations

from sqlalchemy import create_engine, text

from casework.db import normalise_url
from casework.letters import address_block
from test_nowhere_to_send import POST_NO_ADDRESS, migrate_again
from test_staff import API
from test_staff_case import complaint, letters_of, text_of
from test_staff_workspace import jo  # noqa: F401  (fixture)

EMAIL = {**POST_NO_ADDRESS, "email": "ann@example.org"}  # post asked for, an e-mail, no postal address
REP_PHONE_ONLY = {"name": "Bo Example", "relationship": "son", "consent": True, "phone": "07700 900456"}


def _as_before_0015(engine, refs: list[str], status: str = "manual") -> None:
    """The letters as they were queued then: to post, nothing to open with, not acknowledged."""
    with engine.begin() as conn:
        for ref in refs:
            conn.execute(text("UPDATE outbox SET status = :s, channel = 'post', recipient = NULL, "
                              "last_error = NULL WHERE reference = :r"), {"s": status, "r": ref})
            conn.execute(text("UPDATE complaints SET acknowledged_on = NULL WHERE id = "
                              "(SELECT id FROM cases WHERE reference = :r)"), {"r": ref})


def _letter_row(c, ref) -> str:
    page = text_of(c.get(f"/staff/cases/{ref}").text)
    return page[page.index("Letters"):]


def test_a_post_letter_with_no_address_for_a_resident_with_an_e_mail_goes_by_e_mail(app, jo, db_url):
    c, csrf = jo
    ref = complaint(c, key="e1", contact=EMAIL)
    sent = complaint(c, key="e2", contact=EMAIL)
    engine = create_engine(normalise_url(db_url))
    _as_before_0015(engine, [ref])
    _as_before_0015(engine, [sent], status="sent")
    with engine.connect() as conn:
        sent_before = conn.execute(text("SELECT status, channel, body_text, updated_at FROM outbox "
                                        "WHERE reference = :r"), {"r": sent}).one()
    assert "Send by hand" in _letter_row(c, ref)  # as the staff page read it

    migrate_again(app, db_url, "0016")
    [letter] = letters_of(c, ref)
    assert (letter["channel"], letter["recipient"], letter["status"]) == ("email", "ann@example.org", "held")
    assert letter["held_for"] == [] and letter["last_error"].startswith("Held for staff: written to go by post")
    assert "by e-mail to the address on record" in letter["last_error"]
    with engine.connect() as conn:  # the one already sent: not touched
        assert conn.execute(text("SELECT status, channel, body_text, updated_at FROM outbox "
                                 "WHERE reference = :r"), {"r": sent}).one() == sent_before
    engine.dispose()
    row = _letter_row(c, ref)
    assert "Send by hand" not in row and "Held for staff" in row
    assert "E-mail: ann@example.org" in row
    assert "If it was already sent by hand, mark it as sent; otherwise release it." in row
    assert c.get(f"/api/v1/cases/{ref}", headers=API).json()["acknowledged_on"] is None

    # released: it goes by e-mail, and the acknowledgement is recorded that day
    r = c.post(f"/staff/cases/{ref}/letters/{letter['letter_id']}/release", follow_redirects=False,
               data={"csrf_token": csrf, "need_met": "1"})
    assert r.status_code == 303, r.text
    [letter] = letters_of(c, ref)
    assert (letter["channel"], letter["status"]) == ("email", "pending")
    assert c.get(f"/api/v1/cases/{ref}", headers=API).json()["acknowledged_on"] is not None


def test_an_address_on_record_now_or_nowhere_to_go_follow_the_same_rule(app, jo, db_url):
    c, csrf = jo
    addressed = complaint(c, key="a1", contact=POST_NO_ADDRESS)  # an address added since
    rep = complaint(c, key="a2", contact=EMAIL, representative=REP_PHONE_ONLY)  # the letters are Bo's
    engine = create_engine(normalise_url(db_url))
    _as_before_0015(engine, [addressed, rep])
    with engine.begin() as conn:
        conn.execute(text("UPDATE contacts SET address = '3 Elm Road, Telford' WHERE id = "
                          "(SELECT contact_id FROM cases WHERE reference = :r)"), {"r": addressed})
    migrate_again(app, db_url, "0016")
    engine.dispose()
    [posted] = letters_of(c, addressed)
    assert (posted["channel"], posted["status"], posted["last_error"]) == ("post", "manual", None)
    assert address_block(posted["text"]) == ["Ann Example", "3 Elm Road", "Telford", "TF1 1AA"]
    assert "To print and post" in _letter_row(c, addressed)
    [held] = letters_of(c, rep)
    assert (held["channel"], held["recipient"], held["status"], held["held_for"]) == (
        "none", None, "held", ["no_address"])
    assert "no e-mail or postal address for the representative" in held["last_error"]
