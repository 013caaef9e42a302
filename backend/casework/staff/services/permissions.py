"""What each role may do. Checked by the service functions themselves (not only hidden in pages).

caseworker: review handoffs, work complaints (acknowledge, first extension, respond upheld or
partly upheld, escalate, close), notes, contact log, assign.
manager / admin: also close a complaint as not upheld (a "not upheld" stage response), approve an
extension beyond the first, and reclassify a complaint out of being a complaint.
"""
from __future__ import annotations

from ...models import StaffUser
from .errors import Refused

MANAGERS = ("manager", "admin")


def is_manager(user: StaffUser) -> bool:
    return user.role in MANAGERS


def require_manager(user: StaffUser, what: str) -> None:
    if not is_manager(user):
        raise Refused(403, f"Only a manager can {what}. Ask a manager to do it, or choose another action.")


def check_respond(user: StaffUser, decision: str) -> None:
    if decision == "not_upheld":
        require_manager(user, "close a complaint stage as not upheld")


def check_extend(user: StaffUser, extensions_used: int) -> None:
    if extensions_used >= 1:
        require_manager(user, "approve an extension beyond the first")


def check_reclassify(user: StaffUser, from_category: str, to_category: str) -> None:
    if from_category == "complaint" and to_category != "complaint":
        require_manager(user, "reclassify a complaint as something else")
