"""References and idempotency under concurrent requests (threads, each with its own session)."""
import threading

from sqlalchemy import func, select

from casework import cases, db
from casework.models import Case
from casework.schemas import ComplaintCreate

N = 8


def _run_parallel(url, bodies):
    factory = db.session_factory(url)
    barrier = threading.Barrier(len(bodies))
    results, errors = [None] * len(bodies), []

    def work(i, body):
        barrier.wait()
        try:
            with factory() as s:
                results[i] = cases.create_case(s, "complaint", body, "test")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(repr(exc))

    threads = [threading.Thread(target=work, args=(i, b)) for i, b in enumerate(bodies)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    factory.kw["bind"].dispose()
    assert errors == []
    return results, factory


def _body(key):
    return ComplaintCreate(idempotency_key=key, text="Heating off", received_at="2026-11-24T10:15:00+00:00")


def test_parallel_creates_get_distinct_sequential_references(db_url):
    results, factory = _run_parallel(db_url, [_body(f"key-{i}") for i in range(N)])
    refs = sorted(view["reference"] for view, created in results)
    assert refs == [f"CMP-2026-{n:06d}" for n in range(1, N + 1)]
    assert all(created for _, created in results)


def test_parallel_duplicates_make_one_record(db_url):
    results, factory = _run_parallel(db_url, [_body("same-key") for _ in range(N)])
    assert {view["reference"] for view, _ in results} == {"CMP-2026-000001"}
    assert sum(created for _, created in results) == 1
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(Case)) == 1
    # the losers did not use up a number
    with factory() as s:
        view, created = cases.create_case(s, "complaint", _body("next"), "test")
    assert view["reference"] == "CMP-2026-000002"
