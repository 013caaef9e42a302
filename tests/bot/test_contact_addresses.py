"""An address is an address, and nothing given is thrown away (exploratory test, findings H1 and
H5): a sentence with a comma is not a postal address, "don't post" never chooses post, and the
record contact form (service requests, excluded matters) takes a postal address the way the
complaint form does and keeps the name when the resident gives no e-mail or phone."""
import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.contact_details import (DECLINED, ActionRecordAfterContact, ValidateRecordContactForm,
                                     contact_from_answer, contact_state)
from actions.parsing import postal_address, refuses_post
from fakes import load_domain, responses, run, tracker, user_event
from test_actions_complaint import validate as validate_complaint
from test_contact_details import TRIAGED

ABUSE = ("please dont post anything, my ex has been coming round and he kicked the door in last time, "
         "thats why the lock is broke. im scared he'll come back tonight and the kids are here. "
         "text me on 07700 900789 only")
NOT_ADDRESSES = [ABUSE, "not sure, whats it for", "I don't want to complain any more, please just report the lift",
                 "waited 2 weeks, nobody came", "ok, thanks", "Ann Smith, Leeds", "i dont do email, post is fine",
                 "I said post is fine, write to me at my address"]
REAL = [("22 Brookfield Road, Leeds LS6 2AB", "22 Brookfield Road, Leeds", "LS6 2AB"),
        ("Flat 6 Elm Court, Salford", "Flat 6 Elm Court, Salford", None),
        ("Rose Cottage, Mill Lane", "Rose Cottage, Mill Lane", None),
        ("The Willows, Church Road, M1 1AE", "The Willows, Church Road", "M1 1AE"),
        ("12 St. Mary's Road", "12 St. Mary's Road", None),
        ("14 Kingsway, LS6 2AB", "14 Kingsway", "LS6 2AB")]   # no street word, but a postcode with it


@pytest.mark.parametrize("answer", NOT_ADDRESSES)
def test_words_with_a_comma_are_not_a_postal_address(answer):
    assert postal_address(answer) is None
    result, _ = validate_complaint("contact_route", answer, answer)
    assert result.get("contact_route") != "post" and not result.get("contact_address")


@pytest.mark.parametrize("answer, address, postcode", REAL)
def test_real_addresses_are_still_taken_by_the_complaint_form(answer, address, postcode):
    result, dispatcher = validate_complaint("contact_route", answer, answer)
    assert result == {"contact_route": "post", "contact_email": None, "contact_phone": None,
                      "contact_postcode": postcode, "contact_address": address}
    assert not dispatcher.messages


def test_dont_post_never_chooses_post_and_is_not_asked_for_an_address():
    assert refuses_post(ABUSE) and refuses_post("no letters please") and refuses_post("do not send me letters")
    assert not refuses_post("i dont do email, post is fine") and not refuses_post("by post please")
    result, _ = validate_complaint("contact_route", ABUSE, ABUSE)
    assert result["contact_route"] == "phone" and result["contact_phone"] == "07700900789"
    assert result["contact_address"] is None   # the disclosure is never printed on a letter
    answer = "no letters please, 12 High Street, 07700 900123"
    result, _ = validate_complaint("contact_route", answer, answer)
    assert result["contact_route"] == "phone" and result["contact_address"] is None
    answer = "please don't post anything"
    result, dispatcher = validate_complaint("contact_route", answer, answer)
    assert result == {"contact_route": None} and responses(dispatcher) == ["utter_invalid_contact_route"]


def validate(text, intent="inform", **slots):
    trk = tracker([user_event(text, intent)], slots={**TRIAGED, "requested_slot": "record_contact", **slots})
    d = CollectingDispatcher()
    return ValidateRecordContactForm().validate_record_contact(text, d, trk, load_domain()), d


@pytest.mark.parametrize("answer, contact", [
    ("Margaret Ellis, 22 Brookfield Road, Leeds LS6 2AB",
     {"name": "Margaret Ellis", "address": "22 Brookfield Road, Leeds", "postcode": "LS6 2AB", "preferred_channel": "post"}),
    ("Jade Brennan 07123 456789, 41 Coronation St M4 6EW",
     {"name": "Jade Brennan", "phone": "07123456789", "address": "41 Coronation St", "postcode": "M4 6EW",
      "preferred_channel": "phone"}),
    ("its Pete, flat 6 Elm Court. pete_h@example.org",
     {"name": "Pete", "email": "pete_h@example.org", "address": "flat 6 Elm Court", "preferred_channel": "email"}),
    ("Rose Cottage, Mill Lane", {"address": "Rose Cottage, Mill Lane", "preferred_channel": "post"}),
])
def test_the_record_contact_form_takes_a_postal_address_with_the_name(answer, contact):
    got, d = validate(answer)
    assert got == {"record_contact": answer, "record_contact_name": None} and not d.messages
    assert contact_from_answer(answer, []) == {"anonymous": False, **contact}
    assert contact_state(contact_from_answer(answer, [])) == "given"


def test_an_address_after_the_name_keeps_both_and_goes_out_by_post(backend):
    got, _ = validate("22 Brookfield Road, Leeds LS6 2AB", record_contact_name="Margaret Ellis")
    assert got["record_contact"] == "Margaret Ellis, 22 Brookfield Road, Leeds LS6 2AB"
    trk = tracker([user_event("22 Brookfield Road, Leeds LS6 2AB", "inform")],
                  slots={**TRIAGED, "record_contact": got["record_contact"]})
    run(ActionRecordAfterContact(), trk)
    assert backend.created("excluded-matters")[0]["body"]["contact"] == {
        "anonymous": False, "name": "Margaret Ellis", "address": "22 Brookfield Road, Leeds",
        "postcode": "LS6 2AB", "preferred_channel": "post"}


def test_a_number_and_a_name_without_a_street_word_or_postcode_is_asked_for_the_rest():
    result, dispatcher = validate_complaint("contact_route", "12 Marlborough, Leeds", "12 Marlborough, Leeds")
    assert result["contact_route"] is None and responses(dispatcher) == ["utter_invalid_postal_address"]
    result, dispatcher = validate_complaint("contact_route", NOT_ADDRESSES[3], NOT_ADDRESSES[3])
    assert responses(dispatcher) == ["utter_invalid_contact_route"]


def test_post_without_the_address_is_asked_for_the_address_not_an_email():
    for answer in ("i dont do email, post is fine", "I said post is fine, write to me at my address"):
        got, d = validate(answer, record_contact_name="Margaret Ellis")
        assert got == {"record_contact": None} and responses(d) == ["utter_invalid_postal_address"], answer
    got, d = validate("please dont post anything, just fix it")
    assert got == {"record_contact": None} and responses(d) == ["utter_invalid_record_contact"]


def test_the_abuse_disclosure_with_a_phone_is_the_phone_only():
    got, _ = validate(ABUSE)
    assert contact_from_answer(got["record_contact"], []) == {
        "anonymous": False, "phone": "07700900789", "preferred_channel": "phone"}


def test_no_email_or_phone_keeps_the_name_given(backend):
    got, d = validate("no", "deny", record_contact_name="Margaret Ellis")
    assert got == {"record_contact": DECLINED} and responses(d) == ["utter_contact_declined_noted"]
    trk = tracker([user_event("no", "deny")],
                  slots={**TRIAGED, "record_contact": DECLINED, "record_contact_name": "Margaret Ellis"})
    events, _ = run(ActionRecordAfterContact(), trk)
    assert backend.created("excluded-matters")[0]["body"]["contact"] == {
        "anonymous": False, "name": "Margaret Ellis", "declined": True}


def test_only_asking_for_anonymity_leaves_the_name_off():
    got, _ = validate("no, keep me anonymous", "deny", record_contact_name="Margaret Ellis")
    assert got == {"record_contact": DECLINED, "record_contact_name": None}
    got, _ = validate("I'd rather not", record_contact_name="Margaret Ellis")
    assert got == {"record_contact": DECLINED}
