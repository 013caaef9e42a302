"""Data-rights requests (actions/data_rights.py, a routing step in action_triage): asking to see,
erase, correct or stop the use of one's personal data is not a complaint. The request goes to the
DPO (sent with the handoff as `data_request`; the backend counts the one-month due date), the
resident is told the date, that ID may be asked for, and the ICO; never excluded under the complaint
time limit. A complaint with a data request stays a complaint, with the request recorded too."""
import pytest

from actions.data_rights import data_request_kinds
from actions.triage_action import ActionTriage
from fakes import decision, responses, run, slots_of, tracker, user_event

ERASE = "I moved out in 2023, please delete all the personal data you hold about me"
SAR = "I want a copy of all the data you hold about me please, subject access request"
DUE = {"data_request": {"id": 1, "kinds": ["erasure"], "due_on": "2027-01-07",
                        "due_text": "Thursday 7 January 2027", "received_on": "2026-12-07"}}


@pytest.mark.parametrize("text,kinds", [
    (ERASE, ("erasure",)),
    (SAR, ("access",)),
    ("Can you delete my details? I don't live there any more", ("erasure",)),
    ("I want my right to be forgotten", ("erasure",)),
    ("Subject Access Request please", ("access",)),
    ("I'd like to make a DSAR", ("access",)),
    ("my details are wrong on your system", ("rectification",)),
    ("Your records about me are wrong, correct them", ("rectification",)),
    ("please correct my records, my date of birth is wrong", ("rectification",)),
    # a new address or phone number is a routine contact update (a service request), not a UK GDPR
    # rectification request: no one-month date, no ID, no ICO (hj-09, hj-01)
    ("I've moved, please update my address to 4 Mill Lane", ()),
    ("Hi, I've moved. My new address is 22 Larch Close, Bristol BS5 7PL, please update your records.", ()),
    ("please update your records, my new number is 07700 900123", ()),
    ("can you change my phone number to 07700 900123", ()),
    ("I need to change the phone number on my account", ()),
    ("My phone number has changed, the new one is 07700 900999. I'm Ruth Cole, 8 Birch Road, York YO1 2AB", ()),
    ("change of address: 5 Ash Row, Hull HU1 1AA", ()),
    ("I object to you sharing my data with the council", ("objection",)),
    ("Please stop using my personal information for surveys", ("objection",)),
    ("Send me a copy of the information you hold on me and then delete my data", ("access", "erasure")),
    # near misses: about data, but no request
    ("my data was shared with my neighbour", ()),
    ("Sarah from repairs was great", ()),
    ("You sent my details to the wrong address and now my ex knows where I live", ()),
    ("please update me on my repair", ()),
    ("please update me on my repair, I've moved", ()),
    ("I've moved into the flat and the boiler is broken", ()),
    ("Can I have a copy of my tenancy agreement?", ()),
    ("please change the address for the repair, it is the flat upstairs", ()),
    ("I asked for a copy of everything you hold on me in September and have heard nothing", ()),
    ("i made a subject access request in august, still nothing, its past the month", ()),
    ("the data on the repairs portal is out of date", ()),
])
def test_data_request_kinds(text, kinds):
    assert data_request_kinds(text) == kinds


def test_an_erasure_request_is_not_excluded_under_the_time_limit(backend, decide):
    backend.handoff_view = DUE
    decide["d"] = decision("excluded", "time_limit")  # what the triage made of "moved out in 2023"
    events, dispatcher = run(ActionTriage(), tracker([user_event(ERASE, "complaint_old_issue", 0.8)]))
    [handoff] = backend.created("handoffs")
    assert handoff["body"]["data_request"] == ["erasure"]
    # a request, not a complaint (never excluded): a service request under the Code, for the DPO
    assert handoff["body"]["category"] == "service_request" and handoff["body"]["reason"] is None
    assert handoff["body"]["explanation"].startswith("A data-rights request (erasure")
    slots = slots_of(events)
    assert slots["triage_route"] == "staff" and slots["triage_reason"] is None  # contact asked next
    assert slots["staff_handoff"]["data_request"] == ["erasure"]
    assert responses(dispatcher) == ["utter_data_request_recorded", "utter_handoff_ask_contact_why"]
    assert dispatcher.messages[0]["due"] == "Thursday 7 January 2027"


def test_a_subject_access_request_is_not_a_generic_service_request(backend, decide):
    backend.handoff_view = DUE
    decide["d"] = decision("service_request", topic="enquiry")
    events, dispatcher = run(ActionTriage(), tracker([user_event(SAR, "service_request")]))
    assert backend.created("handoffs")[0]["body"]["data_request"] == ["access"]
    assert slots_of(events)["triage_route"] == "staff"
    assert responses(dispatcher)[0] == "utter_data_request_recorded"


def test_a_complaint_with_a_data_request_stays_a_complaint(backend, decide):
    backend.handoff_view = DUE
    decide["d"] = decision("complaint")
    text = "The repairs team ignored me for months. I'm making a complaint, and send me a copy of my file too"
    events, dispatcher = run(ActionTriage(), tracker([user_event(text, "complaint")]))
    body = backend.created("handoffs")[0]["body"]
    assert body["category"] == "complaint" and body["data_request"] == ["access"]
    # "I'm making a complaint": the resident asked for one, so no offer question (complaint_request.py)
    assert slots_of(events)["triage_route"] == "complaint_asked"
    assert responses(dispatcher) == ["utter_data_request_recorded_also"]


def test_a_data_breach_is_still_a_complaint_with_no_request(backend, decide):
    decide["d"] = decision("complaint")
    events, dispatcher = run(ActionTriage(), tracker([user_event("my data was shared with my neighbour", "complaint")]))
    assert "data_request" not in backend.created("handoffs")[0]["body"]
    assert slots_of(events)["triage_route"] == "complaint" and dispatcher.messages == []


def test_an_emergency_keeps_its_route_and_the_request_is_recorded(backend, decide):
    backend.handoff_view = DUE
    decide["d"] = decision("service_request", flags=("emergency",))
    text = "Water pouring through the ceiling light. Also please delete my personal data"
    events, dispatcher = run(ActionTriage(), tracker([user_event(text, "report_emergency")]))
    assert backend.created("handoffs")[0]["body"]["data_request"] == ["erasure"]
    assert slots_of(events)["triage_route"] == "emergency"
    assert "utter_data_request_recorded_also" in responses(dispatcher)


def test_backend_down_the_resident_is_still_told_one_month(backend, decide):
    backend.mode = "down"
    decide["d"] = decision("excluded", "time_limit")
    events, dispatcher = run(ActionTriage(), tracker([user_event(ERASE, "complaint_old_issue")]))
    assert slots_of(events)["triage_route"] == "staff"
    assert responses(dispatcher)[0] == "utter_data_request_recorded_no_date"


def test_the_replies_exist_with_the_ico_and_the_date():
    from fakes import load_domain
    replies = load_domain()["responses"]
    for name in ("utter_data_request_recorded", "utter_data_request_recorded_also"):
        text = replies[name][0]["text"]
        assert "{due}" in text and "ICO" in text and "0303 123 1113" in text and "prove who you are" in text
    for name in ("utter_data_request_recorded_no_date", "utter_data_request_recorded_also_no_date"):
        assert "within one month of today" in replies[name][0]["text"]


@pytest.mark.parametrize("text,update", [
    ("I've moved, please update my address to 4 Mill Lane", True),
    ("Hi, I've moved. My new address is 22 Larch Close, Bristol BS5 7PL, please update your records.", True),
    ("My phone number has changed, the new one is 07700 900999. I'm Ruth Cole, 8 Birch Road, York YO1 2AB", True),
    ("can you change my phone number to 07700 900123", True),
    ("my new number is 07700 900123", True),
    ("please change the address for the repair, it is the flat upstairs", False),
    ("I've moved into the flat and the boiler is broken", False),
    ("Your records about me are wrong, correct them", False),
    ("please update me on my repair", False),
    ("I've just moved onto Universal Credit, what do I need to send you?", False),
])
def test_contact_update(text, update):
    from actions.data_rights import contact_update
    assert contact_update(text) is update


@pytest.mark.parametrize("category,reason,text", [
    ("compliment", None, "Compliment for the voids team: the house was immaculate, never like that any other time we've moved."),
    ("excluded", "time_limit", "Back in March 2025 your officer gave my new address to my ex-partner by mistake."),
])
def test_a_contact_update_never_changes_what_the_model_read(backend, decide, category, reason, text):
    """Only a service request becomes the routine contact update: a compliment that says "we've
    moved", an old breach of "my new address" (labelled rows of bench/) keep their category."""
    decide["d"] = decision(category, reason=reason)
    events, _ = run(ActionTriage(), tracker([user_event(text, category)]))
    body = backend.created("handoffs")[0]["body"]
    assert body["category"] == category and body.get("reason") == reason
