"""Start-up and configuration behaviour (no database needed)."""
import pytest
from fastapi.testclient import TestClient

from casework.api import create_app
from casework.db import default_url, normalise_url


def test_refuses_to_start_without_a_token(monkeypatch):
    monkeypatch.delenv("BACKEND_API_TOKEN", raising=False)
    monkeypatch.delenv("CASEWORK_DEV_INSECURE", raising=False)
    with pytest.raises(RuntimeError, match="BACKEND_API_TOKEN is not set"):
        with TestClient(create_app("sqlite://")):
            pass


def test_without_lifespan_an_unconfigured_token_fails_closed(monkeypatch):
    monkeypatch.delenv("BACKEND_API_TOKEN", raising=False)
    monkeypatch.delenv("CASEWORK_DEV_INSECURE", raising=False)
    r = TestClient(create_app("sqlite://")).get("/api/v1/profiles")
    assert r.status_code == 503 and r.json() == {"detail": "The server has no BACKEND_API_TOKEN configured."}


def test_dev_insecure_mode_runs_without_auth(monkeypatch):
    monkeypatch.delenv("BACKEND_API_TOKEN", raising=False)
    monkeypatch.setenv("CASEWORK_DEV_INSECURE", "1")
    with TestClient(create_app("sqlite://")) as c:
        assert c.get("/api/v1/profiles").status_code == 200


def test_health_reports_an_unreachable_database(monkeypatch):
    monkeypatch.setenv("BACKEND_API_TOKEN", "t")
    app = create_app("postgresql+psycopg://postgres@127.0.0.1:1/none?connect_timeout=2")
    with TestClient(app) as c:
        r = c.get("/health")
    assert r.status_code == 503 and r.json() == {"status": "error", "database": "unreachable"}


def test_database_urls():
    assert normalise_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("sqlite:////tmp/x.db") == "sqlite:////tmp/x.db"
    assert default_url().endswith("/var/casework.db") and default_url().startswith("sqlite:///")
