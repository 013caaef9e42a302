import pytest

from casework.conflicts import find_conflicts
from casework.profiles import get_profile, parse_profile


def fields(pid):
    return {c.field: (c.profile_value, c.code_value) for c in find_conflicts(get_profile(pid))}


def test_code_2024_has_no_conflicts():
    assert find_conflicts(get_profile("code-2024")) == []


@pytest.mark.parametrize("pid, expected", [
    ("paradigm-2020", {
        "stages": (3, 2), "time_limit_months": (3, 12), "stages[0].complexity_bands": (25, 10),
        "stages[1].acknowledge_days": (None, 5), "stages[1].response_days": (None, 20),
        "designated_person_route": (True, False)}),
    ("wrekin-2020-housing", {
        "stages": (3, 2), "time_limit_months": (6, 12), "stages[1].acknowledge_days": (None, 5),
        "informal_stage": (True, False)}),
    ("wrekin-2020-care", {
        "stages": (3, 2), "time_limit_months": (6, 12), "stages[0].acknowledge_days": (None, 5),
        "stages[0].response_days": (None, 10), "informal_stage": (True, False)}),
    ("resolution-team-2022", {
        "time_limit_months": (None, 12), "stages[0].acknowledge_days": (None, 5),
        "stages[1].acknowledge_days": (None, 5), "stages[1].extension_days": (30, 20),
        "designated_person_route": (True, False)}),
    ("pa-housing-2022", {"time_limit_months": (6, 12)}),
    ("impact-2018", {
        "time_limit_months": (6, 12), "stages[0].acknowledge_days": (None, 5),
        "designated_person_route": (True, False)}),
])
def test_conflicts_per_profile(pid, expected):
    assert fields(pid) == expected


def test_messages_explain_the_code_rule():
    msgs = {c.field: c.message for c in find_conflicts(get_profile("paradigm-2020"))}
    assert msgs["stages"] == "3 stages; the Code allows two stages only (5.2-5.3)."
    assert "ended on 1 October 2022" in msgs["designated_person_route"]
    assert "3-month time limit is shorter than the Code's 12 months" in msgs["time_limit_months"]


def _variant(**changes):
    d = get_profile("code-2024").as_data()
    for path, value in changes.items():
        if "__" in path:
            i, key = path.split("__")
            d["stages"][int(i[1:])][key] = value
        else:
            d[path] = value
    return parse_profile(d, "test")


def test_each_code_limit_is_checked():
    p = _variant(s0__acknowledge_days=6, s0__response_days=11, s1__response_days=21,
                 s0__extension_days=11, s1__extension_days=21)
    got = {c.field: (c.profile_value, c.code_value) for c in find_conflicts(p)}
    assert got == {"stages[0].acknowledge_days": (6, 5), "stages[0].response_days": (11, 10),
                   "stages[1].response_days": (21, 20), "stages[0].extension_days": (11, 10),
                   "stages[1].extension_days": (21, 20)}


def test_at_the_limits_is_not_a_conflict_and_calendar_days_are_converted():
    assert find_conflicts(_variant(s0__acknowledge_days=5, s0__response_days=10)) == []
    # 14 calendar days hold 10 working days; 15 may hold 11.
    assert find_conflicts(_variant(s0__day_unit="calendar", s0__response_days=14, s0__extension_days=None)) == []
    got = find_conflicts(_variant(s0__day_unit="calendar", s0__response_days=15, s0__extension_days=None))
    assert [c.field for c in got] == ["stages[0].response_days"]


def test_more_than_one_extension_counts_in_total():
    got = find_conflicts(_variant(s0__max_extensions=2))
    assert [(c.field, c.profile_value) for c in got] == [("stages[0].extension_days", 20)]
