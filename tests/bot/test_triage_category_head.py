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
    keys, p = blended.head_proba(PROBES)
    # report_emergency rows are service requests; greet/affirm rows are not in the head at all
    assert sorted(keys) == ["complaint|", "compliment|", "service_request|"]
    assert p.shape == (len(PROBES), 3) and np.allclose(p.sum(axis=1), 1.0)
    assert models[0]._parts[3] is None  # weight 0: no head, the SVM alone
    assert models[0].head_proba(PROBES)[0] == []


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
    keys, probs = head_only.head_proba(sparse_text)
    head_p = dict(zip(keys, probs[0]))
    p1 = head_only.predict_proba(sparse_text)[0]
    complaint = head_only.classes_.index("complaint")
    triage_mass = sum(p1[head_only.classes_.index(c)] for c in ("complaint", "compliment", "service_request", "report_emergency"))
    # weight 1: the category shares within the triage mass are the head's
    assert p1[complaint] / triage_mass == pytest.approx(head_p["complaint|"], abs=1e-6)
    # weight 0.5: between the SVM alone and the head
    p0, p5 = alone.predict_proba(sparse_text)[0], blended.predict_proba(sparse_text)[0]
    lo, hi = sorted([p0[complaint], p1[complaint]])
    assert lo - 1e-9 <= p5[complaint] <= hi + 1e-9


def test_the_head_reads_digits_and_the_svm_does_not():
    """category_digits: the head's own TF-IDF blocks keep the digits; the SVM's text has them folded."""
    rows = DATA + [("the fence blew down in 2019 and I never said", "complaint_old_issue"),
                   ("a one-off in 2018, the painter chipped my door", "complaint_old_issue"),
                   ("back in 2017 the van clipped my gate", "complaint_old_issue")]
    model = TextModel(ModelSettings(category_weight=0.3, category_digits=True, calibrate=False)).fit(
        [t for t, _ in rows], [i for _, i in rows])
    (head_word, _), _ = model._parts[3]
    svm_word = model._parts[0]
    assert "2019" in head_word.vocabulary_ and "2019" not in svm_word.vocabulary_
    assert "0000" in svm_word.vocabulary_ and "0000" not in head_word.vocabulary_
    keys, p = model.head_proba(["the gate was clipped in 2017"])
    assert "excluded|time_limit" in keys and np.allclose(p.sum(), 1.0)


def test_sqrt_class_weights_lie_between_none_and_balanced():
    from actions.triage.model import _class_weights

    labels = ["a"] * 90 + ["b"] * 10
    balanced = {"a": 100 / (2 * 90), "b": 100 / (2 * 10)}
    sqrt = _class_weights("sqrt", labels)
    assert sqrt == pytest.approx({k: v ** 0.5 for k, v in balanced.items()})
    assert 1.0 < sqrt["b"] < balanced["b"] and balanced["a"] < sqrt["a"] < 1.0
    assert _class_weights("balanced", labels) == "balanced" and _class_weights(None, labels) is None
