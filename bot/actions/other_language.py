"""Is a message written mainly in a language that is neither English nor Welsh? Pure, no I/O.

The triage model reads English only: on a Polish report of mould with a small child it guesses a
category and replies in English. Such a message goes to a person for translation (action_triage),
as a Welsh one does (actions/language.py).

The measure is general, not a list per language: the share of the message's words that are English
words. A word is English when it is in ENGLISH (the little words every English sentence is built
from, common verbs, the words residents use for their homes, text-speak and dialect: "u", "pls",
"wor", "bairn", "cannae"), or is such a word with an English ending ("leaking", "radiators",
"tenant's"), or, five letters or more, is one letter away from one ("boilr", "brokn"). A word with
letters outside English (ł, ś, ñ, ã, ş, ț...) is never English. A message is in another language
when it has at least MIN_WORDS words, fewer than ENGLISH_SHARE of them are English, and it is not
Welsh. A message mainly in a non-Latin script (Arabic, Urdu, Cyrillic, Bengali...) is too.
An English message with a foreign greeting or name ("Dzień dobry, my boiler is broken") has English
words enough; short messages ("merci", "ok ta") are too short to tell and stay with the triage.

The language is guessed for staff from its little words and letters (LITTLE_WORDS, LETTERS). When
none fits it is "another language", and then the message must be longer (UNNAMED_MIN_WORDS) with
fewer English words still (UNNAMED_ENGLISH_SHARE): terse English ("Key fob snapped, need
replacement") has few listed words but no sign of another language. Words for a hazard or a baby or
child (URGENT_WORDS) make it urgent for staff. Measured over every labelled text in bench/**/*.tsv
(all English or Welsh): fires on none (tests/bot/test_other_language.py)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from actions.language import read_welsh

MIN_WORDS = 4
ENGLISH_SHARE = 0.35       # with a sign of the language: its little words or letters (guess_language)
UNNAMED_MIN_WORDS = 6      # without one (Swahili, Albanian...): longer, and fewer English words still
UNNAMED_ENGLISH_SHARE = 0.2

ENGLISH = frozenset("""
    a an the this that these those there here it its it's i i'm im i've ive i'd id i'll ill me my mine myself
    we we're we've us our ours you you're youre you've your yours u ur he him his she her hers they them their
    theirs who whom whose what which when where why how all any some no none not nor nothing anything something
    everything every each both either neither one two three four five six seven eight nine ten first second
    last next other another same such own more most much many few less least very too so than then also just
    only even still yet again ever never always often sometimes now today tonight tomorrow yesterday week weeks
    month months year years day days night morning afternoon evening time times ago since until till before after
    and or but if because cos cuz coz as of to in into on onto at by for from with without about over under up
    down out off through around between against during above below near inside outside behind upstairs
    downstairs is am are was were be been being do does did done doing don't dont doesn't doesnt didn't didnt
    have has had having haven't havent hasn't hasnt can can't cant cannot could couldn't couldnt will won't wont
    would wouldn't wouldnt shall should shouldn't may might must need needs needed isn't isnt aren't arent
    wasn't wasnt weren't werent get gets got getting go goes going gone went come comes coming came make made
    making take took taken give gave given say said tell told ask asked call called phone phoned ring rang
    rung email emailed text texted write wrote written see seen saw look looked know knew known think thought
    want wanted like liked feel felt keep kept let put leave left help helped try tried use used work worked
    working fix fixed fixing sort sorted report reported send sent wait waited waiting live lived living stay
    move moved pay paid open close closed turn start stop stopped happen happened please thanks thank ta cheers
    hi hello hey dear sir madam yes yeah yep ok okay sorry well good bad great better worse best worst new old
    big small little long short high low hot cold warm wet dry dark full empty broken broke leak leaks leaking
    damp mould mold mouldy black water boiler heating heater radiator rads gas electric electrics electricity
    power light lights lift stairs door doors window windows roof ceiling wall walls floor floors room rooms
    bedroom bathroom kitchen toilet loo shower bath sink tap taps pipe pipes drain drains sewage smell smells
    rubbish bins bin garden fence flat flats house home property building block estate street road repair
    repairs job jobs engineer contractor contractors plumber landlord council housing association office
    officer staff manager team complaint complaints complain service request rent tenant tenants tenancy
    neighbour neighbours noise asb anti social problem problems issue issues damage damaged safe unsafe danger
    dangerous fire alarm smoke carbon monoxide child children kids kid baby babies son daughter wife husband
    partner mum mam dad mother father family people person man woman lady nobody anybody somebody someone
    anyone everyone everybody health ill sick poorly asthma cough doctor gp hospital disabled disability
    appointment visit visited visits case reference number name address postcode date letter letters form
    stage response reply answered answer still same far back away really quite about around because though
    although while whilst whether ok na nah aye wee bairn bairns canny howay wor hinny pet lass lad ken dinnae
    cannae willnae didnae isnae wasnae gonna wanna gotta innit ya yer yous youse pls plz thx tho wat wot
    luv mate gov n r y k lol omg asap idk tbh btw etc eg ie mr mrs ms dr st rd
    teh hte adn nd wiht thier recieve recieved becuase beacuse alot untill wich
    key keys fob lock locks line post snap wash clean cleaner cleaning clear store storage shed garage parking
    car communal hall hallway landing corridor entrance caretaker waste collect collection bulky handle
    replace replacement dead quick quickly slow love lovely brilliant thanks rude late early lot lots thing
    things bit ages weeks anyone nothing bloody flipping rubbish mess pest pests mice rats bugs insects
""".split())
# an English ending on an English word: "leaking", "radiators", "tenant's", "neighbours'"
_ENDINGS = ("'s", "s'", "s", "es", "ed", "d", "ing", "in", "er", "ers", "ly", "y", "ies", "ied", "ment", "ness")
_FOREIGN_LETTER = re.compile(r"[^\x00-\x7f’‘ŵŷâêîôû]")  # ŵ ŷ and the Welsh circumflex are Welsh, not foreign
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_NON_LATIN = re.compile(r"[\u0370-\u03FF\u0400-\u04FF\u0530-\u058F\u0590-\u05FF\u0600-\u06FF\u0750-\u077F"
                        r"\u0900-\u0DFF\u0E00-\u0E7F\u10A0-\u10FF\u1200-\u137F\u3040-\u30FF\u4E00-\u9FFF\uAC00-\uD7AF]")
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF\u0750-\u077F]")

# The language guessed for staff: its little words (none of them English words) and its own letters.
LITTLE_WORDS = {
    "French": "le la les des du une est et dans avec pour mais nous vous ils elle sont pas très mon ma mes chez "
              "depuis qui que il ce cette beaucoup bonjour",
    "Spanish": "el los las del una es está y en con para pero ellos ella son muy mi mis desde que hay tiene hola",
    "Portuguese": "os das dos uma é está e em com para mas nós eles ela são muito meu minha desde tem há não olá",
    "Polish": "jest są w z na się nie że mam mamy mój moja moje jak od już bardzo tak ale dla przez czy dzień "
              "dobry proszę",
    "Romanian": "este sunt și si în cu pentru dar noi ei ea foarte meu mea de la din că nu avem bună buna ziua",
    "Somali": "waa waxaa ku ka iyo oo ayaa ma aan uu ay waxay salaan guriga",
    "Urdu (Latin script)": "hai hain mein mera meri mere ghar aur nahi nahin ka ki ke se ko bhi kya assalam",
    "Turkish": "bir ve çok var yok ile bu için ama evde merhaba",
    "Italian": "il di che è c'è per non sono della nel una ho buongiorno ciao grazie",
    "German": "ich ist und nicht der die das mit ein eine wir sie es haben guten",
    "Lithuanian": "yra ir aš mano su kad labai namuose laba diena turiu",
}
LITTLE_WORDS = {name: frozenset(words.split()) for name, words in LITTLE_WORDS.items()}
LETTERS = {"Polish": "łąęśźżń", "Romanian": "șțăşţ", "Turkish": "ğış", "Spanish": "ñ¿¡", "Portuguese": "ãõç",
           "Czech or Slovak": "řěůťď", "Lithuanian": "ėųūįą", "Hungarian": "őű", "German": "ß"}

# Urgent for staff: a hazard (mould, damp, cold, gas, fire, leak) or a baby or child, in other languages.
URGENT_WORDS = re.compile(r"(?:"
    r"moisissure|humidit|champignon|froid|gaz|feu|fuite|b[ée]b[ée]|enfant|"          # French
    r"moho|humedad|fr[ií]o|fuego|beb[ée]|niñ[oa]|hij[oa]|"                            # Spanish
    r"mofo|bolor|umidade|vazamento|beb[êe]|crian[çc]a|"                                  # Portuguese
    r"ple[śs][ńn]|wilgo[ćc]|grzyb|zimno|po[żz]ar|przecie|dzieck|dzieci|niemowl|"  # Polish
    r"mucegai|umezeal|igrasi|frig|copil|bebelu|"                                       # Romanian
    r"caaryaan|qoyaan|ilmo|ilmah|cunug|"                                               # Somali
    r"\bbacha|\bbachay|\bbachon|seelan|seelaan|thand|"                                # Urdu in Latin script
    r"küf|nem\b|çocu[ğg]|bebek|"                                                       # Turkish
    r"schimmel|feucht|\bkind\b|kinder|muff[ae]|umidit|bambin|neonat|"                # German, Italian
    r"plís[eň]|vlhk|dít[ěe]|miminko|pelės|drėgm|vaik|kūdik|ukungu|mtoto|watoto|"       # Czech, Lithuanian, Swahili
    r"плесен|сырост|ребен|ребён|дитин|цвіль|"                                          # Russian, Ukrainian
    r"[\u0600-\u06FF]*(?:عفن|رطوبة|طفل|رضيع|بچ|سیلن))\w*", re.IGNORECASE)


@dataclass(frozen=True)
class OtherLanguage:
    language: str         # "Polish", ..., "Arabic script", "non-Latin script" or "another language"
    urgent_words: tuple   # the words that make it urgent for staff (hazards, a baby or child)
    words: int = 0
    english_words: int = 0


def is_english_word(word: str, fuzzy: bool = True) -> bool:
    """An English word (see the module docstring); word in lower case."""
    if _FOREIGN_LETTER.search(word):
        return False
    word = word.replace("’", "'")
    if word in ENGLISH:
        return True
    for ending in _ENDINGS:
        stem = word[:-len(ending)]
        if word.endswith(ending) and len(stem) >= 2 and (stem in ENGLISH or stem + "e" in ENGLISH
                                                         or (ending.startswith("i") and stem + "y" in ENGLISH)
                                                         or (len(stem) > 2 and stem[-1] == stem[-2]
                                                             and stem[:-1] in ENGLISH)):
            return True
    return fuzzy and len(word) >= 5 and any(_one_apart(word, known) for key in _deletions(word)
                                            for known in _NEAR.get(key, ()))


def _deletions(word: str) -> set:
    return {word} | {word[:i] + word[i + 1:] for i in range(len(word))}


_NEAR: dict = {}
for _known in (w for w in ENGLISH if len(w) >= 4 and "'" not in w):
    for _key in _deletions(_known):
        _NEAR.setdefault(_key, []).append(_known)


def _one_apart(a: str, b: str) -> bool:
    """One letter added, dropped, changed, or two next to each other swapped."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return a == b
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:] or (a[i + 2:] == b[i + 2:] and a[i:i + 2] == b[i:i + 2][::-1])
    return a[i + 1:] == b[i:] if len(a) > len(b) else a[i:] == b[i + 1:]


def guess_language(text: str, words: list) -> tuple:
    """The likeliest language for staff, from its letters and little words, and its score (how many
    little words, two for each of its letters); ("another language", 0) if none."""
    scores = {name: sum(1 for w in words if w in vocab) for name, vocab in LITTLE_WORDS.items()}
    for name, letters in LETTERS.items():
        scores[name] = scores.get(name, 0) + 2 * sum(1 for c in text.lower() if c in letters)
    name, score = max(scores.items(), key=lambda item: item[1])
    return (name, score) if score >= 2 else ("another language", 0)


def other_language(text: str) -> Optional[OtherLanguage]:
    """The language of a message written mainly in a language neither English nor Welsh, or None."""
    t = (text or "").replace("’", "'")
    letters = [c for c in t if c.isalpha()]
    if letters and sum(1 for c in letters if _NON_LATIN.match(c)) >= len(letters) / 2:
        script = "Arabic script" if _ARABIC_SCRIPT.search(t) else "non-Latin script"
        return OtherLanguage(script, _urgent(t), len(t.split()), 0)
    words = [w.lower() for w in _WORD.findall(t)]
    if len(words) < MIN_WORDS:
        return None
    english = sum(1 for w in words if is_english_word(w, fuzzy=False))
    if english >= ENGLISH_SHARE * len(words):  # most messages stop here, before the slower checks
        return None
    english += sum(1 for w in words if not is_english_word(w, fuzzy=False) and is_english_word(w))
    language, score = guess_language(t, words)
    if english >= ENGLISH_SHARE * len(words) or language == "another language" and (
            len(words) < UNNAMED_MIN_WORDS or english >= UNNAMED_ENGLISH_SHARE * len(words)):
        return None
    welsh = read_welsh(t)
    if welsh.is_welsh or welsh.welsh_words >= 2 and welsh.welsh_words >= score:
        return None  # Welsh (its own route), or short Welsh the Welsh reader could not be sure of
    return OtherLanguage(language, _urgent(t), len(words), english)


def _urgent(text: str) -> tuple:
    return tuple(m.group(0) for m in URGENT_WORDS.finditer(text))
