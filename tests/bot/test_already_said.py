"""hg-01, hg-03: what the person already typed before the complaint form asks is used, not asked
again; someone writing for their dad is the representative, the dad is the resident."""
from actions.complaint_actions import ActionOpenComplaint, ValidateComplaintForm
from fakes import responses, run, slots_of, tracker, user_event

TRIAGED = {"triage_key": "conv-1:m1", "triage_received_at": "2026-11-24", "triage_profile": "code-2024",
           "triage_channel": "rest", "triage_category": "complaint", "triage_flags": [], "handoff_id": 7}
PETER = ("Hello, my name is Peter Grant and my email is peter.grant@example.co.uk. I want to complain "
         "about the contractor Apex Roofing, the leak in my back bedroom is still there. I want them to "
         "come back, fix it properly and clear up the mess.")
GARETH = ("Hi, I'm writing on behalf of my dad, Harold Jenkins, he's 84 and lives at 12 Elm Road, Leeds "
          "LS6 2AB. His bathroom is full of mould and nobody has come. He's asked me to complain for him. "
          "I'm his son, Gareth, gareth.jenkins@example.com")


def started(first, *later):
    """The first message, the complaint offer, and the yes that starts the form."""
    events = [user_event(first, "complaint", message_id="m1"),
              {"event": "action", "timestamp": 1.0, "name": "action_triage"},
              {"event": "action", "timestamp": 1.1, "name": "utter_offer_complaint"},
              {"event": "action", "timestamp": 1.2, "name": "action_listen"},
              user_event("Yes, log a complaint", "affirm", message_id="m2"), *later]
    return tracker(events, slots={**TRIAGED, "triage_text": first})


def test_name_email_and_outcome_from_the_first_message_are_not_asked_again():
    events, dispatcher = run(ValidateComplaintForm(), started(PETER))
    slots = slots_of(events)
    assert slots["contact_name"] == "Peter Grant"
    assert slots["contact_email"] == "peter.grant@example.co.uk" and slots["contact_route"] == "email"
    assert slots["desired_outcome"] == "I want them to come back, fix it properly and clear up the mess."
    assert slots["requested_slot"] == "on_behalf"  # the next question is one not yet answered
    assert responses(dispatcher) == ["utter_complaint_details_noted"]
    assert "Peter Grant" in dispatcher.messages[0]["details"]


def test_representative_and_consent_from_the_first_message():
    events, _ = run(ValidateComplaintForm(), started(GARETH))
    slots = slots_of(events)
    assert slots["contact_name"] == "Gareth Jenkins" and slots["resident_name"] == "Harold Jenkins"
    assert slots["contact_email"] == "gareth.jenkins@example.com"
    assert slots["on_behalf"] is True and slots["third_party_consent"] is True
    assert slots["requested_slot"] == "desired_outcome"


def test_a_staff_members_name_and_an_address_written_to_are_not_the_residents():
    text = "Priya was rude to me on the phone. I emailed housing@council.example twice and nobody replied."
    events, dispatcher = run(ValidateComplaintForm(), started(text))
    slots = slots_of(events)
    assert slots.get("contact_name") is None and slots.get("contact_email") is None
    assert slots["requested_slot"] == "contact_name" and responses(dispatcher) == []


def test_the_name_answer_for_my_dad_is_the_resident_and_mine_the_representative():
    text = "The complaint is for my dad Harold Jenkins, I'm Gareth his son"
    trk = tracker([user_event(text, "inform")], slots={"requested_slot": "contact_name", "contact_name": text},
                  active_loop="complaint_form")
    result = ValidateComplaintForm().validate_contact_name(text, None, trk, {})
    assert result["contact_name"] == "Gareth" and result["resident_name"] == "Harold Jenkins"
    assert result["on_behalf"] is True


def test_the_son_for_his_dad_is_recorded_the_right_way_round(backend):
    slots = {**TRIAGED, "triage_text": GARETH, "contact_name": "Gareth", "resident_name": "Harold Jenkins",
             "contact_route": "email", "contact_email": "gareth.jenkins@example.com",
             "desired_outcome": "Fix the mould", "on_behalf": True, "third_party_consent": True,
             "adjustments": "none"}
    run(ActionOpenComplaint(), tracker([user_event(GARETH, "complaint"), user_event("yes", "affirm")], slots=slots))
    body = backend.created("complaints")[0]["body"]
    assert body["contact"]["name"] == "Harold Jenkins"
    assert body["contact"]["address"] == "12 Elm Road, Leeds" and body["contact"]["postcode"] == "LS6 2AB"  # the town kept (hj-02)
    rep = body["representative"]
    assert rep["name"] == "Gareth Jenkins" and rep["email"] == "gareth.jenkins@example.com"
    assert rep["relationship"] == "son or daughter" and rep["consent"] is True


def test_asking_for_a_complaint_is_not_what_they_want_to_happen():
    from actions.introductions import outcome
    assert outcome("I want a formal complaint logged about the repairs team. It has been 3 months.") is None
    assert outcome("I want you to know how upset I am.") is None
    assert outcome("The roof leaks. I'd like someone to come and fix it this week.") == \
        "I'd like someone to come and fix it this week."


def test_a_relative_named_in_passing_does_not_make_them_a_representative():
    from actions.introductions import already_said
    said = already_said(["My name is Jo Bloggs. The flat is too small for me and my son Jake, we need a "
                         "bigger one. I'm complaining about my neighbour John Smith's dog too."])
    assert said["contact_name"] == "Jo Bloggs"
    assert "on_behalf" not in said and "resident_name" not in said


def test_staying_anonymous_in_the_first_message_is_not_asked_for_a_name():
    """hj-10: "... I want to stay anonymous." in the first message, then "What name should we use?"."""
    first = ("I want to make a formal complaint about the state of the communal stairwell, it hasn't been "
             "cleaned for weeks. I want to stay anonymous.")
    events, dispatcher = run(ValidateComplaintForm(), started(first))
    slots = slots_of(events)
    assert slots["contact_name"] == "anonymous"
    assert slots["requested_slot"] != "contact_name"
    assert "that you want to stay anonymous" in dispatcher.messages[0]["details"]


def test_anonymous_letters_about_the_matter_are_no_wish_to_stay_anonymous():
    first = "I want to complain that my neighbour keeps sending me anonymous letters"
    events, _ = run(ValidateComplaintForm(), started(first))
    assert slots_of(events)["requested_slot"] == "contact_name"
