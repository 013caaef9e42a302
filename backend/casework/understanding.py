"""The landlord's understanding of a complaint, in plain words, from what the resident wrote.

Used for the acknowledgement's "What we understand your complaint is about" when staff or the bot
have not given a summary (later letters repeat it). Extractive and deterministic. The resident's words
are turned to the second person ("I" -> "you": 'You told us that ...') only when every sentence kept
is one the swap is sure to get right; otherwise the same sentences are quoted as the resident wrote
them ('You told us: "..."'), never half-swapped. The signs that make a swap unsafe are in _UNSAFE. A
message of up to MAX_WORDS words keeps all its sentences, in order (greetings and sign-offs
dropped); a longer one keeps the sentences that carry the complaint (what went wrong, for how long,
who did what) first, cut at MAX_WORDS. Abuse aimed at staff is never repeated back: swear words and
insults go (the word lists are _SWEARS, _INSULT_WORDS and _INSULT), the facts stay, and a message
with nothing factual left reads "You told us you are unhappy with ..." (the topic's words, if any). A triage note ("Recognised as complaint.") is never a summary: it is refused here.
Staff can always correct the result (PATCH /complaints/{ref}/understanding), which sends a
corrected letter when the first one has gone.
"""
from __future__ import annotations

import re
import unicodedata

MAX_WORDS = 70
TRIAGE_NOTE = re.compile(r"^\s*(recognised|recognized|triaged|classified)\s+as\b", re.I)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_GREETING = re.compile(r"^(hiya|hi|hello|hey|heya|hey up|ey up|dear\s+\w+|good (morning|afternoon|evening)|morning|evening|"
                       r"to whom it may concern|shwmae|shw mae|s'mae|su'mae|sut mae|helo|hylo|bore da|"
                       r"prynhawn da|p'nawn da|noswaith dda)(\s+(there|all|guys|team|pawb))?\b[ ,!.]*", re.I)
_FILLER = re.compile(r"^(thanks?|thank you|cheers|regards|kind regards|diolch|hwyl)\b.*$", re.I)
# Words that mark the sentence carrying the grievance (kept first, in the resident's order).
_CARRIES = re.compile(
    r"\b(not|never|no|still|again|weeks?|months?|days?|years?|broken|leak\w*|damp|mould|repair\w*|"
    r"promised|ignored|rude|late|missed|waiting|wait\w*|complain\w*|unhappy|fed up|disgust\w*|"
    r"charged|fault\w*|failed|didn't|did not|won't|hasn't|haven't|wasn't|nobody|no one)\b", re.I)
_FIRST_PERSON = [
    # residents in a chat often write "i": the pronoun either way (a lone lower-case "i" is nothing else)
    (r"\b[Ii]'m\b", "you're"), (r"\b[Ii]m\b", "you're"), (r"\b[Ii] am\b", "you are"), (r"\b[Ii]'ve\b", "you've"),
    (r"\b[Ii]ve\b", "you've"), (r"\b[Ii] have\b", "you have"), (r"\b[Ii]'d\b", "you'd"), (r"\b[Ii]'ll\b", "you'll"),
    (r"\b[Ii] was\b", "you were"), (r"\b[Ii]\b(?!')", "you"),
    (r"\bmyself\b", "yourself"), (r"\bmy\b", "your"), (r"\bMy\b", "Your"), (r"\bme\b", "you"),
    (r"\bmine\b", "yours"), (r"\bwe're\b", "you're"), (r"\bwe've\b", "you've"), (r"\bour\b", "your"),
    (r"\bOur\b", "Your"), (r"\bus\b", "you"), (r"\bwe\b", "you"), (r"\bWe\b", "You"),
]
# After these, a resident's "you" (the landlord) is the subject: "you still have not" -> "we still have not".
_SUBJECT_NEXT = (r"(still|have|haven't|had|hadn't|did|didn't|do|don't|never|said|promised|were|are|"
                 r"will|won't|can't|cannot|sent|told|keep|kept|left|came|come|just|only|always|should|"
                 r"shouldn't|could|couldn't|need|failed|ignored)")


# Signs that turning a sentence to the second person could garble it or change who is speaking.
# Any one of them and the summary quotes the resident instead.
_UNSAFE = [
    # a leftover opener, an apology, a question or a request: as "You told us that ..." (or swapped)
    # it reads as the landlord's own words ("sorry your English isnt great", "can we come")
    re.compile(r"^\W*(so|sorry|well|ok|okay|right|anyway|basically|honestly|yeah|yes|yep|no(?! one)|nah|oh|um+|erm+|lol|"
               r"look|listen|also|plus|please|why|how|can|could|would|will|is|are|do|does|did|has|fix|sort|ring|"
               r"call|phone|send|get|come|stop|tell|give|pay)\b", re.I),
    re.compile(r"\bsorry\b|\?", re.I),
    # "you" meaning the landlord in plural, dialect or text forms the swap does not know
    re.compile(r"\b(you\s+(lot|all|guys|people|lads|two)|yous|youse|ye|ya|yer|y'?all|u|ur|youre|ure|yourselves)\b", re.I),
    # "you" as a subject before a verb the swap does not know ("told me you would ring me back")
    re.compile(r"(^|[,;:(]\s*|\b(that|and|but|because|cos|coz|cause|if|when|as|since|until|till|so|me|us|him|her|"
               r"them)\s+)you\s+(?!" + _SUBJECT_NEXT + r"\b)", re.I),
    # "me"/"us" as a subject ("me and my husband have", "us lot"), and first-person words in a case
    # the swap leaves alone ("Me", "MY", "ourselves")
    re.compile(r"\b(me|us)\s+(and|n|an|&|lot|two|three|both|all)(\s|$)", re.I),
    re.compile(r"\b(Me|ME|Us|US|MY|Mine|MINE|WE|OUR|Ours|OURS|Myself|MYSELF|[Oo]urselves|OURSELVES)\b|\bI('M|'VE|'LL|'D|M|VE)\b"),
    # "your" standing for "you're" ("your a joke", "your not listening")
    re.compile(r"\byour\s+(a|an|the|not|joking|having|taking|always|never|meant|supposed|going|gonna|lying|"
               r"useless)\b", re.I),
]


def rewrite_is_safe(sentence: str) -> bool:
    return not any(sign.search(sentence) for sign in _UNSAFE)


def is_triage_note(text: str | None) -> bool:
    return bool(text) and bool(TRIAGE_NOTE.match(text))


def second_person(sentence: str) -> str:
    """'I reported my leak and you still have not fixed it' -> 'you reported your leak and we
    still have not fixed it' (landlord words first, into placeholders, so nothing is swapped twice)."""
    s = re.sub(r"\byou've\b", "\x01WEVE\x02", sentence, flags=re.I)
    s = re.sub(r"\byou'(re|ll|d)\b", "\x01WE\x02'\\1", s, flags=re.I)
    s = re.sub(r"\byours\b", "\x01OURS\x02", s, flags=re.I)
    s = re.sub(r"\bYour\b", "\x01OUR_CAP\x02", s)
    s = re.sub(r"\byour\b", "\x01OUR\x02", s, flags=re.I)
    s = re.sub(r"\byou(?=\s+" + _SUBJECT_NEXT + r"\b)", "\x01WE\x02", s, flags=re.I)
    s = re.sub(r"\byou\b", "\x01US\x02", s, flags=re.I)
    for pat, rep in _FIRST_PERSON:
        s = re.sub(pat, rep, s)
    for key, rep in (("WEVE", "we've"), ("OURS", "ours"), ("OUR_CAP", "Our"), ("OUR", "our"),
                     ("WE", "we"), ("US", "us")):
        s = s.replace(f"\x01{key}\x02", rep)
    return s


def _capital(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def _cut(body: str, end: str) -> str:
    tokens = body.split()
    if len(tokens) > MAX_WORDS:
        return " ".join(tokens[:MAX_WORDS]).rstrip(",;:") + " ..."
    body = body.rstrip()
    return body + end if body and body[-1] not in ".!?" else body


def _pictograph(ch: str) -> bool:
    """Emojis and their joiners, skin tones and variation selectors; not £, ° or ©."""
    cat = unicodedata.category(ch)
    return (cat == "So" and ord(ch) >= 0x2190) or cat == "Sk" and ord(ch) >= 0x1F000 \
        or ch in "\u200d\ufe0e\ufe0f\u20e3"


def _shouted(sentence: str) -> bool:
    """Written in capitals: two or more words of capitals and hardly a small letter."""
    letters = [c for c in sentence if c.isalpha()]
    caps = re.findall(r"\b[A-Z]{2,}\b", sentence)
    return len(caps) >= 2 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _calm(sentence: str) -> str:
    """A shouted sentence in ordinary case (a lone "i" back to "I"); a long word in capitals inside
    an ordinary sentence in small letters (initials such as ASB, CCTV stay)."""
    if _shouted(sentence):
        return re.sub(r"\bi\b", "I", _capital(sentence.lower()))
    return re.sub(r"\b[A-Z]{5,}\b", lambda m: m.group(0).lower(), sentence)


# Abuse aimed at staff, in one place (the words are matched whole, case-insensitively). Swear words
# are dropped wherever they stand ("my f***ing boiler" -> "my boiler"), and so are words insulting
# people ("your useless staff" -> "your staff") with the intensifiers beside them; a clause calling
# someone names ("you lot are a joke", "absolute idiots") goes whole. What is left of a clause must
# still say something (a grievance word or a number; or four words or more, beside no name-calling),
# else it goes too; a message with nothing left is summarised by what it is about (_unhappy).
_SWEARS = re.compile(
    r"\b(f+u+c+k+\w*|f[*#@]+\w*|fk+n\w*|fuk\w*|feck\w*|effing|frigg\w*|wtf|sh[i1*]te?|sh[i1*]tty|bullshit|"
    r"crap+y?|bloody|damn(ed)?|bollocks|arse\w*|assholes?|bastard\w*|wank\w*|twat\w*|c[u*]nt\w*|"
    r"dickheads?|pricks?|sodding)\b", re.I)
_INSULT_WORDS = re.compile(r"\b(useless|incompetent|pathetic|lazy|stupid|clueless|hopeless|brainless|worthless|"
                           r"good[- ]for[- ]nothing)\b", re.I)
_INTENSIFIERS = re.compile(r"\b(absolute(ly)?|utter(ly)?|so|such|bunch\s+of|lot\s+of)\s+(?=\W*$)|"
                           r"\b(absolute(ly)?|utter(ly)?)\b", re.I)
_INSULT = re.compile(r"\b(idiots?|morons?|clowns?|muppets?|liars?|scum\w*|(a|an|such\s+a)\s+(\w+\s+){0,2}jokes?|"
                     r"jokers?|(a|an)\s+(\w+\s+){0,2}disgrace|shambles|cowboys?|imbeciles?|wasters?|"
                     r"waste\s+of\s+space|numpt(y|ies)|pillocks?|plonkers?|losers?)\b", re.I)
_CLAUSE = re.compile(r"\s*(?:[,;:]|\s-\s)\s*")
# an insult said of someone ("the repair man you sent was useless", "your staff are so lazy"): taking the
# word out leaves the statement dangling ("... was."), so the part of the clause it stands in goes whole
# (parts split at the conjunctions); so does any part that still ends in a word needing more after it
_PREDICATE_INSULT = re.compile(r"\b(is|was|are|were|am|be|been|being|'s|'re|seems?|seemed|looks?|looked|proved|"
                               r"sounds?|sounded)\s+((so|very|really|totally|completely|absolutely|utterly|just|"
                               r"bloody|f\w*ing|such|a|an|the)\s+)*" + _INSULT_WORDS.pattern[2:-2] + r"\b", re.I)
_PART = re.compile(r"\s+(?:and|but|so|because|cos|as|which|while|whilst|though|although)\s+", re.I)
_DANGLING = re.compile(r"\b(is|was|are|were|am|be|been|being|seems?|seemed|looks?|looked|so|very|really|totally|"
                       r"completely|a|an|the|and|but|or|of|to|my|your|our|their|his|her|its|with|by|for)\W*$", re.I)
_FACT = re.compile(_CARRIES.pattern + r"|\d", re.I)


def _without_predicate_insults(clause: str) -> str:
    """The clause without each part (between conjunctions, _PART) that says someone is useless, lazy, ..."""
    m = _PREDICATE_INSULT.search(clause)
    while m:
        before = [b for b in _PART.finditer(clause, 0, m.start())]
        after = _PART.search(clause, m.end())
        start = before[-1].start() if before else 0
        end = after.start() if after and before else (after.end() if after else len(clause))
        clause = clause[:start] + clause[end:]
        m = _PREDICATE_INSULT.search(clause)
    return clause


def _neutral(sentence: str) -> str:
    """The sentence without abuse aimed at staff: "" when nothing of substance is left. A calm sentence
    is returned as it was."""
    if not (_SWEARS.search(sentence) or _INSULT.search(sentence) or _INSULT_WORDS.search(sentence)):
        return sentence
    kept = []
    clauses = _CLAUSE.split(sentence)
    name_calling = any(_INSULT.search(c) for c in clauses)  # then the rest must state a fact
    for clause in clauses:
        if _INSULT.search(clause):
            continue
        clause = _without_predicate_insults(clause)
        plain = _INTENSIFIERS.sub("", _INSULT_WORDS.sub("", _SWEARS.sub("", clause)))
        plain = re.sub(r"\b(a|an|the)\s+(?=[.!?]?$)", "", " ".join(plain.split()), flags=re.I)
        plain = re.sub(r"\s+([.!?])", r"\1", plain).strip(" .!?")
        if plain and not _DANGLING.search(plain) and (_FACT.search(plain) or (len(plain.split()) >= 4 and not name_calling)):
            kept.append(plain)
    if not kept:
        return ""
    end = sentence.rstrip()[-1:] if sentence.rstrip()[-1:] in ".!?" else ""
    out = ", ".join(kept) + end
    return _capital(out) if sentence[:1].isupper() else out


def _unhappy(topic: str | None) -> str:
    """The understanding when nothing factual is left once the abuse is taken out."""
    from .taxonomy import TOPIC_WORDS

    words = TOPIC_WORDS.get(topic or "") if topic and topic != "other" else None
    return (f"You told us you are unhappy with how we have dealt with {words}." if words
            else "You told us you are unhappy with the service we have given you.")


def neutral_summary() -> str:
    """The understanding when all the resident wrote is left out of letters (a safeguarding
    disclosure, hj-06): a neutral line about their home."""
    return "You told us about a problem with your home that you want us to put right."


# The resident introducing themselves or giving their contact details ("my name is Peter Grant and
# my email is ...", "I'm Gareth", "you can ring me on ...", an e-mail or phone number alone): the letter
# already goes to them by name, so these clauses are left out of the summary (a sentence with nothing
# else goes whole). One rule set: a clause starting with _INTRO, a clause that is only contact details,
# or, beside either, a clause of one to three capitalised words (the name: "I'm his son, Gareth, ...").
_CONTACT = r"(?:[\w.+'-]+@[\w-]+(?:\.[\w-]+)+|\+?\d[\d ()-]{8,}\d)"
_INTRO = re.compile(
    r"^(?:and\s+|also\s+)?(?:my (?:full |first |sur)?name(?:'s| is)\b|i'?m called\b|i am called\b|"
    r"(?:i'?m|i am|this is|it's|it is) (?-i:(?!I\b)[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2})(?:\s+here)?\W*$|"
    r"(?:my|our) (?:e-?mail(?: address)?|(?:mobile|phone|contact|telephone)(?: number)?|number|tel)(?:'s| is|:)|"
    r"(?:you can|please) (?:reach|contact|email|e-mail|call|ring|text) (?:me|us)\b|"
    r"(?:call|ring|text|email|e-mail) (?:me|us) (?:on|at)\b)", re.I)
_ONLY_CONTACT = re.compile(rf"^\W*(?:(?:e-?mail|phone|mobile|tel)\W*)?{_CONTACT}\W*$", re.I)
_NAME_ONLY = re.compile(r"^[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}\W*$")
# who the writer is to the resident, said beside the introduction ("I'm Sarah, her daughter, ...")
_RELATION_ONLY = re.compile(
    r"^(?:i'?m |i am )?(?:his|her|their|the resident'?s|the tenant'?s) (?:eldest |youngest |)"
    r"(?:son|daughter|child|grandson|granddaughter|grandchild|niece|nephew|brother|sister|husband|wife|partner|"
    r"mum|mother|dad|father|carer|support worker|social worker|advocate|friend|neighbour|next of kin)\W*$", re.I)
_CLAUSE_BREAK = re.compile(r"(,\s*|\s+and\s+(?=(?:my|our|you can|please|call|ring|text|e-?mail)\b))", re.I)


def _without_introduction(sentence: str) -> str:
    """The sentence without the clauses in which the resident introduces themselves or gives their
    contact details; "" when nothing else is in it. A sentence with none is returned as it was."""
    parts = _CLAUSE_BREAK.split(sentence)
    clauses, seps = parts[0::2], parts[1::2]
    intro = [bool(_INTRO.search(c.strip()) or _ONLY_CONTACT.match(c.strip())) for c in clauses]
    if not any(intro):
        return sentence
    dropped = [i or bool(_NAME_ONLY.match(c.strip()) or _RELATION_ONLY.match(c.strip())) for c, i in zip(clauses, intro)]
    kept = [c.strip() for c, d in zip(clauses, dropped) if not d and c.strip()]
    if not kept:
        return ""
    end = sentence.rstrip()[-1:] if sentence.rstrip()[-1:] in ".!?" else ""
    out = ", ".join(kept).rstrip(" ,;:.!?") + end
    return _capital(out) if sentence[:1].isupper() else out


def summarise(text: str | None, topic: str | None = None) -> str:
    # what the resident wrote, without emojis or shouting ("!!!" is one "!"): the words are kept
    text = "".join(ch for ch in (text or "") if not _pictograph(ch))
    text = re.sub(r"([!?])[!?]+", r"\1", text)
    text = re.sub(r"[ \t]+([.,!?;:])", r"\1", text)  # where an emoji stood before the full stop
    words = " ".join(text.split())
    if not words:
        return ""
    sentences = [x.strip() for x in _SENTENCE.split(text) if x and x.strip()]
    shouted = any(_shouted(x) for x in sentences)
    sentences = [" ".join(_calm(x).split()) for x in sentences]
    sentences = [_GREETING.sub("", x).strip() for x in sentences]
    sentences = [x for x in sentences if x and not _FILLER.match(x)]
    sentences = [x for x in map(_without_introduction, sentences) if x]
    if not sentences:
        return ""
    neutral = [_neutral(x) for x in sentences]  # abuse aimed at staff out, the facts kept
    if not any(neutral):
        return _unhappy(topic)
    sentences = [x for x in neutral if x]
    if sum(len(x.split()) for x in sentences) <= MAX_WORDS:
        chosen = list(range(len(sentences)))  # short enough: every sentence, in order (none is judged)
    else:  # long: the sentences that carry the grievance first, in the resident's order
        chosen = [i for i, x in enumerate(sentences) if _CARRIES.search(x)] or [0, 1][:len(sentences)]
    kept: list[int] = []
    count = 0
    for i in chosen:
        n = len(sentences[i].split())
        if kept and count + n > MAX_WORDS:
            break
        kept.append(i)
        count += n
    if shouted or not all(rewrite_is_safe(sentences[i]) for i in kept):
        # the resident's own words, marked as theirs; "..." where a sentence between was left out
        body = sentences[kept[0]]
        for before, i in zip(kept, kept[1:]):
            body += (" " if i == before + 1 else " ... ") + sentences[i]
        body = _cut(body.replace('"', "'"), "")
        return f'You told us: "{body}"'
    # each sentence after the first starts with a capital ("you reported" -> "You reported")
    body = " ".join(_capital(second_person(sentences[i])) if n else second_person(sentences[i])
                    for n, i in enumerate(kept)).replace("!", ".")  # the landlord does not exclaim
    body = _cut(body, ".")
    first = body[0].lower() + body[1:] if body[:2] != "I " else body
    return f"You told us that {first}"
