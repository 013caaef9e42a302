"""Letters in the format a resident asked for (a reasonable adjustment recorded on the contact).

The service produces two formats itself: standard print, and large print as the 18pt HTML part of
an e-mail. Anything else it cannot produce, so such a letter must not go out silently in standard
print: it is held for staff, who prepare it (braille, audio, easy read, British Sign Language,
another language; large print when the letter goes by post, into the chat, or as an e-mail
without an HTML part) and then release it or send it by hand. The hold says which need, and the
letter keeps the date it is due by, so the Code's time limits are still met.

Pure: it reads values and returns reasons; outbox.queue() applies them.
"""
from __future__ import annotations

from datetime import date
from typing import Any, Iterable

ENGLISH = ("", "en", "english", "en-gb", "british english")

# needs the service can never produce: staff prepare the letter
STAFF_PREPARED = ("braille", "audio", "easy_read", "bsl")
# reason codes, in the order staff read them, and their words
WORDS = {"translation": "a translation", "braille": "braille", "audio": "audio", "easy_read": "easy read",
         "bsl": "British Sign Language (BSL)", "large_print": "large print"}
# A letter with no way to reach the resident (no e-mail, no postal address, no chat:
# letters.letter_channel "none"), whoever they are (a phone number only, nothing at all, anonymous,
# or post asked for with no postal address): held until staff add an address (resident_address.py),
# ringing for one when there is a phone number; the same for a representative the resident consented
# to who gave only a phone number (their letters).
NO_ADDRESS = "no_address"
NO_ADDRESS_TEXT = ("Held for staff: there is no e-mail or postal address for the resident, so it cannot be "
                   "sent. It is held until one is obtained: ring the resident to ask, then add it on the case page.")
NO_ADDRESS_NO_PHONE_TEXT = ("Held for staff: there is no e-mail or postal address for the resident, so it "
                            "cannot be sent, and no phone number to ask for one. It is held until one is "
                            "obtained: if the resident gets in touch, ask them, then add it on the case page.")


def no_address_text(role: str | None, phone: str | None) -> str:
    """The staff sentence for a letter held for an address: the resident's, or the representative's
    (with the resident's consent the letters are theirs, letters.addressee); to ring them when there
    is a phone number, else to ask when they get in touch."""
    who = "the representative" if role == "representative" else "the resident"
    text = NO_ADDRESS_TEXT if (phone or "").strip() else NO_ADDRESS_NO_PHONE_TEXT
    return text.replace("the resident", who)


# the letter's own Code date: a stage's acknowledgement and its response
DUE_FIELD = {"acknowledgement": "acknowledge_by", "escalation": "acknowledge_by",
             "stage_response": "respond_by"}


def needs_translation(language: str | None) -> bool:
    return bool(language) and language.strip().lower() not in ENGLISH


def hold_reasons(format_needs: Iterable[str] | None, language: str | None, channel: str,
                 has_html: bool) -> list[str]:
    """Why a letter must wait for staff, as reason codes (empty: it may go as it is).
    Large print is produced only as an e-mail's HTML part; every other format by staff."""
    needs = set(format_needs or [])
    reasons = []
    if needs_translation(language) or "translation" in needs:
        reasons.append("translation")
    reasons += [n for n in STAFF_PREPARED if n in needs]
    if "large_print" in needs and not (channel == "email" and has_html):
        reasons.append("large_print")
    return reasons


def in_words(reasons: list[str], language: str | None) -> str:
    """'braille and Polish' (a translation names its language when one was given)."""
    words = []
    for r in reasons:
        if r == "translation" and needs_translation(language):
            words.append(language.strip()[:40])
        else:
            words.append(WORDS.get(r, r.replace("_", " ")))
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def due_on(case: Any, kind: str) -> date | None:
    """The date the letter must reach the resident by under the case's stage dates (None: the
    letter has no date of its own, e.g. a service request's)."""
    field = DUE_FIELD.get(kind)
    return getattr(case, field, None) if field else None


def hold_text(reasons: list[str], language: str | None, channel: str, due: date | None) -> str:
    """The staff sentence stored with a held letter (fits OutboxMessage.last_error, 300); the
    due date itself is the letter's due_on, shown beside it."""
    how = "post it" if channel == "post" else "send it"
    prepare = ("Translate it (or arrange an interpreter)" if reasons == ["translation"]
               else "Prepare it as asked, not in standard print")
    when = " by the date it is due" if due else ""
    return (f"Held for staff: the resident asked for {in_words(reasons, language)}. {prepare}{when}, "
            f"then release it or {how} by hand.")[:300]
