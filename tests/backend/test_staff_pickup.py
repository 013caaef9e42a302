"""Alerts that reach a person (issue 17): a safeguarding or emergency handoff is picked up from the
staff queue or its page ("Picked up by <name> at <time>"), only by a role that works the queue,
once; the same-day pick-up deadline orders the queue and marks it overdue (fixed times); the duty
inbox alert's delivery state is on the handoff page. Also the staff settings, now read through
casework.settings. SQLite and PostgreSQL (the app fixture)."""
from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from casework import referrals
from casework.models import AuditEvent, Handoff, OutboxMessage, StaffUser
from casework.staff.services import pickup, queue as queue_svc
from casework.staff.services.errors import Refused
from test_staff import API, alert, factory, handoff, make_user, sign_in

UTC = timezone.utc
# December: London is on GMT, so these UTC times are also the London times. Mon 7 Dec 2026 is a
# working day (Sun 6 Dec the Sunday); the code-2024 profile closes at 17:00.
MON_0900 = "2026-12-07T09:00:00+00:00"
MON_1630 = "2026-12-07T16:30:00+00:00"
MON_1800 = "2026-12-07T18:00:00+00:00"  # after closing: due at the end of Tuesday
SAT_1000 = "2026-12-05T10:00:00+00:00"  # a weekend: due at the end of Monday


def at(iso: str) -> datetime:
    return datetime.fromisoformat(iso)


@pytest.fixture
def jo(app):
    c, csrf = sign_in(app, "jo@example.org", "caseworker", "Jo Bloggs")
    yield c, csrf
    c.__exit__(None, None, None)


def flagged(c, key, text, received=MON_0900, flag="safeguarding", **extra):
    return handoff(c, key, text=text, received_at=received, flags=[flag], category="service_request",
                   reason=None, **extra)


def pick(c, csrf, hid, nxt="/staff/queue"):
    return c.post(f"/staff/handoffs/{hid}/pick-up", data={"csrf_token": csrf, "next": nxt}, follow_redirects=False)


def row_of(html: str, text: str) -> str:
    rows = re.findall(r"<tr class=.*?</tr>", html, re.S)
    return next(r for r in rows if text in r)


# ---------------------------------------------------------------- pick-up

def test_pick_up_from_the_queue_puts_a_name_and_time_on_the_row(app, jo):
    c, csrf = jo
    hid = flagged(c, "sg1", "My partner hurts me and I am scared to go home")
    before = row_of(c.get("/staff/queue").text, "scared to go home")
    assert f'form="pick-{hid}"' in before and "Picked up by" not in before
    assert f'action="/staff/handoffs/{hid}/pick-up"' in c.get("/staff/queue").text
    r = pick(c, csrf, hid, "/staff/queue?flag=flagged&done=picked_up")
    assert r.status_code == 303 and r.headers["location"] == "/staff/queue?flag=flagged&done=picked_up"
    page = c.get(r.headers["location"]).text
    assert "Picked up: it is yours now" in page
    row = row_of(page, "scared to go home")
    assert re.search(r"Picked up by Jo Bloggs at \w{3} \d+ \w{3} 20\d\d \d\d:\d\d", row), row
    assert f'form="pick-{hid}"' not in row
    api = c.get(f"/api/v1/handoffs/{hid}", headers=API).json()
    assert api["picked_up_by"] == "staff:jo@example.org" and api["picked_up_at"]
    with factory(app)() as s:
        ev = s.scalars(select(AuditEvent).where(AuditEvent.action == "pick_up")).all()
        assert [(e.actor, e.entity_ref) for e in ev] == [("staff:jo@example.org", f"handoff:{hid}")]
    # the handoff page says the same and offers no button
    hp = c.get(f"/staff/handoffs/{hid}").text
    assert "Picked up by Jo Bloggs at" in hp and f'action="/staff/handoffs/{hid}/pick-up"' not in hp


def test_pick_up_from_the_handoff_page_returns_there(app, jo):
    c, csrf = jo
    hid = flagged(c, "em1", "Water pouring through the ceiling light", flag="emergency")
    page = c.get(f"/staff/handoffs/{hid}").text
    assert "Emergency: a person must pick this up" in page and "Not picked up yet" in page
    r = pick(c, csrf, hid, f"/staff/handoffs/{hid}")
    assert r.status_code == 303 and r.headers["location"] == f"/staff/handoffs/{hid}?done=picked_up"
    assert "Picked up by Jo Bloggs" in c.get(r.headers["location"]).text


def test_a_role_that_does_not_work_the_queue_is_refused_with_a_clear_message(app, jo):
    c, _ = jo
    hid = flagged(c, "sg2", "He threatened the children again")
    dpo, dpo_csrf = sign_in(app, "dee@example.org", "dpo", "Dee Protection")
    try:
        assert f'form="pick-{hid}"' not in dpo.get("/staff/queue").text  # no button for them
        r = pick(dpo, dpo_csrf, hid)
        assert r.status_code == 403
        msg = alert(r.text)
        assert "Only a caseworker or a manager can pick up a safeguarding or emergency handoff" in msg
        assert "your role is dpo" in msg
        r = pick(dpo, dpo_csrf, hid, f"/staff/handoffs/{hid}")
        assert r.status_code == 403 and "Only a caseworker or a manager" in alert(r.text)
    finally:
        dpo.__exit__(None, None, None)
    assert c.get(f"/api/v1/handoffs/{hid}", headers=API).json()["picked_up_by"] is None


def test_picking_up_twice_says_who_already_has_it(app, jo):
    c, csrf = jo
    hid = flagged(c, "sg3", "My carer takes my money and shouts at me")
    assert pick(c, csrf, hid).status_code == 303
    sam, sam_csrf = sign_in(app, "sam@example.org", "manager", "Sam Second")
    try:
        r = pick(sam, sam_csrf, hid)
        assert r.status_code == 409
        assert re.search(r"Jo Bloggs already picked this up at \d\d:\d\d on \w{3} \d+ \w{3} 20\d\d", alert(r.text))
        assert "money and shouts" in r.text  # the queue is shown again below the message
        r = pick(sam, sam_csrf, hid, f"/staff/handoffs/{hid}")
        assert r.status_code == 409 and "Jo Bloggs already picked this up" in alert(r.text)
    finally:
        sam.__exit__(None, None, None)
    assert pick(c, csrf, hid).status_code == 303  # the holder pressing again is no error
    with factory(app)() as s:
        assert s.get(Handoff, hid).picked_up_by == "staff:jo@example.org"
        assert len(s.scalars(select(AuditEvent).where(AuditEvent.action == "pick_up")).all()) == 1


def test_a_stale_page_cannot_take_it_from_the_first_person(app, jo):
    """Two people press at once: the second's copy of the handoff still says nobody has it, but the
    conditional update refuses to overwrite the first."""
    c, _ = jo
    hid = flagged(c, "sg4", "I think my neighbour's baby is left alone all day")
    make_user(app, "sam@example.org", "caseworker")
    with factory(app)() as theirs:
        sam = theirs.scalar(select(StaffUser).where(StaffUser.email == "sam@example.org"))
        stale = theirs.get(Handoff, hid)
        theirs.commit()  # the page was read; nothing held
        assert stale.picked_up_by is None
        with factory(app)() as mine:
            referrals.pick_up(mine, hid, "staff:jo@example.org")
        assert stale.picked_up_by is None  # still the old copy
        with pytest.raises(Refused) as err:
            pickup.pick_up(theirs, hid, sam)
        assert err.value.status == 409 and "Jo Bloggs already picked this up" in err.value.message
    with factory(app)() as s:
        assert s.get(Handoff, hid).picked_up_by == "staff:jo@example.org"


def test_only_flagged_handoffs_are_picked_up_and_bad_ids_are_404(app, jo):
    c, csrf = jo
    hid = handoff(c, "plain", text="The lift is broken again")
    r = pick(c, csrf, hid)
    assert r.status_code == 409 and "Only safeguarding and emergency handoffs are picked up" in alert(r.text)
    for bad in ("999999", "abc", "-1"):
        assert pick(c, csrf, bad).status_code == 404, bad
    r = c.post(f"/staff/handoffs/{hid}/pick-up", data={"csrf_token": "wrong"})
    assert r.status_code == 403 and "CSRF" in r.text
    r = pick(c, csrf, flagged(c, "sg5", "Scared"), "https://evil.example/")
    assert r.status_code == 303 and r.headers["location"].startswith("/staff/queue?")  # no open redirect


# ---------------------------------------------------------------- same-day pick-up deadline

def test_due_at_end_of_the_working_day_it_arrived():
    assert pickup.due_at(at(MON_0900), "code-2024") == at("2026-12-07T17:00:00+00:00")
    assert pickup.due_at(at(MON_1630), "code-2024") == at("2026-12-07T17:00:00+00:00")
    assert pickup.due_at(at(MON_1800), "code-2024") == at("2026-12-08T17:00:00+00:00")
    assert pickup.due_at(at(SAT_1000), "code-2024") == at("2026-12-07T17:00:00+00:00")
    # Christmas: Thu 24 Dec 18:00 -> Tue 29 Dec (25, 28 Dec bank holidays in England)
    assert pickup.due_at(at("2026-12-24T18:00:00+00:00"), "code-2024") == at("2026-12-29T17:00:00+00:00")
    # summer time: 16:30 in London is 15:30 UTC; due 17:00 London = 16:00 UTC
    assert pickup.due_at(at("2026-06-01T15:30:00+00:00"), "code-2024") == at("2026-06-01T16:00:00+00:00")
    assert pickup.waited(at(MON_0900), at("2026-12-07T17:30:00+00:00")) == "8 h 30 min"
    assert pickup.waited(at(SAT_1000), at("2026-12-07T17:30:00+00:00")) == "2 days 7 h"


def _rows(app, now: str, **filters):
    f, errors = queue_svc.QueueFilter.from_query(filters)
    assert errors == []
    with factory(app)() as s:
        rows, _ = queue_svc.queue(s, f, at(now))
        return [(r.handoff.text, r.pickup.overdue if r.pickup else None, r.pickup.waited if r.pickup else None)
                for r in rows]


def test_flagged_not_picked_up_come_first_longest_waiting_and_overdue_after_closing(app, jo):
    c, csrf = jo
    handoff(c, "n1", text="Newest ordinary message", received_at="2026-12-07T17:20:00+00:00")
    flagged(c, "late", "Arrived after closing", received=MON_1800)
    flagged(c, "pm", "Arrived before closing", received=MON_1630, flag="emergency")
    flagged(c, "am", "Arrived in the morning", received=MON_0900)
    taken = flagged(c, "taken", "Already picked up one", received="2026-12-07T08:00:00+00:00")
    flagged(c, "sat", "Arrived on Saturday", received=SAT_1000)
    c.post(f"/staff/handoffs/{taken}/pick-up", data={"csrf_token": csrf, "next": "/staff/queue"})

    # Monday 16:00: nothing is overdue yet; the longest waiting is at the top
    assert _rows(app, "2026-12-07T16:00:00+00:00")[:2] == [
        ("Arrived on Saturday", False, "2 days 6 h"), ("Arrived in the morning", False, "7 h")]
    # Monday 17:30: the three that arrived by closing time are overdue; the one after closing is not
    rows = _rows(app, "2026-12-07T17:30:00+00:00")
    assert [r[0] for r in rows] == ["Arrived on Saturday", "Arrived in the morning", "Arrived before closing",
                                    "Arrived after closing",  # flagged and waiting: first
                                    "Newest ordinary message", "Already picked up one"]  # then newest
    assert [r[1] for r in rows] == [True, True, True, False, None, False]
    assert rows[1][2] == "8 h 30 min"
    # the overdue filter finds the same three
    assert [r[0] for r in _rows(app, "2026-12-07T17:30:00+00:00", overdue="1", flag="flagged")] == [
        "Arrived on Saturday", "Arrived in the morning", "Arrived before closing"]
    # Tuesday 17:00: the after-closing one is overdue too
    assert [r[0] for r in _rows(app, "2026-12-08T17:00:00+00:00", overdue="1", flag="flagged")] == [
        "Arrived on Saturday", "Arrived in the morning", "Arrived before closing", "Arrived after closing"]


def test_the_queue_page_marks_pick_up_overdue_on_the_case_service_clock(app, jo, clock):
    c, _ = jo
    flagged(c, "am", "Arrived in the morning", received=MON_0900)
    flagged(c, "late", "Arrived after closing", received=MON_1800)
    clock.set("2026-12-07T17:30:00+00:00")
    html = c.get("/staff/queue").text
    assert html.index("Arrived in the morning") < html.index("Arrived after closing")
    am, late = row_of(html, "Arrived in the morning"), row_of(html, "Arrived after closing")
    assert "is-overdue" in am and "Pick-up overdue: waiting 8 h 30 min" in am
    assert "Pick up by Mon 7 Dec 2026 17:00" in am
    assert "is-overdue" not in late and "Pick-up overdue" not in late and "Pick up by Tue 8 Dec 2026 17:00" in late
    assert "by the end of the working day it arrived" in html


def test_pick_up_within_a_number_of_hours_when_configured(app, jo, monkeypatch):
    monkeypatch.setenv("STAFF_PICKUP_HOURS", "4")
    c, _ = jo
    flagged(c, "late", "Arrived after closing", received=MON_1800)
    assert pickup.due_at(at(MON_1800), "code-2024") == at("2026-12-07T22:00:00+00:00")
    assert _rows(app, "2026-12-07T21:59:00+00:00") == [("Arrived after closing", False, "3 h 59 min")]
    assert _rows(app, "2026-12-07T22:00:00+00:00") == [("Arrived after closing", True, "4 h")]
    assert [r[0] for r in _rows(app, "2026-12-07T22:00:00+00:00", overdue="1")] == ["Arrived after closing"]
    assert "within 4 hours of arriving" in c.get("/staff/queue").text


# ---------------------------------------------------------------- the duty inbox alert's delivery

def test_the_duty_alert_and_its_delivery_state_are_on_the_handoff_page(app, jo):
    c, _ = jo
    hid = flagged(c, "sg6", "My dad has dementia and was found wandering at night")
    page = c.get(f"/staff/handoffs/{hid}").text
    assert "Safeguarding alert to Duty officer (duty@landlord.example)" in page and "waiting to send" in page
    assert "Duty alert: waiting to send" in row_of(c.get("/staff/queue").text, "dementia")
    with factory(app)() as s:
        s.execute(update(OutboxMessage).where(OutboxMessage.kind == "alert").values(
            status="failed", attempts=6, last_error="SMTP 550 mailbox unavailable"))
        s.commit()
    page = c.get(f"/staff/handoffs/{hid}").text
    assert "not delivered" in page and "after 6 attempts (SMTP 550 mailbox unavailable): phone the duty officer" in page
    assert "Duty alert: " in row_of(c.get("/staff/queue").text, "dementia")
    with factory(app)() as s:
        s.execute(update(OutboxMessage).where(OutboxMessage.kind == "alert").values(
            status="sent", sent_at=datetime(2026, 12, 7, 9, 1, tzinfo=UTC)))
        s.commit()
    page = c.get(f"/staff/handoffs/{hid}").text
    assert "delivered</strong> Mon 7 Dec 2026 09:01" in page
    assert "Duty alert: sent Mon 7 Dec 2026 09:01" in row_of(c.get("/staff/queue").text, "dementia")
    # an ordinary handoff has no pick-up panel
    other = handoff(c, "plain2", text="The lift is broken")
    assert "a person must pick this up" not in c.get(f"/staff/handoffs/{other}").text


# ---------------------------------------------------------------- the staff settings

def test_staff_settings_come_from_the_one_settings_object(app, jo, monkeypatch):
    c, _ = jo
    handoff(c, "conf", text="Fairly sure about this one", confidence=0.91)
    assert "Low confidence" not in row_of(c.get("/staff/queue").text, "Fairly sure")
    monkeypatch.setenv("STAFF_LOW_CONFIDENCE", "0.95")
    monkeypatch.setenv("STAFF_REVIEW_DAYS", "7")
    html = c.get("/staff/queue").text
    assert "Low confidence" in row_of(html, "Fairly sure") and "below 95%" in html and "within 7 working days" in html
    from casework.settings import get_settings

    monkeypatch.setenv("STAFF_SESSION_HOURS", "3")
    monkeypatch.setenv("STAFF_COOKIE_SECURE", "true")
    s = get_settings()
    assert (s.staff_session_hours, s.staff_cookie_secure) == (3, True)


@pytest.mark.parametrize("name,value", [("STAFF_REVIEW_DAYS", "two"), ("STAFF_LOW_CONFIDENCE", "1.5"),
                                        ("STAFF_SESSION_HOURS", "0"), ("STAFF_PICKUP_HOURS", "-1")])
def test_a_bad_staff_setting_stops_the_service_starting(monkeypatch, name, value):
    from pydantic import ValidationError

    from casework.api import create_app

    monkeypatch.setenv("BACKEND_API_TOKEN", "t")
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError, match=name.lower()):
        with TestClient(create_app("sqlite://")):
            pass
