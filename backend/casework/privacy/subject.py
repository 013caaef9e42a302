"""Find everything about one resident: from an e-mail, a phone number, a name with a postcode, a
conversation id or a case reference, to every contact, case, handoff, letter, conversation and
outbox row that belongs to them (the footprint), following the links until nothing new turns up."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import MetaData, Table, func, inspect, or_, select
from sqlalchemy.engine import Connection

from ..references import normalise_reference
from .external import BotOutbox, LetterFiles, NluExports, Tracker, TrainingRows
from .settings import PrivacySettings


class SubjectError(ValueError):
    """The identifiers given cannot find anyone (bad or missing input)."""


def _digits(s: str | None) -> str:
    return re.sub(r"\D", "", s or "")


def _pc(s: str | None) -> str:
    return "".join((s or "").split()).upper()


@dataclass(frozen=True)
class Identifiers:
    email: str | None = None
    phone: str | None = None
    name: str | None = None
    postcode: str | None = None
    conversation: str | None = None
    reference: str | None = None

    def __post_init__(self) -> None:
        for k, v in vars(self).items():
            if v is not None and (not isinstance(v, str) or len(v) > 320):
                raise SubjectError(f"'{k}' must be text of at most 320 characters.")
        if self.email is not None and "@" not in self.email:
            raise SubjectError("That e-mail address has no '@'.")
        if self.phone is not None and len(_digits(self.phone)) < 6:
            raise SubjectError("A phone number needs at least 6 digits.")
        if bool(self.name) != bool(self.postcode) and not (self.email or self.phone or self.conversation
                                                            or self.reference):
            raise SubjectError("A name is searched together with a postcode (and a postcode with a name).")
        if not any(vars(self).values()):
            raise SubjectError("Give an e-mail, a phone number, a name and postcode, a conversation id "
                               "or a case reference.")

    @classmethod
    def clean(cls, **values: Any) -> "Identifiers":
        return cls(**{k: (v.strip() or None) if isinstance(v, str) else v for k, v in values.items()})

    def needles(self) -> list[str]:
        """Strings searched for in free text (tracker events, outbox bodies, letter files)."""
        out = []
        if self.email:
            out.append(self.email.strip())
        if self.phone:
            out += list(dict.fromkeys([self.phone.strip(), "".join(self.phone.split())]))
        return out

    def describe(self) -> str:
        """Which identifiers were used, by name only (for the audit trail and reports)."""
        return "+".join(k for k, v in vars(self).items() if v)


@dataclass
class Footprint:
    contacts: set[int] = field(default_factory=set)
    cases: set[int] = field(default_factory=set)
    references: set[str] = field(default_factory=set)
    handoffs: set[int] = field(default_factory=set)
    conversations: set[str] = field(default_factory=set)
    letters: set[str] = field(default_factory=set)
    bot_outbox: list[dict[str, Any]] = field(default_factory=list)
    letter_files: list[Path] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)  # texts (handoffs, cases) for NLU exports
    nlu_lines: dict[Path, list[str]] = field(default_factory=dict)
    training_rows: list[str] = field(default_factory=list)  # staff corrections (redacted), TSV lines

    @property
    def targets(self) -> set[str]:
        """Values of idempotency_keys.target / audit_events.entity_ref that belong to the subject."""
        return set(self.references) | {str(h) for h in self.handoffs} | {f"handoff:{h}" for h in self.handoffs} \
            | set(self.letters)

    def keys(self, kind: str) -> set:
        return {"contact": self.contacts, "case": self.cases, "handoff": self.handoffs,
                "conversation": self.conversations, "target": self.targets, "letter": self.letters}[kind]

    def empty(self) -> bool:
        return not (self.contacts or self.cases or self.handoffs or self.conversations or self.bot_outbox
                    or self.letter_files or self.nlu_lines or self.training_rows)

    def summary(self) -> dict[str, int]:
        """Counts only: safe for logs, reports and the audit trail."""
        return {"contacts": len(self.contacts), "cases": len(self.cases), "handoffs": len(self.handoffs),
                "conversations": len(self.conversations), "letters": len(self.letters),
                "bot_outbox_rows": len(self.bot_outbox), "letter_files": len(self.letter_files),
                "nlu_lines": sum(len(v) for v in self.nlu_lines.values()), "training_rows": len(self.training_rows)}


def tables(conn: Connection, *names: str) -> dict[str, Table]:
    present = set(inspect(conn).get_table_names())
    md = MetaData()
    return {n: Table(n, md, autoload_with=conn) for n in names if n in present}


def _contacts_from_identifiers(conn: Connection, t: dict[str, Table], ids: Identifiers) -> set[int]:
    c = t["contacts"]
    found: set[int] = set()
    if ids.email:
        found |= set(conn.scalars(select(c.c.id).where(c.c.email_key == ids.email.strip().lower())))
    if ids.phone:
        want = _digits(ids.phone)
        for cid, phone in conn.execute(select(c.c.id, c.c.phone).where(c.c.phone.is_not(None))):
            got = _digits(phone)
            if got and (got == want or got.lstrip("0").endswith(want.lstrip("0")[-9:]) and len(want) >= 9):
                found.add(cid)
    if ids.name and ids.postcode:
        found |= set(conn.scalars(select(c.c.id).where(
            func.lower(c.c.name) == " ".join(ids.name.split()).lower(), c.c.postcode_key == _pc(ids.postcode))))
    return found


def handoff_contacts(conn: Connection, handoffs: Table, ids: set[int]) -> set[int]:
    """The contact rows the given handoffs carry (erased and kept with the handoff)."""
    if not ids:
        return set()
    return set(conn.scalars(select(handoffs.c.contact_id).where(handoffs.c.id.in_(ids),
                                                                handoffs.c.contact_id.is_not(None))))


def _referral_letters(conn: Connection, fp: Footprint) -> set[str]:
    """Letters sent for a referral (another feature's table) may not carry the case id."""
    t = tables(conn, "referrals", "outbox")
    if "referrals" not in t or "outbox_id" not in t["referrals"].c or not (fp.cases or fp.handoffs):
        return set()
    r, o = t["referrals"], t["outbox"]
    ids = select(r.c.outbox_id).where(or_(r.c.case_id.in_(fp.cases), r.c.handoff_id.in_(fp.handoffs)))
    return set(conn.scalars(select(o.c.letter_id).where(o.c.id.in_(ids))))


def find(conn: Connection, settings: PrivacySettings, ids: Identifiers, tracker: Tracker | None = None) -> Footprint:
    """The subject's footprint in every store (read only)."""
    t = tables(conn, "contacts", "cases", "handoffs", "outbox")
    fp = Footprint()
    tracker = tracker or Tracker(settings.tracker_url)
    cases, contacts, handoffs, outbox = t["cases"], t["contacts"], t["handoffs"], t["outbox"]
    if ids.reference:
        ref = normalise_reference(ids.reference)
        fp.cases |= set(conn.scalars(select(cases.c.id).where(cases.c.reference == ref)))
    if ids.conversation:
        fp.conversations.add(ids.conversation)
    fp.contacts |= _contacts_from_identifiers(conn, t, ids)
    # The conversation itself may hold the identifiers even when no case was opened.
    for needle in ids.needles():
        fp.conversations |= tracker.senders_mentioning(needle)
    if ids.name and ids.postcode:
        by_name = tracker.senders_mentioning(" ".join(ids.name.split()))
        by_pc = tracker.senders_mentioning(ids.postcode.strip()) | tracker.senders_mentioning(_pc(ids.postcode))
        fp.conversations |= by_name & by_pc

    for _round in range(5):  # follow links to a fixed point
        before = (len(fp.contacts), len(fp.cases), len(fp.handoffs), len(fp.conversations))
        conds = []
        if fp.contacts:
            conds += [cases.c.contact_id.in_(fp.contacts), cases.c.representative_id.in_(fp.contacts)]
        if fp.conversations:
            conds.append(cases.c.conversation_id.in_(fp.conversations))
        if fp.cases:
            conds.append(cases.c.id.in_(fp.cases))
        if conds:
            for row in conn.execute(select(cases.c.id, cases.c.reference, cases.c.conversation_id,
                                           cases.c.contact_id, cases.c.representative_id, cases.c.handoff_id)
                                    .where(or_(*conds))):
                fp.cases.add(row.id)
                fp.references.add(row.reference)
                fp.contacts |= {x for x in (row.contact_id, row.representative_id) if x is not None}
                if row.conversation_id:
                    fp.conversations.add(row.conversation_id)
                if row.handoff_id is not None:
                    fp.handoffs.add(row.handoff_id)
        hconds = []
        if fp.conversations:
            hconds.append(handoffs.c.conversation_id.in_(fp.conversations))
        if fp.references:
            hconds.append(handoffs.c.case_reference.in_(fp.references))
        if fp.handoffs:
            hconds.append(handoffs.c.id.in_(fp.handoffs))
        if fp.contacts:  # the contact details a handoff carries (migration 0009)
            hconds.append(handoffs.c.contact_id.in_(fp.contacts))
        if hconds:
            for row in conn.execute(select(handoffs.c.id, handoffs.c.conversation_id, handoffs.c.contact_id)
                                    .where(or_(*hconds))):
                fp.handoffs.add(row.id)
                if row.contact_id is not None:
                    fp.contacts.add(row.contact_id)
                if row.conversation_id:
                    fp.conversations.add(row.conversation_id)
        if before == (len(fp.contacts), len(fp.cases), len(fp.handoffs), len(fp.conversations)):
            break

    if fp.cases:
        fp.letters |= set(conn.scalars(select(outbox.c.letter_id).where(outbox.c.case_id.in_(fp.cases))))
    fp.letters |= _referral_letters(conn, fp)
    if fp.cases:
        fp.messages += [x for x in conn.scalars(select(cases.c.text).where(cases.c.id.in_(fp.cases))) if x]
    if fp.handoffs:
        fp.messages += [x for x in conn.scalars(select(handoffs.c.text).where(handoffs.c.id.in_(fp.handoffs))) if x]
    fp.conversations |= tracker.existing(fp.conversations)
    needles = ids.needles() + [x for x in conn.scalars(select(contacts.c.email).where(
        contacts.c.id.in_(fp.contacts), contacts.c.email.is_not(None)))] if fp.contacts else ids.needles()
    fp.bot_outbox = BotOutbox(settings.bot_outbox_path).rows_for(fp.conversations, needles)
    for row in fp.bot_outbox:
        text = row["body"].get("text") if isinstance(row["body"], dict) else None
        if text:
            fp.messages.append(text)
    fp.letter_files = LetterFiles(settings.letters_dir).for_subject(fp.letters, needles)
    fp.nlu_lines = NluExports(settings.nlu_export_paths).lines_for(fp.messages)
    fp.training_rows = TrainingRows(settings.training_path).rows_for(fp.messages)
    return fp
