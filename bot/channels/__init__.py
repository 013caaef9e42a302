"""Custom Rasa input channels (imported by module path from bot/credentials.yml)."""
