"""Subject access (CLI and staff page), the retention schedule, and the dpo-only staff pages."""
from __future__ import annotations

import json
import re
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from casework.models import AuditEvent, Complaint, Handoff
from casework.privacy import retention
from casework.privacy.settings import PrivacySettings
from casework.staff import auth

from worlds import figures, stores, tracker_url, world  # noqa: F401 (fixtures)

PASSWORD = "correct horse battery staple"


def test_subject_access_holds_everything_from_every_store(world, tmp_path):
    ada, bram = world["ada"], world["bram"]
    from casework.privacy.__main__ import main
    assert main(["access", "--email", ada.email, "--out", str(tmp_path / "sar")]) == 0
    data = json.loads((tmp_path / "sar" / "subject-access.json").read_text())
    html = (tmp_path / "sar" / "subject-access.html").read_text()
    convo = data["conversations"][ada.conversation]
    assert [m["from"] for m in convo[:2]] == ["resident", "assistant"] and convo[0]["text"] == ada.message
    assert {c["email"] for c in data["records"]["contacts"] if c["email"]} == {ada.email}
    assert {r["kind"] for r in data["records"]["outbox"]} >= {"acknowledgement", "stage_response", "service_request"}
    assert len(data["letter_files"]) >= 3 and all(ada.email in f["to"] for f in data["letter_files"])
    assert len(data["records"]["transcript_messages"]) == 2 and data["bot_outbox"]
    assert data["nlu_export_lines"]
    blob = json.dumps(data)
    assert not any(n in blob for n in bram.needles())  # nobody else's data
    assert ada.name in html and ada.words[0] in html and "Conversation 1" in html
    assert "<script" not in html


def test_retention_dry_run_then_run(world, monkeypatch):
    ada, find = world["ada"], stores(world)
    settings = PrivacySettings.from_env()
    with world["factory"]() as s:  # close Ada's complaint; Bram's stays responded (also closed by rule)
        c = s.scalar(select(Complaint).order_by(Complaint.id))
        c.status, c.closed_on = "closed", date(2026, 12, 10)
        s.commit()
    # nothing is due today
    with world["factory"]() as s:
        assert retention.apply(s, settings, date(2026, 12, 20)).rows == []
    before = find(ada.needles())
    figs = figures(world["factory"])
    with world["factory"]() as s:
        dry = retention.apply(s, settings, date(2033, 6, 1), dry_run=True)
    assert dry.rows and find(ada.needles()) == before
    report = dry.text()
    assert "closed_cases" in report and not any(n.lower() in report.lower() for n in ada.needles())
    with world["factory"]() as s:
        done = retention.apply(s, settings, date(2033, 6, 1))
    # the real run does what the dry run said (a later rule finds less: closed_cases took the letters)
    assert done.totals().items() <= dry.totals().items()
    assert {k: v for k, v in dry.totals().items() if k.startswith("closed_cases")}.items() <= done.totals().items()
    assert find(ada.needles()) == {k: [] for k in before}
    assert figures(world["factory"]) == figs
    with world["factory"]() as s:
        ev = s.scalar(select(AuditEvent).where(AuditEvent.action == "retention").order_by(AuditEvent.id.desc()))
        assert ev.after["counts"] == done.totals()
    from casework.privacy.__main__ import main
    assert main(["retention", "--today", "2033-06-01", "--dry-run"]) == 0  # idempotent: nothing left


def test_retention_keeps_what_is_not_due(world, tmp_path):
    """A year on: the conversations have cases, letters are young, closed cases are young."""
    ada, find = world["ada"], stores(world)
    before = find(ada.needles())
    with world["factory"]() as s:
        rep = retention.apply(s, PrivacySettings.from_env(), date(2027, 12, 1))
    # only the bot's delivered rows could go (none delivered: all still pending) -> nothing
    assert rep.rows == [] and find(ada.needles()) == before


def test_schedule_errors_are_plain(tmp_path):
    bad = tmp_path / "r.yaml"
    for text, msg in [("rules: {closed_cases: {days: 0}}", "at least 1"),
                      ("rules: {forever: {days: 3}}", "unknown rule"),
                      ("rules: {letters: {days: 3, years: 1}}", "exactly one"), (":", "Cannot read")]:
        bad.write_text(text)
        with pytest.raises(retention.ScheduleError, match=msg):
            retention.load_schedule(bad)
    assert retention.load_schedule(PrivacySettings.from_env().retention_path)["closed_cases"].days == 6 * 365 + 1


def _login(app, email, role):
    from casework import db as dbmod
    with dbmod.session_factory(app.state.database_url)() as s:
        auth.create_user(s, email, role, PASSWORD, "Pat")
    c = TestClient(app)
    page = c.get("/staff/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert c.post("/staff/login", data={"csrf_token": token, "email": email, "password": PASSWORD},
                  follow_redirects=False).status_code == 303
    return c, re.search(r'name="csrf_token" value="([^"]+)"', c.get("/staff/queue").text).group(1)


def test_staff_pages_dpo_only(world, app):
    ada, find = world["ada"], stores(world)
    cw, cw_csrf = _login(app, "cw@example.org", "caseworker")
    assert cw.get("/staff/privacy").status_code == 403
    assert cw.post("/staff/privacy/erase", data={"csrf_token": cw_csrf, "email": ada.email,
                                                 "confirm": "ERASE"}).status_code == 403
    c, csrf = _login(app, "dpo@example.org", "dpo")
    page = c.get("/staff/privacy")
    assert page.status_code == 200 and "Retention schedule" in page.text
    assert 'href="/staff/privacy"' in c.get("/staff/queue").text  # in the dpo's menu only
    assert 'href="/staff/privacy"' not in cw.get("/staff/queue").text
    assert c.post("/staff/privacy/find", data={"csrf_token": csrf, "name": "Ada"}).status_code == 422
    r = c.post("/staff/privacy/find", data={"csrf_token": csrf, "email": ada.email})
    assert r.status_code == 200 and "CMP-" in r.text and "Erase this resident" in r.text
    r = c.post("/staff/privacy/access", data={"csrf_token": csrf, "email": ada.email, "format": "json"})
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    assert r.json()["conversations"][ada.conversation][0]["text"] == ada.message
    r = c.post("/staff/privacy/erase", data={"csrf_token": csrf, "email": ada.email, "confirm": "no"})
    assert r.status_code == 422 and find(ada.needles())["case database"]
    r = c.post("/staff/privacy/erase", data={"csrf_token": csrf, "email": ada.email, "confirm": "ERASE"})
    assert r.status_code == 200 and "Erased" in r.text and ada.email not in r.text
    assert find(ada.needles()) == {k: [] for k in find(ada.needles())}
    r = c.post("/staff/privacy/retention", data={"csrf_token": csrf, "mode": "dry"})
    assert r.status_code == 200 and "Dry run" in r.text
    from casework import db as dbmod
    with dbmod.session_factory(app.state.database_url)() as s:
        actions = [(e.action, e.actor) for e in s.scalars(select(AuditEvent).where(
            AuditEvent.action.in_(["erase", "subject_access"])))]
        assert ("subject_access", "staff:dpo@example.org") in actions and ("erase", "staff:dpo@example.org") in actions
        assert all(h.text == "" for h in s.scalars(select(Handoff).where(Handoff.review_status.is_(None)))
                   if h.conversation_id is None)


def test_unreachable_tracker_store_is_a_clear_error_and_changes_nothing(world, app, monkeypatch, capsys):
    ada, find = world["ada"], stores(world)
    before = find(ada.needles())
    monkeypatch.setenv("RASA_TRACKER_URL", "postgresql://postgres@127.0.0.1:1/nowhere")
    from casework.privacy.__main__ import main
    assert main(["erase", "--email", ada.email, "--actor", "dpo:x"]) == 1
    err = capsys.readouterr().err
    assert "tracker store is unreachable" in err and ada.email not in err
    c, csrf = _login(app, "dpo2@example.org", "dpo")
    r = c.post("/staff/privacy/erase", data={"csrf_token": csrf, "email": ada.email, "confirm": "ERASE"})
    assert r.status_code == 503 and "unreachable" in r.text
    assert find(ada.needles()) == before
