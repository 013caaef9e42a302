"""What a channel says itself, when the message never reaches the model or the bot failed.

These replies are sent by the channel (Rasa or the action server may be what failed), so they
cannot come from the domain's responses; they are kept here, in one place.
"""
from __future__ import annotations

import os

TOO_LONG = ("Your message is {length:,} characters long; I can read up to {limit:,} at a time. "
            "We have kept all of it for our staff, so nothing is lost. To carry on here, please "
            "send a shorter version, or split it into parts of up to {limit:,} characters.")
KEPT = ("Thank you, we have your message and it is saved for our staff, who will read it and "
        "contact you. I couldn't finish handling it automatically just now.")
EMERGENCY = ("If anyone is in danger, or this is an emergency such as a gas smell, fire, "
             "flooding or sparking electrics, please phone our emergency line now on {phone}.")
EMERGENCY_NO_NUMBER = ("If anyone is in danger, or this is an emergency such as a gas smell, "
                       "fire, flooding or sparking electrics, please phone 999 or our "
                       "emergency repairs line now.")
EMPTY = "Please type your message."


def emergency_line() -> str:
    phone = os.environ.get("LANDLORD_EMERGENCY_PHONE", "").strip()
    return EMERGENCY.format(phone=phone) if phone else EMERGENCY_NO_NUMBER
