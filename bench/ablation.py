#!/usr/bin/env python
"""Each Code rule switched off in turn, across the leave-one-set-out folds of bench/crossval.py.

    .venvs/bot/bin/python bench/ablation.py [--only GROUP ...] [--extra-probs OOF.json --extra-weight 0.3]

The fold models are the ones crossval trains (cached, so after a crossval run this takes
seconds). For each rule in actions/triage/rules.py: how often it changes the model's decision
(firing count), how many of those changes are right and wrong against the labels, and the mean
macro-F1 across folds with and without it. A rule with no net gain should be removed.
"""
from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "bot"))

import crossval  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--received-at", default="per-set", help="as bench/crossval.py")
    ap.add_argument("--profile", default="code-2024")
    ap.add_argument("--extra-probs", default=None, help="as bench/crossval.py (the tuned top's out-of-fold probabilities)")
    ap.add_argument("--extra-weight", type=float, default=0.3, help="as bench/crossval.py")
    args = ap.parse_args(argv)
    from actions.triage.rules import RULE_NAMES

    def per_fold(rules_off):
        _, _, folds = crossval.run_folds(args, frozenset(rules_off))
        return [(rows, [(d.category, d.reason) for d in decisions]) for _, rows, decisions in folds]

    def macro(folds):
        return [crossval.scores([(r["category"], r["reason"]) for r in rows], pred)["macro_f1"] for rows, pred in folds]

    full = per_fold(())
    base = macro(full)
    none = macro(per_fold(RULE_NAMES))
    print(f"all rules:  macro-F1 {statistics.mean(base):.4f}   no rules (model alone): {statistics.mean(none):.4f}")
    print(f"{'rule':<24}{'fires':>7}{'right':>7}{'wrong':>7}{'F1 without':>12}{'net gain':>10}")
    for name in RULE_NAMES:
        off = per_fold((name,))
        fires = right = wrong = 0
        for (rows, with_rule), (_, without) in zip(full, off):
            for row, a, b in zip(rows, with_rule, without):
                if a != b:
                    fires += 1
                    gold = (row["category"], row["reason"])
                    right += a == gold
                    wrong += b == gold
        without_f1 = statistics.mean(macro(off))
        print(f"{name:<24}{fires:>7}{right:>7}{wrong:>7}{without_f1:>12.4f}{statistics.mean(base) - without_f1:>+10.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
