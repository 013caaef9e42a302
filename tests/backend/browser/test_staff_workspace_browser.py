"""A caseworker's day in a real browser (Chromium via Playwright against uvicorn): the queue says
who and what, bulk accept opens complaints, a case is assigned to me and shows in My cases, notes
and the contact log, search, due-soon and overdue views, close as duplicate, and Code 6.13 refusing
stage 2 to the stage 1 handler. Every screen: a screenshot in artefacts/screenshots/ and an axe-core
check with no serious or critical violation (artefacts/axe/)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from a11y import assert_accessible, violations
import httpx

from browser_support import PASSWORD, SHOTS, TOKEN, add_user, api, bot_handoff, sign_in

JO, SAM = "jo@example.org", "sam@example.org"


def _shot(page, name: str, full: bool = True) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full)


def _complaint(base: str, key: str, received: datetime, name: str, email: str, postcode: str, text: str) -> str:
    return api(base, "/api/v1/complaints", {
        "idempotency_key": key, "text": text, "received_at": received.isoformat(), "channel": "webchat",
        "conversation_id": f"rasa-{key}", "contact": {"name": name, "email": email, "postcode": postcode,
                                                      "address": "1 Example Road, Telford",
                                                      "preferred_channel": "post"}})["reference"]


def test_axe_check_is_not_a_no_op(browser):
    """The accessibility check finds real problems: a page with an unlabelled field and an image
    without alternative text fails it."""
    page = browser.new_page()
    page.set_content('<html lang="en"><title>x</title><main><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
                     '<input type="text"></main></html>')
    ids = {v["id"] for v in violations(page, "selftest-bad-page") if v["impact"] in ("serious", "critical")}
    assert {"image-alt", "label"} <= ids
    page.close()


def test_a_caseworkers_day(browser, server, server_env):
    add_user(server_env, JO, "caseworker", "Jo Caseworker")
    add_user(server_env, SAM, "caseworker", "Sam Second")
    # received a week ago (a stage cannot be answered before its receipt date, and "today" may be a weekend)
    now = (datetime.now(timezone.utc) - timedelta(days=7)).replace(hour=10, minute=0, second=0, microsecond=0)
    # the bot triaged three complaints without opening cases, one compliment, and opened one complaint itself
    h1 = bot_handoff(server, "d1", "Fifth time reporting the leak over my kitchen window and nobody came",
                     category="complaint", reason=None, confidence=0.91, intent="complaint",
                     explanation="Recognised as complaint.", channel="rest", received_at=now.isoformat())
    h2 = bot_handoff(server, "d2", "The repairs team missed three appointments in a row", category="complaint",
                     reason=None, confidence=0.88, intent="complaint", explanation="Recognised as complaint.",
                     received_at=now.isoformat())
    h3 = bot_handoff(server, "d3", "Leak over the kitchen window again, I wrote yesterday", category="complaint",
                     reason=None, confidence=0.93, intent="complaint", received_at=now.isoformat())
    own = _complaint(server, "d3", now, "Ann Example", "ann@example.org", "TF1 1AA",
                     "Leak over the kitchen window again, I wrote yesterday")
    r = httpx.post(f"{server}/api/v1/handoffs/{h3}/link", json={"reference": own}, timeout=10,
                   headers={"Authorization": f"Bearer {TOKEN}", "X-Actor": "bot"})
    assert r.status_code == 200, r.text
    late = _complaint(server, "late", now - timedelta(days=40), "Bob Late", "bob@example.org", "SW1A 2AA",
                      "Damp in the bedroom has been reported since October")

    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = ctx.new_page()
    sign_in(page, server, JO)

    # the queue: who and what, in plain words
    rows = page.locator("table.queue tbody tr")
    assert rows.count() == 3
    text = page.locator("table.queue").inner_text()
    assert "Complaint: Fifth time reporting the leak" in text and "Web chat" in text and "rest" not in text.split()
    assert "The assistant read this as a complaint." in text
    assert page.get_by_role("link", name="Ann Example – Complaint: Leak over the kitchen window again").is_visible()
    _shot(page, "staff-queue-who-what")
    assert_accessible(page, "staff-queue-who-what")

    # bulk accept the two new complaints: each is opened with its dates and letter
    page.get_by_role("checkbox", name="Select: Resident (no details yet) – Complaint: Fifth time").check()
    page.get_by_role("checkbox", name="Select: Resident (no details yet) – Complaint: The repairs team").check()
    page.get_by_label("Do", exact=True).select_option("accept")
    page.get_by_role("button", name="Apply to selected").click()
    done = page.get_by_role("status").inner_text()
    assert f"Handoff {h1}: accepted" in done and f"Handoff {h2}: accepted" in done
    _shot(page, "staff-queue-bulk-accepted")
    assert_accessible(page, "staff-queue-bulk-accepted")

    # close the bot's second complaint as a duplicate of the first
    page.goto(server + "/staff/queue?status=accepted")
    first_ref = page.locator("table.queue tbody tr", has_text="Fifth time").get_by_role("link", name="CMP-").inner_text()
    page.goto(server + f"/staff/handoffs/{h3}")
    page.get_by_label("Same matter as case (reference)").fill(first_ref)
    page.get_by_role("button", name="Close as duplicate").click()
    page.wait_for_url(f"**/staff/handoffs/{h3}?done=bulk")
    assert "Closed as a duplicate" in page.locator("#history-h + ul").inner_text()
    assert httpx.get(f"{server}/api/v1/cases/{own}", headers={"Authorization": f"Bearer {TOKEN}"}).json()[
        "outcome"] == f"Duplicate of {first_ref}"
    _shot(page, "staff-handoff-duplicate")
    assert_accessible(page, "staff-handoff-duplicate")

    # the case: assign to me, a note and a contact
    page.goto(server + f"/staff/cases/{first_ref}")
    assert page.get_by_role("heading", name=first_ref).is_visible()
    assert "Acknowledgement" in page.locator("#letters").inner_text()
    page.get_by_role("button", name="Assign to me").click()
    page.wait_for_url(f"**/staff/cases/{first_ref}?done=assigned#owner")
    assert "Assigned to Jo Caseworker (you)" in page.locator("#owner").inner_text()
    page.get_by_label("Add a note (staff only)").fill("Called the roofer; visit booked for Thursday.")
    page.get_by_role("button", name="Add note").click()
    page.get_by_label("How").select_option("phone")
    page.get_by_label("Who contacted whom").select_option("out")
    page.get_by_label("What was said").fill("Told the resident about Thursday's visit")
    page.get_by_role("button", name="Log contact").click()
    page.wait_for_url("**done=contact_logged#contacts")
    assert "Called the roofer" in page.locator("#notes").inner_text()
    assert "Told the resident about Thursday" in page.locator("#contacts").inner_text()
    _shot(page, "staff-case-owner-notes-contacts")
    assert_accessible(page, "staff-case-owner-notes-contacts")

    # my cases; due soon; overdue
    page.goto(server + "/staff/cases?view=mine")
    assert page.get_by_role("heading", name="My cases").is_visible()
    # the case list, not the letters held for staff above it (a case opened from a handoff with no contact
    # details holds its letter for an address)
    cases = page.locator("table:not(.held) > tbody")
    assert cases.locator("tr").count() == 1 and first_ref in cases.inner_text()
    _shot(page, "staff-my-cases")
    assert_accessible(page, "staff-my-cases")
    page.get_by_role("link", name="Overdue").click()
    assert late in cases.inner_text() and first_ref not in cases.inner_text()
    _shot(page, "staff-overdue")
    assert_accessible(page, "staff-overdue")
    page.get_by_role("link", name="Due soon").click()
    assert "next 3 working days" in page.locator("main").inner_text()
    _shot(page, "staff-due-soon")
    assert_accessible(page, "staff-due-soon")

    # search by postcode, e-mail and phrase; a reference goes straight to the case
    page.get_by_role("link", name="Search").click()
    box = page.get_by_label("Reference, name, e-mail, postcode or words the resident used")
    box.fill("sw1a2aa")
    page.get_by_role("button", name="Search").click()
    assert late in page.locator("table.results").inner_text()
    box = page.get_by_label("Reference, name, e-mail, postcode or words the resident used")
    box.fill("kitchen window")
    page.get_by_role("button", name="Search").click()
    results = page.locator("table.results").inner_text()
    assert own in results and first_ref in results and late not in results
    _shot(page, "staff-search")
    assert_accessible(page, "staff-search")
    page.get_by_label("Reference, name, e-mail, postcode or words the resident used").fill(late.lower())
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(f"**/staff/cases/{late}")

    # stage 2 by a different person (Code 6.13): Jo responds, escalates, and is refused stage 2
    page.goto(server + f"/staff/cases/{first_ref}")
    page.get_by_label("Decision").select_option("upheld")
    page.get_by_label("Reasons (required)").fill("The roof leak was reported five times and not fixed.")
    page.get_by_role("button", name="Record response").click()
    page.wait_for_url("**done=responded*")
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Escalate").click()
    page.wait_for_url("**done=escalated*")
    assert "Nobody owns this case yet" in page.locator("#owner").inner_text()
    page.get_by_role("button", name="Assign to me").click()
    alert = page.get_by_role("alert").inner_text()
    assert "6.13" in alert and "different person" in alert
    _shot(page, "staff-case-613-refused", full=False)
    assert_accessible(page, "staff-case-613-refused")
    ctx.close()

    # Sam takes stage 2
    ctx2 = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    p2 = ctx2.new_page()
    sign_in(p2, server, SAM, PASSWORD, f"/staff/cases/{first_ref}")
    p2.get_by_role("button", name="Assign to me").click()
    assert "Assigned to Sam Second (you)" in p2.locator("#owner").inner_text()
    # a caseworker cannot decide "not upheld"
    p2.get_by_label("Decision").select_option("not_upheld")
    p2.get_by_label("Reasons (required)").fill("No fault found at stage 2")
    p2.get_by_role("button", name="Record response").click()
    assert "Only a manager" in p2.get_by_role("alert").inner_text()
    _shot(p2, "staff-case-manager-only", full=False)
    ctx2.close()

    # the phone layout of the new screens does not scroll sideways
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    mp = phone.new_page()
    sign_in(mp, server, JO, PASSWORD, "/staff/search?q=kitchen")
    for path in ("/staff/search?q=kitchen", "/staff/cases?view=mine", f"/staff/cases/{first_ref}"):
        mp.goto(server + path)
        width = mp.evaluate("document.documentElement.scrollWidth")
        assert width <= 400, f"{path} scrolls sideways on a phone ({width}px)"
    mp.screenshot(path=str(SHOTS / "staff-case-phone-owner.png"), full_page=True)
    phone.close()


def test_every_staff_page_passes_axe(browser, server):
    """axe-core on every staff page (and a case page of each kind), signed in as a manager."""
    ref = api(server, "/api/v1/complaints", {"idempotency_key": "ax1", "text": "The boiler is still broken",
                                             "contact": {"name": "Ann Example", "email": "ann@example.org"}})["reference"]
    sr = api(server, "/api/v1/service-requests", {"idempotency_key": "ax2", "text": "Tap drips", "topic": "repair"})
    cp = api(server, "/api/v1/compliments", {"idempotency_key": "ax3", "text": "Sarah was great", "person": "Sarah"})
    ex = api(server, "/api/v1/excluded-matters", {"idempotency_key": "ax4", "text": "Dog barks", "reason": "asb"})
    hid = bot_handoff(server, "ax5", "My neighbour's dog barks all night")
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = ctx.new_page()
    sign_in(page, server)
    pages = {"queue": "/staff/queue", "cases": "/staff/cases", "cases-unassigned": "/staff/cases?view=unassigned",
             "search-empty": "/staff/search", "search-none": "/staff/search?q=nothing+like+this",
             "search-short": "/staff/search?q=a", "compliments": "/staff/compliments", "excluded": "/staff/excluded",
             "service-requests": "/staff/service-requests", "export": "/staff/export", "reports": "/staff/reports", "handoff": f"/staff/handoffs/{hid}",
             "case-complaint": f"/staff/cases/{ref}", "case-service-request": f"/staff/cases/{sr['reference']}",
             "case-compliment": f"/staff/cases/{cp['reference']}", "case-excluded": f"/staff/cases/{ex['reference']}",
             "not-found": "/staff/nowhere"}
    for name, path in pages.items():
        page.goto(server + path)
        assert_accessible(page, f"staff-page-{name}")  # minor/moderate findings: artefacts/axe/
    _shot(page, "staff-not-found", full=False)
    ctx.close()
