"""Triage of a resident's opening message (pure Python: no Rasa, no I/O, no wall clock).

    from actions.triage import triage, TriageProfile, TriageDecision

See docs/bot-contract.md for the contract and decision.py for the rules.
"""
from .decision import CATEGORIES, FLAGS, REASONS, TriageDecision, triage
from .profile import TriageProfile

__all__ = ["triage", "TriageProfile", "TriageDecision", "CATEGORIES", "REASONS", "FLAGS"]
