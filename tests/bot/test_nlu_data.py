"""The NLU training data and the labelled sets: well formed, on contract, in step."""
from __future__ import annotations

import csv
import importlib.util
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
NLU_DIR = ROOT / "bot" / "data" / "nlu"
HELDOUT = ROOT / "bench" / "data" / "heldout.tsv"
# A second, smaller set written before any tuning and scored once at the end (unbiased check).
BLIND = ROOT / "bench" / "data" / "heldout_blind.tsv"
BLIND2 = ROOT / "bench" / "data" / "heldout_blind2.tsv"
# Every labelled TSV (bench/trained, bench/data, bench/scored) is one group of bench/crossval.py, which holds
# each out in turn; all of them reach the bot through the generated bot/data/nlu/written_sets.yml.
HELDOUT_FILES = [p for d in ("data", "trained", "scored") for p in sorted((ROOT / "bench" / d).glob("*.tsv"))]

TRIAGE_INTENTS = {"service_request", "report_emergency", "complaint", "complaint_old_issue", "compliment",
                  "report_asb", "legal_proceedings", "employment_matter"}
CONVERSATION_INTENTS = {"greet", "goodbye", "affirm", "deny", "thank_bot", "check_status",
                        "escalate_case", "ask_human", "stay_anonymous", "inform"}
CONTRACT_INTENTS = TRIAGE_INTENTS | CONVERSATION_INTENTS
CONTRACT_ENTITIES = {"DATE", "PERSON", "ORG", "team", "reference", "postcode", "email"}
CATEGORIES = {"complaint", "service_request", "compliment", "excluded"}
REASONS = {"asb", "legal", "employment", "time_limit"}


def _load_sets_script():
    spec = importlib.util.spec_from_file_location("nlu_from_sets", ROOT / "scripts" / "nlu_from_sets.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# the script that writes training data from retired sets compares texts the same way
SETS_SCRIPT = _load_sets_script()
normalise = SETS_SCRIPT.normalise


def nlu_files() -> list[Path]:
    return sorted(NLU_DIR.rglob("*.yml"))


def training_examples() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for path in nlu_files():
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for block in doc.get("nlu") or []:
            if "intent" in block:
                lines = [ln.strip() for ln in block["examples"].splitlines() if ln.strip()]
                out.setdefault(block["intent"], []).extend(ln[2:] if ln.startswith("- ") else ln for ln in lines)
    return out


def heldout_rows(path: Path = HELDOUT) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def all_heldout_rows() -> list[dict]:
    return [row for path in HELDOUT_FILES for row in heldout_rows(path)]


@pytest.mark.parametrize("path", nlu_files(), ids=lambda p: p.name)
def test_every_training_file_parses(path: Path):
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert str(doc.get("version")) == "3.1"
    assert isinstance(doc.get("nlu"), list) and doc["nlu"]
    for block in doc["nlu"]:
        kind = {"intent", "regex", "synonym", "lookup"} & set(block)
        assert len(kind) == 1, f"{path.name}: block without a single kind: {block}"
        lines = [ln for ln in block["examples"].splitlines() if ln.strip()]
        assert lines and all(ln.lstrip().startswith("- ") for ln in lines), f"{path.name}: bad list"


def test_training_files_load_with_rasa():
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(NLU_DIR))
    assert set(data.intents) == CONTRACT_INTENTS
    assert set(data.entities) <= CONTRACT_ENTITIES
    assert {"reference", "postcode", "email", "team"} <= set(data.entities)
    names = {r["name"] for r in data.regex_features}
    assert {"reference", "postcode", "email"} <= names


def test_intents_match_contract_and_are_well_covered():
    examples = training_examples()
    assert set(examples) == CONTRACT_INTENTS
    assert len(examples["complaint"]) >= 120
    assert len(examples["service_request"]) >= 100
    for intent in TRIAGE_INTENTS - {"complaint", "service_request"}:
        assert len(examples[intent]) >= 45, intent


def test_no_duplicate_training_examples_across_intents():
    seen: dict[str, str] = {}
    clashes = []
    for intent, texts in training_examples().items():
        for text in texts:
            key = normalise(text)
            if key in seen and seen[key] != intent:
                clashes.append((text, seen[key], intent))
            seen[key] = intent
    assert not clashes, clashes


def test_regexes_match_contract_examples():
    doc = yaml.safe_load((NLU_DIR / "regex.yml").read_text(encoding="utf-8"))
    patterns = {b["regex"]: b["examples"].strip()[2:] for b in doc["nlu"] if "regex" in b}
    ref = re.compile(patterns["reference"], re.IGNORECASE)
    assert ref.search("my ref is CMP-2026-000123 thanks")
    assert ref.search("sr-2026-000045")
    assert not ref.search("CMP-26-000123")
    post = re.compile(patterns["postcode"], re.IGNORECASE)
    for pc in ("SW1A 1AA", "m1 4bt", "LS6 2QR", "B152TT"):
        assert post.search(pc), pc
    assert re.compile(patterns["email"]).search("write to jo.bloggs+x@example.co.uk please")


@pytest.mark.parametrize("path", HELDOUT_FILES, ids=lambda p: p.name)
def test_heldout_is_well_formed(path: Path):
    header = path.read_text(encoding="utf-8").splitlines()[0]
    assert header == "category\treason\ttext"
    rows = heldout_rows(path)
    assert len(rows) >= (180 if path == HELDOUT else 40)
    for i, row in enumerate(rows, start=2):
        assert set(row) == {"category", "reason", "text"} and None not in row.values(), f"line {i}"
        assert row["category"] in CATEGORIES, f"line {i}: {row['category']}"
        if row["category"] == "excluded":
            assert row["reason"] in REASONS, f"line {i}: reason {row['reason']!r}"
        else:
            assert row["reason"] == "", f"line {i}: reason only for excluded"
        assert row["text"].strip() == row["text"] and len(row["text"]) > 3, f"line {i}"
    if path.name.startswith(("dev_", "real_")):
        # a boundary set (dev_boundaries.tsv) or a set grounded in real sources (real_*.tsv): not
        # every category or reason need occur
        assert {r["category"] for r in rows} >= {"complaint"}
        assert {r["reason"] for r in rows if r["category"] == "excluded"} <= REASONS
    else:
        assert {r["category"] for r in rows} == CATEGORIES
        assert {r["reason"] for r in rows if r["category"] == "excluded"} == REASONS
    texts = [normalise(r["text"]) for r in rows]
    assert len(texts) == len(set(texts)), "duplicate held-out rows"


def test_crossval_keeps_near_copies_of_the_held_out_set_out_of_training():
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    import crossval

    groups = {"held": [{"text": "the lift in Marlow House has been broken for five weeks now", "category": "complaint",
                        "reason": None}],
              "other": [{"text": "my tap drips", "category": "service_request", "reason": None}]}
    handwritten = [("The lift in Marlow House has been broken for five weeks now!", "complaint"),
                   ("hello", "greet")]
    texts, labels = crossval.fold_train(groups, handwritten, "held")
    assert texts == ["hello", "my tap drips"] and labels == ["greet", "service_request"]


def test_training_file_written_from_retired_sets_is_up_to_date():
    """bot/data/nlu/written_sets.yml is generated from the labelled sets: the file in the
    repository must be what the script writes now (rerun scripts/nlu_from_sets.py if not)."""
    text, by_intent, dropped = SETS_SCRIPT.render()
    assert (NLU_DIR / "written_sets.yml").read_text(encoding="utf-8") == text
    assert sum(len(v) for v in by_intent.values()) > 1000
    assert sum(dropped.values()) < 20, dropped


def test_training_file_does_not_change_with_the_clock(monkeypatch):
    """Rows are read against their set's receipt date (past_events.as_of), not today's date: a month
    later ("flooded in December 2026" turns past by the clock) the generated file is the same."""
    import datetime as dt

    from actions import past_events

    now, _, _ = SETS_SCRIPT.render()
    monkeypatch.setattr(past_events.dt, "datetime", _FrozenClock(dt.datetime(2031, 6, 1, 12, 0)))
    later, _, _ = SETS_SCRIPT.render()
    assert later == now
    with past_events.as_of(dt.date(2026, 12, 7)):
        assert not past_events.current(re.compile(r"\bflood\w*"), "my kitchen flooded in March 2023")
        assert past_events.current(re.compile(r"\bflood\w*"), "my kitchen flooded in January 2027")
    with past_events.as_of(dt.date(2027, 3, 1)):
        assert not past_events.current(re.compile(r"\bflood\w*"), "my kitchen flooded in January 2027")


class _FrozenClock:
    """datetime stand-in whose now() is fixed (the module reads dt.datetime.now)."""

    def __init__(self, at):
        self._at = at

    def now(self, tz=None):
        return self._at.replace(tzinfo=tz)

    def __getattr__(self, name):
        import datetime as dt
        return getattr(dt.datetime, name)
