"""Reviewer corrections as Rasa NLU training examples, and a merge into bot/data/nlu that never
duplicates an example (texts compared normalised) and reports, instead of adding, a text the bot
data already has under another intent.

Format (bot/data/nlu/*.yml):
    version: "3.1"
    nlu:
    - intent: complaint
      examples: |
        - the text
"""
from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Handoff, HandoffReview

# category / exclusion reason -> the bot's intent
SIMPLE_INTENTS = {"complaint": "complaint", "service_request": "service_request", "compliment": "compliment"}
EXCLUDED_INTENTS = {"asb": "report_asb", "legal": "legal_proceedings", "employment": "employment_matter",
                    "time_limit": "complaint"}

_ENTITY = re.compile(r"\[([^\]\n]+)\](\([^)\n]*\)|\{[^}\n]*\})")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})


def intent_for(category: str | None, reason: str | None) -> str | None:
    if category in SIMPLE_INTENTS:
        return SIMPLE_INTENTS[category]
    if category == "excluded":
        return EXCLUDED_INTENTS.get(reason or "")
    return None


def example_text(text: str) -> str:
    """One line a Rasa example can hold: control characters and line breaks become spaces, square
    brackets become round ones (Rasa would read "[x](y)" as an entity annotation)."""
    text = "".join(" " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in text)
    text = text.replace("[", "(").replace("]", ")")
    return " ".join(text.split())


def normalise(text: str) -> str:
    """Comparison key: entity annotations reduced to their text, Unicode NFKC, case-folded,
    apostrophes dropped, other punctuation and symbols as spaces, whitespace collapsed."""
    text = _ENTITY.sub(r"\1", text)
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    text = text.replace("'", "")  # "it's" and "its" are one text
    text = "".join(" " if unicodedata.category(ch)[0] in "PSC" else ch for ch in text)
    return " ".join(text.split())


# ---------------------------------------------------------------- export

@dataclass
class Export:
    examples: dict[str, list[str]] = field(default_factory=dict)  # intent -> texts
    skipped: int = 0  # corrections with no intent (e.g. already_investigated)

    @property
    def count(self) -> int:
        return sum(len(v) for v in self.examples.values())


def corrections(session: Session) -> Export:
    """Every handoff whose reviewed classification differs from the assistant's, as (intent, text)."""
    latest: dict[int, HandoffReview] = {}
    for r in session.scalars(select(HandoffReview).order_by(HandoffReview.id)):
        latest[r.handoff_id] = r
    out = Export()
    seen: set[str] = set()
    if not latest:
        return out
    handoffs = {h.id: h for h in session.scalars(select(Handoff).where(Handoff.id.in_(list(latest))))}
    for hid in sorted(latest):
        r, h = latest[hid], handoffs.get(hid)
        if h is None or (r.to_category, r.to_reason) == (h.category, h.reason):
            continue
        intent = intent_for(r.to_category, r.to_reason)
        text = example_text(h.text)
        if intent is None or not text:
            out.skipped += 1
            continue
        key = normalise(text)
        if key in seen:
            continue
        seen.add(key)
        out.examples.setdefault(intent, []).append(text)
    return out


def to_yaml(examples: dict[str, list[str]]) -> str:
    lines = ['version: "3.1"', "nlu:"]
    for intent in sorted(examples):
        texts = examples[intent]
        if not texts:
            continue
        lines.append(f"- intent: {intent}")
        lines.append("  examples: |")
        lines.extend(f"    - {example_text(t)}" for t in texts)
    if len(lines) == 2:
        lines[-1] = "nlu: []"
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- reading NLU files

class NluFileError(ValueError):
    pass


def read_examples(path: Path) -> dict[str, list[str]]:
    """intent -> example texts (as written, entity annotations kept) of one NLU file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise NluFileError(f"{path}: cannot read it as YAML ({type(exc).__name__})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise NluFileError(f"{path}: not a Rasa NLU file (expected a mapping with 'nlu')")
    items = data.get("nlu") or []
    if not isinstance(items, list):
        raise NluFileError(f"{path}: 'nlu' must be a list")
    out: dict[str, list[str]] = {}
    for item in items:
        if not isinstance(item, dict) or "intent" not in item:
            continue  # synonym, regex, lookup entries
        intent = str(item["intent"])
        ex = item.get("examples") or ""
        texts: list[str] = []
        if isinstance(ex, str):
            for line in ex.splitlines():
                s = line.strip()
                if s.startswith("- "):
                    texts.append(s[2:].strip())
                elif s == "-":
                    continue
        elif isinstance(ex, list):
            texts = [str(e.get("text", "")) if isinstance(e, dict) else str(e) for e in ex]
        out.setdefault(intent, []).extend(t for t in texts if t)
    return out


@dataclass
class MergeReport:
    added: list[tuple[str, str]] = field(default_factory=list)  # (intent, text)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    conflicts: list[tuple[str, str, str, str]] = field(default_factory=list)  # text, new, existing, where

    def summary(self) -> str:
        return (f"added {len(self.added)}, already present {len(self.duplicates)}, "
                f"conflicts {len(self.conflicts)}")


def merge(from_path: Path, into_path: Path, nlu_dir: Path | None = None, dry_run: bool = False) -> MergeReport:
    """Add the examples of from_path to into_path. A text (normalised) already present under the same
    intent anywhere in nlu_dir (default: into_path's folder) is a duplicate and skipped; under another
    intent it is a conflict: reported, not added."""
    from_path, into_path = Path(from_path), Path(into_path)
    nlu_dir = Path(nlu_dir) if nlu_dir else into_path.parent
    incoming = read_examples(from_path)
    index: dict[str, set[tuple[str, str]]] = {}  # key -> {(intent, file)}
    files = (sorted(nlu_dir.rglob("*.yml")) + sorted(nlu_dir.rglob("*.yaml"))) if nlu_dir.is_dir() else []
    if into_path.exists() and into_path.resolve() not in {f.resolve() for f in files}:
        files.append(into_path)
    for f in files:
        for intent, texts in read_examples(f).items():
            for t in texts:
                index.setdefault(normalise(t), set()).add((intent, f.name))
    target = read_examples(into_path) if into_path.exists() else {}
    report = MergeReport()
    for intent in sorted(incoming):
        for raw in incoming[intent]:
            text = example_text(raw)
            key = normalise(text)
            if not key:
                continue
            have = index.get(key, set())
            others = sorted({(i, f) for i, f in have if i != intent})
            if others:
                i, f = others[0]
                report.conflicts.append((text, intent, i, f))
                continue
            if have:
                report.duplicates.append((intent, text))
                continue
            report.added.append((intent, text))
            target.setdefault(intent, []).append(text)
            index.setdefault(key, set()).add((intent, into_path.name))
    if report.added and not dry_run:
        into_path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=into_path.parent, prefix=".reviewed-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(to_yaml_raw(target))
        os.replace(tmp, into_path)
    return report


def to_yaml_raw(examples: dict[str, list[str]]) -> str:
    """Like to_yaml, but keeps existing lines (with their entity annotations) as they were."""
    lines = ['version: "3.1"', "nlu:"]
    for intent in sorted(examples):
        if not examples[intent]:
            continue
        lines += [f"- intent: {intent}", "  examples: |"]
        lines += [f"    - {' '.join(t.split())}" for t in examples[intent]]
    if len(lines) == 2:
        lines[-1] = "nlu: []"
    return "\n".join(lines) + "\n"
