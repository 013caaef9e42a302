"""The emergency flag on the message's record reads the hazard lexicon too (actions/triage_call.py
hazard_emergency): a message hazard recognition reads as an emergency hazard (an immediate danger now,
Awaab's Law) is recorded as an emergency handoff at once, so the staff queue shows it; a significant
hazard (damp and mould, nobody at greater risk said) and a message with no hazard are not flagged.
These run the real triage (no `decide` fixture), so the flag comes from the words alone."""
import pytest

from actions.context import MessageContext
from actions.triage_action import ActionTriage
from actions.triage_call import run_triage
from fakes import run, slots_of, tracker, user_event

XMAS_EVE = {"received_at": "2026-12-24T16:30:00+00:00"}

EMERGENCY_HAZARDS = [
    "there's a gas smell in my kitchen and sparks from the fuse box",
    "Water is dripping through the light fitting in the hallway ceiling",  # not in the triage's own lexicon
    "the bedroom socket is melting",
    "I think there's carbon monoxide in the flat, I keep getting headaches",
]
NOT_EMERGENCIES = [
    "There is black mould on the bedroom wall and it smells damp",  # a significant hazard
    "no emergency, just a dripping tap in the bathroom",
    "the kitchen tap has been dripping for a week",
]


def ctx(text, intent="service_request"):
    return MessageContext(sender_id="conv-1", message_id="m1", turn_index=1, text=text, intent=intent,
                          confidence=0.9, intent_ranking=[{"name": intent, "confidence": 0.9}], entities=[],
                          metadata={}, received_at="2026-12-07T10:00:00+00:00", profile_id="code-2024",
                          channel="rest")


def handoff_flags(backend, text, intent="service_request"):
    events, _ = run(ActionTriage(), tracker([user_event(text, intent, message_id="m1", metadata=XMAS_EVE)]))
    [handoff] = backend.created("handoffs")
    return handoff["body"]["flags"], slots_of(events)


@pytest.mark.parametrize("text", EMERGENCY_HAZARDS)
def test_an_emergency_hazard_flags_the_handoff_emergency_at_once(backend, text):
    flags, slots = handoff_flags(backend, text)
    assert "emergency" in flags  # the record the staff queue shows, written before the hazard
    assert "emergency" in slots["triage_flags"] and slots["triage_route"] == "emergency"


@pytest.mark.parametrize("text", NOT_EMERGENCIES)
def test_a_significant_hazard_or_no_hazard_is_not_an_emergency(backend, text):
    flags, slots = handoff_flags(backend, text)
    assert "emergency" not in flags and "emergency" not in slots["triage_flags"]
    assert slots["triage_route"] != "emergency"


def test_the_damp_message_still_records_its_significant_hazard(backend):
    handoff_flags(backend, NOT_EMERGENCIES[0])
    [hazard] = backend.created("hazards")
    assert hazard["body"]["hazard_type"] == "damp_mould" and hazard["body"]["emergency_signs"] is False


def test_an_emergency_hazard_in_a_complaint_flags_it_without_changing_the_category():
    decision = run_triage(ctx("I want to complain, the socket is melting and nobody has come", "complaint"),
                          {})
    assert decision.category == "complaint" and "emergency" in decision.flags
    assert "immediate danger" in decision.explanation and "electrical" in decision.explanation


def test_the_stand_in_reads_the_hazard_lexicon_too(monkeypatch):
    import actions.triage as triage_pkg

    def broken(*args, **kwargs):
        raise RuntimeError("boom")
    monkeypatch.setattr(triage_pkg, "triage", broken)
    decision = run_triage(ctx(EMERGENCY_HAZARDS[1]), {})
    assert "low_confidence" in decision.flags and "emergency" in decision.flags
    assert "emergency" not in run_triage(ctx(NOT_EMERGENCIES[0]), {}).flags


def test_a_compliment_about_a_danger_put_right_is_not_an_emergency():
    decision = run_triage(ctx("thank you to Dave who came out the day the socket was melting", "compliment"), {})
    assert decision.category == "compliment" and "emergency" not in decision.flags
