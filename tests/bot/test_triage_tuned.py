"""The fine-tuned MiniLM top (actions/triage/tuned.py): the shipped weights, what they compute, and
how their probabilities are mixed into the TF-IDF model's ranking."""
from __future__ import annotations

import json

import numpy as np
import pytest

from actions.triage.decision import INTENT_BASE
from actions.triage.tuned import SHA256, WEIGHT, WEIGHTS, TunedTop, get_tuned, mix


@pytest.fixture(scope="module")
def tuned() -> TunedTop:
    return get_tuned()


def test_the_shipped_weights_are_the_pinned_ones_over_the_triage_intents(tuned):
    assert WEIGHTS.is_file()
    assert sorted(tuned.classes) == sorted(INTENT_BASE)
    assert tuned.first == 4
    assert tuned.metadata["base_sha256"].startswith("53aa5117")  # trained on top of the pinned published model
    assert int(tuned.metadata["train_rows"]) > 5000


def test_tampered_weights_are_refused(tmp_path):
    blob = bytearray(WEIGHTS.read_bytes())
    blob[-1] ^= 1
    bad = tmp_path / "w.safetensors"
    bad.write_bytes(bytes(blob))
    with pytest.raises(RuntimeError, match="does not match"):
        TunedTop(bad, SHA256)


def test_it_computes_what_torch_computed_when_it_was_trained(tuned):
    """bench/finetune_top.py final wrote torch's probabilities (float32 weights) for 50 training rows
    beside the weights; served from the float16 file through encoder.py they agree closely."""
    check = json.loads(WEIGHTS.with_name(WEIGHTS.stem + ".check.json").read_text(encoding="utf-8"))
    texts = list(check)
    got = tuned.predict(texts)
    worst = max(abs(g[c] - p) for text, g in zip(texts, got) for c, p in zip(tuned.classes, check[text]))
    assert worst < 0.02
    assert [max(g, key=g.get) for g in got] == [tuned.classes[int(np.argmax(check[t]))] for t in texts]


def test_it_reads_unseen_messages_sensibly(tuned):
    p = tuned.predict(["Thank you so much to the plumber who came out on Sunday, he was brilliant",
                       "My kitchen tap is dripping, can someone come and look at it please",
                       "Third time I've rung about the leak and still nobody has come, I'm really not happy"])
    assert [max(r, key=r.get) for r in p][:2] == ["compliment", "service_request"]
    assert INTENT_BASE[max(p[2], key=p[2].get)][0] == "complaint"
    assert all(abs(sum(r.values()) - 1) < 1e-5 for r in p)


def test_mix_moves_only_the_triage_intents_within_their_mass():
    ranking = [{"name": "service_request", "confidence": 0.5}, {"name": "greet", "confidence": 0.3},
               {"name": "complaint", "confidence": 0.2}]
    probs = {i: 0.0 for i in INTENT_BASE} | {"complaint": 0.9, "service_request": 0.1}
    out = {r["name"]: r["confidence"] for r in mix(ranking, probs, 0.5)}
    assert out["greet"] == pytest.approx(0.3)                       # conversation intent unchanged
    assert sum(out.values()) == pytest.approx(1.0)
    assert out["complaint"] == pytest.approx(0.5 * 0.2 + 0.5 * 0.7 * 0.9)
    assert out["service_request"] == pytest.approx(0.5 * 0.5 + 0.5 * 0.7 * 0.1)
    assert mix(ranking, probs, 0.0)[0]["name"] == "service_request"  # weight 0: the TF-IDF ranking
    assert 0 < WEIGHT < 1
    with pytest.raises(ValueError):
        mix(ranking, {"greet": 1.0}, 0.5)


def test_the_file_is_written_canonically_so_a_rerun_on_the_same_data_gives_the_same_sha256():
    """bench/finetune_top.py final sorts the header's keys (safetensors does not): training is
    deterministic on the CPU, so `make finetune` on unchanged data reproduces the pinned file."""
    blob = WEIGHTS.read_bytes()
    n = int.from_bytes(blob[:8], "little")
    header = blob[8:8 + n]
    assert header.rstrip(b" ") == json.dumps(json.loads(header), sort_keys=True, separators=(",", ":")).encode()
    assert (8 + n) % 8 == 0
