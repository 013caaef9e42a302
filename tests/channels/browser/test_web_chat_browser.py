"""The web chat widget in a real browser (Debian's Chromium via Playwright, backend venv).

The real stack (backend + action server + Rasa, tests/e2e/stack.py) and web/ served by
`python -m http.server` as scripts/run.sh does. A resident opens the widget with the keyboard,
types a complaint and answers the form; the reference and the dates are shown and the case is
in the backend. Screenshot: artefacts/screenshots/web-chat.png.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys

import pytest

from stack import ROOT, Stack, free_port, model_path, running

SHOTS = ROOT / "artefacts" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="the playwright package is not installed")
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} missing (apt-get install -y chromium)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    s = Stack(workdir=tmp_path_factory.mktemp("webchat"), model=model_path())
    with running(s):
        yield s


@pytest.fixture(scope="module")
def site():
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "http.server", "--bind", "127.0.0.1",
                             "--directory", str(ROOT / "web"), str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import httpx
    import time
    for _ in range(50):
        try:
            httpx.get(f"http://127.0.0.1:{port}/demo.html", timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=10)


def long_date(value: str) -> str:
    d = dt.date.fromisoformat(value)
    return f"{d:%A} {d.day} {d:%B %Y}"


def test_resident_makes_a_complaint_in_the_web_widget(browser, stack, site):
    page = browser.new_page(viewport={"width": 900, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script(f"window.ChatWidgetConfig = {{server: '{stack.rasa_url}'}};")
    page.goto(f"{site}/demo.html")

    # Keyboard only: Tab to the launcher, Enter opens, focus lands in the labelled text box.
    launcher = page.get_by_role("button", name="Chat with us")
    launcher.focus()
    page.keyboard.press("Enter")
    box = page.get_by_label("Your message")
    assert box.evaluate("el => el === document.activeElement")
    log = page.get_by_role("log")
    assert log.get_attribute("aria-live") == "polite"
    page.get_by_role("status").filter(has_text="Connected").wait_for(timeout=20_000)

    bot = page.locator(".cw-bot")

    def say(text: str, expect: str | None = None) -> str:
        before = bot.count()
        box.fill(text)
        page.keyboard.press("Enter")
        page.wait_for_function(f"document.querySelectorAll('.cw-bot').length > {before}",
                               timeout=60_000)
        if expect:
            page.locator(".cw-bot", has_text=re.compile(re.escape(expect), re.I)).last.wait_for(
                timeout=60_000)
        page.wait_for_timeout(600)  # the rest of this turn's messages
        return " ".join(bot.all_inner_texts()[before:])

    say("This is the fourth time I've reported the leak in my bathroom and nobody has fixed "
        "it. I'm fed up with being ignored.", "formal complaint")
    say("yes please", "name")
    say("Jo Bloggs")
    say("jo.bloggs@example.com, postcode SW1A 1AA")
    say("I want the leak fixed properly and an apology")
    say("no")
    final = say("no", "CMP-")
    reference = re.search(r"CMP-\d{4}-\d{6}", final).group(0)

    case = stack.api(f"/api/v1/cases/{reference}").json()
    assert case["stage"] == 1
    # e-mailed at once: the chat says it was acknowledged today, not "we will acknowledge by"
    assert case["acknowledged_on"] and long_date(case["acknowledged_on"]) in final, final
    assert long_date(case["acknowledge_by"]) not in final, final
    assert long_date(case["respond_by"]) in final, final
    session_id = page.evaluate("Object.entries(sessionStorage).find(([k]) => "
                               "k.startsWith('chat-widget-session:'))[1]")
    [handoff] = stack.handoffs(session_id)
    assert handoff["category"] == "complaint"

    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "web-chat.png"))

    # Escape closes the panel and gives focus back to the launcher.
    box.focus()
    page.keyboard.press("Escape")
    assert launcher.evaluate("el => el === document.activeElement")
    assert launcher.get_attribute("aria-expanded") == "false"
    assert errors == []
    page.close()
