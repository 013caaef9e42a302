"""Language and format needs from what a resident asked for ("large print please", "in Polish"),
so letters honour them (large print) and staff are told before a letter goes (another language)."""
from __future__ import annotations

import re
from typing import Optional

FORMATS = {
    "large_print": r"large[- ]?print|bigger (text|print|font)|big print",
    "braille": r"braille",
    "audio": r"audio|read (it|them|letters) (out|to me)|recording",
    "easy_read": r"easy[- ]?read|simple (words|english)",
    "bsl": r"\bbsl\b|british sign language|sign language",
}
LANGUAGES = ("Albanian", "Arabic", "Bengali", "Bulgarian", "Cantonese", "Chinese", "Czech", "Farsi",
             "French", "Gujarati", "Hindi", "Hungarian", "Italian", "Kurdish", "Lithuanian", "Mandarin",
             "Pashto", "Polish", "Portuguese", "Punjabi", "Romanian", "Russian", "Slovak", "Somali",
             "Spanish", "Tamil", "Tigrinya", "Turkish", "Ukrainian", "Urdu", "Vietnamese", "Welsh")
_LANG = re.compile(r"\b(" + "|".join(LANGUAGES) + r")\b", re.I)
_TRANSLATE = re.compile(r"translat\w*|interpret\w*", re.I)


def format_needs(text: Optional[str]) -> list[str]:
    t = text or ""
    needs = [need for need, pattern in FORMATS.items() if re.search(pattern, t, re.I)]
    if _TRANSLATE.search(t) or _LANG.search(t):
        needs.append("translation")
    return needs


def language(text: Optional[str]) -> Optional[str]:
    m = _LANG.search(text or "")
    return m.group(1).capitalize() if m else None
