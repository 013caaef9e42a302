"""Staff corrections into training data (`make corrections`): the redaction of residents' words,
the export of reviews as labelled rows (a reclassification carries the reviewer's label), the
deduplication and conflict report, the staff download for a database elsewhere, and the script
that writes var/training/staff_corrections.tsv. Reviews go through the real staff pages; SQLite
and PostgreSQL (the app fixture)."""
from __future__ import annotations

import hashlib
import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from casework import db as dbmod
from casework.privacy.redact import fingerprint, redact
from casework.staff import nlu, training
from casework.staff.training import Row

from test_staff import _reclassify, handoff, login, make_user, staff  # noqa: F401 (fixture)

ROOT = Path(__file__).resolve().parents[2]


def _script():
    spec = importlib.util.spec_from_file_location("staff_corrections", ROOT / "scripts" / "staff_corrections.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


# ---------------------------------------------------------------- redaction

@pytest.mark.parametrize("text, gone, kept", [
    ("Email me at ada.quill@example.org or ring 07700 900123", ["ada.quill", "example.org", "900123"], ["<email>", "<phone>"]),
    ("Janet Smith here, the lift has been broken a week", ["Janet", "Smith"], ["<name> here, the lift"]),
    ("Hi Priya here. Boiler's gone again", ["Priya"], ["Hi <name> here. Boiler's gone again"]),
    ("my landline is 0121 496 0000, mobile +44 7700 900456", ["496", "0000", "900456"], ["<phone>"]),
    ("I live at 14 Elm Road, TF1 1AA and the damp is back", ["Elm", "TF1", "14"], ["<address>", "<postcode>", "damp is back"]),
    ("flat 3b Hazel Court, the lift is broken", ["3b", "Hazel"], ["<address>", "lift is broken"]),
    ("I am in flat 12 on the top floor, house number 7", ["12", "7"], ["flat <number> on the top floor"]),
    ("my case CMP-2026-000123 and tenancy number 12345678", ["000123", "12345678"], ["<reference>", "<number>"]),
    ("Mr Patel from repairs said he'd come. Mrs J. Okoro too", ["Patel", "Okoro"], ["<name> from repairs"]),
    ("My name is Janet Smith and my son Tom has asthma", ["Janet", "Smith", "Tom"], ["my son <name> has asthma"]),
    ("my neighbour Gary plays music all night", ["Gary"], ["my neighbour <name> plays"]),
    ("your officer Sarah Jones never rang back. Regards, Kev", ["Sarah", "Jones", "Kev"], ["never rang back"]),
    ("Still no heating after 3 weeks. Donna", ["Donna"], ["after 3 weeks"]),
    ("Sort it out before I get a solicitor. Marcia Edwards 07700 900512", ["Marcia", "Edwards"], ["solicitor. <name> <phone>"]),
])
def test_redaction_removes_personal_data_and_keeps_the_rest(text, gone, kept):
    out = redact(text)
    for g in gone:
        assert g not in out, (g, out)
    for k in kept:
        assert k in out, (k, out)


def test_redaction_keeps_what_the_label_depends_on():
    # dates (the time limit), courts (legal proceedings), weeks and amounts stay as written
    for text in ("The County Court hearing is on 12 March 2025 about my rent arrears",
                 "It happened on 3 June 2024, more than a year ago",
                 "I'm fed up, it's been 2 years down the road and still waiting",
                 "I want to thank the repairs team for fixing the boiler so quickly",
                 # "here" that closes no self-introduction
                 "Residents here are fed up with the bins",
                 "Nobody here has had a letter. Mould here, mould there.",
                 "The damp is worst in the Bedroom here, by the window"):
        assert redact(text) == text


def test_redaction_uses_the_contacts_own_details():
    out = redact("Quill here (Ada). Call 07700-900-123 or write to TF11AA", ["Ada Quill", "07700 900123", "TF1 1AA"])
    assert "Quill" not in out and "Ada" not in out and "900" not in out and "TF1" not in out
    assert out.startswith("<name> here (<name>)")


def test_fingerprint_is_one_way_and_ignores_spacing_and_case():
    assert fingerprint("My boiler  is BROKEN") == fingerprint("my boiler is broken")
    assert fingerprint("my boiler is broken") != fingerprint("my boiler is fixed")
    assert "boiler" not in fingerprint("my boiler is broken")


# ---------------------------------------------------------------- merge: dedup and conflicts

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


def _row(text, cat="complaint", reason=None, review="corrected"):
    return Row(cat, reason, text, fingerprint(text), review)


def test_merge_dedups_and_reports_conflicts_without_adding_them():
    existing = {"my neighbour plays loud music": {(("excluded", "asb"), "blind3.tsv")},
                "hello": {("intent greet", "chitchat.yml")}}
    rows = [_row("You ignored my complaint twice"),
            _row("you ignored my complaint twice!", review="confirmed"),         # same text, same label: once
            _row("The boiler is broken", "service_request"),
            _row("The boiler is BROKEN.", "complaint"),                          # reviewers disagree: conflict
            _row("My neighbour plays loud music", "excluded", "asb"),            # training data has it already
            _row("My neighbour plays loud music.", "excluded", "asb"),
            _row("Hello", "complaint"),                                         # another intent has it: conflict
            _row("Sacked by the repairs firm", "excluded", "employment"),
            _row("Already looked into last year", "excluded", "already_investigated")]
    rep = training.merge(rows, existing, trainable=lambda lb: lb[1] != "already_investigated")
    assert [r.text for r in rep.added] == ["You ignored my complaint twice", "Sacked by the repairs firm"]
    assert rep.added[0].review == "corrected"  # the correction is kept over the confirmation
    assert rep.repeats == 2 and [w for _, w in rep.already] == ["blind3.tsv"]
    assert sorted(c[0] for c in rep.conflicts) == ["Hello", "The boiler is broken"]
    assert any("intent greet (chitchat.yml)" in " ".join(c[1]) for c in rep.conflicts)
    assert [r.reason for r in rep.untrainable] == ["already_investigated"]


def test_read_rows_refuses_what_is_not_an_export():
    with pytest.raises(training.RowsError, match="header"):
        training.read_rows("category\treason\ttext\nx\ty\tz\n")
    bad = "\t".join(training.FIELDS) + "\ncomplaint\t\ttext\tabc\tmaybe\n"
    with pytest.raises(training.RowsError, match="line 2"):
        training.read_rows(bad)
    good = training.to_tsv([_row("a\ttabbed\nmessage")])
    assert training.read_rows(good)[0].text == "a tabbed message"


# ---------------------------------------------------------------- export through the staff review

def test_export_download_and_make_corrections(app, staff, tmp_path, capsys):
    c, csrf = staff
    wrong = handoff(c, "t1", text="My name is Janet Smith, 07700 900123. You closed my ASB case without "
                                  "telling me and never called back", category="excluded", reason="asb")
    right = handoff(c, "t2", text="Thank you to the repairs team for sorting the leak so quickly",
                    category="compliment", reason=None)
    dup = handoff(c, "t3", text="My neighbour at 22 Ash Grove burns rubbish every night", category="excluded",
                  reason="asb")
    _reclassify(c, csrf, wrong, category="complaint")
    c.post(f"/staff/handoffs/{right}/accept", data={"csrf_token": csrf})
    ref = c.post("/api/v1/service-requests", headers={"Authorization": "Bearer test-token-123"}, json={
        "idempotency_key": "sr-x", "text": "x", "received_at": "2026-11-24T10:15:00+00:00",
        "topic": "repair"}).json()["reference"]
    assert c.post(f"/staff/handoffs/{dup}/duplicate", data={"csrf_token": csrf, "duplicate_of": ref},
                  follow_redirects=False).status_code == 303

    with dbmod.session_factory(app.state.database_url)() as s:
        rows = training.export(s)
    assert [(r.category, r.reason, r.review) for r in rows] == [("complaint", None, "corrected"),
                                                                 ("compliment", None, "confirmed")]
    assert rows[0].text == ("My name is <name>, <phone>. You closed my ASB case without telling me and "
                            "never called back")
    assert rows[0].source == fingerprint("My name is Janet Smith, 07700 900123. You closed my ASB case without "
                                         "telling me and never called back")

    with TestClient(app) as anon:  # behind the sign-in
        r = anon.get("/staff/export/corrections.tsv", follow_redirects=False)
    assert r.status_code in (302, 303) and "/staff/login" in r.headers["location"] and "Janet" not in r.text
    assert c.get("/staff/export/corrections.tsv").status_code == 403  # caseworkers may not download
    make_user(app, "boss@example.org", "manager")
    with TestClient(app) as m:
        login(m, "boss@example.org")
        r = m.get("/staff/export/corrections.tsv")
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    assert "Janet" not in r.text and "900123" not in r.text
    download = tmp_path / "download.tsv"
    download.write_text(r.text, encoding="utf-8")

    script = _script()
    out = tmp_path / "training" / "staff_corrections.tsv"
    assert script.main(["--database-url", app.state.database_url, "--out", str(out)]) == 0
    from_db = out.read_text(encoding="utf-8")
    assert from_db.splitlines()[0] == "category\treason\ttext\tsource\treview"
    assert [ln.split("\t")[:2] for ln in from_db.splitlines()[1:]] == [["complaint", ""], ["compliment", ""]]
    assert script.main(["--from", str(download), "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == from_db  # the download gives the same training set
    assert script.main(["--from", str(download), "--out", str(out), "--corrections-only"]) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2
    capsys.readouterr()
    download.write_text("not an export\n", encoding="utf-8")
    assert script.main(["--from", str(download), "--out", str(out)]) == 2
    assert "header" in capsys.readouterr().err


def test_make_corrections_skips_training_data_and_reports_conflicts(app, staff, tmp_path, capsys):
    c, csrf = staff
    sets = tmp_path / "sets"
    sets.mkdir()
    (sets / "blind1.tsv").write_text("category\treason\ttext\nservice_request\t\tThe lift has been broken for a week. "
                                     "Ravi Shah\n"
                                     "complaint\t\tYou lost my paperwork twice\n", encoding="utf-8")
    # the same words as a training row; the name in it is redacted from the correction but not
    # from the row (written before redaction existed): still "already in training data"
    h1 = handoff(c, "d1", text="The lift has been broken for a week. Ravi Shah", category="complaint", reason=None)
    h2 = handoff(c, "d2", text="You lost my paperwork twice.", category="service_request", reason=None)
    h3 = handoff(c, "d3", text="Nobody has answered my complaint in two months", category="service_request",
                 reason=None)
    h4 = handoff(c, "d4", text="nobody has answered my complaint in two months", category="service_request",
                 reason=None)
    _reclassify(c, csrf, h1, category="service_request")  # training data agrees: already there
    _reclassify(c, csrf, h2, category="excluded", reason="legal")  # training data says complaint: conflict
    _reclassify(c, csrf, h3, category="complaint")
    _reclassify(c, csrf, h4, category="complaint")  # the same words again: one row
    script = _script()
    existing = script.existing_training_data(sets=(sets,), nlu_dir=tmp_path / "no-nlu")
    with dbmod.session_factory(app.state.database_url)() as s:
        report = training.merge(training.export(s), existing, script.trainable)
    assert [r.text for r in report.added] == ["Nobody has answered my complaint in two months"]
    assert report.repeats == 1 and len(report.already) == 1
    assert report.conflicts == [("You lost my paperwork twice.", ["excluded/legal (reviews)", "complaint (blind1.tsv)"])]
    # the script itself, with these sets as the training data: the conflict is printed, not written
    script.LABELLED_SETS, script.NLU_DIR = (sets,), tmp_path / "no-nlu"
    out = tmp_path / "staff_corrections.tsv"
    assert script.main(["--database-url", app.state.database_url, "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "CONFLICT (not added): excluded/legal (reviews) vs complaint (blind1.tsv): You lost my paperwork" in printed
    assert "added 1 (1 corrected, 0 confirmed); already in training data 1; repeated 1; conflicts 1" in printed
    assert [ln.split("\t")[2] for ln in out.read_text(encoding="utf-8").splitlines()[1:]] == [
        "Nobody has answered my complaint in two months"]


def _tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_make_corrections_writes_only_var_training_never_bot_data(app, staff, tmp_path, monkeypatch):
    """The corrections path is the only one from reviews to training data: its default output is
    var/training/ (git-ignored) and it leaves the bot's NLU files as they were."""
    c, csrf = staff
    h = handoff(c, "w1", text="My name is Janet Smith, 07700 900123. Nobody came about the damp",
                category="service_request", reason=None)
    _reclassify(c, csrf, h, category="complaint")
    script = _script()
    assert script.DEFAULT_OUT == ROOT / "var" / "training" / "staff_corrections.tsv"
    assert subprocess.run(["git", "check-ignore", "-q", str(script.DEFAULT_OUT)], cwd=ROOT).returncode == 0
    assert subprocess.run(["git", "check-ignore", "-q", str(ROOT / "bot" / "data" / "nlu" / "reviewed.yml")],
                          cwd=ROOT).returncode == 0  # a legacy file could not be committed either
    # the same run in a copy of the repository's layout (so a regression cannot touch the real bot/data)
    repo = tmp_path / "repo"
    shutil.copytree(script.NLU_DIR, repo / "bot" / "data" / "nlu")
    monkeypatch.setattr(script, "NLU_DIR", repo / "bot" / "data" / "nlu")
    monkeypatch.setattr(script, "DEFAULT_OUT", repo / "var" / "training" / "staff_corrections.tsv")
    monkeypatch.setattr(script, "ROOT", repo)
    monkeypatch.delenv("TRAINING_CORRECTIONS_PATH", raising=False)
    before = _tree(repo)
    assert script.main(["--database-url", app.state.database_url]) == 0
    after = _tree(repo)
    assert {k: v for k, v in after.items() if k.startswith("bot")} == before  # bot/data/nlu untouched
    assert set(after) - set(before) == {"var/training/staff_corrections.tsv"}
    written = (repo / "var" / "training" / "staff_corrections.tsv").read_text(encoding="utf-8")
    assert "Nobody came about the damp" in written and "Janet" not in written and "900123" not in written
