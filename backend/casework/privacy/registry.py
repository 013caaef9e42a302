"""Every store that can hold a resident's personal data, and what erasure does to it.

Case-service tables are data: one TableSpec each. A spec names the column that ties a row to a
resident's footprint (subject.Footprint: contact, case, conversation, handoff, target ids) and
either deletes the row or scrubs named columns with one of the replacements below. A table that
does not exist in a given database is skipped, so another feature's table (referrals, hazards...)
is covered by adding one entry here. The stores outside the case database (Rasa's tracker store,
the bot's outbox, letter files, NLU exports, training rows) are listed in OTHER_STORES and handled in external.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field

# Replacements for scrubbed columns (erase.py applies them).
NULL = "null"              # set to NULL
ERASED = "erased"          # "[erased]" where there was a value, else NULL
EMPTY_TEXT = "empty_text"  # "" (NOT NULL text columns)
EMPTY_LIST = "empty_list"  # [] (JSON lists)
HASH = "hash"              # "erased:" + SHA-256 of the value: a pseudonym, still unique
THEMES = "themes"          # a placeholder that keeps the report's complaint themes (reports/figures.py)
HISTORY = "history"        # stage history with its free-text fields erased, dates and decisions kept

ERASED_TEXT = "[erased]"


@dataclass(frozen=True)
class TableSpec:
    table: str
    key: str            # column matched against the footprint
    key_kind: str       # contact | case | conversation | handoff | target
    action: str         # delete | scrub | keep
    holds: str          # what personal data it holds (docs, `python -m casework.privacy stores`)
    scrub: dict[str, str] = field(default_factory=dict)
    why: str = ""       # why it is scrubbed or kept rather than deleted


# Order matters only for deletes that other rows point at; none of the deletes below is pointed at.
CASE_TABLES: tuple[TableSpec, ...] = (
    TableSpec("contacts", "id", "contact", "scrub",
              "name, e-mail, phone, postcode, postal address, relationship, language, format needs, consent, "
              "safe contact",
              {"name": NULL, "email": NULL, "phone": NULL, "postcode": NULL, "address": NULL, "postcode_key": NULL,
               "email_key": NULL, "relationship_to_resident": NULL, "language": NULL,
               "format_needs": NULL, "preferred_channel": NULL, "consent": NULL, "consent_method": NULL,
               "safe_contact": NULL, "ruled_out": NULL},
              "the row stays so the case (or handoff) still says whether the resident was anonymous "
              "or chose to give no contact details"),
    TableSpec("cases", "id", "case", "scrub", "the message as written, the conversation id",
              {"text": THEMES, "conversation_id": NULL, "group_residents": NULL},
              "complaint record kept for claims, the Ombudsman and TSM figures: reference, kind, "
              "dates, status, stage, channel, flags and profile stay"),
    TableSpec("complaints", "id", "case", "scrub",
              "summary, outcome wanted, adjustments, reasons, remedy, actions, outcome, close reason",
              {"summary": NULL, "desired_outcome": ERASED, "adjustments": ERASED, "extension_reason": ERASED,
               "reasons": ERASED, "remedy": ERASED, "outstanding_actions": ERASED, "outcome": ERASED,
               "close_reason": ERASED, "stage_history": HISTORY},
              "stage dates, extensions and decisions stay so CH01/CH02 are unchanged"),
    TableSpec("excluded_matters", "id", "case", "scrub", "the explanation written to the resident",
              {"explanation": ERASED}, "the reason code and the Ombudsman notice stay"),
    TableSpec("compliments", "id", "case", "keep", "the staff member or team praised (staff data)",
              why="names staff, not the resident; counted in reports"),
    TableSpec("service_requests", "id", "case", "keep", "topic and flags only"),
    TableSpec("transcript_messages", "case_id", "case", "delete", "the conversation as copied to the case"),
    TableSpec("handoffs", "id", "handoff", "scrub",
              "the message, entities, explanation, conversation id; contact_id: the contact details "
              "the chat asked for (a contacts row: found through it and scrubbed there)",
              {"text": EMPTY_TEXT, "entities": EMPTY_LIST, "explanation": NULL, "conversation_id": NULL,
               "message_id": NULL},
              "the triage decision and its review stay (category, reason, dates)"),
    TableSpec("handoff_reviews", "handoff_id", "handoff", "scrub", "the reviewer's note",
              {"note": ERASED}),
    TableSpec("outbox", "letter_id", "letter", "scrub", "letters: recipient, subject, text and HTML",
              {"recipient": NULL, "subject": ERASED, "body_text": ERASED, "body_html": NULL,
               "last_error": NULL, "receipt": NULL, "format_needs": NULL, "language": NULL},
              "that a letter of a kind was sent, and when, stays with the case"),
    TableSpec("idempotency_keys", "target", "target", "scrub", "the bot's key (conversation id : message id)",
              {"key": HASH}, "pseudonymised, so the key stays unique"),
    TableSpec("audit_events", "entity_ref", "target", "keep",
              "nothing personal: references, field names, states and dates (casework.audit)",
              why="append-only by law of the trail; it never held the data"),
    # Tables other features add (skipped where a database does not have them). A table reached
    # by more than one column has one entry per column; scrubbing is idempotent.
    TableSpec("referrals", "case_id", "case", "scrub", "who the case was referred to, copies",
              {"copy_to": ERASED}, "the referral (kind, reason, agency, date) stays; its letter is in outbox"),
    TableSpec("referrals", "handoff_id", "handoff", "scrub", "as above", {"copy_to": ERASED}),
    TableSpec("held_messages", "handoff_id", "handoff", "delete",
              "a message held back (too long, refused), full text and record"),
    TableSpec("handoff_messages", "handoff_id", "handoff", "delete",
              "later messages the resident said are about a message handed to staff"),
    TableSpec("case_notes", "case_id", "case", "scrub", "staff notes and the contact log",
              {"text": ERASED}, "that a note or contact happened, and when, stays"),
    TableSpec("case_assignments", "case_id", "case", "scrub", "the note on an assignment", {"note": ERASED}),
    *(TableSpec("hazards", key, kind, "scrub",
                "Awaab's Law hazard: household vulnerabilities, findings, work notes, conversation id",
                {"vulnerabilities": EMPTY_LIST, "proposal_reason": ERASED, "severity_reason": ERASED,
                 "findings": ERASED, "safety_work": ERASED, "further_work": ERASED, "accommodation_note": ERASED,
                 "conversation_id": NULL, "idempotency_key": HASH},
                "the statutory record (type, severity, dates and deadlines met) stays")
      for key, kind in (("case_id", "case"), ("handoff_id", "handoff"), ("conversation_id", "conversation"))),
    TableSpec("data_requests", "handoff_id", "handoff", "keep",
              "nothing personal: the kinds of data-rights request, when received and due (privacy/requests.py)",
              why="the record that a request was made and answered in time; its words are the handoff's"),
)


@dataclass(frozen=True)
class Store:
    name: str
    where: str
    holds: str
    on_erase: str
    retention: str


OTHER_STORES: tuple[Store, ...] = (
    Store("tracker", "Rasa's SQL tracker store, table `events` (RASA_TRACKER_URL / RASA_TRACKER_SQLITE; "
          "PostgreSQL in production)", "every message the resident typed and every bot reply, with metadata",
          "the sender's rows are deleted (Rasa has no delete API)", "conversations_without_case, closed_cases"),
    Store("bot_outbox", "the bot's durable queue (BOT_OUTBOX_PATH, SQLite)",
          "requests to the case service, with the message text and contact details",
          "rows deleted", "bot_outbox_delivered"),
    Store("letter_files", ".eml files under LETTERS_DIR", "letters as sent: address, name, text",
          "files deleted", "letters"),
    Store("nlu_exports", "NLU_EXPORT_PATHS (files left by the retired NLU export/merge into bot/data/nlu)",
          "a resident's message kept as a training example", "the example line is removed", "-"),
    Store("training_rows", "TRAINING_CORRECTIONS_PATH (default var/training/staff_corrections.tsv, git-ignored; "
          "written by `make corrections`)",
          "a reviewed message, redacted (names, e-mails, phones, postcodes, addresses, references), with its "
          "label and a fingerprint of the original message",
          "the row is removed (found by the fingerprint); retrain the bot (scripts/bot-model.sh)",
          "with the handoff: conversations_without_case, closed_cases"),
)


def describe() -> list[dict[str, str]]:
    seen: set[str] = set()
    out = []
    for t in CASE_TABLES:
        if t.table not in seen:
            seen.add(t.table)
            out.append({"store": f"case database: {t.table}", "holds": t.holds,
                        "on_erase": t.action + (f" ({', '.join(t.scrub)})" if t.scrub else ""), "why": t.why})
    out += [{"store": s.where, "holds": s.holds, "on_erase": s.on_erase, "why": f"retention: {s.retention}"}
            for s in OTHER_STORES]
    return out
