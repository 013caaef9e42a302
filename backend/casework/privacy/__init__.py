"""Residents' personal data across every store: find, erase, retention, subject access.

    python -m casework.privacy find   --email ... | --phone ... | --name ... --postcode ... | --conversation ... | --reference ...
    python -m casework.privacy access --email ... --out DIR          (subject access: JSON + HTML)
    python -m casework.privacy erase  --email ... --actor dpo:name [--dry-run]
    python -m casework.privacy retention [--dry-run] [--today YYYY-MM-DD]
    python -m casework.privacy stores                                (what each store holds)

registry.py lists every store (one entry each); subject.py finds one resident's footprint;
erase.py, retention.py and access.py act on it. docs/personal-data.md explains the rules.
"""
