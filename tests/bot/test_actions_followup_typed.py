"""Typed answers to "same matter or something new?" (residents on social media have no buttons).
An answer that is neither joins the held words and the question is asked once more, plainly (route
followup_again); a second such answer is triaged with them as a new matter, never a third question.
Which intent does what after the question is in bot/data/rules.yml (tests/stories/test_followup.yml);
the wording in bot/domain/followup.yml."""
from actions.followup import ActionAddToRecord
from actions.triage_action import ActionTriage
from fakes import decision, load_domain, responses, run, slots_of, tracker, user_event

AFTER_SR = {"last_reference": "SR-2026-000001", "last_record_kind": "service_request"}
FIRST = user_event("the leak is worse", "service_request", message_id="m5")
SECOND = user_event("same complaint really, the leak has made it worse", "complaint", message_id="m6")


def held_once_slots(backend, decide):
    """A record, then a message held and the question asked: the slots it set (the leak's hazard too)."""
    backend.verified.add(("SR-2026-000001", "conv-1"))  # the record this conversation made
    decide["d"] = decision("service_request")
    events, _ = run(ActionTriage(), tracker([FIRST], slots=AFTER_SR))
    assert slots_of(events)["triage_route"] == "followup"
    assert slots_of(events)["held_message"]["asked_again"] is False
    return slots_of(events)


def held_once(backend, decide):
    """A record, then a message held and the question asked: the held_message slot."""
    return held_once_slots(backend, decide)["held_message"]


def not_an_answer(backend, decide):
    # the slots the first turn set go on, as in Rasa (the leak's hazard is recorded once, then)
    first = held_once_slots(backend, decide)
    events, dispatcher = run(ActionTriage(), tracker([FIRST, SECOND], slots={**AFTER_SR, **first}))
    return {**first, **slots_of(events)}, dispatcher


def test_a_message_that_does_not_answer_is_kept_and_the_question_asked_once_more(backend, decide):
    slots, dispatcher = not_an_answer(backend, decide)
    assert slots["triage_route"] == "followup_again"
    held = slots["held_message"]
    assert held["text"] == "the leak is worse\nsame complaint really, the leak has made it worse"
    assert held["asked_again"] is True and held["message_id"] == "m6"
    # each message's own words are on the record once (not the first twice)
    assert [b["text"] for b in backend.case_messages["SR-2026-000001"].values()] == [
        "the leak is worse", "same complaint really, the leak has made it worse"]
    assert not backend.created("handoffs") and dispatcher.messages == []  # the rule asks, plainly


def test_the_same_after_the_second_asking_adds_nothing_twice(backend, decide):
    slots, _ = not_an_answer(backend, decide)
    events, dispatcher = run(ActionAddToRecord(), tracker(
        [FIRST, SECOND, user_event("the same", "affirm", message_id="m7")], slots={**AFTER_SR, **slots}))
    assert responses(dispatcher) == ["utter_added_to_record"]
    # the held words once each; the typed answer is words too, kept once under its own id
    texts = ["the leak is worse", "same complaint really, the leak has made it worse", "the same"]
    assert [b["text"] for b in backend.case_messages["SR-2026-000001"].values()] == texts
    assert slots_of(events)["held_message"] is None and not backend.created("handoffs")
    run(ActionAddToRecord(), tracker([FIRST, SECOND, user_event("the same", "affirm", message_id="m7")],
                                     slots={**AFTER_SR, **slots}))  # a retry adds nothing
    assert [b["text"] for b in backend.case_messages["SR-2026-000001"].values()] == texts


def test_a_typed_answer_with_news_keeps_its_words_and_a_button_adds_none(backend, decide):
    held = held_once(backend, decide)
    news = user_event("same thing, and now the ceiling's stained", "affirm", message_id="m6")
    run(ActionAddToRecord(), tracker([FIRST, news], slots={**AFTER_SR, "held_message": held}))
    assert [b["text"] for b in backend.case_messages["SR-2026-000001"].values()] == [
        "the leak is worse", "same thing, and now the ceiling's stained"]
    held = held_once(backend, decide)  # the same record again, answered with the button this time
    run(ActionAddToRecord(), tracker([FIRST, user_event("/affirm", "affirm", message_id="m9")],
                                     slots={**AFTER_SR, "held_message": held}))
    assert len(backend.case_messages["SR-2026-000001"]) == 2


def test_a_second_message_that_does_not_answer_is_triaged_as_a_new_matter(backend, decide):
    slots, _ = not_an_answer(backend, decide)
    third = user_event("the kitchen ceiling is stained now", "service_request", message_id="m7")
    events, _ = run(ActionTriage(), tracker([FIRST, SECOND, third], slots={**AFTER_SR, **slots}))
    got = slots_of(events)
    assert got["triage_route"] == "service_request" and got["held_message"] is None  # no third question
    [handoff] = backend.created("handoffs")
    assert handoff["body"]["text"] == ("the leak is worse\nsame complaint really, the leak has made it worse\n"
                                       "the kitchen ceiling is stained now")
    assert len(backend.case_messages["SR-2026-000001"]) == 2


def test_something_new_after_the_second_asking_triages_everything_held(backend, decide):
    slots, _ = not_an_answer(backend, decide)
    decide["d"] = decision("complaint")
    events, _ = run(ActionTriage(), tracker([FIRST, SECOND, user_event("something new", "deny", message_id="m7")],
                                            slots={**AFTER_SR, **slots}))
    assert slots_of(events)["triage_route"] == "complaint"
    assert decide["seen"][-1] == "the leak is worse\nsame complaint really, the leak has made it worse"


def test_an_emergency_as_the_answer_is_never_held(backend, decide):
    held = held_once(backend, decide)
    decide["d"] = decision("service_request", flags=("emergency",))
    gas = user_event("now I can smell gas", "report_emergency", message_id="m6")
    events, _ = run(ActionTriage(), tracker([FIRST, gas], slots={**AFTER_SR, "held_message": held}))
    assert slots_of(events)["triage_route"] == "emergency" and slots_of(events)["held_message"] is None


def test_the_second_asking_is_plain_and_only_it_can_be_chosen_then():
    domain = load_domain()
    assert "followup_again" in domain["slots"]["triage_route"]["values"]
    variants = domain["responses"]["utter_ask_same_matter"]
    [plain] = [v for v in variants if {"name": "triage_route", "value": "followup_again", "type": "slot"}
               in v.get("condition", [])]
    assert '"the same"' in plain["text"] and '"something new"' in plain["text"]
    assert "{" not in plain["text"]  # no reference: "handoff:12" must never be shown
    assert [b["payload"] for b in plain["buttons"]] == ["/affirm", "/deny"]
    # Rasa picks at random among matching conditional variants: every other one is for the first asking
    for v in variants:
        if v.get("condition") and v is not plain:
            assert {"type": "slot", "name": "triage_route", "value": "followup"} in v["condition"], v["text"]
