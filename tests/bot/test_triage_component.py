"""The Rasa component (actions/triage/rasa_classifier.py) serves the ranking of tuned.served_ranking:
the TF-IDF model's, with the fine-tuned MiniLM top mixed in at its configured weight."""
from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from actions.triage.model import ModelSettings, TextModel
from actions.triage.rasa_classifier import TriageIntentClassifier
from actions.triage.tuned import WEIGHT, served_ranking

DATA = [
    ("my tap is dripping in the kitchen", "service_request"), ("the boiler needs a service please", "service_request"),
    ("can someone fix the broken fence", "service_request"), ("the light in the hallway is out", "service_request"),
    ("I am fed up, nobody came to fix the leak again", "complaint"), ("third missed appointment, really not happy", "complaint"),
    ("your staff were rude and nothing got done", "complaint"), ("I want to complain about the repair delays", "complaint"),
    ("thank you to the plumber, brilliant work", "compliment"), ("the caretaker was so helpful, thanks", "compliment"),
    ("huge thanks to the repairs team, lovely job", "compliment"), ("really grateful to the officer who helped", "compliment"),
    ("hello", "greet"), ("hi there", "greet"), ("good morning", "greet"), ("hey", "greet"),
]


@pytest.fixture(scope="module")
def model() -> TextModel:
    return TextModel(ModelSettings(calibrate=False)).fit([t for t, _ in DATA], [i for _, i in DATA])


def _process(model, text: str, config: dict) -> list:
    component = TriageIntentClassifier(config, None, None, model)
    message = Message(data={TEXT: text})
    component.process([message])
    assert message.get(INTENT)["name"] == message.get(INTENT_RANKING_KEY)[0]["name"]
    return message.get(INTENT_RANKING_KEY)


def test_the_served_ranking_mixes_in_the_tuned_top_by_default(model):
    text = "nobody has come about the leak and I am not happy, third time of asking"
    assert TriageIntentClassifier.get_default_config()["tuned_weight"] == WEIGHT > 0
    ranking = _process(model, text, {})
    assert ranking == served_ranking(model, text, WEIGHT, top=10)
    assert ranking != model.ranking(text, top=10)       # the tuned top moved the triage intents


def test_tuned_weight_zero_is_the_tfidf_model_alone(model):
    text = "thanks so much to the gas engineer"
    assert _process(model, text, {"tuned_weight": 0.0}) == model.ranking(text, top=10)
