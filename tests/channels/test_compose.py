"""Static checks of docker-compose.yml, docker/*, .env.example (no Docker engine here)."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
VAR = re.compile(r"\$\{([A-Z0-9_]+)(:?[-?][^}]*)?\}")


def env_example() -> set[str]:
    return {line.split("=", 1)[0] for line in (ROOT / ".env.example").read_text().splitlines()
            if "=" in line and not line.startswith("#")}


def test_dependencies_and_volumes_exist():
    declared = set(COMPOSE.get("volumes") or {})
    for name, service in SERVICES.items():
        for dep, cond in (service.get("depends_on") or {}).items():
            assert dep in SERVICES, (name, dep)
            if cond.get("condition") == "service_healthy":
                dockerfile = (SERVICES[dep].get("build") or {}).get("dockerfile")
                has_check = "healthcheck" in SERVICES[dep] or (
                    dockerfile and "HEALTHCHECK" in (ROOT / dockerfile).read_text())
                assert has_check, f"{name} waits for {dep} to be healthy: no health check"
        for volume in service.get("volumes") or []:
            source = volume.split(":", 1)[0]
            if not source.startswith((".", "/")):
                assert source in declared, (name, source)
            else:
                assert (ROOT / source).exists(), (name, source)


def test_only_loopback_by_default_and_one_public_entry_point():
    published = {name: s["ports"] for name, s in SERVICES.items() if s.get("ports")}
    assert set(published) <= {"web", "backend"}
    for name, ports in published.items():
        for port in ports:
            assert re.match(r"\$\{[A-Z_]+BIND:-127\.0\.0\.1\}:", port), (name, port)
    nginx = (ROOT / "docker/nginx.conf").read_text()
    proxied = re.findall(r"location\s+(\S+)\s*\{[^}]*proxy_pass", nginx)
    assert sorted(proxied) == ["/socket.io/", "/webhooks/"]


def test_secrets_come_from_env_and_are_documented():
    text = (ROOT / "docker-compose.yml").read_text()
    documented = env_example()
    for name, default in VAR.findall(text):
        if not default or default.startswith((":?", "?")):
            assert name in documented, f"${{{name}}} has no default and is not in .env.example"
    for secret in ("POSTGRES_PASSWORD", "BACKEND_API_TOKEN", "SOCIAL_WEBHOOK_SECRET",
                   "SOCIAL_API_TOKEN", "SMTP_PASSWORD"):
        assert secret in documented
        assert not re.search(rf"^\s+{secret}:\s*[^$\s]", text, re.M), f"{secret} hard-coded"


def test_rasa_gets_every_production_endpoint_variable_and_social_settings():
    rasa_env = SERVICES["rasa"]["environment"]
    endpoints = (ROOT / "bot/endpoints.production.yml").read_text()
    for name, _ in VAR.findall(endpoints):
        assert name in rasa_env, name
    for name in ("SOCIAL_WEBHOOK_SECRET", "SOCIAL_API_URL", "SOCIAL_API_TOKEN"):
        assert name in rasa_env
    command = " ".join(SERVICES["rasa"]["command"])
    assert "endpoints.production.yml" in command and "models/current.tar.gz" in command
    assert "--fixed-model-name current" in (ROOT / "docker/bot.Dockerfile").read_text()
    assert SERVICES["rasa"]["depends_on"]["tracker-db"]["condition"] == \
        "service_completed_successfully"


def test_credentials_register_the_channels():
    credentials = yaml.safe_load((ROOT / "bot/credentials.yml").read_text())
    assert "channels.social_mentions.SocialMentionsInput" in credentials
    socketio = credentials["channels.socketio_session.SocketIOSessionInput"]
    assert socketio["session_persistence"] is True
