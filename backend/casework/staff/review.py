"""Compatibility names: the review logic and lists now live in casework.staff.services
(handoffs, queue, lists, deadlines) and the labels in casework.staff.plain."""
from __future__ import annotations

from .plain import (  # noqa: F401
    CATEGORIES, FLAG_FILTERS, LABELS, REASON_LABELS, REASONS, STATUSES, TARGETS, TOPICS, category_label,
)
from .services.deadlines import (  # noqa: F401
    LONDON, Deadline, aware, complaint_deadlines, days_left, describe_days, low_confidence_threshold,
    review_cutoff, review_days, today,
)
from .services.handoffs import (  # noqa: F401
    MAX_NOTE, ReviewError, accept, effective, get_handoff, reclassify, reviews_of,
)
from .services.lists import complaints_by_deadline, compliments_summary, excluded_list  # noqa: F401
from .services.queue import PAGE_SIZE, QueueFilter, QueueRow, latest_reviews, queue  # noqa: F401
