"""Lexical cues used by triage: small, documented regular-expression lexicons.

Each lexicon answers one question about the text (is someone at risk? is the problem still
going on? ...). They are deliberately conservative: a cue only fires on wording that means
the thing in almost every context, because a cue can override the NLU intent.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Optional

_F = re.IGNORECASE


def _rx(*parts: str) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in parts), _F)


@lru_cache(maxsize=512)  # every cue normalises the same message again: do the work once
def normalise(text: str) -> str:
    """Lower-case, straighten quotes, expand common txt-speak, collapse whitespace."""
    t = (text or "").replace("\u2019", "'").replace("\u2018", "'").lower()
    swaps = {
        r"\bu\b": "you", r"\bur\b": "your", r"\br\b": "are", r"\bwiv\b": "with",
        r"\bpls\b": "please", r"\bplz\b": "please", r"\bn\b": "and", r"\bcos\b": "because",
        r"\bcant\b": "can't", r"\bwont\b": "won't", r"\bdont\b": "don't", r"\bdidnt\b": "didn't",
        r"\bhasnt\b": "hasn't", r"\bwouldnt\b": "wouldn't", r"\bcouldnt\b": "couldn't",
        r"\bdoesnt\b": "doesn't", r"\bwasnt\b": "wasn't", r"\barent\b": "aren't", r"\bhavent\b": "haven't", r"\bisnt\b": "isn't", r"\bits\b": "it's",
        r"\bim\b": "i'm", r"\bive\b": "i've", r"\bhav\b": "have", r"\b2\b(?= (?:fix|come|sort|me|us))": "to",
        r"\bbout\b": "about", r"\bsum1\b": "someone", r"\bno1\b": "no one", r"\bnoone\b": "no one",
        r"\bno-one\b": "no one", r"\bwaitin\b": "waiting", r"\bsome1\b": "someone", r"\bwk\b": "week", r"\bwks\b": "weeks", r"\byrs?\b": "years",
        r"\bmnths?\b": "months", r"\bah'?m\b": "i'm", r"\byous\b": "you",
    }
    for pattern, repl in swaps.items():
        t = re.sub(pattern, repl, t)
    t = re.sub(r"\b(?:some|what|any|that|this|the) kind of\b", "some sort of", t)
    t = re.sub(r"\b(?:kind|warm|best) (?:regards|wishes)\b|\bwith (?:many )?thanks\b|\bthanks in advance\b|\bmany thanks\b(?=[,.]? *(?:[a-z]+ ?)?$)", "regards", t)
    t = re.sub(r"\b(?:would|'d|will) (?:really |greatly |much |very much )?appreciate\b|\b(?:would|will) be (?:much |greatly |very much )?appreciated\b",
               "would like", t)
    t = re.sub(r"\((\w+)\?\)", r"(\1)", t)
    t = re.sub(r"\b4\b(?= (?:the|a|an|my|your|it|this|that|ur|you)\b)", "for", t)
    return re.sub(r"\s+", " ", t).strip()


_NUM = (r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
        r"fifteen|twenty|thirty|several|many|multiple|numerous|a few|a couple of|countless|so many|loads of)")

# --- safeguarding: a risk to someone's safety (any category) --------------------------------
SAFEGUARDING = _rx(
    r"\b(?:kill|hurt|harm|hang|cut) (?:myself|my ?self)\b",
    r"\bsuicid\w*", r"\bself[- ]?harm\w*", r"\bend (?:my|it all|my own) ?(?:life)?\b(?=.*\b(?:life|all)\b)",
    r"\bend(?:ing)? my life\b", r"\btake my (?:own )?life\b", r"\boverdose\b",
    r"\b(?:don't|do not|dont) want to (?:live|be here|be alive|go on)\b", r"\bno reason to live\b",
    r"\bbetter off dead\b", r"\bcan't go on\b",
    r"\bthreat\w* (?:to )?(?:kill|hurt|stab|attack|beat|harm|burn|smash my face)\b",
    r"\bthreat\w* (?:me|us|my (?:kids|children|son|daughter|family|wife|husband|partner|mum|dad))\b",
    r"\b(?:attacked|assaulted|punched|stabbed|hit|beat|beaten|strangled|kicked) (?:me|us|my (?:son|daughter|kids|child|children|partner|mum|dad|wife|husband))\b",
    r"\b(?:knife|machete|gun|weapon)\b",
    r"\bdomestic (?:abuse|violence)\b", r"\bcoercive control\b",
    r"\bmy (?:partner|ex|husband|wife|boyfriend|girlfriend|ex-partner|ex partner) (?:hits|beats|has hit|attacked|is stalking|threatens|has threatened)\b",
    r"\bstalk(?:ing|ed|er)\b", r"\bfeel (?:unsafe|scared for my life)\b", r"\bafraid for my (?:life|safety)\b",
    r"\bfear(?:ing)? for my (?:life|safety)\b",
    r"\b(?:child|children|kids?|baby|vulnerable adult|elderly (?:man|woman|neighbour|person)) (?:is |are )?(?:at risk|in danger|being abused|being neglected|left alone)\b",
    r"\b(?:child|elder|financial|sexual) abuse\b", r"\bneglect(?:ed|ing)?\b",
    r"\bcuckoo\w*\b", r"\bbeing exploited\b", r"\bnot been seen for days\b",
)
_SAFEGUARDING_NOT = _rx(r"\bthreat\w* (?:me |us )?(?:with )?(?:eviction|legal action|court|to evict|to take)")


def has_safeguarding(text: str) -> bool:
    t = normalise(text)
    if SAFEGUARDING.search(_SAFEGUARDING_NOT.sub(" ", t)):
        return True
    return False


# --- emergency: immediate danger to people or the building ----------------------------------
_VULNERABLE = (r"(?:baby|babies|newborn|new born|infant|toddler|pregnant|elderly|disabled|disability|"
               r"wheelchair|dementia|oxygen|terminally|cancer|chemo|\b(?:[7-9]\d|1[01]\d) ?(?:years? old|yr old|year-old)|"
               r"my (?:nan|gran|grandad|grandma|grandfather|grandmother)|poorly|ill\b|sick kids|kids are ill)")
EMERGENCY = _rx(
    r"\b(?:smell(?:s|ing)? (?:of )?gas|gas (?:leak|smell)|smell gas|leaking gas)\b",
    r"\b(?:carbon monoxide|co) (?:alarm|detector) (?:is |has been |keeps )?(?:going off|gone off|sounding|screaming)\b",
    r"\bcarbon monoxide (?:leak|poisoning)\b",
    r"\b(?:water|sewage) (?:is )?(?:pouring|gushing|flooding|streaming|cascading|running down|coming (?:through|in|down|up))",
    r"\bburst (?:pipe|water main|tank)\b", r"\bpipe (?:has )?burst\b", r"\b(?:flat|house|home|kitchen|bathroom|floor) (?:is )?flood(?:ing|ed)\b",
    r"\bflooding\b", r"\bwater (?:in|into|near|over) (?:the |my )?(?:sockets?|electrics?|fuse ?box|consumer unit|light)",
    r"\b(?:exposed|bare|live|hanging) (?:electric(?:al)? )?(?:wires?|wiring|cables?)\b", r"\bspark(?:ing|s|ed)\b",
    r"\bburning smell\b", r"\bsmell(?:s)? of burning\b", r"\bsmoke (?:coming )?from\b",
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
    t = normalise(text)
    if EMERGENCY.search(t):
        return True
    return bool(_NO_HEAT.search(t) and _VULN_RX.search(t))


# --- continuing or recurring problem (never over the time limit) ----------------------------
_FEELINGS = (r"(?:upset|angry|annoy\w*|bother\w*|irritat\w*|rankles?|cross|fuming|furious|livid|hurt|bitter|traumati[sz]ed|shaken|sore|mad|"
             r"unhappy|disappointed|think|feel|remember|makes? (?:me|us)\b|can't believe|claim|complain|report|raise|apply|ask|be able|be in time|"
             r"waiting for (?:an? )?(?:apology|compensation|refund|payment|reply|response|answer)|"
             r"(?:have|has)n't (?:had|got|received|been (?:paid|compensated|refunded))|"
             r"(?:'d |would |do |really )?(?:like|want|wants|wish|hope|expect|believe)|brings? (?:it|this|that) up|talks? about|do(?=[.,;!?]|$| now)|"
             r"(?:don't|do not|doesn't|does not) (?:agree|accept|understand|think|believe|feel)|(?:don't|do not)(?=[.,;!?]|$)|disagree|dispute|have (?:the |my )?(?:receipts?|photos|pictures|evidence|letter|emails?))")
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
# "since" is continuing when it anchors a period that runs to now: "since 2019", "since we moved
# in", "since the storm"; not "I've since replaced it" or "no problems since".
_SINCE_ANCHOR = (rf"(?:\d|{_MONTHS}\b|last\b|early\b|late\b|mid\b|the (?:start|beginning|end|first|new year|winter|summer|spring|autumn|"
                 r"day|clocks|storm|works?|repairs?|flood|leak|lockdown|pandemic|covid|move|fire)|christmas|easter|"
                 r"(?:i|we|they|you|he|she|it|my|our|the \w+) (?:first |originally )?(?:moved|reported|rang|told|complained|got|had|started|began|went|came|arrived|was (?:born|moved))|"
                 r"then\b|before\b|about \d|around \d|at least|spring|summer|autumn|winter|moving|day one|forever)")
CONTINUING = _rx(
    rf"\bstill\b(?! {_FEELINGS})",
    rf"\b(?:ever )?since {_SINCE_ANCHOR}", r"\bever since\b", r"\bon-?going\b", r"\bcontinu(?:es|ing|ous|ally)\b",
    r"\bkeeps? (?:on )?\w+ing\b",
    r"\bkeeps? (?:coming )?back\b", r"\b(?:comes|came|coming) back\b", r"\bback again\b", r"\breturn(?:s|ed|ing)\b",
    r"\b(?:it's|its|it is|they're|they are|it has|it's come) (?:all )?back\b", r"\bback (?:worse|even worse|as bad)\b",
    r"\bevery (?:winter|summer|year|month|week|time it rains|few (?:weeks|months|days))\b", r"\beach (?:winter|year)\b",
    r"\b(?:never|not|hasn't|has not|haven't|have not|wasn't|was not|isn't|is not) (?:ever )?(?:been )?(?:properly )?(?:fixed|sorted|repaired|resolved|dealt with|done)\b",
    # a duration runs to now only in the present perfect or with "now": "has leaked for 3 years",
    # "for months now", "for the last 2 winters"; not "was left in my shed for a month"
    rf"\b(?:has|have|'s|'ve|been)\b[^.!?]{{0,40}}\bfor (?:the (?:last|past) )?(?:{_NUM} (?:years?|months?|weeks?|winters?)|years|months|ages|weeks)\b(?! ago)",
    rf"\bfor (?:the (?:last|past) ){_NUM} (?:years?|months?|weeks?|winters?)\b",
    rf"\bfor (?:{_NUM} (?:years?|months?|weeks?|winters?)|years|months|ages|weeks) now\b",
    r"\bover and over\b", r"\bagain and again\b", r"\btime after time\b",
    rf"\b(?:told|asked|reminded) you (?:this |that |about (?:this|it) )?{_NUM} times\b", r"\beach (?:letter|time)\b",
    r"\brepeatedly\b", r"\brecurr\w*", r"\bpersist\w*", r"\bto this day\b", r"\bgetting worse\b",
    r"\bon and off\b", r"\b(?:nobody|no one|no-one) has (?:been back|come back|returned|been out)\b",
    r"\b(?:is|are) now\b[^.!?]{0,20}\b(?:wide|bigger|worse|wider|deeper|bad|worse)\b", r"\bstill (?:there|here|leaking|wet|damp|broken)\b", r"\bgoing on (?:for|since)\b",
    r"\b(?:only|just) (?:found out|realised|realized|noticed|discovered|became aware|learned|learnt)\b",
    r"\b(?:found out|realised|realized|discovered|became aware|learned|learnt|told me)\b[^.!?]{0,20}\b(?:last|this) (?:week|month)\b",
    r"\b(?:last|this) (?:week|month)\b[^.!?]{0,40}\b(?:found out|realised|realized|discovered|became aware|learned|learnt|told me)\b",
)
# The problem is over: put right, or fine since. Beats the weaker continuing cues above, not a
# plain statement that the problem is back or still there (STILL_THERE).
RESOLVED = _rx(
    r"\b(?:fine|ok|okay|good|perfect|no (?:problems?|issues?|trouble|bother|complaints)|all good|happy|lovely|(?:back to )?normal|quiet|peaceful|calm)"
    r"(?: [\w']+){0,2} (?:ever )?since\b",
    r"\b(?:nothing|none)(?: like (?:it|that|this))? (?:has |have )?happened since\b", r"\b(?:i|we)'?(?:ve| have)? since (?:replaced|fixed|repaired|had|bought|paid|moved|sorted)\b",
    r"\b(?:was|were|got|has been|have been|'s been|'ve been) (?:all )?(?:fixed|repaired|sorted(?: out)?|corrected|refunded|reconnected|put right|resolved|replaced|collected|cleared|removed|reinstated|credited)\b",
    r"\b(?:fixed|repaired|replaced|sorted|cleaned|paid for) (?:it|them|the \w+|that|everything)? ?(?:myself|ourselves)\b",
    r"\b(?:it's|its|it is|all|that's|thats|everything's|everything is) (?:all )?(?:ok|okay|fine|sorted|gone|good|resolved) now\b",
    r"\b(?:she|he|they)(?:'s| has| have|'ve) (?:since )?left\b", r"\b(?:she|he|they) (?:has |have )?(?:since )?moved (?:out|away)\b", r"\b(?:dealt with|spoken to|had) other (?:people|staff|officers)\b",
    r"\bwas fine after\b", r"\b(?:it was|was|just|only) a one[- ]off\b", r"\bhas been fine\b", r"\bhappy where (?:i|we) (?:am|are)\b",
    r"\b(?:it|they|that|this|the \w+) (?:stopped|ended|finished) (?:in the end|eventually|after)\b",
)
STILL_THERE = _rx(
    r"\bstill (?:not|n't|no\b|nothing|leaking|broken|damp|wet|there|here|happening|going on|getting|cold|mouldy|smell\w*|"
    r"waiting for (?:the|a|it|someone|an engineer|them|you|the repair|a repair)|living with|have (?:the|a|no|damp|mould)|has (?:the|a|no)|got (?:the|a|no|damp|mould))",
    r"\bkeeps?\b", r"\b(?:comes|came|coming) back\b", r"\bback (?:again|worse|even worse|as bad)\b", r"\b(?:it's|its|it is|they're) back\b",
    r"\bgetting worse\b", r"\brecurr\w*", r"\bon-?going\b", r"\bto this day\b", r"\bevery (?:winter|year|time it rains)\b",
)


# Words that look continuing but refer to the resident's redress or feelings, not the problem:
# "I'm still owed compensation for the fence you broke in 2023", "still no apology",
# "I've been anxious ever since", "I returned the form". These are removed before CONTINUING
# is checked, so a one-off old event stays one-off (a still-broken thing still counts).
_PROBLEM_WORDS = (r"(?:fix\w*|repair\w*|leak\w*|damp|mould\w*|broken|broke|working|sort\w*|done|there|wet|"
                  r"problem|issue|happening|cold|heating|boiler|roof|window|door|fence|hole|crack\w*|smell\w*)")
_NOT_CONTINUING = _rx(
    rf"\bstill (?:(?!{_PROBLEM_WORDS}\b)[\w']+ ){{0,5}}?(?:compensat\w*|apolog\w*|refund\w*|reimburs\w*|"
    rf"money back|owe[sd]?|out of pocket|(?:a )?penny|goodwill|payment|paid|pay (?:for|me|us|up|out))\b",
    r"\b(?:upset|anxious|anxiety|stressed|stress|depressed|depression|suffer\w*|affected|traumati[sz]ed|scared|"
    r"nervous|worried|worry|frightened|shaken|angry|bitter|not (?:been )?the same|(?:not |barely |hardly )?slept(?: well| properly)?)"
    r"(?: [\w']+){0,2} ever since\b",
    r"\breturn(?:ed|ing|s)? (?=(?:my|the|your|a|an|his|her|our|their|it to|them to|from|home)\b)",
    r"\b(?:haven't|have not|hasn't|has not|never) (?:dealt with|seen|spoken to|had to deal with|met) (?:her|him|them|that \w+) (?:since|again)\b",
    r"\b(?:only |just )?(?:found out|realised|realized|learned|learnt|discovered|been told|told) (?:that )?(?:i|we) (?:could|can|was able to|were able to|had the right to|should have) (?:complain|claim|ask|raise)\w*",
    r"\b(?:meaning|wanting|wanted|meant) to (?:complain|write|report|raise|say|tell|get in touch)\w*(?: [\w']+){0,4} ever since\b",
    r"\b(?:stuck|stayed|played on my mind|been on my mind|haunted me|bothered me|bugged me|niggled (?:at )?me|rankled)(?: with (?:me|us))?(?: [\w']+){0,2} (?:ever )?since\b",
    # nobody came back (a one-off visit that was never followed up), a memory coming back
    r"\b(?:never|didn't|did not|nobody|no one)(?: ever)? (?:came|come) back\b(?! (?:to (?:fix|finish|do|sort|repair|look)))", r"\b(?:came|comes|coming) back to (?:mind|me)\b",
    r"\b(?:was|were) still (?:charged|billed|paying|paid|asked|expected|made)\b",
    r"\b(?:meaning|wanting|wanted|meant) to (?:complain|write|report|raise|say|tell|get in touch)\w*(?: [\w']+){0,4} for (?:ages|a while|some time|months|weeks|years)\b",
    r"\b(?:stewing|dwelling|brooding|fretting|thinking|going over it)(?: (?:on|about|over) (?:it|this|that))?(?: [\w']+){0,2} ever since\b",
)


def is_continuing(text: str) -> bool:
    t = _NOT_CONTINUING.sub(" ", normalise(text))
    if RESOLVED.search(t) and not STILL_THERE.search(t):
        return False
    return bool(CONTINUING.search(t))


# --- repeated / unresolved service (dissatisfaction with handling => complaint) --------------
REPEATED_UNRESOLVED = _rx(
    rf"\b(?:reported|rang|phoned|called|emailed|chased|told you|asked|complained|came|visited|attended|been out|come out|came out|tagged|messaged|tweeted|dm'?d)(?: (?:it|this|them|you|about it|the \w+))?(?: (?:like|about|around|over|at least|maybe))? {_NUM} times\b",
    r"\b(?:wrong|same) (?:part|parts|thing|size|one) (?:each|every) time\b",
    r"\b(?:just |keep |always )?(?:get|got|getting|been|was|were) told (?:it's|its|it is|it was|you're|they're) ['\"]?on (?:the|a) (?:list|system|schedule)\b",
    rf"\b{_NUM} (?:times|visits|calls|emails) (?:now |already )?(?:and|but),? (?:still|nothing|no|nobody|no one|never|not|"
    r"it'?s still|it is still|they (?:never|still|haven't|didn't)|i'?m still|i am still|haven't|hasn't|been told|each time|every time|it)\b",
    r"\b(?:third|fourth|fifth|sixth|seventh|3rd|4th|5th|6th|7th|umpteenth) (?:time|visit|call|missed appointment|letter|email)\b",
    r"\b(?:reported|rang|rung|phoned|called|emailed|chased|asked)(?: (?:it|this|them|you|about it|(?:on|through|via) (?:your|the) \w+))? (?:twice|loads|lots|so many times|many times|countless times|"
    r"numerous times|multiple times|several times|a few times|a million times|endless times)\b",
    r"\bover and over\b", r"\bagain and again\b", r"\btime after time\b", r"\brepeatedly\b",
    r"\bstill (?:not|hasn't|has not|haven't|have not|isn't|waiting|no|nothing|broken|leaking)\b",
    r"\b(?:never|not|hasn't|has not|haven't|have not) (?:ever )?(?:been )?(?:properly )?(?:fixed|sorted|repaired|resolved|dealt with)\b",
    r"\b(?:keeps?|kept) (?:on )?(?:coming back|returning|happening|breaking)\b",
    r"\b(?:no one|nobody) (?:has )?(?:ever )?(?:came|come|turned up|showed up|called|rung|rang|got back|replied|responded|answered|acknowledged|been in touch|did anything|done anything|bothered)\b",
    r"\bno (?:acknowledgement|acknowledgment)\b",
    r"\b(?:was|were) told (?:it|they|this|that) (?:would|'d|will) be (?:made safe|fixed|done|sorted|repaired|replaced|dealt with)\b",
    r"\b(?:\d+(?:st|nd|rd|th)?|second|third|fourth|fifth|sixth) (?:month|week|time|day|year|quarter) (?:in a row|running)\b",
    r"\b(?:was|were|been|got) told (?:it was|it'd be|it would be|it's|it is|it had been) (?:all )?(?:sorted|fixed|done|resolved|dealt with|put right)\b",
    r"\b(?:keep|keeps|kept) (?:getting|being) (?:fobbed off|told|ignored|passed|pushed)\b",
    rf"\b{_NUM} (?:visits|attempts|appointments|engineers|call-?outs)(?: [\w']+){{0,2}} (?:have |has )?failed\b", r"\bnever (?:worked|been right|been fixed)\b",
    rf"\bno (?:reply|response|answer) to (?:my )?{_NUM} (?:emails|letters|calls|messages)\b", r"\bstill on order\b",
    rf"\b(?:still|and)\b[^.!?]{{0,30}}\b{_NUM} (?:weeks|months) later\b", r"\bevery time (?:it's|it is|they|it gets) (?:'?patched'?|bodged|botched)",
    r"\b(?:second|third|fourth|fifth|2nd|3rd|4th|5th) (?:winter|summer|year) (?:running|in a row)\b",
    rf"\b(?:haven't|hasn't|have not|has not|not) (?:been )?(?:done|fixed|repaired|sorted|cleaned|cut|emptied|touched) (?:for|in|since) (?:over |more than |nearly |almost )?(?:a |an |\d|one|two|three|four|five|six|weeks|months|ages|years|the (?:start|end|beginning|middle) of|last|early|mid|{_MONTHS}\b)",
    r"\bnever (?:turned|showed) up\b", r"\b(?:didn't|did not|failed to) (?:turn|show) up\b",
    r"\bmissed (?:my |the )?appointment\b", r"\b(?:cancelled|canceled) (?:my |the )?appointment\b",
    r"\b(?:cancelled|canceled),? with no (?:new |other |replacement )?(?:date|reason|explanation|notice)\b",
    r"\b(?:cancelled|canceled) (?:every|each|all (?:the|my)|all) (?:appointment|visit|booking)s?\b", rf"\bbeen (?:out |round |back )?{_NUM} times\b",
    rf"\b(?:took|taken|taking) (?:over |nearly |almost )?{_NUM} (?:weeks|months|phone calls|calls)\b",
    r"\b(?:was|were) (?:meant|supposed) to (?:be )?(?:fitted|done|fixed|replaced|repaired|installed|sorted|come|start)\b",
    r"\b(?:been )?pushed back\b",
    rf"\b(?:that was|it was|that's|this was) (?:over |nearly |almost )?{_NUM} (?:days|weeks|months) ago\b[^.!?]{{0,30}}\b(?:no|nothing|not|never|haven't|hasn't|still)\b",
    r"\bnothing (?:has been|'s been|was ever|ever gets) done\b", r"\bstill nothing\b",
    r"\b(?:there's|there is|there was|had|has|have) no record of (?:my|the|it|this|our|any)\b",
    r"\b(?:heard|had|received|got) nothing(?: back)? (?:for|in|since)\b", r"\bno (?:reply|response|update|answer|word)s? (?:for|in|since)\b",
    r"\b(?:i|we) (?:asked|requested|applied|reported)\b[^.!?]{0,80}\b(?:and|but) (?:i|we|it|they|she|he)(?:'m| am|'re| are| is|'s)? still\b",
)


# the resident tried the obvious fix first: "changed the bulb and still not working"
SELF_HELP = _rx(r"(?:\b(?:i|we)(?:'ve| have)? (?:already )?(?:changed?|tried|reset|re-?set|topped|replaced|checked|turned|repressuri[sz]\w*|bled)|"
                r"\btried|(?:^|[.!?] )(?:changed|replaced|reset|checked)|\b(?:bulbs?|fuses?|battery|batteries|filter|trip ?switch)\b[^.!?]{0,20}\b(?:changed|replaced|reset))\b[^.!?]{0,50}?\b(?:and|but|,) ?(?:it'?s |is |it is )?still (?:not|the same|nothing|no)\b[\w ]{0,15}")


def is_repeated_unresolved(text: str) -> bool:
    return bool(REPEATED_UNRESOLVED.search(SELF_HELP.sub(" ", normalise(text))))


# --- dissatisfaction words (complaint without the word "complaint") --------------------------
EXPLICIT_COMPLAINT = _rx(
    r"\b(?:make|making|raise|raising|log|lodge|file|submit|put in) (?:a |an |my |our )?(?:formal |official |joint |group |collective |stage (?:1|one) )?complaint\b",
    r"(?:\b(?:i|we|and|so|now|just)|[,;)]) (?:still )?(?:want|wish|would like|'d like|need) to complain\b", r"\bi'm complaining\b", r"\bi am complaining\b",
    r"\bthis is a (?:formal )?complaint\b", r"\bformal complaint\b",
)


def is_explicit_complaint(text: str) -> bool:
    return bool(EXPLICIT_COMPLAINT.search(normalise(text)))


# --- ASB: landlord's handling of an ASB case, not a new report -------------------------------
ASB_HANDLING = _rx(
    rf"\b(?:reported|told you|rang|phoned|emailed|complained)(?: (?:it|this|them|him|her|the \w+))? {_NUM} times\b",
    r"\b(?:asb|anti-?social behaviour|antisocial behaviour) (?:officer|team|case|worker|unit|department)\b.*\b(?:never|not|didn't|did not|no one|nobody|closed|ignored|useless|failed|nothing)\b",
    r"\b(?:never|not|didn't|did not|no one|nobody|hasn't|haven't)\b.*\b(?:asb|anti-?social behaviour|antisocial behaviour) (?:officer|team|case|worker|unit)\b",
    r"\b(?:closed|shut) (?:my|the|our) (?:asb |anti-?social behaviour |antisocial behaviour )?case\b",
    r"\b(?:you|your (?:staff|team|officer|housing officer)|the (?:housing|asb) officer|the council|the association|the landlord)\b[^.]*\b(?:did nothing|done nothing|have done nothing|has done nothing|doing nothing|never did anything|ignored|won't do anything|refuse|failed|never (?:called|rang|came|visited|replied|got back))",
    r"\b(?:nobody|no one) (?:from (?:the )?(?:asb team|housing|the council|your \w+) )?(?:has )?(?:did|done|does|do|is doing) (?:anything|nothing)\b",
    r"\b(?:no one|nobody) (?:from (?:the )?(?:\w+ )?(?:team|office|housing|council)) (?:has )?(?:ever )?(?:called|rang|visited|came|updated|got back|replied|responded)\b",
    r"\btold (?:my|the) neighbours? (?:that )?(?:i|it was me)\b",
    r"\b(?:officer|staff|you|team)\b[^.!?]{0,30}\b(?:told|gave|shared|passed|disclosed|named|revealed)\b[^.!?]{0,40}\b(?:my name|who i am|it was me|i reported|i had reported|my details|my address)\b",
    r"\b(?:second|third|fourth|fifth|2nd|3rd|4th|5th|umpteenth) (?:letter|email|time i have written|report|complaint)\b",
    r"\bdiary sheets?\b.*\b(?:never|nothing|no one|nobody|ignored)\b",
    r"\b(?:promised|said (?:he|she|they) would) (?:to )?(?:speak|talk|deal|sort|visit|write)\b.*\b(?:never|didn't|did not|nothing)\b",
    r"\bhow (?:you|your \w+) (?:handled|dealt with|managed)\b",
    r"\b(?:your|the) (?:out of hours|call centre|contact centre|customer services?|emergency) (?:line|team|staff|number)\b[^.!?]{0,120}\b(?:told|said|refused|wouldn't|would not|didn't)\b", r"\bthe way (?:you|your \w+) (?:handled|dealt with)\b",
    r"\bcomplain(?:t|ing)? about (?:the |how |the way )?(?:asb|anti-?social|handling)\b",
)


def is_asb_handling(text: str) -> bool:
    return bool(ASB_HANDLING.search(normalise(text)))


# --- legal: issued proceedings vs a mere threat ----------------------------------------------
# Past-tense wording that a claim exists: counts as issued unless the same words are negated
# or put in the future ("no proceedings have been issued yet", "I'll file it next week").
LEGAL_ISSUED = _rx(
    r"\b(?:claim|counterclaim|defence|proceedings)(?:'?s)?\b[^.]{0,40}\b(?:has been |have been |been |was |were |already |now )?(?:issued|filed|lodged|served|submitted to the court|started)\b",
    r"\b(?:case|application|action)\b[^.]{0,40}\b(?:has been |have been |was |were |already |now )?(?:issued|filed|served|submitted to the court|lodged (?:at|with) (?:the )?(?:court|tribunal))\b",
    r"\b(?:issued|filed|lodged|served|started|brought) (?:a |an |the |my |our )?(?:(?:legal|possession|county court|small claims?|court|"
    r"disrepair|tribunal|money|damages|personal injury|housing conditions) )?(?:claim|counterclaim|defence|proceedings|case|application|action|particulars)\b",
    r"\bhearing (?:is |has been |'s been |was )?(?:listed|set|booked|fixed|adjourned|next)\b", r"\bhearings? (?:has )?been (?:set|listed|booked|fixed)\b",
    r"\b(?:court|possession|injunction|tribunal|eviction|arrears|disrepair|final|preliminary) hearing\b",
    r"\bhearing(?:'s| is| was)? (?:on |for |in )?(?:the )?(?:\d{1,2}(?:st|nd|rd|th)?\b|(?:next|this) (?:week|month|mon|tue|wed|thu|fri)\w*|tomorrow|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)",
    r"\b(?:trial|hearing) (?:date|set|listed|window)\b", r"\b(?:going|goes|gone) to (?:trial|a hearing)\b",
    r"\b(?:already )?applied to (?:the )?(?:first[- ]tier |property |leasehold )?tribunal\b(?! (?:if|unless))",
    r"\b(?:issued|filed|lodged|started|brought|made|put in) (?:a |an |my |our )?(?:small|money|housing disrepair|disrepair) claim\b",
    r"\b(?:court )?papers (?:went|have gone|were sent|got sent|have been sent|were filed) (?:in|off|to (?:the )?court)\b", rf"\bcourt date (?:of |on |is |for )?(?:the )?(?:\d|{_MONTHS}\b|next|this)",
    r"\b(?:solicitor|lawyer|barrister)s? (?:has |have |had )?(?:already )?(?:filed|issued|lodged|started) (?:it|the claim|my claim|our claim|proceedings|the case|the papers)\b",
    r"\bsued you\b", r"\bhave sued\b", r"\b(?:taken|took) (?:you|u|me|us|him|her|them) to (?:the )?(?:small claims |county )?(?:court|tribunal)\b", r"\bin court with you\b",
    r"\binjunction\b[^.!?]{0,40}\b(?:taken out|granted|against me|against us|served)\b", r"\btaken out an injunction\b",
    r"\b(?:court|tribunal|ftt) has (?:already )?(?:sent|served|issued|listed|set|accepted|granted|ordered)\b",
    r"\bclaim (?:has been|was|is) (?:now )?submitted\b", r"\bissued (?:by|at|in|through) (?:the )?(?:[a-z]+ ){0,3}(?:county |high |small claims |family )?court\b", r"\backnowledged service\b",
    r"\b(?:sent|send|filed|lodged|submitted|put) (?:in )?(?:the )?(?:papers|claim|application|forms?) (?:to|with|at|in) (?:the )?(?:county |small claims )?(?:court|tribunal)\b",
    r"\b(?:court|tribunal) (?:gave|give|gives|has given|issued|sent)(?: (?:me|us|him|her))? (?:a |the )?case number\b",
    r"\bcase (?:with|at|in) the (?:county |small claims )?court\b[^.!?]{0,60}\b(?:already )?(?:start\w*|begun|began|underway|issued)\b",
    r"\bjudge (?:gave|give|gives|has given|set|listed|fixed) (?:a |the |us a |me a )?(?:date|hearing)\b",
    r"\b(?:already )?(?:start\w*|began|begun|issued|filed|brought) (?:the |a |my )?court case\b", r"\bcourt (?:gave|give|gives|has given|set|listed|fixed) (?:us |me )?(?:a |the )?(?:date|hearing)\b",
    r"\b(?:listed|set down|booked) for (?:a |the )?(?:hearing|trial)\b",
    r"\bproceedings (?:are|were) (?:now |already )?(?:underway|under way|ongoing|live|in progress|running)\b",
    r"\bserved (?:me |you |us )?with (?:court |the |legal )?(?:papers|a claim|proceedings)\b",
    r"\b(?:in|started|begun) (?:legal )?litigation\b", r"\b(?:i'm|i am|we're|we are) (?:already |currently )?suing\b",
    r"\balready (?:have|got|in) (?:court |legal )?proceedings\b", r"\b(?:claim|proceedings) (?:is|are) (?:now )?(?:live|active|pending)\b",
    r"\bpossession (?:case|hearing|order)\b", r"\b(?:you've|you have|i've|i have|we've|we have|has|have) been served\b", r"\bsealed claim form\b",
    r"\bhearing (?:at|in|before) (?:the )?(?:county court|court|tribunal|property chamber|first[- ]tier|ftt)\b",
    r"\b(?:put|sent|got|filed) in (?:a |my )?(?:small |money )?claim (?:through|on|via|with) (?:money claim online|mcol|the court)\b",
    r"\bmoney claim online\b[^.!?]{0,60}\b(?:issued|papers|served|in|submitted|put in|made)\b",
)
# Mentions of a court or tribunal that mean proceedings exist only when nothing is threatened.
LEGAL_MENTION = _rx(
    r"\b(?:claim form|particulars of claim|claim number)\b",
    r"\b(?:court|tribunal) (?:date|case|papers|claim|order)\b",
    r"\b(?:at|in|before|with) (?:the )?(?:county |high |small claims |magistrates' )?court\b(?! if| unless)",
    r"\b(?:first[- ]tier|leasehold|property chamber|leasehold valuation|upper) tribunal\b",
    r"\btribunal\b[^.]{0,40}\b(?:lodged|applied|application|hearing|listed|accepted|case)\b",
    r"\bjudge\b", r"\bbarrister\b", r"\bsection 27a\b", r"\bsmall claims (?:case|claim)\b",
    r"\b(?:with|before|at|in) (?:the )?(?:ftt|tribunal)\b(?! if| unless)",
    r"\bgoing through the (?:county |small claims )?courts?\b", r"\bpossession (?:proceedings|claim)\b",
    r"\b(?:in|with) the hands of the (?:court|courts|tribunal|judge)\b",
    r"\bhearing (?:for|about|on) (?:my|our|the) [\w ]{1,30}?(?:claim|case|application|appeal) (?:is|was) (?:on|listed|set|booked)\b",
)
# Filing that has not happened (yet): these spans are removed before LEGAL_ISSUED is checked.
LEGAL_NOT_YET = _rx(
    r"\bno (?:claim|proceedings|case|application)s? (?:has |have )?(?:been |yet been )?(?:issued|filed|started|lodged|brought)(?: yet)?\b",
    r"\b(?:not|n't|never) (?:yet )?(?:been )?(?:issued|filed|lodged|started|submitted)(?: yet)?\b",
    r"\byet to (?:be )?(?:issue|file|lodge|start|submit)d?\b",
    r"\b(?:will|'ll|shall|to|going to|gonna|about to|ready to|plan to|intend to) (?:be )?(?:issue|file|lodge|start|submit|serve|go)(?:d|ed)?\b[^.!?]{0,40}",
    r"\bbefore (?:i|we|they|my solicitor) (?:issue|file|lodge|start)\b",
)
LEGAL_THREAT = _rx(
    r"\b(?:will|'ll|going to|gonna|might|may|could|shall|considering|thinking (?:of|about)|plan(?:ning)? to|intend to) (?:be )?(?:take|taking|sue|suing|see|seeing|contact|contacting|get|getting|speak|speaking|go|going|apply|applying)\b[^.]{0,30}\b(?:court|solicitor|lawyer|legal|sue|sued|tribunal)\b",
    r"\b(?:speaking|spoken|talking|talked) (?:to|with) (?:a |my )?(?:solicitor|lawyer)\b",
    r"\b(?:get|getting|seek|seeking|take|taking) legal advice\b", r"\blegal action\b", r"\bsee you in court\b",
    r"\b(?:my|a) solicitor will\b", r"\bif (?:this|it|nothing)\b[^.]{0,40}\b(?:court|solicitor|legal|sue|tribunal)\b",
    r"\b(?:can|could|will|would|might|may|going to|plan to|intend to) (?:start|issue|bring|make|file|take|begin|launch) (?:a |an )?(?:legal |court |possession |eviction )?(?:claim|proceedings|action|case)\b",
    r"\b(?:solicitor|lawyer)s? (?:says?|said|advised|thinks?)\b", r"\bif (?:my|the|you)\b[^.]{0,40}\b(?:isn't|is not|aren't|don't|doesn't|not)\b[^.]{0,60}\b(?:solicitor|lawyer|court|claim|tribunal)\b",
    r"\b(?:letter before (?:action|claim)|pre-?action (?:letter|protocol))\b", r"\bunless\b[^.!?]{0,60}\b(?:court|tribunal|sue|claim)\b|\b(?:court|tribunal|sue|claim)\b[^.!?]{0,60}\bunless\b",
    r"\bsue\b", r"\bthreaten\w* (?:me|us|him|her|them)? ?(?:with )?(?:court|legal|eviction|proceedings)\b",
    r"\b(?:thinking|think) (?:of|about) (?:making|putting in|bringing|starting) (?:a |an )?(?:claim|case)\b",
)


def legal_issued(text: str) -> bool:
    """Proceedings already started (Code 2.2), as far as the wording shows."""
    t = normalise(text)
    negated = LEGAL_NOT_YET.search(t)
    if LEGAL_ISSUED.search(LEGAL_NOT_YET.sub(" ", t)):
        return True
    return bool(LEGAL_MENTION.search(t)) and not negated and not LEGAL_THREAT.search(t)


def legal_threat_only(text: str) -> bool:
    t = normalise(text)
    return bool(LEGAL_THREAT.search(t) or LEGAL_NOT_YET.search(t) and LEGAL_MENTION.search(t)) and not legal_issued(t)


# --- employment: the writer is staff or a job applicant --------------------------------------
EMPLOYMENT_SELF = _rx(
    r"\bi (?:work|worked) (?:for|at|in|on) (?:you|the association|the council|your|the \w+ team|the housing)\b",
    r"\bi'?m (?:a |an |one of your |your )?(?:member of staff|staff member|employee|former employee|agency worker|apprentice)\b",
    r"\bas (?:a |an |one of your )?(?:member of staff|staff member|employee|applicant)\b", r"\bi'?m (?:staff|employed)\b",
    r"\bmy (?:line )?manager\b", r"\bmy (?:pay|wages|salary)\b(?! (?:comes?|goes|go|gets|get|is|are|arrives?|day|date|lands?|clears?)\b)", r"\bmy (?:payslip|overtime|sick pay|maternity pay|pension contributions|contract hours|employment contract|appraisal|probation|shift pattern|timesheets?|expenses)\b",
    r"\b(?:my|a) (?:grievance|disciplinary|dismissal|redundancy|suspension)\b", r"\b(?:applied|apply|applying|application) for (?:the |a |an |your )?[\w ]{0,30}(?:job|post|role|vacancy|position|apprenticeship|apprentice\w*|trainee\w*|(?:apprentice\w*|trainee\w*|graduate)[\w ]{0,25}?scheme|traineeship)\b",
    r"\b(?:job interview|interview panel|shortlist\w*|job offer|recruitment)\b", r"\bhr\b", r"\bpayroll\b",
    r"\bmy colleague\b", r"\bpromotion\b", r"\b(?:sacked|fired) me\b", r"\bmy work (?:laptop|phone|mobile|email|van|badge|account|uniform)\b", r"\b(?:lost|losing|docked) (?:\d+|one|two|three|four|some|my) shifts?\b", r"\bunfair ?dismissal\b", r"\bi'?m (?:1|one) of (?:your|the) (?:\w+ ){0,2}(?:lads|staff|workers|operatives|cleaners|engineers|temps)\b", r"\bi was dismissed\b", r"\bunion rep\b",
    r"\bi'?m (?:a|an|one of your) [\w ]{1,30}? (?:for|with) you\b",
    r"\b(?:turned down|rejected|unsuccessful|not shortlisted|interviewed) (?:for|at interview for) (?:the |a |an )?[\w ]{0,30}(?:job|post|role|vacancy|position)\b",
    r"\bi work (?:for you|on (?:the|your) \w+ team)\b",
    r"\bas (?:a |an |one of your )(?!tenant|resident|leaseholder|customer|homeowner|(?:support|social|key|care|outreach|youth|mental health|floating support) worker)[\w ]{0,25}?(?:operative|officer|caretaker|"
    r"cleaner|engineer|planner|surveyor|manager|advisor|adviser|worker|assistant|administrator|coordinator|clerk|receptionist|"
    r"contractor employed|member of staff|staff member)s?\b"
    r"(?! (?:for|at|with) (?:the |a |our )?(?:local )?(?:mp|councillor|council|citizens advice|charity|law centre|advice))",
    r"\bi'?m (?:a |an |one of your |on the |on your )(?!tenant|resident|leaseholder)[\w ]{0,25}?(?:operative|officers?|caretakers?|"
    r"cleaners?|engineers?|planners?|surveyors?|team|advisors?|advisers?)\b(?! (?:came|visited|said|told))"
    r"(?! (?:with|from|at|for) (?!you\b|your\b|the association\b|the council\b)\w+)",
    r"\bmy (?:team leader|supervisor|workload|rota|holiday (?:pay|request)|final pay|job application|contract)\b",
    r"\b(?:suspended|sacked|dismissed) from (?:work|my job|your|the)\b", r"\bbeing sacked\b", r"\bzero[- ]hours?\b",
    r"\b(?:staff member|member of staff) here\b", r"\b(?:former|ex) (?:staff member|member of staff|employee)\b",
    r"\b(?:didn't|did not|never) get the (?:job|post|role|position)\b", r"\bat interview\b", r"\bvolunteer with\b",
    r"\b(?:had|have|got|attended|did) (?:an|my|the) interview\b", r"\binterview for\b", r"\bvacanc(?:y|ies)\b",
    r"\bmoved to a different team\b", r"\bmy cv\b", r"\bsick pay\b", r"\bfit note\b", r"\boff sick from (?:work|the \w+|my job)\b",
    r"\b(?:\d+|some|all|several|most|two|three|four|five) of us (?:in|on) the \w+ team\b", r"\b(?:paid|pay|unpaid|for the|claim(?:ed)?) overtime\b",
    r"\btemping (?:in|at|for|with)\b", r"\bthrough an agency\b", r"\bmy shifts (?:were|have been|got|are being) (?:cut|cancelled|reduced|changed)\b", r"\bmileage (?:claims?|allowance|expenses)\b", r"\bassessment (?:day|centre|center)\b", r"\bapplied for (?:\d+|two|three|four|several|many|loads of) (?:jobs|posts|roles|positions|vacancies)\b", r"\b(?:offered|offer of) (?:a |the |an )?[\w ]{0,30}?(?:job|post|role|position|contract)\b", r"\bdbs (?:check|came back|clearance)|\bsubject to dbs\b", r"\bi(?:'ve| have)? volunteer(?:ed)? (?:at|for|with|in|as)\b", r"\bmy volunteer(?:ing)? (?:role|post|placement)\b", r"\bas a volunteer\b",
    r"\bpay (?:award|review|grade|band|claim)\b", r"\bbackdat\w* (?:of )?(?:my |our |the )?(?:pay|salary|wages)\b", r"\b(?:sent|send|submitted|emailed) (?:in )?my (?:application|application form)\b",
    r"\bi left (?:your|the) (?:organisation|organization|association|company|employment|team|job)\b", r"\bmy new employer\b",
    r"\b(?:employment|job|work) reference\b", r"\bflexible working\b",
    r"\bi (?:was|used to be) (?:a |an |one of your )[\w ]{0,30}?(?:officer|operative|caretaker|cleaner|engineer|planner|surveyor|"
    r"manager|advisor|adviser|worker|apprentice|member of staff) (?:with|for|at) you\b",
)
# a relative who is staff: still an employment matter, for HR, not the complaints process
RELATIVE_STAFF = _rx(
    r"\b(?:my|our) (?:wife|husband|partner|son|daughter|mum|mother|dad|father|brother|sister|friend) (?:works|worked|is employed|is a \w+) (?:for|at|in|with) (?:you|your|the association)\b",
    r"\b(?:my|our) (?:son|daughter|child|grandson|granddaughter)\b[^.!?]{0,20}\b(?:is|was) on (?:a |an )?(?:work |work experience )?placement (?:with|at) (?:you|your)\b",
)


# "a grievance about your repairs service" is a complaint about the service, not an HR grievance
_NOT_ABOUT_SERVICE = r"(?! about (?:your|the) (?:repairs?|service|housing|landlord))"


# the writer says outright they work for the landlord: employment even if they are also a tenant
EMPLOYMENT_STRONG = _rx(
    r"\bi (?:also |still |currently |now )?work (?:for|in|at|on) (?:you|your)\b", r"\bi'?m (?:also )?employed by you\b",
    r"\bi'?m (?:also )?one of your (?:\w+ )?(?:staff|employees|engineers|operatives|officers|caretakers|cleaners|surveyors|workers|advisors|advisers)\b",
    r"\b(?:and|also) (?:an? )?(?:employee|member of staff|staff member)\b",
    r"\b(?:and|also) (?:an? )?(?:\w+ )?(?:operative|officer|caretaker|cleaner|engineer|employee|surveyor|advisor|adviser) (?:for|with|at) you\b", rf"\b(?:raise|raising|file|lodge|submit|put in) a (?:formal )?grievance\b{_NOT_ABOUT_SERVICE}",
    r"\bi'?m an? (?:\w+ )?(?:officer|operative|caretaker|surveyor|engineer|cleaner|advisor|adviser|manager) (?:in|on|for|with) (?:the |your )?\w+ team\b", r"\bthis is about my (?:job|work|employment|role)\b",
)


_AS_A_TENANT = _rx(r"\b(?:writing|here|contacting you|complaining|from me) (?:purely |just |only |simply )?as (?:a|the) (?:tenant|resident|leaseholder|customer)\b",
                   r"\bthis is (?:a|my) (?:tenant|tenancy|resident|personal) (?:question|matter|issue|enquiry|query)\b",
                   r"\bnot about my (?:job|work|employment|role)\b", r"\babout my (?:own )?(?:home|flat|house|tenancy)(?: as a tenant)?\b")


# what an employment matter is about; a staff member who is also a tenant and mentions none of
# it ("I work in your finance team but I'm also a tenant: can I set up a payment plan?") writes
# as a tenant
_ALSO_TENANT = _rx(r"\b(?:i'm|i am) also (?:a |one of your |your )?(?:tenant|resident|leaseholder)s?\b",
                   r"\b(?:i'm|i am) (?:a |one of your |your )?(?:tenant|resident|leaseholder)s? (?:as well|too)\b")
EMPLOYMENT_SUBJECT = _rx(
    r"\b(?:manager|team leader|supervisor|rota|shifts?|overtime|pay|paid|wages?|salary|payslip|contract|hours|disciplin\w*|"
    rf"grievance{_NOT_ABOUT_SERVICE}|"
    r"warning|hr|bull(?:y|ied|ying)|sacked|dismiss\w*|suspen\w*|redundan\w*|timesheets?|references?|employer|applied|applications?|trainee\w*|placement|recruit\w*|vacanc\w*|cv|(?:job )?offer|dbs|apprentice\w*|interview\w*|acas|union|lone working|"
    r"on call|holiday|leave|sick|colleagues?|job|role|post|promotion|probation|appraisal|training|pension)\b")


def is_employment_subject(text: str) -> bool:
    return bool(EMPLOYMENT_SUBJECT.search(normalise(text)))


def is_staff_writing_as_tenant(text: str) -> bool:
    t = normalise(text)
    return bool(_ALSO_TENANT.search(t)) and not EMPLOYMENT_SUBJECT.search(t)


def is_employment_strong(text: str) -> bool:
    t = normalise(text)
    return bool(EMPLOYMENT_STRONG.search(t)) and not _AS_A_TENANT.search(t)


def writes_as_tenant(text: str) -> bool:
    return bool(_AS_A_TENANT.search(normalise(text)))


def is_employment_self(text: str) -> bool:
    t = normalise(text)
    return bool(EMPLOYMENT_SELF.search(t) or RELATIVE_STAFF.search(t))


def is_relative_staff(text: str) -> bool:
    return bool(RELATIVE_STAFF.search(normalise(text)))


# --- group and third-party ------------------------------------------------------------------
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
}
_NAME_RX = re.compile(
    r"\b(?:thank(?:s| you)(?: so much| very much)? to|praise|compliment(?: for)?|thanks to|well done to|"
    r"shout ?out to|thank) ([A-Z][a-z]+)\b"
    r"|\b([A-Z][a-z]+) (?:from|in|at|on|the|and) (?:the |your |our |his |her )?(?:[a-z]+ )?(?:team|office|services|lettings|caretaker|plumber|electrician|engineer|"
    r"housing officer|repairs|maintenance|phones|crew|lads|roofer|technician|officer|[A-Z][A-Za-z]+)\b"
    r"|\bthe (?:lad|man|woman|lady|guy|fella|bloke|engineer|plumber|roofer|officer|caretaker|electrician) ([A-Z][a-z]+)\b"
    r"|\b(?:tell|thank) ([A-Z][a-z]+)\b|\b([A-Z][a-z]+), (?:my|our|the) (?:[a-z]+ ){0,2}(?:officer|worker|manager|caretaker|engineer)\b"
)


def find_person_name(text: str) -> Optional[str]:
    for m in _NAME_RX.finditer(text or ""):
        name = next((g for g in m.groups() if g), None)
        if name and name not in _NAME_STOP:
            return name
    return None


# --- strong dissatisfaction (a service request the resident is unhappy with) -----------------
DISSATISFACTION = _rx(
    r"\b(?:disgusting|disgraceful|disgrace|unacceptable|appalling|shocking|ridiculous|shambles|"
    r"useless|pathetic|joke|outrageous|shameful|sick of|fed up|had enough|fuming|furious|livid)\b",
    r"\bworst (?:landlord|housing|service|association|council|repair|experience|company)\b",
    r"\b(?:do|doing) (?:ur|your|their|his|her) (?:job|jobs)\b", r"\bnot what (?:i|we) (?:expected|was promised|were promised|paid for)\b",
    r"\b(?:frankly |absolutely |totally )?insulting\b", r"\bhow (?:could|dare) (?:you|your \w+)\b", r"\bhow dare (?:he|she|they)\b",
    r"\b(?:totally|completely|bang|well|way|so|just) out of order\b", r"\b(?:it's|its|it is|still|and|but) no better\b",
    r"\bnot (?:good enough|acceptable|happy)\b", r"\b(?:my |our )?dissatisf\w*\b", r"\b(?:very |really |so )?(?:unhappy|dissatisfied|disappointed) (?:with|about|that)\b",
    r"\bpoor (?:service|workmanship|quality|job|standard)\b", r"\bshoddy\b", r"\bbotched\b",
    r"\bobject(?:ing)? to\b", r"\bfobbed off\b",
    r"\b(?:like|want|ask for) (?:that|this|the|your) decision (?:to be )?(?:reviewed|looked at again|overturned|changed|reconsidered)\b",
    r"\bchallenge (?:the|this|that|your) decision\b", r"\bhow on earth\b", r"\bnot good enough\b",
    r"\bwho (?:authori[sz]ed|approved|allowed|agreed to|said you could)\b", r"\bwithout (?:telling|asking|consulting|warning|informing|notifying) (?:me|us|anyone)\b",
    r"\bdiscriminat\w*", r"\bpushed out\b", r"\bbecause (?:i'm|i am|we're|we are|she's|he's|they're) (?:disabled|black|gay|muslim|jewish|foreign|old|elderly|pregnant|a woman|deaf|blind)\b",
    r"\b(?:told|said to) (?:me|us) (?:it|this|that) (?:wasn't|was not|isn't|is not) (?:an )?(?:emergency|urgent|their problem|their job)\b", r"\bnot a priority\b",
    r"\b(?:really|very|so|pretty|absolutely|just) poor\b", r"\bso-called\b", r"\brip[- ]?off\b",
    r"\b(?:a )?(?:bit|little|quite|really|very|so) (?:annoyed|miffed|peeved|hacked off|cheesed off)\b", r"\bnot a (?:word|peep|squeak)\b",
    r"\b(?:a bit of|a little|some) (?:communication|common courtesy|respect) would (?:be|have been) nice\b",
    r"\b(?:you're|you are) (?:now )?threatening (?:me|us)\b", r"\bcheck your (?:own )?records\b",
    r"\byou (?:keep|kept) (?:cancelling|canceling|moving|changing|putting (?:it|me|us) off|rescheduling|missing)\b",
    r"\b(?:spoken|talked|spoke) to (?:me )?like that\b", r"\bgrievance (?:about|against|with) (?:your|the)\b",
    r"\bwithout (?:any )?(?:consultation|notice|warning|explanation)\b", r"\bwhat(?:'s| is) the point\b", r"\bround and round\b",
    r"\b(?:going|go|went) round in circles\b", r"\bpillar to post\b", r"\bwith no reason\b", r"\bnothing against (?:him|her|them|the \w+)\b",
    r"\bdoes (?:anyone|anybody) (?:actually |even )?(?:read|listen|care)\b", r"\bcan (?:someone|anyone|somebody) actually\b",
    r"\bnot how (?:it|this|the \w+|things|you) (?:is|are|should be|treat) ?(?:meant|supposed)? ?(?:to )?(?:work|be done|happen|people)?\b", r"\bdeserves? better\b",
    r"\b(?:i|we) (?:dispute|contest|challenge|disagree with|don't accept|do not accept|refuse to pay)\b", r"\bwhat (?:exactly )?(?:are|am) (?:we|i) (?:actually )?paying (?:for|rent for)\b", r"\bno reason (?:given|why)\b",
    r"\bno (?:letter|explanation|warning|notice),? (?:and )?no (?:reason|explanation|warning|notice|letter)\b",
    r"[\U0001F621\U0001F92C\U0001F620\U0001F926\U0001F644\U0001F624\U0001F44E\U0001F612]",
 r"\b(?:with|and|given) no (?:explanation|warning|reason given|notice|letter)\b", r"\bon hold for\b", r"\bkept (?:me|us) (?:on hold|waiting)\b", r"\brubbish (?:workmanship|service|job|repair)\b",
    # the landlord failed to act (Code 1.2: "actions or lack of action by the landlord")
    r"\byou(?: lot)? (?:still )?(?:haven't|have not|never|didn't|did not|failed to|couldn't be bothered to) (?:even )?"
    r"(?:come|came|been back|come back|fixed|sorted|repaired|replied|responded|called|rung|rang|sent|done|bothered|turned up|listened|answered|acknowledged)\b",
    r"\b(?:didn't|did not|never) (?:come|arrive|attend)\b",
    # charged for something not provided
    r"\bcharg\w*\b[^.!?]{0,60}\b(?:never|not|doesn't|does not|don't|do not|isn't|wasn't) (?:happen\w*|done|provided|exist\w*|get|got|have|had|carried out|cleaned)\b",
)


# sarcastic praise: "shout out to @x for leaving my toilet leaking for 3 weeks 🙄"
SARCASM = _rx(
    r"\b(?:thanks?|thank you|shout ?out|well done|cheers|kudos|hats off|congrat\w*)(?: so much| very much| a lot)?(?: to)?(?: [@\w]+){0,4}? for (?:ignoring|nothing|losing|breaking|cancelling|making (?:me|us) wait|leaving (?:me|us|my|our|the|an?|\w+ up)\b[\w ]{0,50}?\b(?:with (?:a hole|no)|leaking|broken|without|waiting|in the dark|cold|dripping|running|wide open|flooded|mouldy|damp|unfixed|for (?:a |an |\d+ |two |three |four |several )?(?:days|weeks?|fortnight|months?)))\b",
    r"[\U0001F644\U0001F612]", r"\byeah right\b",
    r"\b(?:well done|gold star|bravo|great job|congrat\w*)\b[^.!?]{0,40}\b\d+ (?:weeks|months|days|hours) to (?:fix|do|sort|repair|replace|answer|reply)\b",
    r"\b\d+ (?:weeks|months) to (?:fix|do|sort|repair|replace)\b[^.!?]{0,40}[.!?]? ?(?:well done|gold star|bravo|great job)\b", r"#sarcasm\b", r"#not\b", r"\bmoney well spent\b",
)


def is_sarcastic(text: str) -> bool:
    return bool(SARCASM.search(normalise(text)))


def is_dissatisfied(text: str) -> bool:
    t = normalise(text)
    return bool(DISSATISFACTION.search(t) or SARCASM.search(t))


def is_unhappy(text: str) -> bool:
    """Dissatisfied, a problem reported again and again, or staff at fault."""
    return is_dissatisfied(text) or is_repeated_unresolved(text) or staff_at_fault(text)


# a resident writing about their own home (used to tell them apart from staff)
RESIDENT_CONTEXT = _rx(
    r"\bmy (?:flat|house|home|property|kitchen|bathroom|boiler|repair|tenancy|rent|arrears|door|neighbour|garden|block|gate|"
    r"fence|car|dog|windows?|belongings|furniture|carpet|walls?|ceiling|heating|shed|kids|children|husband|wife|partner)\b",
    r"\b(?:came|come|coming) (?:round|to my|out)\b", r"\bvisited me\b", r"\bon my doorstep\b", r"\btenants?\b",
    r"\bresidents?\b", r"\bon the phone\b", r"\byour (?:income|housing|tenancy|asb|neighbourhood|rent) officer\b", r"\barrears\b", r"\bmy (?:mum|dad|son|daughter|kids|children)\b",
    r"\b(?:tenancy(?! (?:sustainment|support|officer|team|services|advisor|adviser))|the rent|bin stores?|communal|stairwell|our block|the block|the estate)\b",
)


def is_resident_context(text: str) -> bool:
    return bool(RESIDENT_CONTEXT.search(normalise(text)))


# --- the landlord's own staff or contractors did something wrong -----------------------------
_STAFF = (r"(?:engineer|plumber|electrician|contractor|operative|workm[ae]n|worker|fitters?|painters?|decorators?|"
          r"plasterers?|tilers?|scaffolders?|glaziers?|joiners?|carpenters?|bricklayers?|"
          r"gardeners?|caretaker|staff|surveyor|officer|advisor|adviser|handyman|roofers?|builders?|installers?|pest control(?: \w+)?|"
          r"(?:lady|woman|man|guy|girl|bloke|fella|person) (?:i|we) (?:spoke|talked) (?:to|with)|(?:lady|woman|man|guy|girl|bloke|fella|person) on (?:the |your )?(?:phones?|line)|"
          r"repairs? (?:man|guy|lad|team)|man from (?:the|your)|woman from (?:the|your)|your (?:man|people|team|lads)|"
          r"your (?:\w+ )?(?:team|staff|people|men|lads|contractors?|workers?|crew|service)|"
          r"the (?:\w+ )?(?:team|crew|contractors?|staff))")
STAFF_DAMAGE = re.compile(
    rf"\b{_STAFF}s?\b[^.!?]{{0,60}}?\b(?:broke|damaged|ruined|smashed|scratched|cracked|flooded|lost(?! (?:my|our|his|her) (?:job|husband|wife|partner|mum|dad|mother|father|son|daughter|baby|temper|way|home))|"
    rf"threw away|thrown away|threw out|thrown out|chipped|caught (?:my|our) (?:car|van|window|door)|binned|destroyed|spilled|spilt|dripped|bent|stained|ripped|dented|burnt|burned|"
    rf"left (?:a |the )?(?:mess|hole)|left (?:it|the \w+|my \w+) (?:filthy|dirty|in a (?:state|mess|right state))|ran over|reversed into)\b", _F)
# the landlord's works in the way: "blocked by your builders' materials", "your contractor's van across my drive"
STAFF_NUISANCE = re.compile(
    r"\b(?:blocked|damaged|broken|left|dumped|obstructed) by (?:your|the) (?:\w+ )?(?:builders?|contractors?|workmen|workers|engineers?|scaffolders?|fitters?|installers?)\b|"
    r"\byour (?:\w+ )?(?:contractors?|builders?|workmen|scaffolders?)'?s? (?:van|vans|lorry|lorries|truck|skip|vehicles?|materials)\b", _F)
YOU_DAMAGE = re.compile(
    r"\byou(?: lot)? (?:have |had )?(?:broke|broken|damaged|ruined|smashed|scratched|lost(?! (?:my|our) (?:job|temper|way))|threw away|thrown away|"
    r"destroyed|flooded|binned|dumped|cleared out)\b", _F)
STAFF_MISCONDUCT = re.compile(
    rf"\b{_STAFF}s?\b[^.!?]{{0,90}}?\b(?:rude|rudely|aggressive|aggressively|swore|swearing|shouted|shouting|"
    rf"laughed|condescending|insulted|insulting|racist|sexist|homophobic|disrespectful|intimidating|threatening|"
    rf"unprofessional|abusive|mocked|made fun|hung up|put the phone down|stop wasting|humiliat\w*|patronising|dismissive|refused to|pressur\w*|bull(?:y|ied|ying)|argued|argumentative|"
    rf"called (?:me|us|her|him|my \w+) (?:a |an )(?:liar|idiot|scrounger|troublemaker|nuisance|time ?waster|cheat|thief|\w+ (?:liar|idiot)))\b", _F)


_STAFF_MENTION = re.compile(rf"\b{_STAFF}s?\b", _F)


def mentions_staff(text: str) -> bool:
    return bool(_STAFF_MENTION.search(normalise(text)))


def staff_at_fault(text: str) -> bool:
    """The landlord's staff or contractors damaged something or behaved badly (Code 1.2)."""
    t = normalise(text)
    return bool(STAFF_DAMAGE.search(t) or STAFF_MISCONDUCT.search(t) or YOU_DAMAGE.search(t) or STAFF_NUISANCE.search(t))


# --- a neighbour's behaviour (a new ASB report) vs words aimed at the landlord ---------------
NEIGHBOUR = re.compile(
    r"\b(?:neighbours?|next door'?s?|(?:people|man|woman|family|lads?|kids|youths|teenagers|tenants?|couple|bloke|guy|someone|somebody|"
    r"men|women|girls?|boys?|occupants?|residents?)\b[^.!?]{0,25}\b(?:next door|upstairs|downstairs|above|below|opposite|across|in flat|"
    r"at (?:no|number)|in (?:no|number)|on the \w+ floor|in the block|on the estate|in the stairwell|"
    r"(?:of|at|in|into) (?:no\.? ?|number |flat )?\d+[a-z]?\b)|"
    r"\bthe (?:flat|house|maisonette|property) (?:above|below|next door|opposite|upstairs|downstairs|across|next to (?:me|mine|us|ours))|"
    r"\b(?:teens|kids|youths|lads|gang|group|teenagers) (?:that|who) (?:hang|hangs|hanging) (?:around|about|out)\b|"
    r"\b(?:kids|lads?|youths|teenagers|teens|boys|girls|gang|group|men|people)\b[^.!?]{0,90}\b(?:on|in|at|around) (?:\w+ ){1,2}"
    r"(?:close|road|street|estate|court|way|lane|avenue|drive|crescent|gardens|place|green|grove|walk|house|tower)\b|"
    r"\b(?:people|lads?|kids|youths|teenagers|teens|group|gang|men|boys|girls|strangers)\b[^.!?]{0,40}\b(?:in|at|on|around|outside) the "
    r"(?:bin stores?|car park|stairs|stairwell|lift|corridor|hallway|garden|park|play area|alley|garages?|landing|entrance|lobby)|"
    r"\b(?:motorbikes?|scooters|quad bikes?|cars|vans|bikes)\b[^.!?]{0,40}\b(?:round|around|across|outside|up and down|on) (?:the )?(?:estate|grass|green|close|block|car park|\d+))", _F)
NEIGHBOUR_BEHAVIOUR = re.compile(
    r"\b(?:shout(?!(?: |-)?outs?\b)\w*|scream\w*|threat\w*|harass\w*|abus\w*|music|noise|nois\w+|part(?:y|ies)|drugs?|dealing|fight\w*|"
    r"swear\w*|spat|spit\w*|intimidat\w*|smash\w*|throw\w*|dump\w*|bang\w*|accus\w*|barking|stamping|slamming|"
    r"cannabis|weed|skunk|drunk|drinking|urinat\w*|graffiti\w*|vandal\w*|attack\w*|stalk\w*|racist|knocking|dogs?|foul\w*|"
    r"bark\w*|howl\w*|fires?|fireworks|scratch\w*|blocking|film\w*|cctv|sleeping rough|revv\w*|drums?|drill\w*|"
    r"quad bikes?|tearing (?:round|around|up)|hammer\w*|park(?:s|ed|ing)?(?! (?:permits?|spaces?|bays?|scheme|charges?|fees?))\b|kick\w*|ringing my|chuck\w*|lobb\w*|racing|staffies|staffy|pit ?bulls?|went for (?:me|my|him|her|us)|at all hours|smok\w*|argu\w*|stomp\w*|loud|racket|rubbish bags|strangers|"
    r"scooters|motorbikes?|antisocial|anti-social|asb|nuisance|brothel|prostitut\w*|gang|youths|needles|syringes|"
    r"intimidat\w*|spreading rumours|aggressive|abusive|dumping|keeps? following|follow(?:s|ed|ing) (?:me|my|us|her|him)|lurking|staring|hanging (?:about|around)|loitering|setting fire|broken bottles)\b", _F)
LANDLORD_DIRECTED = _rx(
    r"\byou (?:have|haven't|never|did|didn't|do nothing|don't|closed|told|said|promised|refused?|ignored|won't|keep|lot)\b",
    r"\byour (?:staff|team|officers?|housing|asb|office|contractors?|call centre)\b", r"\bpromised\b",
    r"\b(?:housing|asb|neighbourhood|estate) officer\b", r"\basb team\b",
    r"\breported (?:it|this|them|him|her|the \w+)\b(?! (?:to|with) (?:the )?police)", r"\b(?:no one|nobody) (?:has |is )?(?:done|doing|did|does|came|come|called)\b",
    r"\bnothing (?:has been|is being|gets|was) done\b", r"\bstill waiting\b", r"\b(?:complain|complaint)\b",
)


_NOT_ABOUT_YOU = _rx(
    r"\b(?:i'm |i am )?not (?:complaining|a complaint|making a complaint)(?: about (?:you|your \w+)(?: lot)?)?\b",
    r"\b(?:have|had|has)(?: not|n't|never) (?:reported|told you about) (?:this|it|them|him|her) (?:before|yet|until now)\b",
    r"\b(?:reporting|report) (?:this|it) for the first time\b", r"\bfirst time (?:i've|i have|i'm|i am|we've|we have) (?:ever )?report\w* (?:it|this|them)\b", r"\byou(?:'ve| have) always been (?:good|great|helpful|fine)\b",
)


_ABOUT_NEIGHBOUR = _rx(r"\bcomplain\w* (?:about|regarding|against) (?:my|the|our) (?:\w+ )?neighbou?rs?\b")


def complains_about_neighbour(text: str) -> bool:
    """ "I want to make a complaint about my neighbour": a report of the neighbour, not of the landlord."""
    return bool(_ABOUT_NEIGHBOUR.search(normalise(text)))


def is_new_neighbour_report(text: str) -> bool:
    """About what a neighbour (or someone nearby) does, and not about the landlord's response."""
    t = _NOT_ABOUT_YOU.sub(" ", _ABOUT_NEIGHBOUR.sub(" neighbour ", normalise(text)))
    return bool(NEIGHBOUR.search(t) and NEIGHBOUR_BEHAVIOUR.search(t) and not LANDLORD_DIRECTED.search(t)
                and not staff_at_fault(t))


# --- praise (a compliment) with nothing negative and nothing asked for ----------------------
PRAISE = _rx(
    r"\b(?:brilliant|fantastic|amazing|excellent|superb|wonderful|outstanding|exceptional|first class|spotless)\b",
    r"\b(?:a star|a legend|a gem|a credit to|credit where|hats off|well done|top marks|kudos|shout ?out)\b",
    r"\b(?:are|r|is|were|was) (?:absolute |real |total |proper |such )?(?:stars?|heroes|legends?|gems?|diamonds?|gents?)\b",
    r"\b(?:such|really|very|so) good\b", r"\bin no time\b", r"\b(?:a |such a )?(?:total |real |proper )?gent\b", r"\bgood (?:job|service|work)\b",
    r"\b(?:above and beyond|deserves? (?:a |an |some )?(?:medal|pay rise|raise|award|recognition|praise|thanks|mention|promotion|credit|bonus|pat on the back)|can't thank|cannot thank)\b",
    r"\b(?:so|very|really|incredibly|extremely) (?:helpful|kind|patient|polite|professional|friendly|understanding|respectful|useful)\b",
    r"\b(?:please )?(?:pass on|send) (?:my|our) (?:thanks|appreciation|gratitude)\b", r"\bplease thank\b",
    r"\bpass (?:my|our) (?:thanks|appreciation|gratitude) on\b", r"\b(?:was|were|is|are|been) (?:really |so |absolutely )?great\b",
    r"\b(?:can|could|would) you (?:please )?(?:thank|pass on (?:my|our) thanks)\b",
    r"\b(?:really|so|very) (?:impressed|pleased|grateful|happy) with\b", r"\b(?:compliment|praise)\b",
    r"\bthank(?:s| you)(?: so much| very much)? to\b", r"\bgreat (?:job|work|service)\b",
    r"\b(?:lovely|kind|polite|friendly|thorough|professional|cheerful|respectful|patient|helpful|tidy|class)\b",
    r"\b(?:appreciate\w*|appreciation|grateful|gratitude|pleased|delighted|impressed)\b", r"\bpositive feedback\b",
    r"\b(?:best (?:service|repair|experience)|a pleasure|credit to|fair play|saved the day|worked wonders|"
    r"(?:the )?extra mile|couldn't fault|can't fault|speak highly|10 out of 10|a rock|a gent|a huge difference|"
    r"made a (?:real |big |huge )?difference|recognise the work|want to thank|like to thank|wanted to thank|"
    r"thank (?:him|her|them|you all)|looks? (?:lovely|great|brilliant|smart|amazing)|it meant a lot|"
    r"went smoothly|so refreshing|shout out|nominate|five stars|5 stars)\b",
    r"\bmade (?:my|it|the|everything|our|things|a) [\w ]{0,30}?(?:so |really |very )?(?:easy|easier|simple|smooth|stress[- ]free|painless|bearable)\b",
    r"\bfab(?:ulous)?\b", r"\bcanny (?:job|lad|lass|work)\b", r"\breassuring\b", r"\bhow much [\w,' ]{0,50}?(?:has |have )?(?:helped|supported)\b",
    r"\b(?:write|writing|wanted|want|like) (?:to )?(?:and )?thank\b", r"\btop (?:man|lad|bloke|woman|lady|guy|fella|girl|job)\b", r"\b(?:was|is|were|are) (?:proper |dead )?sound\b", r"\b(?:brilliantly|excellently|superbly|wonderfully|beautifully)\b", r"\b(?:crystal|really|so|very) clear\b", r"\b(?:considerate|thoughtful)\b", r"\bcommend\w*", r"\bpass on (?:the |her |his |their )?thanks\b", r"\b(?:meant|means) (?:so much|a lot|the world)\b",
    r"\bhow much [\w ]{1,40}meant\b", r"\bfelt (?:listened to|heard|supported|respected)\b", r"\boverwhelmingly positive\b", r"\bnot judg\w+ me\b", r"\bwithout judging\b", r"\bcouldn't (?:have )?(?:asked|wish(?:ed)?) for (?:more|better|anyone better)\b", r"\bmade my (?:day|week)\b", r"\bsensitive(?:ly)?\b", r"\bkept (?:me|us) informed\b", r"\bcredit where\b", r"\b(?:would|i'd|i) (?:highly |definitely |totally )?recommend\b",
    r"\b(?:took|takes|taking|take) (?:so much|such|great|real|extra|the time and|good) care\b",
    r"\bkept (?:me|us|my \w+) (?:updated|informed|in the loop)\b", r"\balways (?:calls?|rings?|gets?) (?:me |us )?back\b",
)
NEGATIVE = _rx(
    r"\bnot\b", r"\bnever\b", r"\bno one\b", r"\bnobody\b", r"\bstill\b", r"n't\b", r"\bno\b",
    r"\b(?:rude|worst|terrible|awful|poor|disgust\w*|unacceptable|complain\w*|broken|leak\w*|unhappy|dissatisf\w*|"
    r"disappoint\w*|damaged|ruined|angry|upset|waiting|again|but|without|ombudsman|disrepair)\b", r"\bshould be grateful\b(?! (?:if|for any|to (?:know|receive|hear|have (?:a|your) (?:reply|response))))",
    r"\b(?:dispute\w*|recharge\w*|contest\w*)\b",
    r"\b(?:is|are|it's|has come|have come|comes) back\b(?! (?:to|from|on (?:track|form)))", r"\bmoney well spent\b",
    r"\b(?:repairs?|works?|jobs?|issues?|items?|problems?|balance|arrears|rent|payments?|debts?) (?:are |is |that are |which are )?(?:still |all )?outstanding\b",
    r"\boutstanding (?:repairs?|works?|jobs?|issues?|items?|problems?|balance|arrears|rent|payments?|debts?|amount)\b",
    r"\bleav(?:e|es|ing) (?:me|us|her|him|them|my \w+(?: \w+)?) (?:with|without|in)\b",
)
REQUEST = _rx(r"\?", r"\b(?:can|could|would) (?:you|someone|somebody|i)\b(?! (?:please )?(?:thank|pass (?:on|my|our)|tell|let|give))", r"\bplease (?:send|fix|come|arrange|book|(?:can|could)(?! you (?:please )?(?:thank|pass on|tell|let|give)))\b",
              r"\b(?:i|we) need\b", r"\bhow (?:do|can)\b", r"\bhow much\b(?![\w,' ]{0,50}?(?:helped|supported|meant|means|appreciate))", r"\brequesting\b", r"\ba copy of\b",
              r"(?:^|[,.;:!] ?|^(?:hi|hey|hello|hiya|morning|afternoon|evening)[,!]? )(?:is|are|do|does|can|could|will|would|am|should) (?:there|it|that|this|you|i|we|anyone|anybody|someone|somebody)\b(?! (?:please )?(?:thank|pass (?:on|my|our)|tell (?:\w+ ){1,4}(?:thank|thanks)))",
              r"(?:^|[.;:!?] ?)(?:what|when|where|who|how) (?:is|are|was|do|does|did|can|could|will|would|should|has|have|much|long|many|often|soon|about|happens)\b",
              r"(?:^|[.;:!?] ?)(?:what|which) (?:day|days|time|date|week|number|email|address|bin|form)\b", r"\bis it possible\b", r"\b(?:eligible|allowed) (?:for|to)\b",
              r"\b(?:would|'d|should) be (?:very |most |really )?grateful (?:if|to|for)\b",
              r"\bplease (?:update|change|amend|note|add|remove|cancel|confirm|advise|call|ring|contact)\b",
              r"\bso (?:you|someone) can (?:raise|book|arrange|fix|sort|look|get)\b", r"\bpassing (?:it|this) on\b", r"\bplease let (?:me|us) know\b")


# "never once made me feel judged", "nothing was too much trouble": praise worded with a negative
PRAISE_NEGATION = _rx(
    r"\b(?:never|didn't|did not|not|don't|doesn't|wouldn't|would not)(?: once| ever)? (?:make|made) (?:me|us|her|him|them|my \w+) feel [\w ]{1,20}?(?=[.,!;]|$| about| for| when| like)",
    r"\bnothing (?:was|is) (?:too much|any) trouble\b", r"\bno (?:fuss|hassle|mess left)\b",
    r"\bwithout (?:any |a )?(?:fuss|hassle|mess|hitch|being asked|complaint|complaining|me asking|fail)\b", r"\bwouldn't (?:even )?take\b",
    r"\bcouldn't (?:have )?(?:been|do) more\b", r"\bcouldn't (?:have )?(?:asked|wish(?:ed)?) for (?:more|better|anyone better)\b",
    r"\bfor not (?:judging|rushing|giving up on|making me feel|treating me)\b", r"\bcan'?t (?:thank|fault|praise)\b", r"\bcannot (?:thank|fault|praise)\b",
)

# something wrong, said strongly enough that a message without praise or thanks is not a compliment
_WITHOUT_BASICS = r"\bwithout (?:any )?(?:heat|heating|hot water|water|power|electric\w*|help)\b"
_BAD_STATE = r"(?<!rid of the )(?<!rid of )(?<!rid of all the )\b(?:stinks?|stinking|filthy|maggots|rats|dangerous|unsafe)\b"
_LEFT_WITHOUT = r"\bleft (?:her|him|me|us|them|my \w+) (?:without|with no|in)\b"
WRONG = _rx(r"\b(?:hasn't|haven't|has not|have not|still)\b", _WITHOUT_BASICS, r"\bno (?:hot water|heating|heat|power|water|gas)\b",
            r"\b(?:have|has|been|were|was) (?:been )?cut\b", r"\b(?:frightened|scared|terrified)\b", _BAD_STATE,
            _LEFT_WITHOUT)
THANKS = _rx(r"\bthank\w*", r"\bthanx\b", r"\bthx\b", r"\bcheers\b", r"\bta\b", r"\bkudos\b", r"\bpraise\b",
              r"\bcompliments?\b", r"\bgrateful\b", r"\bappreciat\w*", r"\bshout ?out\b")

# "Thank you Daniel" thanks Daniel; "With thanks, Arthur" and a closing "Thank you, Olena" are signatures
_THANK_NAME = re.compile(r"(?<![Ww]ith )(?<![Mm]any )\b[Tt]hank(?:s| [Yy]ou)(?: so much)?,? ([A-Z][a-z]+)\b(?!(?: [A-Z][a-z]+)?\s*$)")


# "I made a complaint last month and the way Sophie handled it was excellent": the complaint is
# history, the message is praise
_PAST_COMPLAINT = _rx(r"\b(?:i|we) (?:made|raised|put in|logged|submitted|had|opened) (?:a |my |our )?(?:formal )?complaint\b"
                      r"(?=[^!?]{0,120}\b(?:handled|dealt with|sorted|resolved))",
                      r"\b(?:was|were) (?:all )?(?:set|going|about|ready) to (?:put in|make|raise|file|send) (?:a |my )?complaint\b",
                      r"\b(?:dealt with|handled|resolved|sorted(?: out)?|looked into) (?:my|our|the) complaint\b", r"\bcomplaints (?:team|department|officer)\b",
                      r"\b(?:first|last one|usually the first) to (?:moan|complain)\b",
                      r"\b(?:i|we) (?:first |originally |initially )?complained\b(?=[^!?]{0,150}\b(?:since|took over|now|sorted|done properly|resolved|handled)\b)")


_PRAISE_SPOILERS = _rx(
    r"\bcomplain\w*", r"\bbut\b[^.!?]*\b(?:not|no|never|n't|still)\b", r"\bshould be grateful\b", r"#\w*(?:disrepair|fail|shame)",
    r"\bleav(?:e|es|ing) (?:me|us|her|him|them|my \w+(?: \w+)?) (?:with|without|in)\b",
)


# what is wrong now (the resident's past fears, "I was scared about my arrears", do not count)
_WRONG_STATE = _rx(r"\b(?:hasn't|haven't|has not|have not)\b(?!(?: [\w']+){1,3} since\b| (?:stopped talking|stopped smiling|let (?:me|us) down|missed a))", r"(?<!could )(?<!can )\bstill\b(?! (?:can't|cannot) (?:believe|thank)| (?:get|got|able|use|go|have))",
                   _WITHOUT_BASICS, _BAD_STATE, _LEFT_WITHOUT)


_NEGATED_PRAISE = _rx(r"\b(?:not|n't|never|no|hardly) (?:a |very |so |really |that |particularly |exactly )?"
                      r"(?:good|great|brilliant|helpful|professional|kind|polite|friendly|excellent)(?: (?:service|job|work))?\b")


def complains_now(text: str) -> bool:
    """Asks for a complaint now, not one made and handled, or one the writer was about to make."""
    return bool(EXPLICIT_COMPLAINT.search(_PAST_COMPLAINT.sub(" ", normalise(text))))


def is_praise_dominant(text: str) -> bool:
    """Two or more marks of praise or thanks and nothing wrong said of the landlord now."""
    t = _NEGATED_PRAISE.sub(" ", _PAST_COMPLAINT.sub(" ", normalise(text)))
    marks = {m.group(0) for m in PRAISE.finditer(t)} | ({"thanks"} if THANKS.search(t) else set())
    if any(m.group(1) not in _NAME_STOP for m in _THANK_NAME.finditer(text or "")):
        marks.add("named thanks")
    if marks and find_person_name(text):
        marks.add("named staff")
    if len(marks) < 2:
        return False
    rest = PRAISE_NEGATION.sub(" ", t)
    return not (is_dissatisfied(t) or is_repeated_unresolved(t) or is_explicit_complaint(t) or staff_at_fault(t)
                or REDRESS.search(t) or _WRONG_STATE.search(rest) or _PRAISE_SPOILERS.search(rest) or REQUEST.search(rest)
                or SARCASM.search(t))


def is_pure_praise(text: str) -> bool:
    t = normalise(text)
    named = any(m.group(1) not in _NAME_STOP for m in _THANK_NAME.finditer(text or ""))
    rest = PRAISE_NEGATION.sub(" ", _PAST_COMPLAINT.sub(" ", t))
    return bool(PRAISE.search(t) or named) and not NEGATIVE.search(rest) and not REQUEST.search(rest) \
        and not REDRESS.search(t) and not is_dissatisfied(t) and not is_repeated_unresolved(t)


def has_neighbour_behaviour(text: str) -> bool:
    return bool(NEIGHBOUR_BEHAVIOUR.search(normalise(text)))


# Someone whose behaviour could be reported, or behaviour that only people cause: an ASB report
# has one of them; "the bin lids are broken and foxes get in" has neither.
PERSON = re.compile(
    r"\b(?:neighbou?rs?|next door|upstairs|downstairs|someone|somebody|people|persons?|man|woman|men|women|lads?|"
    r"girls?|boys?|kids|children|child|youths?|teen\w*|tenants?|couple|bloke|guy|fella|he|she|they|them|his|her|their|"
    r"family|dealers?|residents?|visitors?|owners?|drivers?|gangs?|group|(?:flat|number|no\.?|house) ?\d+\w?|occupants?|"
    r"lodgers?|partner|boyfriend|girlfriend|friends?|mates?|whoever|anyone|everyone|opposite|the (?:flat|house) (?:above|below|behind|opposite))\b", _F)
PEOPLE_BEHAVIOUR = re.compile(
    r"\b(?:nois\w*|music|loud|bass|part(?:y|ies)|drugs?|dealing|cannabis|weed|skunk|drilling|hammering|motorbikes?|"
    r"scooters|anti-?social|asb|nuisance|shout\w*|scream\w*|fight\w*|threat\w*|harass\w*|abus\w*|graffiti|vandal\w*|"
    r"racket|stomp\w*|revv\w*|stamping|banging|keeps? following|follow(?:s|ed|ing) (?:me|my|us|her|him)|lurking)\b", _F)


def involves_people(text: str) -> bool:
    t = normalise(text)
    return bool(PERSON.search(t) or PEOPLE_BEHAVIOUR.search(t))


# Asking to be put right for something that happened (money back, compensation, an apology) is
# dissatisfaction with it, so a complaint, never a plain enquiry.
REDRESS = _rx(
    r"\bcompensat\w*", r"\breimburs\w*", r"\bgoodwill\b", r"\bapolog(?:y|ies|ise|ize)\b", r"\bout of pocket\b",
    r"\b(?:get|have|want|like|need) (?:it|them|this|that|the (?:damage|repair|cost|\w+)) paid for\b", r"(?<!how do i )(?<!how can i )(?<!can i )(?<!could i )\b(?:get|have) (?:it|this|that|them|the \w+|my money) refunded\b",
    r"(?<!have to )(?<!need to )(?<!\bi )(?<!\bwe )(?<!\bi'll )(?<!do i )\bpa(?:y|id) (?:for|me|us) (?:back )?(?:it|that|this|those|the (?:damage|cost|repair|vet|bill)|my|our)\b",
    r"\b(?:have|get|claim|want|like|ask for|given?)\b[^.!?]{0,30}?(?:\b(?:money|costs?|fares?|fees?|charges?|it|that|them|those)|£ ?\d+(?:\.\d\d)?)\s+back\b",
    r"\brefund (?:it|that|them|those|me|us|the (?:fee|charge|money|cost)|my £|the £)\b",
    r"\b(?:i'm|i am|we're|we are|she's|he's) owed\b", r"\b(?:have|get|claim|ask for|want) (?:some )?money (?:for|towards|back)\b", r"\bwho(?:'s| is) (?:going to |gonna )?pay(?:ing)? (?:for )?(?:that|this|it)\b", r"\bsomething towards\b",
    r"\bpayment for (?:my|our|the) (?:time|trouble|inconvenience|losses|loss|damage)\b",
)
# Questions that are grievances in question form: "why did your surveyor ...?", "is this how your
# staff are trained?", "what is going on".
GRIEVANCE_QUESTION = _rx(
    r"\bwhy (?:did|have|has|had|do|does|was|were|would|are|is|should) (?:you|your|the|i|he|she|they|we|nobody|no one|no-one)\b",
    r"\bis this how\b", r"\bhow (?:does|did|can|could|has) it take\b",
    r"\bhow (?:exactly )?(?:am i|are we|is anyone|are people|is (?:my|an?) \w+) (?:meant|supposed|expected) to\b", r"\bignor\w+\b", r"\bis (?:anyone|anybody) (?:actually |even )?(?:reading|listening)\b",
    r"\bdo (?:you|they) (?:even |actually )?(?:understand|care|realise|realize)\b", r"\b(?:is this|this is) what (?:we|i) pay\b", r"\bwhat(?:'s| is) going on\b", r"\bhow (?:could|dare) (?:you|your|they|he|she)\b", r"\bexplain why\b", r"\bwhy (?:you're|you are|i'm|i am)\b",
    r"\bpromised\b", r"\battitude\b", r"\bleft (?:\d+|several|loads of|so many|countless|two|three|four|five|six) (?:messages|voicemails)\b",
    r"\byour own\b", r"\bcaused\b", r"\bhow (?:is|was|can) (?:that|this|it) (?:allowed|acceptable|right|legal|fair|ok)\b",
    r"\b(?:mortified|humiliat\w*|embarrass\w*|upset\w*|unfair|distress\w*)\b",
)


# A fault that started just now, reported with nothing about earlier reports or how it was handled:
# a first report (service request), however it is worded.
FRESH_ONSET = _rx(r"\b(?:since|from|as of|first thing|early|late|overnight|during the night|sometime) (?:this morning|last night|yesterday|today|the night)\b",
                  r"\b(?:this morning|last night|an hour ago|(?:a )?(?:few|couple of) hours ago|just now|earlier today|(?:about |around )?\d+ (?:mins?|minutes) ago)\b",
                  r"\bjust (?:letting you know|to let you know|a heads up|reporting (?:it|this))\b", r"\b(?:said|told me) (?:i should |to )report (?:it|this)\b", r"\b(?:this|late) (?:afternoon|evening)\b", r"\btonight\b", r"\bfirst time (?:it's|it has|this has|that's) happened\b",
                  r"\bnever had (?:it|this|that) before\b", r"\b(?:has|have) (?:just )?(?:appeared|developed|come up)\b", r"\bprobably nothing\b",
                  r"\b(?:it |this |which )?(?:began|started) (?:on |last )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|this (?:morning|week))\b",
                  r"\b(?:has |have |just )(?:started|begun) (?:to \w+|\w+ing)\b")
_HISTORY = _rx(r"\bagain\b", r"\balready\b", r"\b(?:before|previously|last time)\b", r"\b(?:weeks|months|years)\b",
               r"\byou (?:said|promised|told)\b", r"\bappointment\b", r"\bstill\b(?! the same)",
               r"\bnever\b(?! had (?:it|this|that) before)", r"\b(?:nobody|no one) (?!inside|in it|in there|hurt|injured|trapped|answering|answers|home|in\b)\w+")


_FAULT = _rx(r"\b(?:boiler|heating|radiators?|hot water|leak\w*|drains?|toilet|loo|lift|lights?|bulb|door|windows?|roof|fan|pipes?|tap|"
            r"shower|sink|bath|lock|alarm|electric\w*|power|fuse|gas|water|ceiling|walls?|floor\w*|gutters?|fence|gate|stairs|"
            r"intercom|entry ?phone|fob|blocked|broken|broke|snapped|stopped working|not working|won't|isn't working|cracked|flooding|"
            r"lamps?|lamp ?posts?|street ?lights?|seals?|steaming|condensation|fell (?:over|down|off)|fallen (?:over|down|off)|rusted|collapsed|came off|come off)\b")


def is_fresh_report(text: str) -> bool:
    """A fault that started just now, or a terse fault report ("boiler broken"), with no history."""
    t0 = normalise(text)
    helped = bool(SELF_HELP.search(t0))
    t = SELF_HELP.sub(" ", t0)
    terse = len(t.split()) <= 5 and "!!" not in t and not re.search(r"\b[A-Z]{4,}\b", text or "")
    return bool(FRESH_ONSET.search(t) or terse or helped) and bool(_FAULT.search(t0)) and not (
        _HISTORY.search(t) or is_dissatisfied(t) or is_repeated_unresolved(t) or staff_at_fault(t) or REDRESS.search(t)
        or is_explicit_complaint(t) or GRIEVANCE_QUESTION.search(t) or LEGAL_THREAT.search(t))


# a reasonable adjustment asked for: letters in another language or format
ADJUSTMENT_REQUEST = _rx(r"\b(?:letters?|documents?|information|everything|post) (?:sent )?(?:in|into|by) (?:large print|braille|audio|easy read|email|"
                         r"arabic|urdu|polish|bengali|somali|punjabi|romanian|french|spanish|portuguese|turkish|farsi|kurdish|"
                         r"tigrinya|ukrainian|russian|chinese|gujarati|welsh|my (?:own )?language)\b")


def asks_redress(text: str) -> bool:
    return bool(REDRESS.search(normalise(text)))


# The resident says outright that this is not a complaint: "not complaining, just want to understand".
NOT_A_COMPLAINT = _rx(
    r"\bnot (?:a |making a )?complain\w*\b", r"\bno complaint\b", r"\bno problem\b", r"\bno rush\b",
    r"\bjust (?:want|wanted|trying|wondering|checking|asking|curious)(?: to (?:understand|know|check|ask|budget|find out))?\b",
    r"\bstill (?:booked|on for|going ahead|valid|available|open|ok|okay)\b",
)


def is_calm_enquiry(text: str) -> bool:
    """A question or request with no sign of dissatisfaction (an enquiry, Code 1.4)."""
    t = NOT_A_COMPLAINT.sub(" ", normalise(text))
    return bool(REQUEST.search(t)) and not NEGATIVE.search(t) and not is_dissatisfied(t) \
        and not staff_at_fault(t) and not is_explicit_complaint(t) and not is_repeated_unresolved(t) \
        and not is_data_breach(t) and not REDRESS.search(t) and not GRIEVANCE_QUESTION.search(t)


# --- data protection: someone's personal information went where it should not -----------------
DATA_BREACH = _rx(
    r"\bdata (?:breach|protection)\b", r"\bgdpr\b", r"\bsubject access\b",
    r"\b(?:letter|post|mail|email)s? (?:meant|intended|addressed) for me\b[^.!?]{0,30}\bto (?:my |an? |the |someone|another)",
    r"\bsomeone else'?s (?:name|address|details|letter|bank details|information|data)\b",
    r"\b(?:another|other|a different) (?:tenant|resident|person|customer)'?s? (?:\w+ ){0,2}(?:statement|letter|details|address|information|data|records)\b",
    r"\b(?:sent|posted|gave|given|shared|passed|disclosed|emailed)\b[^.!?]{0,40}\b(?:my|our) (?:personal |private |medical |bank |rent )?"
    r"(?:details|data|information|address|phone number|number|records|arrears)\b[^.!?]{0,40}\b(?:to|with) (?:my |the |a |an |another |someone|other)",
    r"\b(?:wrong|old) address\b",
    r"\b(?:letter|statement|post|email|bill)\b[^.!?]{0,50}\b(?:posted|sent|delivered|given|emailed) to (?:my |the |a )?(?:neighbou?r|wrong (?:person|flat|house)|someone else)\b", r"\bbreach of (?:my )?(?:privacy|confidentiality|data)\b",
)


def is_data_breach(text: str) -> bool:
    return bool(DATA_BREACH.search(normalise(text)))
