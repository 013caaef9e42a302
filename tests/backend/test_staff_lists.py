"""Staff case lists by kind: the case page's breadcrumb and navigation name the list the case belongs
to, and /staff/service-requests (SQLite and PostgreSQL: the app fixture)."""
from __future__ import annotations

from test_staff import API, _complaint, staff  # noqa: F401  (staff: the signed-in caseworker fixture)


def test_the_case_page_breadcrumb_names_the_kind_and_links_to_its_list(app, staff):
    """A service request (or any non-complaint) is not under "Complaints"."""
    c, _ = staff
    cmp = _complaint(c)
    made = {kind: c.post(path, headers=API, json={"idempotency_key": kind, "text": "words", **extra}).json()["reference"]
            for kind, path, extra in [("sr", "/api/v1/service-requests", {"topic": "repair"}),
                                      ("cp", "/api/v1/compliments", {"person": "Sarah"}),
                                      ("ex", "/api/v1/excluded-matters", {"reason": "asb"})]}
    for ref, href, text in [(cmp, "/staff/cases", "Complaints"),
                            (made["sr"], "/staff/service-requests", "Service requests"),
                            (made["cp"], "/staff/compliments", "Compliments"),
                            (made["ex"], "/staff/excluded", "Excluded matters")]:
        page = c.get(f"/staff/cases/{ref}").text
        crumbs = page.split('class="crumbs">')[1].split("</p>")[0]
        assert crumbs == f'<a href="{href}">{text}</a> &rsaquo; {ref}', crumbs
        nav = page.split('aria-label="Staff pages"')[1].split("</nav>")[0]
        assert f'<a href="{href}" aria-current="page">{text}</a>' in nav  # the navigation agrees
        assert nav.count('aria-current="page"') == 1
    listed = c.get("/staff/service-requests").text
    assert made["sr"] in listed and cmp not in listed and made["cp"] not in listed


def test_service_requests_list_newest_first_with_filters(app, staff):
    c, _ = staff
    for key, text, received, emergency in [("s1", "Tap drips", "2026-11-02T10:00:00+00:00", False),
                                           ("s2", "No heating, baby at home", "2026-11-03T10:00:00+00:00", True)]:
        r = c.post("/api/v1/service-requests", headers=API, json={
            "idempotency_key": key, "text": text, "topic": "repair", "received_at": received, "emergency": emergency})
        assert r.status_code == 201, r.text
    page = c.get("/staff/service-requests").text
    assert "2 service requests" in page and page.index("No heating") < page.index("Tap drips")
    assert "(emergency)" in page
    page = c.get("/staff/service-requests?emergency=1").text
    assert "No heating" in page and "Tap drips" not in page
    assert "No service requests in this view" in c.get("/staff/service-requests?status=closed").text
    assert c.get("/staff/service-requests?status=<x>&page=abc").status_code == 200
