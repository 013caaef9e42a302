"""One Alembic configuration for the tests that take a database's migrations down and up again
(a module of its own: never `from conftest import ...`, see tests/privacy/privacy_backend.py)."""
from pathlib import Path

from alembic.config import Config

BACKEND = Path(__file__).resolve().parents[2] / "backend"


def alembic_config(url: str) -> Config:
    cfg = Config(str(BACKEND / "alembic.ini"))
    cfg.set_main_option("script_location", str(BACKEND / "migrations"))
    cfg.attributes["database_url"] = url
    cfg.attributes["configure_logger"] = False
    return cfg
