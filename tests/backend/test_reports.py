"""Learning from complaints: TSM CH01/CH02 and the landlord's own figures (casework.reports).

A known year of cases is built through the real case service (casework.cases) on SQLite and
PostgreSQL, then every figure is checked exactly against values worked out by hand: the working-day
arithmetic for each case is in the comments of reports_data.py, the sums in the comments below.

Reporting period: Wed 1 Jul 2025 to Tue 30 Jun 2026. England and Wales bank holidays inside it:
Mon 25 Aug 2025, Thu 25 Dec, Fri 26 Dec 2025, Thu 1 Jan 2026, Fri 3 Apr (Good Friday),
Mon 6 Apr (Easter Monday), Mon 4 May, Mon 25 May 2026.
"WD" = working days (Mon-Fri less those); "N WD after D" = the N-th working day after D.
"""
from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from reports_data import at, build_year, other

from casework import db as dbmod
from casework.reports import figures as F, queries, tables
from casework.reports.csvout import safe_cell, to_csv
from casework.schemas import ComplimentCreate

PERIOD = F.Period(date(2025, 7, 1), date(2026, 6, 30))
ON = date(2026, 6, 30)  # "today" for overdue-now


@pytest.fixture
def year(db_url):
    factory = dbmod.session_factory(db_url)
    with factory() as s:
        refs = build_year(s)
    yield factory, refs
    factory.kw["bind"].dispose()


def test_every_figure_for_a_known_year(year, monkeypatch):
    factory, r = year
    monkeypatch.setenv("LANDLORD_HOMES", "2,500")
    with factory() as s:
        f = queries.figures_for(s, PERIOD, None, ON)

    # CH01: stage 1 received in the period: D (1 Sep), G (10 Sep), H (6 Oct), A (15 Dec), B (22 Dec),
    # C (18 Mar), E (1 Jun) = 7 (F was received in June 2025). Stage 2: D (15 Sep), H (14 Oct), C (28 Apr) = 3
    # (H's stage 3 is not a Code stage). Per 1,000 homes: 7 / 2500 * 1000 = 2.8; 3 / 2500 * 1000 = 1.2.
    assert f.ch01 == F.CH01(homes=2500, stage1=7, stage2=3, stage1_per_1000=2.8, stage2_per_1000=1.2)
    # CH02 stage 1 responses in the period: F (late), D (within), H (within), A (within), B (late: the late
    # acknowledgement buys no time), C (within, extended 10) = 4 of 6 = 66.7%.
    # Stage 2: D (late: 30-day extension counted only up to 20), H (within), C (within) = 2 of 3 = 66.7%.
    assert f.ch02 == F.CH02(6, 4, 66.7, 3, 2, 66.7)

    by = {x.stage: x for x in f.responses}
    # Stage 1 working days to respond: F 12, D 9, H 5, A 13, B 16, C 21 = 76; 76 / 6 = 12.67 -> 12.7.
    # Decisions: upheld A; partly C; not upheld F, D, H, B -> (1 + 1) / 6 = 33.3%. Extended: C.
    assert by[1] == F.StageResponses(1, 6, 4, 66.7, 1, 12.7, 1, 1, 4, 33.3)
    # Stage 2: D 50, H 11, C 21 = 82; 82 / 3 = 27.33 -> 27.3. Upheld C, partly D, not H -> 2 / 3 = 66.7%.
    assert by[2] == F.StageResponses(2, 3, 2, 66.7, 1, 27.3, 1, 1, 1, 66.7)
    # Stage 3 (H only, 20 WD, upheld): not a Code stage, so no CH02 share.
    assert by[3] == F.StageResponses(3, 1, 0, None, 0, 20.0, 1, 0, 0, 100.0)

    # Resolved (final response in the period): stage 1 F 12, A 13, B 16 -> 3, avg 41/3 = 13.67 -> 13.7;
    # stage 2 D 60, C 48 -> 2, avg 54.0; stage 3 H 38. All: 6, (41 + 108 + 38) / 6 = 187 / 6 = 31.17 -> 31.2.
    # G (withdrawn, no response) and E (open) are not resolved.
    assert f.resolution == F.Resolution(6, {1: 3, 2: 2, 3: 1}, 31.2, {1: 13.7, 2: 54.0, 3: 38.0})

    assert f.service_requests == [("repair", 2), ("rent", 1)]
    assert f.excluded == [("asb", 1), ("legal", 1)]  # the July 2026 one is after the period
    assert f.exclusions_explained == (2, 2)  # both with an explanation and the Ombudsman notice
    assert f.compliments_person == [("Sarah Jones", 2), ("Dev Patel", 1)]
    assert f.compliments_team == [("Repairs", 2), ("Customer Experience team", 1), ("Income team", 1)]

    # Overdue on 30 Jun 2026: only E (see build_year): acknowledgement 16 WD late, response 6 WD late.
    assert f.overdue == [F.Overdue(r["E"], 1, "acknowledgement", date(2026, 6, 8), 16),
                         F.Overdue(r["E"], 1, "response", date(2026, 6, 22), 6)]

    # Themes of the 7 complaints received in the period: Repairs A (boiler), C (repairs, contractor),
    # H (door, broken) = 3; Charges E (rent, charge), G (service charge) = 2; one each: ASB handling D,
    # Communication E ("nobody called"), Damp and mould B, Estate and grounds H (communal), Staff conduct C (rude).
    assert f.themes == [("Repairs", 3), ("Charges", 2), ("Anti-social behaviour handling", 1), ("Communication", 1),
                        ("Damp and mould", 1), ("Estate and grounds", 1), ("Staff conduct", 1)]

    # By month (stage 1, stage 2): Sep D, G | D; Oct H | H; Dec A, B; Mar C; Apr - | C; Jun E.
    assert f.monthly == [("2025-07", 0, 0), ("2025-08", 0, 0), ("2025-09", 2, 1), ("2025-10", 1, 1),
                         ("2025-11", 0, 0), ("2025-12", 2, 0), ("2026-01", 0, 0), ("2026-02", 0, 0),
                         ("2026-03", 1, 0), ("2026-04", 0, 1), ("2026-05", 0, 0), ("2026-06", 1, 0)]

    # the table shapes the page and CSVs use
    header, rows = tables.tsm(f)
    assert rows[0] == ["CH01 complaints received per 1,000 homes", 1, 7, 2500, 2.8]
    assert rows[3] == ["CH02 responses within Code timescales (%)", 2, 2, 3, 66.7]


def test_one_profile_and_its_homes(year, monkeypatch):
    factory, r = year
    monkeypatch.setenv("LANDLORD_HOMES", "2500")
    monkeypatch.setenv("LANDLORD_HOMES_RESOLUTION_TEAM_2022", "400")
    with factory() as s:
        f = queries.figures_for(s, PERIOD, "resolution-team-2022", ON)
    # Only D: one stage 1 and one stage 2 received; 1 / 400 * 1000 = 2.5 each.
    assert f.ch01 == F.CH01(400, 1, 1, 2.5, 2.5)
    # D stage 1 within (12 Sep <= 22 Sep), stage 2 not (24 Nov > 17 Nov).
    assert f.ch02 == F.CH02(1, 1, 100.0, 1, 0, 0.0)
    assert f.overdue == [] and f.compliments_person == []
    # A profile without its own setting falls back to LANDLORD_HOMES; unset or bad: no rate.
    assert queries.homes_for("code-2024") == 2500
    monkeypatch.setenv("LANDLORD_HOMES", "lots")
    assert queries.homes_for(None) is None
    monkeypatch.delenv("LANDLORD_HOMES")
    with factory() as s:
        f = queries.figures_for(s, PERIOD, "code-2024", ON)
    assert f.ch01 == F.CH01(None, 5, 1, None, None)  # A, B, C, E, G; stage 2: C


# ---------------------------------------------------------------- pure functions

def _stage(**kw):
    return F.StageRecord(**{"stage": 1, "received_on": date(2025, 12, 15), **kw})


def test_code_due_date_rules():
    # received Mon 15 Dec 2025, never acknowledged: latest acknowledgement Mon 22 Dec; 10 WD after:
    # 23, 24, [25, 26], 29, 30, 31, [1 Jan], 2, 5, 6, 7, 8 -> Thu 8 Jan 2026
    assert F.code_due_date(_stage(), "england") == date(2026, 1, 8)
    # acknowledged early (Tue 16 Dec): 10 WD after 16 Dec: 17,18,19,22,23,24,29,30,31,2 Jan -> Fri 2 Jan
    assert F.code_due_date(_stage(acknowledged_on=date(2025, 12, 16)), "england") == date(2026, 1, 2)
    # Scotland also has 2 Jan as a bank holiday: ..., 31 Dec, [1, 2 Jan], 5 Jan -> Mon 5 Jan
    assert F.code_due_date(_stage(acknowledged_on=date(2025, 12, 16)), "scotland") == date(2026, 1, 5)
    # a calendar-day extension of 14 days from Fri 2 Jan -> Fri 16 Jan (within the 10 WD cap, 16 Jan)
    s = _stage(acknowledged_on=date(2025, 12, 16), extension_days=14)
    assert F.code_due_date(s, "england", "calendar") == date(2026, 1, 16)
    # 21 calendar days -> 23 Jan, capped at 10 WD after 2 Jan -> Fri 16 Jan
    s = _stage(acknowledged_on=date(2025, 12, 16), extension_days=21)
    assert F.code_due_date(s, "england", "calendar") == date(2026, 1, 16)
    assert F.code_due_date(_stage(stage=3), "england") is None
    assert F.within_code(_stage(responded_on=date(2026, 1, 8)), "england") is True
    assert F.within_code(_stage(responded_on=date(2026, 1, 9)), "england") is False
    assert F.within_code(_stage(), "england") is None  # no response yet


def test_themes_classifier():
    assert F.classify_themes("There is condensation and MOULD on the ceiling") == ["Damp and mould"]
    assert F.classify_themes("The officer was rude and never replied") == ["Staff conduct", "Communication"]
    assert F.classify_themes("I feel let down") == ["Other"]  # "feel" is not "fees"
    assert F.classify_themes("") == ["Other"]


def test_period_and_financial_year():
    assert F.financial_year(date(2026, 3, 31)) == F.Period(date(2025, 4, 1), date(2026, 3, 31))
    assert F.financial_year(date(2026, 4, 1)) == F.Period(date(2026, 4, 1), date(2027, 3, 31))
    assert F.Period(date(2025, 11, 15), date(2026, 1, 2)).months() == [(2025, 11), (2025, 12), (2026, 1)]
    with pytest.raises(ValueError):
        F.Period(date(2026, 1, 2), date(2026, 1, 1))


def test_csv_escaping_and_formula_injection():
    assert [safe_cell(v) for v in ["=SUM(A1)", "+1", "-2", "@x", "\tx", "ok", 3, -3, None, True]] == \
        ["'=SUM(A1)", "'+1", "'-2", "'@x", "'\tx", "ok", 3, -3, "", "yes"]
    out = to_csv(["name", "note"], [['Smith, "Jo"', "line1\nline2"], ["=HYPERLINK(\"x\")", 1]])
    assert out == 'name,note\r\n"Smith, ""Jo""","line1\nline2"\r\n"\'=HYPERLINK(""x"")",1\r\n'


# ---------------------------------------------------------------- the staff pages

def _signed_in(app):
    import re

    from casework.staff import auth

    with dbmod.session_factory(app.state.database_url)() as s:
        auth.create_user(s, "mgr@example.org", "manager", "a long enough password", "Mo Manager")
    c = TestClient(app)
    page = c.get("/staff/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    r = c.post("/staff/login", data={"csrf_token": token, "email": "mgr@example.org",
                                     "password": "a long enough password"}, follow_redirects=False)
    assert r.status_code == 303
    return c


def test_reports_pages_and_csv(app, monkeypatch):
    monkeypatch.setenv("LANDLORD_HOMES", "2500")
    monkeypatch.setenv("LANDLORD_NAME", "Riverside Homes")
    with dbmod.session_factory(app.state.database_url)() as s:
        refs = build_year(s)
        other(s, "compliment", ComplimentCreate, at(2026, 5, 5), person="=HYPERLINK(\"http://x\")", team="@Team, \"A\"")
    q = "?from=2025-07-01&to=2026-06-30"
    with TestClient(app) as anon:
        for path in ("/staff/reports", "/staff/reports/tsm.csv", "/staff/reports/self-assessment",
                     "/staff/reports/self-assessment.md"):
            r = anon.get(path + q, follow_redirects=False)
            assert r.status_code == 303 and r.headers["location"].startswith("/staff/login"), path
    c = _signed_in(app)
    with c:
        r = c.get("/staff/reports" + q)
        assert r.status_code == 200
        html = r.text
        assert "<svg" in html and "<title" in html and "<desc" in html and "<script" not in html.split("</head>")[1]
        assert "CH02: responses within the Code" in html and "Stage 1: 66.7%" in html  # the chart's desc
        assert refs["E"] in html  # overdue now (today is after E's dates)
        r = c.get("/staff/reports/tsm.csv" + q)
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
        assert 'attachment; filename="tsm-2025-07-01-2026-06-30.csv"' == r.headers["content-disposition"]
        assert r.text.splitlines()[1] == '"CH01 complaints received per 1,000 homes",1,7,2500,2.8'
        r = c.get("/staff/reports/compliments-person.csv" + q)
        assert r.text.splitlines() == ["person,compliments", "Sarah Jones,2", '"\'=HYPERLINK(""http://x"")",1',
                                       "Dev Patel,1"]
        r = c.get("/staff/reports/compliments-team.csv" + q)
        assert '"\'@Team, ""A""",1' in r.text.splitlines()
        assert c.get("/staff/reports/nope.csv" + q).status_code == 404
        assert c.get("/staff/reports?from=2026-01-01&to=2025-01-01").status_code == 422
        assert c.get("/staff/reports?from=yesterday").status_code == 422
        assert c.get("/staff/reports?profile=nope").status_code == 422
        assert c.get("/staff/reports?profile=resolution-team-2022&from=2025-07-01&to=2026-06-30").status_code == 200
        r = c.get("/staff/reports/self-assessment" + q)
        assert r.status_code == 200 and "Riverside Homes" in r.text and "[Staff to complete]" in r.text
        # profiles in use: code-2024, resolution-team-2022, wrekin-2020-housing; wrekin has three stages
        assert "wrekin-2020-housing: 3 stages; the Code allows two stages only" in r.text
        r = c.get("/staff/reports/self-assessment.md" + q)
        md = r.text
        assert r.headers["content-type"].startswith("text/markdown")
        assert "Stage 1 responses within the Code's timescales (CH02): 4 of 6 (66.7%)." in md
        assert "2 of 2 were sent an explanation and the Housing Ombudsman review notice." in md
        assert "CH01: 7 stage 1 and 3 stage 2 complaints received; per 1,000 homes (2500): 2.8 and 1.2." in md


def test_report_records_split_from_figures_stay_importable_and_under_the_file_limit():
    """figures.py split along a seam (the plain records in records.py): each under ~400 lines, and
    the old imports (F.Period, F.ComplaintRecord...) are the same classes whichever is imported first."""
    import subprocess
    import sys
    from pathlib import Path

    reports = Path(F.__file__).parent
    for name in ("figures.py", "records.py"):
        assert len((reports / name).read_text().splitlines()) <= 400, name
    check = ("from casework.reports.figures import Period, StageRecord, ComplaintRecord, "
             "ServiceRequestRecord, ExcludedRecord, ComplimentRecord; from casework.reports import records as r; "
             "assert (Period, ComplaintRecord, ComplimentRecord) == (r.Period, r.ComplaintRecord, r.ComplimentRecord)")
    for first in ("casework.reports.records", "casework.reports.figures"):
        done = subprocess.run([sys.executable, "-c", f"import {first}; {check}"], cwd=reports.parents[1],
                              capture_output=True, text=True)
        assert done.returncode == 0, (first, done.stderr[-800:])
