import copy
from pathlib import Path

import pytest
import yaml

from casework.profiles import (
    PROFILES_DIR, ProfileError, UnknownProfile, get_profile, load_profile_file, load_profiles,
    parse_profile,
)

IDS = ["code-2024", "impact-2018", "pa-housing-2022", "paradigm-2020", "resolution-team-2022",
       "wrekin-2020-care", "wrekin-2020-housing"]


def test_every_profile_file_loads():
    profiles = load_profiles()
    assert sorted(profiles) == IDS
    assert [p.id for p in profiles.values() if p.default] == ["code-2024"]


@pytest.mark.parametrize("pid", IDS)
def test_required_top_level_keys_are_present_in_the_yaml(pid):
    raw = yaml.safe_load((PROFILES_DIR / f"{pid}.yaml").read_text())
    for key in ("id", "name", "default", "nation", "time_limit_months", "escalation_window_days", "stages"):
        assert key in raw, key
    assert raw["id"] == pid


# (stages, stage-1 ack, stage-1 response, stage-2 response, escalation window, time limit)
FIGURES = {
    "code-2024": (2, 5, 10, 20, None, 12),
    "paradigm-2020": (3, 2, 10, None, None, 3),
    "wrekin-2020-housing": (3, 1, 5, 10, 14, 6),
    "wrekin-2020-care": (3, None, None, 25, None, 6),
    "resolution-team-2022": (2, None, 10, 20, None, None),
    "pa-housing-2022": (2, 5, 10, 20, 28, 6),
    "impact-2018": (2, None, 5, 20, 30, 6),
}


@pytest.mark.parametrize("pid", IDS)
def test_figures_match_the_domain_table(pid):
    p = get_profile(pid)
    n, ack1, resp1, resp2, window, limit = FIGURES[pid]
    assert len(p.stages) == n
    assert p.stages[0].acknowledge_days == ack1
    assert p.stages[0].response_days == resp1
    assert p.stages[1].response_days == resp2
    assert p.escalation_window_days == window
    assert p.time_limit_months == limit
    assert p.nation == "england" and p.timezone == "Europe/London" and p.closing_time == "17:00"
    assert p.opening_time == "09:00"  # office hours: the chat says when the office is closed and opens


def test_specific_policy_details():
    code = get_profile("code-2024")
    assert [s.extension_days for s in code.stages] == [10, 20]
    res = get_profile("resolution-team-2022")
    assert [s.extension_days for s in res.stages] == [10, 30]
    care = get_profile("wrekin-2020-care")
    assert care.stages[1].day_unit == "calendar" and care.stages[1].acknowledge_days == 5
    assert care.stages[2].response_days == 25 and care.stages[2].day_unit == "working"
    assert care.informal_stage is True
    par = get_profile("paradigm-2020")
    st = par.stages[0]
    assert [(b.name, b.max_days) for b in st.complexity_bands] == [
        ("simple", 5), ("standard", 10), ("complex", 15), ("very_complex", 25)]
    assert st.default_band == "standard" and st.response_days_for(None) == 10
    assert st.response_days_for("very_complex") == 25
    assert par.designated_person_route is True
    assert get_profile("impact-2018").stages[1].acknowledge_days == 3
    assert get_profile("pa-housing-2022").redirects["asb"].startswith("ASB team")


@pytest.mark.parametrize("pid", ["paradigm-2020", "resolution-team-2022", "wrekin-2020-care"])
def test_unset_figures_carry_notes_quoting_the_policy(pid):
    p = get_profile(pid)
    text = " ".join(p.notes) + " ".join(n for s in p.stages for n in s.notes)
    assert "not set" in text or "sets no" in text or "no time" in text


def test_unknown_profile_names_it():
    with pytest.raises(UnknownProfile, match="unknown profile 'nope' \\(known profiles: code-2024"):
        get_profile("nope")
    assert get_profile(None).id == "code-2024"


def _good() -> dict:
    return copy.deepcopy(get_profile("code-2024").as_data())


def _refusal(data) -> str:
    with pytest.raises(ProfileError) as exc:
        parse_profile(data, "profiles/x.yaml")
    return str(exc.value)


def test_refuses_zero_response_days():
    d = _good()
    d["stages"][1]["response_days"] = 0
    assert _refusal(d) == "profiles/x.yaml: stages[1].response_days: must be a positive integer"


def test_refuses_a_string_where_a_number_is_needed():
    d = _good()
    d["time_limit_months"] = "12"
    assert _refusal(d) == "profiles/x.yaml: time_limit_months: must be a positive integer"


def test_refuses_missing_required_keys():
    d = _good()
    del d["escalation_window_days"]
    del d["stages"][0]["handler"]
    msg = _refusal(d)
    assert "profiles/x.yaml: escalation_window_days: is required" in msg
    assert "profiles/x.yaml: stages[0].handler: is required" in msg


def test_refuses_unknown_nation_and_day_unit():
    d = _good()
    d["nation"] = "wales"
    d["stages"][0]["day_unit"] = "weeks"
    msg = _refusal(d)
    assert "profiles/x.yaml: nation: must be 'england', 'scotland' or 'northern_ireland'" in msg
    assert "profiles/x.yaml: stages[0].day_unit: must be 'working' or 'calendar'" in msg


def test_refuses_bad_closing_time_timezone_and_stage_numbers():
    d = _good()
    d["closing_time"] = "5pm"
    assert _refusal(d) == 'profiles/x.yaml: closing_time: must be a 24-hour time HH:MM, e.g. "17:00"'
    d = _good()
    d["opening_time"] = "9am"
    assert _refusal(d) == 'profiles/x.yaml: opening_time: must be a 24-hour time HH:MM, e.g. "17:00"'
    d = _good()
    d["opening_time"], d["closing_time"] = "17:00", "09:00"
    assert _refusal(d) == "profiles/x.yaml: opening_time: must be before closing_time"
    d = _good()
    d["timezone"] = "Mars/Olympus"
    assert _refusal(d) == "profiles/x.yaml: timezone: unknown time zone 'Mars/Olympus'"
    d = _good()
    d["stages"][1]["number"] = 3
    assert "stages[1].number: must be 2" in _refusal(d)
    d = _good()
    d["stages"] = []
    assert _refusal(d) == "profiles/x.yaml: stages: must list at least one stage"


def test_refuses_unknown_fields_and_non_mapping():
    d = _good()
    d["stages"][0]["respnse_days"] = 3
    assert _refusal(d) == "profiles/x.yaml: stages[0].respnse_days: unknown field"
    assert _refusal([1, 2]) == "profiles/x.yaml: the file must hold a mapping of fields, not list"


def test_refuses_bad_default_band():
    d = copy.deepcopy(get_profile("paradigm-2020").as_data())
    d["stages"][0]["default_band"] = "huge"
    assert "default_band: must be one of" in _refusal(d)


def test_file_loader_names_the_file(tmp_path: Path):
    d = _good()
    d["id"] = "other"
    p = tmp_path / "mine.yaml"
    p.write_text(yaml.safe_dump(d))
    with pytest.raises(ProfileError, match=r"^profiles/mine.yaml: id: must match the file name"):
        load_profile_file(p)
    p.write_text("stages: [unclosed")
    with pytest.raises(ProfileError, match=r"^profiles/mine.yaml: not valid YAML"):
        load_profile_file(p)


def test_directory_needs_exactly_one_default(tmp_path: Path):
    for pid in ("code-2024", "impact-2018"):
        d = get_profile(pid).as_data()
        d["default"] = True
        (tmp_path / f"{pid}.yaml").write_text(yaml.safe_dump(d))
    with pytest.raises(ProfileError, match="exactly one profile must have default: true"):
        load_profiles(tmp_path)
