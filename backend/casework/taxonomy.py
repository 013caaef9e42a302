"""Categories, exclusion reasons, service-request topics and flags: defined ONCE for the backend.

The bot keeps its own copy in bot/actions/taxonomy.py (the two services ship separately);
tests/backend/test_taxonomy_contract.py fails if the copies differ. Change both together.
"""
from __future__ import annotations

# What a triaged message is.
CATEGORIES = ("complaint", "service_request", "compliment", "excluded", "unclear")

# Why a matter is not handled as a complaint (Code 2.1-2.5), with the words staff and residents see.
REASONS = ("asb", "legal", "employment", "time_limit", "already_investigated")
REASON_LABELS = {
    "asb": "A new report of anti-social behaviour",
    "legal": "Legal proceedings already started",
    "employment": "An employment or recruitment matter",
    "time_limit": "Raised after the time limit",
    "already_investigated": "Already investigated under the complaints policy",
}

# The subject of a service request (what team it goes to) and the words letters use.
TOPICS = ("repair", "rent", "tenancy", "estate", "adaptation", "enquiry", "damp_mould", "other")
TOPIC_WORDS = {
    "repair": "repairs", "rent": "rent", "tenancy": "tenancies", "estate": "estates",
    "adaptation": "adaptations", "enquiry": "enquiries", "damp_mould": "damp and mould",
    "other": "requests like yours",
}

# Markers carried from chat to the record.
FLAGS = ("safeguarding", "emergency", "low_confidence", "group", "third_party")
