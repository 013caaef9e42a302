"""Awaab's Law clocks with real dates (pure: catalogue + clocks, no database)."""
from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from casework.hazards import clocks
from casework.hazards.catalogue import CATALOGUE_PATH, CatalogueError, catalogue, load_catalogue

LONDON = ZoneInfo("Europe/London")


def at(y, m, d, hh=9, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=LONDON)


def by_id(ds):
    return {d.id: d for d in ds}


def test_emergency_24_clock_hours_from_christmas_eve_1630():
    ds = clocks.deadlines(catalogue(), "emergency", at(2026, 12, 24, 16, 30), "england", LONDON, {})
    (make_safe,) = ds
    assert make_safe.id == "make_safe"
    # Christmas Day is a bank holiday: clock hours run through it.
    assert make_safe.due_at.astimezone(LONDON) == at(2026, 12, 25, 16, 30)


def test_emergency_clock_runs_across_a_weekend():
    ds = clocks.deadlines(catalogue(), "emergency", at(2026, 12, 11, 18, 45), "england", LONDON, {})
    assert ds[0].due_at.astimezone(LONDON) == at(2026, 12, 12, 18, 45)  # Saturday evening
    ds = clocks.deadlines(catalogue(), "emergency", at(2026, 12, 12, 10, 0), "england", LONDON, {})
    assert ds[0].due_at.astimezone(LONDON) == at(2026, 12, 13, 10, 0)   # Sunday morning


def test_emergency_24_hours_across_the_clock_change():
    # 24 clock hours, not "the same time tomorrow": 28 March 2027 has 23 hours in London.
    ds = clocks.deadlines(catalogue(), "emergency", at(2027, 3, 27, 12, 0), "england", LONDON, {})
    assert ds[0].due_at.astimezone(LONDON) == at(2027, 3, 28, 13, 0)


def test_damp_reported_christmas_eve_1630_investigate_by_12_january():
    ds = by_id(clocks.deadlines(catalogue(), "significant", at(2026, 12, 24, 16, 30), "england", LONDON, {}))
    # 25, 28 Dec and 1 Jan are bank holidays: day 1 is Tue 29 Dec, day 10 is Tue 12 Jan 2027.
    assert ds["investigate"].due_on == date(2027, 1, 12)
    assert ds["investigate"].due_at == datetime(2027, 1, 13, 0, 0, tzinfo=LONDON).astimezone(timezone.utc)
    # The deadlines that run from the investigation's end have no date yet.
    for key in ("written_summary", "safety_work", "preventative_begin", "preventative_start"):
        assert ds[key].due_at is None and ds[key].status(at(2026, 12, 24, 17), LONDON) == "waiting"


def test_damp_reported_on_a_saturday():
    ds = by_id(clocks.deadlines(catalogue(), "significant", at(2026, 12, 12, 11, 0), "england", LONDON, {}))
    # Mon 14 Dec is day 1; 25 and 28 Dec are bank holidays: day 10 is Tue 29 Dec 2026.
    assert ds["investigate"].due_on == date(2026, 12, 29)


def test_damp_reported_before_the_easter_weekend_2027():
    ds = by_id(clocks.deadlines(catalogue(), "significant", at(2027, 3, 25, 15, 0), "england", LONDON, {}))
    # Good Friday 26 March and Easter Monday 29 March 2027 are not working days.
    assert ds["investigate"].due_on == date(2027, 4, 12)


def test_deadlines_from_the_investigation_end():
    concluded = at(2027, 1, 8, 14, 0)  # Friday
    ds = by_id(clocks.deadlines(catalogue(), "significant", at(2026, 12, 24, 16, 30), "england", LONDON,
                                {"investigation_concluded": concluded}))
    assert ds["investigate"].done_at == concluded.astimezone(timezone.utc)
    assert ds["investigate"].status(at(2027, 1, 8, 15), LONDON) == "met"
    assert ds["written_summary"].due_on == date(2027, 1, 13)     # 3 working days
    assert ds["safety_work"].due_on == date(2027, 1, 15)         # 5 working days
    assert ds["preventative_begin"].due_on == date(2027, 1, 15)
    assert ds["preventative_start"].due_on == date(2027, 4, 2)   # 12 weeks
    assert clocks.next_due(list(ds.values())).id == "written_summary"


def test_deadlines_not_started_get_a_date_only_as_a_condition():
    """Christmas Eve damp: if the investigation ends on its last day (Tue 12 Jan 2027), the deadlines
    it starts fall on these days; once it has ended there is no condition left to give."""
    ds = clocks.deadlines(catalogue(), "significant", at(2026, 12, 24, 16, 30), "england", LONDON, {})
    cond = clocks.if_started_on_time(catalogue(), "significant", ds, "england", LONDON)
    assert set(cond) == {"written_summary", "safety_work", "preventative_begin", "preventative_start"}
    assert {k: v[2] for k, v in cond.items()} == {
        "written_summary": date(2027, 1, 15), "safety_work": date(2027, 1, 19),
        "preventative_begin": date(2027, 1, 19), "preventative_start": date(2027, 4, 6)}
    assert all(v[0].id == "investigate" for v in cond.values())
    assert cond["written_summary"][1] == datetime(2027, 1, 16, 0, 0, tzinfo=LONDON).astimezone(timezone.utc)
    done = clocks.deadlines(catalogue(), "significant", at(2026, 12, 24, 16, 30), "england", LONDON,
                            {"investigation_concluded": at(2027, 1, 8, 14, 0)})
    assert clocks.if_started_on_time(catalogue(), "significant", done, "england", LONDON) == {}
    emergency = clocks.deadlines(catalogue(), "emergency", at(2026, 12, 24, 16, 30), "england", LONDON, {})
    assert clocks.if_started_on_time(catalogue(), "emergency", emergency, "england", LONDON) == {}


def test_status_breached_and_due_today():
    ds = by_id(clocks.deadlines(catalogue(), "significant", at(2027, 3, 25, 15, 0), "england", LONDON, {}))
    inv = ds["investigate"]
    assert inv.status(at(2027, 4, 9, 10), LONDON) == "open"
    assert inv.status(at(2027, 4, 12, 10), LONDON) == "due_today"
    assert inv.status(at(2027, 4, 12, 23, 59), LONDON) == "due_today"
    assert inv.status(at(2027, 4, 13, 0, 0), LONDON) == "breached"
    late = clocks.deadlines(catalogue(), "significant", at(2027, 3, 25, 15, 0), "england", LONDON,
                            {"investigation_concluded": at(2027, 4, 13, 9)})
    assert by_id(late)["investigate"].status(at(2027, 4, 20), LONDON) == "late"


def test_scottish_bank_holidays_differ():
    # 2 January is a bank holiday in Scotland, not in England.
    eng = by_id(clocks.deadlines(catalogue(), "significant", at(2026, 12, 31, 10), "england", LONDON, {}))
    sct = by_id(clocks.deadlines(catalogue(), "significant", at(2026, 12, 31, 10), "scotland", LONDON, {}))
    assert sct["investigate"].due_on > eng["investigate"].due_on


def test_household_vulnerability_makes_mould_an_emergency():
    cat = catalogue()
    assert clocks.propose_severity(cat, "damp_mould", [], False)[0] == "significant"
    sev, why = clocks.propose_severity(cat, "damp_mould", ["baby"], False)
    assert sev == "emergency" and "a baby" in why
    assert clocks.propose_severity(cat, "damp_mould", ["disability"], False)[0] == "significant"
    assert clocks.propose_severity(cat, "gas_co", [], True)[0] == "emergency"


def test_someone_at_greater_risk_not_said_who_is_treated_like_a_named_vulnerability():
    cat = catalogue()
    sev, why = clocks.propose_severity(cat, "damp_mould", ["unspecified"], False)
    assert sev == "emergency" and "not who" in why
    assert cat.vulnerabilities["unspecified"] == "someone at greater risk"
    # only where a named vulnerability would count (not for a hazard that is not person-centred)
    assert clocks.propose_severity(cat, "falls", ["unspecified"], False)[0] == "significant"


def test_later_phase_hazards_switch_on_by_date(fire_significant_from):
    cat = catalogue()
    assert cat.hazard("damp_mould").in_force("significant", date(2025, 10, 27))
    assert not cat.hazard("damp_mould").in_force("significant", date(2025, 10, 26))
    assert cat.hazard("fire").in_force("emergency", date(2026, 12, 6))
    assert not cat.hazard("fire").in_force("significant", date(2026, 12, 6))
    fire = fire_significant_from(date(2027, 1, 1)).hazard("fire")
    assert not fire.in_force("significant", date(2026, 12, 31))
    assert fire.in_force("significant", date(2027, 1, 1))


def test_a_bad_catalogue_is_refused_with_the_field(tmp_path):
    data = yaml.safe_load(CATALOGUE_PATH.read_text())
    data["timescales"]["significant"][0]["hours"] = 5  # two units
    path = tmp_path / "hazards.yaml"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(CatalogueError, match="exactly one of hours"):
        load_catalogue(path)
