"""Merging exported reviewer corrections into Rasa NLU data: temp files only, never bot/data."""
from __future__ import annotations

import subprocess
import sys

import yaml

from casework.staff import nlu

from pathlib import Path

BACKEND = Path(__file__).resolve().parents[2] / "backend"

EXISTING = '''version: "3.1"
nlu:
- intent: complaint
  examples: |
    - your [repairs team](team) cancelled my appointment twice without telling me
    - I want to make a complaint
- intent: report_asb
  examples: |
    - my neighbour plays loud music every night
- synonym: repairs team
  examples: |
    - repairs
'''


def write_export(path, examples):
    path.write_text(nlu.to_yaml(examples), encoding="utf-8")


def test_normalise_and_intent_mapping():
    assert nlu.normalise("Your [Repairs Team](team)  cancelled it!!") == nlu.normalise("your repairs team cancelled it")
    assert nlu.normalise("It\u2019s   broken.") == nlu.normalise("its broken") == "its broken"
    assert nlu.normalise("Thanks, Dave!") == nlu.normalise("thanks dave")
    assert nlu.intent_for("excluded", "asb") == "report_asb"
    assert nlu.intent_for("excluded", "legal") == "legal_proceedings"
    assert nlu.intent_for("excluded", "employment") == "employment_matter"
    assert nlu.intent_for("excluded", "time_limit") == "complaint"
    assert nlu.intent_for("service_request", None) == "service_request"
    assert nlu.intent_for("compliment", None) == "compliment"
    assert nlu.intent_for("excluded", "already_investigated") is None
    assert nlu.intent_for("unclear", None) is None
    assert nlu.example_text("line one\nline [two](x)\t\x07end") == "line one line (two)(x) end"


def test_merge_no_duplicates_conflicts_reported(tmp_path):
    d = tmp_path / "nlu"
    d.mkdir()
    (d / "complaints.yml").write_text(EXISTING, encoding="utf-8")
    export = tmp_path / "export.yml"
    write_export(export, {
        "complaint": ["Your repairs team cancelled my appointment twice without telling me.",  # duplicate
                      "The damp came back and nobody returned my calls",                      # new
                      "My neighbour plays LOUD music every night"],                           # conflict
        "report_asb": ["Someone is dealing drugs from the flat below"],                       # new
    })
    into = d / "reviewed.yml"
    report = nlu.merge(export, into)
    assert sorted(report.added) == [("complaint", "The damp came back and nobody returned my calls"),
                                    ("report_asb", "Someone is dealing drugs from the flat below")]
    assert len(report.duplicates) == 1
    assert report.conflicts == [("My neighbour plays LOUD music every night", "complaint", "report_asb", "complaints.yml")]
    data = yaml.safe_load(into.read_text())
    assert data["version"] == "3.1"
    assert nlu.read_examples(into) == {"complaint": ["The damp came back and nobody returned my calls"],
                                       "report_asb": ["Someone is dealing drugs from the flat below"]}
    before = into.read_text()
    again = nlu.merge(export, into)  # a second merge adds nothing
    assert again.added == [] and len(again.duplicates) == 3 and len(again.conflicts) == 1
    assert into.read_text() == before
    # the existing file is untouched
    assert (d / "complaints.yml").read_text() == EXISTING


def test_merge_conflict_inside_the_reviewed_file_and_dry_run(tmp_path):
    d = tmp_path / "nlu"
    d.mkdir()
    into = d / "reviewed.yml"
    into.write_text('version: "3.1"\nnlu:\n- intent: compliment\n  examples: |\n    - thanks Dave\n', encoding="utf-8")
    export = tmp_path / "e.yml"
    write_export(export, {"complaint": ["Thanks, Dave!", "brand new text"]})
    report = nlu.merge(export, into, dry_run=True)
    assert report.added == [("complaint", "brand new text")] and len(report.conflicts) == 1
    assert "brand new" not in into.read_text()


def test_merge_cli(tmp_path):
    d = tmp_path / "nlu"
    d.mkdir()
    (d / "complaints.yml").write_text(EXISTING, encoding="utf-8")
    export = tmp_path / "export.yml"
    write_export(export, {"complaint": ["a brand new complaint text", "my neighbour plays loud music every night"]})
    env = {"PYTHONPATH": str(BACKEND), "PATH": "/usr/bin:/bin"}
    cmd = [sys.executable, "-m", "casework.staff.merge_nlu", "--from", str(export), "--into", str(d / "reviewed.yml")]
    p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    assert "added 1, already present 0, conflicts 1" in p.stdout and "CONFLICT" in p.stdout
    p = subprocess.run(cmd + ["--strict"], env=env, capture_output=True, text=True, timeout=60)
    assert p.returncode == 3 and "added 0, already present 1, conflicts 1" in p.stdout
    (tmp_path / "bad.yml").write_text("nlu: {not: [valid", encoding="utf-8")
    p = subprocess.run([sys.executable, "-m", "casework.staff.merge_nlu", "--from", str(tmp_path / "bad.yml"),
                        "--into", str(d / "reviewed.yml")], env=env, capture_output=True, text=True, timeout=60)
    assert p.returncode == 2 and "cannot read it as YAML" in p.stderr
    p = subprocess.run([sys.executable, "-m", "casework.staff.merge_nlu", "--from", str(tmp_path / "missing.yml"),
                        "--into", str(d / "reviewed.yml")], env=env, capture_output=True, text=True, timeout=60)
    assert p.returncode == 2
