"""Is a message written mainly in Welsh? Pure, no I/O.

The triage model was trained on English messages; on Welsh it guesses (a complaint about a leaking
roof read as a compliment). A message written mainly in Welsh therefore goes to a person
(action_triage), not to a category on a guess.

The measure: the share of the message's words that are common Welsh words, the little words every
Welsh sentence is built from (mae, yn, wedi, neb, ers, fy, gyda...) and forms with a Welsh
apostrophe (mae'r, i'r, hi'n, i'w). Words that are also English words, names or
abbreviations ("I", "a", "to", "does", "am", "hi", "dim", "pan", "faint", "Beth", "yr" for year)
are left out of the list, and so are greetings and thanks (bore da, diolch,
shwmae): an English message that opens "Bore da" or says "Diolch to the team" is still English.
A message is Welsh when at least MIN_WELSH_WORDS of its words are such words and they make up
at least WELSH_SHARE of all its words."""
from __future__ import annotations

import re
from dataclasses import dataclass

WELSH_SHARE = 0.3
MIN_WELSH_WORDS = 2

# Welsh function words and very common verb forms that are not English words.
WELSH_WORDS = frozenset("""
    mae maen roedd oedd oes dydy dyw ydy ydw ydych ydyn yw sydd sy bydd fydd fyddai byddai
    dw dwi rwy rydw rydyn rydych ry'n ro'n wedi heb ddim nid nad bod fod
    yn y ar gyda efo mewn dros drwy trwy rhwng gan heb tuag wrth
    ac ond neu hefyd felly achos oherwydd os fel
    fy ein eich ei eu chi ni nhw ti fi fe fo hwn hon hyn hynny yma yna
    eisiau isio angen gallu gwneud cael mynd dod dweud ateb
    neb ers eto erioed byth iawn mwy llawer
    pwy pam sut lle ble pryd
""".split())
# the Welsh apostrophe forms: the article 'r, 'n (yn), 'w and 'i (ei) joined to the word before
_WELSH_CLITIC = re.compile(r"^\w+'(?:r|n|w|i|ch)$")
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")


@dataclass(frozen=True)
class WelshReading:
    words: int
    welsh_words: int

    @property
    def share(self) -> float:
        return self.welsh_words / self.words if self.words else 0.0

    @property
    def is_welsh(self) -> bool:
        return self.welsh_words >= MIN_WELSH_WORDS and self.share >= WELSH_SHARE


def _is_welsh_word(word: str) -> bool:
    return word in WELSH_WORDS or bool(_WELSH_CLITIC.match(word)) or any(c in word for c in "ŵŷ")


def read_welsh(text: str) -> WelshReading:
    """How many of the message's words are common Welsh words (see the module docstring)."""
    words = [w.lower() for w in _WORD.findall((text or "").replace("’", "'"))]
    return WelshReading(words=len(words), welsh_words=sum(1 for w in words if _is_welsh_word(w)))


def written_in_welsh(text: str) -> bool:
    return read_welsh(text).is_welsh

