#!/usr/bin/env python
"""Fine-tune the TOP layers of all-MiniLM-L6-v2 on the triage intents: out-of-fold probabilities
per grouped super-fold, or (--final) the weights the bot serves.

Why only the top: the full fine-tune (bench/finetune_oof.py) took 31-45 minutes a super-fold on
this 2-core machine. Here the embeddings and the bottom 6-K layers stay as published (frozen), so
their output for a text never changes: it is computed ONCE per text (no dropout) and kept in
memory; only the top K layers (default 2), mean pooling and a linear layer over the triage intents
are trained (dropout 0.1, AdamW with linear warm-up over 10% of the steps then decay, cross
entropy, fixed seed). The layers are written out here in torch (no transformers) with the same
names and arithmetic as bot/actions/triage/encoder.py; `--check` compares the frozen forward with
encoder.py's embeddings (needs the bot venv's tensorflow-free numpy path: run from the repo root).

Scratch venv (OUTSIDE the repo; the bot venv has no torch and must not get one):
    ~/.pyenv/versions/3.11.7/bin/python -m venv /work/ftvenv
    /work/ftvenv/bin/pip install torch==2.13.0 safetensors tokenizers numpy

Out of fold (folds from `bench/crossval.py --export-folds DIR`), then blended as the full fine-tune:
    /work/ftvenv/bin/python bench/finetune_top.py oof DIR OUT [--folds 0 1]
    TRIAGE_CACHE=... .venvs/bot/bin/python bench/crossval.py --extra-probs OUT/oof-probs.json --extra-weight 0.3
The served weights (bot/actions/triage/tuned.py), trained on every row (DIR/all.json, written by
--export-folds: the hand-written triage examples and every labelled set); then pin the printed
SHA256 in tuned.py:
    /work/ftvenv/bin/python bench/finetune_top.py final DIR/all.json bot/actions/triage/weights/minilm-top2.safetensors
Never train or evaluate on bench/holdout/ (sealed).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import sys
import time
from pathlib import Path

from finetune_oof import DEFAULT_ZIP, batches, load_weights, pad, pinned_sha256  # noqa: E402  (shared with the full fine-tune)

LAYERS, HEADS, DIM, EPS, MAX_LEN = 6, 12, 384, 1e-12, 128


def modules():
    import torch
    from torch import nn

    class Layer(nn.Module):
        """One BERT layer as encoder.py computes it (post-LayerNorm, exact GELU)."""

        def __init__(self) -> None:
            super().__init__()
            self.query, self.key, self.value, self.out = (nn.Linear(DIM, DIM) for _ in range(4))
            self.ln1, self.ln2 = nn.LayerNorm(DIM, eps=EPS), nn.LayerNorm(DIM, eps=EPS)
            self.up, self.down = nn.Linear(DIM, 4 * DIM), nn.Linear(4 * DIM, DIM)
            self.drop = nn.Dropout(0.1)

        def load(self, w: dict, i: int) -> "Layer":
            p = f"encoder.layer.{i}."
            names = {"query": "attention.self.query", "key": "attention.self.key", "value": "attention.self.value",
                     "out": "attention.output.dense", "ln1": "attention.output.LayerNorm", "up": "intermediate.dense",
                     "down": "output.dense", "ln2": "output.LayerNorm"}
            with torch.no_grad():
                for attr, name in names.items():
                    getattr(self, attr).weight.copy_(w[p + name + ".weight"])
                    getattr(self, attr).bias.copy_(w[p + name + ".bias"])
            return self

        def forward(self, x, bias):
            b, n, _ = x.shape
            hd = DIM // HEADS

            def heads(t):
                return t.view(b, n, HEADS, hd).transpose(1, 2)

            att = heads(self.query(x)) @ heads(self.key(x)).transpose(-1, -2) / math.sqrt(hd) + bias
            att = self.drop(torch.softmax(att, -1))
            ctx = (att @ heads(self.value(x))).transpose(1, 2).reshape(b, n, DIM)
            x = self.ln1(self.drop(self.out(ctx)) + x)
            h = torch.nn.functional.gelu(self.up(x))  # exact (erf) GELU
            return self.ln2(self.drop(self.down(h)) + x)

    class Top(nn.Module):
        """The top K layers, mean pooling over real tokens, dropout and a linear layer."""

        def __init__(self, w: dict, first: int, n_classes: int) -> None:
            super().__init__()
            self.first = first
            self.layers = nn.ModuleList(Layer().load(w, i) for i in range(first, LAYERS))
            self.drop, self.head = nn.Dropout(0.1), nn.Linear(DIM, n_classes)

        def pooled(self, x, mask):
            bias = (1.0 - mask[:, None, None, :].to(x.dtype)) * -1e9
            for layer in self.layers:
                x = layer(x, bias)
            m = mask.unsqueeze(-1).to(x.dtype)
            return (x * m).sum(1) / m.sum(1).clamp(min=1e-9)

        def forward(self, x, mask):
            return self.head(self.drop(self.pooled(x, mask)))

    return Layer, Top


class Frozen:
    """Embeddings + the bottom layers, run once per text (eval mode); returns each text's hidden states."""

    def __init__(self, w: dict, tok, first: int) -> None:
        import torch

        Layer, _ = modules()
        self.tok, self.w = tok, w
        self.layers = [Layer().load(w, i).eval() for i in range(first)]
        self.ln = torch.nn.LayerNorm(DIM, eps=EPS)
        with torch.no_grad():
            self.ln.weight.copy_(w["embeddings.LayerNorm.weight"])
            self.ln.bias.copy_(w["embeddings.LayerNorm.bias"])
        self.cache: dict = {}

    def ids(self, texts: list) -> list:
        self.tok.no_padding()
        self.tok.enable_truncation(max_length=MAX_LEN)
        return [e.ids for e in self.tok.encode_batch(texts)]

    def states(self, texts: list, batch: int = 64) -> list:
        import torch

        todo = sorted({t for t in texts if t not in self.cache})
        seqs = dict(zip(todo, self.ids(todo))) if todo else {}
        todo.sort(key=lambda t: len(seqs[t]))
        w = self.w
        with torch.inference_mode():
            for start in range(0, len(todo), batch):
                chunk = todo[start:start + batch]
                ids, mask = pad([seqs[t] for t in chunk])
                n = ids.shape[1]
                x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:n][None] \
                    + w["embeddings.token_type_embeddings.weight"][0]
                x = self.ln(x)
                bias = (1.0 - mask[:, None, None, :].float()) * -1e9
                for layer in self.layers:
                    x = layer(x, bias)
                for t, row, length in zip(chunk, x, mask.sum(1).tolist()):
                    self.cache[t] = row[:length].clone()
        return [self.cache[t] for t in texts]


def pad_states(states: list):
    import torch

    n = max(s.shape[0] for s in states)
    x = torch.zeros((len(states), n, DIM))
    mask = torch.zeros((len(states), n), dtype=torch.long)
    for i, s in enumerate(states):
        x[i, :s.shape[0]] = s
        mask[i, :s.shape[0]] = 1
    return x, mask


def train(frozen: Frozen, w: dict, texts: list, labels: list, args) -> tuple:
    import torch

    _, Top = modules()
    classes = sorted(set(labels))
    y = torch.tensor([classes.index(i) for i in labels])
    t0 = time.time()
    states = frozen.states(texts)
    frozen_s = time.time() - t0
    random.seed(args.seed)
    torch.manual_seed(args.seed)
    model = Top(w, LAYERS - args.top, len(classes))
    rng = random.Random(args.seed)
    steps = args.epochs * math.ceil(len(states) / args.batch)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    warm = max(1, int(0.1 * steps))
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: s / warm if s < warm else max(0.0, (steps - s) / (steps - warm)))
    log = {"train_rows": len(states), "classes": classes, "top_layers": args.top, "lr": args.lr, "epochs": args.epochs,
           "batch": args.batch, "seed": args.seed, "threads": torch.get_num_threads(), "frozen_s": round(frozen_s, 1), "loss": []}
    started = time.time()
    for epoch in range(args.epochs):
        model.train()
        total = 0.0
        for b in batches([s.shape[0] for s in states], args.batch, rng):
            loss = torch.nn.functional.cross_entropy(model(*pad_states([states[i] for i in b])), y[b])
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            total += loss.item() * len(b)
        log["loss"].append(round(total / len(states), 4))
        print(f"  epoch {epoch + 1}: loss {total / len(states):.4f} ({time.time() - started:.0f} s)", flush=True)
    log["train_s"] = round(time.time() - started, 1)
    return model.eval(), classes, log


def predict(model, frozen: Frozen, texts: list, batch: int = 64) -> list:
    import torch

    states = frozen.states(texts)
    order = sorted(range(len(texts)), key=lambda i: states[i].shape[0])
    probs = [None] * len(texts)
    with torch.inference_mode():
        for start in range(0, len(order), batch):
            idx = order[start:start + batch]
            p = torch.softmax(model(*pad_states([states[i] for i in idx])), -1)
            for i, row in zip(idx, p.tolist()):
                probs[i] = row
    return probs


def cmd_oof(args, w, tok) -> int:
    frozen = Frozen(w, tok, LAYERS - args.top)
    args.out.mkdir(parents=True, exist_ok=True)
    paths = sorted(args.folds_dir.glob("superfold*.json"), key=lambda p: int(p.stem.removeprefix("superfold")))
    for path in paths:
        fold = json.loads(path.read_text(encoding="utf-8"))
        if args.folds is not None and fold["fold"] not in args.folds:
            continue
        model, classes, log = train(frozen, w, [t for t, _ in fold["train"]], [i for _, i in fold["train"]], args)
        log.update(fold=fold["fold"], held=fold["held"], test_rows=len(fold["test"]))
        probs = predict(model, frozen, [t for _, t in fold["test"]])
        out: dict = {}
        for (group, text), p in zip(fold["test"], probs):
            out.setdefault(group, {})[text] = {c: round(v, 6) for c, v in zip(classes, p)}
        (args.out / f"probs-superfold{fold['fold']}.json").write_text(json.dumps(out))
        (args.out / f"log-superfold{fold['fold']}.json").write_text(json.dumps(log, indent=1))
        merged: dict = {}
        for p in sorted(args.out.glob("probs-superfold*.json")):
            for group, rows in json.loads(p.read_text(encoding="utf-8")).items():
                merged.setdefault(group, {}).update(rows)
        (args.out / "oof-probs.json").write_text(json.dumps(merged))
        print(f"superfold{fold['fold']}: frozen part {log['frozen_s']} s, trained {log['train_s']} s on {log['train_rows']} rows; "
              f"{len(merged)} sets in oof-probs.json", flush=True)
    return 0


def canonical_header(path: Path) -> None:
    """Rewrite a safetensors file's JSON header with sorted keys (safetensors writes them in no fixed
    order), so the same tensors and metadata always give the same bytes and the same SHA256."""
    blob = path.read_bytes()
    n = int.from_bytes(blob[:8], "little")
    header = json.dumps(json.loads(blob[8:8 + n]), sort_keys=True, separators=(",", ":")).encode()
    header += b" " * (-len(header) % 8)  # the data stays 8-byte aligned, as the format asks
    path.write_bytes(len(header).to_bytes(8, "little") + header + blob[8 + n:])


def cmd_final(args, w, tok) -> int:
    """Train on every row of a folds file's train + test (crossval.py --export-folds writes all.json:
    the hand-written triage examples and every labelled set) and write the served weights."""
    import torch
    from safetensors.torch import save_file

    data = json.loads(args.data.read_text(encoding="utf-8"))
    rows = data["train"]
    frozen = Frozen(w, tok, LAYERS - args.top)
    model, classes, log = train(frozen, w, [t for t, _ in rows], [i for _, i in rows], args)
    names = {"query": "attention.self.query", "key": "attention.self.key", "value": "attention.self.value",
             "out": "attention.output.dense", "ln1": "attention.output.LayerNorm", "up": "intermediate.dense",
             "down": "output.dense", "ln2": "output.LayerNorm"}
    tensors = {}
    for k, layer in enumerate(model.layers):
        i = model.first + k
        for attr, name in names.items():
            for part in ("weight", "bias"):
                tensors[f"encoder.layer.{i}.{name}.{part}"] = getattr(getattr(layer, attr), part).detach().to(torch.float16).contiguous()
    tensors["head.weight"] = model.head.weight.detach().to(torch.float16).contiguous()
    tensors["head.bias"] = model.head.bias.detach().to(torch.float16).contiguous()
    meta = {"classes": json.dumps(classes), "first_layer": str(model.first), "base_sha256": pinned_sha256(),
            "train_rows": str(len(rows)), "train_sha256": hashlib.sha256(args.data.read_bytes()).hexdigest(),
            "lr": str(args.lr), "epochs": str(args.epochs), "batch": str(args.batch), "seed": str(args.seed),
            "loss": json.dumps(log["loss"]), "tool": "bench/finetune_top.py final"}  # no timings: a re-run on the same data gives the same file
    args.out.parent.mkdir(parents=True, exist_ok=True)
    save_file(tensors, str(args.out), metadata=meta)
    canonical_header(args.out)
    probs = predict(model, frozen, [t for t, _ in rows[:50]])
    (args.out.parent / (args.out.stem + ".check.json")).write_text(json.dumps({t: p for (t, _), p in zip(rows[:50], probs)}))
    print(f"{args.out}: {args.out.stat().st_size / 1e6:.1f} MB, sha256 {hashlib.sha256(args.out.read_bytes()).hexdigest()}; "
          f"trained {log['train_s']} s on {len(rows)} rows (frozen part {log['frozen_s']} s)", flush=True)
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    oof = sub.add_parser("oof", help="out-of-fold probabilities per super-fold")
    oof.add_argument("folds_dir", type=Path)
    oof.add_argument("out", type=Path)
    oof.add_argument("--folds", type=int, nargs="*")
    final = sub.add_parser("final", help="train on all rows of DATA and write the served weights to OUT")
    final.add_argument("data", type=Path, help="all.json of crossval.py --export-folds")
    final.add_argument("out", type=Path)
    for p in (oof, final):
        p.add_argument("--zip", type=Path, default=DEFAULT_ZIP)
        p.add_argument("--top", type=int, default=2, help="layers trained (the rest frozen)")
        p.add_argument("--epochs", type=int, default=3)
        p.add_argument("--lr", type=float, default=1e-4)
        p.add_argument("--batch", type=int, default=32)
        p.add_argument("--seed", type=int, default=13)
        p.add_argument("--threads", type=int, default=2)
    args = ap.parse_args(argv)
    import torch

    torch.set_num_threads(args.threads)
    w, tok = load_weights(args.zip)
    w = {k.removeprefix("bert."): v.float() for k, v in w.items()}
    return cmd_oof(args, w, tok) if args.cmd == "oof" else cmd_final(args, w, tok)


if __name__ == "__main__":
    sys.exit(main())
