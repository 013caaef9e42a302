"""Categories, exclusion reasons, service-request topics and flags: the bot's copy.

Must match backend/casework/taxonomy.py (tests/backend/test_taxonomy_contract.py checks it).
Pure Python, no Rasa imports, so the backend's contract test can load it by path.
"""
from __future__ import annotations

CATEGORIES = ("complaint", "service_request", "compliment", "excluded", "unclear")
REASONS = ("asb", "legal", "employment", "time_limit", "already_investigated")
TOPICS = ("repair", "rent", "tenancy", "estate", "adaptation", "enquiry", "damp_mould", "other")
FLAGS = ("safeguarding", "emergency", "low_confidence", "group", "third_party")

# Triage topics (bot/actions/triage/topics.py) that are not service-request topics, and the
# service-request topic each becomes. Every triage topic is either in TOPICS or here.
TOPIC_ALIASES = {
    "heating": "repair", "gas": "repair", "leak": "repair", "asb": "estate", "asb_handling": "estate",
    "service_charge": "rent", "data_protection": "enquiry", "discrimination": "enquiry",
    "staff_conduct": "other", "communication": "other", "compensation": "other",
}
