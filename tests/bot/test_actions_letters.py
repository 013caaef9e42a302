"""Letters the backend's outbox delivers into the chat are shown once."""
from actions.letter_actions import ActionDeliverLetter
from fakes import run, slots_of, tracker, user_event


def letter_event(letter_id, text):
    return user_event("EXTERNAL: EXTERNAL_letter", "EXTERNAL_letter", entities=[
        {"entity": "letter_id", "value": letter_id},
        {"entity": "letter_text", "value": text}], metadata={"is_external": True})


def test_letter_is_shown_and_remembered():
    events, dispatcher = run(ActionDeliverLetter(),
                             tracker([letter_event("17", "Your complaint CMP-2026-000001 ...")]))
    assert [m["text"] for m in dispatcher.messages] == ["Your complaint CMP-2026-000001 ..."]
    assert slots_of(events) == {"delivered_letters": ["17"]}


def test_a_redelivered_letter_is_not_shown_twice():
    events, dispatcher = run(ActionDeliverLetter(),
                             tracker([letter_event("17", "again")],
                                     slots={"delivered_letters": ["17"]}))
    assert dispatcher.messages == [] and events == []


def test_letter_without_text_shows_nothing():
    events, dispatcher = run(ActionDeliverLetter(), tracker([letter_event("18", "")]))
    assert dispatcher.messages == [] and events == []
