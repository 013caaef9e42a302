"""Where a profile departs from the Housing Ombudsman Complaint Handling Code 2024 (pure)."""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

from .profiles import Profile, Stage

CODE_STAGES = 2
CODE_TIME_LIMIT_MONTHS = 12
CODE_ACK_DAYS = 5
CODE_RESPONSE_DAYS = {1: 10, 2: 20}
CODE_EXTENSION_DAYS = {1: 10, 2: 20}


@dataclass(frozen=True)
class Conflict:
    field: str
    profile_value: Any
    code_value: Any
    message: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _as_working(days: int, unit: str) -> int:
    # 7 calendar days hold 5 working days at most; round up so a calendar period is never undercounted.
    return days if unit == "working" else math.ceil(days * 5 / 7)


def _longest_response(st: Stage) -> int | None:
    if st.complexity_bands:
        return max(b.max_days for b in st.complexity_bands)
    return st.response_days


def find_conflicts(profile: Profile) -> list[Conflict]:
    out: list[Conflict] = []
    n = len(profile.stages)
    if n > CODE_STAGES:
        out.append(Conflict("stages", n, CODE_STAGES,
                            f"{n} stages; the Code allows two stages only (5.2-5.3)."))
    if profile.time_limit_months is None:
        out.append(Conflict("time_limit_months", None, CODE_TIME_LIMIT_MONTHS,
                            "No time limit is set; the Code accepts complaints raised within 12 months "
                            "of the issue or of the resident becoming aware of it (2.3)."))
    elif profile.time_limit_months < CODE_TIME_LIMIT_MONTHS:
        out.append(Conflict("time_limit_months", profile.time_limit_months, CODE_TIME_LIMIT_MONTHS,
                            f"A {profile.time_limit_months}-month time limit is shorter than the Code's "
                            "12 months (2.3)."))
    for i, st in enumerate(profile.stages[:CODE_STAGES]):
        num = i + 1
        f = f"stages[{i}]"
        if st.acknowledge_days is None:
            out.append(Conflict(f"{f}.acknowledge_days", None, CODE_ACK_DAYS,
                                f"Stage {num} sets no acknowledgement time; the Code requires one within "
                                "5 working days."))
        elif st.acknowledge_days > CODE_ACK_DAYS:
            out.append(Conflict(f"{f}.acknowledge_days", st.acknowledge_days, CODE_ACK_DAYS,
                                f"Stage {num} acknowledgement in {st.acknowledge_days} working days; "
                                "the Code allows 5."))
        longest = _longest_response(st)
        limit = CODE_RESPONSE_DAYS[num]
        field = f"{f}.complexity_bands" if st.complexity_bands else f"{f}.response_days"
        if longest is None:
            out.append(Conflict(field, None, limit,
                                f"Stage {num} sets no response time; the Code requires a response within "
                                f"{limit} working days."))
        elif _as_working(longest, st.day_unit) > limit:
            out.append(Conflict(field, longest, limit,
                                f"Stage {num} response can take {longest} {st.day_unit} days; the Code "
                                f"allows {limit} working days."))
        ext_limit = CODE_EXTENSION_DAYS[num]
        if st.extension_days is not None and (
            _as_working(st.extension_days, st.day_unit) * st.max_extensions > ext_limit
        ):
            total = st.extension_days * st.max_extensions
            out.append(Conflict(f"{f}.extension_days", total, ext_limit,
                                f"Stage {num} can be extended by {total} days; the Code allows no more "
                                f"than {ext_limit} working days."))
    if profile.designated_person_route:
        out.append(Conflict("designated_person_route", True, False,
                            "Refers residents to a designated person or to wait eight weeks before the "
                            "Housing Ombudsman; that route ended on 1 October 2022."))
    if profile.informal_stage:
        out.append(Conflict("informal_stage", True, False,
                            "Has an informal or 'dissatisfaction' stage before stage 1; the Code allows "
                            "no 'stage 0' (5.2)."))
    return out
