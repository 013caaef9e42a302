from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from casework import stages
from casework.profiles import get_profile
from casework.stages import StageRefused

LONDON = ZoneInfo("Europe/London")
RECEIVED = datetime(2026, 11, 24, 10, 15, tzinfo=timezone.utc)   # Tue, before closing
ESCALATED = datetime(2026, 12, 14, 10, 0, tzinfo=timezone.utc)   # Mon
D = date.fromisoformat

# Every profile's timetable: (stage, acknowledge_by, respond_by) opened RECEIVED, each later stage
# asked for at ESCALATED. Checked by hand against the 2026 England bank holidays
# (25, 26 -> 28 Dec and 1 Jan are skipped).
TIMETABLES = {
    "code-2024": [(1, "2026-12-01", "2026-12-15"), (2, "2026-12-21", "2027-01-21")],
    "paradigm-2020": [(1, "2026-11-26", "2026-12-08"), (2, None, None), (3, None, None)],
    "wrekin-2020-housing": [(1, "2026-11-25", "2026-12-01"), (2, None, "2026-12-30"), (3, None, "2027-01-14")],
    "wrekin-2020-care": [(1, None, None), (2, "2026-12-21", "2027-01-08"), (3, "2026-12-21", "2027-01-28")],
    "resolution-team-2022": [(1, None, "2026-12-08"), (2, None, "2027-01-14")],
    "pa-housing-2022": [(1, "2026-12-01", "2026-12-08"), (2, "2026-12-21", "2027-01-21")],
    "impact-2018": [(1, None, "2026-12-01"), (2, "2026-12-17", "2027-01-19")],
}


def _d(s):
    return D(s) if s else None


def answered(p, s, on=None):
    """Stage answered (escalation follows a response unless the response is overdue)."""
    return stages.respond(p, s, "not_upheld", "reasons", on or ESCALATED.date())


@pytest.mark.parametrize("pid", sorted(TIMETABLES))
def test_timetable(pid):
    p = get_profile(pid)
    s = stages.open_complaint(p, RECEIVED)
    got = [(s.stage, s.acknowledge_by, s.respond_by)]
    while s.stage < p.last_stage:
        s = stages.escalate(p, answered(p, s), ESCALATED)
        assert s.received_on == D("2026-12-14") and s.status == "open"
        got.append((s.stage, s.acknowledge_by, s.respond_by))
    assert got == [(n, _d(a), _d(r)) for n, a, r in TIMETABLES[pid]]


@pytest.mark.parametrize("band, due", [("simple", "2026-12-01"), ("standard", "2026-12-08"),
                                       ("complex", "2026-12-15"), ("very_complex", "2026-12-31")])
def test_paradigm_complexity_bands(band, due):
    s = stages.open_complaint(get_profile("paradigm-2020"), RECEIVED, band)
    assert s.respond_by == D(due) and s.complexity == band


def test_unknown_complexity_band_is_refused():
    with pytest.raises(ValueError, match="unknown complexity 'epic'"):
        stages.open_complaint(get_profile("paradigm-2020"), RECEIVED, "epic")


def test_complexity_ignored_for_profiles_without_bands():
    s = stages.open_complaint(get_profile("code-2024"), RECEIVED, "complex")
    assert s.complexity is None and s.respond_by == D("2026-12-15")


def test_receipt_after_closing_on_christmas_eve():
    s = stages.open_complaint(get_profile("code-2024"), datetime(2026, 12, 24, 17, 5, tzinfo=LONDON))
    assert (s.received_on, s.acknowledge_by, s.respond_by) == (D("2026-12-29"), D("2027-01-06"), D("2027-01-20"))


CODE = get_profile("code-2024")


def opened():
    return stages.open_complaint(CODE, RECEIVED)


def test_acknowledge_recomputes_respond_by_from_the_real_date():
    s = stages.acknowledge(CODE, opened(), D("2026-11-25"))
    assert s.acknowledged_on == D("2026-11-25") and s.respond_by == D("2026-12-09")


def test_acknowledge_for_a_response_counted_from_receipt_keeps_the_date():
    p = get_profile("pa-housing-2022")
    s = stages.acknowledge(p, stages.open_complaint(p, RECEIVED), D("2026-11-25"))
    assert s.respond_by == D("2026-12-08")


def test_acknowledge_refusals():
    s = stages.acknowledge(CODE, opened(), D("2026-11-25"))
    with pytest.raises(StageRefused) as e:
        stages.acknowledge(CODE, s, D("2026-11-26"))
    assert e.value.code == "already_acknowledged"
    with pytest.raises(StageRefused) as e:
        stages.acknowledge(CODE, opened(), D("2026-11-01"))
    assert e.value.code == "invalid_date"


def test_extend_adds_working_days_once():
    s = stages.extend(CODE, opened(), 10, "Waiting for a surveyor's report")
    assert s.respond_by == D("2026-12-31") and s.extension_reason == "Waiting for a surveyor's report"
    assert s.extensions_used == 1 and s.extension_days == 10
    with pytest.raises(StageRefused) as e:
        stages.extend(CODE, s, 1, "more")
    assert e.value.code == "already_extended"
    assert str(e.value) == "Stage 1 has already been extended (this profile allows 1)."


def test_extension_survives_acknowledgement():
    s = stages.extend(CODE, opened(), 5, "surveyor")
    s = stages.acknowledge(CODE, s, D("2026-11-25"))
    assert s.respond_by == D("2026-12-16")   # 9 Dec + 5 working days: 10, 11, 14, 15, 16


@pytest.mark.parametrize("days, reason, code, message", [
    (11, "x", "extension_limit", "Stage 1 can be extended by at most 10 working days under code-2024; 11 requested."),
    (5, "", "extension_reason_required", "An extension needs a reason to give the resident."),
    (5, "   ", "extension_reason_required", "An extension needs a reason to give the resident."),
    (5, None, "extension_reason_required", "An extension needs a reason to give the resident."),
])
def test_extend_refusals(days, reason, code, message):
    with pytest.raises(StageRefused) as e:
        stages.extend(CODE, opened(), days, reason)
    assert (e.value.code, e.value.message) == (code, message)


def test_stage_two_allows_twenty_and_resolution_stage_two_thirty():
    s = stages.escalate(CODE, answered(CODE, opened()), ESCALATED)
    assert stages.extend(CODE, s, 20, "complex").respond_by == D("2027-02-18")
    res = get_profile("resolution-team-2022")
    s = stages.escalate(res, answered(res, stages.open_complaint(res, RECEIVED)), ESCALATED)
    assert stages.extend(res, s, 30, "complex").respond_by == D("2027-02-25")


def test_profile_without_extension_refuses():
    p = get_profile("impact-2018")
    with pytest.raises(StageRefused) as e:
        stages.extend(p, stages.open_complaint(p, RECEIVED), 5, "x")
    assert e.value.code == "extension_limit"
    assert e.value.message == "The impact-2018 profile sets no extension for stage 1."


def test_respond_and_its_refusals():
    s = stages.respond(CODE, opened(), "partly_upheld", "Repair was late", D("2026-12-10"),
                       remedy="£50", outstanding_actions="Fit new window by 2027-01-15")
    assert (s.status, s.decision, s.responded_on, s.remedy) == ("responded", "partly_upheld", D("2026-12-10"), "£50")
    with pytest.raises(StageRefused) as e:
        stages.respond(CODE, s, "upheld", "again", D("2026-12-11"))
    assert e.value.code == "already_responded"
    with pytest.raises(StageRefused) as e:
        stages.extend(CODE, s, 5, "late")
    assert e.value.code == "already_responded"
    with pytest.raises(ValueError):
        stages.respond(CODE, opened(), "maybe", "x", D("2026-12-10"))


def test_escalate_past_last_stage():
    s = answered(CODE, stages.escalate(CODE, answered(CODE, opened()), ESCALATED), D("2027-01-04"))
    with pytest.raises(StageRefused) as e:
        stages.escalate(CODE, s, datetime(2027, 1, 4, 10, tzinfo=timezone.utc))
    assert e.value.code == "past_last_stage"
    assert e.value.message.startswith("Stage 2 is the last stage under code-2024")


@pytest.mark.parametrize("pid, window, last_ok, first_late", [
    ("wrekin-2020-housing", 14, "2026-12-15", "2026-12-16"),
    ("pa-housing-2022", 28, "2026-12-29", "2026-12-30"),
    ("impact-2018", 30, "2026-12-31", "2027-01-01"),
])
def test_escalation_window_in_calendar_days_from_the_response(pid, window, last_ok, first_late):
    p = get_profile(pid)
    s = stages.respond(p, stages.open_complaint(p, RECEIVED), "not_upheld", "reasons", D("2026-12-01"))
    assert stages.escalation_deadline(p, s) == D(last_ok)
    ok = stages.escalate(p, s, datetime.fromisoformat(last_ok + "T16:00:00+00:00"))
    assert ok.stage == 2
    with pytest.raises(StageRefused) as e:
        stages.escalate(p, s, datetime.fromisoformat(first_late + "T09:00:00+00:00"))
    assert e.value.code == "escalation_window_closed"
    day = stages.long_date  # the resident reads this message (the bot relays it): dates written for people
    assert e.value.message == (f"The request to escalate came on {day(D(first_late))}, more than {window} days "
                               f"after the stage 1 response (Tuesday 1 December 2026); the window closed on "
                               f"{day(D(last_ok))}.")


def test_escalating_before_the_response_is_due_says_the_date_in_words():
    s = opened()
    with pytest.raises(StageRefused) as e:
        stages.escalate(CODE, s, datetime(2026, 11, 30, 10, 0, tzinfo=timezone.utc))
    assert e.value.code == "not_responded"
    assert f"the response is due by {stages.long_date(s.respond_by)}." in e.value.message
    assert s.respond_by.isoformat() not in e.value.message


def test_no_window_means_escalation_any_time():
    s = stages.respond(CODE, opened(), "not_upheld", "r", D("2026-12-01"))
    assert stages.escalate(CODE, s, datetime(2027, 11, 1, 10, tzinfo=timezone.utc)).stage == 2


def test_escalating_before_a_response_is_allowed():
    p = get_profile("impact-2018")
    assert stages.escalate(p, stages.open_complaint(p, RECEIVED), ESCALATED).stage == 2


def test_close_and_closed_refusals():
    s = stages.close(opened(), "Resolved with repair", D("2026-12-02"), "resident satisfied")
    assert (s.status, s.outcome, s.closed_on) == ("closed", "Resolved with repair", D("2026-12-02"))
    for fn in (lambda: stages.escalate(CODE, s, ESCALATED), lambda: stages.acknowledge(CODE, s, D("2026-12-03")),
               lambda: stages.extend(CODE, s, 2, "x"), lambda: stages.respond(CODE, s, "upheld", "x", D("2026-12-03")),
               lambda: stages.close(s, "again", D("2026-12-03"))):
        with pytest.raises(StageRefused) as e:
            fn()
        assert e.value.code == "case_closed" and e.value.message == "The complaint is closed."


# Code 6.3: the response is due within 10 working days of the acknowledgement, counted from the day
# it was really sent (the date the resident is told), even when the complaint counts as received on
# the next working day (after closing, a weekend or a bank holiday).
@pytest.mark.parametrize("arrived, acked, due", [
    (datetime(2026, 12, 7, 18, 30, tzinfo=LONDON), "2026-12-07", "2026-12-21"),  # Mon evening
    (datetime(2026, 12, 6, 11, 0, tzinfo=LONDON), "2026-12-06", "2026-12-18"),   # Sunday
    # Christmas Eve evening: 25 Dec, 28 Dec (Boxing Day's substitute) and 1 Jan are skipped
    (datetime(2026, 12, 24, 18, 0, tzinfo=LONDON), "2026-12-24", "2027-01-12"),
])
def test_response_counts_from_the_acknowledgement_sent_out_of_hours(arrived, acked, due):
    s = stages.open_complaint(CODE, arrived)
    assert s.received_on > D(acked)  # counts as received on the next working day
    s = stages.acknowledge(CODE, s, D(acked))
    assert s.respond_by == D(due)
