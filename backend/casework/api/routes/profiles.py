"""Policy profiles: list, detail, and where a profile departs from the Code."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from ...conflicts import find_conflicts
from ...profiles import UnknownProfile, all_profiles, get_profile
from ..deps import ApiError, require_token
from ..responses import ConflictOut, ProfileSummary

router = APIRouter(prefix="/api/v1", tags=["profiles"], dependencies=[Depends(require_token)])


def _profile_or_404(profile_id: str):
    try:
        return get_profile(profile_id)
    except UnknownProfile as exc:
        raise ApiError(404, str(exc)) from None


@router.get("/profiles", response_model=list[ProfileSummary])
def list_profiles():
    return [{"id": p.id, "name": p.name, "default": p.default} for p in all_profiles().values()]


@router.get("/profiles/{profile_id}", response_model=dict[str, Any])
def profile_detail(profile_id: str):
    return _profile_or_404(profile_id).as_data()


@router.get("/profiles/{profile_id}/conflicts", response_model=list[ConflictOut])
def profile_conflicts(profile_id: str):
    return [c.as_dict() for c in find_conflicts(_profile_or_404(profile_id))]
