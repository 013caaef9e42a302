"""Where the stores are, from the case service's one settings object (casework.settings).

DATABASE_URL       the case service's database (default: var/casework.db)
RASA_TRACKER_URL   Rasa's SQL tracker store as a SQLAlchemy URL (production: PostgreSQL); else
RASA_TRACKER_SQLITE the local tracker store file (default var/rasa-tracker.sqlite3, as scripts/run.sh)
BOT_OUTBOX_PATH    the bot's durable queue (default var/bot-outbox.sqlite3)
LETTERS_DIR        letter files (.eml) (default var/letters)
NLU_EXPORT_PATHS   NLU files left by the retired NLU export/merge that may still hold residents'
                   words, separated by ':' (default: bot/data/nlu/reviewed.yml and var/exports/*.yml);
                   nothing writes them any more, access and erasure still search them
TRAINING_CORRECTIONS_PATH staff corrections kept as training rows (`make corrections`; default
                   var/training/staff_corrections.tsv)
RETENTION_SCHEDULE the retention schedule (default backend/retention.yaml)
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .. import db
from ..settings import get_settings

REPO_ROOT = db.REPO_ROOT


@dataclass(frozen=True)
class PrivacySettings:
    database_url: str
    tracker_url: str | None
    bot_outbox_path: Path
    letters_dir: Path
    nlu_export_paths: tuple[Path, ...] = field(default_factory=tuple)
    retention_path: Path = REPO_ROOT / "backend" / "retention.yaml"
    training_path: Path = REPO_ROOT / "var" / "training" / "staff_corrections.tsv"

    @classmethod
    def from_env(cls, **overrides) -> "PrivacySettings":
        env = get_settings()
        tracker = (env.rasa_tracker_url or "").strip() or None
        if tracker is None:
            sqlite = env.rasa_tracker_sqlite or REPO_ROOT / "var" / "rasa-tracker.sqlite3"
            tracker = f"sqlite:///{sqlite}"
        raw = (env.nlu_export_paths or "").strip()
        if raw:
            exports = tuple(Path(p) for p in raw.split(os.pathsep) if p.strip())
        else:
            exports = (REPO_ROOT / "bot" / "data" / "nlu" / "reviewed.yml",
                       *sorted((REPO_ROOT / "var" / "exports").glob("*.yml")))
        values = dict(
            database_url=db.database_url(), tracker_url=tracker,
            bot_outbox_path=env.bot_outbox_path or REPO_ROOT / "var" / "bot-outbox.sqlite3",
            letters_dir=env.letters_dir or REPO_ROOT / "var" / "letters",
            nlu_export_paths=exports,
            retention_path=env.retention_schedule or REPO_ROOT / "backend" / "retention.yaml",
            training_path=env.training_corrections_path or REPO_ROOT / "var" / "training" / "staff_corrections.tsv",
        )
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)
