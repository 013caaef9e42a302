"""bench/blend.py: another model's probabilities are mixed into the system's ranking only within
the triage intents' total mass (conversation intents unchanged), and the grouped super-folds hold
every set out exactly once."""
from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import blend  # noqa: E402

SYSTEM = [{"name": "compliment", "confidence": 0.5}, {"name": "complaint", "confidence": 0.3},
          {"name": "greet", "confidence": 0.2}]
EXTRA = {"complaint": 0.9, "compliment": 0.1}


def as_dict(ranking):
    return {r["name"]: r["confidence"] for r in ranking}


def test_weight_zero_is_the_system():
    assert as_dict(blend.mix_ranking(SYSTEM, EXTRA, 0.0)) == pytest.approx(as_dict(SYSTEM))


def test_weight_one_is_the_other_model_within_the_triage_mass():
    out = blend.mix_ranking(SYSTEM, EXTRA, 1.0)
    assert [r["name"] for r in out][:2] == ["complaint", "greet"]  # re-sorted
    got = as_dict(out)
    assert got["complaint"] == pytest.approx(0.8 * 0.9) and got["compliment"] == pytest.approx(0.8 * 0.1)
    assert got["greet"] == 0.2  # a conversation intent keeps the system's confidence
    assert sum(got.values()) == pytest.approx(1.0)


def test_half_and_half_and_shares_not_probabilities():
    extra = {"complaint": 0.45, "compliment": 0.05, "legal_proceedings": 0.0}  # shares: 0.9 / 0.1
    got = as_dict(blend.mix_ranking(SYSTEM, extra, 0.5))
    assert got["complaint"] == pytest.approx(0.5 * 0.3 + 0.5 * 0.8 * 0.9)
    assert got["compliment"] == pytest.approx(0.5 * 0.5 + 0.5 * 0.8 * 0.1)
    assert got["greet"] == 0.2 and "legal_proceedings" not in got


def test_an_intent_only_the_other_model_gives_is_added():
    got = as_dict(blend.mix_ranking(SYSTEM, {"complaint": 0.5, "report_asb": 0.5}, 1.0))
    assert got["report_asb"] == pytest.approx(0.4) and got["compliment"] == 0.0


def test_apply_extra_refuses_rows_without_probabilities(tmp_path):
    path = tmp_path / "p.json"
    path.write_text('{"setA": {"hello": {"complaint": 1.0}}}')
    args = SimpleNamespace(extra_probs=str(path), extra_weight=1.0)
    rows = [{"text": "hello"}]
    assert blend.apply_extra(args, "setA", rows, [SYSTEM])[0][0]["name"] == "complaint"
    with pytest.raises(SystemExit):
        blend.apply_extra(args, "setB", rows, [SYSTEM])
    assert blend.apply_extra(SimpleNamespace(extra_probs=None), "setB", rows, [SYSTEM]) == [SYSTEM]


def test_super_folds_hold_every_set_out_once_and_balance_rows():
    groups = {f"s{i}": [{}] * n for i, n in enumerate([200, 200, 160, 160, 150, 120, 100, 90, 50, 49])}
    folds = blend.super_folds(groups, 3)
    names = [n for f in folds for n in f]
    assert sorted(names) == sorted(groups) and len(names) == len(set(names))
    sizes = [sum(len(groups[n]) for n in f) for f in folds]
    assert max(sizes) - min(sizes) <= 50
    assert blend.super_folds(groups, 3) == folds  # deterministic
