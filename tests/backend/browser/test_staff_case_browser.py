"""The staff case page in a real browser (Chromium via Playwright against uvicorn): correcting what we
understand a complaint is about and seeing the corrected letter, releasing a letter held for a
language need (and the held list on the complaints page), and referrals with their delivery state
(sent, failed and sent again, waiting). Every screen: a screenshot in artefacts/screenshots/ and an
axe-core check with no serious or critical violation (artefacts/axe/)."""
from __future__ import annotations

import subprocess
import sys

from a11y import assert_accessible

from browser_support import BACKEND, RECEIVED, api, caseworker_page, free_port, part_shot, shot

ANN = {"name": "Ann Example", "email": "ann@example.org", "postcode": "TF1 1AA", "preferred_channel": "email"}
NEW_SUMMARY = "The bathroom leak you reported in October is still not fixed and has stained the ceiling."



def _complaint(base: str, key: str, **contact) -> str:
    return api(base, "/api/v1/complaints", {
        "idempotency_key": key, "received_at": RECEIVED, "channel": "webchat", "conversation_id": f"rasa-{key}",
        "text": "I reported the leak in my bathroom in October and nobody has come. The ceiling is stained now.",
        "contact": {**ANN, **contact}})["reference"]


def test_correct_the_understanding_and_see_the_corrected_letter(browser, server, server_env):
    ref = _complaint(server, "u1")
    ctx, page = caseworker_page(browser, server, server_env, f"/staff/cases/{ref}")
    panel = page.locator("#understanding")
    assert "The acknowledgement letter has already been produced" in panel.inner_text()
    summary = page.get_by_label("What we understand your complaint is about")
    assert "You told us that" in summary.input_value()  # the plain-words summary, not a triage note

    # a mistake first: emptied, refused with the reason, focus on the message
    summary.fill("")
    page.get_by_role("button", name="Save and produce a corrected letter").click()
    alert = page.get_by_role("alert")
    assert "cannot be left empty" in alert.inner_text()
    assert page.evaluate("document.activeElement.getAttribute('role')") == "alert"

    page.get_by_label("What we understand your complaint is about").fill(NEW_SUMMARY)
    page.get_by_label("The outcome you want").fill("Fix the leak and repaint the ceiling")
    page.get_by_role("button", name="Save and produce a corrected letter").click()
    page.wait_for_url("**done=understanding_letter*")
    assert "A corrected acknowledgement letter has been produced" in page.get_by_role("status").inner_text()
    rows = page.locator("table.letters tbody tr")
    assert rows.count() == 2
    assert "Replaced by a corrected letter" in rows.nth(0).inner_text()
    assert "Corrected letter" in rows.nth(1).inner_text()
    rows.nth(1).locator("summary").click()
    letter = rows.nth(1).locator("pre.letter").inner_text()
    assert "This letter replaces our earlier letter" in letter and NEW_SUMMARY in letter
    assert "repaint the ceiling" in letter
    assert "Understanding corrected" in page.locator("#audit-h + ol").inner_text()
    part_shot(page.locator("#understanding"), "staff-case-understanding-panel")
    part_shot(page.locator("#letters"), "staff-case-understanding-letters")
    shot(page, "staff-case-understanding-corrected")
    assert_accessible(page, "staff-case-understanding-corrected")
    ctx.close()


def test_release_a_held_letter(browser, server, server_env):
    ref = _complaint(server, "h1", language="Polish")
    _complaint(server, "h2")
    ctx, page = caseworker_page(browser, server, server_env, "/staff/cases")
    held = page.locator("#held-letters")
    assert "Letters held for staff (1)" in held.inner_text() and "asked for Polish" in held.inner_text()
    shot(page, "staff-cases-held-letters")
    assert_accessible(page, "staff-cases-held-letters")

    held.get_by_role("link", name=ref).click()
    page.wait_for_url(f"**/staff/cases/{ref}*")
    warn = page.get_by_role("heading", name="1 letter is held for staff")
    assert warn.is_visible()
    row = page.locator("table.letters tbody tr").first
    assert "The resident asked for Polish" in row.inner_text()
    part_shot(page.locator("#letters"), "staff-case-held-letter-row")
    shot(page, "staff-case-held-letter")
    assert_accessible(page, "staff-case-held-letter")

    # on a phone the letters table becomes cards, the release form still labelled
    page.set_viewport_size({"width": 390, "height": 844})
    part_shot(page.locator("#letters"), "staff-case-held-letter-phone")
    assert_accessible(page, "staff-case-held-letter-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    # the browser will not send it until the need is confirmed
    row.get_by_role("button", name="Release the letter").click()
    assert "/letters/" not in page.url and row.get_by_label("The need it was held for is met").is_visible()
    row.get_by_label("The need it was held for is met").check()
    row.get_by_role("button", name="Release the letter").click()
    page.wait_for_url("**done=letter_released*")
    assert "The held letter is released" in page.get_by_role("status").inner_text()
    assert "Waiting to send" in page.locator("table.letters tbody tr").first.inner_text()
    assert page.get_by_role("heading", name="1 letter is held for staff").count() == 0
    assert "Acknowledged" in page.locator("#dates-h + ul").inner_text()  # the acknowledgement now goes
    assert "Held letter released" in page.locator("#audit-h + ol").inner_text()
    shot(page, "staff-case-held-letter-released")
    assert_accessible(page, "staff-case-held-letter-released")
    page.goto(server + "/staff/cases")
    assert page.locator("#held-letters").count() == 0
    ctx.close()


def _worker(server_env, **env) -> None:
    p = subprocess.run([sys.executable, "-m", "casework.outbox_worker", "--once"], cwd=str(BACKEND),
                       env={**server_env, **env}, capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr[-1000:]


def test_referrals_with_their_delivery_state(browser, server, server_env):
    # an ASB report whose e-mail to the ASB team fails (the mail server is down, one attempt allowed)
    asb = api(server, "/api/v1/excluded-matters", {
        "idempotency_key": "asb", "text": "My neighbour plays loud music every night until 3am", "reason": "asb",
        "received_at": RECEIVED, "contact": ANN})["reference"]
    _worker(server_env, MAIL_TRANSPORT="smtp", SMTP_HOST="127.0.0.1", SMTP_PORT=str(free_port()),
            SMTP_TLS="none", OUTBOX_MAX_ATTEMPTS="1")
    # a compliment for a named person: to them and their line manager, delivered
    cp = api(server, "/api/v1/compliments", {"idempotency_key": "cp", "text": "Tom Baker fixed my boiler the same day",
                                              "person": "Tom Baker", "received_at": RECEIVED})["reference"]
    _worker(server_env, MAIL_TRANSPORT="file")
    # a safeguarding concern: the duty inbox alert is still waiting to go
    sg = api(server, "/api/v1/complaints", {
        "idempotency_key": "sg", "received_at": RECEIVED, "flags": ["safeguarding"],
        "text": "Nobody acts on my reports that the children next door are left alone for days",
        "contact": ANN})["reference"]

    ctx, page = caseworker_page(browser, server, server_env, f"/staff/cases/{cp}")
    table = page.locator("#referrals table")
    text = table.inner_text()
    assert "Tom Baker" in text and "Line manager: Priya Shah" in text and "copied in: sent" in text
    assert "Referral: Compliment" in text and "Sent" in text
    part_shot(page.locator("#referrals"), "staff-case-referral-compliment-panel")
    shot(page, "staff-case-referral-compliment-sent")
    assert_accessible(page, "staff-case-referral-compliment-sent")

    page.goto(f"{server}/staff/cases/{asb}")
    row = page.locator("#referrals tbody tr").first
    assert "ASB team" in row.inner_text() and "Team manager: ASB manager" in row.inner_text()
    assert "Failed" in row.inner_text() and "connection failed" in row.inner_text()
    part_shot(page.locator("#referrals"), "staff-case-referral-asb-panel")
    shot(page, "staff-case-referral-asb-failed")
    assert_accessible(page, "staff-case-referral-asb-failed")
    row.get_by_role("button", name="Send the referral again to ASB team").click()
    page.wait_for_url("**done=letter_retry*")
    assert "Waiting to send" in page.locator("#referrals tbody tr").first.inner_text()

    page.goto(f"{server}/staff/cases/{sg}")
    text = page.locator("#referrals").inner_text()
    assert "Duty officer" in text and "Alert: Safeguarding concern" in text and "Waiting to send" in text
    shot(page, "staff-case-alert-waiting")
    assert_accessible(page, "staff-case-alert-waiting")
    ctx.close()
