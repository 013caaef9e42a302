"""Local labelled sets kept out of the repository (var/training/*.tsv: staff corrections written by
`make corrections`) reach both the evaluation and the bot: bench/crossval.py holds each out as its
own group and `--without` leaves it out entirely; scripts/nlu_from_sets.py converts them for
scripts/bot-model.sh, whose model name changes with them. Small synthetic sets; no full CV."""
from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

HEADER = "category\treason\ttext\n"
STAFF = HEADER.rstrip("\n") + "\tsource\treview\n" + (
    "complaint\t\tyou closed my case without telling me and never rang back\tabc1\tcorrected\n"
    "excluded\tasb\tthe lad upstairs bangs on my ceiling at 3am every night\tabc2\tcorrected\n"
    "service_request\t\tthe extractor fan in the bathroom stopped working\tabc3\tconfirmed\n")


@pytest.fixture
def sets(tmp_path, monkeypatch):
    import crossval

    trained, local, nlu = tmp_path / "trained", tmp_path / "training", tmp_path / "nlu"
    for d in (trained, local, nlu):
        d.mkdir()
    (trained / "blind_a.tsv").write_text(HEADER + "".join(
        f"complaint\t\tI complained about the {w} weeks ago and nobody has replied\n"
        f"service_request\t\tplease can someone come and fix the {w}\n" for w in ("boiler", "window", "door")),
        encoding="utf-8")
    (trained / "blind_b.tsv").write_text(HEADER + "".join(
        f"complaint\t\tI am unhappy with how you handled the {w} repair\n"
        f"service_request\t\tthe {w} is broken, can you book a repair\n" for w in ("sink", "roof", "gate")),
        encoding="utf-8")
    (local / "staff_corrections.tsv").write_text(STAFF, encoding="utf-8")
    monkeypatch.setattr(crossval, "GROUP_DIRS", (trained, local))
    monkeypatch.setattr(crossval, "NLU_DIR", nlu)
    monkeypatch.setenv("TRIAGE_CACHE", str(tmp_path / "cache"))
    return crossval, local


def test_crossval_holds_the_staff_corrections_out_as_a_group_and_without_leaves_them_out(sets):
    crossval, _ = sets
    groups = crossval.load_groups()
    assert list(groups) == ["blind_a", "blind_b", "staff_corrections"]
    assert groups["staff_corrections"][1] == {"text": "the lad upstairs bangs on my ceiling at 3am every night",
                                              "category": "excluded", "reason": "asb"}
    texts, labels = crossval.fold_train(groups, [], "blind_a")
    assert "you closed my case without telling me and never rang back" in texts and "report_asb" in labels
    without = crossval.load_groups(["staff_corrections"])
    assert list(without) == ["blind_a", "blind_b"]
    texts, _ = crossval.fold_train(without, [], "blind_a")
    assert not any("rang back" in t for t in texts)


def _folds(output: str) -> list[str]:
    return [ln.split()[0] for ln in output.splitlines() if ln.startswith(("blind_", "staff_"))]


def test_crossval_main_with_and_without_the_group(sets, capsys):
    crossval, _ = sets
    assert crossval.main(["--only-peer"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("3 groups (15 rows)") and _folds(out) == ["blind_a", "blind_b", "staff_corrections"]
    assert crossval.main(["--only-peer", "--without", "staff_corrections"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2 groups (12 rows)") and _folds(out) == ["blind_a", "blind_b"]
    with pytest.raises(SystemExit):
        crossval.main(["--only-peer", "--without", "staff_correction"])  # a typo is an error, not a no-op
    assert "no such group" in capsys.readouterr().err


def test_local_sets_become_nlu_examples_for_the_bot(sets, tmp_path):
    _, local = sets
    spec = importlib.util.spec_from_file_location("nlu_from_sets", ROOT / "scripts" / "nlu_from_sets.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    with (local / "staff_corrections.tsv").open("a", encoding="utf-8") as fh:
        fh.write("complaint\t\tI want to make a complaint\tabc4\tconfirmed\n")  # a hand-written example already
    out = tmp_path / "local_sets.yml"
    assert mod.main(["--sets", str(local), "--out", str(out)]) == 0
    import yaml

    got = {b["intent"]: b["examples"] for b in yaml.safe_load(out.read_text(encoding="utf-8"))["nlu"]}
    assert got == {"complaint": "- you closed my case without telling me and never rang back\n",
                   "report_asb": "- the lad upstairs bangs on my ceiling at 3am every night\n",
                   "service_request": "- the extractor fan in the bathroom stopped working\n"}
    assert not (ROOT / "bot" / "data" / "nlu" / "local_sets.yml").exists()


def test_bot_model_name_changes_with_the_local_sets(sets, tmp_path):
    _, local = sets

    def name(training_dir: Path) -> str:
        env = {**os.environ, "TRAINING_DIR": str(training_dir), "BOT_MODELS_DIR": str(tmp_path / "models")}
        p = subprocess.run(["bash", str(ROOT / "scripts" / "bot-model.sh"), "--check"], env=env,
                           capture_output=True, text=True, timeout=120)
        assert p.returncode == 1, p.stderr
        return p.stderr.strip().rsplit("/", 1)[-1]

    empty = tmp_path / "empty"
    empty.mkdir()
    with_sets, without = name(local), name(empty)
    assert with_sets.startswith("model-") and without.startswith("model-") and with_sets != without
    assert name(empty) == without  # and it is stable
