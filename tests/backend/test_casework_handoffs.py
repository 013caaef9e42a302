"""Issue 17 (backend half): dates from the real acknowledgement, the landlord's understanding and its
correction, referrals and alerts through the outbox, pick-up, representatives, groups and needs."""
from sqlalchemy import select

from casework.models import OutboxMessage

SUNDAY = "2026-12-06T11:00:00+00:00"  # Sunday 6 December 2026
ANN = {"name": "Ann Example", "email": "ann@example.org", "postcode": "TF1 1AA"}


def post(client, path, **body):
    r = client.post(f"/api/v1/{path}", json=body)
    assert r.status_code in (200, 201), r.text
    return r.json()


def complaint(client, key="k1", **extra):
    body = {"idempotency_key": key, "received_at": SUNDAY, "conversation_id": "conv-1",
            "text": "I reported the leak in my bathroom in October and you still have not fixed it. "
                    "The ceiling is now stained.", "contact": ANN, "desired_outcome": "Fix the leak", **extra}
    return post(client, "complaints", **body)


def letters(client, ref):
    return client.get(f"/api/v1/cases/{ref}/letters").json()


def test_sunday_complaint_acknowledged_at_once_counts_from_the_acknowledgement(client, clock):
    clock.set(SUNDAY)
    c = complaint(client)
    # received Sunday, effective Monday 7 Dec; the acknowledgement went that Sunday (recorded);
    # 10 working days from that Sunday is Friday 18 December (Code 6.3: counted from the
    # acknowledgement the resident is told of, not from the Monday after it)
    assert (c["effective_received_on"], c["acknowledged_on"], c["respond_by"]) == (
        "2026-12-07", "2026-12-06", "2026-12-18")
    ack = [x for x in letters(client, c["reference"]) if x["kind"] == "acknowledgement"][0]["text"]
    assert "by Friday 18 December 2026" in ack and "We received it on Sunday 6 December 2026" in ack


def test_a_letter_waiting_for_staff_is_not_an_acknowledgement(client, clock):
    clock.set(SUNDAY)
    c = complaint(client, contact={**ANN, "preferred_channel": "post", "address": "1 Example Road, Telford"})
    # counted from the latest allowed acknowledgement (14 Dec) + 10 WD, over Christmas: 30 Dec
    assert c["acknowledged_on"] is None and c["respond_by"] == "2026-12-30"
    # staff post it and mark it sent: that records the acknowledgement
    letter = letters(client, c["reference"])[0]
    assert letter["status"] == "manual"
    clock.set("2026-12-07T09:30:00+00:00")
    client.post(f"/api/v1/outbox/{letter['letter_id']}/mark-sent")
    after = client.get(f"/api/v1/cases/{c['reference']}").json()
    assert (after["acknowledged_on"], after["respond_by"]) == ("2026-12-07", "2026-12-21")


def test_same_day_acknowledge_and_respond_on_a_weekend(client, clock):
    clock.set(SUNDAY)
    c = complaint(client, contact={**ANN, "preferred_channel": "post", "address": "1 Example Road, Telford"})
    ref = c["reference"]
    r = client.post(f"/api/v1/complaints/{ref}/acknowledge", json={"acknowledged_on": "2026-12-06"})
    assert r.status_code == 200 and r.json()["respond_by"] == "2026-12-18"  # 10 WD from that Sunday
    r = client.post(f"/api/v1/complaints/{ref}/respond", json={"decision": "upheld", "reasons": "We were slow",
                                                               "responded_on": "2026-12-06"})
    assert r.status_code == 200 and r.json()["status"] == "responded"
    r = client.post(f"/api/v1/complaints/{ref}/acknowledge", json={"acknowledged_on": "2026-12-05"})
    assert r.status_code == 409  # already acknowledged; and before arrival would be invalid_date


def test_escalation_follows_the_profile_rule(client, clock):
    clock.set(SUNDAY)
    ref = complaint(client)["reference"]
    r = client.post(f"/api/v1/complaints/{ref}/escalate", json={"requested_at": SUNDAY})
    assert r.status_code == 409 and r.json()["code"] == "not_responded"
    assert "due by Friday 18 December 2026" in r.json()["detail"]
    # once the response is overdue the resident need not wait
    r = client.post(f"/api/v1/complaints/{ref}/escalate", json={"requested_at": "2026-12-21T10:00:00+00:00"})
    assert r.status_code == 200 and r.json()["stage"] == 2


def test_understanding_in_plain_words_never_the_triage_note(client, clock):
    clock.set(SUNDAY)
    c = complaint(client, summary="Recognised as complaint.")
    assert c["summary"] == ("You told us that you reported the leak in your bathroom in October and we "
                            "still have not fixed it. The ceiling is now stained.")
    ack = letters(client, c["reference"])[0]["text"]
    assert "Recognised as" not in ack and "we still have not fixed it" in ack


def test_staff_edit_the_understanding_and_a_corrected_letter_goes(client, clock, session):
    clock.set(SUNDAY)
    ref = complaint(client)["reference"]
    r = client.patch(f"/api/v1/complaints/{ref}/understanding",
                     json={"summary": "The bathroom leak reported in October is not fixed and has stained the ceiling.",
                           "desired_outcome": "Fix the leak and redecorate the ceiling"},
                     headers={"X-Actor": "staff:jo"})
    assert r.status_code == 200 and r.json()["desired_outcome"] == "Fix the leak and redecorate the ceiling"
    acks = [x for x in letters(client, ref) if x["kind"] == "acknowledgement"]
    assert len(acks) == 2 and acks[1]["subject"].startswith("Corrected:")
    assert "This letter replaces our earlier letter" in acks[1]["text"]
    assert "redecorate the ceiling" in acks[1]["text"]
    assert client.patch(f"/api/v1/complaints/{ref}/understanding", json={}).status_code == 422
    r = client.patch(f"/api/v1/complaints/{ref}/understanding", json={"summary": "Recognised as complaint."})
    assert r.status_code == 422


def test_asb_report_is_referred_to_the_asb_team_through_the_outbox(client, session):
    exc = post(client, "excluded-matters", idempotency_key="e1", text="My neighbour plays loud music every night",
               reason="asb", contact=ANN)
    refs = exc["referrals"]
    assert [(r["kind"], r["reason"], r["to_name"], r["to_address"], r["delivery_status"]) for r in refs] == [
        ("referral", "asb", "ASB team", "asb@landlord.example", "pending")]
    row = session.scalar(select(OutboxMessage).where(OutboxMessage.letter_id == refs[0]["letter_id"]))
    assert row.recipient == "asb@landlord.example" and "loud music" in row.body_text and "ann@example.org" in row.body_text
    # the resident's letters do not include staff notifications
    assert [x["kind"] for x in letters(client, exc["reference"])] == ["excluded"]
    emp = post(client, "excluded-matters", idempotency_key="e2", text="My job application was ignored",
               reason="employment")
    assert [(r["to_name"], r["to_address"]) for r in emp["referrals"]] == [("HR", "hr@landlord.example")]
    legal = post(client, "excluded-matters", idempotency_key="e3", text="Court claim filed", reason="legal")
    assert legal["referrals"] == []


def test_compliment_goes_to_the_person_and_their_line_manager(client):
    cpl = post(client, "compliments", idempotency_key="c1", text="Tom Baker fixed my boiler so fast", person="Tom Baker")
    assert cpl["routed_to"] == ["Tom Baker", "Priya Shah (line manager)"]
    assert [(r["to_address"], r["delivery_status"]) for r in cpl["referrals"]] == [
        ("tom.baker@landlord.example", "pending"), ("priya.shah@landlord.example", "pending")]


def test_safeguarding_handoff_alerts_the_duty_inbox_once_and_can_be_picked_up(client, session):
    h = post(client, "handoffs", idempotency_key="h1", conversation_id="conv-s", text="My neighbour hits his kids",
             category="excluded", reason="asb", flags=["safeguarding"])
    assert [(a["kind"], a["reason"], a["to_address"], a["delivery_status"]) for a in h["alerts"]] == [
        ("alert", "safeguarding", "duty@landlord.example", "pending")]
    row = session.scalar(select(OutboxMessage).where(OutboxMessage.letter_id == h["alerts"][0]["letter_id"]))
    assert row.subject.startswith("ALERT: safeguarding") and row.case_id is None
    # the record made from the same conversation does not alert twice
    exc = post(client, "excluded-matters", idempotency_key="e1", conversation_id="conv-s", text="x",
               reason="asb", flags=["safeguarding"])
    assert [r["kind"] for r in exc["referrals"]] == ["referral"]
    assert h["picked_up_by"] is None
    r = client.post(f"/api/v1/handoffs/{h['id']}/pick-up", headers={"X-Actor": "staff:duty-jo"})
    assert r.status_code == 200 and r.json()["picked_up_by"] == "staff:duty-jo" and r.json()["picked_up_at"]
    again = client.post(f"/api/v1/handoffs/{h['id']}/pick-up", headers={"X-Actor": "staff:other"})
    assert again.json()["picked_up_by"] == "staff:duty-jo"  # the first person keeps it
    assert client.post("/api/v1/handoffs/999/pick-up").status_code == 404


def test_a_flagged_handoff_says_when_a_person_must_pick_it_up(client):
    """The chat tells the resident this time; the staff queue is held to the same one."""
    sunday = post(client, "handoffs", idempotency_key="p1", conversation_id="conv-p1", text="He hits me",
                  category="complaint", flags=["safeguarding"], received_at="2026-12-06T11:00:00+00:00")
    assert sunday["pick_up_by"] == "2026-12-07T17:00:00+00:00"  # the end of Monday, the next working day
    monday = post(client, "handoffs", idempotency_key="p2", conversation_id="conv-p2", text="Gas smell",
                  category="service_request", flags=["emergency"], received_at="2026-12-07T09:30:00+00:00")
    assert monday["pick_up_by"] == "2026-12-07T17:00:00+00:00"  # the same working day
    plain = post(client, "handoffs", idempotency_key="p3", conversation_id="conv-p3", text="Tap drips",
                 category="service_request", received_at="2026-12-07T09:30:00+00:00")
    assert plain["pick_up_by"] is None


def test_emergency_service_request_without_a_handoff_alerts(client):
    sr = post(client, "service-requests", idempotency_key="s1", text="Gas smell", topic="repair", emergency=True)
    assert [(r["kind"], r["reason"]) for r in sr["referrals"]] == [("alert", "emergency")]


def test_representative_gets_letters_only_with_consent(client, clock):
    clock.set(SUNDAY)
    rep = {"name": "Bea Example", "relationship": "daughter", "email": "bea@example.org"}
    with_consent = complaint(client, key="a", representative={**rep, "consent": True, "consent_method": "told us in chat"})
    assert with_consent["representative"]["consent_method"] == "told us in chat"
    assert "third_party" in with_consent["flags"]
    first = letters(client, with_consent["reference"])[0]
    assert first["recipient"] == "bea@example.org" and first["text"].startswith("Dear Bea Example,")
    without = complaint(client, key="b", representative={**rep, "consent": False, "consent_method": "x"})
    assert without["representative"]["consent_method"] is None
    assert letters(client, without["reference"])[0]["recipient"] == "ann@example.org"


def test_group_complaint_has_one_nominated_contact(client, clock):
    clock.set(SUNDAY)
    c = complaint(client, group_residents=["Flat 1", "Flat 2", "Flat 3"])
    assert c["group_residents"] == ["Flat 1", "Flat 2", "Flat 3"] and "group" in c["flags"]
    assert c["contact"]["name"] == "Ann Example"
    assert [x["recipient"] for x in letters(client, c["reference"])] == ["ann@example.org"]


def test_another_language_holds_the_letter_for_staff_and_large_print_is_honoured(client, clock):
    clock.set(SUNDAY)
    c = complaint(client, contact={**ANN, "language": "Polish", "format_needs": ["large_print"]})
    assert c["contact"]["needs_translation"] is True
    letter = letters(client, c["reference"])[0]
    assert letter["status"] == "held" and letter["language"] == "Polish"
    assert c["acknowledged_on"] is None  # nothing has gone yet
    held = client.get("/api/v1/outbox", params={"status": "held"}).json()
    assert [x["letter_id"] for x in held] == [letter["letter_id"]]
    clock.set("2026-12-07T10:00:00+00:00")
    r = client.post(f"/api/v1/outbox/{letter['letter_id']}/release", headers={"X-Actor": "staff:jo"})
    assert r.status_code == 200 and r.json()["status"] == "pending"
    assert client.get(f"/api/v1/cases/{c['reference']}").json()["acknowledged_on"] == "2026-12-07"
    assert client.post(f"/api/v1/outbox/{letter['letter_id']}/release").status_code == 409


def test_declined_contact_is_recorded(client):
    sr = post(client, "service-requests", idempotency_key="s1", text="Bin store light broken", topic="estate",
              contact={"anonymous": True, "declined": True})
    assert sr["contact"]["declined_contact"] is True and sr["contact"]["anonymous"] is True


def test_a_bad_routing_directory_stops_the_service_starting(tmp_path, monkeypatch, db_url):
    import pytest
    from fastapi.testclient import TestClient

    from casework.api import create_app
    from casework.routing import RoutingError

    bad = tmp_path / "routing.yaml"
    bad.write_text("duty: {name: Duty, inbox: duty@x.example}\nteams: {}\nreferrals: {asb: nowhere}\n")
    monkeypatch.setenv("BACKEND_API_TOKEN", "t")
    monkeypatch.setenv("ROUTING_FILE", str(bad))
    with pytest.raises(RoutingError, match="referrals.asb: no team 'nowhere'"):
        with TestClient(create_app(db_url)):
            pass
    monkeypatch.setenv("ROUTING_FILE", str(tmp_path / "missing.yaml"))
    with pytest.raises(RoutingError, match="not found"):
        with TestClient(create_app(db_url)):
            pass


def test_understanding_starts_every_sentence_with_a_capital():
    from casework.understanding import summarise

    got = summarise("There's black mould on my son's wall. I reported it in September and nobody has come.")
    assert got == ("You told us that there's black mould on your son's wall. "
                   "You reported it in September and nobody has come.")


def test_a_short_message_keeps_every_sentence_of_what_happened():
    """Seen in a real chat: the summary dropped 'reported in September, painted over' (no cue word),
    the heart of the complaint. A short message now keeps all its sentences, in order."""
    from casework.understanding import summarise

    got = summarise("hi, the mould in my sons bedroom is back AGAIN. I reported it in september, someone came "
                    "and painted over it and now its black all up the wall. hes 3 and keeps coughing. "
                    "this is disgusting, nobody rings me back")
    # "AGAIN" in capitals is written normally in the landlord's letter (shouting is not quoted back)
    assert got.startswith("You told us that the mould in your sons bedroom is back again. You reported it in "
                          "september, someone came and painted over it")
    assert "Hes 3 and keeps coughing." in got and got.endswith("nobody rings you back.")
    long = summarise("The weather was nice on Monday and I went to the shops. " * 8
                     + "My boiler has been broken for three weeks and nobody came.")
    assert "boiler has been broken for three weeks" in long and "went to the shops" not in long


def test_understanding_drops_a_chatty_greeting_and_reads_a_lower_case_i():
    """Seen as a new user: 'You told us that hiya, the bathroom fan ... i've rung 3 times' in a letter."""
    from casework.understanding import summarise

    got = summarise("hiya, the bathroom extractor fan has been broken since october, i've rung 3 times and "
                    "nobody comes. im fed up and i want it fixed")
    assert got == ("You told us that the bathroom extractor fan has been broken since october, you've rung "
                   "3 times and nobody comes. You're fed up and you want it fixed.")
    assert summarise("Hi there, my tap leaks").startswith("You told us that your tap leaks")
    assert summarise("Morning all. The lift is broken again").startswith("You told us that the lift is broken again")
    # a word that only starts like a greeting is kept
    assert summarise("Hillside flats have no hot water").startswith("You told us that hillside flats")


def test_understanding_quotes_the_resident_when_the_swap_would_garble_them():
    """Seen trying the product: 'You told us that our contractor told you us would ring you back ...
    Us lot are a joke. Me and your husband ...'; '... sorry your English isnt great' (read as the
    landlord's insult); 'so you've been ringing yous'. Unsure swaps now quote the resident's words."""
    from casework.understanding import summarise

    said = ("Your contractor told me you would ring me back about the broken window. You lot are a joke. "
            "Me and my husband have been waiting 6 weeks.")
    # ("You lot are a joke." is name-calling aimed at staff: it goes, the facts stay quoted)
    assert summarise(said) == f'You told us: "{said.replace("You lot are a joke. ", "")}"'
    got = summarise("Shwmae, sorry my English isnt great, I prefer Cymraeg. The fan is broken since "
                    "September, I rang 4 times, nobody comes. Diolch yn fawr")
    assert got == ('You told us: "sorry my English isnt great, I prefer Cymraeg. The fan is broken since '
                   'September, I rang 4 times, nobody comes."')  # Welsh greeting and thanks dropped
    got = summarise("hiya so ive been ringing yous for 3 weeks about my boiler")
    assert got == 'You told us: "so ive been ringing yous for 3 weeks about my boiler"'
    for said in ("Can you send someone to fix my door", "Why has nobody come about my boiler?",
                 "your not listening, my door is still broken", "Us two have been waiting since May",
                 "MY BOILER IS BROKEN AND NOBODY CAME", "youse said it would be fixed in May"):
        assert summarise(said).startswith('You told us: "'), said
    # a long message: the sentences kept are quoted, with "..." where one between was left out
    long = summarise("You lot promised my boiler would be fixed. " + "The weather was nice on Monday. " * 12
                     + "I have been waiting three weeks.")
    assert long == 'You told us: "You lot promised my boiler would be fixed. ... I have been waiting three weeks."'


def test_understanding_still_turns_plain_sentences_to_the_second_person():
    """Near misses of the quoted cases: the swap is sure here, so the letter speaks to the resident."""
    from casework.understanding import summarise

    assert summarise("I reported my leak and you still have not fixed it") == (
        "You told us that you reported your leak and we still have not fixed it.")
    assert summarise("Bore da. I rang you 4 times and nobody came. Diolch") == (
        "You told us that you rang us 4 times and nobody came.")
    assert summarise("Your contractor told me the window would be fixed in May and nobody came.") == (
        "You told us that our contractor told you the window would be fixed in May and nobody came.")
    assert summarise("My husband and I have been waiting 6 weeks") == (
        "You told us that your husband and you have been waiting 6 weeks.")
    assert summarise("you're not listening and you'll never fix it") == (
        "You told us that we're not listening and we'll never fix it.")


def _referral_texts(session, cpl):
    ids = [r["letter_id"] for r in cpl["referrals"]]
    return [m.body_text for m in session.scalars(select(OutboxMessage).where(OutboxMessage.letter_id.in_(ids)))]


def test_a_compliment_to_a_team_residents_name_goes_to_that_team(client):
    """hE-15: "the caretaking team" went to the compliments team (the fallback); the directory's
    aliases say which team residents mean."""
    cpl = post(client, "compliments", idempotency_key="c2", text="Big shout out to the caretaking team",
               team="caretaking team")
    assert cpl["routed_to"] == ["Estate services team", "Estate services manager"]
    officer = post(client, "compliments", idempotency_key="c3", text="Ms Patel has been brilliant",
                   person="Ms Patel", team="housing officer")
    assert officer["routed_to"] == ["Housing team", "Housing manager"]


def test_the_person_or_team_praised_is_named_to_whoever_gets_it(client, session):
    cpl = post(client, "compliments", idempotency_key="c4", text="Ms Patel has been brilliant",
               person="Ms Patel", team="housing officer")
    assert all("The resident praised Ms Patel" in body for body in _referral_texts(session, cpl))
    # a team not in the directory: the fallback team is told who it is for
    other = post(client, "compliments", idempotency_key="c5", text="The decorators were great", team="decorators")
    assert other["routed_to"] == ["Customer Experience team", "Customer Experience manager"]
    assert all("The resident praised decorators" in body for body in _referral_texts(session, other))


def test_understanding_drops_emojis_and_shouting_and_keeps_the_words():
    """Seen trying the product (hE-11): 'You told us: "😡😡 WORST LANDLORD EVER!!! ..."' in the
    acknowledgement. The words stay; emojis go, '!!!' is one '!', capitals are written normally."""
    from casework.understanding import summarise

    got = summarise("😡😡 WORST LANDLORD EVER!!! My boiler has been broken for 3 WEEKS and NOBODY has come out 😡😡")
    assert got == ('You told us: "Worst landlord ever! My boiler has been broken for 3 weeks and nobody '
                   'has come out"')
    assert summarise("My boiler is broken 👍🏽 and the fan too ❤️. 20°C at most in the lounge") == (
        "You told us that your boiler is broken and the fan too. 20°C at most in the lounge.")
    # in the landlord's own sentence an exclamation mark becomes a full stop; initials stay
    assert summarise("The ASB team never rang me back!!!") == "You told us that the ASB team never rang you back."
    assert summarise("😡😡😡") == ""


def test_understanding_leaves_out_abuse_aimed_at_staff_and_keeps_the_facts():
    """Seen trying the product: an angry resident's swearing and name-calling quoted back to them in
    the acknowledgement. Swear words and insults go (one word list, understanding.py); what happened
    stays; with nothing factual left the letter says what the complaint is about instead."""
    from casework.understanding import summarise

    angry = ("You are f***ing useless idiots!!! My boiler has been broken for 3 weeks and your lazy contractor "
             "never turned up. THIS IS A FUCKING JOKE.")
    got = summarise(angry)
    assert got == 'You told us: "My boiler has been broken for 3 weeks and your contractor never turned up."'
    assert summarise("Your useless staff never came to fix my leak") == (
        "You told us that our staff never came to fix your leak.")
    assert summarise("There is a bloody great hole in my ceiling since March") == (
        "You told us that there is a great hole in your ceiling since March.")
    for abuse in ("You are all useless idiots!!!", "you lot are an absolute shambles", "the service is shit"):
        assert summarise(abuse) == "You told us you are unhappy with the service we have given you.", abuse
    assert summarise("Absolute clowns, the lot of you", topic="damp_mould") == (
        "You told us you are unhappy with how we have dealt with damp and mould.")
    # a calm message is unchanged, words that only look like abuse included
    for calm, expected in (
            ("I reported my leak and you still have not fixed it",
             "You told us that you reported your leak and we still have not fixed it."),
            ("Thieves broke into the bin store and the repair is still not complete",
             "You told us that thieves broke into the bin store and the repair is still not complete.")):
        assert summarise(calm) == expected
