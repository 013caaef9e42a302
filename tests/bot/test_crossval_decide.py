"""bench/crossval.py decides each held-out row as the chat records it: the triage, except an
escalation request (top intent escalate_case, not replaced by Rasa's FallbackClassifier), which the
chat records as a complaint (actions.triage.decision.RECORDED_AS)."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import crossval  # noqa: E402
from actions.triage import TriageProfile  # noqa: E402

CODE = TriageProfile.from_dict({"id": "code-2024", "time_limit_months": 12})
ROW = {"text": "I want my complaint to go to stage 2, the answer was rubbish", "category": "complaint", "reason": None}


def decide(ranking):
    return crossval.decide([ROW], [ranking], {}, dt.date(2026, 11, 24), CODE)[0]


def test_an_escalation_request_is_decided_as_the_chat_records_it():
    d = decide([{"name": "escalate_case", "confidence": 0.9}, {"name": "complaint", "confidence": 0.05},
                {"name": "compliment", "confidence": 0.05}])
    assert (d.category, d.reason) == ("complaint", None)
    assert "low_confidence" not in d.flags and d.explanation.startswith("Recorded as complaint (intent escalate_case)")


def test_below_the_fallback_threshold_it_is_triaged_as_rasa_would_fall_back():
    threshold, ambiguity = crossval._fallback_thresholds()
    assert (threshold, ambiguity) == (0.2, 0.02)  # as in bot/config.template.yml
    low = decide([{"name": "escalate_case", "confidence": 0.19}, {"name": "compliment", "confidence": 0.16},
                  {"name": "greet", "confidence": 0.15}, {"name": "complaint", "confidence": 0.10}])
    assert low.category == "unclear"  # Rasa falls back; the triage finds no category sure enough
    close = decide([{"name": "escalate_case", "confidence": 0.45}, {"name": "compliment", "confidence": 0.44},
                    {"name": "complaint", "confidence": 0.11}])
    assert (close.category, close.reason) == ("compliment", None)  # the triage of the same ranking


def test_other_intents_are_triaged():
    d = decide([{"name": "compliment", "confidence": 0.8}, {"name": "complaint", "confidence": 0.2}])
    assert (d.category, d.reason) == ("compliment", None)
