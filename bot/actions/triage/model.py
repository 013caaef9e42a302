"""The learned part of triage: a sparse linear text classifier over the bot's intents.

Pure scikit-learn (no Rasa), so bench/crossval.py trains exactly the model that the Rasa
pipeline component (actions.triage.rasa_classifier.TriageIntentClassifier) trains and serves.

Classes are the NLU intents. The seven triage intents each mean one category|reason
(INTENT_BASE in decision.py: complaint, service_request, report_emergency -> service_request,
compliment, report_asb -> excluded|asb, legal_proceedings -> excluded|legal,
employment_matter -> excluded|employment); the conversation intents (greet, affirm,
check_status, ...) are classes of the same model. excluded|time_limit rows train the class
complaint_old_issue (an old one-off complaint); the time-limit rule (rules.py) then decides from
the dates, which the model does not read (digits are folded to 0).

Model: a linear SVM (one against the rest, classes balanced) on TF-IDF word 1-2 grams and
char_wb 2-5 grams side by side. Its margins become probabilities through a softmax with one
temperature fitted on out-of-fold margins of the training data (3 folds: minimum log loss), so
the confidence is comparable with the profile's staff-review threshold (docs/triage.md has the
share sent to review and the accuracy of the rest). A linear SVM trains in
seconds where a multinomial logistic regression on the same features takes minutes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional, Sequence

import numpy as np

_SPACE = re.compile(r"\s+")
_DIGITS = re.compile(r"\d")


def _stack(a, b):
    from scipy.sparse import hstack

    return hstack([a, b]).tocsr()


def prepare(text: str) -> str:
    """Lower case, curly quotes straightened, digits folded to 0 (dates are a rule's job)."""
    text = (text or "").lower().replace("\u2019", "'").replace("\u2018", "'")
    return _SPACE.sub(" ", _DIGITS.sub("0", text)).strip()


@dataclass
class ModelSettings:
    c: float = 0.5
    max_features_char: int = 200_000
    calibrate: bool = True
    temperature: float = 0.17   # used when calibrate is False (bench/crossval.py: the value fitted on all data)
    folds: int = 3
    seed: int = 42


@dataclass
class TextModel:
    settings: ModelSettings = field(default_factory=ModelSettings)
    classes_: list = field(default_factory=list)
    temperature: float = 1.0
    _parts: tuple = ()

    # --- training ------------------------------------------------------------------------
    def _fit_parts(self, texts: Sequence[str], labels: Sequence[str]) -> tuple:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.svm import LinearSVC

        word = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True,
                               token_pattern=r"(?u)\b\w+\b|'\w+")
        char = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True,
                               max_features=self.settings.max_features_char)
        x = _stack(word.fit_transform(texts), char.fit_transform(texts))
        clf = LinearSVC(C=self.settings.c, class_weight="balanced", random_state=self.settings.seed)
        clf.fit(x, labels)
        return word, char, clf

    def _scores(self, parts: tuple, texts: Sequence[str], classes: list) -> np.ndarray:
        word, char, clf = parts
        d = clf.decision_function(_stack(word.transform(texts), char.transform(texts)))
        if d.ndim == 1:  # two classes
            d = np.stack([-d, d], axis=1)
        order = [list(clf.classes_).index(c) for c in classes]
        return d[:, order]

    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> "TextModel":
        texts = [prepare(t) for t in texts]
        labels = list(labels)
        self.classes_ = sorted(set(labels))
        self.temperature = self.settings.temperature
        if self.settings.calibrate and len(texts) >= 50:
            self.temperature = self._fit_temperature(texts, labels)
        self._parts = self._fit_parts(texts, labels)
        return self

    def _fit_temperature(self, texts: list, labels: list) -> float:
        """One temperature T (probabilities = softmax(margin / T)) minimising out-of-fold log loss."""
        from sklearn.model_selection import StratifiedKFold

        counts = {c: labels.count(c) for c in self.classes_}
        strat = [lab if counts[lab] >= self.settings.folds else "_rare" for lab in labels]
        logp = np.zeros((len(texts), len(self.classes_)))  # margins, softmax(margin / T)
        kfold = StratifiedKFold(self.settings.folds, shuffle=True, random_state=self.settings.seed)
        for train, test in kfold.split(texts, strat):
            parts = self._fit_parts([texts[i] for i in train], [labels[i] for i in train])
            logp[test] = self._scores(parts, [texts[i] for i in test], self.classes_)
        gold = np.array([self.classes_.index(lab) for lab in labels])
        best, best_loss = 1.0, float("inf")
        for t in np.arange(0.05, 1.51, 0.01):
            z = logp / t
            z = z - z.max(axis=1, keepdims=True)
            loss = -(z[np.arange(len(gold)), gold] - np.log(np.exp(z).sum(axis=1))).mean()
            if loss < best_loss:
                best, best_loss = float(t), loss
        return best

    # --- prediction ----------------------------------------------------------------------
    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        z = self._scores(self._parts, [prepare(t) for t in texts], self.classes_) / self.temperature
        z = z - z.max(axis=1, keepdims=True)
        p = np.exp(z)
        return p / p.sum(axis=1, keepdims=True)

    def ranking(self, text: str, top: Optional[int] = None) -> list[dict]:
        """[{"name": intent, "confidence": p}, ...] best first (Rasa's intent_ranking shape)."""
        p = self.predict_proba([text])[0]
        order = np.argsort(-p)[: top or len(p)]
        return [{"name": self.classes_[i], "confidence": float(p[i])} for i in order]
