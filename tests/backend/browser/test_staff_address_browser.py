"""Letters held for an address, on the staff case page in a real browser (Chromium via Playwright against
uvicorn): a resident who gave only a phone number, and a representative the resident consented to who
gave only a phone number. The page says there is no e-mail or postal address, gives the number to ring
(a tel: link) and a labelled form; a postcode alone is refused with a message that takes the focus; a
postal address saved makes the held acknowledgement open with it, to be printed and posted. Every
screen: a screenshot in artefacts/screenshots/ and an axe-core check with no serious or critical
violation (artefacts/axe/)."""
from __future__ import annotations

from a11y import assert_accessible

from browser_support import RECEIVED, api, caseworker_page, part_shot, shot

TEXT = "I reported the leak in my bathroom in October and nobody has come. The ceiling is stained now."
ANN_PHONE = {"name": "Ann Example", "phone": "07700 900123", "preferred_channel": "phone"}
SAM_PHONE = {"name": "Sam Carer", "relationship": "representative", "phone": "07700 900456",
             "preferred_channel": "phone", "consent": True,
             "consent_method": "the representative told us in chat that the resident agreed"}
LABELS = ("E-mail address", "Postal address (house number or name, street, town)", "Postcode")



def _complaint(base: str, key: str, **body) -> str:
    return api(base, "/api/v1/complaints", {
        "idempotency_key": key, "received_at": RECEIVED, "channel": "webchat", "conversation_id": f"rasa-{key}",
        "text": TEXT, **body})["reference"]


def _held_for_address(page, who: str, phone: str, name: str) -> None:
    """What the page says and offers for letters held with nowhere to go; axe on it, wide and on a phone."""
    tel = "tel:+44" + phone.replace(" ", "")[1:]  # dialled as +44 and digits (plain.tel_number)
    warn = page.locator("section.warn", has=page.get_by_role("heading", name="1 letter is held for staff"))
    assert f"It has not gone to the {who} yet." in warn.inner_text()
    assert f"There is no e-mail or postal address for the {who}." in warn.inner_text()
    assert "to release it" not in warn.inner_text()  # such a letter cannot be released: it has nowhere to go
    row = page.locator("table.letters tbody tr").first
    assert row.locator("td[data-label='To']").inner_text().strip() == f"The {who}: no address yet"
    assert "Held: no e-mail or postal address" in row.inner_text()
    assert row.get_by_role("button", name="Release the letter").count() == 0
    assert f"Ring the {who} on {phone} to ask for one" in row.inner_text()
    for where in (warn, row, page.locator("#contact-address")):
        link = where.get_by_role("link", name=phone)
        assert link.get_attribute("href") == tel
    form = page.locator("#contact-address")
    assert form.get_by_role("heading", name=f"Add the {who}'s e-mail or postal address").is_visible()
    for label in LABELS:  # each field found by its label, inside the form
        field = form.get_by_label(label, exact=True)
        assert field.count() == 1 and field.is_editable(), label
    # the links to the form go to it
    row.get_by_role("link", name="Add the address").click()
    assert page.evaluate("location.hash") == "#contact-address"
    part_shot(warn, f"staff-case-address-{name}-warning")
    part_shot(page.locator("section", has=page.locator("#who-h")), f"staff-case-address-{name}-form")
    part_shot(page.locator("#letters"), f"staff-case-address-{name}-letters")
    shot(page, f"staff-case-address-{name}")
    assert_accessible(page, f"staff-case-address-{name}")
    page.set_viewport_size({"width": 390, "height": 844})
    part_shot(page.locator("#letters"), f"staff-case-address-{name}-letters-phone")
    assert_accessible(page, f"staff-case-address-{name}-phone")
    page.set_viewport_size({"width": 1280, "height": 900})


def _add_postal_address(page, ref: str, name: str) -> None:
    form = page.locator("#contact-address")
    # a postcode alone is refused: the message is an alert that takes the focus, nothing is lost
    form.get_by_label("Postcode", exact=True).fill("LS11 5DT")
    form.get_by_role("button", name="Save and send the held letters on").click()
    alert = page.get_by_role("alert")
    assert "A postcode alone is not enough to post a letter" in alert.inner_text()
    assert page.evaluate("document.activeElement.getAttribute('role')") == "alert"
    form = page.locator("#contact-address")
    assert form.get_by_label("Postcode", exact=True).input_value() == "LS11 5DT"
    # the refused form is marked (a red border, as the other refused forms), and the message links to it
    assert form.evaluate("f => getComputedStyle(f).borderTopWidth + ' ' + getComputedStyle(f).borderTopColor") \
        == "3px rgb(164, 22, 26)"
    alert.get_by_role("link", name="Go to the address form").click()
    assert page.evaluate("location.hash") == "#contact-address"
    part_shot(page.locator("#contact-address"), f"staff-case-address-{name}-refused-form")
    shot(page, f"staff-case-address-{name}-refused")
    assert_accessible(page, f"staff-case-address-{name}-refused")

    form = page.locator("#contact-address")
    form.get_by_label("Postal address (house number or name, street, town)", exact=True).fill(
        "Flat 2, 14 Elm Road, Leeds")
    form.get_by_role("button", name="Save and send the held letters on").click()
    page.wait_for_url(f"**/staff/cases/{ref}?done=address_post*")
    status = page.get_by_role("status").inner_text()
    assert "The letters held for an address now open with it: print and post them, then mark them as sent" in status
    assert page.locator("#contact-address").count() == 0  # nothing waits for an address any more
    assert "no e-mail or postal address" not in page.locator("main").inner_text()


def _posted_letter(page, opening: str, name: str) -> None:
    row = page.locator("table.letters tbody tr").first
    # to the address it opens with, to print and post (not "Send by hand"), on a reload too
    page.reload()
    to = row.locator("td[data-label='To']").inner_text().strip()
    assert to == "Post: " + opening.strip().replace("\n", ", ")
    delivery = row.locator("td[data-label='Delivery']").inner_text()
    assert "To print and post" in delivery and "print it, post it, then mark it as sent" in delivery
    assert "Send by hand" not in delivery
    assert row.get_by_role("button", name="Mark as sent").is_visible()
    row.locator("summary").click()
    assert row.locator("pre.letter").inner_text().startswith(opening)
    part_shot(page.locator("#letters"), f"staff-case-address-{name}-saved-letters")
    shot(page, f"staff-case-address-{name}-saved")
    assert_accessible(page, f"staff-case-address-{name}-saved")


def test_a_phone_only_residents_letter_gets_the_postal_address_staff_add(browser, server, server_env):
    ref = _complaint(server, "ph1", contact=ANN_PHONE)
    ctx, page = caseworker_page(browser, server, server_env, f"/staff/cases/{ref}")
    assert page.get_by_role("heading", name="Resident", exact=True).is_visible()
    _held_for_address(page, "resident", "07700 900123", "resident")
    _add_postal_address(page, ref, "resident")
    facts = page.locator("#who-h ~ dl.facts").first.inner_text()
    assert "Flat 2, 14 Elm Road, Leeds" in facts and "LS11 5DT" in facts
    _posted_letter(page, "Ann Example\nFlat 2\n14 Elm Road\nLeeds\nLS11 5DT\n\n", "resident")
    assert "E-mail or postal address added by staff" in page.locator("#audit-h + ol").inner_text()
    # staff post it and say so: the complaint is acknowledged
    assert "Acknowledged" not in page.locator("#dates-h + ul").inner_text()
    page.locator("table.letters tbody tr").first.get_by_role("button", name="Mark as sent").click()
    page.wait_for_url("**done=letter_sent*")
    assert "Acknowledged" in page.locator("#dates-h + ul").inner_text()
    ctx.close()


def test_a_consenting_representatives_letter_gets_the_postal_address_staff_add(browser, server, server_env):
    ref = _complaint(server, "ph2", contact={"anonymous": False}, representative=SAM_PHONE)
    ctx, page = caseworker_page(browser, server, server_env, f"/staff/cases/{ref}")
    _held_for_address(page, "representative", "07700 900456", "representative")
    assert page.get_by_role("heading", name="Add the resident's e-mail or postal address").count() == 0
    _add_postal_address(page, ref, "representative")
    assert "Letters go to\nthe representative, by post" in page.locator("#who-h ~ dl.facts").last.inner_text()
    _posted_letter(page, "Sam Carer\nFlat 2\n14 Elm Road\nLeeds\nLS11 5DT\n\n", "representative")
    ctx.close()


def test_an_anonymous_residents_letter_is_held_and_goes_on_when_they_give_an_e_mail(browser, server, server_env):
    """Nobody to ring: before, "Not sent: nobody to send to" with no form; now held for an address like
    a phone-only resident's, saying there is no number to ring, with the same labelled form."""
    ref = _complaint(server, "anon1", contact={"anonymous": True})
    ctx, page = caseworker_page(browser, server, server_env, f"/staff/cases/{ref}")
    warn = page.locator("section.warn", has=page.get_by_role("heading", name="1 letter is held for staff"))
    assert "There is no e-mail or postal address for the resident. There is no phone number to ring either " \
           "(the resident is anonymous): if they get in touch, ask them for one" in warn.inner_text()
    row = page.locator("table.letters tbody tr").first
    assert "Held: no e-mail or postal address" in row.inner_text() and "nobody to send to" not in row.inner_text()
    assert page.locator("a[href^='tel:']").count() == 0
    form = page.locator("#contact-address")
    assert "the resident is anonymous: add an address only when they give you one" in form.inner_text()
    for label in LABELS:
        assert form.get_by_label(label, exact=True).is_editable(), label
    shot(page, "staff-case-address-anonymous")
    assert_accessible(page, "staff-case-address-anonymous")
    form.get_by_label("E-mail address", exact=True).fill("ann@example.org")
    form.get_by_role("button", name="Save and send the held letters on").click()
    page.wait_for_url(f"**/staff/cases/{ref}?done=address_email*")
    assert "The letters held for an address go by e-mail now" in page.get_by_role("status").inner_text()
    assert "Anonymous." not in page.locator("main").inner_text()
    assert "ann@example.org" in page.locator("#who-h ~ dl.facts").first.inner_text()
    assert_accessible(page, "staff-case-address-anonymous-saved")
    ctx.close()
