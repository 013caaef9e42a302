"""The suite's own bookkeeping: every compliance test names a listed clause, and every listed
clause has a test."""
import re
from pathlib import Path

from clauses import CLAUSES

HERE = Path(__file__).resolve().parent
NAME = re.compile(r"^def (test_c(\d+)_(\d+)_\w+)\(", re.M)


def test_every_clause_has_a_test_and_every_test_a_clause():
    found = {}
    for f in HERE.glob("test_s*.py"):
        for name, a, b in NAME.findall(f.read_text()):
            found.setdefault(f"{a}.{b}", []).append(name)
    listed = {c for c, _ in CLAUSES}
    assert set(found) <= listed, set(found) - listed
    assert listed <= set(found), listed - set(found)


def test_every_clause_says_how_its_number_was_checked():
    """A clause is checked against a named copy of the Code's text, or marked unverified with why."""
    from clauses import CHECKED, SOURCES, UNVERIFIED

    listed = {c for c, _ in CLAUSES}
    assert listed == set(CHECKED) | set(UNVERIFIED), listed ^ (set(CHECKED) | set(UNVERIFIED))
    assert not set(CHECKED) & set(UNVERIFIED)
    for clause, where in CHECKED.items():
        keys = {w.split(" (")[0].strip() for w in where.split(",")}
        assert keys & set(SOURCES), (clause, where)
