"""Flags any message can carry (safeguarding, emergency, group, third_party) and the names a
compliment is routed to. Small lexicons, not decisions: they never change a category.

Each lexicon is tested with examples and near misses in tests/bot/test_triage_flags.py.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from actions.hazard_recognition import without_false_alarms
from actions.past_events import current
from actions.triage.security import SECURITY, not_the_home

_F = re.IGNORECASE


def _rx(*parts: str) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in parts), _F)


@lru_cache(maxsize=512)
def normalise(text: str) -> str:
    """Lower case, straight quotes, a few text-speak spellings, single spaces."""
    t = (text or "").replace("\u2019", "'").replace("\u2018", "'").lower()
    for pattern, repl in ((r"\bu\b", "you"), (r"\bur\b", "your"), (r"\bcant\b", "can't"), (r"\bdont\b", "don't"),
                          (r"\bim\b", "i'm"), (r"\bive\b", "i've"), (r"\bno-?1\b|\bnoone\b|\bno-one\b", "no one")):
        t = re.sub(pattern, repl, t)
    return re.sub(r"\s+", " ", t).strip()


# --- safeguarding: a risk to someone's safety (any category) --------------------------------
# a risk to the resident's own life: the safety reply gives the Samaritans for it
_SELF_HARM = (
    r"\b(?:kill|hurt|harm|hang|cut) (?:myself|my ?self)\b",
    r"\bsuicid\w*", r"\bself[- ]?harm\w*", r"\bend(?:ing|s)? (?:it all|my (?:own )?life)\b",
    r"\bend(?:ing)? my life\b", r"\btake my (?:own )?life\b", r"\boverdose\b",
    r"\b(?:don't|do not|dont) want to (?:live|be here|be alive|go on)\b", r"\bno reason to live\b",
    r"\bbetter off dead\b", r"\bcan't go on\b",
)
SELF_HARM = _rx(*_SELF_HARM)
# a threat to someone's life from another person: "my ex said he'll kill me if I report it",
# "threatened to stab us", "I fear for my life" (no complaint is offered next: triage_action.py)
_THREAT_TO_LIFE = (
    r"\b(?:he|she|they|he's|she's|they're)(?:'ll| will|'s going to| is going to|'re going to| are going to|'s gonna|"
    r" is gonna| gonna|'d| would| wants to| want to) (?:kill|murder|stab|shoot|strangle) (?:me|us|my)\b",
    r"\bthreat\w* (?:to )?(?:kill|murder|stab|shoot|strangle)\b",
    r"\bthreat\w* (?:to )?[^.!?]{0,30}\b(?:kill|murder|stab|shoot|strangle) (?:me|us|my)\b",
    r"\b(?:fear(?:ing)?|afraid|scared|frightened|terrified) for my life\b",
)
THREAT_TO_LIFE = _rx(*_THREAT_TO_LIFE)
# who: a partner or ex-partner, a family member (domestic abuse is abuse by one of them)
_PARTNER = (r"(?:ex(?:[- ]?(?:partner|husband|wife|boyfriend|girlfriend|bf|gf))?|partner|husband|wife|"
            r"boyfriend|girlfriend|bf|gf|other half)")
_FAMILY = (r"(?:son|daughter|dad|father|step-?dad|step-?father|mum|mom|mother|step-?mum|step-?mother|brother|"
           r"sister|uncle|aunt|auntie|cousin|nephew|niece|grandson|granddaughter|in-laws?|\w+-in-law|"
           r"family|relatives?)")
_KIN = rf"(?:{_PARTNER}|{_FAMILY})"
# words between "my son" and what he did that name someone else doing it ("my son said the lads hit him")
_OTHER_ACTOR = (r"(?!(?:neighbou?r\w*|youths?|gangs?|tenants?|lads?|boys?|men|man|woman|guy|bloke|someone|somebody|"
                r"strangers?|by|they|police|friends?|mates?|kids|teachers?|people)\b)")
# a partner, an ex or a relative hitting, beating, choking... a person, in any tense: "my partner is
# hitting me", "my son hits me", "my husband has been hitting me", "my ex choked me"; not a thing or
# themselves ("my son hit his head", "my dad kicked the boiler", "my partner is hitting the roof")
_ASSAULT = (r"(?:hit|hits|hitting|beat|beats|beating|batter(?:s|ed|ing)?|punch(?:es|ed|ing)?|kick(?:s|ed|ing)?|"
            r"slap(?:s|ped|ping)?|strangl(?:e|es|ed|ing)|chok(?:e|es|ed|ing)|throttl(?:e|es|ed|ing)|"
            r"attack(?:s|ed|ing)?|assault(?:s|ed|ing)?|stab(?:s|bed|bing)?|rap(?:e|es|ed|ing)|abus(?:e|es|ed|ing))")
_PERSON = (r"(?:me|us|my (?:son|daughter|kids?|child|children|baby|mum|dad|partner|wife|husband|brother|sister)|"
           r"(?:him|her|them)(?=$|[ ,.!?;]*(?:$|[,.!?;]|and |up|again|every|when|because|so |till|until|in front)))")
_KIN_HARMS = rf"\bmy {_KIN}\b(?: {_OTHER_ACTOR}[\w']+){{0,4}}? {_ASSAULT} {_PERSON}\b(?! (?:out|off)\b)"
SAFEGUARDING = _rx(
    *_SELF_HARM, *_THREAT_TO_LIFE,
    r"\bthreat\w* (?:to )?(?:kill|hurt|stab|attack|beat|harm|burn|smash my face)\b",
    r"\bthreat\w* (?:me|us|my (?:kids|children|son|daughter|family|wife|husband|partner|mum|dad))\b",
    r"\b(?:attacked|assaulted|punched|stabbed|hit|beat|beaten|strangled|kicked) (?:me|us|my (?:son|daughter|kids|child|children|partner|mum|dad|wife|husband))\b",
    r"\b(?:knife|machete|gun|weapon)\b",
    r"\bdomestic (?:abuse|violence)\b", r"\bcoercive control\b",
    r"\bmy (?:partner|ex|husband|wife|boyfriend|girlfriend|ex-partner|ex partner) (?:hits|beats|has hit|attacked|is stalking|threatens|has threatened)\b",
    _KIN_HARMS,
    r"\bstalk(?:ing|ed|er)\b", r"\bfeel (?:unsafe|scared for my life)\b", r"\bafraid for my (?:life|safety)\b",
    r"\bfear(?:ing)? for my (?:life|safety)\b",
    r"\b(?:child|children|kids?|baby|vulnerable adult|elderly (?:man|woman|neighbour|person)) (?:is |are )?(?:at risk|in danger|being abused|being neglected|left alone)\b",
    r"\b(?:child|elder|financial|sexual) abuse\b", r"\bneglect(?:ed|ing)?\b",
    r"\bcuckoo\w*\b", r"\bbeing exploited\b", r"\bnot been seen for days\b",
)
# A partner or ex-partner (domestic abuse), someone the resident fears returning, coercive control.
_CONTROLLER = rf"(?:\b(?:he|she)|\bmy {_PARTNER})"
_FEARED = r"(?:scared|afraid|frightened|terrified|petrified|fear(?:ful)?|in fear)"
DOMESTIC = _rx(
    # what a partner or ex did to the home: "my ex ... kicked the door in", "my partner smashed the windows"
    rf"\bmy {_PARTNER}\b[^.!?]{{0,80}}?\b(?:kick\w* (?:in |down )?(?:the |my )?(?:front |back |flat |bedroom )?doors?(?: in| down)?"
    r"|broke (?:in|into|down)|forced (?:his|her|their) way|smash\w* (?:up )?(?:the |my )?(?:windows?|doors?|place|flat|house|phone)"
    r"|keeps? (?:coming round|turning up|following me)|won't leave (?:me|us) alone|(?:is|was|gets|got|has been) (?:violent|abusive))",
    rf"\b(?:violent|abusive|controlling) (?:{_PARTNER}|relationship)\b",
    # fear of someone coming back: "scared he'll come back tonight", "afraid she will find us", "scared of him"
    rf"\b{_FEARED} (?:that )?(?:he|she|my {_PARTNER})(?:'ll| will| is going to|'s going to| is gonna|'s gonna| might| may| could)"
    r" (?:come back|come round|return|find (?:me|us|out)|turn up|kill|hurt|hit|attack|get (?:in|me|us)|break in|do something)",
    rf"\b{_FEARED} (?:of )?(?:him|my {_PARTNER}\b|her(?=$|[ ,.!?;]*(?:$|[.,!?;]|and |coming|returning|finding|so |because)))",
    rf"\b{_FEARED} (?:to go home|in my own home|to be at home|to stay here)\b",
    # coercive control: checking the phone, keeping the money, not letting them out
    rf"{_CONTROLLER} (?:always |constantly |still |even )?(?:checks|goes through|reads|tracks|monitors)"
    r" (?:all )?(?:my|our) (?:phone|mobile|messages|texts|calls|phone calls|location|bank\w*)\b(?! for me)",
    rf"{_CONTROLLER} (?:always |still |even )?(?:controls|takes|took|keeps|smashed|broke)"
    r" (?:all )?(?:my|our) (?:money|bank\w*|cards?|benefits|wages|passport|phone|mobile)\b(?! (?:calls|bill|number|for me))",
    rf"(?:{_CONTROLLER}|\bmy {_FAMILY}) (?:always |still |even )?(?:controls|has control of|took control of|takes control of)"
    r" (?:all )?(?:my|our) (?:money|bank\w*|cards?|benefits|wages|pension|finances)\b",
    rf"(?:{_CONTROLLER}|\bmy {_FAMILY}) (?:won't|will not|doesn't|does not|never) let(?:s)? me (?:go out|leave|out|see|talk to|speak to|have (?:any )?money|use (?:the|my) phone)\b",
    r"\b(?:i'm|i am) not allowed (?:to )?(?:go out|leave the house|see my (?:family|friends|mum|dad)|have (?:any )?money)\b",
)
# a threat with words between, from anyone: "threatened to come back and hurt me"
_THREAT_BETWEEN = _rx(r"\bthreat\w* (?:to )?[^.!?]{0,30}\b(?:kill|hurt|stab|attack|beat|harm|burn) (?:me|us|my)\b")
# what makes a disclosure domestic abuse beside DOMESTIC: the words, or a partner or ex-partner named
_DOMESTIC_NAMED = _rx(r"\bdomestic (?:abuse|violence)\b", r"\bcoercive control\b",
                      rf"\bmy {_PARTNER}\b", r"\bex[- ]?(?:partner|husband|wife|boyfriend|girlfriend)\b")
# not a person's harm: a threat of eviction, a thing that hit someone ("the door hit me when the hinge
# broke", "a tile came off and hit my son"), "beat me to it"
_THING = (r"(?:(?:front |back |bedroom |kitchen |bathroom |cupboard |wardrobe |lift |fire |loose |broken |heavy |"
          r"garden |communal |shower |oven |window )?(?:door|window|gate|cupboard|wardrobe|ceiling|plaster|tile|brick|"
          r"branch|pipe|radiator|shelf|lid|panel|light|fitting|frame|board|slab|glass|fence|bin|ball|handle|"
          r"hinge|unit|boiler|lift|ladder|rail|blind|fan|debris)s?)")
_SAFEGUARDING_NOT = _rx(r"\bthreat\w* (?:me |us )?(?:with )?(?:eviction|legal action|court|to evict|to take)",
                        rf"\b(?:the|a|an|our|my|that|this|some) {_THING} (?:(?:fell|came|swung|slammed|flew|blew|broke|"
                        r"dropped|gave way)(?: (?:off|down|open|shut|in|out|away))? and )?(?:hit|hits|struck|knocked)\b",
                        r"\bbeat (?:me|us) to (?:it|the)\b")


def _safety_text(text: str) -> str:
    return _SAFEGUARDING_NOT.sub(" ", normalise(text))


def has_safeguarding(text: str) -> bool:
    t = _safety_text(text)
    return bool(SAFEGUARDING.search(t) or DOMESTIC.search(t) or _THREAT_BETWEEN.search(t))


# who is harmed and who does the harm. Domestic abuse is abuse BY a partner, an ex-partner or a family
# member; a partner or relative named only as the one harmed ("my partner was attacked by the
# neighbour's son", "youths threatened my husband") does not make a neighbour's abuse domestic.
_HARM = (r"(?:hit|hits|hitting|beat|beats|beating|beaten|punch\w*|kick\w*|attack\w*|hurt\w*|abus\w*|threat\w*|"
         r"control\w*|chok\w*|strangl\w*|push\w*|slap\w*|smash\w*|broke|assault\w*|rape\w*|stalk\w*|stabb?\w*|"
         r"kill\w*|harass\w*|bull(?:y|ied|ies|ying)|intimidat\w*|shout\w* at|swor?e at|spat at|spit\w* at)")
# ...and as the one harmed: "my partner was attacked by", "my wife is being threatened", "the neighbour
# threatened my husband", "threatened to kill me and my wife" (group "who": the words replaced)
_HARMED = (r"(?:hit|beaten|beat|punched|kicked|attacked|hurt|abused|threatened|choked|strangled|pushed|slapped|"
           r"assaulted|raped|stalked|stabbed|killed|harassed|bullied|intimidated|shouted at|sworn at|spat at|"
           r"battered|mugged|robbed|knocked down|beaten up|set upon|glassed)")
_VICTIM = _rx(rf"\b(?P<who>my {_KIN})\b(?: [\w']+){{0,3}}? (?:was|is|were|are|been|being|got|gets|get|getting)"
              rf"(?: [\w']+){{0,2}}? {_HARMED}\b",
              rf"\b{_HARM} (?:[\w']+ ){{0,3}}?(?:(?:me|us|him|her) and )?(?P<who2>my {_KIN})\b")


def _without_victims(t: str) -> str:
    """The text with each partner or relative named as the one harmed replaced by 'someone'."""
    def one(m: re.Match) -> str:
        g = "who" if m.group("who") else "who2"
        return m.group(0)[:m.start(g) - m.start()] + "someone" + m.group(0)[m.end(g) - m.start():]
    return _VICTIM.sub(one, t)


# a partner, ex or relative doing it: "my boyfriend beats me", "my ex ... kicked the door in", "my son
# threatens me"; not across someone else doing it ("my partner said the neighbour attacked me")
_PARTNER_ACTS = _rx(rf"\bmy {_PARTNER}\b(?: {_OTHER_ACTOR}[\w']+){{0,8}}? {_HARM}\b",
                    rf"\bmy {_FAMILY}\b(?: {_OTHER_ACTOR}[\w']+){{0,6}}? {_HARM} (?:me|us|my|someone)\b")
# the words themselves say it is domestic abuse
_DOMESTIC_WORDS = _rx(r"\bdomestic (?:abuse|violence)\b", r"\bcoercive control\b",
                      rf"\b(?:violent|abusive|controlling) (?:{_PARTNER}|relationship)\b")
_OUTSIDER = _rx(r"\bneighbou?rs?\b", r"\bneighbou?r's\b", r"\bnext door\b", r"\b(?:up|down)stairs\b",
                r"\bflat (?:above|below|opposite)\b", r"\byouths?\b", r"\bgangs?\b", r"\bnew tenants?\b",
                r"\bdoors? (?:down|along|up)\b", r"\bacross the (?:road|landing|hall|street)\b")


def domestic_abuse(text: str) -> bool:
    """A safeguarding disclosure of abuse by a partner, ex-partner or family member: the safety reply
    gives the domestic abuse helpline, and a message read as a neighbour's ASB goes to a person
    (abuse_at_home). Read in order: a partner, ex or relative named doing the harm, or the words
    "domestic abuse", "coercive control", "violent relationship": yes. Otherwise someone outside the
    home named ("the man next door", "youths"): no, whoever in the home it hurts. Otherwise DOMESTIC's
    words (fear of someone coming back, coercive control) or a partner or ex named, not only as the
    one harmed ("my partner was attacked by...", "...threatened my husband")."""
    if not has_safeguarding(text):
        return False
    t = _safety_text(text)
    rest = _without_victims(t)  # the partner or relative harmed is not the abuser
    if _PARTNER_ACTS.search(rest) or _DOMESTIC_WORDS.search(t):
        return True
    if _OUTSIDER.search(t):
        return False
    return bool(DOMESTIC.search(rest) or _DOMESTIC_NAMED.search(rest))


def abuse_at_home(text: str) -> bool:
    """Abuse by a partner, an ex or someone in the home, so not a neighbour's anti-social behaviour
    (triage_action.py: no ASB exclusion, the handoff goes to a person): domestic_abuse, which now
    reads who did it."""
    return domestic_abuse(text)


def self_harm(text: str) -> bool:
    """A risk to the resident's own life (suicide, self-harm)."""
    return bool(SELF_HARM.search(_safety_text(text)))


def threat_to_life(text: str) -> bool:
    """A threat to kill, or someone in fear for their life."""
    return bool(THREAT_TO_LIFE.search(_safety_text(text)))


# --- emergency: immediate danger to people or the building ----------------------------------
# A danger the message places in the past ("since the flood", "the burst pipe was fixed") does not
# count unless the message says a danger is present now (actions/past_events.py).
_VULNERABLE = (r"(?:baby|babies|newborn|new born|infant|toddler|pregnant|elderly|disabled|disability|"
               r"wheelchair|dementia|oxygen|terminally|cancer|chemo|\b(?:[7-9]\d|1[01]\d) ?(?:years? old|yr old|year-old)|"
               r"my (?:nan|gran|grandad|grandma|grandfather|grandmother)|poorly|ill\b|sick kids|kids are ill)")
EMERGENCY = _rx(
    r"\b(?:smell(?:s|ing)? (?:of )?gas|gas (?:leak|smell)|smell gas|leaking gas)\b",
    r"\b(?:carbon monoxide|co) (?:alarm|detector) (?:is |has been |keeps )?(?:going off|gone off|sounding|screaming)\b",
    r"\bcarbon monoxide (?:leak|poisoning)\b",
    r"\b(?:water|sewage) (?:is |has been |keeps |'s )?(?:pouring|gushing|flooding|streaming|cascading|running down|coming (?:through|in|down|up))",
    # water through a light, as hazard_recognition's electrical hazard reads it (the flag and the hazard agree)
    r"\bwater (?:is |was |has been |keeps )?(?:coming |pouring |dripping |leaking )?(?:through|into|in|out of) "
    r"(?:the |a |my )?(?:lights?|light fittings?|ceiling lights?|light switch(?:es)?)\b",
    r"\bburst (?:pipe|water main|tank)\b", r"\b(?:pipes?|it|tank|main) (?:has |have |'s )?(?:just )?burst\b",
    r"\b(?:flat|house|home|kitchen|bathroom|floor|hallway|bedroom|living room) (?:is |has |has been |keeps |was )?(?:still )?flood(?:ing|ed)\b",
    r"\bflooding\b", r"\bwater (?:in|into|near|over) (?:the |my )?(?:sockets?|electrics?|fuse ?box|consumer unit|light)",
    r"\b(?:exposed|bare|live|hanging) (?:electric(?:al)? )?(?:wires?|wiring|cables?)\b", r"\bspark(?:ing|s|ed)?\b",
    r"\bburning smell\b", r"\bsmell(?:s)? of burning\b", r"\b(?:smoulder|smolder)(?:ing|s)?\b", r"\bsmoke (?:coming )?from\b",
    r"\bceiling (?:has )?(?:collapsed|caved in|fallen|fell|come down|came down)\b", r"\b(?:collapsed|fallen) ceiling\b",
    r"\bceiling (?:is )?(?:about to|going to) (?:collapse|fall|come down)\b",
    r"\b(?:can't|cannot|unable to) (?:secure|lock) (?:my|the) (?:flat|home|house|door|property)\b",
    r"\bsewage\b", r"\bno (?:electric|electricity|power) (?:at all|in the (?:whole )?(?:flat|house))\b",
    r"\bno water (?:at all|coming out)\b", r"\bstuck in the lift\b", r"\blift is stuck with\b",
    r"\b(?:not safe|unsafe|dangerous)\b", r"\b(?:could|going to|about to) (?:come down|collapse|fall)\b",
    r"\b(?:ceiling|roof|wall|chimney|balcony|railing|banister|handrail)\b[^.!?]{0,30}\b(?:fell|fallen|collapsed|come away|came away|bulging|caved)\b",
    r"\b(?:can't|cannot|unable to|won't) (?:lock|lock up|shut|close|secure)\b(?=.*\b(?:burgl|break[- ]?ins?|kicked|forced|smashed|police|security)\w*)",
    r"\b(?:burgled|break[- ]in|kicked in|forced (?:open|entry))\b", r"\bjammed open\b",
    r"\b(?:power|electric|electricity) (?:has )?(?:gone|cut off|off)\b(?!.*power cut)", r"\bno (?:power|electric|electricity)\b",
    r"\bstuck (?:in|upstairs|inside)\b", r"\blocked out\b[^.!?]*\b(?:baby|child|kids|son|daughter)\b",
    r"\bwater\b[^.!?]{0,30}\b(?:electric\w*|consumer unit|fuse ?box|sockets?)\b",
    r"\b(?:roof off|hole in the roof|rain (?:is )?coming (?:straight )?in)\b", r"\bfire (?:damage|brigade|alarm (?:is )?not working)\b",
    r"\bfire door\b[^.!?]{0,30}\b(?:ripped|broken|missing|removed)\b",
    r"\b(?:waste|sewage|toilet)\b[^.!?]{0,30}\b(?:backing up|overflowing)\b", r"\bonly (?:one|toilet)\b[^.!?]{0,30}\bblocked\b|\bblocked\b[^.!?]{0,40}\bonly one\b",
)
_NO_HEAT = re.compile(r"\bno (?:heating|heat|hot water)\b|\b(?:heating|boiler) (?:has )?(?:broken|packed up|gone|stopped|not working|off|failed|is off)\b|"
                      r"\bwithout (?:heating|heat|hot water)\b|\bfreezing\b", _F)
_VULN_RX = re.compile(_VULNERABLE, _F)


def has_emergency(text: str) -> bool:
    t = without_false_alarms(normalise(text))  # smoke from someone smoking is not a fire
    if current(EMERGENCY, t) or (current(SECURITY, t) and not not_the_home(t)):
        return True
    return bool(_NO_HEAT.search(t) and _VULN_RX.search(t))



GROUP = _rx(
    r"\bpetition\b", r"\bgroup complaint\b", r"\bundersigned\b", r"\bsigned by\b", r"\bwe(?:,)? the (?:residents|tenants|leaseholders)\b",
    r"\bon behalf of (?:all |the |our |my )?(?:residents|tenants|neighbours|leaseholders|block|street|estate)\b",
    r"\ball (?:of )?(?:us|the residents|the tenants|the neighbours|the leaseholders|the flats)\b",
    r"\bwhole (?:block|building|street|estate|close)\b", r"\bevery (?:flat|household|resident|tenant)\b",
    r"\b(?:residents'?|tenants'?) (?:association|group|committee)\b",
    r"\b\d+ (?:households|residents|tenants|families|flats|leaseholders|neighbours)\b",
    r"\bwe as a (?:block|street|group)\b", r"\ball the (?:residents|tenants|neighbours|families)\b",
    r"\b(?:several|many|lots of|loads of|a group of) (?:us|residents|tenants|neighbours)\b",
)

_REL = (r"(?:mum|mom|mother|mam|dad|father|nan|nana|gran|granny|grandad|grandpa|grandma|grandmother|grandfather|"
        r"son|daughter|brother|sister|aunt|auntie|uncle|niece|nephew|cousin|friend|neighbour|client|constituent|"
        r"tenant|parents?|in-law|mother-in-law|father-in-law|partner)")
THIRD_PARTY = _rx(
    r"\bon behalf of\b(?! (?:all |the |our )?(?:residents|tenants|neighbours|block|street|estate|the association)\b)",
    rf"\b(?:writing|messaging|contacting you|emailing|complaining|reporting|calling|asking) (?:for|about) my {_REL}\b",
    rf"\bfor my (?:elderly |disabled |vulnerable |late )?{_REL}\b(?=.*\b(?:flat|house|home|tenancy|she|he|her|his|they)\b)",
    rf"\bmy (?:elderly |disabled |vulnerable |late )?{_REL}'s (?:flat|house|home|place|bungalow|tenancy|heating|boiler|kitchen|bathroom|repair|rent|account|case|property)\b",
    rf"\bmy (?:elderly |disabled |vulnerable )?{_REL} (?:lives|who lives|is a tenant|rents|asked me|can't use|cannot use|doesn't have|has no)\b",
    rf"\bas (?:her|his|their) (?:{_REL}|carer|advocate|representative|support worker|social worker)\b",
    r"\b(?:i'?m|i am) (?:her|his|their|a) (?:carer|advocate|representative|support worker|social worker|key worker)\b",
    r"\b(?:support|care|social|key) worker for\b", r"\bcllr\b", r"\bcouncillor\b", r"\bconstituent\b", r"\bmy client\b",
    r"\bmp here\b", r"\b(?:she|he|they)(?:'s| is| are) (?:in|at) (?:flat|no\.?|number) ?\d+",
)
_THIRD_PARTY_NOT = _rx(r"\b(?:passed away|died|late (?:mum|dad|mother|father|husband|wife))\b")


def is_group(text: str) -> bool:
    return bool(GROUP.search(normalise(text)))


def is_third_party(text: str) -> bool:
    t = normalise(text)
    return bool(THIRD_PARTY.search(t)) and not _THIRD_PARTY_NOT.search(t)


# --- compliments: team words ----------------------------------------------------------------
TEAM_WORDS = re.compile(
    r"\b((?:repairs?|gas|asb|anti-?social behaviour|income|rents?|tenancy|lettings|estate|estates|"
    r"neighbourhood|maintenance|adaptations?|cleaning|complaints|customer|welfare benefits|money advice|"
    r"out of hours|housing|voids?|grounds maintenance|call centre|contact centre|handyperson|caretaking|"
    r"home ?improvement|income collection) (?:team|services?|department|officers?|engineers?|staff|service|crew))\b"
    r"|\b(caretakers?|gas engineers?|housing officer|customer services|lettings|call centre|scheme manager|"
    r"cleaners|decorators|roofers|fitters|surveyors?|electricians?|plumbers?|gardeners|contractors?)\b",
    _F,
)


def find_team(text: str) -> Optional[str]:
    m = TEAM_WORDS.search(text or "")
    if not m:
        return None
    return (m.group(1) or m.group(2)).lower()


_NAME_STOP = {
    "I", "The", "A", "An", "Your", "You", "Please", "Thank", "Thanks", "Just", "Hi", "Hello", "Dear",
    "Big", "Well", "Really", "Massive", "Huge", "Kind", "Credit", "What", "Give", "My", "We", "Our",
    "Shout", "Sir", "Madam", "Excellent", "Emergency", "Urgent", "Help", "Cllr", "Mr", "Mrs", "Ms",
    "Miss", "Dr", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    # thanks, greetings and sign-offs (English and Welsh: diolch = thank you, shwmae/helo = hello,
    # bore da = good morning, hwyl = bye, cofion = regards), and words that stand for nobody named
    "Diolch", "Cheers", "Ta", "Hiya", "Hey", "Heya", "Hallo", "Howdy", "Morning", "Afternoon", "Evening",
    "Shwmae", "Helo", "Bore", "Prynhawn", "Noswaith", "Hwyl", "Cofion", "Regards", "Best", "Many", "Thx",
    "Someone", "Somebody", "Everyone", "Everybody", "Anyone", "Nobody", "Whoever",
}
_THANKS = r"(?:thank(?:s| you)(?: so much| very much)? to|thanks to|[Dd]iolch(?: yn fawr)?(?: iawn)?(?: i| to)?|[Cc]heers(?: to)?|[Tt]a)"
_NAME_RX = re.compile(
    r"\b(?:" + _THANKS + r"|praise|compliment(?: for)?|well done to|shout ?out to|thank) ([A-Z][a-z]+)\b"
    r"|\b([A-Z][a-z]+) (?:from|in|at|on|the|and) (?:the |your |our |his |her )?(?:[a-z]+ )?(?:team|office|services|lettings|caretaker|plumber|electrician|engineer|"
    r"housing officer|repairs|maintenance|phones|crew|lads|roofer|technician|officer|[A-Z][A-Za-z]+)\b"
    # a role then the name, with up to two words before the role: "the new heating engineer Priya", "our caretaker Dave"
    r"|\b(?:the|our|your|my) (?:[a-z]+ ){0,2}(?:lad|man|woman|lady|guy|fella|bloke|engineer|plumber|roofer|officer|caretaker|"
    r"electrician|cleaner|gardener|surveyor|joiner|carpenter|painter|decorator|operative|manager|advisor|adviser) ([A-Z][a-z]+)\b"
    r"|\b(?:tell|thank) ([A-Z][a-z]+)\b|\b([A-Z][a-z]+), (?:my|our|the) (?:[a-z]+ ){0,2}(?:officer|worker|manager|caretaker|engineer)\b"
)
# A role or team said of the word just before: "Dave from repairs", "Carl the caretaker", "Fiona at the
# Dudley office", "Dave, our caretaker", "Dave and the team". Not "Diolch to the team", "Hiya from Flat 4".
_ROLE_AFTER = re.compile(
    r",? (?:(?:from|in|at|on|of|with|and) (?:(?:the|your|our|his|her|my|a) )?|(?:the|your|our|his|her|my|a) )"
    r"(?:[\w'-]+ ){0,2}?(?:team|office|services?|department|lettings|caretaker|plumber|electrician|engineer|officer|"
    r"repairs|maintenance|phones|crew|lads?|roofer|technician|manager|worker|staff|surveyor|cleaner|gardener|joiner|"
    r"carpenter|painter|decorator|operative|advisor|adviser|contractors?|fitters?|man|woman|lady|guy|estates?|"
    r"rents?|income|reception|helpline|call centre|contact centre)s?\b")


def _starts_sentence(text: str, i: int) -> bool:
    before = text[:i].rstrip(" \t\"'(*-\u201c\u2018")
    return not before or before[-1] in ".!?:\n"


def _named_at(text: str, start: int, end: int) -> bool:
    """The word at text[start:end] is a name there: not capitalised only because it starts the message
    or a sentence, or, if it does start one, a role or team is said of it ("Dave from repairs")."""
    return not _starts_sentence(text, start) or bool(_ROLE_AFTER.match(text, end))


def plausible_name(name: str) -> bool:
    """A name found by the NER (spaCy's PERSON) is kept unless it is not capitalised or is a word that
    names nobody (_NAME_STOP: thanks, greetings, sign-offs: "Diolch to the team..."). The NER has read
    the sentence, so a name that starts it stays a name ("Dave fixed my boiler, what a star"), which
    find_person_name's patterns alone cannot tell."""
    words = (name or "").split()
    return bool(words) and words[0][:1].isupper() and words[0] not in _NAME_STOP


# the resident's own name, not the one praised: "I'm Mrs Jones", "Kind regards, Mr Khan"
_SELF = re.compile(r"(?:\b(?:i'?m|i am|my name is|my name's|this is|it's|from|regards|thanks|wishes|cheers|"
                   r"sincerely|faithfully|yours)|[-,\n])\s*$", _F)
_TITLED = re.compile(r"\b(Mrs|Mr|Ms|Miss|Mx|Dr)\.? ([A-Z][a-z]+(?:[-'][A-Z][a-z]+)?)\b")


def with_title(name: Optional[str], text: str) -> Optional[str]:
    """The name with the title the resident put before it: "Patel" in "housing officer Ms Patel"
    -> "Ms Patel"; a name already titled, or untitled in the text, is kept as it is."""
    if not name or _TITLED.match(name):
        return name
    for m in _TITLED.finditer(text or ""):
        if m.group(2) == name.split()[0]:
            return f"{m.group(1)} {name}"
    return name


def find_person_name(text: str) -> Optional[str]:
    """The member of staff a compliment names: a first name in a pattern of praise ("thanks to
    Dave", "Sharon from the repairs team", "our caretaker Dave"), or a title and surname anywhere
    ("the new housing officer Ms Patel", "Mr Khan"), with its title."""
    text = text or ""
    for m in _NAME_RX.finditer(text):
        g = next((i for i in range(1, (m.lastindex or 0) + 1) if m.group(i)), None)
        if g and m.group(g) not in _NAME_STOP and _named_at(text, m.start(g), m.end(g)):
            return with_title(m.group(g), text)
    for titled in _TITLED.finditer(text):
        if not _SELF.search(text[:titled.start()]):
            return f"{titled.group(1)} {titled.group(2)}"
    return None
