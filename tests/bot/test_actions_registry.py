"""The action server can load the package, and every action the domain lists exists."""
from rasa_sdk.executor import ActionExecutor

from fakes import load_domain


def test_every_domain_action_is_registered():
    executor = ActionExecutor()
    executor.register_package("actions")
    domain = load_domain()
    custom = [a for a in domain["actions"]]
    missing = [a for a in custom if a not in executor.actions]
    assert missing == []
    for form in domain["forms"]:
        assert f"validate_{form}" in executor.actions


def test_no_custom_slot_mapping_names_an_action():
    """action_extract_slots runs such actions after EVERY message (seen: a complaint per turn)."""
    domain = load_domain()
    offenders = [name for name, slot in domain["slots"].items()
                 for m in slot.get("mappings", []) if m.get("type") == "custom" and "action" in m]
    assert offenders == []
