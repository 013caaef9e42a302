"""A safeguarding disclosure kept out of the letters (hj-06).

A letter or e-mail can be read by the person the resident is afraid of. When a case carries the
"safeguarding" flag, what the letter repeats back ("You told us that ...", "What you would like us to
do") keeps only the housing matter: clauses about the abuse (someone hitting, threatening, scaring or
controlling the resident, coming back, kicking the door in) and about the abuser's whereabouts or
schedule ("while he's at work", "when she goes out", "he works nights") are left out. Staff still see
everything on the case (its text, transcript and desired outcome are stored as written); only the
words sent to the resident are filtered. Sentences are cut at commas, semicolons and "and"/"but"/
"because"; what is left must still say something (two words or more).
"""
from __future__ import annotations

import re

SAFEGUARDING = "safeguarding"

_WHO = (r"(?:he|she|they|him|her|them|my\s+(?:ex(?:-?\s*partner)?|partner|husband|wife|boyfriend|girlfriend|"
        r"son|daughter|dad|father|mum|mother|brother|sister)|(?:the|her|his)\s+ex)")
_HE_IS = r"(?:he|she|they)(?:'s|’s|\s+is|\s+are|'re|\s+gets?|\s+goes?|\s+leaves?|\s+comes?)"
# harm, fear and control, in any person ("hits me", "hits you", "scared of him")
_ABUSE = re.compile(
    r"\b(?:hits?|hitting|beats?|beating|beaten|punch\w*|slap\w*|kick(?:s|ed|ing)?\s+(?:me|you|us|the\s+door|"
    r"(?:my|your|our|the)\s+(?:\w+\s+)?door)|strangl\w*|chok\w*|hurts?\s+(?:me|you|us)|hurting|"
    r"attack\w*|assault\w*|threat\w*|abus\w*|violen\w*|batter\w*|rape\w*|stalk\w*|harass\w*|"
    r"scared|afraid|frightened|terrified|fear\w*|controlling|controls\s+(?:me|you)|coercive|"
    r"checks?\s+(?:my|your)\s+(?:phone|post|letters)|(?:he|she|they)\b[^,;.]{0,25}\b(?:come|coming|came)\s+back|"
    r"kill\w*|injunction|refuge|non-molestation|"
    r"domestic)\b", re.I)
# the abuser's whereabouts or times ("while he's at work", "when she goes out", "he works nights")
_WHEREABOUTS = re.compile(
    r"\b(?:while|whilst|when|whenever|before|after|until|till|once|as\s+soon\s+as)\s+(?:" + _HE_IS + r"|"
    + _WHO + r"(?:'s|\s+is|\s+goes|\s+gets|\s+leaves|\s+comes)?)\s+(?:\w+\s+){0,3}?"
    r"(?:at\s+work|out|away|working|on\s+shift|asleep|home|back|in|gone|not\s+(?:in|home|there|around))\b[^,;.]*", re.I)
_SCHEDULE = re.compile(r"\b" + _WHO + r"\s+(?:works?|working|is\s+at\s+work|'s\s+at\s+work|leaves\s+at|"
                       r"gets\s+(?:home|back)|is\s+(?:out|away|home))\b", re.I)
_CLAUSE = re.compile(r"\s*[,;:]\s*|\s+(?:and|but|because|cos|as)\s+", re.I)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


def flagged(flags) -> bool:
    return SAFEGUARDING in (flags or [])


def _discloses(clause: str) -> bool:
    return bool(_ABUSE.search(clause) or _SCHEDULE.search(clause))


def _sentence(sentence: str) -> str:
    """The sentence without its disclosure clauses; "" when nothing housing is left."""
    s = _WHEREABOUTS.sub("", sentence)
    end = sentence.rstrip()[-1:] if sentence.rstrip()[-1:] in ".!?" else ""
    if not _discloses(s):
        s = re.sub(r"\s+([,;.!?])", r"\1", s).strip(" ,;")
        return sentence if s == sentence.strip() else (s.rstrip(".!?") + end if len(s.split()) >= 2 else "")
    kept = [c.strip(" .!?") for c in _CLAUSE.split(s) if c and c.strip(" .!?") and not _discloses(c)]
    kept = [c for c in kept if len(c.split()) >= 2]
    if not kept:
        return ""
    out = ", ".join(kept) + end
    return out[:1].upper() + out[1:] if sentence[:1].isupper() else out


def without_disclosure(text: str | None) -> str:
    """The words with every clause disclosing abuse or the abuser's whereabouts left out ("" when
    nothing else was said)."""
    sentences = [x.strip() for x in _SENTENCE.split(text or "") if x and x.strip()]
    return " ".join(x for x in map(_sentence, sentences) if x)
