"""The resident's name in an answer, for every form that asks for it (the complaint form's
contact_name, record_contact_form's details). An answer that is only a name ("Gwen Morgan",
"it's Mr O'Neill", "Siân Pritchard", "Dafydd ap Rhys") is the resident's own words, whole: the NER
(spaCy's PERSON) cuts names ("Gwen Morgan" -> "Morgan"), misses them ("Siân Pritchard") or calls
them an ORG ("it's Dafydd ap Rhys"). The NER only picks a name out of a longer sentence ("I'm Ann
and my email is ..."), widened to the run of name words around it. Letters of any script count,
with apostrophes, hyphens, full stops and lowercase particles between capitalised words; answers
that are not names ("not sure", "what for?", "12 High Street", a sentence) give None."""
from __future__ import annotations

import re
from typing import Any, Optional

from actions.parsing import EMAIL, PHONE, POSTCODE

MAX_WORDS = 6
MAX_LENGTH = 100  # the backend takes up to 200 characters (schemas.Short)

# lowercase words inside a name: "Dafydd ap Rhys", "Ellen de Vries", "Ahmad bin Yusuf"
PARTICLES = frozenset("ap ab de da del della dos van von der den ten ter bin binti bint ibn "
                      "al el le la du di ni ní nic ó ua mac of y".split())
# words that are never a name: an answer holding one (as its first word, or in lowercase) is not
# a name ("Not sure", "what for", "no idea", "fix my boiler"); they also end a run of name words
NOT_NAME = frozenset("""
    i i'm me my mine you your we our it it's its is am are was were be been the this that these
    those there here not no nope yes yeah yep ok okay sure what why who whom how when where which
    whatever don't dont doesn't didn't can't cannot won't would should could must have has had
    need needs want wants know idea thanks thank please sorry hello hi hey dear hmm hm um umm erm
    uh eh huh anything nothing none something someone anyone everyone name called call contact
    email e-mail phone number mobile text ring send write reply post address postcode and or but
    for with from about to at on in by as if just only also rather prefer anonymous anon skip later
""".split())
# the last word of a street, not of a name: "High Street"
STREET_END = frozenset("street road avenue crescent terrace st rd ave".split())

_WORD = r"[^\W\d_](?:[^\W\d_]|['’.-])*"  # letters of any script, with ' ’ . - inside
_TOKEN = re.compile(_WORD)
_SHAPE = re.compile(rf"{_WORD}(?: {_WORD}){{0,{MAX_WORDS - 1}}}")
_PREFIX = re.compile(r"^(?:(?:hi|hello|hey|yes|yeah|ok|okay|sure|and)\b[\s,!.]*|"
                     r"my name is\s+|my name's\s+|my name\s*:\s*|name is\s+|name\s*:\s*|"
                     r"the name is\s+|"
                     r"i'm\s+|i’m\s+|i am\s+|it's\s+|it’s\s+|its\s+|it is\s+|this is\s+|"
                     r"(?:you can\s+)?call me\s+)+", re.I)
# case-sensitive, so that "Nguyen Ta" keeps "Ta"
_SUFFIX = re.compile(r"(?:\s+(?:here|speaking|please|thanks|thank you|cheers|ta|and|on|at|or|is|my|"
                     r"via|email|e-mail|phone|number|mobile|tel|you can reach me|reach me))+$")


def _capitalised(word: str) -> bool:
    """'Gwen', 'O'Neill', 'Łukasz', a caseless script ('أحمد'), 'al-Hassan' (particle joined on)."""
    first = word[0]
    if first.isupper() or (first.isalpha() and not first.islower()):
        return True
    joined = re.match(r"([^\W\d_]+)['’-](.+)", word)
    return (bool(joined) and joined.group(1).lower() in PARTICLES | {"d", "l"}
            and _capitalised(joined.group(2)))


def _initial(word: str) -> bool:
    return len(word.rstrip(".")) == 1 and word[0].isupper()


def _key(word: str) -> str:
    return word.lower().replace("’", "'").rstrip(".")


def is_name(text: str) -> bool:
    """One to six words of letters that read as a name: capitalised words (titles and initials
    included) with lowercase particles between them, or a name typed all in lowercase; never a word
    in NOT_NAME as the first word or in lowercase, a digit, or other punctuation."""
    if not text or len(text) > MAX_LENGTH or not _SHAPE.fullmatch(text):
        return False
    if sum(ch.isalpha() for ch in text) < 2:
        return False
    words = text.split(" ")
    if _key(words[-1]) in STREET_END and len(words) > 1:
        return False
    if not _initial(words[0]) and _key(words[0]) in NOT_NAME:
        return False
    if any(w.islower() and _key(w) in NOT_NAME for w in words):
        return False
    if all(w.islower() for w in words):  # "gwen morgan": typed without capitals
        return True
    caps = [_capitalised(w) for w in words]
    if not caps[-1] or not any(caps):
        return False
    return all(c or _key(w) in PARTICLES for w, c in zip(words, caps))


_EDGES = " ,;:!?()\"-–—"


def _own_words(part: str) -> str:
    """An answer's part without the words around a name: "it's Amira Khan here" -> "Amira Khan"."""
    part = " ".join(part.split())
    while True:
        trimmed = _SUFFIX.sub("", _PREFIX.sub("", part.strip(_EDGES)).strip(_EDGES)).rstrip(".")
        if trimmed == part:
            return part
        part = trimmed


def _run_around(person: str, text: str) -> Optional[str]:
    """The run of name words in `text` that holds the NER's name: "Gwen Morgan" for "Morgan" in
    "Gwen Morgan here, my email is ..."; "Mr Khan" for "Khan" in "I'm Mr Khan and ...". Words are in
    one run when only spaces part them; a run stops at a NOT_NAME word or a lowercase word that is
    not a particle, and does not end on a particle."""
    at = text.find(person)
    if at < 0:
        at = text.lower().find(person.lower())
    if at < 0:
        return None
    tokens = list(_TOKEN.finditer(text))
    inside = [i for i, t in enumerate(tokens) if t.start() < at + len(person) and t.end() > at]
    if not inside:
        return None
    first, last = inside[0], inside[-1]

    def joins(i: int, j: int) -> bool:  # tokens i < j are neighbours, only spaces between
        return text[tokens[i].end():tokens[j].start()].strip(" ") == ""

    def name_word(i: int) -> bool:
        w = tokens[i].group(0)
        if _key(w) in NOT_NAME and not _initial(w):
            return False
        return _capitalised(w) or _key(w) in PARTICLES

    while first > 0 and joins(first - 1, first) and name_word(first - 1):
        first -= 1
    while last + 1 < len(tokens) and joins(last, last + 1) and name_word(last + 1):
        last += 1
    while first < last and _key(tokens[first].group(0)) in PARTICLES:
        first += 1
    while last > first and _key(tokens[last].group(0)) in PARTICLES:
        last -= 1
    run = " ".join(tokens[i].group(0) for i in range(first, last + 1)).rstrip(".")
    if run and len(run) <= MAX_LENGTH and len(run.split()) <= MAX_WORDS:
        return run
    return person if len(person) <= MAX_LENGTH else None  # a run too long to be one name


def name_in_answer(text: str, people: list[str]) -> Optional[str]:
    """The name in an answer that may also hold an e-mail, a phone number or a postcode ("Ann
    Smith, ann@example.org"): a part of the answer that is only a name, in the resident's own words;
    else the NER's first PERSON widened to its run of name words; else None."""
    rest = PHONE.sub(",", POSTCODE.sub(",", EMAIL.sub(",", text or "")))
    for part in re.split(r"[,;\n]+", rest):
        own = _own_words(part)
        if is_name(own):
            return own
    for person in people:
        run = _run_around(person, text or "")
        if run:
            return run
    return None


def people_in(latest_message: dict[str, Any]) -> list[str]:
    """The names spaCy found in the message (entity PERSON), in order."""
    return [e.get("value") for e in latest_message.get("entities") or []
            if e.get("entity") == "PERSON" and e.get("value")]
