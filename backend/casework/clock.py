"""The case service's clock: one place that says what time it is (tests set it with the `clock`
fixture; production reads the system clock)."""
from __future__ import annotations

from datetime import datetime, timezone


def now() -> datetime:
    return datetime.now(timezone.utc)
