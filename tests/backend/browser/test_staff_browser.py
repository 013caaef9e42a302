"""The staff workspace in a real browser: Playwright (Python) driving Debian's Chromium against the
real backend (uvicorn on a free loopback port, a migrated temporary SQLite database).

A handoff is created through the JSON API exactly as the bot's action does (POST /api/v1/handoffs
with the bearer token), appears in the queue, is reclassified into a complaint, and the case page
shows its dates. Screenshots go to artefacts/screenshots/.

Fixtures (browser, server) and helpers: browser_support.py; accessibility (axe-core): a11y.py.
"""
from __future__ import annotations

from a11y import assert_accessible
import pytest
from playwright.sync_api import expect

from browser_support import EMAIL, PASSWORD, SHOTS, bot_handoff as _bot_handoff


def test_review_a_handoff_into_a_complaint(browser, server):
    SHOTS.mkdir(parents=True, exist_ok=True)
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = ctx.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    # not signed in: sent to the sign-in page
    page.goto(server + "/staff/queue")
    assert "/staff/login" in page.url
    assert_accessible(page, "staff-login")
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_label("Password").fill("wrong password entirely")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("alert").inner_text().startswith("The e-mail address or password is not right")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/staff/queue")
    # waits (up to 10 s) for the page to render the heading: is_visible() does not wait, and a
    # loaded machine was seen to answer the assertion before the queue page was painted
    expect(page.get_by_role("heading", name="Handoff queue")).to_be_visible(timeout=10_000)
    page.keyboard.press("Tab")  # keyboard users: the first Tab lands on the skip link, which works
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"

    # the bot triages three messages
    _bot_handoff(server, "a", "Thank you to Sarah in repairs, she was brilliant", category="compliment",
                 reason=None, confidence=0.97, intent="compliment", explanation="Praise for a named person")
    hid = _bot_handoff(server, "b", "I've reported the drug dealing next door six times since March and "
                                    "nobody from the ASB team has called me back. <script>alert('x')</script>")
    _bot_handoff(server, "c", "There's water coming through the ceiling onto the electrics",
                 category="service_request", reason=None, confidence=0.88, flags=["emergency"],
                 intent="report_emergency", explanation="Water near electrics: emergency repair")
    page.reload()
    assert page.get_by_text("nobody from the ASB team has called me back", exact=False).is_visible()
    assert page.get_by_text("<script>alert('x')</script>", exact=False).count() == 1  # shown as text
    rows = page.locator("table.queue tbody tr")
    assert rows.count() == 3 and "water coming through" in rows.nth(0).inner_text()  # emergency first
    page.screenshot(path=str(SHOTS / "staff-queue.png"), full_page=True)
    assert_accessible(page, "staff-queue")

    # filter: low confidence only
    page.get_by_label("Flag").select_option("low_confidence")
    page.get_by_role("button", name="Filter").click()
    assert page.locator("table.queue tbody tr").count() == 1

    # review: reclassify the "ASB report" as a complaint about the landlord's handling of ASB
    page.get_by_role("link", name="Resident (no details yet) – Excluded matter (new ASB report): I've reported the drug dealing").click()
    page.wait_for_url(f"**/staff/handoffs/{hid}")
    assert not page.get_by_label("Why it is excluded").is_visible()  # the JS shows only relevant fields
    page.screenshot(path=str(SHOTS / "staff-handoff.png"), full_page=True)
    assert_accessible(page, "staff-handoff")
    page.get_by_label("It should be").select_option("complaint")
    page.get_by_role("button", name="Reclassify").click()  # no reason yet: the browser refuses (required)
    assert f"/staff/handoffs/{hid}" in page.url
    page.get_by_label("Reason for the change (required)").fill(
        "Dissatisfaction with how we handled an ASB case is a complaint, not a new ASB report.")
    page.get_by_role("button", name="Reclassify").click()
    page.wait_for_url("**/staff/cases/CMP-*")
    assert page.get_by_role("status").inner_text().startswith("Reclassified")
    dates = page.locator("ul.deadlines").inner_text()
    assert "Tue 1 Dec 2026" in dates and "Tue 15 Dec 2026" in dates
    assert "Acknowledgement" in page.locator("#letters").inner_text()
    page.screenshot(path=str(SHOTS / "staff-case.png"), full_page=True)
    assert_accessible(page, "staff-case")

    # a refused extension shows the profile's limit
    page.get_by_label("Days").fill("25")
    page.get_by_label("Reason to give the resident (required)").fill("Waiting for the police report")
    page.get_by_role("button", name="Extend").click()
    assert "at most 10 working days" in page.get_by_role("alert").inner_text()
    page.screenshot(path=str(SHOTS / "staff-case-refused.png"), full_page=False)

    # back in the queue the handoff is reviewed and linked to the case
    page.goto(server + "/staff/queue?status=reclassified")
    assert page.locator("table.queue tbody tr").count() == 1
    assert page.get_by_role("link", name="CMP-2026-000001").is_visible()

    # the same pages on a phone
    phone = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                                has_touch=True, storage_state=ctx.storage_state())
    mp = phone.new_page()
    mp.goto(server + "/staff/queue")
    width = mp.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, f"the queue scrolls sideways on a phone ({width}px)"
    mp.screenshot(path=str(SHOTS / "staff-queue-phone.png"), full_page=True)
    mp.goto(server + "/staff/cases/CMP-2026-000001")
    mp.screenshot(path=str(SHOTS / "staff-case-phone.png"), full_page=False)
    phone.close()
    assert dialogs == []  # the resident's <script> never ran
    ctx.close()


@pytest.fixture
def homes_env(monkeypatch):
    """Homes owned for CH01, set before the server starts (it copies this environment)."""
    monkeypatch.setenv("LANDLORD_HOMES", "2500")
    monkeypatch.setenv("LANDLORD_NAME", "Riverside Homes")


def test_reports_page(browser, homes_env, server, tmp_path):
    """Learning from complaints: the reports page over a known year (tests/backend/reports_data.py,
    written straight into the server's database through the case service), its charts, a CSV
    download and the draft self-assessment."""
    from reports_data import build_year

    from casework import db as dbmod

    factory = dbmod.session_factory(f"sqlite:///{tmp_path / 'casework.db'}")
    with factory() as s:
        build_year(s)
    factory.kw["bind"].dispose()
    SHOTS.mkdir(parents=True, exist_ok=True)
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB", accept_downloads=True)
    page = ctx.new_page()
    page.goto(server + "/staff/reports")
    assert "/staff/login" in page.url  # sign-in required
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/staff/reports*")
    page.get_by_label("From", exact=True).fill("2025-07-01")
    page.get_by_label("To", exact=True).fill("2026-06-30")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**/staff/reports?from=2025-07-01&to=2026-06-30*")
    assert page.get_by_role("heading", name="Learning from complaints").is_visible()
    kpis = page.locator("dl.kpis").first.inner_text()
    assert "66.7%" in kpis and "4 of 6 responses" in kpis and "7 received" in kpis and "2.8" in kpis
    # the charts are images with a name and a description a screen reader can read
    chart = page.get_by_role("img", name="CH02: responses within the Code's timescales")
    assert chart.is_visible()
    assert page.locator("svg.chart").count() == 6
    assert "Repairs 3" in page.locator("#t-themes").inner_text().replace("\t", " ")
    with page.expect_download() as dl:
        page.locator("#t-responses").get_by_role("link", name="CSV").click()
    path = dl.value.path()
    assert dl.value.suggested_filename == "responses-2025-07-01-2026-06-30.csv"
    assert open(path, encoding="utf-8").read().splitlines()[1].startswith("1,6,4,66.7,1,12.7,")
    page.screenshot(path=str(SHOTS / "staff-reports.png"), full_page=True)
    assert_accessible(page, "staff-reports")

    page.get_by_role("link", name="Draft self-assessment").click()
    page.wait_for_url("**/staff/reports/self-assessment*")
    assert "3 stages; the Code allows two stages only" in page.locator("table.sa").inner_text()
    page.screenshot(path=str(SHOTS / "staff-self-assessment.png"), full_page=True)
    assert_accessible(page, "staff-self-assessment")
    ctx.close()
