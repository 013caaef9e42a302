"""A caseworker's day in the staff workspace (issue 17): accepting a complaint opens the case,
ownership and Code 6.13, roles enforced in the service layer, search, due-soon and overdue views,
notes and contact log, bulk accept and close-as-duplicate, queue rows that say who and what, and
plain words. SQLite and PostgreSQL (the app fixture)."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select

from casework.models import AuditEvent, Complaint, Handoff, StaffUser
from casework.staff import plain
from casework.staff.models import CaseAssignment, CaseNote
from casework.staff.services import casework as staff_cases, deadlines, ownership
from casework.staff.services.errors import Refused
from test_staff import API, RECEIVED, alert, count, factory, handoff, make_user, sign_in  # noqa: F401  (sign_in: test_staff_case imports it from here)
from alembic_steps import alembic_config

WED_2_DEC = date(2026, 12, 2)


@pytest.fixture
def jo(app):
    c, csrf = sign_in(app)
    yield c, csrf
    c.__exit__(None, None, None)


def complaint(c, key="c1", received=RECEIVED, **extra):
    body = {"idempotency_key": key, "text": "The boiler repair was never finished.", "received_at": received,
            # by post: the acknowledgement waits for staff, so the views and stage actions are staff's
            "contact": {"name": "Ann Example", "email": "Ann@Example.org", "postcode": "TF1 1AA",
                        "address": "1 Example Road, Telford", "preferred_channel": "post"}, **extra}
    r = c.post("/api/v1/complaints", headers=API, json=body)
    assert r.status_code == 201, r.text
    return r.json()["reference"]


def user(app, email) -> StaffUser:
    with factory(app)() as s:
        return s.scalar(select(StaffUser).where(StaffUser.email == email))


# ---------------------------------------------------------------- accept opens the case

def test_accepting_a_complaint_handoff_opens_the_case_with_dates_and_letter(app, jo):
    c, csrf = jo
    hid = handoff(c, "acc", category="complaint", reason=None, text="Nobody has fixed my leak after six reports")
    assert count(app, Complaint) == 0
    r = c.post(f"/staff/handoffs/{hid}/accept", data={"csrf_token": csrf}, follow_redirects=False)
    assert r.status_code == 303 and "/staff/cases/CMP-2026-" in r.headers["location"]
    ref = r.headers["location"].split("/staff/cases/")[1].split("?")[0]
    case = c.get(f"/api/v1/cases/{ref}", headers=API).json()
    assert (case["kind"], case["stage"], case["acknowledge_by"], case["respond_by"], case["handoff_id"]) == (
        "complaint", 1, "2026-12-01", "2026-12-15", hid)  # from the original receipt (Tue 24 Nov)
    assert [x["kind"] for x in c.get(f"/api/v1/cases/{ref}/letters", headers=API).json()] == ["acknowledgement"]
    assert c.get(f"/api/v1/handoffs/{hid}", headers=API).json()["case_reference"] == ref
    page = c.get(r.headers["location"]).text
    assert "the complaint is open with its dates" in page
    assert ref in c.get("/staff/cases").text  # in the complaints list
    # ...and in CH01 (the reports count complaints received in the period)
    from casework.reports import figures as F, queries
    with factory(app)() as s:
        recs = queries.load_complaints(s, F.Period(date(2026, 4, 1), date(2027, 3, 31)), None)
    assert [x.reference for x in recs] == [ref]
    # accepting again opens nothing more
    c.post(f"/staff/handoffs/{hid}/accept", data={"csrf_token": csrf})
    assert count(app, Complaint) == 1


def test_accepting_a_handoff_the_bot_already_opened_keeps_that_case(app, jo):
    c, csrf = jo
    hid = handoff(c, "acc2", category="complaint", reason=None)
    ref = complaint(c, handoff_id=hid, conversation_id="conv-acc2")
    r = c.post(f"/staff/handoffs/{hid}/accept", data={"csrf_token": csrf}, follow_redirects=False)
    assert r.headers["location"].startswith(f"/staff/cases/{ref}")
    assert count(app, Complaint) == 1


# ---------------------------------------------------------------- ownership, Code 6.13, roles

def test_assign_to_me_my_cases_reassign_and_unassigned(app, jo):
    c, csrf = jo
    ref1, ref2 = complaint(c, "o1"), complaint(c, "o2")
    make_user(app, "sam@example.org", "caseworker")
    assert "Nobody yet" in c.get(f"/staff/cases/{ref1}").text
    r = c.post(f"/staff/cases/{ref1}/assign", data={"csrf_token": csrf, "user_id": "me"}, follow_redirects=False)
    assert r.status_code == 303
    mine = c.get("/staff/cases?view=mine").text
    assert ref1 in mine and ref2 not in mine
    unassigned = c.get("/staff/cases?view=unassigned").text
    assert ref2 in unassigned and ref1 not in unassigned
    r = c.post(f"/staff/cases/{ref1}/assign", data={"csrf_token": csrf, "user_id": "me"})
    assert r.status_code == 409 and "already assigned" in alert(r.text)
    sam = user(app, "sam@example.org")
    r = c.post(f"/staff/cases/{ref1}/assign", data={"csrf_token": csrf, "user_id": str(sam.id), "note": "Sam knows the block"},
               follow_redirects=False)
    assert r.status_code == 303
    assert ref1 not in c.get("/staff/cases?view=mine").text
    for bad in ("", "abc", "99999", "1" * 30):
        r = c.post(f"/staff/cases/{ref1}/assign", data={"csrf_token": csrf, "user_id": bad})
        assert r.status_code == 422, bad
    with factory(app)() as s:
        rows = list(s.scalars(select(CaseAssignment).order_by(CaseAssignment.id)))
        assert [(a.user.email, a.stage) for a in rows] == [("jo@example.org", 1), ("sam@example.org", 1)]
        ev = s.scalars(select(AuditEvent).where(AuditEvent.action == "assign")).all()
        assert [(e.before["owner"], e.after["owner"]) for e in ev] == [
            (None, "jo@example.org"), ("jo@example.org", "sam@example.org")]


def test_stage_2_goes_to_a_different_person(app, jo):
    """Code 6.13: whoever handled stage 1 (owned it or responded) can neither be given stage 2 nor act on it."""
    c, csrf = jo
    ref = complaint(c)
    post = lambda action, cl=c, tok=csrf, **d: cl.post(f"/staff/cases/{ref}/{action}",  # noqa: E731
                                                      data={"csrf_token": tok, **d}, follow_redirects=False)
    assert post("assign", user_id="me").status_code == 303
    assert post("acknowledge", acknowledged_on="2026-11-25").status_code == 303
    assert post("respond", decision="upheld", reasons="We were slow", responded_on="2026-12-01").status_code == 303
    assert post("escalate", requested_on="2026-12-02").status_code == 303
    page = c.get(f"/staff/cases/{ref}").text
    assert "Nobody owns this case yet" in page  # released on escalation
    assert "must be handled by a different person" in page
    r = post("assign", user_id="me")
    assert r.status_code == 409 and "6.13" in alert(r.text) and "different person" in alert(r.text)
    for action, data in (("acknowledge", {}), ("respond", {"decision": "upheld", "reasons": "x"}),
                         ("extend", {"days": "5", "reason": "x"})):
        r = post(action, **data)
        assert r.status_code == 409 and "6.13" in alert(r.text), action
    # a colleague can take it and respond
    sam_c, sam_csrf = sign_in(app, "sam@example.org")
    try:
        assert post("assign", sam_c, sam_csrf, user_id="me").status_code == 303
        assert post("acknowledge", sam_c, sam_csrf).status_code == 303
        assert post("respond", sam_c, sam_csrf, decision="partly_upheld", reasons="Part of it").status_code == 303
    finally:
        sam_c.__exit__(None, None, None)
    # and nobody can hand stage 2 back to jo
    sam = user(app, "sam@example.org")
    jo_user = user(app, "jo@example.org")
    with factory(app)() as s:
        case = s.scalar(select(Complaint).where(Complaint.reference == ref))
        assert ownership.stage_handlers(s, case, 1) == {jo_user.id}
        assert ownership.stage_handlers(s, case, 2) == {sam.id}
        with pytest.raises(Refused) as e:
            ownership.assign(s, case, s.get(StaffUser, jo_user.id), s.get(StaffUser, sam.id))
        assert e.value.status == 409


def test_responding_at_stage_1_without_owning_it_still_counts(app, jo):
    """The service layer, called directly: a stage 1 responder who never owned the case is refused at stage 2."""
    c, csrf = jo
    ref = complaint(c)
    with factory(app)() as s:
        jo_user = s.scalar(select(StaffUser).where(StaffUser.email == "jo@example.org"))
        staff_cases.respond(s, jo_user, ref, staff_cases.Response("upheld", "Sorry", responded_on=date(2026, 11, 30)))
        staff_cases.escalate(s, jo_user, ref, datetime(2026, 12, 1, 10, tzinfo=timezone.utc))
        with pytest.raises(Refused, match="6.13"):
            staff_cases.respond(s, jo_user, ref, staff_cases.Response("upheld", "Again"))


def test_only_a_manager_closes_as_not_upheld(app, jo):
    c, csrf = jo
    ref = complaint(c)
    r = c.post(f"/staff/cases/{ref}/respond", data={"csrf_token": csrf, "decision": "not_upheld", "reasons": "No fault"})
    assert r.status_code == 403 and "Only a manager" in alert(r.text)
    assert c.get(f"/api/v1/cases/{ref}", headers=API).json()["status"] == "open"
    with factory(app)() as s:  # the same rule when the service is called without a page
        jo_user = s.scalar(select(StaffUser).where(StaffUser.email == "jo@example.org"))
        with pytest.raises(Refused, match="Only a manager"):
            staff_cases.respond(s, jo_user, ref, staff_cases.Response("not_upheld", "No fault"))
    mo, mo_csrf = sign_in(app, "mo@example.org", "manager")
    try:
        r = mo.post(f"/staff/cases/{ref}/respond", data={"csrf_token": mo_csrf, "decision": "not_upheld",
                                                         "reasons": "No fault found"}, follow_redirects=False)
        assert r.status_code == 303
    finally:
        mo.__exit__(None, None, None)
    assert c.get(f"/api/v1/cases/{ref}", headers=API).json()["decision"] == "not_upheld"


def test_a_second_extension_needs_a_manager(app, jo, monkeypatch):
    """No shipped profile allows two extensions, so one is made here that does."""
    from casework.profiles import all_profiles, get_profile
    base = get_profile("code-2024")
    st1 = base.stages[0].model_copy(update={"max_extensions": 2, "extension_days": 20})
    monkeypatch.setitem(all_profiles(), "code-2024", base.model_copy(update={"stages": [st1, *base.stages[1:]]}))
    c, csrf = jo
    ref = complaint(c)
    ext = lambda cl, tok: cl.post(f"/staff/cases/{ref}/extend", follow_redirects=False,  # noqa: E731
                                  data={"csrf_token": tok, "days": "5", "reason": "Waiting for a surveyor"})
    assert ext(c, csrf).status_code == 303
    r = ext(c, csrf)
    assert r.status_code == 403 and "extension beyond the first" in alert(r.text)
    mo, mo_csrf = sign_in(app, "mo@example.org", "manager")
    try:
        assert ext(mo, mo_csrf).status_code == 303
    finally:
        mo.__exit__(None, None, None)
    assert c.get(f"/api/v1/cases/{ref}", headers=API).json()["extension_days"] == 10


def test_only_a_manager_reclassifies_out_of_a_complaint(app, jo):
    c, csrf = jo
    hid = handoff(c, "rc", category="complaint", reason=None)
    complaint(c, handoff_id=hid, conversation_id="conv-rc")
    r = c.post(f"/staff/handoffs/{hid}/reclassify", data={"csrf_token": csrf, "category": "service_request",
                                                          "topic": "repair", "note": "Only a repair"})
    assert r.status_code == 403 and "Only a manager" in alert(r.text)
    # correcting the assistant's triage where no complaint was opened is a caseworker's job
    hid2 = handoff(c, "rc2", category="complaint", reason=None)
    r = c.post(f"/staff/handoffs/{hid2}/reclassify", follow_redirects=False, data={
        "csrf_token": csrf, "category": "service_request", "topic": "repair", "note": "Only a repair"})
    assert r.status_code == 303


# ---------------------------------------------------------------- search and views

def test_search_by_reference_name_email_postcode_and_phrase(app, jo):
    c, _ = jo
    ref = complaint(c, "s1", text="Black mould in the back bedroom since 50% of the winter")
    other = complaint(c, "s2", text="Noisy lift", contact={"name": "Bob Other", "email": "bob@example.org",
                                                          "postcode": "SW1A 2AA"})
    hid = handoff(c, "s3", text="The mould came back in the bathroom")
    assert c.get(f"/staff/search?q={ref.lower()}", follow_redirects=False).headers["location"] == f"/staff/cases/{ref}"
    for q in ("ann example", "ANN@example.ORG", "tf1 1aa", "TF11AA", "back bedroom"):
        page = c.get("/staff/search", params={"q": q}).text
        assert ref in page and other not in page, q
    page = c.get("/staff/search", params={"q": "mould"}).text
    assert ref in page and f"/staff/handoffs/{hid}" in page  # a handoff without a case is found too
    assert other in c.get("/staff/search", params={"q": "SW1A"}).text
    # LIKE wildcards are text, not patterns
    assert ref in c.get("/staff/search", params={"q": "50%"}).text
    assert "Nothing matches" in c.get("/staff/search", params={"q": "%_%"}).text
    assert c.get("/staff/search", params={"q": "a"}).status_code == 422
    assert c.get("/staff/search", params={"q": "x" * 201}).status_code == 422
    r = c.get("/staff/search", params={"q": "<script>alert(1)</script>"})
    assert r.status_code == 200 and "<script>alert(1)" not in r.text


def test_search_finds_a_case_by_its_representatives_details(app, jo):
    """The representative's e-mail, phone and postcode are theirs (not copied onto the resident's
    contact), so staff search reads the representative's contact too."""
    c, _ = jo
    ref = complaint(c, "r1", representative={"name": "Sam Carer", "relationship": "son", "email": "Sam@Carer.org",
                                              "phone": "07700 900123", "postcode": "LS6 2AB", "consent": True,
                                              "consent_method": "told us in chat"})
    other = complaint(c, "r2", contact={"name": "Bob Other", "postcode": "SW1A 2AA"})
    for q in ("sam@carer.org", "ls6 2ab", "LS62AB", "07700 900123", "sam carer"):
        page = c.get("/staff/search", params={"q": q}).text
        assert ref in page and other not in page, q


def test_due_soon_and_overdue_views(app, jo, monkeypatch):
    """Today is Wed 2 Dec 2026: the due-soon window is Thu 3, Fri 4, Mon 7 Dec (3 working days)."""
    c, csrf = jo
    monkeypatch.setattr(deadlines, "today", lambda: WED_2_DEC)
    late = complaint(c, "d1", received="2026-11-24T10:00:00+00:00")  # acknowledge by Tue 1 Dec: overdue
    soon = complaint(c, "d2", received="2026-11-27T10:00:00+00:00")  # acknowledge by Fri 4 Dec
    edge = complaint(c, "d3", received="2026-11-30T10:00:00+00:00")  # acknowledge by Mon 7 Dec (day 3)
    later = complaint(c, "d4", received="2026-12-02T10:00:00+00:00")  # acknowledge by Wed 9 Dec
    page = c.get("/staff/cases?view=due_soon").text
    assert soon in page and edge in page and late not in page and later not in page
    assert "Mon 7 Dec 2026" in page  # the window is stated
    page = c.get("/staff/cases?view=overdue").text
    assert late in page and soon not in page and edge not in page
    # from Thu 24 Dec: Christmas (Fri 25) and the Boxing Day holiday (Mon 28) are skipped: Tue 29, Wed 30, Thu 31
    assert deadlines.due_soon_until(date(2026, 12, 24)) == date(2026, 12, 31)


# ---------------------------------------------------------------- notes and contact log

def test_case_notes_and_contact_log(app, jo):
    c, csrf = jo
    ref = complaint(c)
    r = c.post(f"/staff/cases/{ref}/notes", data={"csrf_token": csrf, "text": "Called the contractor <b>again</b>"},
               follow_redirects=False)
    assert r.status_code == 303
    r = c.post(f"/staff/cases/{ref}/contacts", follow_redirects=False, data={
        "csrf_token": csrf, "channel": "phone", "direction": "out", "happened_at": "2026-11-26T14:30",
        "text": "Left a voicemail about the visit"})
    assert r.status_code == 303
    page = c.get(f"/staff/cases/{ref}").text
    assert "Called the contractor &lt;b&gt;again&lt;/b&gt;" in page
    assert "Left a voicemail about the visit" in page and "To the resident" in page and "Thu 26 Nov 2026 14:30" in page
    for data in ({"text": "  "}, {"text": "x" * 5001}):
        assert c.post(f"/staff/cases/{ref}/notes", data={"csrf_token": csrf, **data}).status_code == 422
    for data in ({"channel": "pigeon", "direction": "in", "text": "x"}, {"channel": "phone", "direction": "up", "text": "x"},
                 {"channel": "phone", "direction": "in", "text": "x", "happened_at": "2099-01-01T10:00"},
                 {"channel": "phone", "direction": "in", "text": "x", "happened_at": "yesterday"}):
        assert c.post(f"/staff/cases/{ref}/contacts", data={"csrf_token": csrf, **data}).status_code == 422, data
    with factory(app)() as s:
        assert [(n.kind, n.author) for n in s.scalars(select(CaseNote).order_by(CaseNote.id))] == [
            ("note", "staff:jo@example.org"), ("contact", "staff:jo@example.org")]
        ev = s.scalar(select(AuditEvent).where(AuditEvent.action == "contact"))
        assert ev.entity_ref == ref and "voicemail" not in str(ev.after)  # the audit holds no text


# ---------------------------------------------------------------- bulk, duplicates, queue rows

def test_bulk_accept_and_close_as_duplicate(app, jo):
    c, csrf = jo
    h1 = handoff(c, "b1", category="complaint", reason=None, text="Leak again, fifth time")
    h2 = handoff(c, "b2", category="compliment", reason=None, text="Thanks to Sarah")
    h3 = handoff(c, "b3", category="complaint", reason=None, text="Leak again, I wrote yesterday too")
    dup_own = complaint(c, "b3c", handoff_id=h3, conversation_id="conv-b3")  # the bot opened a second complaint for the same leak
    r = c.post("/staff/queue/bulk", data={"csrf_token": csrf, "bulk_action": "accept", "ids": [str(h1), str(h2)]})
    assert r.status_code == 200 and f"Handoff {h1}</a>: accepted" in r.text
    with factory(app)() as s:
        main = s.get(Handoff, h1).case_reference
        assert main.startswith("CMP-") and s.get(Handoff, h2).review_status == "accepted"
    r = c.post("/staff/queue/bulk", data={"csrf_token": csrf, "bulk_action": "duplicate",
                                          "duplicate_of": main.lower(), "ids": [str(h3), "999999"]})
    assert f"closed as a duplicate of {main}" in r.text and "Handoff 999999</a>: not done" in r.text
    old = c.get(f"/api/v1/cases/{dup_own}", headers=API).json()
    assert old["status"] == "closed" and old["outcome"] == f"Duplicate of {main}"
    with factory(app)() as s:
        h = s.get(Handoff, h3)
        assert (h.case_reference, h.review_status) == (main, "duplicate")
    assert "duplicate" in c.get("/staff/queue?status=duplicate").text.lower()
    for data in ({"bulk_action": "accept"}, {"bulk_action": "explode", "ids": str(h1)},
                 {"bulk_action": "duplicate", "ids": str(h1)}):
        assert c.post("/staff/queue/bulk", data={"csrf_token": csrf, **data}).status_code == 422, data
    r = c.post(f"/staff/handoffs/{h2}/duplicate", data={"csrf_token": csrf, "duplicate_of": "CMP-2026-999999"})
    assert r.status_code == 422


def test_queue_rows_say_who_and_what_in_plain_words(app, jo):
    c, _ = jo
    hid = handoff(c, "w1", category="excluded", reason="asb", channel="rest",
                  text="My neighbour's dog barks all night", explanation="Recognised as report asb.")
    c.post("/api/v1/excluded-matters", headers=API, json={
        "idempotency_key": "w1x", "text": "dog barks", "reason": "asb", "conversation_id": "conv-w1",
        "contact": {"name": "Ann Example", "email": "ann@example.org"}})
    page = c.get("/staff/queue").text
    assert f'class="row-link">Ann Example – Excluded matter (new ASB report): My neighbour&#39;s dog barks all night</a>' in page
    assert f">Handoff {hid}<" not in page
    assert "Web chat" in page and ">rest<" not in page
    assert "The assistant read this as a new report of anti-social behaviour." in page
    h = c.get(f"/staff/handoffs/{hid}").text
    assert "Housing Ombudsman Complaint Handling Code 2024" in h and "code-2024" not in h


def test_plain_words():
    assert plain.channel("rest") == "Web chat" and plain.channel("webchat") == "Web chat"
    assert plain.explanation("Recognised as report asb.") == \
        "The assistant read this as a new report of anti-social behaviour."
    assert plain.explanation("It reports a neighbour's behaviour; recognised as report_asb (similar intents combined)") == \
        ("It reports a neighbour's behaviour; the assistant read this as a new report of anti-social behaviour "
         "(taking similar readings together).")
    assert "Complaint Handling Code 2024" in plain.profile_name("code-2024")
    assert plain.profile_name("nope") == "nope" and plain.channel(None) == "-"
    assert plain.actor("staff:jo@example.org") == "jo@example.org" and plain.actor("bot") == "the assistant"


def test_migration_0005_down_and_up(db_url):
    from alembic import command
    from sqlalchemy import create_engine, inspect

    from casework.db import normalise_url
    from test_staff import BACKEND

    cfg = alembic_config(db_url)
    engine = create_engine(normalise_url(db_url))
    tables = lambda: {"case_assignments", "case_notes"} & set(inspect(engine).get_table_names())  # noqa: E731
    assert tables() == {"case_assignments", "case_notes"}
    command.downgrade(cfg, "0003")
    assert tables() == set()
    command.upgrade(cfg, "head")
    assert tables() == {"case_assignments", "case_notes"}
    engine.dispose()


def test_new_pages_need_sign_in_and_csrf(app, anon_client, jo):
    c, csrf = jo
    ref = complaint(c)
    for path in ("/staff/search?q=ann", "/staff/cases?view=mine", "/staff/cases?view=due_soon"):
        r = anon_client.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/staff/login"), path
    for path in (f"/staff/cases/{ref}/assign", f"/staff/cases/{ref}/notes", f"/staff/cases/{ref}/contacts",
                 "/staff/queue/bulk", "/staff/handoffs/1/duplicate"):
        assert anon_client.post(path, data={"csrf_token": "x"}, follow_redirects=False).status_code == 303, path
        r = c.post(path, data={"csrf_token": "wrong", "user_id": "me", "text": "x"})
        assert r.status_code == 403, path
    assert count(app, CaseNote) == 0 and count(app, CaseAssignment) == 0
