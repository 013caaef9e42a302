"""Every record the assistant opens is linked to the handoff of the message it records (brief F1):
service requests (a declined complaint offer), excluded matters and compliments as complaints were,
plus the other handoffs the conversation raised that the record answers (a safeguarding disclosure
typed in a form's answer: linked_handoff_ids). Trust boundary: only handoffs of the body's own
conversation; an unknown or foreign id is a 404 with code handoff_not_in_conversation and nothing is
written. The staff page of a handoff recorded as something else shows that record and does not offer
to open a complaint as if nothing had been opened. Runs on SQLite and PostgreSQL (the app fixture)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from casework.models import Case, Complaint, Handoff, ServiceRequest
from test_staff import API, RECEIVED, alert, count, factory, handoff, staff  # noqa: F401 (staff: fixture)

CONV = "conv-h-1"  # test_staff.handoff's conversation for the default key
NOT_HERE = "handoff_not_in_conversation"


def create(c, path, key, expect=201, **extra):
    body = {"idempotency_key": key, "text": "The kitchen tap still drips", "received_at": RECEIVED,
            "conversation_id": CONV, "contact": {"name": "Ann Example", "email": "ann@example.org"}, **extra}
    r = c.post(f"/api/v1/{path}", headers=API, json=body)
    assert r.status_code == expect, r.text
    return r.json()


def handoff_row(app, hid) -> Handoff:
    with factory(app)() as s:
        return s.get(Handoff, hid)


@pytest.mark.parametrize("path,extra,kind", [
    ("service-requests", {"topic": "repair", "dissatisfaction_noted": True}, "service_request"),
    ("excluded-matters", {"reason": "asb"}, "excluded"),
    ("compliments", {"person": "Dave"}, "compliment"),
], ids=["service_request", "excluded", "compliment"])
def test_a_record_links_the_handoff_of_its_message(app, staff, path, extra, kind):
    c, _ = staff
    hid = handoff(c, category="complaint", reason=None)
    rec = create(c, path, "r1", handoff_id=hid, **extra)
    assert (rec["kind"], rec["handoff_id"]) == (kind, hid)
    h = handoff_row(app, hid)
    assert (h.case_reference, h.status) == (rec["reference"], "linked")


def test_a_later_handoff_of_the_conversation_is_linked_too(app, staff):
    c, _ = staff
    first = handoff(c, category="complaint", reason=None)
    sg = handoff(c, "h-1-sg", conversation_id=CONV, category="unclear", reason=None, flags=["safeguarding"],
                 text="and to be moved, my partner hits me")
    cmp_ = create(c, "complaints", "c1", handoff_id=first, linked_handoff_ids=[sg])
    assert cmp_["handoff_id"] == first
    assert {handoff_row(app, i).case_reference for i in (first, sg)} == {cmp_["reference"]}
    page = c.get(f"/staff/handoffs/{sg}").text
    assert cmp_["reference"] in page and "none opened" not in page


@pytest.mark.parametrize("field", ["handoff_id", "linked_handoff_ids"])
def test_a_handoff_of_another_conversation_or_unknown_is_refused_and_nothing_written(app, staff, field):
    c, _ = staff
    own = handoff(c, category="complaint", reason=None)
    other = handoff(c, "h-2", category="complaint", reason=None)  # conversation conv-h-2
    for hid in (other, 999_999):
        ids = {"handoff_id": hid} if field == "handoff_id" else {"handoff_id": own, field: [hid]}
        r = create(c, "service-requests", "sr1", expect=404, **ids)
        assert r["code"] == NOT_HERE and r["detail"] == f"No handoff with id {hid} in this conversation."
    assert count(app, Case) == 0 and handoff_row(app, other).case_reference is None
    assert handoff_row(app, own).case_reference is None
    # a create without its conversation cannot name a conversation's handoff either
    r = create(c, "service-requests", "sr1", expect=404, conversation_id=None, handoff_id=own)
    assert r["code"] == NOT_HERE
    # the same key without the refused id records the matter (the assistant's retry)
    assert create(c, "service-requests", "sr1")["reference"].startswith("SR-")


def test_a_declined_complaint_shows_its_record_and_accepting_opens_no_complaint(app, staff):
    c, csrf = staff
    hid = handoff(c, category="complaint", reason=None, text="Third time the tap is broken, sort it out")
    sr = create(c, "service-requests", "sr1", handoff_id=hid, topic="repair", dissatisfaction_noted=True)
    page = c.get(f"/staff/handoffs/{hid}").text
    assert "none opened" not in page and f'{sr["reference"]}</a> (Service request' in page
    assert "Accept as Complaint" not in page and "Accepting opens the complaint" not in page
    assert "Accept the triage</button>" in page and 'id="recorded-as"' in page
    r = c.post(f"/staff/handoffs/{hid}/accept", data={"csrf_token": csrf}, follow_redirects=False)
    assert r.status_code == 303 and count(app, Complaint) == 0
    h = handoff_row(app, hid)
    assert (h.review_status, h.case_reference) == ("accepted", sr["reference"])
    # into a service request: it is one already, so nothing more is opened
    r = c.post(f"/staff/handoffs/{hid}/reclassify", follow_redirects=False, data={
        "csrf_token": csrf, "category": "service_request", "note": "A repair, as the resident asked"})
    assert r.status_code == 303 and count(app, ServiceRequest) == 1
    assert handoff_row(app, hid).case_reference == sr["reference"]
    # a complaint as well: the existing correction path, with its reason
    r = c.post(f"/staff/handoffs/{hid}/reclassify", follow_redirects=False, data={
        "csrf_token": csrf, "category": "complaint", "note": "Resident rang back: wants a complaint"})
    assert r.status_code == 303, alert(r.text)
    with factory(app)() as s:
        cmp_ = s.scalar(select(Complaint))
        assert cmp_.handoff_id == hid and s.get(Handoff, hid).case_reference == cmp_.reference
    # and now it is one, the same again is refused
    r = c.post(f"/staff/handoffs/{hid}/reclassify", data={"csrf_token": csrf, "category": "complaint",
                                                          "note": "again"})
    assert r.status_code == 409 and count(app, Complaint) == 1


def test_a_complaint_handoff_with_no_record_still_opens_one_on_accept(app, staff):
    c, csrf = staff
    hid = handoff(c, category="complaint", reason=None)
    page = c.get(f"/staff/handoffs/{hid}").text
    assert "none opened" in page and "Accept as Complaint</button>" in page
    c.post(f"/staff/handoffs/{hid}/accept", data={"csrf_token": csrf})
    assert count(app, Complaint) == 1
