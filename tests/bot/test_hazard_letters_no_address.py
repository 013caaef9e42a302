"""Awaab's Law and a resident with nothing to write to: the significant-hazard reply promised "we will
write to you with what we found" even when the details given earlier in the conversation were a
phone number and no e-mail or postal address (the backend holds such a person's letters, the hazard's
too, until staff ring for an address). It now says a member of staff will ring for an e-mail or postal
address to send the written summary to, and that the law's time limits apply all the same. The
contact is read as record_fields reads it (phone_only over the conversation's contact_given).
Near misses: an e-mail, a postal address, declined, nothing given yet, an emergency.
Tracker.from_dict + CollectingDispatcher, backend faked over httpx.MockTransport."""
import pytest

from actions.contact_details import ActionRecordAfterContact
from actions.hazards import ActionHazardHousehold
from actions.triage_action import ActionTriage
from fakes import decision, load_domain, responses, run, slots_of, tracker, user_event

XMAS_EVE = {"received_at": "2026-12-24T16:30:00+00:00"}
NO_ADDRESS = "utter_hazard_significant_no_address"
SR = {"triage_key": "conv-1:m1", "triage_text": "The kitchen tap is dripping",
      "triage_received_at": "2026-12-24", "triage_profile": "code-2024", "triage_channel": "rest", "triage_category": "service_request",
      "triage_topic": "repair", "triage_flags": [], "triage_route": "service_request"}


def after_a_record_with(answer: str) -> dict:
    """The slots a conversation keeps after its service request's contact form got `answer`
    (contact_details.contact_memory, through the real action)."""
    trk = tracker([user_event(SR["triage_text"], "service_request"), user_event(answer, "inform")],
                  slots={**SR, "record_contact": answer})
    events, _ = run(ActionRecordAfterContact(), trk)
    return slots_of(events)


def mould_later(slots: dict, text="and now there is black mould on the bedroom wall"):
    """A later message about mould; who lives there is known already (no one at risk), so the
    deadlines are told at once."""
    ev = user_event(text, "service_request", message_id="m5", metadata=XMAS_EVE)
    keep = {k: v for k, v in slots.items() if k in ("contact_given", "contact_declined")}
    trk = tracker([ev], slots={**keep, "hazard_household_known": True, "triage_route": "service_request"})
    return run(ActionTriage(), trk)[1]


def test_a_phone_only_resident_is_told_staff_will_ring_for_an_address_for_the_summary(backend, decide):
    slots = after_a_record_with("Jo Bloggs 07700 900123")
    assert slots["contact_given"]["phone"] and not slots["contact_given"].get("email")
    decide["d"] = decision()
    dispatcher = mould_later(slots)
    [hz] = backend.created("hazards")
    said = responses(dispatcher)
    assert said == [NO_ADDRESS, "utter_hazard_accommodation"]
    told = dispatcher.messages[0]
    assert (told["hazard"], told["due"], told["reference"]) == ("damp and mould", "Tuesday 12 January 2027",
                                                                hz["reference"])


def test_after_the_household_question_too(backend, decide):
    slots = after_a_record_with("07700 900123")
    decide["d"] = decision()
    first = user_event("mould on the ceiling", "service_request", message_id="m1", metadata=XMAS_EVE)
    events, _ = run(ActionTriage(), tracker([first], slots={"contact_given": slots["contact_given"]}))
    asked = {**slots_of(events), "contact_given": slots["contact_given"], "hazard_household": "no, just me"}
    _, dispatcher = run(ActionHazardHousehold(),
                        tracker([first, user_event("no, just me", "deny", message_id="m2")], slots=asked))
    assert responses(dispatcher) == [NO_ADDRESS, "utter_hazard_accommodation"]


@pytest.mark.parametrize("answer", ["Jo Bloggs jo@example.com", "jo@example.com 07700 900123", "declined"],
                         ids=["email", "email_and_phone", "declined"])
def test_an_e_mail_or_declined_keeps_its_own_reply(backend, decide, answer):
    slots = after_a_record_with(answer)
    decide["d"] = decision()
    own = "utter_hazard_significant_declined" if answer == "declined" else "utter_hazard_significant"
    assert responses(mould_later(slots))[0] == own


def test_a_postal_address_with_the_phone_is_something_to_write_to(backend, decide):
    decide["d"] = decision()
    contact = {"name": "Jo Bloggs", "phone": "07700900123", "address": "12 High Street, Telford",
               "preferred_channel": "phone"}
    assert responses(mould_later({"contact_given": contact}))[0] == "utter_hazard_significant"


def test_nothing_given_yet_and_an_emergency_are_unchanged(backend, decide):
    decide["d"] = decision()
    assert responses(mould_later({}))[0] == "utter_hazard_significant"  # the contact is asked next
    decide["d"] = decision(flags=("emergency",))
    said = responses(mould_later(after_a_record_with("07700 900123"), text="I can smell gas in the kitchen"))
    assert said == ["utter_hazard_emergency", "utter_hazard_gas", "utter_hazard_danger", "utter_hazard_accommodation"]


def test_the_words_say_what_happens_and_no_other_hazard_reply_promises_a_letter():
    found = load_domain()["responses"]
    [variant] = found[NO_ADDRESS]
    text = variant["text"]
    assert "we will write" not in text and "no e-mail or postal address" in text
    assert "a member of staff will ring you" in text and "written summary" in text
    assert "time limits apply all the same" in text
    for slot in ("{hazard}", "{due}", "{reference}"):
        assert slot in text
    # "we will write to you" is said only where there is something to write to: the significant
    # reply (declined has its own, utter_hazard_significant_declined; a phone only is the reply above)
    promising = [(name, i) for name, variants in found.items() if name.startswith("utter_hazard")
                 for i, v in enumerate(variants)
                 if "write to you" in v.get("text", "") and "can't send" not in v["text"]]
    assert promising == [("utter_hazard_significant", 0)]
