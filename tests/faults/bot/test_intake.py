"""Items 1-3 of issue 16: every message is kept before Rasa runs; failures are told truthfully."""
import asyncio
import time

import pytest
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from channels import guard, intake, wording

SETTINGS = guard.GuardSettings(max_chars=3000)
SPARKING = "Water is coming through the light fitting in the kitchen and it's sparking"


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("BOT_INTAKE_PATH", str(tmp_path / "intake.sqlite3"))
    monkeypatch.setenv("LANDLORD_EMERGENCY_PHONE", "0800 555 0199")
    return intake.get_intake()


def turn(handler, text, sender="web-1", message_id="m1"):
    return asyncio.run(intake.process_turn(
        handler, CollectingOutputChannel(), sender_id=sender, text=text, message_id=message_id,
        metadata={"received_at": guard.server_now()}, channel="rest_metadata",
        settings=SETTINGS))


def test_a_normal_turn_reaches_rasa_cleaned_and_leaves_nothing_behind(store):
    seen = []

    async def rasa(message):
        seen.append(message)

    outcome = turn(rasa, "my tap\x00 drips\x1b")
    assert outcome.ran and outcome.replies == []
    assert seen[0].text == "my tap drips" and seen[0].message_id == "m1"
    assert store.rows() == []  # released: the tracker store and the records hold it now


def test_an_over_long_message_never_reaches_the_model_and_is_kept_in_full(store):
    called = []

    async def rasa(message):
        called.append(message)

    text = "The damp is back. " * 6000  # ~108,000 characters
    started = time.monotonic()
    outcome = turn(rasa, text)
    assert time.monotonic() - started < 2
    assert called == [] and not outcome.ran and outcome.replace
    assert "shorter version" in outcome.replies[0] and "3,000" in outcome.replies[0]
    [row] = store.rows()
    assert row.state == "due" and row.reason == "too_long" and row.text == text.strip()


def test_action_server_down_keeps_the_message_and_gives_the_emergency_line(store):
    async def rasa(message):  # what Rasa does: call the action server, log the error, go on
        action = RemoteAction("action_triage", EndpointConfig("http://127.0.0.1:9/webhook"))
        try:
            await action.run(CollectingOutputChannel(), TemplatedNaturalLanguageGenerator({}),
                             DialogueStateTracker(message.sender_id, []), Domain.empty())
        except Exception:  # noqa: BLE001 - Rasa swallows it ("Bot will continue")
            pass
        await message.output_channel.send_text_message(message.sender_id,
                                                       "Sorry, I didn't follow that.")

    outcome = turn(rasa, SPARKING)
    assert not outcome.ran and outcome.replace
    assert outcome.replies[0] == wording.KEPT
    assert "0800 555 0199" in outcome.replies[1]
    [row] = store.rows()
    assert row.state == "due" and row.reason == "bot_failed" and row.urgent


def test_rasa_raising_keeps_the_message(store):
    async def rasa(message):
        raise RuntimeError("boom")

    outcome = turn(rasa, "my boiler is broken")
    assert outcome.replies == [wording.KEPT]  # not urgent: no emergency line
    # hE-12/13: no details were taken in the turn that failed, so staff contact is not promised
    assert "who will read it and contact you" not in wording.KEPT
    assert "If you have given us" in wording.KEPT and "get in touch with us yourself" in wording.KEPT
    assert store.rows()[0].reason == "bot_failed"


def test_sweeper_delivers_due_and_abandoned_rows_and_keeps_undelivered_ones(store):
    store.hold("web-1", "a", "rest_metadata", "due one", "2026-12-01", False)
    store.mark_due(store.rows()[0].id, "too_long")
    store.hold("web-2", "b", "rest_metadata", "abandoned mid-turn", "2026-12-01", True)
    store.hold("web-3", "c", "rest_metadata", "still in its turn", "2026-12-01", False)
    with store._connect() as conn:  # b was held 10 minutes ago: its Rasa process died
        conn.execute("UPDATE intake SET created_at = ? WHERE message_id = 'b'",
                     (time.time() - 600,))
    sent = []

    async def backend_down(path, body):
        sent.append(body)
        return "retry"

    counts = asyncio.run(intake.sweep_once(store, backend_down, grace_s=120))
    assert counts == {"delivered": 0, "retry": 2, "rejected": 0}
    assert len(store.rows()) == 3  # nothing dropped while the backend is away
    assert {b["reason"] for b in sent} == {"too_long", "not_answered"}
    assert [b for b in sent if b["message_id"] == "b"][0]["flags"] == ["emergency"]

    async def backend_up(path, body):
        assert path == "/api/v1/held-messages"
        return "delivered"

    with store._connect() as conn:
        conn.execute("UPDATE intake SET next_attempt_at = 0")
    asyncio.run(intake.sweep_once(store, backend_up, grace_s=120))
    assert [r.message_id for r in store.rows()] == ["c"]  # the live turn is left alone


def test_urgency_is_the_triages_own_emergency_cue():
    from actions.triage.flags import has_emergency
    for text in (SPARKING, "there's a strong smell of gas in the flat", "my tap drips"):
        assert intake.looks_urgent(text) == has_emergency(text)
    assert intake.looks_urgent(SPARKING) and not intake.looks_urgent("my tap drips")
