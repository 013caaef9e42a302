"""Grouped super-folds for a model trained outside the bot venv, and blending its out-of-fold
probabilities into bench/crossval.py's decision path.

    .venvs/bot/bin/python bench/crossval.py --export-folds DIR [--super-folds 6]
    /work/ftvenv/bin/python bench/finetune_oof.py DIR            # writes DIR/oof-probs.json
    .venvs/bot/bin/python bench/crossval.py --extra-probs DIR/oof-probs.json --extra-weight W

`--export-folds` writes K grouped super-folds as DIR/superfold<i>.json: every set (each TSV that
crossval.load_groups() returns) is held out in exactly one, sets assigned largest first to the fold
with the fewest rows so far (deterministic, printed). Training rows = the hand-written examples of
the triage intents (INTENT_BASE; minus near copies of any held-out row, as crossval does) + every
set not held out, labelled with crossval.intent_for(). `--extra-probs` reads the other model's
probabilities ({group: {text: {intent: prob}}}) and, for each held-out row, mixes them into the
system's ranking within the triage intents' total mass only (mix_ranking(); conversation intents
unchanged), then crossval decides (the time-limit rule, as served) and scores as usual.
`--extra-weight 1` is the other model alone (with the system's conversation-intent mass and the rule).
"""
from __future__ import annotations

import json
from pathlib import Path


def add_arguments(ap):
    """crossval.py's options for another model's folds and probabilities; returns the parser."""
    ap.add_argument("--extra-probs", default=None,
                    help="JSON {group: {text: {intent: prob}}}: another model's out-of-fold probabilities "
                         "(bench/finetune_top.py oof), or 'served': the shipped fine-tuned top (actions.triage.tuned), "
                         "only for sets it did not train on (a sealed set)")
    ap.add_argument("--extra-weight", type=float, default=0.5,
                    help="its weight within the triage intents' mass (1 = that model alone, 0 = the system)")
    ap.add_argument("--export-folds", default=None, metavar="DIR", help="write K grouped super-folds as train/test JSON to DIR and stop")
    ap.add_argument("--super-folds", type=int, default=6, help="K for --export-folds")
    return ap


def super_folds(groups: dict, k: int = 6) -> list[list[str]]:
    """K lists of set names, every set in exactly one: largest set first, each to the fold with the
    fewest rows so far (ties: the lower index)."""
    folds: list[list[str]] = [[] for _ in range(k)]
    sizes = [0] * k
    for name in sorted(groups, key=lambda n: (-len(groups[n]), n)):
        i = min(range(k), key=lambda j: (sizes[j], j))
        folds[i].append(name)
        sizes[i] += len(groups[name])
    return [sorted(f) for f in folds]


def export_folds(groups: dict, handwritten: list, out_dir: Path, k: int = 6) -> None:
    """Write out_dir/superfold<i>.json: {"fold", "held": [sets], "train": [[text, intent]...], "test": [[set, text]...]}."""
    import crossval
    from actions.triage.decision import INTENT_BASE

    out_dir.mkdir(parents=True, exist_ok=True)
    folds = super_folds(groups, k)
    for i, held in enumerate(folds):
        held_words = [crossval.words(r["text"]) for name in held for r in groups[name]]
        train = [[t, intent] for t, intent in handwritten
                 if intent in INTENT_BASE and not crossval.near_copy(crossval.words(t), held_words)]
        train += [[r["text"], crossval.intent_for(r)] for name, rows in groups.items() if name not in held for r in rows]
        test = [[name, r["text"]] for name in held for r in groups[name]]
        (out_dir / f"superfold{i}.json").write_text(json.dumps({"fold": i, "held": held, "train": train, "test": test}))
        print(f"superfold{i}: {len(test)} held-out rows ({', '.join(held)}); {len(train)} training rows")
    every = [[t, intent] for t, intent in handwritten if intent in INTENT_BASE]
    every += [[r["text"], crossval.intent_for(r)] for rows in groups.values() for r in rows]
    (out_dir / "all.json").write_text(json.dumps({"fold": "all", "held": [], "train": every, "test": []}))
    print(f"all.json: {len(every)} training rows (for bench/finetune_top.py final)")


def mix_ranking(ranking: list, extra: dict, weight: float) -> list:
    """The served mixing (actions.triage.tuned.mix): the other model's probabilities mixed into the
    system's ranking within the triage intents' total mass; conversation intents unchanged."""
    from actions.triage.tuned import mix

    return mix(ranking, extra, weight)


def apply_extra(args, name: str, rows: list, rankings: list) -> list:
    """The fold's rankings with --extra-probs mixed in at --extra-weight (unchanged without it)."""
    if not getattr(args, "extra_probs", None):
        return rankings
    if args.extra_probs == "served":  # the shipped fine-tuned top (never for a set it was trained on)
        from actions.triage.tuned import get_tuned

        extra = dict(zip([r["text"] for r in rows], get_tuned().predict([r["text"] for r in rows])))
    else:
        extra = _load(args.extra_probs).get(name, {})
    missing = [r["text"] for r in rows if r["text"] not in extra]
    if missing:
        raise SystemExit(f"--extra-probs: {len(missing)} rows of {name} have no probabilities, e.g. {missing[0][:80]!r}")
    return [mix_ranking(rk, extra[r["text"]], args.extra_weight) for rk, r in zip(rankings, rows)]


_LOADED: dict = {}


def _load(path: str) -> dict:
    if path not in _LOADED:
        _LOADED[path] = json.loads(Path(path).read_text(encoding="utf-8"))
    return _LOADED[path]


def tally(sizes: list, sys_folds: list, peer_folds: list, names: list | None = None) -> str:
    """Folds ahead / tied / behind the peer by macro-F1 (unrounded), the folds behind by name with
    their F1 to 4 places and rows right, and rows right (exact) over all folds."""
    lines = []
    if sys_folds and peer_folds:
        ahead = sum(1 for a, b in zip(sys_folds, peer_folds) if a["macro_f1"] > b["macro_f1"])
        ties = sum(1 for a, b in zip(sys_folds, peer_folds) if a["macro_f1"] == b["macro_f1"])
        lines.append(f"system ahead of the peer on {ahead} of {len(sys_folds)} folds ({ties} ties, {len(sys_folds) - ahead - ties} behind)")
        for name, a, b, n in zip(names or [""] * len(sizes), sys_folds, peer_folds, sizes):
            if a["macro_f1"] < b["macro_f1"]:
                lines.append(f"  behind: {name} F1 {a['macro_f1']:.4f} vs {b['macro_f1']:.4f}, "
                             f"rows right {round(a['exact'] * n)} vs {round(b['exact'] * n)} of {n}")
    right = [f"{who} {sum(round(f['exact'] * n) for f, n in zip(folds, sizes))} of {sum(sizes)}"
             for who, folds in (("system", sys_folds), ("peer", peer_folds)) if folds]
    return "\n".join(lines + ["rows right (exact): " + ", ".join(right)])
