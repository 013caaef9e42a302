"""Categories, reasons, topics and flags are defined once per service; the bot's copy must match the
backend's (they ship separately). Also: every place in the backend that lists them uses the one list."""
import importlib.util
import re
import typing
from pathlib import Path

from casework import cases, letters, schemas, taxonomy

REPO = Path(__file__).resolve().parents[2]


def bot_taxonomy():
    spec = importlib.util.spec_from_file_location("bot_taxonomy", REPO / "bot" / "actions" / "taxonomy.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_the_bot_copy_matches_the_backend():
    bot = bot_taxonomy()
    assert bot.CATEGORIES == taxonomy.CATEGORIES
    assert bot.REASONS == taxonomy.REASONS
    assert bot.TOPICS == taxonomy.TOPICS  # damp_mould on both sides
    assert bot.FLAGS == taxonomy.FLAGS
    assert "damp_mould" in bot.TOPICS and not set(bot.TOPIC_ALIASES) & set(bot.TOPICS)
    assert set(bot.TOPIC_ALIASES.values()) <= set(taxonomy.TOPICS)


def test_every_triage_topic_becomes_a_service_request_topic():
    src = (REPO / "bot" / "actions" / "triage" / "topics.py").read_text()
    triage_topics = set(re.findall(r'^\s+\("([a-z_]+)", r"', src, re.M))
    assert len(triage_topics) >= 10
    bot = bot_taxonomy()
    assert triage_topics <= set(bot.TOPICS) | set(bot.TOPIC_ALIASES), triage_topics - set(bot.TOPICS) - set(bot.TOPIC_ALIASES)


def test_the_backend_uses_its_one_list():
    assert typing.get_args(schemas.ServiceRequestCreate.model_fields["topic"].annotation) == taxonomy.TOPICS
    assert typing.get_args(schemas.ExcludedCreate.model_fields["reason"].annotation) == taxonomy.REASONS
    assert typing.get_args(schemas.HandoffCreate.model_fields["category"].annotation) == taxonomy.CATEGORIES
    assert set(cases.DEFAULT_EXPLANATIONS) == set(taxonomy.REASONS) == set(taxonomy.REASON_LABELS)
    assert set(letters.TOPICS) == set(taxonomy.TOPICS)
