"""The staff case page (issue 17): correcting what we understand a complaint is about and the outcome
wanted (a corrected acknowledgement when the first was produced), letters held for staff (why,
release, sent by hand, the list across cases) and referrals with their delivery state. Refusals are
clear pages, never a 500. SQLite and PostgreSQL (the app fixture)."""
from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select, update

from casework.models import AuditEvent, Complaint, OutboxMessage
from casework.staff.services import casework as staff_cases, letters as staff_letters
from casework.staff.services.errors import Refused
from test_staff import API, RECEIVED, alert, factory
from test_staff_workspace import jo, sign_in, user  # noqa: F401  (fixture)

ANN = {"name": "Ann Example", "email": "ann@example.org", "postcode": "TF1 1AA", "preferred_channel": "email"}
NEW_SUMMARY = "The bathroom leak you reported in October is still not fixed and has stained the ceiling."


def complaint(c, key="c1", contact=None, **extra) -> str:
    body = {"idempotency_key": key, "text": "I reported the bathroom leak in October and nobody came.",
            "received_at": RECEIVED, "contact": contact or ANN, **extra}
    r = c.post("/api/v1/complaints", headers=API, json=body)
    assert r.status_code == 201, r.text
    return r.json()["reference"]


def letters_of(c, ref) -> list[dict]:
    return c.get(f"/api/v1/cases/{ref}/letters", headers=API).json()


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def save(c, csrf, ref, summary, outcome="", follow=False):
    return c.post(f"/staff/cases/{ref}/understanding", follow_redirects=follow,
                  data={"csrf_token": csrf, "summary": summary, "desired_outcome": outcome})


# ---------------------------------------------------------------- understanding

def test_correcting_the_understanding_after_the_acknowledgement_produces_a_corrected_letter(app, jo):
    c, csrf = jo
    ref = complaint(c)  # by e-mail: the acknowledgement is produced (and recorded) at once
    page = c.get(f"/staff/cases/{ref}").text
    assert "The acknowledgement letter has already been produced" in text_of(page)
    assert 'action="/staff/cases/%s/understanding"' % ref in page
    r = save(c, csrf, ref, NEW_SUMMARY, "Fix the leak and repaint the ceiling")
    assert r.status_code == 303 and r.headers["location"] == f"/staff/cases/{ref}?done=understanding_letter"
    acks = [x for x in letters_of(c, ref) if x["kind"] == "acknowledgement"]
    assert len(acks) == 2 and acks[1]["subject"].startswith("Corrected:")
    assert NEW_SUMMARY in acks[1]["text"] and "repaint the ceiling" in acks[1]["text"]
    page = text_of(c.get(r.headers["location"]).text)
    assert "A corrected acknowledgement letter has been produced" in page
    assert "Corrected letter" in page and "Replaced by a corrected letter" in page
    assert NEW_SUMMARY in page  # the form shows the saved words
    # who changed it, in the case's audit trail, in plain words
    assert "jo@example.org · Understanding corrected: what we understand the complaint is about and the " \
           "outcome wanted" in page
    with factory(app)() as s:
        ev = s.scalar(select(AuditEvent).where(AuditEvent.action == "edit_understanding"))
        assert ev.actor == "staff:jo@example.org" and ev.entity_ref == ref
        assert s.scalar(select(Complaint.desired_outcome)) == "Fix the leak and repaint the ceiling"


def test_only_the_outcome_changed_sends_the_corrected_letter_too(app, jo):
    c, csrf = jo
    # produced, not yet posted
    ref = complaint(c, contact={**ANN, "preferred_channel": "post", "address": "1 Example Road, Telford"})
    current = c.get(f"/api/v1/cases/{ref}", headers=API).json()["summary"]
    r = save(c, csrf, ref, current, "An apology")
    assert r.headers["location"].endswith("done=understanding_letter")
    ls = letters_of(c, ref)
    # the earlier, unsent letter must not be posted as well: it is withdrawn, and nobody can send it
    assert [x["status"] for x in ls] == ["withdrawn", "manual"] and "An apology" in ls[1]["text"]
    page = c.get(f"/staff/cases/{ref}").text
    assert "Withdrawn: not sent" in page
    r = c.post(f"/staff/cases/{ref}/letters/{ls[0]['letter_id']}/mark-sent", data={"csrf_token": csrf})
    assert r.status_code == 409 and "withdrawn" in r.text
    assert page.count(f"/letters/{ls[0]['letter_id']}/mark-sent") == 0
    assert page.count(f"/letters/{ls[1]['letter_id']}/mark-sent") == 1


def _at_stage_two(c, contact=None) -> str:
    ref = complaint(c, contact=contact)
    assert c.post(f"/api/v1/complaints/{ref}/respond", headers=API,
                  json={"decision": "upheld", "reasons": "We were slow", "responded_on": "2026-11-25"}).status_code == 200
    assert c.post(f"/api/v1/complaints/{ref}/escalate", headers=API,
                  json={"requested_at": "2026-11-26T10:00:00+00:00"}).status_code == 200
    return ref


def test_at_stage_two_a_change_produces_a_corrected_stage_two_letter(app, jo):
    c, csrf = jo
    ref = _at_stage_two(c)
    page = text_of(c.get(f"/staff/cases/{ref}").text)
    assert "The stage 2 letter has already been produced" in page
    before = letters_of(c, ref)
    r = save(c, csrf, ref, NEW_SUMMARY, "An apology and the leak fixed")
    assert r.headers["location"].endswith("done=understanding_stage_letter")
    after = letters_of(c, ref)
    assert len(after) == len(before) + 1
    new = after[-1]
    # the letter that moved it to stage 2 states our understanding: corrected, not a stage 1 acknowledgement
    assert new["kind"] == "escalation" and new["subject"].startswith("Corrected:")
    assert "replaces our earlier letter about your complaint at" in new["text"]
    assert NEW_SUMMARY in new["text"] and "An apology and the leak fixed" in new["text"]
    assert [x["kind"] for x in after].count("acknowledgement") == [x["kind"] for x in before].count("acknowledgement")
    page = text_of(c.get(r.headers["location"]).text)
    assert "A corrected letter for this stage has been produced" in page
    assert "Corrected letter" in page and "Replaced by a corrected letter" in page


def test_at_stage_two_an_unsent_stage_letter_is_withdrawn_for_the_corrected_one(app, jo):
    c, csrf = jo
    # produced, not yet posted
    ref = _at_stage_two(c, contact={**ANN, "preferred_channel": "post", "address": "1 Example Road, Telford"})
    escalations = [x for x in letters_of(c, ref) if x["kind"] == "escalation"]
    assert [x["status"] for x in escalations] == ["manual"]
    save(c, csrf, ref, NEW_SUMMARY)
    escalations = [x for x in letters_of(c, ref) if x["kind"] == "escalation"]
    assert [x["status"] for x in escalations] == ["withdrawn", "manual"]
    assert NEW_SUMMARY in escalations[1]["text"] and NEW_SUMMARY not in escalations[0]["text"]


def test_understanding_refusals_are_clear_and_change_nothing(app, jo):
    c, csrf = jo
    ref = complaint(c)
    n = len(letters_of(c, ref))
    summary = c.get(f"/api/v1/cases/{ref}", headers=API).json()["summary"]
    cases = [
        (save(c, csrf, ref, summary, ""), 422, "Nothing has changed"),
        (save(c, csrf, ref, "   ", ""), 422, "cannot be left empty"),
        (save(c, csrf, ref, "Recognised as complaint."), 422, "not how it was triaged"),
        (save(c, csrf, ref, "x" * 10_001), 422, "longer than 10000 characters"),
        (save(c, csrf, ref, "a\x00b"), 422, "NUL"),
    ]
    for r, status, words in cases:
        assert r.status_code == status and words in alert(r.text), (status, words, alert(r.text))
    # the form keeps what was typed, and says which form failed
    r = save(c, csrf, ref, "Recognised as complaint.", "keep this")
    assert "keep this</textarea>" in r.text and "stack action has-error" in r.text
    # no CSRF token: refused
    r = c.post(f"/staff/cases/{ref}/understanding", data={"summary": NEW_SUMMARY})
    assert r.status_code == 403 and "CSRF" in r.text
    assert len(letters_of(c, ref)) == n
    assert c.get(f"/api/v1/cases/{ref}", headers=API).json()["summary"] == summary
    # not a complaint; no such case; a closed complaint
    cp = c.post("/api/v1/compliments", headers=API, json={"idempotency_key": "cp", "text": "Tom was great"})
    r = save(c, csrf, cp.json()["reference"], NEW_SUMMARY)
    assert r.status_code == 409 and "not a complaint" in alert(r.text)
    assert save(c, csrf, "CMP-2026-999999", NEW_SUMMARY).status_code == 404
    assert c.post(f"/staff/cases/{ref}/close", data={"csrf_token": csrf, "outcome": "Resolved"},
                  follow_redirects=False).status_code == 303
    r = save(c, csrf, ref, NEW_SUMMARY)
    assert r.status_code == 409 and "is closed" in alert(r.text)


def test_the_stage_one_handler_may_not_change_the_understanding_at_stage_two(app, jo):
    c, csrf = jo
    ref = complaint(c)
    jo_user = user(app, "jo@example.org")
    with factory(app)() as s:
        staff_cases.respond(s, jo_user, ref, staff_cases.Response("upheld", "We were slow", responded_on=None))
    with factory(app)() as s:
        staff_cases.escalate(s, jo_user, ref, None)
    r = save(c, csrf, ref, NEW_SUMMARY)
    assert r.status_code == 409 and "You handled stage 1" in alert(r.text) and "6.13" in alert(r.text)
    sam, sam_csrf = sign_in(app, "sam@example.org")
    try:
        assert save(sam, sam_csrf, ref, NEW_SUMMARY).status_code == 303
    finally:
        sam.__exit__(None, None, None)


# ---------------------------------------------------------------- held letters

def held_complaint(c, key="h1", **contact) -> tuple[str, dict]:
    ref = complaint(c, key, contact={**ANN, "language": "Polish", **contact})
    held = [x for x in letters_of(c, ref) if x["status"] == "held"]
    assert len(held) == 1
    return ref, held[0]


def test_a_held_letter_shows_why_and_is_released_from_the_case_page(app, jo):
    c, csrf = jo
    ref, letter = held_complaint(c)
    assert c.get(f"/api/v1/cases/{ref}", headers=API).json()["acknowledged_on"] is None
    page = text_of(c.get(f"/staff/cases/{ref}").text)
    assert "1 letter is held for staff" in page and "The resident asked for Polish" in page
    assert "Release the letter" in page
    url = f"/staff/cases/{ref}/letters/{letter['letter_id']}/release"
    # without confirming the need is met: refused, still held
    r = c.post(url, data={"csrf_token": csrf})
    assert r.status_code == 422 and "Tick the box" in alert(r.text)
    assert letters_of(c, ref)[0]["status"] == "held"
    r = c.post(url, data={"csrf_token": csrf, "need_met": "1"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].endswith("done=letter_released#letters")
    assert letters_of(c, ref)[0]["status"] == "pending"
    # the acknowledgement now goes: the complaint is acknowledged (as the API's release does)
    assert c.get(f"/api/v1/cases/{ref}", headers=API).json()["acknowledged_on"] is not None
    page = text_of(c.get(r.headers["location"]).text)
    assert "The held letter is released" in page and "Held letter released" in page  # notice, audit trail
    assert "letter is held for staff" not in page
    # again: nothing to release
    r = c.post(url, data={"csrf_token": csrf, "need_met": "1"})
    assert r.status_code == 409 and "not held" in alert(r.text)


def test_release_refuses_a_letter_of_another_case_and_a_post_letter_is_to_print_and_post(app, jo):
    c, csrf = jo
    ref, _ = held_complaint(c, "a")
    other, other_letter = held_complaint(c, "b", preferred_channel="post", address="1 Example Road, Telford")
    r = c.post(f"/staff/cases/{ref}/letters/{other_letter['letter_id']}/release", data={"csrf_token": csrf, "need_met": "1"})
    assert r.status_code == 404 and "does not belong to this case" in r.text
    assert c.post(f"/staff/cases/{ref}/letters/LTR-{'0' * 32}/release", data={"csrf_token": csrf}).status_code == 404
    assert c.post(f"/staff/cases/{ref}/letters/x/publish", data={"csrf_token": csrf}).status_code == 404
    r = c.post(f"/staff/cases/{other}/letters/{other_letter['letter_id']}/release",
               data={"csrf_token": csrf, "need_met": "on"}, follow_redirects=False)
    assert r.headers["location"].endswith("done=letter_released_post#letters")
    assert letters_of(c, other)[0]["status"] == "manual"
    assert "print it, post it, then mark it as sent" in c.get(r.headers["location"]).text


def test_marking_a_held_acknowledgement_sent_by_hand_records_the_acknowledgement(app, jo):
    c, csrf = jo
    ref, letter = held_complaint(c)
    r = c.post(f"/staff/cases/{ref}/letters/{letter['letter_id']}/mark-sent", data={"csrf_token": csrf})
    assert r.status_code == 200 and "marked as sent" in r.text
    assert letters_of(c, ref)[0]["status"] == "sent"
    assert c.get(f"/api/v1/cases/{ref}", headers=API).json()["acknowledged_on"] is not None


def test_the_stage_one_handler_may_not_release_a_stage_two_letter(app, jo):
    c, csrf = jo
    ref, first = held_complaint(c)
    jo_user = user(app, "jo@example.org")
    assert c.post(f"/staff/cases/{ref}/letters/{first['letter_id']}/release",
                  data={"csrf_token": csrf, "need_met": "1"}).status_code == 200
    with factory(app)() as s:
        staff_cases.respond(s, jo_user, ref, staff_cases.Response("upheld", "We were slow", responded_on=None))
    with factory(app)() as s:
        staff_cases.escalate(s, jo_user, ref, None)
    held = [x for x in letters_of(c, ref) if x["status"] == "held"]
    assert [x["kind"] for x in held] == ["stage_response", "escalation"]
    url = f"/staff/cases/{ref}/letters/{held[1]['letter_id']}/release"
    r = c.post(url, data={"csrf_token": csrf, "need_met": "1"})
    assert r.status_code == 409 and "You handled stage 1" in alert(r.text)
    sam, sam_csrf = sign_in(app, "sam@example.org")
    try:
        assert sam.post(url, data={"csrf_token": sam_csrf, "need_met": "1"}, follow_redirects=False).status_code == 303
    finally:
        sam.__exit__(None, None, None)


def test_held_letters_across_cases_are_listed_on_the_complaints_page(app, jo):
    c, csrf = jo
    complaint(c, "plain")
    ref, letter = held_complaint(c)
    page = c.get("/staff/cases").text
    assert "Letters held for staff (1)" in page and f'href="/staff/cases/{ref}#letters"' in page
    assert "The resident asked for Polish" in page
    # a held acknowledgement a corrected one replaced is not listed: only the corrected one
    save(c, csrf, ref, NEW_SUMMARY)
    page = c.get("/staff/cases").text
    assert "Letters held for staff (1)" in page
    with factory(app)() as s:
        assert staff_letters.count_held(s) == 1
        assert [x["subject"][:10] for x in staff_letters.held_letters(s)] == ["Corrected:"]
    c.post(f"/staff/cases/{ref}/letters/{letter['letter_id']}/mark-sent", data={"csrf_token": csrf})
    held = [x for x in letters_of(c, ref) if x["status"] == "held"][0]
    c.post(f"/staff/cases/{ref}/letters/{held['letter_id']}/release", data={"csrf_token": csrf, "need_met": "1"})
    assert "Letters held for staff" not in c.get("/staff/cases").text


def test_release_service_refuses_without_the_need_met(app, jo):
    c, _ = jo
    ref, letter = held_complaint(c)
    jo_user = user(app, "jo@example.org")
    with factory(app)() as s:
        case = s.scalar(select(Complaint).where(Complaint.reference == ref))
        with pytest.raises(Refused) as e:
            staff_letters.release(s, jo_user, case, letter["letter_id"], need_met=False)
        assert e.value.status == 422


# ---------------------------------------------------------------- referrals

def test_a_compliment_shows_the_person_their_line_manager_and_delivery(app, jo):
    c, csrf = jo
    r = c.post("/api/v1/compliments", headers=API, json={
        "idempotency_key": "cp", "text": "Tom Baker fixed my boiler so quickly", "person": "Tom Baker"})
    ref = r.json()["reference"]
    page = text_of(c.get(f"/staff/cases/{ref}").text)
    assert "Referrals and alerts" in page
    assert "Tom Baker (person) tom.baker@landlord.example Referral: Compliment Line manager: Priya Shah " \
           "copied in: waiting to send" in page
    assert "Waiting to send" in page
    # delivery moves on: the person's e-mail sent, the manager's copy failed
    with factory(app)() as s:
        rows = list(s.scalars(select(OutboxMessage).where(OutboxMessage.reference == ref,
                                                          OutboxMessage.kind == "referral").order_by(OutboxMessage.id)))
        assert [x.recipient for x in rows] == ["tom.baker@landlord.example", "priya.shah@landlord.example"]
        s.execute(update(OutboxMessage).where(OutboxMessage.id == rows[0].id).values(status="sent", sent_at=rows[0].created_at))
        s.execute(update(OutboxMessage).where(OutboxMessage.id == rows[1].id).values(
            status="failed", attempts=6, last_error="SMTP 550 refused the recipient"))
        s.commit()
        failed_id = rows[1].letter_id
    page = c.get(f"/staff/cases/{ref}").text
    assert "copied in: failed" in text_of(page) and '<span class="status status-sent">Sent</span>' in page


def test_an_asb_report_shows_the_team_its_manager_and_a_failed_delivery_can_be_sent_again(app, jo):
    c, csrf = jo
    r = c.post("/api/v1/excluded-matters", headers=API, json={
        "idempotency_key": "e1", "text": "My neighbour plays loud music every night", "reason": "asb", "contact": ANN})
    ref = r.json()["reference"]
    page = text_of(c.get(f"/staff/cases/{ref}").text)
    assert "ASB team (team) asb@landlord.example Referral: New ASB report Team manager: ASB manager " \
           "not copied in" in page
    letters_part = page[page.index("Letters Letter To Delivery"):]
    assert "Excluded" in letters_part and "Referral: asb" not in letters_part  # the staff e-mail is not a letter
    with factory(app)() as s:
        m = s.scalar(select(OutboxMessage).where(OutboxMessage.reference == ref, OutboxMessage.kind == "referral"))
        m.status, m.attempts, m.last_error = "failed", 6, "connection failed before the message was sent"
        s.commit()
        lid = m.letter_id
    page = c.get(f"/staff/cases/{ref}").text
    assert "Failed" in page and "connection failed before the message was sent" in page
    r = c.post(f"/staff/cases/{ref}/letters/{lid}/retry", data={"csrf_token": csrf}, follow_redirects=False)
    assert r.status_code == 303
    assert "Waiting to send" in c.get(f"/staff/cases/{ref}").text


def test_a_safeguarding_alert_on_the_handoff_shows_on_the_case(app, jo):
    c, csrf = jo
    h = c.post("/api/v1/handoffs", headers=API, json={
        "idempotency_key": "h", "conversation_id": "conv-s", "text": "My neighbour hits her child, I hear it",
        "received_at": RECEIVED, "category": "complaint", "flags": ["safeguarding"]}).json()["id"]
    ref = complaint(c, "s1", conversation_id="conv-s", flags=["safeguarding"], handoff_id=h)
    page = text_of(c.get(f"/staff/cases/{ref}").text)
    assert "Duty officer (duty inbox) duty@landlord.example Alert: Safeguarding concern" in page
    assert f"raised on handoff {h} , before the case was opened" in page
    assert page.count("Alert: Safeguarding concern") == 1  # not alerted twice


def test_a_case_without_referrals_has_no_referrals_section(app, jo):
    c, _ = jo
    ref = complaint(c)
    assert "Referrals and alerts" not in c.get(f"/staff/cases/{ref}").text


def test_a_group_complaint_shows_whom_it_speaks_for(app, jo):
    c, _ = jo
    ref = complaint(c, "g1", group_residents=["Flats 1-12, Elm Court", "Mr and Mrs Patel, 14 Elm Court"])
    page = text_of(c.get(f"/staff/cases/{ref}").text)
    assert "Group complaint The resident above is the nominated contact." in page
    assert "Flats 1-12, Elm Court" in page and "Mr and Mrs Patel, 14 Elm Court" in page
    alone = text_of(c.get(f"/staff/cases/{complaint(c, 'g2')}").text)
    assert "Group complaint" not in alone
