"""Complaint-handling profiles for triage: from the backend, else the repo's YAML files."""
from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Optional

import yaml

from actions.backend_client import BackendClient
from actions.settings import get_settings

logger = logging.getLogger(__name__)

CACHE_TTL_S = 300.0
_cache: dict[str, tuple[float, dict]] = {}


def profiles_dir() -> Path:
    return get_settings().profiles_dir


def local_profile(profile_id: str) -> Optional[dict]:
    path = profiles_dir() / f"{profile_id}.yaml"
    if not path.is_file():
        return None
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    return data if isinstance(data, dict) else None


async def load_profile(client: BackendClient, profile_id: str) -> dict:
    """Profile data (cached); the Code's 12-month limit when nothing else is known."""
    hit = _cache.get(profile_id)
    if hit and time.monotonic() - hit[0] < CACHE_TTL_S:
        return hit[1]
    data = await client.get_profile(profile_id)
    if data is None:
        data = local_profile(profile_id)
    if data is None:
        logger.warning("profile %s not found; using the Code's defaults", profile_id)
        data = {"id": profile_id, "time_limit_months": 12}
    else:
        _cache[profile_id] = (time.monotonic(), data)
    return data


def clear_cache() -> None:
    _cache.clear()
