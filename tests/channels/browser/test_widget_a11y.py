"""The chat widget's accessibility in Chromium, without the bot: web/ served as scripts/run.sh
serves it, and the vendored socket.io client replaced (Playwright route) by a stand-in that
speaks the same events (session_request/session_confirm, user_uttered/bot_uttered). The real
conversation through Rasa is test_web_chat_browser.py; this file checks what the widget itself does:

- the focus ring of every control has at least 3:1 contrast with what it is drawn on;
- new suggested-answer buttons scroll into view while focus stays in the text box, and choosing
  one returns focus to the text box;
- axe-core finds no serious or critical violation on the page with the widget open.
Screenshots: artefacts/screenshots/widget-*.png.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "tests" / "backend" / "browser"))
from a11y import FOCUS_RING_JS, assert_accessible, contrast  # noqa: E402

SHOTS = ROOT / "artefacts" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

FAKE_SOCKET_IO = """
window.io = function () {
  var handlers = {};
  function fire(ev, data) { (handlers[ev] || []).forEach(function (f) { f(data); }); }
  window.__fire = fire;
  window.__sent = [];
  var sock = {
    on: function (ev, fn) { (handlers[ev] = handlers[ev] || []).push(fn); },
    emit: function (ev, data) {
      window.__sent.push([ev, data]);
      if (ev === "session_request") { setTimeout(function () { fire("session_confirm", "fake-session"); }, 10); }
      if (ev === "user_uttered") {
        setTimeout(function () {
          fire("bot_uttered", {text: "I'm sorry to hear that. Would you like to make a formal complaint?",
                               buttons: [{title: "Yes, make a complaint", payload: "/affirm"},
                                         {title: "No, just fix it", payload: "/deny"}]});
        }, 20);
      }
    }
  };
  setTimeout(function () { fire("connect"); }, 10);
  return sock;
};
"""


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} missing (scripts/setup-browser.sh installs it: apt-get install -y chromium)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="module")
def site():
    import socket

    import httpx
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "http.server", "--bind", "127.0.0.1",
                             "--directory", str(ROOT / "web"), str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            httpx.get(f"{base}/demo.html", timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    yield base
    proc.terminate()
    proc.wait(timeout=10)


def ring(page) -> dict:
    r = page.evaluate(FOCUS_RING_JS)
    r["contrast"] = round(contrast(r["color"], r["background"]), 2)
    return r


def assert_ring(page, what: str) -> dict:
    r = ring(page)
    assert r["visible"], f"{what}: focus is not :focus-visible ({r})"
    assert r["style"] not in ("none", "hidden") and r["width"] >= 2, f"{what}: no focus outline ({r})"
    assert r["contrast"] >= 3, f"{what}: focus ring contrast {r['contrast']}:1 is below 3:1 ({r})"
    return r


def test_widget_focus_ring_buttons_and_axe(browser, site):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 900, "height": 700})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.route("**/vendor/socket.io.min.js", lambda route: route.fulfill(
        status=200, content_type="application/javascript", body=FAKE_SOCKET_IO))
    page.goto(f"{site}/demo.html")
    launcher = page.get_by_role("button", name="Chat with us")
    launcher.wait_for()

    # keyboard: Tab until the launcher has focus; its ring is drawn on the page
    for _ in range(10):
        page.keyboard.press("Tab")
        if launcher.evaluate("el => el === document.activeElement"):
            break
    rings = {"launcher": assert_ring(page, "launcher")}
    page.screenshot(path=str(SHOTS / "widget-focus-launcher.png"))
    page.keyboard.press("Enter")
    box = page.get_by_label("Your message")
    assert box.evaluate("el => el === document.activeElement")
    page.get_by_role("status").filter(has_text="Connected").wait_for(timeout=10_000)
    rings["text box"] = assert_ring(page, "text box")

    # a long conversation, so the log scrolls; then the resident types and answers arrive
    page.evaluate("""() => { for (let i = 0; i < 14; i++) window.__fire('bot_uttered',
        {text: 'Earlier message ' + i + ': we have recorded your report and will be in touch.'}); }""")
    box.fill("The leak in my bathroom is back for the fourth time")
    page.keyboard.press("Enter")
    group = page.get_by_role("group", name="Suggested answers")
    group.wait_for(timeout=5_000)
    page.wait_for_timeout(200)
    assert box.evaluate("el => el === document.activeElement"), "the new buttons took focus from the text box"
    inside = page.evaluate("""() => {
        const log = document.querySelector('.cw-log').getBoundingClientRect();
        const g = document.querySelector('.cw-buttons').getBoundingClientRect();
        return g.top >= log.top - 1 && g.bottom <= log.bottom + 1;
    }""")
    assert inside, "the new answer buttons are not scrolled into view"
    page.screenshot(path=str(SHOTS / "widget-answer-buttons.png"))

    # Shift+Tab from the text box reaches the last answer button; its ring, then choose it
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.textContent") == "No, just fix it"
    rings["answer button"] = assert_ring(page, "answer button")
    page.screenshot(path=str(SHOTS / "widget-focus-answer.png"))
    assert_accessible(page, "widget-open-with-answers")
    page.keyboard.press("Enter")
    assert box.evaluate("el => el === document.activeElement"), "focus was lost after choosing an answer"
    assert page.evaluate("window.__sent.filter(e => e[0] === 'user_uttered').map(e => e[1].message)") == [
        "The leak in my bathroom is back for the fourth time", "/deny"]
    page.get_by_role("group", name="Suggested answers").wait_for(timeout=5_000)  # the next answers

    # the Send button and the close button on the blue header
    box.focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Send"
    rings["send"] = assert_ring(page, "send")
    page.get_by_role("button", name="Close chat").focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    rings["close"] = assert_ring(page, "close")
    page.screenshot(path=str(SHOTS / "widget-focus-close.png"))
    (ROOT / "artefacts" / "axe").mkdir(parents=True, exist_ok=True)
    (ROOT / "artefacts" / "axe" / "widget-focus-rings.txt").write_text(
        "\n".join(f"{k}: {v['color']} on {v['background']} = {v['contrast']}:1" for k, v in rings.items()) + "\n")
    page.keyboard.press("Escape")
    assert launcher.evaluate("el => el === document.activeElement")
    assert errors == []
    page.close()
