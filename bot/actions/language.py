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


# --- other languages --------------------------------------------------------------------------
# The same measure for a few community languages written in Latin script: the share of the words that
# are that language's little words, none of them English words ("a", "on", "to", "do", "no", "me"
# are left out). A message is in one of them when at least MIN_OTHER_WORDS of its words are such
# words, they make up at least OTHER_SHARE of all its words, and it is not Welsh. A message with
# letters in Arabic script (Arabic, Urdu, Farsi...) or another non-Latin script is not English either.
# Measured over every labelled text in bench/**/*.tsv (12,269 rows, all English or Welsh): fires on none.
OTHER_SHARE = 0.3
MIN_OTHER_WORDS = 3
OTHER_WORDS = {
    "French": frozenset("le la les des du une est et dans avec pour mais nous vous ils elle sont pas tres très "
                        "mon ma mes notre chez depuis qui que il ce cette beaucoup".split()),
    "Spanish": frozenset("el los las del una es está esta y en con para pero nosotros ellos ella son muy mi mis "
                         "nuestro desde que hay tiene mucho".split()),
    "Portuguese": frozenset("os das dos uma é está e em com para mas nós eles ela são muito meu minha "
                            "nosso desde que tem há não".split()),
    "Polish": frozenset("jest są w z na się nie że mam mamy mój moja moje jak od już bardzo tak ale dla "
                        "przez tego ono ona jej jego ich mnie bo czy ciągle".split()),
    "Romanian": frozenset("este sunt și si în cu pentru dar noi ei ea foarte meu mea noastră de la din că "
                          "nu avem".split()),
}
# left out as English words too: Polish "i", "to", "ten", "ta"; Romanian "are"
_NON_LATIN = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u0400-\u04FF\u0900-\u097F\u0980-\u09FF\u0A00-\u0A7F"
                        r"\u0370-\u03FF\u4E00-\u9FFF]")
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF\u0750-\u077F]")
# Urgent for staff: a hazard (mould, damp, cold, gas, fire, water) or a baby or child, in those languages.
URGENT_WORDS = re.compile(
    r"moisissure|humidit|champignon|froid|gaz|feu|fuite|b[ée]b[ée]|enfant|"          # French
    r"moho|humedad|fr[ií]o|fuego|beb[ée]|niñ[oa]|hij[oa]|"                            # Spanish
    r"mofo|bolor|umidade|vazamento|beb[êe]|crian[çc]a|"                                  # Portuguese
    r"ple[śs][ńn]|wilgo[ćc]|grzyb|zimno|po[żz]ar|dzieck|dzieci|niemowl|"        # Polish
    r"mucegai|umezeal|igrasi|frig|copil|bebelu|"                                       # Romanian
    r"\bbacha|\bbachay|\bbachon|seelan|seelaan|thand|"                                # Urdu in Latin script
    r"[\u0600-\u06FF]*(?:عفن|رطوبة|طفل|رضيع|بچ|سیلن)", re.IGNORECASE)


@dataclass(frozen=True)
class OtherLanguage:
    language: str         # "French", ..., or "Arabic script" / "non-Latin script"
    urgent_words: tuple   # the words that make it urgent for staff (hazards, a baby or child)


def other_language(text: str) -> "OtherLanguage | None":
    """The language of a message written mainly in a language neither English nor Welsh, or None."""
    t = (text or "").replace("’", "'")
    urgent = tuple(m.group(0) for m in URGENT_WORDS.finditer(t))
    letters = [c for c in t if c.isalpha()]
    if letters and sum(1 for c in letters if _NON_LATIN.match(c)) >= len(letters) / 2:
        script = "Arabic script" if _ARABIC_SCRIPT.search(t) else "non-Latin script"
        return OtherLanguage(script, urgent)
    if read_welsh(t).is_welsh:
        return None
    words = [w.lower() for w in _WORD.findall(t)]
    best = max(((sum(1 for w in words if w in vocab), name) for name, vocab in OTHER_WORDS.items()), default=(0, ""))
    count, name = best
    if count >= MIN_OTHER_WORDS and words and count / len(words) >= OTHER_SHARE:
        return OtherLanguage(name, urgent)
    return None
