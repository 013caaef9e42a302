"""A known year of cases for the reports tests (tests/backend/test_reports.py and the browser test),
built through the real case service. The working-day arithmetic for every case is written out in
the comments; test_reports.py checks each figure against it."""
from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from casework import cases
from casework.schemas import ComplaintCreate, ComplimentCreate, ExcludedCreate, ServiceRequestCreate

LONDON = ZoneInfo("Europe/London")
_keys = iter(range(1, 10**6))


def at(y, m, d, hh=10, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=LONDON)


def complaint(s, received, text, profile="code-2024"):
    view, _ = cases.create_case(s, "complaint", ComplaintCreate(
        idempotency_key=f"c{next(_keys)}", profile=profile, received_at=received, text=text), "test")
    return view["reference"]


def respond(s, ref, on, decision):
    cases.respond(s, ref, SimpleNamespace(decision=decision, reasons="Reasons.", remedy=None,
                                          outstanding_actions=None, responded_on=on), "test")


def other(s, kind, model, received, **kw):
    cases.create_case(s, kind, model(idempotency_key=f"o{next(_keys)}", received_at=received,
                                     text=kw.pop("text", "words"), **kw), "test")


def build_year(s) -> dict[str, str]:
    refs = {}
    # A (code-2024): received Mon 15 Dec 2025, acknowledged Thu 18 Dec. Code due = 10 WD after 18 Dec:
    #   19, 22, 23, 24, [25, 26 Dec bank holidays], 29, 30, 31, [1 Jan bank holiday], 2, 5, 6 Jan
    #   -> Tue 6 Jan 2026. Responded Tue 6 Jan: WITHIN. Upheld.
    #   WD to respond 15 Dec -> 6 Jan: 16,17,18,19,22,23,24,29,30,31,2,5,6 = 13.
    a = refs["A"] = complaint(s, at(2025, 12, 15), "The boiler has been broken for three weeks and there is no heating")
    cases.acknowledge(s, a, date(2025, 12, 18), "test")
    respond(s, a, date(2026, 1, 6), "upheld")
    # B (code-2024): received Mon 22 Dec 2025 16:00 (before 17:00 closing). Latest allowed acknowledgement
    #   = 5 WD after 22 Dec: 23, 24, 29, 30, 31 -> Wed 31 Dec. Acknowledged LATE on Mon 5 Jan 2026, so the
    #   Code clock starts 31 Dec: 10 WD after 31 Dec = 2, 5, 6, 7, 8, 9, 12, 13, 14, 15 Jan -> Thu 15 Jan.
    #   (The profile's own date runs from the real acknowledgement: 10 WD after 5 Jan -> Mon 19 Jan.)
    #   Responded Fri 16 Jan: in time for the profile but NOT within the Code. Not upheld.
    #   WD 22 Dec -> 16 Jan: 23,24,29,30,31,2,5,6,7,8,9,12,13,14,15,16 = 16.
    b = refs["B"] = complaint(s, at(2025, 12, 22, 16), "Black mould in the bedroom and the walls are damp")
    cases.acknowledge(s, b, date(2026, 1, 5), "test")
    respond(s, b, date(2026, 1, 16), "not_upheld")
    # C (code-2024): received Wed 18 Mar 2026, acknowledged Fri 20 Mar. Code due = 10 WD after 20 Mar:
    #   23, 24, 25, 26, 27, 30, 31 Mar, 1, 2 Apr, [3 Good Friday, 6 Easter Monday], 7 Apr -> Tue 7 Apr.
    #   Extended by 10 WD (the Code's limit): 8, 9, 10, 13, 14, 15, 16, 17, 20, 21 Apr -> Tue 21 Apr.
    #   Responded Mon 20 Apr: WITHIN (extension within the limit). Partly upheld.
    #   WD 18 Mar -> 20 Apr: 19,20 | 23-27 | 30,31,1,2 | 7-10 | 13-17 | 20 = 2+5+4+4+5+1 = 21.
    #   Escalated Tue 28 Apr 2026 -> stage 2 received 28 Apr, acknowledged Thu 30 Apr. Code due = 20 WD
    #   after 30 Apr: 1 May, [4 May bank holiday], 5-8, 11-15, 18-22, [25 May bank holiday], 26-29 May
    #   (= 1+4+5+5+4 = 19), 1 Jun (20) -> Mon 1 Jun. Responded Fri 29 May: WITHIN. Upheld.
    #   Stage 2 WD 28 Apr -> 29 May: 29,30 | 1 | 5-8 | 11-15 | 18-22 | 26-29 = 2+1+4+5+5+4 = 21.
    #   Resolved at stage 2; WD 18 Mar -> 29 May = 21 (to 20 Apr) + 21-24 Apr (4) + 27-30 Apr (4)
    #   + 1 May (1) + 4+5+5+4 (5 May-29 May) = 21+4+4+1+18 = 48.
    c = refs["C"] = complaint(s, at(2026, 3, 18), "The repairs contractor was rude to me and left the job unfinished")
    cases.acknowledge(s, c, date(2026, 3, 20), "test")
    cases.extend(s, c, 10, "Waiting for the contractor's report", "test")
    respond(s, c, date(2026, 4, 20), "partly_upheld")
    cases.escalate(s, c, at(2026, 4, 28), "test")
    cases.acknowledge(s, c, date(2026, 4, 30), "test")
    respond(s, c, date(2026, 5, 29), "upheld")
    # D (resolution-team-2022: no acknowledgement time, stage 2 extension up to 30 WD, beyond the Code's 20):
    #   stage 1 received Mon 1 Sep 2025, never acknowledged. Code: latest acknowledgement 5 WD after 1 Sep
    #   = Mon 8 Sep; due 10 WD after that = Mon 22 Sep. Responded Fri 12 Sep: WITHIN. Not upheld.
    #   WD 1 Sep -> 12 Sep: 2-5, 8-12 = 9.
    #   Escalated Mon 15 Sep: latest acknowledgement 5 WD after = Mon 22 Sep; due 20 WD after that:
    #   23-26 (4), 29 Sep-3 Oct (9), 6-10 (14), 13-17 (19), 20 Oct (20) -> Mon 20 Oct. Extended by 30 WD,
    #   but the Code counts at most 20: 21-24 (4), 27-31 (9), 3-7 Nov (14), 10-14 (19), 17 Nov (20)
    #   -> Mon 17 Nov. (The profile's own date: 20 WD after 15 Sep = 13 Oct, + 30 WD = Mon 24 Nov.)
    #   Responded Mon 24 Nov: in time for the profile, NOT within the Code. Partly upheld.
    #   Stage 2 WD 15 Sep -> 24 Nov: 16-19 (4), then 9 full weeks 22 Sep-21 Nov (45), 24 Nov (1) = 50.
    #   Resolved at stage 2: WD 1 Sep -> 24 Nov = 10 (to 15 Sep) + 50 = 60.
    d = refs["D"] = complaint(s, at(2025, 9, 1), "My neighbour's dog barks all night and the ASB officer did nothing",
                              profile="resolution-team-2022")
    respond(s, d, date(2025, 9, 12), "not_upheld")
    cases.escalate(s, d, at(2025, 9, 15), "test")
    cases.extend(s, d, 30, "Independent survey needed", "test")
    respond(s, d, date(2025, 11, 24), "partly_upheld")
    # E (code-2024): received Mon 1 Jun 2026, nothing done. Acknowledge by 5 WD after 1 Jun = Mon 8 Jun;
    #   respond by 10 WD after 8 Jun = Mon 22 Jun. On Tue 30 Jun 2026 both are overdue:
    #   acknowledgement by 9-12, 15-19, 22-26, 29, 30 Jun = 4+5+5+2 = 16 WD; response by 23-26, 29, 30 = 6 WD.
    refs["E"] = complaint(s, at(2026, 6, 1), "Nobody called me back about the rent charge on my account")
    # F (code-2024): received Mon 23 Jun 2025, BEFORE the period; acknowledged Tue 24 Jun. Code due = 10 WD
    #   after 24 Jun: 25, 26, 27, 30 Jun, 1, 2, 3, 4, 7, 8 Jul -> Tue 8 Jul. Responded Wed 9 Jul (in the
    #   period): a CH02 response, NOT within. Not in CH01 (received before the period). Not upheld.
    #   WD 23 Jun -> 9 Jul: 24-27 (4), 30 Jun-4 Jul (5), 7, 8, 9 (3) = 12.
    f = refs["F"] = complaint(s, at(2025, 6, 23), "The lift has been broken again")
    cases.acknowledge(s, f, date(2025, 6, 24), "test")
    respond(s, f, date(2025, 7, 9), "not_upheld")
    # G (code-2024): received Wed 10 Sep 2025, acknowledged, then closed without a response (withdrawn):
    #   counted in CH01, but not a response and not resolved.
    g = refs["G"] = complaint(s, at(2025, 9, 10), "I am unhappy about the service charge increase and want a refund")
    cases.acknowledge(s, g, date(2025, 9, 11), "test")
    cases.close(s, g, "Withdrawn by the resident", None, "test")
    # H (wrekin-2020-housing, three stages): stage 1 received Mon 6 Oct 2025, acknowledged Tue 7 Oct;
    #   Code due 10 WD after 7 Oct = Tue 21 Oct; responded Mon 13 Oct: WITHIN, not upheld (WD: 7-10, 13 = 5).
    #   Escalated Tue 14 Oct, acknowledged Wed 15 Oct; Code due 20 WD after 15 Oct = Wed 12 Nov; responded
    #   Wed 29 Oct: WITHIN, not upheld (WD 14 -> 29 Oct: 15-17 (3), 20-24 (5), 27-29 (3) = 11).
    #   Escalated Thu 30 Oct to stage 3 (Complaints Panel): NOT a Code stage, so not in CH01 or CH02.
    #   Responded Thu 27 Nov, upheld (WD 30 Oct -> 27 Nov: 31 (1), 3-7, 10-14, 17-21 (15), 24-27 (4) = 20).
    #   Resolved at stage 3: WD 6 Oct -> 27 Nov = 7-10 Oct (4) + six full weeks 13 Oct-21 Nov (30)
    #   + 24-27 Nov (4) = 38.
    h = refs["H"] = complaint(s, at(2025, 10, 6), "The communal door entry system has been broken since August",
                              profile="wrekin-2020-housing")
    cases.acknowledge(s, h, date(2025, 10, 7), "test")
    respond(s, h, date(2025, 10, 13), "not_upheld")
    cases.escalate(s, h, at(2025, 10, 14), "test")
    cases.acknowledge(s, h, date(2025, 10, 15), "test")
    respond(s, h, date(2025, 10, 29), "not_upheld")
    cases.escalate(s, h, at(2025, 10, 30), "test")
    respond(s, h, date(2025, 11, 27), "upheld")

    # Service requests: two repairs and one rent query in the period, one repair before it.
    for when, topic in [(at(2025, 7, 10), "repair"), (at(2026, 2, 3), "repair"), (at(2026, 3, 12), "rent"),
                        (at(2025, 6, 2), "repair")]:
        other(s, "service_request", ServiceRequestCreate, when, topic=topic)
    # Excluded matters: a new ASB report and legal proceedings in the period; a time-limit one after it.
    other(s, "excluded", ExcludedCreate, at(2025, 8, 5), reason="asb")
    other(s, "excluded", ExcludedCreate, at(2026, 1, 20), reason="legal", explanation="A claim is with the court.")
    other(s, "excluded", ExcludedCreate, at(2026, 7, 15), reason="time_limit")
    # Compliments: Sarah Jones (Repairs) twice, the Income team, one naming nobody (routed to the
    # profile's Customer Experience team), Dev Patel with no team; one more for Sarah before the period.
    other(s, "compliment", ComplimentCreate, at(2025, 8, 12), person="Sarah Jones", team="Repairs")
    other(s, "compliment", ComplimentCreate, at(2026, 1, 14), person="Sarah Jones", team="Repairs")
    other(s, "compliment", ComplimentCreate, at(2026, 2, 17), team="Income team")
    other(s, "compliment", ComplimentCreate, at(2026, 3, 3))
    other(s, "compliment", ComplimentCreate, at(2026, 4, 21), person="Dev Patel")
    other(s, "compliment", ComplimentCreate, at(2025, 5, 20), person="Sarah Jones", team="Repairs")
    return refs
