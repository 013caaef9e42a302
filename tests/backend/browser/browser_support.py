"""Fixtures for the staff pages in a real browser: Debian's Chromium driven by Playwright (Python,
backend venv) against the real backend (uvicorn on a free loopback port, a migrated temporary
SQLite database), and helpers to sign in and create records as the bot does.

Chromium: /usr/bin/chromium, installed by scripts/setup-browser.sh (apt-get; `playwright install`
cannot download here). If it is missing we try apt-get when running as root, else skip with the reason.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parents[3]
BACKEND = REPO / "backend"
SHOTS = REPO / "artefacts" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TOKEN = "browser-test-token"
EMAIL, PASSWORD = "mo@example.org", "a browser test password"
RECEIVED = "2026-11-24T10:15:00+00:00"  # Tuesday: acknowledge by Tue 1 Dec, respond by Tue 15 Dec 2026


def ensure_chromium() -> str | None:
    """None when Chromium is there; otherwise why not."""
    if os.path.exists(CHROMIUM):
        return None
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        try:
            subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True, timeout=300)
            p = subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], env=env, capture_output=True,
                               text=True, timeout=900)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"{CHROMIUM} missing and apt-get install chromium failed: {type(exc).__name__}"
        if os.path.exists(CHROMIUM):
            return None
        return f"{CHROMIUM} missing; apt-get install -y chromium failed: {(p.stderr or '').strip()[-200:]}"
    return f"{CHROMIUM} missing (install Debian's chromium: apt-get install -y chromium; needs root)"


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    problem = ensure_chromium()
    if problem:
        pytest.skip(problem)
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(url: str, tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(BACKEND), "DATABASE_URL": url, "BACKEND_API_TOKEN": TOKEN,
           "LETTERS_DIR": str(tmp_path / "letters"), "MAIL_TRANSPORT": "file"}
    env.pop("CASEWORK_DEV_INSECURE", None)
    env.pop("OUTBOX_WORKER", None)
    return env


def add_user(base_env: dict[str, str], email: str, role: str, name: str, password: str = PASSWORD) -> None:
    p = subprocess.run([sys.executable, "-m", "casework.staff.users", "create", "--email", email,
                        "--role", role, "--name", name], input=password + "\n", env=base_env,
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr


@pytest.fixture
def server_env(tmp_path, sqlite_template):
    db_path = tmp_path / "casework.db"
    shutil.copy(sqlite_template, db_path)
    return _env(f"sqlite:///{db_path}", tmp_path)


@pytest.fixture
def server(tmp_path, server_env):
    add_user(server_env, EMAIL, "manager", "Mo Reviewer")
    port = free_port()
    log = open(tmp_path / "uvicorn.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "casework.api:app", "--host", "127.0.0.1",
                             "--port", str(port), "--no-access-log"], env=server_env, cwd=str(BACKEND),
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(base + "/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail("backend did not start: " + (tmp_path / "uvicorn.log").read_text()[-2000:])
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def api(base: str, path: str, body: dict) -> dict:
    r = httpx.post(base + path, json=body, timeout=10,
                   headers={"Authorization": f"Bearer {TOKEN}", "X-Actor": "bot"})
    assert r.status_code == 201, r.text
    return r.json()


def bot_handoff(base: str, key: str, text: str, **extra) -> int:
    body = {"idempotency_key": key, "conversation_id": f"rasa-{key}", "message_id": f"m-{key}", "text": text,
            "received_at": RECEIVED, "channel": "webchat", "profile": "code-2024", "category": "excluded",
            "reason": "asb", "confidence": 0.58, "intent": "report_asb",
            "entities": [{"entity": "DATE", "value": "last March"}], "flags": [],
            "explanation": "Looks like a new report of anti-social behaviour", **extra}
    return api(base, "/api/v1/handoffs", body)["id"]


def sign_in(page, base: str, email: str = EMAIL, password: str = PASSWORD, path: str = "/staff/queue") -> None:
    page.goto(base + path)
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**{path.split('?')[0]}*")


def shot(page, name: str) -> None:
    """A full-page screenshot in artefacts/screenshots, to look at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def part_shot(locator, name: str) -> None:
    """A close-up of one part of the page, to look at (the full-page shot is scaled down)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    locator.screenshot(path=str(SHOTS / f"{name}.png"))


def caseworker_page(browser, server, server_env, path: str, email: str = "jo@example.org"):
    """A caseworker (Jo) signed in on a wide screen at `path`: (context, page)."""
    add_user(server_env, email, "caseworker", "Jo Caseworker")
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = ctx.new_page()
    sign_in(page, server, email, path=path)
    return ctx, page
