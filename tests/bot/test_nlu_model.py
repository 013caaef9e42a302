"""The learned triage model (actions/triage/model.py), trained once on the bot's NLU data.

Sentences here are NOT training examples (a test checks that): they test what the model learned,
including the status check (issue 15: a question about an existing complaint must never open a
new service request) and continuing vs one-off issues, which the time-limit rule relies on.
Training as the Rasa component trains (TF-IDF, temperature fitted on 3 folds) takes about 30 s of CPU;
the decisions read the ranking as served (actions.triage.tuned.served_ranking: the shipped
fine-tuned MiniLM top mixed in).
"""
from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

from actions.triage import TriageProfile, triage
from actions.triage.model import ModelSettings, TextModel, prepare
from actions.triage.tuned import served_ranking

ROOT = Path(__file__).resolve().parents[2]
NLU_DIR = ROOT / "bot" / "data" / "nlu"
_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\(([^)]+)\)|\{[^}]*\})")

STATUS = [
    "Could you tell me if there's any news about my complaint",
    "what's going on with the complaint I sent in",
    "Has anybody looked at my complaint yet? It's been a fortnight",
    "I'd like to know how my complaint is progressing",
    "is there any update about my repair that I reported",
    "hi I'm just checking where my complaint has got to",
    "what's happening with my case? I've heard nothing",
    "has anything happened about my complaint",
    "can I find out the status of the complaint I made",
    "When will I hear back about my complaint?",
]
ONE_OFF_OLD = [
    "your gardeners flattened my shed the winter before last and nobody paid",
    "in August last year the operative cracked my sink",
    "the scaffolders damaged my car eighteen months back",
    "the painters ruined my curtains in 2021 and I'm still upset about it",
    "the window fitter chipped my door frame in May 2024 and left",
    "two years ago the caretaker threw away my bike from the bin store",
    "in spring 2023 your surveyor was rude to my mum on the phone",
    "the scaffolding people broke my garden gate in the summer of 2024",
]
CONTINUING = [
    "there has been damp in the back room since 2019 and it is still there",
    "the roof has leaked every winter since 2018",
    "the mould has never been fixed, first reported in 2021",
    "the lift broke in March 2024 and is still broken",
    "my bathroom has had black mould since 2022 and it keeps coming back",
    "the heating has not worked properly since the winter before last",
    "I first reported the rotten windows in 2020 and they are still rotten",
    "rats in the loft since 2023, reported many times, still there",
]


def examples() -> list[tuple[str, str]]:
    out = []
    for path in sorted(NLU_DIR.glob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []) or []:
            if "intent" in block:
                out += [(_ANNOTATION.sub(lambda m: m.group(1), ln.strip()[2:]), block["intent"])
                        for ln in block["examples"].splitlines() if ln.strip().startswith("- ")]
    return out


@pytest.fixture(scope="module")
def model() -> TextModel:
    data = examples()
    return TextModel(ModelSettings()).fit([t for t, _ in data], [i for _, i in data])  # as served


def test_test_sentences_are_not_training_examples():
    seen = {prepare(t) for t, _ in examples()}
    assert not [s for s in STATUS + ONE_OFF_OLD + CONTINUING if prepare(s) in seen]


def test_status_questions_reach_the_status_check(model):
    top = [served_ranking(model, s)[0]["name"] for s in STATUS]
    wrong = [(s, t) for s, t in zip(STATUS, top) if t not in ("check_status", "escalate_case")]
    assert len(wrong) <= 1, wrong
    assert "service_request" not in top


def test_old_one_off_vs_continuing_with_the_date_rule(model):
    received = date(2026, 11, 24)
    code = TriageProfile.from_dict({"id": "code-2024", "time_limit_months": 12})

    def decide(text):
        ranking = served_ranking(model, text)  # as served: the fine-tuned top mixed in
        d = triage(text, ranking[0]["name"], ranking[0]["confidence"], [], code, received, intent_ranking=ranking)
        return d.category, d.reason

    one_off = [decide(t) for t in ONE_OFF_OLD]
    continuing = [decide(t) for t in CONTINUING]
    # The served model leans to complaint when in doubt (the SVM's classes weighted by the square
    # root of balanced: cross-validated time-limit recall 0.943, precision 0.991; docs/triage.md):
    # most old one-offs are out of time, and a continuing problem is (almost) never.
    assert one_off.count(("excluded", "time_limit")) >= 5, list(zip(ONE_OFF_OLD, one_off))
    assert [c for c in continuing if c == ("excluded", "time_limit")] in ([], [("excluded", "time_limit")]), \
        list(zip(CONTINUING, continuing))


def test_ranking_is_a_probability_distribution(model):
    ranking = model.ranking("hello there")
    assert ranking[0]["name"] == "greet"
    assert sum(r["confidence"] for r in ranking) == pytest.approx(1.0)
    assert all(a["confidence"] >= b["confidence"] for a, b in zip(ranking, ranking[1:]))


def test_the_model_pickles_for_the_rasa_component(model):
    import pickle

    again = pickle.loads(pickle.dumps(model))
    assert again.ranking("my tap drips") == model.ranking("my tap drips")


# Code 2024 clauses the learned decision carries (the compliance suite in tests/compliance runs in
# the backend's environment, without the model, and points here).
DISSATISFIED_WITHOUT_THE_WORD = [
    "This is the third time the repair has been missed and nobody calls me back. I am fed up.",
    "I reported the leak two weeks ago and nothing has happened, really not happy",
]


def test_code_1_2_and_1_3_dissatisfaction_without_the_word_is_a_complaint(model):
    seen = {prepare(t) for t, _ in examples()}
    assert not [s for s in DISSATISFIED_WITHOUT_THE_WORD if prepare(s) in seen]
    received = date(2026, 12, 7)
    for text in DISSATISFIED_WITHOUT_THE_WORD:
        ranking = served_ranking(model, text)  # as served: the fine-tuned top mixed in
        d = triage(text, ranking[0]["name"], ranking[0]["confidence"], [], TriageProfile.default(), received,
                   intent_ranking=ranking)
        assert d.category == "complaint", (text, ranking[:3])


def test_code_2_3_time_limit_for_a_one_off_but_not_for_a_continuing_problem(model):
    received = date(2026, 12, 7)

    def decide(text):
        ranking = served_ranking(model, text)  # as served: the fine-tuned top mixed in
        d = triage(text, ranking[0]["name"], ranking[0]["confidence"], [], TriageProfile.default(), received,
                   intent_ranking=ranking)
        return d.category, d.reason

    assert decide("In 2019 your contractor scratched my car and I want compensation") == ("excluded", "time_limit")
    assert decide("The damp in my bedroom has been there since 2019 and keeps coming back") == ("complaint", None)


# Typed answers to "Is this about <the record>, or is it something new?" (bot/data/nlu/same_or_new.yml;
# after it a status question means that record too: bot/data/rules.yml). The first five were read
# wrongly before that file (separate issue -> affirm, its related -> service_request...).
SAME = ("affirm", "check_status")
SAME_OR_NEW = [
    ("separate issue", ("deny",)), ("it's about that complaint", SAME), ("its related", SAME),
    ("yeah its connected to the leak", SAME), ("no a different problem", ("deny",)),
    ("yeah same", SAME), ("thats connected to it yes", SAME), ("it's to do with my complaint", SAME),
    ("same matter yes", SAME), ("yes its part of it", SAME), ("its linked", SAME),
    ("related to the last one", SAME), ("its about the same leak", SAME), ("to do with the first thing", SAME),
    ("no its different", ("deny",)), ("nope separate", ("deny",)), ("new thing", ("deny",)),
    ("nothing to do with the leak at all", ("deny",)), ("completely different", ("deny",)),
    ("a different problem altogether", ("deny",)), ("not connected", ("deny",)), ("its another issue", ("deny",)),
    ("something new please", ("deny",)), ("no this is new", ("deny",)),
]
# ...while a resident's own report using those words is still triaged, not taken for a yes or no
REPORTS_WITH_THOSE_WORDS = [
    "Is the damp related to the roof repair you did?",
    "My son's asthma is connected to the mould in his room",
    "the new kitchen you fitted is already falling apart",
    "A separate complaint about the way your officer spoke to me",
    "different problem now, no hot water since Tuesday",
    "the same leak has come back and soaked the carpet",
    "it's linked to the bathroom extractor you never fixed",
    "the new neighbours are playing loud music every night",
    "I'd like to report something unrelated, there's graffiti on the stairwell",
    "this is about the same rent arrears letter which was wrong",
    "brand new problem with the toilet, it won't flush",
    "a new issue has come up with my rent statement",
]


def test_typed_answers_to_same_matter_or_new_and_reports_using_the_same_words(model):
    seen = {prepare(t) for t, _ in examples()}
    assert not [s for s, _ in SAME_OR_NEW if prepare(s) in seen]
    assert not [s for s in REPORTS_WITH_THOSE_WORDS if prepare(s) in seen]
    top = {s: served_ranking(model, s)[0]["name"] for s, _ in SAME_OR_NEW}
    assert all(top[s] in want for s, want in SAME_OR_NEW[:5]), top
    wrong = [(s, top[s]) for s, want in SAME_OR_NEW if top[s] not in want]
    assert len(wrong) <= 2, wrong  # measured: 2 ("its about the same leak" -> complaint, asked again)
    taken = [(s, t) for s in REPORTS_WITH_THOSE_WORDS
             if (t := served_ranking(model, s)[0]["name"]) in ("affirm", "deny")]
    assert len(taken) <= 2, taken  # measured: 2 ("the same leak has come back" was affirm before too)
