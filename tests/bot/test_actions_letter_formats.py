"""The chat says truthfully what happens to letters held for staff to prepare in the format or
language the resident asked for (the case's letter_held_for; backend casework/letter_formats.py)."""
import re
from pathlib import Path

import yaml

from actions.case_status_actions import ActionCaseStatus
from actions.complaint_actions import LETTER_FORMATS, ActionOpenComplaint
from fakes import responses, run, tracker, user_event
from test_actions_group_and_ack import FORM, TRIAGED, conversation

ROOT = Path(__file__).resolve().parents[2]


def open_complaint(backend, **view):
    backend.complaint_view = {"acknowledged_on": None, "acknowledgement_channel": "email", **view}
    _, dispatcher = run(ActionOpenComplaint(), tracker(conversation(), slots={
        **TRIAGED, **FORM, "triage_flags": [], "adjustments": "I need my letters in braille please"}))
    return dispatcher


def test_a_braille_letter_is_said_to_come_in_braille_prepared_by_staff_with_the_dates(backend):
    dispatcher = open_complaint(backend, letter_held_for=["braille"])
    assert responses(dispatcher) == ["utter_complaint_opened", "utter_letter_format_braille",
                                     "utter_letters_prepared_by_staff", "utter_case_acknowledge_by",
                                     "utter_case_respond_by"]
    # the Code's dates are still told, and nothing claims it was acknowledged
    assert dispatcher.messages[3]["date"] == "Tuesday 1 December 2026"
    record = next(iter(backend.records["complaints"].values()))
    assert record["body"]["contact"]["format_needs"] == ["braille"]  # what the resident asked for went


def test_several_needs_and_a_named_language_are_each_said(backend):
    dispatcher = open_complaint(backend, letter_held_for=["translation", "easy_read"],
                                contact={"language": "Polish"})
    said = responses(dispatcher)
    assert said[1:4] == ["utter_letter_format_translation", "utter_letter_format_easy_read",
                         "utter_letters_prepared_by_staff"]
    assert dispatcher.messages[1]["language"] == "Polish"


def test_a_translation_without_a_language_is_not_given_a_made_up_one(backend):
    dispatcher = open_complaint(backend, letter_held_for=["translation"])
    assert "utter_letter_format_translation_unnamed" in responses(dispatcher)
    assert "utter_letter_format_translation" not in responses(dispatcher)


def test_large_print_by_email_goes_at_once_and_nothing_is_said_of_staff(backend):
    dispatcher = open_complaint(backend, letter_held_for=[], acknowledged_on=None)
    assert not any(r.startswith("utter_letter") for r in responses(dispatcher))


def test_a_status_check_while_the_letter_is_held_says_so(backend):
    backend.cases["CMP-2026-000009"] = {
        "reference": "CMP-2026-000009", "kind": "complaint", "stage": 1, "stage_name": "Stage 1",
        "status": "open", "acknowledge_by": "2026-12-01", "acknowledged_on": None,
        "respond_by": "2026-12-15", "next_step": "We will acknowledge your complaint by 2026-12-01.",
        "postcode": "SW1A1AA", "letter_held_for": ["bsl"]}
    trk = tracker([user_event("status", "check_status")],
                  slots={"case_reference": "CMP-2026-000009", "case_verifier": "SW1A 1AA"})
    _, dispatcher = run(ActionCaseStatus(), trk)
    assert responses(dispatcher)[:4] == ["utter_case_status", "utter_letter_format_bsl",
                                         "utter_letters_prepared_by_staff", "utter_case_acknowledge_by"]


def test_an_unknown_need_from_a_newer_backend_is_not_said():
    from rasa_sdk.executor import CollectingDispatcher

    from actions.complaint_actions import say_letter_formats

    dispatcher = CollectingDispatcher()
    say_letter_formats(dispatcher, {"letter_held_for": ["hologram"]})
    assert dispatcher.messages == []


def test_every_need_the_backend_knows_has_words_in_the_domain():
    schemas = (ROOT / "backend" / "casework" / "schemas.py").read_text()
    backend_needs = re.search(r"FormatNeed = Literal\[([^\]]*)\]", schemas).group(1)
    assert set(re.findall(r'"(\w+)"', backend_needs)) == set(LETTER_FORMATS)
    domain = yaml.safe_load((ROOT / "bot" / "domain" / "casework.yml").read_text())["responses"]
    for need in LETTER_FORMATS:
        assert f"utter_letter_format_{need}" in domain
    assert "{language}" in domain["utter_letter_format_translation"][0]["text"]
    assert "utter_letters_prepared_by_staff" in domain
