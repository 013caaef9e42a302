"""Awaab's Law in the conversation: action_triage records a hazard beside the handoff, asks the one
household question when it matters, and action_hazard_household tells the deadlines and resumes
the route. Tracker.from_dict + CollectingDispatcher, backend faked over httpx.MockTransport."""
import pytest

from actions import triage_action
from actions.hazards import ActionHazardHousehold, hazard_clocks_apply, when
from actions.outbox import Outbox
from actions.triage_action import ActionTriage
from fakes import decision, load_domain, responses, run, slots_of, tracker, user_event

XMAS_EVE = {"received_at": "2026-12-24T16:30:00+00:00"}


def texts(dispatcher):
    keys = ("hazard", "due", "reference")
    return [(m.get("response"), {k: m[k] for k in keys if k in m}) for m in dispatcher.messages]


def test_mould_service_request_records_hazard_and_asks_household(backend, decide):
    decide["d"] = decision("service_request", topic="damp_mould")
    ev = user_event("There is black mould all over the bedroom wall", "service_request",
                    message_id="m1", metadata=XMAS_EVE)
    events, dispatcher = run(ActionTriage(), tracker([ev]))
    [handoff] = backend.created("handoffs")
    [hz] = backend.created("hazards")
    body = hz["body"]
    assert body["handoff_id"] == handoff["id"] and body["hazard_type"] == "damp_mould"
    assert body["idempotency_key"] == "conv-1:m1:hazard:damp_mould"
    assert body["received_at"] == XMAS_EVE["received_at"] and body["household_known"] is False
    slots = slots_of(events)
    assert slots["triage_route"] == "hazard_household"
    assert slots["hazard_next_route"] == "service_request"
    assert slots["hazard_types"] == ["damp_mould"] and slots["hazard_reference"] == hz["reference"]
    assert responses(dispatcher) == ["utter_hazard_noted"]


def test_complaint_about_mould_keeps_the_complaint_route_and_starts_the_hazard_clock(backend, decide):
    decide["d"] = decision("complaint", topic="damp_mould")
    ev = user_event("The damp in my flat has been ignored for months and I am fed up with it", "complaint",
                    message_id="m1", metadata=XMAS_EVE)
    events, _ = run(ActionTriage(), tracker([ev]))
    assert backend.created("handoffs")[0]["body"]["category"] == "complaint"
    assert len(backend.created("hazards")) == 1
    assert slots_of(events)["hazard_next_route"] == "complaint"
    # The answer: no one at higher risk -> the significant clock is told, then the complaint is offered.
    trk = tracker([ev, user_event("no", "deny", message_id="m2")],
                  slots={"hazard_household": "no", "hazard_key": "conv-1:m1:hazard:damp_mould",
                         "hazard_next_route": "complaint", "hazard_types": ["damp_mould"]})
    events, dispatcher = run(ActionHazardHousehold(), trk)
    said = texts(dispatcher)
    assert said[0] == ("utter_hazard_significant", {"hazard": "damp and mould", "due": "Tuesday 12 January 2027",
                                                    "reference": backend.created("hazards")[0]["reference"]})
    assert said[1][0] == "utter_hazard_accommodation"
    slots = slots_of(events)
    assert slots["triage_route"] == "complaint" and slots["hazard_household_known"] is True
    assert slots["clarify_asked"] is False


def test_newborn_answer_makes_mould_an_emergency(backend, decide):
    decide["d"] = decision("service_request")
    ev = user_event("mould on the ceiling", "service_request", message_id="m1", metadata=XMAS_EVE)
    run(ActionTriage(), tracker([ev]))
    trk = tracker([ev, user_event("yes, we have a newborn", "inform", message_id="m2")],
                  slots={"hazard_household": "yes, we have a newborn",
                         "hazard_key": "conv-1:m1:hazard:damp_mould", "hazard_next_route": "service_request"})
    events, dispatcher = run(ActionHazardHousehold(), trk)
    [answer] = backend.created("hazard_household")
    assert answer["vulnerabilities"] == ["baby"] and answer["idempotency_key"] == "conv-1:m2:household"
    assert responses(dispatcher)[:4] == ["utter_hazard_household_raises", "utter_hazard_emergency",
                                         "utter_hazard_damp", "utter_hazard_danger"]  # advice for mould, not gas
    assert dispatcher.messages[1]["due"] == "4:30pm on Friday 25 December 2026"
    assert slots_of(events)["triage_route"] == "emergency"  # the record follows the hazard (hF-26)


def test_household_in_the_message_means_no_question(backend, decide):
    decide["d"] = decision("service_request")
    ev = user_event("Black mould in the nursery and my 6 week old baby keeps coughing", "service_request",
                    metadata=XMAS_EVE)
    events, dispatcher = run(ActionTriage(), tracker([ev]))
    assert backend.created("hazards")[0]["body"]["vulnerabilities"] == ["baby"]
    assert slots_of(events)["triage_route"] == "emergency"  # the record follows the hazard (hF-26)
    assert responses(dispatcher)[:3] == ["utter_hazard_emergency", "utter_hazard_damp", "utter_hazard_danger"]


def test_gas_smell_service_request_is_an_emergency_and_keeps_the_emergency_route(backend, decide):
    decide["d"] = decision("service_request", flags=("emergency",))
    events, dispatcher = run(ActionTriage(), tracker([user_event("I can smell gas", "report_emergency",
                                                                 metadata=XMAS_EVE)]))
    body = backend.created("hazards")[0]["body"]
    assert body["hazard_type"] == "gas_co" and body["emergency_signs"] is True
    assert slots_of(events)["triage_route"] == "emergency"
    assert responses(dispatcher) == ["utter_hazard_emergency", "utter_hazard_gas", "utter_hazard_danger",
                                     "utter_hazard_accommodation"]


def test_no_hazard_no_call(backend, decide):
    decide["d"] = decision("service_request")
    events, dispatcher = run(ActionTriage(), tracker([user_event("my tap drips", "service_request")]))
    assert backend.created("hazards") == [] and "hazard_types" not in slots_of(events)
    assert dispatcher.messages == []


def test_same_hazard_twice_in_a_conversation_is_one_record(backend, decide):
    decide["d"] = decision("unclear")
    ev = user_event("mould", "nlu_fallback", message_id="m3")
    events, dispatcher = run(ActionTriage(), tracker([ev], slots={"hazard_types": ["damp_mould"]}))
    assert backend.created("hazards") == [] and slots_of(events)["triage_route"] == "unclear"


def test_backend_down_hazard_is_queued_and_the_resident_told(backend, decide, outbox_path):
    backend.mode = "down"
    decide["d"] = decision("service_request")
    ev = user_event("damp everywhere", "service_request", message_id="m4", metadata=XMAS_EVE)
    events, dispatcher = run(ActionTriage(), tracker([ev]))
    kinds = sorted(r.kind for r in Outbox(outbox_path).rows("pending"))
    assert kinds == ["handoff", "hazard"]
    assert responses(dispatcher) == ["utter_hazard_queued"]
    assert slots_of(events)["triage_route"] == "service_request"  # no question without an answer to give


def test_profile_outside_england_has_no_hazard(backend, decide, monkeypatch):
    async def scottish(client, pid):
        return {"id": "scot", "nation": "scotland", "time_limit_months": 12}
    monkeypatch.setattr(triage_action, "load_profile", scottish)
    decide["d"] = decision("service_request")
    run(ActionTriage(), tracker([user_event("black mould", "service_request")]))
    assert backend.created("hazards") == []
    assert hazard_clocks_apply({"nation": "england"}) and not hazard_clocks_apply({"awaabs_law": False})


def test_household_action_after_the_clarifying_route(backend, decide):
    decide["d"] = decision("unclear")
    ev = user_event("there's damp", "nlu_fallback", message_id="m1")
    run(ActionTriage(), tracker([ev]))
    trk = tracker([ev], slots={"hazard_household": "no", "hazard_key": "conv-1:m1:hazard:damp_mould",
                               "hazard_next_route": "unclear"})
    events, _ = run(ActionHazardHousehold(), trk)
    assert slots_of(events)["triage_route"] == "unclear" and slots_of(events)["clarify_asked"] is True


def test_when_formats_deadlines():
    assert when({"unit": "hours", "due_at": "2026-12-25T16:30:00+00:00"}) == "4:30pm on Friday 25 December 2026"
    assert when({"unit": "working_days", "due_on": "2027-04-12"}) == "Monday 12 April 2027"


def test_domain_has_the_hazard_pieces():
    domain = load_domain()
    assert "hazard_household" in domain["slots"]["triage_route"]["values"]
    assert domain["forms"]["hazard_household_form"]["required_slots"] == ["hazard_household"]
    used = {"utter_hazard_noted", "utter_ask_hazard_household", "utter_hazard_household_raises",
            "utter_hazard_emergency", "utter_hazard_significant", "utter_hazard_not_in_force",
            "utter_hazard_accommodation", "utter_hazard_danger", "utter_hazard_gas", "utter_hazard_queued",
            "utter_hazard_household_unclear"}
    assert used <= set(domain["responses"])
    assert "action_hazard_household" in domain["actions"]


def test_household_form_validation():
    from actions.hazards import ValidateHazardHouseholdForm
    v = ValidateHazardHouseholdForm()
    trk = tracker([user_event("x", "inform")])
    assert v.validate_hazard_household("  my son is 2 ", None, trk, {}) == {
        "hazard_household": "my son is 2", "hazard_household_asked_again": None}
    assert v.validate_hazard_household("no, just me", None, trk, {})["hazard_household"] == "no, just me"
    assert v.validate_hazard_household("   ", None, trk, {}) == {"hazard_household": None}
    again = tracker([user_event("x", "inform")], slots={"hazard_household_asked_again": True})
    assert len(v.validate_hazard_household("a" * 5000, None, again, {})["hazard_household"]) == 500


def test_an_answer_that_names_no_one_and_is_not_a_no_is_asked_once_more():
    from rasa_sdk.executor import CollectingDispatcher
    from actions.hazards import ValidateHazardHouseholdForm
    v, d = ValidateHazardHouseholdForm(), CollectingDispatcher()
    first = tracker([user_event("I don't have the reference", "inform")])
    assert v.validate_hazard_household("I don't have the reference", d, first, {}) == {
        "hazard_household": None, "hazard_household_asked_again": True}
    assert responses(d) == ["utter_hazard_household_unclear"]
    d = CollectingDispatcher()
    second = tracker([user_event("what?", "inform")], slots={"hazard_household_asked_again": True})
    assert v.validate_hazard_household("what?", d, second, {}) == {
        "hazard_household": "what?", "hazard_household_asked_again": None}
    assert responses(d) == []  # taken, and recorded as not known (below)


def test_a_non_answer_is_recorded_as_not_known_never_as_no_one_at_risk(backend, decide):
    decide["d"] = decision("service_request")
    ev = user_event("mould on the ceiling", "service_request", message_id="m1", metadata=XMAS_EVE)
    run(ActionTriage(), tracker([ev]))
    trk = tracker([ev, user_event("what?", "inform", message_id="m3")],
                  slots={"hazard_household": "what?", "hazard_key": "conv-1:m1:hazard:damp_mould",
                         "hazard_next_route": "service_request", "hazard_types": ["damp_mould"]})
    _, dispatcher = run(ActionHazardHousehold(), trk)
    [answer] = backend.created("hazard_household")
    assert answer["known"] is False and answer["vulnerabilities"] == []
    assert backend.created("hazards")[0]["household_known"] is False
    assert responses(dispatcher)[0] == "utter_hazard_significant"  # the clock is still told


def test_an_escalation_request_about_mould_still_records_the_hazard_without_the_household_question(
        backend, decide):
    decide["d"] = decision("complaint", topic="damp_mould")
    ev = user_event("The mould is still all over the bedroom wall, I want my complaint to go to stage 2",
                    "complaint", message_id="m1", metadata=XMAS_EVE)
    events, dispatcher = run(ActionTriage(), tracker([ev]))
    assert len(backend.created("hazards")) == 1
    said = responses(dispatcher)
    # no record follows an escalation request: no letter is promised for the hazard (NO_RECORD_ROUTES)
    assert said[0] == "utter_escalation_request_recorded" and "utter_hazard_significant_no_case" in said
    assert "utter_ask_hazard_household" not in said and "utter_hazard_noted" not in said
    assert slots_of(events)["triage_route"] == "escalation"  # then the case reference is asked for


def test_a_bare_yes_is_asked_who_and_kept_when_the_second_answer_names_no_one(backend, decide):
    """Before: "yes" then "I'd rather not say" was recorded as not known, losing the yes."""
    from rasa_sdk.executor import CollectingDispatcher
    from actions.hazards import ValidateHazardHouseholdForm
    decide["d"] = decision("service_request")
    ev = user_event("mould on the ceiling", "service_request", message_id="m1", metadata=XMAS_EVE)
    run(ActionTriage(), tracker([ev]))
    v, d = ValidateHazardHouseholdForm(), CollectingDispatcher()
    first = v.validate_hazard_household("yes", d, tracker([user_event("yes", "affirm")]), {})
    assert first == {"hazard_household": None, "hazard_household_asked_again": True,
                     "hazard_household_said_yes": True}
    assert responses(d) == []  # no second question here: the form asks who (the response's slot variation)
    d = CollectingDispatcher()
    second = tracker([user_event("I'd rather not say", "inform")],
                     slots={"hazard_household_asked_again": True, "hazard_household_said_yes": True})
    assert v.validate_hazard_household("I'd rather not say", d, second, {})["hazard_household"] == \
        "I'd rather not say"
    trk = tracker([ev, user_event("I'd rather not say", "inform", message_id="m3")],
                  slots={"hazard_household": "I'd rather not say", "hazard_household_said_yes": True,
                         "hazard_key": "conv-1:m1:hazard:damp_mould", "hazard_next_route": "service_request",
                         "hazard_types": ["damp_mould"]})
    events, dispatcher = run(ActionHazardHousehold(), trk)
    [answer] = backend.created("hazard_household")
    assert answer["vulnerabilities"] == ["unspecified"] and answer["known"] is True
    assert backend.created("hazards")[0]["household_known"] is True
    assert responses(dispatcher)[:2] == ["utter_hazard_household_raises_unspecified", "utter_hazard_emergency"]
    slots = slots_of(events)
    assert slots["hazard_household_said_yes"] is None and slots["triage_route"] == "emergency"


@pytest.mark.parametrize("said", ["not sure", "no"])
def test_not_sure_or_no_is_never_someone_at_risk(backend, decide, said):
    decide["d"] = decision("service_request")
    ev = user_event("mould on the ceiling", "service_request", message_id="m1", metadata=XMAS_EVE)
    run(ActionTriage(), tracker([ev]))
    trk = tracker([ev, user_event(said, "inform", message_id="m3")],
                  slots={"hazard_household": said, "hazard_key": "conv-1:m1:hazard:damp_mould",
                         "hazard_next_route": "service_request", "hazard_types": ["damp_mould"],
                         "hazard_household_asked_again": True})
    _, dispatcher = run(ActionHazardHousehold(), trk)
    [answer] = backend.created("hazard_household")
    assert answer["vulnerabilities"] == [] and answer["known"] is (said == "no")
    assert responses(dispatcher)[0] == "utter_hazard_significant"


def test_after_a_bare_yes_the_form_asks_who_instead_of_the_whole_question_again():
    """Found trying it as a new user: after "yes" the bot said "Who is it?" and then asked the
    whole household question again. The form's own question now has a variation for that slot."""
    import asyncio

    from rasa.core.nlg import TemplatedNaturalLanguageGenerator
    from rasa.shared.core.events import SlotSet
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import DialogueStateTracker

    domain = Domain.from_dict(load_domain())
    nlg = TemplatedNaturalLanguageGenerator(domain.responses)

    def ask(said_yes):
        t = DialogueStateTracker.from_events("s", [SlotSet("hazard_household_said_yes", said_yes)], domain.slots)
        return asyncio.run(nlg.generate("utter_ask_hazard_household", t, "rest"))["text"]

    assert ask(True).startswith("Thank you. Who is it") and "One quick question" not in ask(True)
    assert ask(None).startswith("One quick question")


def test_a_second_hazard_reuses_the_household_the_first_one_was_told(backend, decide):
    """Mould, then the answer "a newborn"; later in the same conversation no heating: the resident is
    not asked again, the second hazard goes to the backend with the baby, and is an emergency."""
    decide["d"] = decision("service_request")
    first = user_event("mould on the ceiling", "service_request", message_id="m1", metadata=XMAS_EVE)
    events, _ = run(ActionTriage(), tracker([first]))
    answer = user_event("yes, we have a newborn", "inform", message_id="m2")
    slots = {**slots_of(events), "hazard_household": "yes, we have a newborn"}
    events, _ = run(ActionHazardHousehold(), tracker([first, answer], slots=slots))
    slots = {**slots, **slots_of(events)}
    assert slots["hazard_vulnerabilities"] == ["baby"]
    second = user_event("and now the boiler has broken, we have no heating at all", "service_request",
                        message_id="m3", metadata=XMAS_EVE)
    slots["triage_route"] = "service_request"
    events, dispatcher = run(ActionTriage(), tracker([first, answer, second], slots=slots))
    heating = [h for h in backend.created("hazards") if h["hazard_type"] == "excess_cold"]
    assert len(heating) == 1, backend.created("hazards")
    body = heating[0]["body"]
    assert body["vulnerabilities"] == ["baby"] and body["household_known"] is True
    assert heating[0]["severity"] == "emergency"
    assert slots_of(events)["triage_route"] != "hazard_household"   # not asked again
    said = responses(dispatcher)
    assert "utter_hazard_household_reused" in said and "utter_hazard_noted" not in said
    assert said.index("utter_hazard_household_reused") < said.index("utter_hazard_emergency")


def test_household_told_in_the_first_message_is_kept_for_a_later_hazard(backend, decide):
    decide["d"] = decision("service_request")
    first = user_event("Black mould in the nursery and my 6 week old baby keeps coughing", "service_request",
                       message_id="m1", metadata=XMAS_EVE)
    events, _ = run(ActionTriage(), tracker([first]))
    slots = slots_of(events)
    assert slots["hazard_vulnerabilities"] == ["baby"] and slots["hazard_household_known"] is True
    second = user_event("the heating has stopped working too", "service_request", message_id="m2",
                        metadata=XMAS_EVE)
    run(ActionTriage(), tracker([first, second], slots={**slots, "triage_route": "service_request"}))
    [heating] = [h for h in backend.created("hazards") if h["hazard_type"] == "excess_cold"]
    assert heating["body"]["vulnerabilities"] == ["baby"]


def test_no_one_at_risk_is_kept_too_and_never_becomes_someone(backend, decide):
    decide["d"] = decision("service_request")
    slots = {"hazard_types": ["damp_mould"], "hazard_household_known": True, "triage_route": "service_request"}
    ev = user_event("the heating has stopped working", "service_request", message_id="m5", metadata=XMAS_EVE)
    events, dispatcher = run(ActionTriage(), tracker([ev], slots=slots))
    [heating] = backend.created("hazards")
    assert heating["body"]["vulnerabilities"] == [] and heating["body"]["household_known"] is True
    assert "utter_hazard_household_reused" not in responses(dispatcher)
    assert slots_of(events)["triage_route"] != "hazard_household"


def test_hazard_wording_after_contact_was_declined_promises_no_letter():
    """contact_declined (asked earlier, chose to give none): the significant reply's declined words
    (chosen in hazards.summary_response where no case holds details to write to) and the household
    reply's declined words (hazards.household_raised, the same rule) never say we will write to the
    resident or that staff may ask."""
    found = load_domain()["responses"]
    declined = found["utter_hazard_household_raises_unspecified_declined"]
    [significant] = found["utter_hazard_significant_declined"]
    assert len(declined) == 1 and "condition" not in significant and "condition" not in declined[0]
    for variant in (*declined, significant):
        assert "we will write" not in variant["text"] and "may ask you" not in variant["text"]
    assert "can't send" in significant["text"]
    [plain] = found["utter_hazard_significant"]
    assert "we will write to you" in plain["text"] and "condition" not in plain
