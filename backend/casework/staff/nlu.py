"""Text helpers shared by the staff corrections (casework.staff.training, scripts/staff_corrections.py)
and the erasure of legacy NLU exports (casework.privacy.external): the comparison key of a message
(normalise), one line a Rasa example could hold (example_text), and the bot intent of a reviewed
classification (intent_for, shown on the handoff page).

Reviewer corrections reach the training data only through `make corrections` (redacted, written to
the git-ignored var/training/); the old unredacted export into bot/data/nlu/reviewed.yml is retired.
"""
from __future__ import annotations

import re
import unicodedata

# category / exclusion reason -> the bot's intent
SIMPLE_INTENTS = {"complaint": "complaint", "service_request": "service_request", "compliment": "compliment"}
EXCLUDED_INTENTS = {"asb": "report_asb", "legal": "legal_proceedings", "employment": "employment_matter",
                    "time_limit": "complaint"}

_ENTITY = re.compile(r"\[([^\]\n]+)\](\([^)\n]*\)|\{[^}\n]*\})")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})


def intent_for(category: str | None, reason: str | None) -> str | None:
    if category in SIMPLE_INTENTS:
        return SIMPLE_INTENTS[category]
    if category == "excluded":
        return EXCLUDED_INTENTS.get(reason or "")
    return None


def example_text(text: str) -> str:
    """One line a Rasa example can hold: control characters and line breaks become spaces, square
    brackets become round ones (Rasa would read "[x](y)" as an entity annotation)."""
    text = "".join(" " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in text)
    text = text.replace("[", "(").replace("]", ")")
    return " ".join(text.split())


def normalise(text: str) -> str:
    """Comparison key: entity annotations reduced to their text, Unicode NFKC, case-folded,
    apostrophes dropped, other punctuation and symbols as spaces, whitespace collapsed."""
    text = _ENTITY.sub(r"\1", text)
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    text = text.replace("'", "")  # "it's" and "its" are one text
    text = "".join(" " if unicodedata.category(ch)[0] in "PSC" else ch for ch in text)
    return " ".join(text.split())
