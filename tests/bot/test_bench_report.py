"""bench/triage.py: TSV reading and the figures it prints (no stack needed)."""
import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("bench_triage", ROOT / "bench" / "triage.py")
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)


def test_report_figures_and_last_line(capsys):
    gold = [("complaint", None), ("complaint", None), ("service_request", None),
            ("compliment", None), ("excluded", "asb"), ("excluded", "legal")]
    predicted = [("complaint", None), ("service_request", None), ("service_request", None),
                 ("compliment", None), ("excluded", "asb"), ("missing", None)]
    bench.report(gold, predicted, [100.0, 200.0, 300.0, 400.0, 500.0, 1000.0])
    lines = capsys.readouterr().out.strip().splitlines()
    # complaint P=1 R=.5 F1=.667; SR P=.5 R=1 F1=.667; compliment 1; excluded P=1 R=.5 .667
    assert lines[-1] == "macro_f1=0.750 exact=0.667 p95_ms=875"
    assert any(line.startswith("excluded") and "missing" not in line for line in lines)
    assert "missing" in "\n".join(lines)


def test_read_rows_checks_header_and_values(tmp_path):
    good = tmp_path / "good.tsv"
    good.write_text("category\treason\ttext\nexcluded\tasb\tloud music\n"
                    "complaint\t\tnobody came\n", encoding="utf-8")
    assert bench.read_rows(good) == [
        {"category": "excluded", "reason": "asb", "text": "loud music"},
        {"category": "complaint", "reason": None, "text": "nobody came"}]
    bad = tmp_path / "bad.tsv"
    bad.write_text("category\treason\ttext\nwhatever\t\thello\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        bench.read_rows(bad)


def test_heldout_file_parses_if_present():
    heldout = ROOT / "bench" / "data" / "heldout.tsv"
    if not heldout.is_file():
        pytest.skip("bench/data/heldout.tsv not written yet")
    rows = bench.read_rows(heldout)
    assert {r["category"] for r in rows} <= set(bench.CATEGORIES)
