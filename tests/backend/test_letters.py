"""Letter content: what the Code requires is in the rendered text, in plain English, with dates
written for people; template lookup per profile; HTML autoescaped; channel and format recorded."""
import re
from datetime import date

import pytest
from sqlalchemy import select

from casework import letters
from casework.models import Compliment, Contact, OutboxMessage

RECEIVED = "2026-11-24T10:15:00+00:00"  # Tuesday; acknowledge by 1 Dec, respond by 15 Dec 2026
# Wording does not depend on the database: most content tests run on SQLite only; the tests that
# store new columns (format_needs JSON, language) run on both.
sqlite_only = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@pytest.fixture(autouse=True)
def _created_as_it_arrives(clock):
    """Records are created when the message arrives, so the automatic acknowledgement is that day."""
    clock.set(RECEIVED)
OMBUDSMAN = ("0300 111 3000", "info@housing-ombudsman.org.uk", "PO Box 152, Liverpool L33 7WQ")


def complaint(client, key="k-1", contact=None, **extra):
    body = {"idempotency_key": key, "received_at": RECEIVED, "conversation_id": "conv-1",
            "text": "The boiler repair was never finished and we have no heating.",
            "summary": "Your boiler repair in October was not finished, so you have no heating.",
            "desired_outcome": "Finish the repair and pay for the extra heaters",
            "contact": contact or {"name": "Ann Example", "email": "ann@example.org", "postcode": "TF1 1AA"},
            **extra}
    r = client.post("/api/v1/complaints", json=body)
    assert r.status_code == 201, r.text
    return r.json()["reference"]


def letters_of(client, ref):
    r = client.get(f"/api/v1/cases/{ref}/letters")
    assert r.status_code == 200
    return r.json()


def one(client, ref, kind):
    found = [x for x in letters_of(client, ref) if x["kind"] == kind]
    assert len(found) == 1, [x["kind"] for x in letters_of(client, ref)]
    return found[0]


def test_long_date():
    assert letters.long_date(date(2026, 12, 1)) == "Tuesday 1 December 2026"
    assert letters.long_date(date(2027, 1, 19)) == "Tuesday 19 January 2027"


@sqlite_only
def test_acknowledgement_composed_at_once_with_what_the_code_requires(client):
    ref = complaint(client)
    ack = one(client, ref, "acknowledgement")
    t = ack["text"]
    assert ack["status"] == "pending" and ack["channel"] == "email" and ack["recipient"] == "ann@example.org"
    assert ref in t and ref in ack["subject"]
    assert "Your boiler repair in October was not finished, so you have no heating." in t  # understanding
    assert "Finish the repair and pay for the extra heaters" in t  # the outcome wanted
    assert "Stage 1" in t
    assert "by Tuesday 8 December 2026" in t  # when they will hear back: 10 WD from the acknowledgement
    assert "Dear Ann Example," in t
    assert all(x in t for x in OMBUDSMAN)
    assert ack["message_id"].startswith("<ltr-") and ack["message_id"].endswith(">")


@sqlite_only
def test_group_acknowledgement_says_whom_the_complaint_speaks_for(client):
    ref = complaint(client, group_residents=["Flats 1-12, Elm Court", "Mr and Mrs Patel"])
    t = one(client, ref, "acknowledgement")["text"]
    assert ("This is a group complaint, made on behalf of Flats 1-12, Elm Court and Mr and Mrs "
            "Patel. We will write to you about it as the group's contact.") in " ".join(t.split())
    # a complaint for one household says nothing about a group
    single = one(client, complaint(client, key="k-2"), "acknowledgement")["text"]
    assert "group complaint" not in single


@sqlite_only
def test_case_view_says_how_the_acknowledgement_goes(client):
    """The chat tells the resident what happened from this field, never from a guess."""
    by_email = client.get(f"/api/v1/cases/{complaint(client)}").json()
    assert by_email["acknowledged_on"] == "2026-11-24" and by_email["acknowledgement_channel"] == "email"
    by_post = client.get("/api/v1/cases/" + complaint(
        client, key="k-post", contact={"name": "Bo", "postcode": "TF1 1AA", "address": "2 Mill Lane, Telford",
                                       "preferred_channel": "post"})).json()
    assert by_post["acknowledged_on"] is None and by_post["acknowledgement_channel"] == "post"
    assert by_post["acknowledge_by"] == "2026-12-01"


@sqlite_only
def test_understanding_falls_back_to_the_residents_words_and_asks_for_the_outcome(client):
    r = client.post("/api/v1/complaints", json={"idempotency_key": "x", "received_at": RECEIVED,
                                                "text": "Nobody came to fix the damp.",
                                                "contact": {"email": "b@example.org"}})
    t = one(client, r.json()["reference"], "acknowledgement")["text"]
    # the landlord's understanding in plain words, from what the resident wrote
    assert "You told us that nobody came to fix the damp." in t
    assert "You did not tell us. Please let us know what you would like us to do" in t
    assert "Dear resident," in t


@sqlite_only
def test_understanding_quoting_the_resident_reads_well_in_the_letter(client):
    """When the resident's words cannot be safely turned round, the letter quotes them, once."""
    said = "Me and my husband have been waiting 6 weeks for the damp."
    r = client.post("/api/v1/complaints", json={"idempotency_key": "q", "received_at": RECEIVED,
                                                "text": f"hiya You lot are a joke. {said} thanks",
                                                "contact": {"email": "b@example.org"}})
    t = one(client, r.json()["reference"], "acknowledgement")["text"]
    assert f'What we understand your complaint is about\nYou told us: "{said}"\n' in t
    assert "You told us that" not in t and "Us lot" not in t and "joke" not in t


@sqlite_only
def test_stage_response_decision_reasons_remedy_actions_and_how_to_escalate(client):
    ref = complaint(client)
    r = client.post(f"/api/v1/complaints/{ref}/respond", json={
        "decision": "partly_upheld", "reasons": "The repair was late. The engineer did come twice",
        "remedy": "We will pay you £50 for the delay", "outstanding_actions": "Replace the valve",
        "responded_on": "2026-12-01"})
    assert r.status_code == 200
    t = one(client, ref, "stage_response")["text"]
    assert ref in t and "Stage 1" in t
    assert "We have partly upheld your complaint." in t
    assert "The repair was late. The engineer did come twice." in t
    assert "We will pay you £50 for the delay." in t
    assert "Replace the valve." in t
    assert "You can ask us to take your complaint to Stage 2. You do not have to tell us why." in t
    assert "Housing Ombudsman" in t and all(x in t for x in OMBUDSMAN)


@sqlite_only
def test_stage_response_escalate_by_date_and_final_stage(client):
    ref = complaint(client, profile="impact-2018")
    client.post(f"/api/v1/complaints/{ref}/respond", json={"decision": "not_upheld", "reasons": "We did it on time",
                                                           "responded_on": "2026-12-01"})
    t = one(client, ref, "stage_response")["text"]
    assert "We have not upheld your complaint." in t and "We are not offering a remedy." in t
    assert "Please ask us by Thursday 31 December 2026." in t  # 30-day window under impact-2018
    assert "There is nothing more we need to do." in t
    client.post(f"/api/v1/complaints/{ref}/escalate", json={"requested_at": "2026-12-14T10:00:00+00:00"})
    esc = one(client, ref, "escalation")["text"]
    assert "Stage Two" in esc and ref in esc
    assert "by Thursday 14 January 2027" in esc  # stage 2 response: 20 WD from this letter (14 Dec)
    assert "Finish the repair and pay for the extra heaters" in esc
    client.post(f"/api/v1/complaints/{ref}/respond", json={"decision": "upheld", "reasons": "We were wrong",
                                                           "remedy": "An apology", "responded_on": "2027-01-05"})
    final = [x for x in letters_of(client, ref) if x["kind"] == "stage_response"][-1]["text"]
    assert "This is our final response." in final and "ask us to take your complaint" not in final
    assert all(x in final for x in OMBUDSMAN)


@sqlite_only
def test_extension_letter_has_the_new_date_reason_and_ombudsman(client):
    ref = complaint(client)
    client.post(f"/api/v1/complaints/{ref}/extend", json={"days": 5, "reason": "We are waiting for a surveyor"})
    t = one(client, ref, "extension")["text"]
    assert "We are waiting for a surveyor." in t
    assert "by Tuesday 15 December 2026" in t  # 10 working days from the 24 Nov acknowledgement, + 5
    assert ref in t and "Stage 1" in t
    assert all(x in t for x in OMBUDSMAN)  # Code 6.4-6.5


@sqlite_only
def test_excluded_compliment_and_service_request_letters(client):
    exc = client.post("/api/v1/excluded-matters", json={
        "idempotency_key": "e", "text": "My neighbour plays loud music", "reason": "asb",
        "contact": {"email": "c@example.org"}}).json()["reference"]
    t = one(client, exc, "excluded")["text"]
    assert "We will not deal with it as a complaint." in t and "anti-social behaviour process" in t
    assert "ask the Housing Ombudsman to review our decision" in t and all(x in t for x in OMBUDSMAN)
    assert "Who will deal with it: ASB team." in t
    assert "grievance" not in t


@sqlite_only
def test_employment_exclusion_letter_points_to_hr_and_the_ombudsman_only_for_residents(client):
    """hg-07: staff are not residents; the grievance procedure and Acas, the Ombudsman on condition."""
    exc = client.post("/api/v1/excluded-matters", json={
        "idempotency_key": "emp", "text": "I work for you as a housing officer and my manager passed me over",
        "reason": "employment", "contact": {"email": "sam@example.org"}}).json()
    assert exc["ombudsman_review"].startswith("If you are also one of our residents")
    for kind_text in (one(client, exc["reference"], "excluded")["text"],):
        assert kind_text.count("grievance procedure") == 1 and "Acas" in kind_text and "0300 123 1100" in kind_text
        assert "If you disagree with our decision, please tell us." not in kind_text
        assert "If you are also one of our residents" in kind_text and all(x in kind_text for x in OMBUDSMAN)
        before = kind_text[:kind_text.index("If you are also one of our residents")]
        assert "Ombudsman" not in before


@sqlite_only
def test_compliment_and_service_request_letters(client):
    cpl = client.post("/api/v1/compliments", json={"idempotency_key": "c", "text": "Tom was brilliant",
                                                   "person": "Tom", "contact": {"email": "c@example.org"}}).json()
    t = one(client, cpl["reference"], "compliment")["text"]
    # Tom Baker is in the routing directory (backend/routing.yaml), with his line manager
    assert t.count("Thank you") >= 1 and "Tom Baker and Priya Shah (line manager)" in t and cpl["reference"] in t
    # hg-16: a team or role is "the Repairs team", not "Repairs team"
    team = client.post("/api/v1/compliments", json={"idempotency_key": "c2", "text": "The repairs team were great",
                                                    "team": "Repairs team", "contact": {"email": "c@example.org"}}).json()
    t = one(client, team["reference"], "compliment")["text"]
    assert "to the Repairs team and the Repairs manager." in t, t
    sr = client.post("/api/v1/service-requests", json={"idempotency_key": "s", "text": "Tap leaking",
                                                       "topic": "repair", "emergency": True,
                                                       "contact": {"email": "c@example.org"}}).json()["reference"]
    t = one(client, sr, "service_request")["text"]
    assert sr in t and "repairs" in t and "emergency" in t and "you can make a complaint" in t


@sqlite_only
def test_no_letter_for_acknowledge_or_close_and_none_for_refused_changes(client):
    ref = complaint(client)
    client.post(f"/api/v1/complaints/{ref}/acknowledge", json={"acknowledged_on": "2026-11-25"})
    client.post(f"/api/v1/complaints/{ref}/extend", json={"days": 99, "reason": "x"})  # refused: 409
    client.post(f"/api/v1/complaints/{ref}/close", json={"outcome": "Resolved"})
    assert [x["kind"] for x in letters_of(client, ref)] == ["acknowledgement"]


WORDS = re.compile(r"[A-Za-z0-9£']+")
JARGON = ("pursuant", "hereby", "herein", "aforementioned", "whereby", "notwithstanding", "in accordance with",
          "forthwith", "heretofore", "escalation", "remediation", "stage 0", "utilise", "commence")


def _sentences(text):
    for line in text.splitlines():
        for s in re.split(r"(?<=[.!?])\s+", line):
            if s.strip():
                yield s


@sqlite_only
def test_plain_english_short_sentences_no_jargon_no_iso_dates(client):
    ref = complaint(client)
    client.post(f"/api/v1/complaints/{ref}/extend", json={"days": 5, "reason": "We need a report"})
    client.post(f"/api/v1/complaints/{ref}/respond", json={"decision": "upheld", "reasons": "We were late",
                                                           "remedy": "An apology", "outstanding_actions": "Fit the part"})
    client.post(f"/api/v1/complaints/{ref}/escalate", json={})
    refs = [ref]
    for path, body in (("excluded-matters", {"reason": "legal"}), ("compliments", {"team": "Repairs"}),
                       ("service-requests", {"topic": "rent"})):
        refs.append(client.post(f"/api/v1/{path}", json={"idempotency_key": path, "text": "x",
                                                         "contact": {"email": "d@example.org"}, **body}).json()["reference"])
    all_letters = [x for r in refs for x in letters_of(client, r)]
    assert {x["kind"] for x in all_letters} == set(letters.KINDS)
    for x in all_letters:
        text = x["text"]
        assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text), x["kind"]  # dates are written out
        low = text.lower()
        assert not [j for j in JARGON if j in low], x["kind"]
        long_ones = [s for s in _sentences(text) if len(WORDS.findall(s)) > 25]
        assert long_ones == [], (x["kind"], long_ones)


def test_html_part_is_autoescaped_and_large_print(client, session):
    ref = complaint(client, summary="<script>alert(1)</script> & <b>bold</b>",
                    contact={"email": "e@example.org", "format_needs": ["large_print"], "language": "Polish"})
    ack = one(client, ref, "acknowledgement")
    assert "<script>alert(1)</script> & <b>bold</b>" in ack["text"]  # plain text keeps the words
    assert ack["has_html"] and ack["format_needs"] == ["large_print"] and ack["language"] == "Polish"
    html = session.scalar(select(OutboxMessage.body_html).where(OutboxMessage.reference == ref))
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html
    assert "<script>" not in html and "font-size: 18pt" in html
    assert "Tuesday 15 December 2026" in html and ref in html


def test_preferred_channel_format_and_language_recorded(client):
    r = client.post("/api/v1/complaints", json={
        "idempotency_key": "f", "text": "x", "conversation_id": "conv-7",
        "contact": {"name": "Ann", "email": "a@example.org", "preferred_channel": "chat",
                    "format_needs": ["large_print", "easy_read", "large_print"], "language": "Welsh"}})
    c = r.json()["contact"]
    assert (c["preferred_channel"], c["format_needs"], c["language"]) == ("chat", ["large_print", "easy_read"], "Welsh")
    r = client.post("/api/v1/complaints", json={"idempotency_key": "g", "text": "x",
                                                "contact": {"format_needs": ["big"]}})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][:3] == ["body", "contact", "format_needs"]
    r = client.post("/api/v1/complaints", json={"idempotency_key": "h", "text": "x",
                                                "contact": {"language": "x" * 51}})
    assert r.status_code == 422


@sqlite_only
@pytest.mark.parametrize("contact,conversation,expected", [
    ({"email": "a@example.org", "preferred_channel": "chat"}, "conv-1", ("chat", "conv-1", "pending")),
    ({"email": "a@example.org", "preferred_channel": "chat"}, None, ("email", "a@example.org", "pending")),
    ({"email": "a@example.org", "preferred_channel": "email"}, "conv-1", ("email", "a@example.org", "pending")),
    ({"email": "a@example.org", "preferred_channel": "post", "address": "12 High Street, Leeds",
      "postcode": "LS11 5DT"}, "conv-1", ("post", None, "manual")),
    # post asked for with no postal address: the e-mail, else nowhere to send it (held for an address)
    ({"email": "a@example.org", "preferred_channel": "post"}, "conv-1", ("email", "a@example.org", "pending")),
    ({"phone": "0100", "preferred_channel": "post"}, None, ("none", None, "held")),
    ({"name": "Bo", "postcode": "LS11 5DT", "preferred_channel": "post"}, None, ("none", None, "held")),
    ({"phone": "0100", "preferred_channel": "phone"}, None, ("none", None, "held")),  # held for an address
    # a phone first, but a postal address given: it goes by post (staff print it), not held for an address
    ({"phone": "0100", "preferred_channel": "phone", "address": "12 High Street, Leeds", "postcode": "LS11 5DT"},
     None, ("post", None, "manual")),
    ({"phone": "0100", "email": "a@example.org", "address": "12 High Street"}, None, ("email", "a@example.org", "pending")),
    ({"anonymous": True}, None, ("none", None, "held")),  # nobody to ring either: held all the same
    (None, None, ("none", None, "held")),
])
def test_channel_routing(client, contact, conversation, expected):
    r = client.post("/api/v1/service-requests", json={"idempotency_key": "r", "text": "x", "contact": contact,
                                                      "conversation_id": conversation})
    x = letters_of(client, r.json()["reference"])[0]
    assert (x["channel"], x["recipient"], x["status"]) == expected
    opens_with_address = x["text"].splitlines()[:3] == ["12 High Street", "Leeds", "LS11 5DT"]
    assert opens_with_address == (expected[0] == "post" and "address" in (contact or {}))


def test_template_lookup_prefers_the_profile_then_the_shared_template(tmp_path):
    assert letters.template_names("impact-2018", "compliment", "txt") == [
        "letters/impact-2018/compliment.txt.j2", "letters/compliment.txt.j2"]
    (tmp_path / "letters" / "impact-2018").mkdir(parents=True)
    (tmp_path / "letters" / "compliment.txt.j2").write_text("Subject: Shared {{ reference }}\n\nShared body\n")
    (tmp_path / "letters" / "impact-2018" / "compliment.txt.j2").write_text(
        "Subject: Impact {{ reference }}\n\nThank you, {{ routed_to|and_join }}.\n")
    (tmp_path / "letters" / "compliment.html.j2").write_text("<p>{{ greeting }} {{ reference }}</p>")

    def case(profile):
        return Compliment(reference="CPL-2026-000009", profile_id=profile, text="x", person="Jo",
                          routed_to=["Jo", "Jo's line manager"],
                          contact=Contact(role="resident", anonymous=False, name="<Ann>"))

    r = letters.render(case("impact-2018"), "compliment", str(tmp_path))
    assert (r.subject, r.text) == ("Impact CPL-2026-000009", "Thank you, Jo and Jo's line manager.\n")
    assert r.html == "<p>Dear &lt;Ann&gt; CPL-2026-000009</p>"  # shared HTML, autoescaped
    r = letters.render(case("code-2024"), "compliment", str(tmp_path))
    assert (r.subject, r.text) == ("Shared CPL-2026-000009", "Shared body\n")
    with pytest.raises(letters.LetterTemplateMissing):
        letters.render(case("code-2024"), "extension", str(tmp_path))
    with pytest.raises(ValueError):
        letters.render(case("code-2024"), "nonsense", str(tmp_path))


@sqlite_only
def test_every_profile_renders_every_letter(client):
    """Profiles with no dates (wrekin-2020-care stage 1) or other stage names still render."""
    for pid in ("code-2024", "paradigm-2020", "wrekin-2020-housing", "wrekin-2020-care",
                "resolution-team-2022", "pa-housing-2022", "impact-2018"):
        ref = complaint(client, key=pid, profile=pid)
        client.post(f"/api/v1/complaints/{ref}/respond", json={"decision": "upheld", "reasons": "r",
                                                               "responded_on": "2026-11-30"})
        client.post(f"/api/v1/complaints/{ref}/escalate", json={"requested_at": "2026-12-01T10:00:00+00:00"})
        kinds = [x["kind"] for x in letters_of(client, ref)]
        assert kinds == ["acknowledgement", "stage_response", "escalation"], (pid, kinds)
        for x in letters_of(client, ref):
            assert ref in x["text"] and "None" not in x["text"], (pid, x["kind"])


def test_a_letter_that_goes_by_post_opens_with_the_address_and_an_emailed_one_does_not(client, session):
    ref = complaint(client, key="k-post-2", contact={"name": "Pat <Nolan>", "address": "Flat 9, Hawthorn Court, Leeds",
                                                     "postcode": "LS6 2AB", "preferred_channel": "post"})
    letter = one(client, ref, "acknowledgement")
    # the address, then the date it is written (the clock: Tuesday 24 November 2026), then the greeting
    assert letter["text"].startswith("Pat <Nolan>\nFlat 9\nHawthorn Court\nLeeds\nLS6 2AB\n\n"
                                     "Tuesday 24 November 2026\n\nDear Pat <Nolan>,"), letter["text"][:120]
    html = session.scalar(select(OutboxMessage.body_html).where(OutboxMessage.reference == ref))
    assert "Pat &lt;Nolan&gt;<br>Flat 9<br>Hawthorn Court<br>Leeds<br>LS6 2AB</address>\n<p>Tuesday 24 November 2026</p>" in html
    emailed = one(client, complaint(client, key="k-mail-2"), "acknowledgement")
    assert emailed["text"].startswith("Dear Ann Example,")
    assert "TF1 1AA" not in emailed["text"]   # an e-mailed letter carries no postal block
    assert "24 November 2026\n\nDear" not in emailed["text"]  # nor a date line (the e-mail is dated)


@sqlite_only
def test_an_angry_complaint_is_acknowledged_in_neutral_words(client):
    """The acknowledgement's understanding keeps what happened and leaves out the swearing and the
    name-calling; with nothing else said, it names what the complaint is about."""
    r = client.post("/api/v1/complaints", json={
        "idempotency_key": "angry", "received_at": RECEIVED, "contact": {"email": "b@example.org"},
        "text": "You useless bastards. The damp in my bedroom has been there for 6 months and NOBODY has come. "
                "Absolute clowns."})
    t = one(client, r.json()["reference"], "acknowledgement")["text"]
    assert "the damp in your bedroom has been there for 6 months and nobody has come." in t
    assert not any(w in t.lower() for w in ("bastard", "clowns", "useless"))
    r = client.post("/api/v1/complaints", json={"idempotency_key": "angry-2", "received_at": RECEIVED,
                                                "text": "You are all f***ing idiots!!!",
                                                "contact": {"email": "c@example.org"}})
    t = one(client, r.json()["reference"], "acknowledgement")["text"]
    assert ("What we understand your complaint is about\nYou told us you are unhappy with the service we "
            "have given you.\n") in t and "idiots" not in t
