"""What the hazard acknowledgement letter says about deadlines whose clock has not started
(Awaab's Law: they run from the day the investigation ends), and about hazards with no statutory
clock (SQLite and PostgreSQL, through the API as the assistant and staff use it)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from casework.models import OutboxMessage


def _report(client, k: str, received_at: str, hazard_type: str = "damp_mould") -> str:
    """A hazard from a chat message; its reference (no case yet, so no letter yet)."""
    r = client.post("/api/v1/hazards", json={
        "idempotency_key": f"hz-{k}", "hazard_type": hazard_type, "conversation_id": f"conv-{k}",
        "received_at": received_at, "household_known": True})
    assert r.status_code == 201, r.text
    return r.json()["reference"]


def _open_case(client, session, k: str, received_at: str) -> str:
    """The service request from the same chat: the hazard is linked and its letter queued."""
    r = client.post("/api/v1/service-requests", json={
        "idempotency_key": f"sr-{k}", "text": "mould on the bedroom wall", "conversation_id": f"conv-{k}",
        "topic": "damp_mould", "received_at": received_at, "contact": {"email": f"{k}@example.org"}})
    assert r.status_code == 201, r.text
    letter = session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "hazard_acknowledgement",
                                                        OutboxMessage.recipient == f"{k}@example.org"))
    assert letter is not None
    return letter.body_text


def test_pending_deadlines_give_the_rule_what_starts_it_and_the_date_if_the_investigation_ends_in_time(
        client, session, clock):
    clock.set("2026-12-24T17:00:00+00:00")
    _report(client, "xmas", "2026-12-24T16:30:00+00:00")
    text = _open_case(client, session, "xmas", "2026-12-24T16:30:00+00:00")
    # the started clock keeps its own date (10 working days over Christmas and New Year)
    assert "- Investigate: by Tuesday 12 January 2027." in text
    # the ones not started: what starts them, and dates only as a condition, never as a promise
    assert ("The other timescales start on the day we finish the investigation, so their dates are not "
            "fixed yet. If we finish it on Tuesday 12 January 2027, the last day the law allows, they are:") in text
    assert ("- Written summary of findings to the tenant: within 3 working days of finishing, "
            "so by Friday 15 January 2027.") in text
    assert "- Relevant safety work: within 5 working days of finishing, so by Tuesday 19 January 2027." in text
    assert ("- Begin supplementary preventative work (or take steps to begin it): within 5 working days of "
            "finishing, so by Tuesday 19 January 2027.") in text
    assert ("- Supplementary preventative work physically started: within 12 weeks of finishing, "
            "so by Tuesday 6 April 2027.") in text
    assert "If we finish sooner, each date comes sooner." in text
    assert "Monday to Friday, not counting bank holidays" in text
    assert "We will give you these dates when we know them" not in text


def test_bank_holidays_move_the_conditional_dates(client, session, clock):
    """Before Easter 2027: the investigation is due Monday 12 April; 3 working days from then."""
    clock.set("2027-03-25T15:30:00+00:00")
    _report(client, "easter", "2027-03-25T15:00:00+00:00")
    text = _open_case(client, session, "easter", "2027-03-25T15:00:00+00:00")
    assert "- Investigate: by Monday 12 April 2027." in text
    assert "within 3 working days of finishing, so by Thursday 15 April 2027." in text


def test_once_the_investigation_has_ended_every_deadline_has_its_date_and_no_condition(client, session, clock):
    clock.set("2026-12-02T12:00:00+00:00")
    ref = _report(client, "done", "2026-11-26T10:00:00+00:00")
    r = client.post(f"/api/v1/hazards/{ref}/steps", json={
        "step": "investigation_concluded", "at": "2026-12-01T11:00:00+00:00",
        "findings": "Condensation from a blocked extractor fan"})
    assert r.status_code == 200, r.text
    text = _open_case(client, session, "done", "2026-11-26T10:00:00+00:00")
    assert "- Written summary of findings to the tenant: by Friday 4 December 2026." in text
    assert "- Relevant safety work: by Tuesday 8 December 2026." in text
    assert "- Supplementary preventative work physically started: by Tuesday 23 February 2027." in text
    assert "of finishing" not in text and "If we finish it on" not in text


def test_an_overdue_investigation_is_said_and_no_date_is_given_for_what_it_starts(client, session, clock):
    clock.set("2026-12-11T09:00:00+00:00")  # the investigation was due by the end of Thursday 10 December
    _report(client, "late", "2026-11-26T10:00:00+00:00")
    text = _open_case(client, session, "late", "2026-12-11T09:00:00+00:00")
    assert "- Investigate: by Thursday 10 December 2026." in text
    assert ("We have not finished the investigation yet: the law says we should have finished it by "
            "Thursday 10 December 2026.") in text
    assert "- Written summary of findings to the tenant: within 3 working days of finishing." in text
    assert "so by" not in text and "If we finish it on" not in text


def test_a_hazard_with_no_statutory_clock_says_why(client, session, clock):
    clock.set("2026-12-01T10:30:00+00:00")
    _report(client, "falls", "2026-12-01T10:00:00+00:00", hazard_type="falls")
    text = _open_case(client, session, "falls", "2026-12-01T10:00:00+00:00")
    assert ("Awaab's Law does not yet set timescales for this kind of hazard when it is not an emergency: "
            "the government has not yet set a date for them to start.") in text
    assert "the law says we must make an emergency hazard safe within 24 hours" in text
    assert " by " not in text.split("Thank you", 1)[1].split("If we cannot")[0]  # no date invented


def test_a_date_set_by_regulations_after_the_report_is_given(client, session, clock, monkeypatch, fire_significant_from):
    cat = fire_significant_from(date(2027, 1, 1))
    from casework.hazards import letters, service
    monkeypatch.setattr(service, "catalogue", lambda: cat)
    monkeypatch.setattr(letters, "catalogue", lambda: cat)
    clock.set("2026-12-01T10:30:00+00:00")
    _report(client, "fire", "2026-12-01T10:00:00+00:00", hazard_type="fire")
    text = _open_case(client, session, "fire", "2026-12-01T10:00:00+00:00")
    assert ("The legal timescales (Awaab's Law) for this kind of hazard, when it is not an emergency, apply "
            "to reports made from Friday 1 January 2027. We became aware of it before then, so they do not "
            "apply to this report.") in text


POSTED = {"name": "Pat Nolan", "address": "Flat 9, Hawthorn Court, Leeds", "postcode": "LS6 2AB",
          "preferred_channel": "post"}
BLOCK = "Pat Nolan\nFlat 9\nHawthorn Court\nLeeds\nLS6 2AB\n\n"


def _letters(client, session, k: str, received_at: str, contact: dict) -> dict[str, OutboxMessage]:
    """The service request from the chat of hazard `k`, with this contact: the case's letters by kind."""
    r = client.post("/api/v1/service-requests", json={
        "idempotency_key": f"sr-{k}", "text": "mould on the bedroom wall", "conversation_id": f"conv-{k}",
        "topic": "damp_mould", "received_at": received_at, "contact": contact})
    assert r.status_code == 201, r.text
    rows = session.scalars(select(OutboxMessage).where(OutboxMessage.reference == r.json()["reference"]))
    return {m.kind: m for m in rows}


def test_a_hazard_letter_that_goes_by_post_opens_with_the_address_and_the_date(client, session, clock):
    clock.set("2026-12-02T12:00:00+00:00")  # Wednesday 2 December 2026
    ref = _report(client, "post", "2026-11-26T10:00:00+00:00")
    by_kind = _letters(client, session, "post", "2026-11-26T10:00:00+00:00", POSTED)
    ack = by_kind["hazard_acknowledgement"]
    assert (ack.channel, ack.recipient, ack.status) == ("post", None, "manual")  # staff print and post it
    assert ack.body_text.startswith(BLOCK + "Wednesday 2 December 2026\n\nDear Pat Nolan,\n\nThank you for "
                                    "telling us about"), ack.body_text[:160]
    # the service request's own letter (casework.letters) opens with the very same block
    assert by_kind["service_request"].body_text.startswith(BLOCK + "Wednesday 2 December 2026\n\nDear Pat Nolan,")
    # the written summary too, dated the day it is written
    for step, at in (("investigation_concluded", "2026-12-01T11:00:00+00:00"),
                     ("summary_sent", "2026-12-03T09:00:00+00:00")):
        clock.set("2026-12-03T09:30:00+00:00")  # Thursday 3 December 2026
        r = client.post(f"/api/v1/hazards/{ref}/steps", json={
            "step": step, "at": at, "findings": "Condensation from a blocked extractor fan"})
        assert r.status_code == 200, r.text
    summary = session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "hazard_summary",
                                                         OutboxMessage.case_id == ack.case_id))
    assert summary.channel == "post"
    assert summary.body_text.startswith(BLOCK + "Thursday 3 December 2026\n\nDear Pat Nolan,\n\nThis is the "
                                        "written summary"), summary.body_text[:160]


def test_an_emailed_hazard_letter_has_no_address_or_date_block(client, session, clock):
    clock.set("2026-12-02T12:00:00+00:00")
    _report(client, "mail", "2026-11-26T10:00:00+00:00")
    contact = {**POSTED, "preferred_channel": "email", "email": "pat@example.org"}
    ack = _letters(client, session, "mail", "2026-11-26T10:00:00+00:00", contact)["hazard_acknowledgement"]
    assert (ack.channel, ack.recipient) == ("email", "pat@example.org")
    assert ack.body_text.startswith("Dear Pat Nolan,\n\nThank you for telling us about"), ack.body_text[:120]
    assert "Hawthorn Court" not in ack.body_text and "LS6 2AB" not in ack.body_text
    assert "Wednesday 2 December 2026" not in ack.body_text  # no date line: the e-mail is dated


def test_the_letter_names_the_hazard_in_a_sentence_with_its_article(client, session, clock):
    clock.set("2026-12-01T10:30:00+00:00")
    _report(client, "elec", "2026-12-01T10:00:00+00:00", hazard_type="electrical")
    text = _open_case(client, session, "elec", "2026-12-01T10:00:00+00:00")
    assert "Thank you for telling us about an electrical hazard in your home." in text
    _report(client, "damp", "2026-12-01T10:00:00+00:00")
    text = _open_case(client, session, "damp", "2026-12-01T10:00:00+00:00")
    assert "Thank you for telling us about damp and mould in your home." in text


def test_every_hazard_reads_in_a_sentence():
    from casework.hazards.catalogue import load_catalogue
    cat = load_catalogue()
    said = {h.id: cat.in_sentence(h.id) for h in cat.hazards}
    assert said["electrical"] == "an electrical hazard" and said["gas_co"] == "a gas leak or carbon monoxide"
    assert said["damp_mould"] == "damp and mould" and cat.in_sentence("gone_type") == "gone type"


def _emergency(client, session, k: str, hazard_type: str, **extra) -> str:
    """An emergency hazard from the chat and the service request that carries its letter."""
    r = client.post("/api/v1/hazards", json={
        "idempotency_key": f"hz-{k}", "hazard_type": hazard_type, "conversation_id": f"conv-{k}",
        "received_at": "2026-12-01T10:00:00+00:00", "household_known": True, **extra})
    assert r.status_code == 201 and r.json()["severity"] == "emergency", r.text
    return _open_case(client, session, k, "2026-12-01T10:00:00+00:00")


def test_the_emergency_letter_gives_the_advice_that_fits_the_hazard_once(client, session, clock):
    """hg-13: mould and no heating were told 'If you smell gas'; water through a light got no electrics advice."""
    clock.set("2026-12-01T10:30:00+00:00")
    mould = _emergency(client, session, "mould", "damp_mould", vulnerabilities=["baby"])
    assert "smell gas" not in mould and "GP or call NHS 111" in mould
    assert mould.count("If anyone is in danger, call 999.") == 1
    cold = _emergency(client, session, "cold", "excess_cold", vulnerabilities=["older_person"])
    assert "smell gas" not in cold and "keep at least one room warm" in cold
    electrics = _emergency(client, session, "elec", "electrical", emergency_signs=True)
    assert "smell gas" not in electrics and "turn the power off at the fuse box" in electrics
    gas = _emergency(client, session, "gas", "gas_co", emergency_signs=True)
    assert gas.count("0800 111 999") == 1 and gas.count("call 999") == 1
