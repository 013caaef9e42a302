"""backend_client.py split (files stay under ~400 lines): what the case service's answers mean (paths,
classify, the resend rules, the held-message body) is actions/backend_answers.py, pure, shared by the
live client and the outbox's deliverer; the client re-exports every name, so callers are unchanged."""
from pathlib import Path

import httpx

from actions import backend_answers, backend_client

SHARED = ("HANDOFFS", "COMPLAINTS", "SERVICE_REQUESTS", "COMPLIMENTS", "EXCLUDED_MATTERS", "CASE_STATUS",
          "RESIDENT_ESCALATE", "HAZARDS", "HAZARD_HOUSEHOLD", "HAZARD_REASSESS", "HELD", "CASE_NOT_HERE",
          "HANDOFF_NOT_HERE", "RECORDS", "HANDOFF_FIELDS", "KIND_BY_PATH", "RETRYABLE_STATUS", "classify",
          "without_refused_case", "without_refused_handoffs", "sent_again", "refused_body")


def test_the_client_re_exports_the_one_reading_of_the_answers():
    for name in SHARED:
        assert getattr(backend_client, name) is getattr(backend_answers, name), name


def test_both_modules_stay_under_the_file_size_limit():
    for module in (backend_client, backend_answers):
        assert len(Path(module.__file__).read_text(encoding="utf-8").splitlines()) <= 400, module.__name__


def test_the_answers_module_does_no_io():
    source = Path(backend_answers.__file__).read_text(encoding="utf-8")
    assert "httpx.Client" not in source and "AsyncClient" not in source and "open(" not in source


def test_the_rules_read_the_answers_as_before():
    assert backend_answers.classify(httpx.Response(201, json={"id": 7})).reference == "handoff:7"
    assert backend_answers.classify(httpx.Response(503)).outcome == "retry"
    refused = backend_answers.classify(httpx.Response(404, json={"detail": "no",
                                                                 "code": backend_answers.HANDOFF_NOT_HERE}))
    assert refused.outcome == "rejected" and refused.code == backend_answers.HANDOFF_NOT_HERE
    body = {"idempotency_key": "k", "text": "t", "handoff_id": 3}
    assert backend_answers.sent_again(backend_answers.COMPLAINTS, body, refused.code) == {
        "idempotency_key": "k", "text": "t"}
    assert backend_answers.sent_again(backend_answers.HANDOFFS, body, refused.code) is None
