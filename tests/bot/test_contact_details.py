"""Issue 17: records that promise contact ask for contact details (or record that the resident
declined): record_contact_form, action_record_after_contact, and the bodies the backend gets."""
from datetime import date

import pytest

from actions.contact_details import (DECLINED, ActionRecordAfterContact, ValidateRecordContactForm,
                                     contact_from_answer)
from actions.needs import format_needs, language
from actions.situation import emergency_situation
from fakes import load_domain, responses, run, slots_of, tracker, user_event
from test_actions_complaint import NAMES, ner

TRIAGED = {"triage_key": "conv-1:m1", "triage_text": "My neighbour plays loud music every night",
           "triage_received_at": "2026-11-20", "triage_profile": "code-2024", "triage_channel": "rest",
           "triage_category": "excluded", "triage_reason": "asb", "triage_flags": [], "triage_route": "excluded"}


def validate(text, intent="inform", entities=None):
    trk = tracker([user_event(text, intent, entities=entities)],
                  slots={**TRIAGED, "requested_slot": "record_contact"})
    from rasa_sdk.executor import CollectingDispatcher
    import asyncio

    d = CollectingDispatcher()
    out = ValidateRecordContactForm().validate_record_contact(text, d, trk, load_domain())
    return (asyncio.run(out) if asyncio.iscoroutine(out) else out), d


def test_contact_answer_parsed_into_name_email_phone():
    assert contact_from_answer("Ann Smith, ann@example.org", []) == {
        "anonymous": False, "email": "ann@example.org", "preferred_channel": "email", "name": "Ann Smith"}
    assert contact_from_answer("my number is 07700 900123", []) == {
        "anonymous": False, "phone": "07700900123", "preferred_channel": "phone"}


def test_form_accepts_details_refuses_nothing_and_records_a_decline():
    got, d = validate("ann@example.org")
    assert got == {"record_contact": "ann@example.org", "record_contact_name": None} and not d.messages
    got, d = validate("hmm")
    assert got == {"record_contact": None} and responses(d) == ["utter_invalid_record_contact"]
    got, d = validate("no thanks", "deny")
    assert got == {"record_contact": DECLINED} and responses(d) == ["utter_contact_declined_noted"]


def test_a_name_given_alone_is_kept_until_the_email_or_phone_comes():
    """Found trying it as a new user: "Dana Whitfield" then her e-mail gave a letter to "Dear
    resident". The name is kept and the form asks only for the e-mail or phone, by name."""
    got, d = validate("Dana Whitfield")
    assert got == {"record_contact": None, "record_contact_name": "Dana Whitfield"} and not d.messages
    trk = tracker([user_event("dana.whitfield@example.org", "inform")],
                  slots={**TRIAGED, "requested_slot": "record_contact", "record_contact_name": "Dana Whitfield"})
    from rasa_sdk.executor import CollectingDispatcher
    got = ValidateRecordContactForm().validate_record_contact("dana.whitfield@example.org", CollectingDispatcher(),
                                                              trk, load_domain())
    assert got == {"record_contact": "Dana Whitfield, dana.whitfield@example.org", "record_contact_name": None}
    assert contact_from_answer(got["record_contact"], [])["name"] == "Dana Whitfield"
    # a name in the second answer wins over the one kept
    got = ValidateRecordContactForm().validate_record_contact("Dana W, 07700 900123", CollectingDispatcher(),
                                                              trk, load_domain())
    assert got["record_contact"] == "Dana W, 07700 900123"
    # (an address is not a name: test_contact_addresses.py)
    for not_a_name in ("what do you need that for", "hmm", "why?", "What for?"):
        got, d = validate(not_a_name)
        assert got == {"record_contact": None} and responses(d) == ["utter_invalid_record_contact"], not_a_name


@pytest.mark.parametrize("answer,entities,name", NAMES)
def test_a_name_given_alone_is_kept_whole_in_any_script(answer, entities, name):
    """A name alone is the resident's own words, whole, whatever the NER made of it ("Gwen Morgan"
    -> PERSON "Morgan"; "it's Dafydd ap Rhys" -> ORG; "Siân Pritchard" -> nothing), accents,
    particles and curly apostrophes included (they were dropped: ASCII only, no particles)."""
    got, d = validate(answer, entities=entities)
    assert got == {"record_contact": None, "record_contact_name": name} and not d.messages


@pytest.mark.parametrize("answer,entities,name", [
    ("Gwen Morgan, gwen@example.org", ner(("Morgan", "PERSON", 5, 11)), "Gwen Morgan"),
    ("Siân Pritchard, sian@example.org", ner(("Siân Pritchard", "ORG", 0, 14)), "Siân Pritchard"),
    # in a longer sentence the NER finds the name, widened to the name words around it
    ("Send it to Mr O'Neill at 07700 900123", ner(("O'Neill", "PERSON", 14, 21)), "Mr O'Neill"),
    ("I'm Ann and my email is ann@example.org", ner(("Ann", "PERSON", 4, 7)), "Ann"),
])
def test_the_name_beside_the_email_or_phone_is_kept_whole(answer, entities, name):
    assert contact_from_answer(answer, [e["value"] for e in entities if e["entity"] == "PERSON"])["name"] == name


def test_titles_initials_and_a_name_typed_in_lowercase_are_names_too():
    got, _ = validate("Dr. Jane Smith", entities=ner(("Jane Smith", "PERSON", 4, 14)))
    assert got["record_contact_name"] == "Dr. Jane Smith"
    got, _ = validate("hi, it's gwen morgan")  # spaCy finds nothing in it
    assert got["record_contact_name"] == "gwen morgan"
    assert validate("Dana W.")[0]["record_contact_name"] == "Dana W"
    got, d = validate("fix my boiler please")
    assert got == {"record_contact": None} and responses(d) == ["utter_invalid_record_contact"]


def test_the_record_goes_out_with_the_name_as_given(backend):
    answer = "Siân Pritchard, sian@example.org"
    trk = tracker([user_event(answer, "inform", entities=ner(("Siân Pritchard", "ORG", 0, 14)))],
                  slots={**TRIAGED, "record_contact": answer})
    run(ActionRecordAfterContact(), trk)
    assert backend.created("excluded-matters")[0]["body"]["contact"]["name"] == "Siân Pritchard"


def test_the_form_asks_for_the_email_or_phone_by_name_once_the_name_is_kept():
    import asyncio

    from rasa.core.nlg import TemplatedNaturalLanguageGenerator
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import SlotSet
    from rasa.shared.core.trackers import DialogueStateTracker

    domain = Domain.from_dict(load_domain())
    nlg = TemplatedNaturalLanguageGenerator(domain.responses)

    def ask(name):
        t = DialogueStateTracker.from_events("s", [SlotSet("record_contact_name", name)], domain.slots)
        return asyncio.run(nlg.generate("utter_ask_record_contact", t, "rest"))["text"]

    assert ask("Dana Whitfield").startswith("Thank you, Dana Whitfield. Please also give an email address")
    assert ask(None).startswith("So the team can contact you about this, please give your name")
    # a postal address is accepted (parsing.split_address), so the question says so
    assert "phone number or postal address" in ask(None) and "phone number or postal address" in ask("Dana Whitfield")


def test_asb_report_recorded_with_the_contact_details(backend):
    trk = tracker([user_event("Ann Smith ann@example.org", "inform")],
                  slots={**TRIAGED, "record_contact": "Ann Smith ann@example.org"})
    events, dispatcher = run(ActionRecordAfterContact(), trk)
    body = backend.created("excluded-matters")[0]["body"]
    assert body["contact"] == {"anonymous": False, "email": "ann@example.org", "preferred_channel": "email",
                               "name": "Ann Smith"}
    assert "utter_excluded_recorded" in responses(dispatcher)
    assert slots_of(events)["record_contact"] is None


def test_service_request_records_that_the_resident_declined(backend):
    trk = tracker([user_event("no", "deny")], slots={
        **TRIAGED, "triage_category": "service_request", "triage_route": "service_request",
        "triage_reason": None, "triage_topic": "repair", "record_contact": DECLINED})
    events, _ = run(ActionRecordAfterContact(), trk)
    body = backend.created("service-requests")[0]["body"]
    assert body["contact"] == {"anonymous": True, "declined": True}
    # remembered for the conversation, so a later reply does not promise contact
    assert slots_of(events)["contact_declined"] is True and "contact_given" not in slots_of(events)


def test_contact_state_given_declined_or_not_asked():
    from actions.contact_details import contact_state
    assert contact_state({"anonymous": False, "email": "a@example.org"}) == "given"
    # by post: an address staff can write to, never a postcode alone
    assert contact_state({"anonymous": False, "postcode": "SW1A 1AA", "address": "12 High Street",
                          "preferred_channel": "post"}) == "given"
    assert contact_state({"anonymous": False, "postcode": "SW1A 1AA", "preferred_channel": "post"}) == "none"
    assert contact_state({"anonymous": True, "declined": True}) == "declined"
    assert contact_state({"anonymous": True, "email": "a@example.org"}) == "given"  # no name, the e-mail kept
    assert contact_state({}) == contact_state(None) == "none"


def test_domain_has_the_form_and_the_rules_send_records_through_it():
    import yaml
    from fakes import BOT_DIR

    domain = load_domain()
    # third_party_consent: asked only of someone writing for the resident (actions/representative.py)
    assert domain["forms"]["record_contact_form"]["required_slots"] == ["record_contact", "third_party_consent"]
    assert {"validate_record_contact_form", "action_record_after_contact"} <= set(domain["actions"])
    rules = yaml.safe_load((BOT_DIR / "data" / "rules.yml").read_text())["rules"]
    rules += yaml.safe_load((BOT_DIR / "data" / "casework_rules.yml").read_text())["rules"]
    for route in ("service_request", "emergency", "excluded"):
        [rule] = [r for r in rules if {"slot_was_set": [{"triage_route": route}]} in r["steps"]]
        actions = [s.get("action") for s in rule["steps"] if "action" in s]
        assert "record_contact_form" in actions and "action_record_service_request" not in actions
    emergency = [r for r in rules if {"slot_was_set": [{"triage_route": "emergency"}]} in r["steps"]][0]
    acts = [s["action"] for s in emergency["steps"] if "action" in s]
    assert acts.index("action_emergency_line") < acts.index("record_contact_form")  # the line first


def test_language_and_format_needs():
    assert format_needs("Large print letters please") == ["large_print"]
    assert format_needs("I need letters in Polish") == ["translation"] and language("in polish") == "Polish"
    assert format_needs("no") == [] and language("no") is None


WINTER, SUMMER = date(2026, 12, 6), date(2026, 7, 6)


def test_emergencies_from_the_situation():
    e = emergency_situation("We've had no heating since Friday and I have a toddler", WINTER)
    assert e.emergency and e.reasons == ("no_heating_vulnerable_winter",)
    assert emergency_situation("no hot water and my mum is 82 years old", WINTER).emergency
    assert emergency_situation("The boiler is broken, my husband is disabled", WINTER).emergency
    assert emergency_situation("I can smell gas in the hallway", SUMMER).reasons == ("gas",)
    assert emergency_situation("Water is pouring through the ceiling", SUMMER).reasons == ("flooding",)
    assert emergency_situation("There are exposed wires hanging from the light", SUMMER).reasons == ("wiring",)
    assert emergency_situation("We have no water at all since this morning", SUMMER).reasons == ("no_water",)


def test_not_every_cold_home_is_an_emergency():
    assert not emergency_situation("No heating since Friday and I have a toddler", SUMMER).emergency
    assert not emergency_situation("No heating since Friday", WINTER).emergency
    assert not emergency_situation("My 30 year old son says the heating is noisy", WINTER).emergency
    assert not emergency_situation("The gas bill is too high", WINTER).emergency


def test_a_flood_that_is_over_is_not_an_emergency_situation():
    # a past event as background (actions/past_events.py); the flag's full set: test_triage_flags.py
    assert not emergency_situation("It's been 6 weeks since the flood and I'm still waiting for the voucher", WINTER).emergency
    assert not emergency_situation("the burst pipe was fixed but the plaster is still wet", SUMMER).emergency
    assert emergency_situation("since the flood the electrics keep tripping", SUMMER).reasons == ("flooding",)
    assert emergency_situation("the kitchen flooded last year and again this week", SUMMER).reasons == ("flooding",)


@pytest.mark.parametrize("text,address", [
    # hj-02 / hg-01: a sentence after the postcode dropped the town ("3 Oak Lane")
    ("my mum, Patricia Evans, who lives at 3 Oak Lane, Sheffield S10 4GH. Her back door hasn't locked",
     "3 Oak Lane, Sheffield"),
    ("for my dad Harold, 12 Elm Road, Leeds LS6 2AB. He's deaf", "12 Elm Road, Leeds"),
    ("8 Birch Road, York YO1 2AB", "8 Birch Road, York"),
])
def test_the_town_before_the_postcode_is_kept(text, address):
    from actions.parsing import split_address
    assert split_address(text)[0] == address
