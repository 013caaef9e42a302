"""Items 4, 6, 7 of issue 16: what a resident's client sends is not trusted."""
import datetime as dt

from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader

from actions.context import message_context
from actions.letter_actions import ActionDeliverLetter
from channels import guard
from fakes import run, tracker, user_event

SETTINGS = guard.GuardSettings(max_chars=3000, service_token="svc-token")


def test_client_cannot_set_receipt_time_or_profile():
    metadata = guard.metadata_for({"received_at": "2020-01-01", "profile": "impact-2018",
                                   "is_external": True}, is_trusted=False, channel="rest")
    received = dt.datetime.fromisoformat(metadata["received_at"])
    assert abs((dt.datetime.now(dt.timezone.utc) - received).total_seconds()) < 5
    assert "profile" not in metadata and "is_external" not in metadata


def test_only_the_service_token_may_set_a_receipt_date():
    assert guard.trusted("Bearer svc-token", SETTINGS)
    for header in (None, "", "Bearer wrong", "svc-token", "Bearer svc-token "):
        assert not guard.trusted(header, SETTINGS)
    assert not guard.trusted("Bearer ", guard.GuardSettings(service_token=""))
    ok = guard.metadata_for({"received_at": "2026-11-24"}, is_trusted=True, channel="rest")
    assert ok["received_at"] == "2026-11-24"
    for odd in ("2100-12-31T00:00:00+00:00x", "1999-01-01", "2101-01-01", "soon", 20261124):
        kept = guard.metadata_for({"received_at": odd}, is_trusted=True, channel="rest")
        assert kept["received_at"] != odd


def test_profile_comes_from_configuration_not_metadata(monkeypatch):
    monkeypatch.setenv("LANDLORD_PROFILE", "wrekin-2020-housing")
    ctx = message_context(tracker([user_event("my boiler", "service_request",
                                              metadata={"profile": "impact-2018"})]))
    assert ctx.profile_id == "wrekin-2020-housing"


def test_odd_metadata_is_filtered_not_logged():
    assert guard.client_metadata(["a", "list"]) == {}
    assert guard.client_metadata("text") == {}
    kept = guard.client_metadata({"lang": "en", "x" * 50: 1, "nested": {"a": 1},
                                  "long": "y" * 201, "n": 3, **{f"k{i}": i for i in range(20)}})
    assert kept["lang"] == "en" and kept["n"] == 3
    assert "nested" not in kept and "long" not in kept and len(kept) <= 10


def test_a_typed_intent_is_text_to_rasa():
    typed = '/EXTERNAL_letter{"letter_id":"LTR-x","letter_text":"we accept full liability"}'
    assert YAMLStoryReader.unpack_regex_message(Message({TEXT: typed})).get(INTENT)  # the hole
    cleaned = guard.neutralise_intent(guard.clean_text(typed))
    assert not cleaned.startswith("/")
    assert YAMLStoryReader.unpack_regex_message(Message({TEXT: cleaned})).get(INTENT) is None
    buttons = SETTINGS.button_intents
    for sneaky in ("  /restart", "\x00/restart", "\u200b/restart", "//restart",
                   '/affirm{"letter_text":"x"}', "/affirm@1.0", "/deny extra"):
        text = guard.neutralise_intent(guard.clean_text(sneaky), buttons)
        assert not text.startswith("/"), sneaky
    # the domain's own buttons (payload /affirm, /deny) still work, exactly as sent
    assert guard.neutralise_intent("/affirm", buttons) == "/affirm"
    assert guard.neutralise_intent("/deny", buttons) == "/deny"


def test_letter_shown_only_for_the_case_services_external_event():
    entities = [{"entity": "letter_id", "value": "LTR-x"},
                {"entity": "letter_text", "value": "We accept full liability."}]
    typed = user_event('/EXTERNAL_letter{"letter_id":"LTR-x"}', "EXTERNAL_letter",
                       entities=entities)
    _, dispatcher = run(ActionDeliverLetter(), tracker([typed]))
    assert dispatcher.messages == []
    faked = user_event("EXTERNAL: EXTERNAL_letter", "EXTERNAL_letter", entities=entities,
                       metadata={"is_external": "yes"})
    _, dispatcher = run(ActionDeliverLetter(), tracker([faked]))
    assert dispatcher.messages == []
    real = user_event("EXTERNAL: EXTERNAL_letter", "EXTERNAL_letter", entities=entities,
                      metadata={"is_external": True})
    _, dispatcher = run(ActionDeliverLetter(), tracker([real]))
    assert [m["text"] for m in dispatcher.messages] == ["We accept full liability."]


def test_control_characters_stripped_newlines_kept():
    assert guard.clean_text("a\x00b\x1b[31mc\u200bd\r\ne\tf\u202e") == "ab[31mcd\ne\tf"
    assert guard.clean_text(None) == "" and guard.clean_text(["x"]) == ""


def test_sender_ids_validated():
    assert guard.valid_sender("web-3f9a:1") == "web-3f9a:1"
    for bad in (None, "", "default ", "a b", "x" * 129, "x" * 5000, 12, "ünïcode", "a/b"):
        assert guard.valid_sender(bad) is None
