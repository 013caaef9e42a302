"""TriageProfile: the part of a landlord profile that triage needs."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Optional

DEFAULT_PROFILE_ID = "code-2024"
DEFAULT_LOW_CONFIDENCE = 0.45


@dataclass(frozen=True)
class TriageProfile:
    """Landlord policy settings used by :func:`actions.triage.triage`.

    ``time_limit_months`` is the complaint time limit (None: no limit). ``exclusions`` is kept
    for information: the ASB / legal / employment exclusions follow the Code (2.1-2.3), which is
    statutory whatever an older policy lists, so triage applies them for every profile.
    """

    id: str = DEFAULT_PROFILE_ID
    time_limit_months: Optional[int] = 12
    name: Optional[str] = None
    exclusions: tuple = field(default=("asb", "legal", "employment", "time_limit"))
    low_confidence_threshold: float = DEFAULT_LOW_CONFIDENCE

    @classmethod
    def default(cls) -> "TriageProfile":
        return cls()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "TriageProfile":
        """Build from the backend's profile data (backend/profiles/<id>.yaml or the API JSON).

        Reads ``id``, ``time_limit_months`` (None/null = no limit; also accepts a nested
        ``time_limit: {months: N}``), optional ``name``, ``exclusions`` and
        ``low_confidence_threshold``. A missing time limit means no limit.
        """
        if not isinstance(data, Mapping):
            raise TypeError("profile data must be a mapping")
        months: Any = None
        if "time_limit_months" in data:
            months = data.get("time_limit_months")
        elif isinstance(data.get("time_limit"), Mapping):
            months = data["time_limit"].get("months")
        if months is not None:
            months = int(months)
            if months <= 0:
                months = None
        exclusions = data.get("exclusions")
        threshold = data.get("low_confidence_threshold", DEFAULT_LOW_CONFIDENCE)
        return cls(
            id=str(data.get("id") or DEFAULT_PROFILE_ID),
            time_limit_months=months,
            name=data.get("name"),
            exclusions=tuple(exclusions) if isinstance(exclusions, (list, tuple)) else
            ("asb", "legal", "employment", "time_limit"),
            low_confidence_threshold=float(threshold),
        )
