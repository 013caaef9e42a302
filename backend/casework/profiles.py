"""Policy profiles: one YAML file per landlord policy in backend/profiles/, validated on load."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

PROFILES_DIR = Path(__file__).resolve().parent.parent / "profiles"
DEFAULT_PROFILE_ID = "code-2024"

Nation = Literal["england", "scotland", "northern_ireland"]
DayUnit = Literal["working", "calendar"]
Exclusion = Literal["asb", "legal", "employment", "time_limit", "already_investigated", "tribunal"]
PositiveInt = int  # checked by _check_positive: strict ints > 0 with a readable message

_POSITIVE_FIELDS = {
    "number", "acknowledge_days", "response_days", "extension_days", "max_extensions",
    "min_days", "max_days", "time_limit_months", "escalation_window_days",
}


class ProfileError(ValueError):
    """A profile file that cannot be used; the message names the file and the field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class ComplexityBand(_Strict):
    name: str = Field(min_length=1)
    min_days: PositiveInt
    max_days: PositiveInt


class Stage(_Strict):
    number: PositiveInt
    name: str = Field(min_length=1)
    handler: str = Field(min_length=1)
    acknowledge_days: PositiveInt | None  # always working days
    response_days: PositiveInt | None
    day_unit: DayUnit  # unit of response_days and extension_days
    response_from: Literal["acknowledgement", "receipt"]
    extension_days: PositiveInt | None
    max_extensions: PositiveInt = 1
    complexity_bands: list[ComplexityBand] | None = None
    default_band: str | None = None
    notes: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _bands(self) -> "Stage":
        if self.complexity_bands:
            names = [b.name for b in self.complexity_bands]
            if self.default_band not in names:
                raise ValueError(f"default_band: must be one of {names}")
        elif self.default_band is not None:
            raise ValueError("default_band: set without complexity_bands")
        return self

    def band(self, name: str | None) -> ComplexityBand | None:
        if not self.complexity_bands:
            return None
        wanted = name or self.default_band
        for b in self.complexity_bands:
            if b.name == wanted:
                return b
        return None

    def response_days_for(self, complexity: str | None) -> int | None:
        band = self.band(complexity)
        return band.max_days if band else self.response_days


class Profile(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str = Field(min_length=1)
    default: bool
    source: str = ""
    nation: Nation
    timezone: str = "Europe/London"
    # office hours on a working day (the chat tells a resident when the office is closed now and when it
    # opens: bot/actions/settings.py OfficeHours); the working-day rule counts from closing_time
    opening_time: str = Field(default="09:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    closing_time: str = Field(default="17:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    time_limit_months: PositiveInt | None
    escalation_window_days: PositiveInt | None
    # Escalating before the stage has been answered: never, only once the response is overdue
    # (the default: the resident need not wait past the landlord's own date), or at any time.
    escalate_before_response: Literal["never", "when_overdue", "any_time"] = "when_overdue"
    designated_person_route: bool = False
    informal_stage: bool = False
    stages: list[Stage] = Field(min_length=1)
    exclusions: list[Exclusion] = Field(default_factory=list)
    redirects: dict[Exclusion, str] = Field(default_factory=dict)
    compliments_team: str = "Customer Experience team"
    # Awaab's Law (hazard clocks, docs/hazards.md) binds social landlords in England only. Unset:
    # on for nation england. England and Wales share bank holidays (nation "england"), so a Welsh
    # landlord sets `awaabs_law: false`; true is refused for Scotland and Northern Ireland.
    awaabs_law: bool | None = None
    notes: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> "Profile":
        for i, st in enumerate(self.stages):
            if st.number != i + 1:
                raise ValueError(f"stages[{i}].number: must be {i + 1} (stages are numbered 1, 2, ...)")
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"timezone: unknown time zone {self.timezone!r}") from None
        if self.opening_time >= self.closing_time:
            raise ValueError("opening_time: must be before closing_time")
        if self.awaabs_law and self.nation != "england":
            raise ValueError("awaabs_law: Awaab's Law applies to landlords in England only")
        return self

    @property
    def hazard_clocks(self) -> bool:
        """Whether Awaab's Law hazard clocks run for this landlord."""
        return self.nation == "england" if self.awaabs_law is None else self.awaabs_law

    def stage(self, number: int) -> Stage:
        return self.stages[number - 1]

    @property
    def last_stage(self) -> int:
        return len(self.stages)

    def closing(self) -> tuple[int, int]:
        h, m = self.closing_time.split(":")
        return int(h), int(m)

    def as_data(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


def _loc(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ("function-after", "function-before") or "[" in str(part):
            continue
        else:
            out += ("." if out else "") + str(part)
    return out


def _message(err: dict) -> tuple[str, str]:
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and ("[" in p or p.startswith("function"))))
    field = _loc(loc)
    last = next((p for p in reversed(loc) if isinstance(p, str)), "")
    kind = err["type"]
    if kind == "missing":
        return field, "is required"
    if kind == "extra_forbidden":
        return field, "unknown field"
    if last in _POSITIVE_FIELDS and kind in ("int_type", "greater_than", "int_parsing", "none_required"):
        return field, "must be a positive integer"
    if kind == "value_error":
        msg = str(err.get("ctx", {}).get("error", err["msg"]))
        if ": " in msg and not field:
            f, m = msg.split(": ", 1)
            return f, m
        return field, msg
    if kind == "string_pattern_mismatch" and last in ("closing_time", "opening_time"):
        return field, "must be a 24-hour time HH:MM, e.g. \"17:00\""
    if kind == "too_short" and last == "stages":
        return field, "must list at least one stage"
    msg = err["msg"]
    msg = re.sub(r"^Input should be ", "must be ", msg)
    return field, msg


def _check_positive(data: Any, path: str, errors: list[str]) -> None:
    """Pydantic strict mode takes True as an int nowhere, but 0/negatives need our own wording."""
    if isinstance(data, dict):
        for k, v in data.items():
            p = f"{path}.{k}" if path else str(k)
            if k in _POSITIVE_FIELDS and v is not None and (isinstance(v, bool) or not isinstance(v, int) or v <= 0):
                errors.append(f"{p}: must be a positive integer")
            else:
                _check_positive(v, p, errors)
    elif isinstance(data, list):
        for i, v in enumerate(data):
            _check_positive(v, f"{path}[{i}]", errors)


def parse_profile(data: Any, label: str) -> Profile:
    """Validate one profile's data; `label` (e.g. "profiles/x.yaml") prefixes every message."""
    if not isinstance(data, dict):
        raise ProfileError(f"{label}: the file must hold a mapping of fields, not {type(data).__name__}")
    errors: list[str] = []
    _check_positive(data, "", errors)
    if errors:
        raise ProfileError(f"{label}: " + f"; {label}: ".join(errors))
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        parts = []
        for err in exc.errors():
            field, msg = _message(err)
            parts.append(f"{label}: {field}: {msg}" if field else f"{label}: {msg}")
        raise ProfileError("; ".join(parts)) from None


def load_profile_file(path: Path) -> Profile:
    label = f"profiles/{path.name}"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ProfileError(f"{label}: not valid YAML: {exc}") from None
    profile = parse_profile(data, label)
    if profile.id != path.stem:
        raise ProfileError(f"{label}: id: must match the file name ({path.stem!r}), found {profile.id!r}")
    return profile


def load_profiles(directory: Path = PROFILES_DIR) -> dict[str, Profile]:
    """Load and validate every profile; refuses the whole set if any file is bad."""
    profiles = {}
    for path in sorted(directory.glob("*.yaml")):
        p = load_profile_file(path)
        profiles[p.id] = p
    if not profiles:
        raise ProfileError(f"{directory}: no profile files found")
    defaults = [p.id for p in profiles.values() if p.default]
    if len(defaults) != 1:
        raise ProfileError(f"profiles/: exactly one profile must have default: true, found {defaults}")
    return profiles


@lru_cache(maxsize=1)
def all_profiles() -> dict[str, Profile]:
    return load_profiles()


class UnknownProfile(LookupError):
    def __init__(self, profile_id: str):
        self.profile_id = profile_id
        known = ", ".join(sorted(all_profiles()))
        super().__init__(f"unknown profile {profile_id!r} (known profiles: {known})")


def get_profile(profile_id: str | None) -> Profile:
    profiles = all_profiles()
    pid = profile_id or DEFAULT_PROFILE_ID
    try:
        return profiles[pid]
    except KeyError:
        raise UnknownProfile(pid) from None
