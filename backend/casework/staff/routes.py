"""Staff web pages under /staff/ (server-rendered Jinja2, templates in backend/templates/staff/).

One module per page family, all registered on the one router in web.py:
  auth_pages (sign in/out), queue_pages (queue, handoff review, bulk), case_pages (complaint lists,
  case page), case_actions (stage actions, assign, notes, contact log), case_letters (the
  understanding and its corrected letter, letter actions incl. releasing held letters), list_pages
  (compliments, excluded, export), workspace_pages (search), reports_pages (reports),
  privacy_pages (personal data: find, subject access, erasure, retention; dpo role),
  hazards_pages (Awaab's Law hazard board and hazard page).
Service logic lives in staff/services/; plain words for internal labels in staff/plain.py.
"""
from __future__ import annotations

from . import (  # noqa: F401  (each registers its pages on web.router)
    auth_pages, case_actions, case_letters, case_pages, hazards_pages, list_pages, privacy_pages, queue_pages,
    reports_pages, workspace_pages,
)
from .web import (  # noqa: F401  (names other modules and tests import from here)
    Ctx, LoginRequired, StaffError, env, form_body, install, posted, render, require_role, router, staff_ctx,
)
