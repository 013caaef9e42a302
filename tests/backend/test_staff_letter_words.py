"""How the staff case page names a letter's delivery and the people its letters are for.

A letter to post to an address said "Send by hand" (the status "manual" for every route): it now
says "To print and post", with the address it opens with under To; a letter to post with no postal
address to go to is held for one (it said "Send by hand"). The held-letters panel named the resident even when
the letters were a consenting representative's. The tel: links kept every character but spaces: a
number is now dialled as a + and digits (plain.tel_number). SQLite and PostgreSQL (the app fixture)
for the pages; the helpers are pure."""
from __future__ import annotations

from datetime import date

import pytest

from casework import letters
from casework.staff import plain
from test_staff_case import complaint, held_complaint, letters_of, text_of
from test_staff_workspace import jo  # noqa: F401  (fixture)

ANN_POST = {"name": "Ann Example", "address": "Flat 3, 12 High Street, Manchester", "postcode": "M1 1AE",
            "preferred_channel": "post"}


# ---------------------------------------------------------------- the number a tel: link dials

@pytest.mark.parametrize("written", [
    "0113 245 6789", "(0113) 245-6789", "+44 (0)113 245 6789", "+44(0)1132456789", "+44 0113 245 6789",
    "0044 113 245 6789", " 0113.245.6789 ", "0113 245 6789 ext 12", "0113 245 6789 (evenings)"])
def test_a_uk_number_is_dialled_as_plus_44_and_digits(written):
    assert plain.tel_number(written) == "+441132456789"


@pytest.mark.parametrize("written, dialled", [
    ("07700 900123", "+447700900123"),
    ("+353 (0)1 234 5678", "+35312345678"),  # the "(0)" is dropped after any country code
    ("+33 1 23 45 67 89", "+33123456789"),
    ("111", "111"), ("116 123", "116123"),  # short codes keep their digits
])
def test_other_numbers_keep_a_leading_plus_and_digits_only(written, dialled):
    assert plain.tel_number(written) == dialled


@pytest.mark.parametrize("written", [
    "", "   ", None, "no phone", "phone me", "Mob 07700 900123",  # a word before the number: nothing to dial
    "+", "+44", "0", "0770", "12",  # too short
    "+44 1234 5678 9012 3456",  # longer than E.164 allows
    "--- ()", "1132456789"])  # a national number without its 0: not dialled as written
def test_near_misses_have_no_number_to_dial(written):
    assert plain.tel_number(written) == ""


def test_the_page_links_the_number_as_dialled_and_shows_it_as_written(app, jo):
    c, _ = jo
    ref = complaint(c, key="tel", contact={"name": "Ann Example", "phone": "+44 (0)113 245-6789",
                                           "preferred_channel": "phone"})
    raw = c.get(f"/staff/cases/{ref}").text
    # the warning, the letter's row and the address form each link it
    assert raw.count('<a href="tel:+441132456789">+44 (0)113 245-6789</a>') == 3
    ref = complaint(c, key="tel-words", contact={"name": "Ann Example", "phone": "ask at the office",
                                                 "preferred_channel": "phone"})
    raw = c.get(f"/staff/cases/{ref}").text
    assert 'href="tel:' not in raw and "Ring them on ask at the office and ask for one" in text_of(raw)


# ---------------------------------------------------------------- a letter's delivery by its route

def test_the_post_opening_is_read_back_from_the_letter():
    block = ["Ann Example", "Flat 3", "12 High Street", "M1 1AE"]
    opening = letters.post_opening(block, date(2026, 11, 24))
    assert letters.address_block(opening + "Dear Ann Example,\n\nThank you.") == block
    assert letters.address_block(letters.post_opening(block, None) + "Dear Ann Example,") == block
    for text in ("Dear Ann Example,\n\nThank you.", "", None, "Ann Example\nFlat 3\n\nDear Ann,\n\nHello"):
        assert letters.address_block(text) == []


def test_the_delivery_words_follow_the_route():
    words = plain.letter_status
    assert words({"status": "manual", "channel": "post", "post_to": ["Ann", "Flat 3"]}) == "To print and post"
    assert words({"status": "manual", "channel": "post", "post_to": []}) == "Send by hand"
    # a letter with no e-mail or postal address is held for one, never left "manual" with nobody to send to
    assert words({"status": "manual", "channel": "none"}) == "Send by hand"
    assert words({"status": "held", "channel": "none"}) == "Held: no e-mail or postal address"
    assert words({"status": "held", "channel": "post", "post_to": ["Ann"]}) == "Held for staff"
    assert words({"status": "pending", "channel": "email"}) == "Waiting to send"
    assert words({"status": "sent", "channel": "post", "post_to": ["Ann"]}) == "Sent"


def test_a_letter_to_post_reads_print_and_post_with_its_address_after_a_reload(app, jo):
    c, _ = jo
    ref = complaint(c, key="post", contact=ANN_POST)
    [ack] = letters_of(c, ref)
    assert (ack["channel"], ack["status"]) == ("post", "manual")
    for _ in range(2):  # as produced, and again on a reload
        page = text_of(c.get(f"/staff/cases/{ref}").text)
        assert "Send by hand" not in page
        assert "Post: Ann Example, Flat 3, 12 High Street, Manchester, M1 1AE To print and post It opens with the " \
               "address and the date: print it, post it, then mark it as sent." in page
        assert "The acknowledgement letter has already been produced (to print and post)" in page


def test_a_letter_to_post_with_no_address_is_held_for_one(app, jo):
    """Post asked for, no postal address (and no e-mail or phone): before, "Send by hand" with nothing
    to post to; now held for an address like a phone-only resident's, with the address form."""
    c, _ = jo
    ref = complaint(c, key="post-none", contact={**ANN_POST, "address": None})
    [ack] = letters_of(c, ref)
    assert (ack["channel"], ack["status"], ack["held_for"]) == ("none", "held", ["no_address"])
    raw = c.get(f"/staff/cases/{ref}").text
    page = text_of(raw)
    assert "To print and post" not in page and "Send by hand" not in page
    assert "Held: no e-mail or postal address" in page and 'id="contact-address"' in raw


def test_a_held_letter_released_to_post_to_an_address_is_to_print_and_post(app, jo):
    c, csrf = jo
    ref, letter = held_complaint(c, "rel-post", **ANN_POST)
    r = c.post(f"/staff/cases/{ref}/letters/{letter['letter_id']}/release",
               data={"csrf_token": csrf, "need_met": "1"}, follow_redirects=False)
    assert r.headers["location"].endswith("done=letter_released_post#letters")
    page = text_of(c.get(r.headers["location"]).text)
    assert "The held letter is released. It goes by post and opens with the address: print it, post it" in page
    assert "To print and post" in page and "send it by hand" not in page.lower()


# ---------------------------------------------------------------- whom the held letters are for

def test_the_held_letters_panel_names_whom_they_are_for(app, jo):
    c, _ = jo
    ref = complaint(c, key="held-res", contact={"name": "Ann Example", "phone": "07700 900123"})
    page = text_of(c.get(f"/staff/cases/{ref}").text)
    assert "1 letter is held for staff It has not gone to the resident yet." in page
    ref = complaint(c, key="held-rep", contact={"anonymous": False},
                    representative={"name": "Sam Carer", "phone": "07700 900456", "consent": True,
                                    "consent_method": "the representative told us in chat"})
    page = text_of(c.get(f"/staff/cases/{ref}").text)
    assert "1 letter is held for staff It has not gone to the representative yet." in page
    assert "not gone to the resident" not in page
    listed = text_of(c.get("/staff/cases").text)
    assert "These letters have not gone out (to the resident, or to their representative where the resident " \
           "consented)" in listed
    assert "an e-mail or postal address for a resident or representative we have none for: ring them when " \
           "they gave a phone number" in listed
