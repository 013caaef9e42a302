"""The fine-tuned top of all-MiniLM-L6-v2: probabilities over the triage intents, mixed into the
TF-IDF model's ranking.

What it is: the published all-MiniLM-L6-v2 (encoder.py: the pinned package's weights) with its top
two layers replaced by layers fine-tuned on this project's triage training data, mean pooling and
a linear layer over the eight triage intents. Trained OFFLINE with torch by
`bench/finetune_top.py final` (the bottom four layers frozen, so a fine-tune takes minutes), and
shipped in the repo as `weights/minilm-top2.safetensors` (float16, ~7 MB; SHA256 pinned below, a
mismatch is refused; its metadata says what it was trained on). Nothing is downloaded.

How it is used (`mix`): within the probability the TF-IDF model gives the triage intents together,
each triage intent gets (1 - w) x the TF-IDF model's confidence + w x that mass x this model's
share; conversation intents keep the TF-IDF model's confidence. w = 0.3 (fixed before it was
measured; bench/crossval.py --extra-probs --extra-weight mixes out-of-fold probabilities with this
same function). It does not learn when `rasa train` runs: after the training data change, re-run
the fine-tune (docs/triage.md says how) and commit the new file and its SHA256.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Optional, Sequence

import numpy as np

from .encoder import once

WEIGHTS = Path(__file__).resolve().parent / "weights" / "minilm-top2.safetensors"
SHA256 = "194566bd8f7d87892ac5e0f1b1f1f2e5505dae0250a8b10d028f86e93f079ea2"
WEIGHT = 0.3


def mix(ranking: list, probs: dict, weight: float = WEIGHT) -> list:
    """The ranking ([{"name", "confidence"}], all intents) with `probs` ({intent: p} over the triage
    intents) mixed in within the triage intents' total mass; re-sorted, highest first."""
    from .decision import INTENT_BASE

    system = {r["name"]: float(r["confidence"]) for r in ranking}
    mass = sum(system.get(i, 0.0) for i in INTENT_BASE)
    total = sum(float(probs.get(i, 0.0)) for i in INTENT_BASE)
    if total <= 0:
        raise ValueError("the tuned probabilities give the triage intents no mass")
    out = dict(system)
    for intent in INTENT_BASE:
        if intent in system or probs.get(intent):
            out[intent] = (1 - weight) * system.get(intent, 0.0) + weight * mass * float(probs.get(intent, 0.0)) / total
    return [{"name": n, "confidence": c} for n, c in sorted(out.items(), key=lambda kv: -kv[1])]


class TunedTop:
    """The shipped fine-tuned layers and linear layer, run on top of the process's encoder."""

    def __init__(self, path: Path = WEIGHTS, sha256: str = SHA256) -> None:
        from safetensors.numpy import load

        blob = path.read_bytes()
        if hashlib.sha256(blob).hexdigest() != sha256:
            raise RuntimeError(f"{path.name} does not match the pinned fine-tuned weights")
        meta = json.loads(blob[8:8 + int.from_bytes(blob[:8], "little")]).get("__metadata__", {})
        w = {k: v.astype(np.float32) for k, v in load(blob).items()}
        self.classes: list = json.loads(meta["classes"])
        self.first = int(meta["first_layer"])
        self.metadata = meta
        self._raw = w
        self.head_w, self.head_b = w["head.weight"].T.copy(), w["head.bias"]
        self._layers: Optional[list] = None

    def _encoder_layers(self, encoder) -> list:
        if self._layers is None:
            tuned = [encoder.layer_params(self._raw, f"encoder.layer.{i}.") for i in range(self.first, len(encoder.layers))]
            self._layers = encoder.layers[: self.first] + tuned
        return self._layers

    def predict(self, texts: Sequence[str], encoder=None) -> list[dict]:
        """[{intent: probability}] per text, over the triage intents."""
        from .encoder import get_encoder

        encoder = encoder or get_encoder()
        pooled = encoder.encode(texts, layers=self._encoder_layers(encoder), normalise=False)
        z = pooled @ self.head_w + self.head_b
        z = z - z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p = p / p.sum(axis=1, keepdims=True)
        return [{c: float(v) for c, v in zip(self.classes, row)} for row in p]


get_tuned = once(TunedTop)  # the process's one fine-tuned top, loaded on first use (with the encoder)


def served_ranking(model, text: str, weight: float = WEIGHT, top: Optional[int] = None) -> list:
    """The intent ranking the bot serves for `text`: the TF-IDF model's (model.TextModel) with the
    fine-tuned top mixed in at `weight` (0: the TF-IDF model alone); the first `top` intents."""
    ranking = model.ranking(text)
    if weight:
        ranking = mix(ranking, get_tuned().predict([text])[0], weight)
    return ranking[: top or len(ranking)]
