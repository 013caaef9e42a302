"""The plain records the report figures are computed over (figures.py): the reporting Period and
one frozen record per complaint (with its stages), service request, excluded matter and compliment.
queries.py builds them from the database; figures.py re-exports them."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("the period ends before it starts")

    def __contains__(self, d: date | None) -> bool:
        return d is not None and self.start <= d <= self.end

    def months(self) -> list[tuple[int, int]]:
        out, y, m = [], self.start.year, self.start.month
        while (y, m) <= (self.end.year, self.end.month):
            out.append((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out


# ---------------------------------------------------------------- records

@dataclass(frozen=True)
class StageRecord:
    stage: int
    received_on: date
    acknowledge_by: date | None = None
    acknowledged_on: date | None = None
    respond_by: date | None = None
    responded_on: date | None = None
    extension_days: int = 0
    decision: str | None = None
    status: str = "open"


@dataclass(frozen=True)
class ComplaintRecord:
    reference: str
    profile_id: str
    received_on: date  # stage 1 effective receipt
    status: str
    stages: tuple[StageRecord, ...]  # stage 1 first; the last is the current stage
    nation: str = "england"
    day_unit: dict[int, str] = field(default_factory=dict)  # the profile's unit per stage
    text: str = ""
    summary: str | None = None

    @property
    def current(self) -> StageRecord:
        return self.stages[-1]


@dataclass(frozen=True)
class ServiceRequestRecord:
    reference: str
    profile_id: str
    received_on: date
    topic: str
    emergency: bool = False
    dissatisfaction_noted: bool = False


@dataclass(frozen=True)
class ExcludedRecord:
    reference: str
    profile_id: str
    received_on: date
    reason: str
    explanation: str
    ombudsman_notice: bool


@dataclass(frozen=True)
class ComplimentRecord:
    reference: str
    profile_id: str
    received_on: date
    person: str | None
    team: str | None
    routed_to: tuple[str, ...] = ()
