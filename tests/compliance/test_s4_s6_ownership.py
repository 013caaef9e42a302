"""Code 2024 section 4 (a person responsible for complaint handling) and 6.13 (stage 2 by a
different person from stage 1): what the staff pages allow and what the resident's letters say."""
import re

from fastapi.testclient import TestClient
from helpers import ANN, PASSWORD, TUESDAY, complaint, letter

BY_POST = {**ANN, "address": "1 Example Road, Telford", "preferred_channel": "post"}  # staff record the acknowledgement


def _csrf(c, path="/staff/cases") -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', c.get(path).text).group(1)


def _post(c, ref, action, **data):
    return c.post(f"/staff/cases/{ref}/{action}", data={"csrf_token": _csrf(c, f"/staff/cases/{ref}"), **data},
                  follow_redirects=False)


def _sign_in(app, email, role, name):
    from casework import db as dbmod
    from casework.staff import auth

    with dbmod.session_factory(app.state.database_url)() as s:
        auth.create_user(s, email, role, PASSWORD, name)
    c = TestClient(app)
    c.__enter__()
    r = c.post("/staff/login", data={"csrf_token": _csrf(c, "/staff/login"), "email": email, "password": PASSWORD},
               follow_redirects=False)
    assert r.status_code == 303
    return c


def test_c4_1_a_named_person_is_responsible_and_the_resident_is_told_who(client, staff, clock):
    clock.set(TUESDAY)
    ref = complaint(client, contact=BY_POST)["reference"]
    page = staff.get(f"/staff/cases/{ref}").text
    assert "Nobody" in page  # unowned cases show as such, and can be found in the unassigned view
    assert ref in staff.get("/staff/cases?view=unassigned").text
    assert _post(staff, ref, "assign", user_id="me").status_code == 303
    assert ref in staff.get("/staff/cases?view=mine").text
    assert "Jo Bloggs" in staff.get(f"/staff/cases/{ref}").text
    assert _post(staff, ref, "acknowledge", acknowledged_on="2026-11-25").status_code == 303
    assert _post(staff, ref, "respond", decision="upheld", reasons="We were slow to send a plumber",
                 responded_on="2026-12-01").status_code == 303
    response = letter(client, ref, "stage_response")
    assert "Yours sincerely,\n\nJo Bloggs" in response  # signed by the person responsible


def test_c6_13_stage_2_is_handled_by_a_different_person_from_stage_1(app, client, staff, clock):
    clock.set(TUESDAY)
    ref = complaint(client, contact=BY_POST)["reference"]
    assert _post(staff, ref, "assign", user_id="me").status_code == 303
    assert _post(staff, ref, "acknowledge", acknowledged_on="2026-11-25").status_code == 303
    assert _post(staff, ref, "respond", decision="upheld", reasons="We were slow to send a plumber",
                 responded_on="2026-12-01").status_code == 303
    clock.set("2026-12-02T10:00:00+00:00")
    assert _post(staff, ref, "escalate", requested_on="2026-12-02").status_code == 303
    # the stage 1 handler can neither take stage 2 nor act on it
    r = _post(staff, ref, "assign", user_id="me")
    assert r.status_code == 409 and "6.13" in r.text
    r = _post(staff, ref, "respond", decision="upheld", reasons="Again")
    assert r.status_code == 409 and "6.13" in r.text
    # a colleague takes it, and the stage 2 letters are theirs
    sam = _sign_in(app, "sam@example.org", "manager", "Sam Patel")
    try:
        assert _post(sam, ref, "assign", user_id="me").status_code == 303
        assert _post(sam, ref, "respond", decision="partly_upheld", reasons="Part of it",
                     remedy="£50 for the delay").status_code == 303
    finally:
        sam.__exit__(None, None, None)
    final = letter(client, ref, "stage_response")
    assert "Sam Patel" in final and "Jo Bloggs" not in final
