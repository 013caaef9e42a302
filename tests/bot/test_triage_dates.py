"""Issue dates and the time limit, relative to a fixed receipt date (never the wall clock).

Receipt date 2026-11-24. Cut-offs: 12 months (code-2024) -> 2025-11-24; 6 months (impact-2018)
-> 2026-05-24; 3 months (paradigm-2020) -> 2026-08-24. A named period counts from its END
("March 2024" -> 2024-03-31), so residents get the benefit of the doubt.
Some tests run the real spaCy NER (loaded by path, see scripts/spacy_model_path.py) and only
assert on what it was seen to return.
"""
from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

import pytest

from actions.triage import TriageProfile, triage
from actions.triage.dates import find_date_mentions, find_issue_date, months_before

ROOT = Path(__file__).resolve().parents[2]
RECEIVED = date(2026, 11, 24)
CODE = TriageProfile.from_dict({"id": "code-2024", "time_limit_months": 12})
IMPACT = TriageProfile.from_dict({"id": "impact-2018", "time_limit_months": 6})
PARADIGM = TriageProfile.from_dict({"id": "paradigm-2020", "time_limit_months": 3})
NO_LIMIT = TriageProfile.from_dict({"id": "resolution-team-2022", "time_limit_months": None})


def issue(text, entities=(), received=RECEIVED):
    m = find_issue_date(text, list(entities), received)
    return m.end if m else None


@pytest.mark.parametrize("text,expected", [
    ("in March 2024", date(2024, 3, 31)),
    ("in 2019", date(2019, 12, 31)),
    ("back in 2022", date(2022, 12, 31)),
    ("last March", date(2026, 3, 31)),
    ("last November", date(2025, 11, 30)),
    ("in November", date(2026, 11, 24)),
    ("in may", date(2026, 5, 31)),
    ("three years ago", date(2023, 11, 24)),
    ("two weeks ago", date(2026, 11, 10)),
    ("18 months ago", date(2025, 5, 24)),
    ("a couple of years ago", date(2024, 11, 24)),
    ("summer 2022", date(2022, 8, 31)),
    ("the summer of 2020", date(2020, 8, 31)),
    ("winter 2021", date(2022, 2, 28)),
    ("last summer", date(2026, 8, 31)),
    ("last winter", date(2026, 2, 28)),
    ("christmas 2023", date(2023, 12, 31)),
    ("last year", date(2025, 12, 31)),
    ("the year before last", date(2024, 12, 31)),
    ("last month", date(2026, 10, 31)),
    ("yesterday", date(2026, 11, 23)),
    ("on 12/03/2024", date(2024, 3, 12)),
    ("on the 3rd of March 2024", date(2024, 3, 3)),
    ("March 3rd, 2024", date(2024, 3, 3)),
])
def test_phrase_resolves_relative_to_receipt(text, expected):
    assert issue(f"it happened {text}") == expected


@pytest.mark.parametrize("text", [
    "I may ring again", "my 84 year old mum", "ref CMP-2026-000123", "a £2019 bill",
    "by March 2027", "next month", "for 3 years now", "within 24 hours", "",
])
def test_non_dates_and_future_dates_are_ignored(text):
    assert issue(text) is None


def test_receipt_date_not_wall_clock():
    assert issue("last March", received=date(2030, 2, 1)) == date(2029, 3, 31)
    assert issue("three years ago", received=date(2020, 1, 15)) == date(2017, 1, 15)


def test_most_recent_date_wins():
    assert issue("broken in 2021, I chased it in January 2026") == date(2026, 1, 31)


def test_cutoffs():
    assert months_before(RECEIVED, 12) == date(2025, 11, 24)
    assert months_before(RECEIVED, 6) == date(2026, 5, 24)
    assert months_before(RECEIVED, 3) == date(2026, 8, 24)


def decide(text, profile, entities=()):
    """The model read an old one-off issue (complaint_old_issue): the dates decide."""
    d = triage(text, "complaint_old_issue", 0.95, list(entities), profile, RECEIVED)
    return d.category, d.reason


@pytest.mark.parametrize("text,code,impact,paradigm", [
    ("the operative broke my vase in March 2024", "time_limit", "time_limit", "time_limit"),
    ("the operative broke my vase in August 2026", None, None, None),
    ("the operative broke my vase in July 2026", None, None, "time_limit"),
    ("the operative broke my vase last March", None, "time_limit", "time_limit"),
    ("the operative broke my vase 18 months ago", "time_limit", "time_limit", "time_limit"),
    ("the operative broke my vase two weeks ago", None, None, None),
    ("the operative broke my vase in the summer of 2022", "time_limit", "time_limit", "time_limit"),
    ("the operative broke my vase last year", None, "time_limit", "time_limit"),
])
def test_time_limit_by_profile(text, code, impact, paradigm):
    for profile, want in ((CODE, code), (IMPACT, impact), (PARADIGM, paradigm)):
        category, reason = decide(text, profile)
        assert reason == want, (profile.id, text)
        assert category == ("excluded" if want else "complaint")
    assert decide(text, NO_LIMIT) == ("complaint", None)


def test_time_limit_decision_reports_event_date_and_explains():
    d = triage("the contractor smashed my window in march 2024 and nobody paid for it", "complaint_old_issue",
               0.9, [], CODE, RECEIVED)
    assert d.event_date == date(2024, 3, 31)
    assert "'march 2024' (01 Mar 2024 to 31 Mar 2024" in d.explanation and "12-month cut-off is 24 Nov 2025" in d.explanation


# --- with the real spaCy NER -----------------------------------------------------------------
@pytest.fixture(scope="module")
def nlp():
    spacy = pytest.importorskip("spacy")
    spec = importlib.util.spec_from_file_location("spacy_model_path", ROOT / "scripts" / "spacy_model_path.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    try:
        path = mod.find_model_path()
    except mod.ModelNotFound as exc:
        pytest.skip(str(exc))
    return spacy.load(path)


def spacy_entities(nlp, text):
    return [{"entity": e.label_, "value": e.text, "start": e.start_char, "end": e.end_char,
             "extractor": "SpacyEntityExtractor"} for e in nlp(text).ents]


@pytest.mark.parametrize("text,value,expected", [
    ("the contractor smashed my window in March 2024 and nobody paid for it", "March 2024", date(2024, 3, 31)),
    ("your engineer broke my hob last March", "last March", date(2026, 3, 31)),
    ("the fence was damaged three years ago", "three years ago", date(2023, 11, 24)),
    ("they scratched my car two weeks ago", "two weeks ago", date(2026, 11, 10)),
    ("a housing officer was rude to me 18 months ago", "18 months ago", date(2025, 5, 24)),
    ("the gardeners ruined my plants in the summer of 2022", "the summer of 2022", date(2022, 8, 31)),
    ("last summer the workmen broke my gate", "last summer", date(2026, 8, 31)),
])
def test_spacy_date_entities_resolve(nlp, text, value, expected):
    ents = spacy_entities(nlp, text)
    assert value in [e["value"] for e in ents if e["entity"] == "DATE"]
    entity_only = find_date_mentions("", [e for e in ents if e["entity"] == "DATE"], RECEIVED)
    assert max(m.end for m in entity_only) == expected
    assert issue(text, ents) == expected


def test_spacy_ages_and_durations_are_not_issue_dates(nlp):
    for text in ("my 84 year old mum has no heating", "the mould has been there for 3 years now"):
        ents = spacy_entities(nlp, text)
        assert any(e["entity"] == "DATE" for e in ents)  # spaCy tags them ...
        assert issue(text, ents) is None  # ... but they are not when the issue happened


def test_spacy_end_to_end_time_limit(nlp):
    text = "the contractor smashed my window in march 2024 and nobody paid for it"
    assert decide(text, CODE, spacy_entities(nlp, text)) == ("excluded", "time_limit")
    text = "the contractor smashed my window last week"
    assert decide(text, CODE, spacy_entities(nlp, text)) == ("complaint", None)


@pytest.mark.parametrize("text,expected", [
    ("a year and a half ago", date(2025, 5, 24)),
    ("two and a half years ago", date(2024, 5, 24)),
])
def test_and_a_half(text, expected):
    assert issue(f"it happened {text}") == expected


# --- relative phrases added after the third blind measurement (time-limit recall) -------------
@pytest.mark.parametrize("text,expected", [
    ("the winter before last", date(2025, 2, 28)),
    ("the summer before last", date(2025, 8, 31)),
    ("the March before last", date(2025, 3, 31)),
    ("the Christmas before last", date(2024, 12, 31)),
    ("two summers ago", date(2025, 8, 31)),
    ("three winters ago", date(2024, 2, 29)),
    ("two Christmases ago", date(2024, 12, 31)),
    ("last Christmas", date(2025, 12, 31)),
    ("in August last year", date(2025, 8, 31)),
    ("March of last year", date(2025, 3, 31)),
    ("in the spring of last year", date(2025, 5, 31)),
    ("last year in June", date(2025, 6, 30)),
    ("in July the year before last", date(2024, 7, 31)),
    ("eighteen months back", date(2025, 5, 24)),
    ("two years back", date(2024, 11, 24)),
    ("over a year ago", date(2025, 11, 23)),
    ("more than a year ago", date(2025, 11, 23)),
    ("just over a year ago", date(2025, 11, 23)),
    ("a good year ago", date(2025, 11, 23)),
    ("about a year ago", date(2025, 11, 24)),
])
def test_more_relative_phrases_resolve(text, expected):
    assert issue(f"it happened {text}") == expected


@pytest.mark.parametrize("text,expected", [
    # a day with "last year" is that day, not the end of its month (received Tue 24 Nov 2026)
    ("on 18 November last year", date(2025, 11, 18)),
    ("on the 3rd of March last year", date(2025, 3, 3)),
    ("November 30th last year", date(2025, 11, 30)),
    ("on 2 June the year before last", date(2024, 6, 2)),
    # near misses: no day, or a day the month does not have
    ("in November last year", date(2025, 11, 30)),
    ("on 31 February last year", date(2025, 12, 31)),  # no such day: read as "last year" alone
])
def test_a_day_in_a_month_of_last_year_is_that_day(text, expected):
    assert issue(f"it happened {text}") == expected


def test_a_day_last_year_just_over_the_limit_is_out_of_time_and_just_inside_is_not():
    """Code 2.3 (12 months from when the resident became aware): received 24 Nov 2026, the 18th of
    November last year is over 12 months; the 30th is inside, although both are in November."""
    assert decide("On 18 November last year the caretaker swore at me in the car park. A one-off, no bother since.",
                  CODE, []) == ("excluded", "time_limit")
    assert decide("On 30 November last year the caretaker swore at me in the car park. A one-off, no bother since.",
                  CODE, [])[0] == "complaint"


# --- a one-off that is over: put right, or fine since, is not continuing ---------------------
@pytest.mark.parametrize("text,expected", [
    ("the 2023/24 service charge was wrong", date(2024, 3, 31)),
    ("I was overcharged in the 2024-25 financial year", date(2025, 3, 31)),
    ("it happened 3 yrs ago", date(2023, 11, 24)),
    ("about 18 mnths ago", date(2025, 5, 24)),
])
def test_financial_years_and_abbreviated_units_resolve(text, expected):
    assert find_issue_date(text, [], RECEIVED).end == expected


def test_a_slash_that_is_not_a_financial_year_is_not_a_date():
    assert find_issue_date("flat 2023/7 has a leak", [], RECEIVED) is None


@pytest.mark.parametrize("text,start,end", [
    ("At Easter 2025 your plumbers flooded my bathroom", date(2025, 4, 18), date(2025, 4, 21)),
    ("last Easter the roof leaked", date(2026, 4, 3), date(2026, 4, 6)),
    ("in Feb 25 the electrician drilled through a pipe", date(2025, 2, 1), date(2025, 2, 28)),
    ("back in Jan '24 the gate was left open", date(2024, 1, 1), date(2024, 1, 31)),
])
def test_easter_and_two_digit_years(text, start, end):
    m = find_issue_date(text, [], date(2026, 11, 24))
    assert m is not None and (m.start, m.end) == (start, end)


def test_month_and_day_is_not_read_as_a_year():
    m = find_issue_date("in March 24th the gate broke", [], date(2026, 11, 24))
    assert m is None or m.start.year == 2026


def test_a_year_then_its_month_is_one_date():
    from actions.triage.dates import find_issue_date
    m = find_issue_date("in the year 2023, in June, your men broke my gate", [], date(2026, 11, 24))
    assert (m.start, m.end) == (date(2023, 6, 1), date(2023, 6, 30))


@pytest.mark.parametrize("text,start,end", [
    ("My boiler broke over Christmas 2024 and was fixed on 30 December. I want compensation.",
     date(2024, 12, 30), date(2024, 12, 30)),
    ("The engineer missed appointments in January and February 2025 before it was connected.",
     date(2025, 2, 1), date(2025, 2, 28)),
    ("In March 2024 it broke. In May it was fixed.", date(2026, 5, 1), date(2026, 5, 31)),
    ("You may remember that in 2024 the fence fell down.", date(2024, 1, 1), date(2024, 12, 31)),
])
def test_a_month_without_a_year_takes_the_year_of_its_sentence(text, start, end):
    m = find_issue_date(text, [], date(2026, 11, 24))
    assert (m.start, m.end) == (start, end)


@pytest.mark.parametrize("text,expected_end", [
    # the date of a background fact is not the date of the issue
    ("My exchange was refused over a porch my dad built eight years ago. Please look at it again.", None),
    ("You say my dog breaks the tenancy, but the agreement I signed in 2020 allows pets.", None),
    ("Your letter says my shed needs removing though your officer gave me written permission in 2023.", None),
    # the issue's own date still counts
    ("your removal team lost a box of my photos when I moved in 2021", date(2021, 12, 31)),
    ("My mum's tenancy was ended in a rush after she died in 2022 and you gave us two weeks.", date(2022, 12, 31)),
    ("The fence you fitted in 2022 blew down in March 2025 and nobody came.", date(2025, 3, 31)),
])
def test_background_dates_are_not_the_issue(text, expected_end):
    issue = find_issue_date(text, [], date(2026, 11, 24))
    assert (issue.end if issue else None) == expected_end


@pytest.mark.parametrize("text,start,end", [
    ("early 2025 one of your contractors scratched my car with a ladder", date(2025, 1, 1), date(2025, 4, 30)),
    ("at the start of 2025 the fence panel blew down", date(2025, 1, 1), date(2025, 3, 31)),
    ("mid-2025 your roofer cracked two tiles", date(2025, 5, 1), date(2025, 8, 31)),
    ("in the first half of 2025 the bins were missed twice", date(2025, 1, 1), date(2025, 6, 30)),
    ("late 2024 the painters splashed my car", date(2024, 9, 1), date(2024, 12, 31)),
    # near misses: a whole year, a part of a year still to come, and a decade are not parts of a year
    ("in 2025 the painters splashed my car", date(2025, 1, 1), date(2025, 12, 31)),
])
def test_part_of_a_year_counts_from_the_end_of_that_part(text, start, end):
    m = find_issue_date(text, [], RECEIVED)
    assert m is not None and (m.start, m.end) == (start, end)


@pytest.mark.parametrize("text", ["we are moving in early 2027", "the estate was built in the late 1990s"])
def test_future_parts_of_years_and_decades_are_not_issue_dates(text):
    m = find_issue_date(text, [], RECEIVED)
    assert m is None


def test_part_of_a_year_decides_the_time_limit():
    # received 10 December 2026 under the Code (12 months: cut-off 10 December 2025): "early 2025"
    # ended on 30 April 2025, over the limit; the whole of "2025" runs to 31 December, within it
    received = date(2026, 12, 10)
    assert find_issue_date("early 2025 a contractor scratched my car", [], received).end < months_before(received, 12)
    assert find_issue_date("in 2025 a contractor scratched my car", [], received).end > months_before(received, 12)


@pytest.mark.parametrize("text,expected", [
    # the year the resident names after a relative month or season wins (received 24 Nov 2026)
    ("Last September (2025) the decorators played music all day", date(2025, 9, 30)),
    ("last March, 2024, the operative broke my vase", date(2024, 3, 31)),
    ("this past summer (2025) the lift was out", date(2025, 8, 31)),
    # near misses: no year beside it, or a year that belongs to something else
    ("Last September the decorators played music all day", date(2026, 9, 30)),
    ("last September the 2025 service charge bill came", date(2026, 9, 30)),
])
def test_a_year_named_after_a_relative_month_wins(text, expected):
    assert issue(text) == expected


def test_a_year_named_after_a_relative_month_wins_over_its_entity():
    text = "Last September (2025) the decorators played music all day"
    ents = [{"entity": "DATE", "value": "Last September", "start": 0, "end": 14}]
    assert issue(text, ents) == date(2025, 9, 30)
    assert decide(text, CODE, ents) == ("excluded", "time_limit")
    assert decide("Last September the decorators played music all day", CODE,
                  [{"entity": "DATE", "value": "Last September", "start": 0, "end": 14}]) == ("complaint", None)


def test_over_a_year_ago_wins_over_its_entity_a_year_ago():
    """spaCy's DATE entity can leave out the "over" ("a year ago" of "Over a year ago"); read alone it
    is the day a year before receipt, which is inside the 12 months. The qualified phrase in the text
    is strictly earlier (Code 2.3: over the limit). Received Tue 24 Nov 2026."""
    text = "Over a year ago a woman at your office was rude to me at the counter. I want an apology."
    ents = [{"entity": "DATE", "value": "a year ago", "start": 5, "end": 15}]
    assert issue(text, ents) == date(2025, 11, 23)
    assert decide(text, CODE, ents) == ("excluded", "time_limit")
    more = "It was more than a year ago, the caretaker swore at me. A one-off."
    assert issue(more, [{"entity": "DATE", "value": "a year ago", "start": 17, "end": 27}]) == date(2025, 11, 23)


def test_a_year_ago_without_over_keeps_its_entity_and_stays_inside_the_limit():
    # near misses: no qualifier, or "about", which is not "over"
    for text, start in (("A year ago a woman at your office was rude to me. I want an apology.", 0),
                        ("About a year ago a woman at your office was rude to me. I want an apology.", 6)):
        ents = [{"entity": "DATE", "value": "a year ago", "start": start, "end": start + 10}]
        assert issue(text, ents) == date(2025, 11, 24)
        assert decide(text, CODE, ents)[0] == "complaint"
