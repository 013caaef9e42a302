"""The backend suite's conftest (tests/backend/conftest.py: database fixtures, PostgreSQL helpers),
loaded once for the personal-data tests. conftest.py re-exports its fixtures; tests and helpers
import from here, never `from conftest import ...`: pytest keeps only the conftest it loaded last
under the bare name `conftest`, which in a run with other folders (tests/faults) is theirs."""
from __future__ import annotations

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "backend_conftest", Path(__file__).resolve().parent.parent / "backend" / "conftest.py")
backend = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(backend)

PG_ADMIN_URL = backend.PG_ADMIN_URL
