"""Alerts that reach a person, in a real browser (Chromium via Playwright against uvicorn): the queue
with flagged handoffs before and after pick-up (longest waiting first, overdue marked, "Picked up by
<name> at <time>"), a second person refused with who has it, and the handoff page with the duty
alert's delivery state. Every screen: a screenshot in artefacts/screenshots/ and an axe-core check
with no serious or critical violation (artefacts/axe/)."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from a11y import assert_accessible

from browser_support import EMAIL, PASSWORD, SHOTS, add_user, bot_handoff, sign_in

JO = "jo@example.org"


def _shot(page, name: str, full: bool = True) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full)


def test_flagged_handoffs_are_picked_up_from_the_queue(browser, server, server_env):
    add_user(server_env, JO, "caseworker", "Jo Caseworker")
    now = datetime.now(timezone.utc).replace(microsecond=0)
    week_ago = now - timedelta(days=8)  # long past the end of its working day: overdue
    old = bot_handoff(server, "sg-old", "My partner hits me when he drinks and I am scared to go home",
                      category="service_request", reason=None, intent="complaint", confidence=0.7,
                      flags=["safeguarding"], explanation="Recognised as complaint.", received_at=week_ago.isoformat())
    new = bot_handoff(server, "em-new", "Water is pouring through the ceiling light in the kitchen",
                      category="service_request", reason=None, intent="report_emergency", confidence=0.95,
                      flags=["emergency"], explanation="Recognised as report emergency.",
                      received_at=(now - timedelta(minutes=5)).isoformat())
    bot_handoff(server, "plain", "The communal hallway light has been out for a week", category="service_request",
                reason=None, intent="service_request", confidence=0.9, received_at=now.isoformat(),
                explanation="Recognised as service request.")

    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = ctx.new_page()
    sign_in(page, server, JO)

    # before: the flagged ones nobody has picked up come first, the longest waiting at the top
    rows = page.locator("table.queue tbody tr")
    assert rows.count() == 3
    assert "scared to go home" in rows.nth(0).inner_text() and "pouring through the ceiling" in rows.nth(1).inner_text()
    first = rows.nth(0).inner_text()
    assert "Pick-up overdue: waiting 8 days" in first and "Duty alert: waiting to send" in first
    assert re.search(r"Waiting \d+ min", rows.nth(1).inner_text())
    assert "Pick up" not in rows.nth(2).inner_text()
    assert page.get_by_role("button", name=re.compile(r"^Pick up: ")).count() == 2
    _shot(page, "staff-queue-flagged-before-pickup")
    assert_accessible(page, "staff-queue-flagged-before-pickup")

    # a manager has the queue open at the same time
    ctx2 = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    mo = ctx2.new_page()
    sign_in(mo, server, EMAIL, PASSWORD)

    # Jo picks up the safeguarding one: her name and the time go on the row
    rows.nth(0).get_by_role("button", name=re.compile(r"^Pick up: ")).click()
    page.wait_for_url("**/staff/queue?done=picked_up")
    assert "Picked up: it is yours now" in page.get_by_role("status").first.inner_text()
    rows = page.locator("table.queue tbody tr")
    assert "pouring through the ceiling" in rows.nth(0).inner_text()  # still waiting: now at the top
    taken = page.locator("table.queue tbody tr", has_text="scared to go home")
    assert re.search(r"Picked up by Jo Caseworker at \w{3} \d+ \w{3} 20\d\d \d\d:\d\d", taken.inner_text())
    assert "late" in taken.inner_text() and taken.get_by_role("button").count() == 0
    _shot(page, "staff-queue-flagged-after-pickup")
    assert_accessible(page, "staff-queue-flagged-after-pickup")

    # the manager's page was loaded before: pressing Pick up says who has it
    mo.locator("table.queue tbody tr", has_text="scared to go home").get_by_role(
        "button", name=re.compile(r"^Pick up: ")).click()
    refused = mo.get_by_role("alert").inner_text()
    assert "Jo Caseworker already picked this up at" in refused
    _shot(mo, "staff-queue-pickup-refused", full=False)
    assert_accessible(mo, "staff-queue-pickup-refused")
    ctx2.close()

    # the emergency's own page: waiting, the duty alert's delivery state, and Pick up
    page.goto(f"{server}/staff/handoffs/{new}")
    panel = page.locator("#pick-up")
    text = panel.inner_text()
    assert "Emergency: a person must pick this up" in text and "Not picked up yet" in text
    assert "Emergency alert to Duty officer (duty@landlord.example)" in text and "waiting to send" in text
    _shot(page, "staff-handoff-flagged-before-pickup")
    assert_accessible(page, "staff-handoff-flagged-before-pickup")
    panel.get_by_role("button", name="Pick up").click()
    page.wait_for_url(f"**/staff/handoffs/{new}?done=picked_up")
    assert "Picked up by Jo Caseworker at" in page.locator("#pick-up").inner_text()
    page.locator("summary", has_text="Audit trail").click()
    assert "Picked up (safeguarding or emergency)" in page.locator("details").inner_text()
    _shot(page, "staff-handoff-flagged-after-pickup")
    assert_accessible(page, "staff-handoff-flagged-after-pickup")

    # the old one's page shows who took it
    page.goto(f"{server}/staff/handoffs/{old}")
    assert "Picked up by Jo Caseworker" in page.locator("#pick-up").inner_text()
    ctx.close()

    # on a phone the queue does not scroll sideways
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    mp = phone.new_page()
    sign_in(mp, server, JO)
    width = mp.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, f"the queue scrolls sideways on a phone ({width}px)"
    _shot(mp, "staff-queue-flagged-phone")
    phone.close()
