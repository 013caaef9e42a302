#!/usr/bin/env python
"""Leave-one-set-out cross-validation of the triage decision, side by side with the peer.

    .venvs/bot/bin/python bench/crossval.py [--only GROUP ...] [--without GROUP ...] [--no-peer] [--errors]
                                            [--received-at per-set|YYYY-MM-DD] [--profile code-2024] [--export-folds DIR] [--extra-probs F --extra-weight W]

Every labelled TSV in bench/trained/, bench/data/ and bench/scored/ (sealed sets, once scored) is one group (one written batch); new TSVs
(bench/trained/real_*.tsv ...) are picked up by themselves, and so is each git-ignored local set in
var/training/ (staff corrections, `make corrections`); `--without staff_corrections` leaves one out. The hand-written NLU files in
bot/data/nlu (all but the generated written_sets.yml) are in training for every fold, except
examples that copy or nearly copy (word-set Jaccard >= 0.8) a row of the held-out group.
Each fold trains the triage model (actions.triage.model.TextModel, the model the Rasa pipeline
serves) on all other groups, parses the held-out group with it, runs actions.triage.triage()
(the Code rules, dates against the receipt date, the profile's time limit) and scores the
category|reason it decides. spaCy DATE entities are read for the date rule as in the bot (cached).
The peer (bench/peer.py: TF-IDF + LR on category|reason) trains on the same rows.

Prints per fold and overall mean +- sd of macro-F1 (over the 4 categories; one a set lacks and
nobody predicted is left out of its average), exact (category+reason)
accuracy and complaint recall, then the staff-review share (low_confidence) and the accuracy of
the rest. Last line: `system macro_f1=... peer macro_f1=...`.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import functools
import hashlib
import json
import logging
import os
import re
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bot"))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import blend  # noqa: E402  (--export-folds, --extra-probs)
import receipt_dates  # noqa: E402  (each set's receipt date)

GROUP_DIRS = (ROOT / "bench" / "trained", ROOT / "bench" / "data", ROOT / "bench" / "scored", ROOT / "var" / "training")
NLU_DIR = ROOT / "bot" / "data" / "nlu"
GENERATED = {"written_sets.yml"}
CATEGORIES = ["complaint", "service_request", "compliment", "excluded"]
CACHE = Path(os.environ.get("TRIAGE_CACHE", "/tmp/triage-crossval-cache"))
_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\(([^)]+)\)|\{[^}]*\})")


# --- data -----------------------------------------------------------------------------------
def read_tsv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = []
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            text = (row.get("text") or "").strip()
            if text and row.get("category") in CATEGORIES:
                rows.append({"text": text, "category": row["category"], "reason": (row.get("reason") or "").strip() or None})
        return rows


def load_groups(without=()) -> dict[str, list[dict]]:
    groups = {}
    for folder in GROUP_DIRS:
        for path in sorted(folder.glob("*.tsv")):
            rows = read_tsv(path) if path.stem not in set(without or ()) else None
            if rows:
                groups[path.stem] = rows
    return groups


def load_handwritten() -> list[tuple[str, str]]:
    """(text, intent) for every intent example in the hand-written NLU files."""
    import yaml

    out = []
    for path in sorted(NLU_DIR.glob("*.yml")):
        if path.name in GENERATED:
            continue
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []) or []:
            if "intent" not in block:
                continue
            for line in str(block.get("examples") or "").splitlines():
                line = line.strip()
                if line.startswith("- "):
                    out.append((_ANNOTATION.sub(lambda m: m.group(1), line[2:]).strip(), block["intent"]))
    return out


def words(text: str) -> frozenset:
    return frozenset(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def near_copy(a: frozenset, others: list) -> bool:
    return len(a) >= 4 and any(len(a & b) / len(a | b) >= 0.8 for b in others) or (len(a) < 4 and a in others)


# --- spaCy DATE entities (as the bot's pipeline gives them), cached ---------------------------
def date_entities(texts: list[str]) -> dict[str, list]:
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / "spacy-dates.json"
    cache = json.loads(path.read_text()) if path.is_file() else {}
    todo = [t for t in dict.fromkeys(texts) if t not in cache]
    if todo:
        try:
            import spacy

            sys.path.insert(0, str(ROOT / "scripts"))
            from spacy_model_path import find_model_path as model_path

            nlp = spacy.load(model_path(), disable=["parser", "lemmatizer"])
            for text, doc in zip(todo, nlp.pipe(todo, batch_size=64)):
                cache[text] = [{"entity": e.label_, "value": e.text} for e in doc.ents if e.label_ == "DATE"]
            path.write_text(json.dumps(cache))
        except Exception as exc:  # noqa: BLE001 - without spaCy the regex date scan still runs
            print(f"(no spaCy DATE entities: {type(exc).__name__}: {exc})", file=sys.stderr)
            return {t: cache.get(t, []) for t in texts}
    return {t: cache[t] for t in texts}


# --- the system's training labels --------------------------------------------------------------
def intent_for(row: dict) -> str:
    from actions.triage.decision import intent_for_label

    return intent_for_label(row["category"], row["reason"], row["text"])


def fold_train(groups: dict, handwritten: list, held: str) -> tuple[list, list]:
    """(texts, intents) to train on when `held` is held out."""
    held_words = [words(r["text"]) for r in groups[held]]
    texts, labels = [], []
    for text, intent in handwritten:
        if not near_copy(words(text), held_words):
            texts.append(text)
            labels.append(intent)
    for name, rows in groups.items():
        if name != held:
            for r in rows:
                texts.append(r["text"])
                labels.append(intent_for(r))
    return texts, labels


def peer_train(groups: dict, handwritten: list, held: str) -> list[dict]:
    from actions.triage.decision import INTENT_BASE

    held_words = [words(r["text"]) for r in groups[held]]
    rows = [{"text": t, "category": INTENT_BASE[i][0], "reason": INTENT_BASE[i][1]} for t, i in handwritten
            if i in INTENT_BASE and not near_copy(words(t), held_words)]
    for name, group in groups.items():
        if name != held:
            rows.extend(group)
    return rows


class CachedEmbedder:
    """The served encoder (actions.triage.encoder), its embeddings kept on disk by text: the same
    numbers, computed once for all folds instead of once per fold."""

    def __init__(self) -> None:
        from actions.triage.encoder import SHA256

        self.path = CACHE / f"minilm-{SHA256[:12]}-{_source_hash('encoder.py')}.npz"
        self.table: dict = {}
        if self.path.is_file():
            data = np.load(self.path, allow_pickle=True)
            self.table = dict(zip(data["texts"].tolist(), data["emb"]))

    def __call__(self, texts):
        todo = [t for t in dict.fromkeys(texts) if t not in self.table]
        if todo:
            from actions.triage.model import default_embedder

            self.table.update(zip(todo, default_embedder(todo)))
            CACHE.mkdir(parents=True, exist_ok=True)
            np.savez(self.path, texts=np.array(list(self.table), dtype=object), emb=np.stack(list(self.table.values())))
        return np.stack([self.table[t] for t in texts])


def _source_hash(name: str) -> str:
    return hashlib.sha256((ROOT / "bot/actions/triage" / name).read_bytes()).hexdigest()[:12]


_EMBEDDER = None


def fold_rankings(groups: dict, handwritten: list, held: str, settings=None) -> list[list]:
    """Train the system's model without `held` (exactly as the Rasa component trains it: weight of
    the embedding chosen and temperature fitted inside the training rows); the intent ranking of
    each held-out row (cached)."""
    global _EMBEDDER
    from actions.triage.model import ModelSettings, TextModel

    texts, labels = fold_train(groups, handwritten, held)
    settings = settings or ModelSettings()
    key = hashlib.sha256(json.dumps([texts, labels, [r["text"] for r in groups[held]], repr(settings),
                                     _source_hash("model.py"), _source_hash("encoder.py")]).encode()).hexdigest()[:16]
    path = CACHE / f"fold-{held}-{key}.json"
    if path.is_file():
        return json.loads(path.read_text())
    if any(settings.embedding_weights or ()):
        _EMBEDDER = _EMBEDDER or CachedEmbedder()
    model = TextModel(settings, embedder=_EMBEDDER).fit(texts, labels)
    print(f"   ({held}: embedding weight {model.embedding_weight}, class weights {model.class_weight} chosen in training, out-of-fold accuracy "
          f"{model.selection}; temperature {model.temperature:.2f})", file=sys.stderr, flush=True)
    probs = model.predict_proba([r["text"] for r in groups[held]])
    out = [[{"name": model.classes_[i], "confidence": float(p[i])} for i in p.argsort()[::-1]] for p in probs]
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out))
    return out


@functools.lru_cache(maxsize=1)
def _fallback_thresholds() -> tuple[float, float]:
    """(threshold, ambiguity_threshold) of Rasa's FallbackClassifier in the served pipeline."""
    import yaml

    config = yaml.safe_load((ROOT / "bot" / "config.template.yml").read_text(encoding="utf-8"))
    for part in config.get("pipeline") or []:
        if part.get("name") == "FallbackClassifier":
            return float(part.get("threshold", 0.3)), float(part.get("ambiguity_threshold", 0.1))
    return 0.0, 0.0


def _falls_back(ranking: list) -> bool:
    """Rasa would replace the top intent with nlu_fallback (too low, or too close to the second)."""
    threshold, ambiguity = _fallback_thresholds()
    top = ranking[0]["confidence"]
    second = ranking[1]["confidence"] if len(ranking) > 1 else 0.0
    return top < threshold or top - second < ambiguity


def decide(rows: list, rankings: list, entities: dict, received: dt.date, profile, rules_off=frozenset()) -> list:
    """The decision the chat records for each row: the triage, or, where the model's top intent is
    one the chat records with a fixed category (RECORDED_AS: an escalation request), that category."""
    from dataclasses import replace

    from actions.triage import triage
    from actions.triage.decision import RECORDED_AS

    out = []
    for row, ranking in zip(rows, rankings):
        top = ranking[0]
        d = triage(row["text"], top["name"], top["confidence"], entities.get(row["text"], []), profile, received,
                   intent_ranking=ranking, rules_off=rules_off)
        if top["name"] in RECORDED_AS and not _falls_back(ranking):
            category, reason = RECORDED_AS[top["name"]]
            d = replace(d, category=category, reason=reason,
                        flags=tuple(f for f in d.flags if f != "low_confidence"),
                        explanation=f"Recorded as {category} (intent {top['name']}). {d.explanation}")
        out.append(d)
    return out


# --- scores ------------------------------------------------------------------------------------
def scores(gold: list[tuple], pred: list[tuple]) -> dict:
    f1s = []
    for cat in CATEGORIES:
        if not any(g[0] == cat for g in gold) and not any(p[0] == cat for p in pred):
            continue  # a set without this category, and none predicted: no F1 to average
        tp = sum(1 for g, p in zip(gold, pred) if g[0] == cat and p[0] == cat)
        fp = sum(1 for g, p in zip(gold, pred) if g[0] != cat and p[0] == cat)
        fn = sum(1 for g, p in zip(gold, pred) if g[0] == cat and p[0] != cat)
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    complaints = [p for g, p in zip(gold, pred) if g[0] == "complaint"]
    return {"macro_f1": sum(f1s) / len(f1s), "exact": sum(1 for g, p in zip(gold, pred) if g == p) / len(gold),
            "complaint_recall": (sum(1 for p in complaints if p[0] == "complaint") / len(complaints)) if complaints else float("nan")}


def mean_sd(values: list) -> str:
    values = [v for v in values if v == v]
    return f"{statistics.mean(values):.3f} ± {statistics.stdev(values) if len(values) > 1 else 0.0:.3f}"


def load_profile(profile_id: str):
    from actions.triage import TriageProfile

    path = ROOT / "backend" / "profiles" / f"{profile_id}.yaml"
    if path.is_file():
        import yaml

        return TriageProfile.from_dict(yaml.safe_load(path.read_text(encoding="utf-8")))
    return TriageProfile.from_dict({"id": profile_id, "time_limit_months": 12})


def _settings(args):
    """The served model's settings, or with the embedding / category-head weight given on the command line."""
    from actions.triage.model import ModelSettings

    given = {}
    if getattr(args, "embedding_weight", None) is not None:
        given["embedding_weights"] = (args.embedding_weight,)
    if getattr(args, "category_weight", None) is not None:
        given["category_weight"] = args.category_weight
    if getattr(args, "head_digits", None) is not None:
        given["category_digits"] = args.head_digits == "on"
    if getattr(args, "class_weight", None) is not None:
        given["class_weights"] = tuple(None if c == "none" else c for c in args.class_weight)
    return ModelSettings(**given)


def run_folds(args, rules_off=frozenset()):
    """[(group, rows, decisions)] for every fold (models cached between runs)."""
    groups = load_groups(getattr(args, "without", None))
    handwritten = load_handwritten()
    names = args.only or list(groups)
    entities = date_entities([r["text"] for rows in groups.values() for r in rows])
    dates = receipt_dates.for_sets(args.received_at)
    profile = load_profile(args.profile)
    out = []
    for name in names:
        rankings = blend.apply_extra(args, name, groups[name], fold_rankings(groups, handwritten, name, _settings(args)))
        out.append((name, groups[name], decide(groups[name], rankings, entities, dates(name), profile, rules_off)))
    return groups, handwritten, out


def main(argv=None) -> int:
    ap = blend.add_arguments(argparse.ArgumentParser(description="Leave-one-set-out cross-validation: triage vs the TF-IDF peer."))
    ap.add_argument("--only", nargs="*", help="hold out only these groups (file stems)")
    ap.add_argument("--without", nargs="*", default=[], help="leave these groups out of training and folds")
    ap.add_argument("--embedding-weight", type=float, default=None,
                    help="the MiniLM embedding's weight beside TF-IDF (default: as served, ModelSettings)")
    ap.add_argument("--category-weight", type=float, default=None,
                    help="the category head's weight within the triage mass (default: as served, ModelSettings; 0 = SVM alone)")
    ap.add_argument("--class-weight", nargs="+", choices=["balanced", "sqrt", "none"], default=None,
                    help="the SVM's class weighting (several: chosen by inner cross-validation; default: as served)")
    ap.add_argument("--head-digits", choices=["on", "off"], default=None,
                    help="the category head reads digits with TF-IDF blocks of its own (default: as served, ModelSettings)")
    ap.add_argument("--no-peer", action="store_true")
    ap.add_argument("--only-peer", action="store_true")
    ap.add_argument("--errors", action="store_true", help="print the system's wrong rows")
    ap.add_argument("--received-at", default="per-set",
                    help="YYYY-MM-DD for every set, or per-set (default): each set's own (bench/receipt_dates.tsv)")
    ap.add_argument("--profile", default="code-2024")
    args = ap.parse_args(argv)
    if set(args.without) - {p.stem for folder in GROUP_DIRS for p in folder.glob("*.tsv")}:
        ap.error(f"--without: no such group {sorted(set(args.without) - set(load_groups()))}")
    logging.disable(logging.WARNING)
    if args.export_folds:  # bench/blend.py
        return blend.export_folds(load_groups(args.without), load_handwritten(), Path(args.export_folds), args.super_folds) or 0
    import peer

    started = time.time()
    groups = load_groups(args.without)
    handwritten = load_handwritten()
    names = args.only or list(groups)
    print(f"{len(groups)} groups ({sum(len(g) for g in groups.values())} rows), {len(handwritten)} hand-written examples; "
          f"receipt {args.received_at}, profile {args.profile}")
    sys_folds, peer_folds, reviewed, rest = [], [], [0, 0], [0, 0]
    if not args.only_peer:
        _, _, folds = run_folds(args)
    else:
        folds = [(n, groups[n], None) for n in names]
    print(f"{'fold':<18}{'n':>5}  {'system F1':>9} {'exact':>6} {'c.rec':>6}  {'peer F1':>8} {'exact':>6} {'c.rec':>6}")
    for name, rows, decisions in folds:
        gold = [(r["category"], r["reason"]) for r in rows]
        line = f"{name:<18}{len(rows):>5}  "
        if decisions is not None:
            pred = [(d.category, d.reason) for d in decisions]
            s = scores(gold, pred)
            sys_folds.append(s)
            line += f"{s['macro_f1']:>9.3f} {s['exact']:>6.3f} {s['complaint_recall']:>6.3f}  "
            for row, g, p, d in zip(rows, gold, pred, decisions):
                bucket = reviewed if "low_confidence" in d.flags else rest
                bucket[0] += g == p
                bucket[1] += 1
                if args.errors and g != p:
                    print(f"   {g[0]}/{g[1] or '-'} -> {p[0]}/{p[1] or '-'} {d.confidence:.2f} | {row['text'][:150]}"
                          f"\n      {d.explanation[:300]}")
        else:
            line += " " * 25
        if not args.no_peer:
            ppred = peer.run_fold(peer_train(groups, handwritten, name), rows)
            s = scores(gold, ppred)
            peer_folds.append(s)
            line += f"{s['macro_f1']:>8.3f} {s['exact']:>6.3f} {s['complaint_recall']:>6.3f}"
        print(line, flush=True)
    print("-" * 72)
    summary = []
    for who, folds_ in (("system", sys_folds), ("peer", peer_folds)):
        if folds_:
            print(f"{who:<8} macro-F1 {mean_sd([f['macro_f1'] for f in folds_])}   exact {mean_sd([f['exact'] for f in folds_])}"
                  f"   complaint recall {mean_sd([f['complaint_recall'] for f in folds_])}")
            summary.append(f"{who} macro_f1={statistics.mean(f['macro_f1'] for f in folds_):.3f}")
    print(blend.tally([len(rows) for _, rows, _ in folds], sys_folds, peer_folds, [name for name, _, _ in folds]))
    if reviewed[1] + rest[1]:
        total = reviewed[1] + rest[1]
        print(f"staff review (low_confidence): {reviewed[1] / total:.1%} of rows (accuracy there "
              f"{reviewed[0] / max(reviewed[1], 1):.3f}); accuracy of the rest {rest[0] / max(rest[1], 1):.3f}")
    print(f"({time.time() - started:.0f} s)")
    print(" ".join(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
