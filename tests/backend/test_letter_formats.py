"""Letters in the format the resident asked for: what the service cannot produce (braille, audio,
easy read, BSL; large print by post, in the chat or as plain text) is held for staff with the
reason and its due date, never sent in standard print; the acknowledgement is recorded only when
the letter really goes (casework.letter_formats, outbox.queue, corrections.letter_went)."""
from datetime import date

import pytest

from casework import letter_formats
from test_casework_handoffs import ANN, SUNDAY, complaint, letters, post
from test_staff_case import ANN as STAFF_ANN, complaint as staff_complaint, letters_of, text_of
from test_staff_workspace import jo, user  # noqa: F401  (fixtures)

MONDAY = "2026-12-07T10:00:00+00:00"


def stage_letter(client, ref, kind="acknowledgement"):
    return [x for x in letters(client, ref) if x["kind"] == kind][-1]


# ---------------------------------------------------------------- the pure rule

@pytest.mark.parametrize("needs, language, channel, has_html, held", [
    (["braille"], None, "email", True, ["braille"]),
    (["audio", "easy_read"], None, "chat", False, ["audio", "easy_read"]),
    (["bsl"], None, "post", True, ["bsl"]),
    (["large_print"], None, "email", True, []),            # the 18pt HTML part: goes at once
    (["large_print"], None, "email", False, ["large_print"]),  # plain text only
    (["large_print"], None, "post", True, ["large_print"]),    # staff print it: standard print otherwise
    (["large_print"], None, "chat", False, ["large_print"]),
    ([], "Polish", "email", True, ["translation"]),
    (["translation"], None, "email", True, ["translation"]),   # an interpreter asked for, no language named
    ([], "English", "email", True, []),
    ([], None, "post", False, []),
])
def test_which_needs_hold_a_letter(needs, language, channel, has_html, held):
    assert letter_formats.hold_reasons(needs, language, channel, has_html) == held


def test_the_hold_says_what_was_asked_for_and_what_staff_do():
    text = letter_formats.hold_text(["translation", "braille"], "Polish", "post", date(2026, 12, 11))
    assert text.startswith("Held for staff: the resident asked for Polish and braille.")
    assert "not in standard print by the date it is due, then release it or post it by hand" in text
    only = letter_formats.hold_text(["translation"], "Urdu", "email", None)
    assert only == ("Held for staff: the resident asked for Urdu. Translate it (or arrange an interpreter), "
                    "then release it or send it by hand.")


# ---------------------------------------------------------------- through the service

@pytest.mark.parametrize("need, words", [("braille", "braille"), ("audio", "audio"),
                                         ("easy_read", "easy read"), ("bsl", "British Sign Language")])
def test_a_format_the_service_cannot_produce_is_held_with_its_due_date(client, clock, need, words):
    clock.set(SUNDAY)
    c = complaint(client, contact={**ANN, "format_needs": [need]})
    ack = stage_letter(client, c["reference"])
    assert ack["status"] == "held" and ack["held_for"] == [need]
    assert f"the resident asked for {words}" in ack["last_error"]
    # nothing went, so nothing is acknowledged; the letter keeps the Code's acknowledgement date
    assert c["acknowledged_on"] is None and ack["due_on"] == c["acknowledge_by"] == "2026-12-14"
    assert c["letter_held_for"] == [need]


def test_large_print_by_email_goes_at_once_but_not_by_post(client, clock):
    clock.set(SUNDAY)
    by_email = complaint(client, key="e", contact={**ANN, "format_needs": ["large_print"]})
    ack = stage_letter(client, by_email["reference"])
    assert ack["status"] == "pending" and ack["has_html"] and ack["held_for"] == []
    assert by_email["acknowledged_on"] == "2026-12-06" and by_email["letter_held_for"] == []
    by_post = complaint(client, key="p", contact={**ANN, "preferred_channel": "post",
                                                  "address": "1 Example Road, Telford",
                                                  "format_needs": ["large_print"]})
    ack = stage_letter(client, by_post["reference"])
    assert (ack["status"], ack["channel"], ack["held_for"]) == ("held", "post", ["large_print"])
    assert "large print" in ack["last_error"] and "post it by hand" in ack["last_error"]
    assert by_post["acknowledged_on"] is None


def test_large_print_on_a_plain_text_letter_is_held(client):
    """A service request's letter has no HTML part: in large print only staff can make it."""
    sr = post(client, "service-requests", idempotency_key="sr1", text="The bath tap drips", topic="repair",
              contact={**ANN, "format_needs": ["large_print"]})
    letter = letters(client, sr["reference"])[0]
    assert letter["status"] == "held" and letter["held_for"] == ["large_print"] and letter["due_on"] is None
    plain = post(client, "service-requests", idempotency_key="sr2", text="The bath tap drips", topic="repair",
                 contact=ANN)
    assert letters(client, plain["reference"])[0]["status"] == "pending"


def test_releasing_a_braille_letter_records_the_acknowledgement_that_day(client, clock):
    clock.set(SUNDAY)
    c = complaint(client, contact={**ANN, "format_needs": ["braille"]})
    ack = stage_letter(client, c["reference"])
    held = client.get("/api/v1/outbox", params={"status": "held"}).json()
    assert [(x["letter_id"], x["due_on"]) for x in held] == [(ack["letter_id"], "2026-12-14")]
    clock.set(MONDAY)
    r = client.post(f"/api/v1/outbox/{ack['letter_id']}/release", headers={"X-Actor": "staff:jo"})
    assert r.status_code == 200 and r.json()["status"] == "pending" and r.json()["held_for"] == []
    case = client.get(f"/api/v1/cases/{c['reference']}").json()
    assert case["acknowledged_on"] == "2026-12-07" and case["letter_held_for"] == []


def test_a_held_letter_by_post_is_acknowledged_only_when_marked_sent(client, clock):
    clock.set(SUNDAY)
    c = complaint(client, contact={**ANN, "preferred_channel": "post", "address": "1 Example Road, Telford",
                                   "format_needs": ["audio"]})
    ack = stage_letter(client, c["reference"])
    clock.set(MONDAY)
    r = client.post(f"/api/v1/outbox/{ack['letter_id']}/release")
    assert r.json()["status"] == "manual"  # released, but staff still have to post it
    assert client.get(f"/api/v1/cases/{c['reference']}").json()["acknowledged_on"] is None
    clock.set("2026-12-08T10:00:00+00:00")
    assert client.post(f"/api/v1/outbox/{ack['letter_id']}/mark-sent").json()["status"] == "sent"
    assert client.get(f"/api/v1/cases/{c['reference']}").json()["acknowledged_on"] == "2026-12-08"


def test_a_held_escalation_letter_acknowledges_stage_2_only_when_it_goes(client, clock):
    clock.set(SUNDAY)
    c = complaint(client, contact={**ANN, "format_needs": ["easy_read"]})
    ref = c["reference"]
    client.post(f"/api/v1/outbox/{stage_letter(client, ref)['letter_id']}/release")
    r = client.post(f"/api/v1/complaints/{ref}/respond", json={"decision": "not_upheld", "reasons": "r",
                                                                "responded_on": "2026-12-10"})
    assert stage_letter(client, ref, "stage_response")["due_on"] == r.json()["respond_by"]
    clock.set("2026-12-14T10:00:00+00:00")
    r = client.post(f"/api/v1/complaints/{ref}/escalate", json={"requested_at": "2026-12-14T10:00:00+00:00"})
    b = r.json()
    esc = stage_letter(client, ref, "escalation")
    assert (b["stage"], b["acknowledged_on"], esc["status"]) == (2, None, "held")
    assert esc["due_on"] == b["acknowledge_by"] and b["letter_held_for"] == ["easy_read"]
    clock.set("2026-12-15T10:00:00+00:00")
    client.post(f"/api/v1/outbox/{esc['letter_id']}/release")
    assert client.get(f"/api/v1/cases/{ref}").json()["acknowledged_on"] == "2026-12-15"


def test_an_unproduced_format_is_never_claimed_by_the_worker(client, clock, app):
    """The worker claims only pending letters: a held braille letter stays held."""
    from datetime import datetime, timedelta, timezone

    from casework import db as dbmod, outbox_claims

    clock.set(SUNDAY)
    c = complaint(client, contact={**ANN, "format_needs": ["braille"]})
    factory = dbmod.session_factory(app.state.database_url)
    later = datetime(2026, 12, 31, tzinfo=timezone.utc)
    claimed = outbox_claims.claim_next(factory, "test", later, timedelta(minutes=1))
    assert claimed is None or claimed.kind != "acknowledgement"
    assert stage_letter(client, c["reference"])["status"] == "held"


# ---------------------------------------------------------------- the staff pages

def test_staff_see_a_held_braille_letter_with_its_due_date(app, jo):
    c, csrf = jo
    ref = staff_complaint(c, "braille", contact={**STAFF_ANN, "format_needs": ["braille", "large_print"]})
    case_page = text_of(c.get(f"/staff/cases/{ref}").text)
    assert "1 letter is held for staff" in case_page
    assert "The resident asked for braille. Prepare it as asked" in case_page  # large print: the HTML e-mail
    assert "Due by Tue 1 Dec 2026" in case_page  # received Tuesday 24 November: 5 working days
    listing = text_of(c.get("/staff/cases").text)
    assert "Letters held for staff (1)" in listing and "Tue 1 Dec 2026" in listing
    held = [x for x in letters_of(c, ref) if x["status"] == "held"][0]
    r = c.post(f"/staff/cases/{ref}/letters/{held['letter_id']}/release",
               data={"csrf_token": csrf, "need_met": "1"}, follow_redirects=False)
    assert r.status_code == 303
    assert "Letters held for staff" not in c.get("/staff/cases").text
