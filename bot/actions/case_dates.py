"""A case's dates as the chat tells them (the complaint just opened, a status reply), and the letter
formats the case waits for."""
from __future__ import annotations

import datetime as dt
from typing import Optional

from rasa_sdk.executor import CollectingDispatcher

from actions.dates import LONDON, format_date, parse_day


def say_case_dates(dispatcher: CollectingDispatcher, case: dict,
                   just_opened: bool = False) -> list[str]:
    """The dates as the case records them, for people; a date the profile does not set is
    skipped. An acknowledgement already recorded (the automatic one, e-mailed or put in the chat
    when the complaint is opened) is told as done, and the response date counts from it; "we will
    acknowledge it by ..." only while it has not gone (a letter by post, or held for a language).
    Returns the dates said, in words (a status reply does not say them again)."""
    say_letter_formats(dispatcher, case)
    acknowledged_on = parse_day(case.get("acknowledged_on"))
    acknowledge_by = format_date(case.get("acknowledge_by"))
    respond_by = format_date(case.get("respond_by"))
    if acknowledged_on is not None:
        say_acknowledged(dispatcher, acknowledged_on, case.get("acknowledgement_channel"),
                         just_opened)
        if respond_by:
            dispatcher.utter_message(response="utter_case_respond_by_from_ack", date=respond_by)
        return [d for d in (format_date(acknowledged_on), respond_by) if d]
    if acknowledge_by:
        dispatcher.utter_message(response="utter_case_acknowledge_by", date=acknowledge_by)
    if respond_by:
        dispatcher.utter_message(response="utter_case_respond_by", date=respond_by)
    if not acknowledge_by and not respond_by:
        dispatcher.utter_message(response="utter_case_no_dates")
    return [d for d in (acknowledge_by, respond_by) if d]


# the case's letter_held_for codes (backend casework.letter_formats) the chat has words for
LETTER_FORMATS = ("translation", "braille", "audio", "easy_read", "bsl", "large_print")


def say_letter_formats(dispatcher: CollectingDispatcher, case: dict) -> None:
    """When the case's latest letter waits for staff to prepare it in the format or language the
    resident asked for: that it will come that way, and not at once (the dates follow)."""
    held = [need for need in case.get("letter_held_for") or [] if need in LETTER_FORMATS]
    if not held:
        return
    language = (case.get("contact") or {}).get("language")
    for need in held:
        if need == "translation":
            if language:
                dispatcher.utter_message(response="utter_letter_format_translation", language=language)
            else:
                dispatcher.utter_message(response="utter_letter_format_translation_unnamed")
        else:
            dispatcher.utter_message(response=f"utter_letter_format_{need}")
    dispatcher.utter_message(response="utter_letters_prepared_by_staff")


def say_acknowledged(dispatcher: CollectingDispatcher, day: dt.date, channel: Optional[str],
                     just_opened: bool) -> None:
    when = format_date(day)
    if not just_opened or day != dt.datetime.now(LONDON).date():
        dispatcher.utter_message(response="utter_case_acknowledged_on", date=when)
    elif channel == "email":
        dispatcher.utter_message(response="utter_case_acknowledged_today_email", date=when)
    elif channel == "chat":
        dispatcher.utter_message(response="utter_case_acknowledged_today_chat", date=when)
    else:
        dispatcher.utter_message(response="utter_case_acknowledged_today", date=when)
