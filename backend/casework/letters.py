"""Letters to residents, rendered from Jinja2 templates in backend/templates/letters/.

One template per kind of letter (KINDS), looked up first for the case's profile, then the shared
one: `letters/<profile-id>/<kind>.txt.j2`, then `letters/<kind>.txt.j2`. The plain-text template is
required; `<kind>.html.j2` is optional and is rendered with autoescaping on. A text template starts
with a line `Subject: ...` and a blank line; the rest is the body.

Rendering is pure: it reads the case and returns text. The outbox (outbox.py) stores the result in
the same transaction as the change that caused the letter.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateNotFound, select_autoescape

from . import clock, disclosure, stages
from .calendar import long_date
from .models import Case, Complaint, Compliment, Contact, ExcludedMatter, ServiceRequest
from .profiles import get_profile
from .settings import get_settings
from .taxonomy import TOPIC_WORDS
from .understanding import neutral_summary

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"

KINDS = ("acknowledgement", "stage_response", "extension", "escalation", "excluded", "compliment",
         "service_request")

OMBUDSMAN = {
    "name": "Housing Ombudsman Service",
    "phone": "0300 111 3000",
    "email": "info@housing-ombudsman.org.uk",
    "address": "Housing Ombudsman Service, PO Box 152, Liverpool L33 7WQ",
}

DECISIONS = {
    "upheld": "We have upheld your complaint. This means we agree that we got things wrong.",
    "partly_upheld": "We have partly upheld your complaint. This means we agree that we got some "
                     "things wrong, but not everything.",
    "not_upheld": "We have not upheld your complaint. This means we do not think we got things wrong.",
}

TOPICS = TOPIC_WORDS


class LetterTemplateMissing(LookupError):
    pass


@dataclass(frozen=True)
class Rendered:
    kind: str
    subject: str
    text: str
    html: str | None


def and_join(items: list[str]) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# a team or a role gets "the" in a sentence ("the Repairs team", "the Repairs manager"); a person's name,
# "Tom's line manager", "Priya Shah (line manager)" and initials do not (as the bot's record_actions.with_the)
_ROLE = re.compile(r"\b(?:team|manager|department|service|services|office|officer|unit|section|staff|"
                   r"management)\s*$", re.I)


def recipients(items: list[str]) -> str:
    """Who a compliment was passed to, in a sentence: "the Repairs team and the Repairs manager"."""
    def the(name: str) -> str:
        name = name.strip()
        if not _ROLE.search(name) or name.lower().startswith(("the ", "our ", "your ")) or "'s " in name:
            return name
        return "the " + name
    return and_join([the(i) for i in items if i])


def plain(text: str | None) -> str:
    """Profile wording for letters: drop a trailing bracketed note such as "(Code 2.3)"."""
    return re.sub(r"\s*\([^()]*\)\s*$", "", text or "").strip()


def sentence(text: str | None) -> str:
    """Free text from staff as a sentence: stripped, with a full stop if it has no end mark."""
    t = (text or "").strip()
    if t and t[-1] not in ".!?:)\"'":
        t += "."
    return t


@lru_cache(maxsize=4)
def environment(directory: str | None = None) -> Environment:
    env = Environment(
        loader=FileSystemLoader(directory or str(TEMPLATES_DIR)),
        autoescape=select_autoescape(enabled_extensions=("html.j2", "html"), default_for_string=False,
                                     default=False),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters.update(long_date=long_date, and_join=and_join, recipients=recipients, plain=plain, sentence=sentence)
    return env


def template_names(profile_id: str, kind: str, ext: str) -> list[str]:
    return [f"letters/{profile_id}/{kind}.{ext}.j2", f"letters/{kind}.{ext}.j2"]


def _find(env: Environment, profile_id: str, kind: str, ext: str):
    for name in template_names(profile_id, kind, ext):
        try:
            return env.get_template(name)
        except TemplateNotFound:
            continue
    return None


def landlord_name() -> str:
    return get_settings().landlord_name.strip()


def reply_routes() -> dict[str, str | None]:
    """How a resident replies: the landlord's reply address (settings.reply_email) and phone."""
    s = get_settings()
    return {"email": s.reply_email or None, "phone": s.landlord_reply_phone.strip() or None}


def handler_name(case: Case) -> str | None:
    """The named person handling the case: its owner now (the latest case assignment, Code 4.1),
    by name; None when nobody owns it or the owner has no name on record (the letter then names
    the stage's handler, e.g. "the complaints team")."""
    from sqlalchemy import select
    from sqlalchemy.orm import object_session

    from .staff.models import CaseAssignment  # staff ownership sits above the case service

    session = object_session(case)
    if session is None or case.id is None:
        return None
    row = session.scalar(select(CaseAssignment).where(CaseAssignment.case_id == case.id)
                         .order_by(CaseAssignment.id.desc()).limit(1))
    name = row.user.name if row is not None and row.user is not None and row.user.active else None
    return name.strip() if isinstance(name, str) and name.strip() else None


def open_hazards(case: Case) -> list[dict[str, Any]]:
    """The hazards (Awaab's Law, casework.hazards) on this case that are not closed, oldest first:
    `reference` and `name` (the catalogue's). A stage response must not say nothing more needs doing
    while one of them is still open: its work goes on under its own timescales."""
    from sqlalchemy import select
    from sqlalchemy.orm import object_session

    from .hazards.catalogue import catalogue
    from .hazards.models import Hazard  # hazards sit beside the case service and import this module

    session = object_session(case)
    if session is None or case.id is None:
        return []
    rows = session.scalars(select(Hazard).where(Hazard.case_id == case.id, Hazard.status != "closed")
                           .order_by(Hazard.id))
    return [{"reference": h.reference, "name": catalogue().label(h.hazard_type)} for h in rows]


def letter_channel(c: Contact | None) -> str:
    """How letters reach this contact outside the chat, from the details on record: "post" when they
    asked for post and gave a postal address; else "email" when they gave an e-mail; else "post" to
    the postal address they gave; else "none": no e-mail and no postal address, whatever else they
    gave (a phone number only, nothing at all, or post asked for with no postal address). The one
    definition of "nowhere to send a letter": a letter on channel "none" is held until staff add an
    address (outbox.queue, resident_address.py). A route the resident ruled out as unsafe (ruled_out,
    after a disclosure of abuse at home, on any kind of record) is never used: the letter waits."""
    if c is None:
        return "none"
    ruled_out = set(getattr(c, "ruled_out", None) or [])  # none on a migration's row (0017)
    # something to print: a letter or a digit
    address = "post" not in ruled_out and bool(re.search(r"[^\W_]", c.address or ""))
    if c.preferred_channel == "post" and address:
        return "post"
    if (c.email or "").strip() and "email" not in ruled_out:
        return "email"
    return "post" if address else "none"


def representative_channel(rep: Contact | None, resident: Contact | None = None) -> str | None:
    """How letters reach a representative the resident consented to, as for a resident
    (letter_channel): "post", "email", or "none" (only a phone number: held until staff ring them
    for an e-mail or postal address, as for a resident). None when the letters are not theirs: never
    without the resident's consent, nor when they gave no details at all (the resident's then), nor
    when they gave a phone number only and the resident's postal address is on record (hj-02: the
    letters go to the resident's home rather than being held; a resident's e-mail alone does not)."""
    if rep is None or not rep.consent:
        return None
    channel = letter_channel(rep)
    home = resident is not None and bool(re.search(r"[^\W_]", resident.address or ""))
    if channel == "none" and (not (rep.phone or "").strip() or home):
        return None
    return channel


def to_representative(case: Case) -> bool:
    """Letters go to the representative only with the resident's consent (and details for them)."""
    return representative_channel(case.representative, case.contact) is not None


def representative_route(case: Case) -> tuple[str, str | None] | None:
    """(channel, recipient) of a case's letters when they go to the representative, else None."""
    channel = representative_channel(case.representative, case.contact)
    if channel is None:
        return None
    return channel, case.representative.email if channel == "email" else None


def addressee(case: Case) -> Contact | None:
    """Whose the letters are: the representative's when they go to them, else the resident's
    contact. A letter with nowhere to go is held for this person's address (staff ring them for it
    when they gave a phone number)."""
    return case.representative if to_representative(case) else case.contact


def resident_route(case: Case) -> tuple[str, str | None]:
    """(channel, recipient) of a case's letters to the resident: chat only where they chose chat and
    the case has a conversation id; otherwise by letter_channel: e-mail, post (staff print it), or
    none when there is no e-mail or postal address (a phone number only, nothing at all, or post
    asked for with no postal address): held until staff add one (resident_address.py)."""
    c = case.contact
    if c is not None and c.preferred_channel == "chat" and case.conversation_id:
        return "chat", case.conversation_id
    channel = letter_channel(c)
    return channel, (c.email if channel == "email" else None)


def _greeting(case: Case, name: str | None) -> str:
    """The letter's addressee by name: the representative's letters never greet the resident; an
    anonymous resident (no name recorded, perhaps an e-mail to reach them) is greeted by none."""
    rep = case.representative
    if to_representative(case):
        return f"Dear {rep.name}" if rep.name else "Dear Sir or Madam"
    if name is None and case.contact is not None and case.contact.anonymous:
        return "Dear Sir or Madam"
    return f"Dear {name}" if name else "Dear resident"


def resident_home(case: Case) -> str:
    """The home a representative writes about, in their letters: "Mr Iqbal's home", else "the
    resident's home" (never "your home": it is not theirs)."""
    c = case.contact
    named = c is not None and not c.anonymous and (c.name or "").strip()
    return f"{c.name.strip()}'s home" if named else "the resident's home"


def postal_block(case: Case, name: str | None) -> list[str]:
    """The lines a letter that goes by post opens with: the name, the address as given (split at
    its commas) and the postcode; the representative's when their letters go by post. Empty for any
    other channel (the outbox's route decides)."""
    rep_channel = representative_channel(case.representative, case.contact)
    if rep_channel == "post":
        c, name = case.representative, case.representative.name
    elif rep_channel is None and resident_route(case)[0] == "post":
        c = case.contact
    else:
        return []
    if not c.address:
        return []
    lines = [name] if name else []
    lines += [part.strip() for part in c.address.split(",") if part.strip()]
    return lines + ([c.postcode] if c.postcode else [])


def context(case: Case, kind: str) -> dict[str, Any]:
    profile = get_profile(case.profile_id)
    contact = case.contact
    name = contact.name if contact is not None and not contact.anonymous and contact.name else None
    format_needs = list(contact.format_needs or []) if contact is not None else []
    ctx: dict[str, Any] = {
        "kind": kind, "reference": case.reference, "case_kind": case.kind,
        "profile": {"id": profile.id, "name": profile.name},
        "greeting": _greeting(case, name), "postal_block": postal_block(case, name),
        # the date a posted letter is written on (the case service's clock, the profile's local day)
        "letter_date": stages.local_date(profile, clock.now()),
        "landlord": landlord_name(), "ombudsman": OMBUDSMAN,
        "large_print": "large_print" in format_needs, "format_needs": format_needs,
        "language": contact.language if contact is not None else None,
        "text": case.text, "reply": reply_routes(), "corrected": False,
        "received_date": stages.local_date(profile, case.received_at) if case.received_at else None,
        "handler_name": handler_name(case),
        "to_representative": to_representative(case),
        # whose home the letter speaks of: a representative's letters are about the resident's home
        "home": resident_home(case) if to_representative(case) else "your home",
        # a group complaint: the residents it speaks for (the contact is their nominated contact)
        "group_residents": list(case.group_residents or []),
    }
    if isinstance(case, Complaint):
        st = profile.stage(case.stage)
        state = stages.StageState(
            stage=case.stage, status=case.status, received_on=case.stage_received_on,
            acknowledge_by=case.acknowledge_by, respond_by=case.respond_by,
            responded_on=case.responded_on)
        nxt = profile.stage(case.stage + 1) if case.stage < profile.last_stage else None
        ctx.update({
            "stage": case.stage, "stage_name": st.name, "handler": plain(st.handler),
            "last_stage": profile.last_stage, "is_last_stage": nxt is None,
            "next_stage_name": nxt.name if nxt else None,
            "last_stage_name": profile.stage(profile.last_stage).name,
            # hj-06: flagged safeguarding, the summary was made without the disclosure (cases.py), and
            # the desired outcome is read out without it here (staff see it as written)
            "understanding": (case.summary or (neutral_summary() if disclosure.flagged(case.flags)
                                               else case.text)).strip(),
            "desired_outcome": (disclosure.without_disclosure(case.desired_outcome)
                                if disclosure.flagged(case.flags) else (case.desired_outcome or "")).strip() or None,
            "adjustments": (case.adjustments or "").strip() or None,
            "received_on": case.stage_received_on,
            "arrived_on": case.stage_arrived_on or case.stage_received_on,
            "acknowledge_by": case.acknowledge_by, "respond_by": case.respond_by,
            "day_unit": st.day_unit,
            "extension_days": case.extension_days, "extension_reason": case.extension_reason,
            "decision": case.decision, "decision_text": DECISIONS.get(case.decision or "", ""),
            "reasons": case.reasons, "remedy": case.remedy,
            "outstanding_actions": case.outstanding_actions, "responded_on": case.responded_on,
            "open_hazards": open_hazards(case),
            "escalate_by": stages.escalation_deadline(profile, state),
        })
    elif isinstance(case, ExcludedMatter):
        ctx.update({"reason": case.reason, "explanation": case.explanation,
                    "redirect_to": plain(case.redirect_to) or None})
    elif isinstance(case, Compliment):
        ctx.update({"person": case.person, "team": case.team, "routed_to": list(case.routed_to or [])})
    elif isinstance(case, ServiceRequest):
        ctx.update({"topic": case.topic, "topic_text": TOPICS.get(case.topic, "requests like yours"),
                    "emergency": case.emergency})
    return ctx


def has_html(profile_id: str, kind: str) -> bool:
    """Does a letter of `kind` have an HTML part (the only way large print is produced)?"""
    env = environment(get_settings().letter_templates_dir or None)
    return _find(env, profile_id, kind, "html") is not None


def subject_and_text(txt, ctx: dict[str, Any]) -> tuple[str, str]:
    """Render a text template (its first line `Subject: ...`) with a context from context():
    the subject and the body. A letter that goes by post (ctx["postal_block"] not empty) opens
    with the address and the date it is written (ctx["letter_date"]); any other has neither.
    Every kind of letter goes through here (complaint letters and hazard letters alike)."""
    raw = txt.render(**ctx)
    first, _, rest = raw.lstrip("\n").partition("\n")
    if not first.startswith("Subject:"):
        raise LetterTemplateMissing(f"{txt.name}: the first line must be 'Subject: ...'")
    subject = " ".join(first[len("Subject:"):].split())
    text = re.sub(r"\n{3,}", "\n\n", rest.strip("\n")) + "\n"
    return subject, post_opening(ctx["postal_block"], ctx["letter_date"]) + text


def post_opening(block: list[str], written_on: date | None) -> str:
    """A letter staff print and post opens with the address and the date ("" with no address)."""
    return "\n".join(block) + "\n\n" + long_date(written_on) + "\n\n" if block else ""


_POST_OPENING = re.compile(r"\A((?:[^\n]+\n)+)\n(?:[A-Z][a-z]+day \d{1,2} [A-Z][a-z]+ \d{4})?\n\n")


def address_block(text: str | None) -> list[str]:
    """The address lines a letter opens with when it goes by post (post_opening's), [] when it
    opens without one (another channel, or post with no address to give)."""
    m = _POST_OPENING.match(text or "")
    return m.group(1).splitlines() if m else []


def opening_for(case: Case) -> str:
    """The post opening for a letter written earlier that now goes by post (an address added
    later: resident_address.py), dated today."""
    name = case.contact.name if case.contact is not None and not case.contact.anonymous else None
    written_on = stages.local_date(get_profile(case.profile_id), clock.now())
    return post_opening(postal_block(case, name), written_on)


def render(case: Case, kind: str, templates_dir: str | None = None,
           extra: dict[str, Any] | None = None) -> Rendered:
    if kind not in KINDS:
        raise ValueError(f"unknown letter kind {kind!r}")
    env = environment(templates_dir or get_settings().letter_templates_dir or None)
    txt = _find(env, case.profile_id, kind, "txt")
    if txt is None:
        raise LetterTemplateMissing(f"no template for letter kind {kind!r} "
                                    f"(looked for {', '.join(template_names(case.profile_id, kind, 'txt'))})")
    ctx = context(case, kind)
    ctx.update(extra or {})
    subject, text = subject_and_text(txt, ctx)
    html_t = _find(env, case.profile_id, kind, "html")
    html = html_t.render(**ctx, subject=subject) if html_t is not None else None
    return Rendered(kind=kind, subject=subject, text=text, html=html)
