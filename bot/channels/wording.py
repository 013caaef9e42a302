"""What a channel says itself, when the message never reaches the model or the bot failed.

These replies are sent by the channel (Rasa or the action server may be what failed), so they
cannot come from the domain's responses; they are kept here, in one place.
"""
from __future__ import annotations

from channels.settings import get_settings

TOO_LONG = ("Your message is {length:,} characters long; I can read up to {limit:,} at a time. "
            "We have kept all of it for our staff, so nothing is lost. To carry on here, please "
            "send a shorter version, or split it into parts of up to {limit:,} characters.")
# The channel cannot see whether contact details were taken (the bot is what failed), so the reply
# promises contact only where it is true: staff can reach the resident only with details given.
KEPT = ("Thank you, we have your message and it is saved for our staff to read. I couldn't "
        "finish handling it automatically just now. If you have given us an email address, phone "
        "number or postal address in this conversation, staff will contact you using it; if not, "
        "they have no way to reach you, so please get in touch with us yourself.")
# As the domain's utter_emergency_line (bot/domain/core.yml), for a message that looks urgent.
EMERGENCY = ("This sounds like an emergency. Please call our emergency repairs line now on "
             "{phone}. If you smell gas, call the National Gas Emergency Service on "
             "0800 111 999. If anyone is in danger, call 999.")
EMERGENCY_NO_NUMBER = ("This sounds like an emergency. Please call our emergency repairs line "
                       "now (the number is on your tenancy agreement and our website). If you "
                       "smell gas, call the National Gas Emergency Service on 0800 111 999. "
                       "If anyone is in danger, call 999.")
EMPTY = "Please type your message."


def emergency_line() -> str:
    phone = get_settings().landlord_emergency_phone
    return EMERGENCY.format(phone=phone) if phone else EMERGENCY_NO_NUMBER
