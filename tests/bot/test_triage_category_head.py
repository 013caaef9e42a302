"""The category head of the triage model (actions/triage/model.py): a logistic regression on
category|reason over the triage rows, blended into the SVM's triage mass. Small synthetic data, so
the properties are checked, not the accuracy (bench/crossval.py measures that)."""
from __future__ import annotations

import numpy as np
import pytest

from actions.triage.model import ModelSettings, TextModel

DATA = [
    ("hello there", "greet"), ("hi", "greet"), ("good morning", "greet"), ("hiya", "greet"),
    ("yes please", "affirm"), ("yes", "affirm"), ("that's right", "affirm"), ("ok go ahead", "affirm"),
    ("my tap drips", "service_request"), ("the light in the hall is broken", "service_request"),
    ("can I have a new fence panel", "service_request"), ("my window latch is loose", "service_request"),
    ("gas leak smell in my kitchen", "report_emergency"), ("water pouring through the ceiling light", "report_emergency"),
    ("no heating and my baby is ill", "report_emergency"),
    ("third missed appointment, I am fed up with you", "complaint"), ("nobody calls me back, appalling", "complaint"),
    ("you ignored my leak for months", "complaint"), ("really unhappy with the repairs team", "complaint"),
    ("thank you Sam for fixing the boiler", "compliment"), ("the caretaker is brilliant", "compliment"),
    ("great job by the gardeners", "compliment"), ("lovely work from the painters", "compliment"),
]
PROBES = ["hello", "yes", "my sink drips", "you never came, fed up", "thanks to the caretaker", "water through ceiling"]


def fit(weight: float) -> TextModel:
    return TextModel(ModelSettings(category_weight=weight, calibrate=False)).fit([t for t, _ in DATA], [i for _, i in DATA])


@pytest.fixture(scope="module")
def models():
    return fit(0.0), fit(0.5), fit(1.0)


def test_head_is_trained_on_categories_of_the_triage_rows_only(models):
    _, blended, _ = models
    head = blended._parts[3]
    # report_emergency rows are service requests; greet/affirm rows are not in the head at all
    assert sorted(head.classes_) == ["complaint|", "compliment|", "service_request|"]
    assert models[0]._parts[3] is None  # weight 0: no head, the SVM alone


def test_blend_keeps_rows_summing_to_one_and_conversation_intents_untouched(models):
    alone, blended, _ = models
    p0, p5 = alone.predict_proba(PROBES), blended.predict_proba(PROBES)
    assert np.allclose(p5.sum(axis=1), 1.0)
    conversation = [alone.classes_.index(c) for c in ("greet", "affirm")]
    assert np.allclose(p0[:, conversation], p5[:, conversation])
    triage = [j for j in range(len(alone.classes_)) if j not in conversation]
    assert np.allclose(p0[:, triage].sum(axis=1), p5[:, triage].sum(axis=1))


def test_blend_moves_the_category_shares_towards_the_head(models):
    alone, blended, head_only = models
    sparse_text = ["you never came, fed up"]
    word, char, _, head = head_only._parts
    from actions.triage.model import _stack, prepare

    x = _stack(word.transform([prepare(t) for t in sparse_text]), char.transform([prepare(t) for t in sparse_text]))
    head_p = dict(zip(head.classes_, head.predict_proba(x)[0]))
    p1 = head_only.predict_proba(sparse_text)[0]
    complaint = head_only.classes_.index("complaint")
    triage_mass = sum(p1[head_only.classes_.index(c)] for c in ("complaint", "compliment", "service_request", "report_emergency"))
    # weight 1: the category shares within the triage mass are the head's
    assert p1[complaint] / triage_mass == pytest.approx(head_p["complaint|"], abs=1e-6)
    # weight 0.5: between the SVM alone and the head
    p0, p5 = alone.predict_proba(sparse_text)[0], blended.predict_proba(sparse_text)[0]
    lo, hi = sorted([p0[complaint], p1[complaint]])
    assert lo - 1e-9 <= p5[complaint] <= hi + 1e-9
