"""The routing directory (backend/routing.yaml, or ROUTING_FILE): teams with inboxes and managers,
named staff with line managers, the duty inbox, and which team takes which hand-off.

Loaded and checked at start-up (the API refuses to start on a bad file); pure look-ups here, the
referral records and their notifications are in referrals.py."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .settings import get_settings

Email = str


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Duty(_Strict):
    name: str = Field(min_length=1)
    inbox: Email = Field(pattern=r"^[^@\s]+@[^@\s]+$")


class Team(_Strict):
    name: str = Field(min_length=1)
    inbox: Email = Field(pattern=r"^[^@\s]+@[^@\s]+$")
    manager: str | None = None
    manager_email: Email | None = Field(None, pattern=r"^[^@\s]+@[^@\s]+$")
    # what residents call the team or its people ("caretaking team", "housing officer", "plumbers")
    aliases: tuple[str, ...] = ()


class Person(_Strict):
    name: str = Field(min_length=1)
    email: Email | None = Field(None, pattern=r"^[^@\s]+@[^@\s]+$")
    team: str | None = None
    line_manager: str | None = None
    line_manager_email: Email | None = Field(None, pattern=r"^[^@\s]+@[^@\s]+$")


class Directory(_Strict):
    duty: Duty
    teams: dict[str, Team]
    referrals: dict[str, str]
    staff: list[Person] = []

    @model_validator(mode="after")
    def _known_teams(self) -> "Directory":
        for reason, key in self.referrals.items():
            if key not in self.teams:
                raise ValueError(f"referrals.{reason}: no team {key!r} in teams")
        for p in self.staff:
            if p.team is not None and p.team not in self.teams:
                raise ValueError(f"staff {p.name!r}: no team {p.team!r} in teams")
        return self

    def team_for(self, reason: str) -> tuple[str, Team] | None:
        key = self.referrals.get(reason)
        return (key, self.teams[key]) if key else None

    def person(self, name: str | None) -> Person | None:
        """A named member of staff: full name, else a unique first or last name (case-insensitive)."""
        wanted = " ".join((name or "").lower().split())
        if not wanted:
            return None
        for p in self.staff:
            if p.name.lower() == wanted:
                return p
        parts = [p for p in self.staff if wanted in p.name.lower().split()]
        return parts[0] if len(parts) == 1 else None

    def team_named(self, name: str | None) -> tuple[str, Team] | None:
        wanted = " ".join((name or "").lower().split())
        if not wanted:
            return None
        for key, t in self.teams.items():
            tn = t.name.lower()
            if wanted in (key, tn) or wanted.removesuffix(" team") == tn.removesuffix(" team"):
                return key, t
        for key, t in self.teams.items():
            if wanted in {" ".join(a.lower().split()) for a in t.aliases}:
                return key, t
        return None


class RoutingError(ValueError):
    pass


@dataclass(frozen=True)
class Recipient:
    key: str
    name: str
    address: str | None
    copy_to: tuple[tuple[str, str | None], ...] = ()  # (name, address) of a manager copied in


@lru_cache(maxsize=8)
def _load(path: str, mtime: float) -> Directory:
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        return Directory.model_validate(raw)
    except FileNotFoundError:
        raise RoutingError(f"routing directory {path} not found (set ROUTING_FILE)") from None
    except (yaml.YAMLError, ValidationError) as exc:
        raise RoutingError(f"routing directory {path}: {exc}") from None


def load_directory() -> Directory:
    path = get_settings().routing_path
    try:
        mtime = path.stat().st_mtime
    except OSError:
        mtime = 0.0
    return _load(str(path), mtime)


def referral_recipient(reason: str) -> Recipient | None:
    d = load_directory()
    found = d.team_for(reason)
    if found is None:
        return None
    key, team = found
    return Recipient(key=f"team:{key}", name=team.name, address=team.inbox)


def duty_recipient() -> Recipient:
    d = load_directory()
    return Recipient(key="duty", name=d.duty.name, address=d.duty.inbox)


def compliment_recipients(person: str | None, team: str | None) -> list[Recipient]:
    """The person praised and their line manager; the team named and its manager; else the
    compliments team from the directory. A name not in the directory still goes to the team that
    deals with compliments, saying who it is for."""
    d = load_directory()
    out: list[Recipient] = []
    p = d.person(person)
    if p is not None:
        copy = ((p.line_manager, p.line_manager_email),) if p.line_manager else ()
        out.append(Recipient(key=f"staff:{p.name}", name=p.name, address=p.email, copy_to=copy))
    t = d.team_named(team)
    if t is not None:
        key, tm = t
        copy = ((tm.manager, tm.manager_email),) if tm.manager else ()
        out.append(Recipient(key=f"team:{key}", name=tm.name, address=tm.inbox, copy_to=copy))
    if not out:
        fallback = d.team_for("compliment")
        if fallback is not None:
            key, tm = fallback
            copy = ((tm.manager, tm.manager_email),) if tm.manager else ()
            out.append(Recipient(key=f"team:{key}", name=tm.name, address=tm.inbox, copy_to=copy))
    return out
