"""The hazard types and statutory timescales from backend/hazards.yaml, validated on load."""
from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

CATALOGUE_PATH = Path(__file__).resolve().parents[2] / "hazards.yaml"
Severity = Literal["emergency", "significant"]
SEVERITIES: tuple[str, ...] = ("emergency", "significant")
STEPS = ("investigation_concluded", "summary_sent", "safety_work_done", "preventative_begun",
         "preventative_started", "accommodation_offered")


class CatalogueError(ValueError):
    pass


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Timescale(_Strict):
    id: str = Field(pattern=r"^[a-z_]+$")
    label: str = Field(min_length=1)
    from_: Literal["aware", "investigation_concluded"] = Field(alias="from")
    hours: int | None = Field(default=None, gt=0)
    working_days: int | None = Field(default=None, gt=0)
    weeks: int | None = Field(default=None, gt=0)
    done_by: Literal["investigation_concluded", "summary_sent", "safety_work_done",
                     "preventative_begun", "preventative_started"]

    @model_validator(mode="after")
    def _one_unit(self) -> "Timescale":
        units = [u for u in (self.hours, self.working_days, self.weeks) if u is not None]
        if len(units) != 1:
            raise ValueError(f"timescale {self.id}: give exactly one of hours, working_days, weeks")
        return self


class HazardType(_Strict):
    id: str = Field(pattern=r"^[a-z_]+$")
    name: str = Field(min_length=1)
    # how a letter's sentence says it ("an electrical hazard"); else the name in small letters
    in_sentence: str | None = None
    emergency_from: date | None
    significant_from: date | None
    vulnerable_makes_emergency: bool = False

    def in_force(self, severity: str, on: date) -> bool:
        start = self.emergency_from if severity == "emergency" else self.significant_from
        return start is not None and on >= start


class Catalogue(_Strict):
    source: str
    applies_in: Literal["england"]
    timescales: dict[Severity, list[Timescale]]
    emergency_vulnerabilities: list[str]
    vulnerabilities: dict[str, str]
    hazards: list[HazardType] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> "Catalogue":
        ids = [h.id for h in self.hazards]
        if len(set(ids)) != len(ids):
            raise ValueError("hazards: ids must be unique")
        for sev in SEVERITIES:
            if sev not in self.timescales:
                raise ValueError(f"timescales: {sev} is missing")
        unknown = set(self.emergency_vulnerabilities) - set(self.vulnerabilities)
        if unknown:
            raise ValueError(f"emergency_vulnerabilities: not in vulnerabilities: {sorted(unknown)}")
        return self

    def hazard(self, hazard_id: str) -> HazardType:
        for h in self.hazards:
            if h.id == hazard_id:
                return h
        raise KeyError(hazard_id)

    def label(self, hazard_id: str) -> str:
        try:
            return self.hazard(hazard_id).name
        except KeyError:
            return hazard_id.replace("_", " ")

    def in_sentence(self, hazard_id: str) -> str:
        """The hazard in the middle of a sentence: "telling us about an electrical hazard"."""
        try:
            h = self.hazard(hazard_id)
        except KeyError:
            return hazard_id.replace("_", " ")
        return h.in_sentence or h.name.lower()


def load_catalogue(path: Path = CATALOGUE_PATH) -> Catalogue:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CatalogueError(f"{path.name}: cannot be read: {exc}") from None
    try:
        return Catalogue.model_validate(data)
    except ValidationError as exc:
        parts = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
        raise CatalogueError(f"{path.name}: " + "; ".join(parts)) from None


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    return load_catalogue()
