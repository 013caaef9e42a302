"""hg-03/hg-01: the acknowledgement's "You told us that ..." repeats what the complaint is about, not
the resident's self-introduction or contact details (the letter already goes to them by name)."""
from casework.understanding import summarise


def test_name_and_email_preamble_left_out():
    got = summarise("Hello, my name is Peter Grant and my email is peter.grant@example.co.uk. "
                    "I want to complain about the contractor Apex Roofing, the leak in my back bedroom "
                    "is still there.")
    assert "Peter Grant" not in got and "@" not in got and "name is" not in got
    assert got.startswith("You told us that you want to complain about the contractor Apex Roofing")


def test_contact_clause_inside_a_sentence_goes_the_rest_stays():
    got = summarise("My boiler has been broken for three weeks, my number is 07700 900123.")
    assert got == "You told us that your boiler has been broken for three weeks."


def test_representative_introduction_keeps_who_they_are_not_their_details():
    got = summarise("I'm writing on behalf of my dad, Harold Jenkins, he's 84. His bathroom is full of "
                    "mould. I'm his son, Gareth, gareth.jenkins@example.com")
    assert "gareth.jenkins@example.com" not in got and "Gareth" not in got
    assert "Harold Jenkins" in got and "mould" in got


def test_who_the_writer_is_goes_with_their_name_and_leaves_no_fragment():
    got = summarise("There's black mould all over her bedroom wall and she has COPD. "
                    "I'm Sarah, her daughter, sarah.hughes@example.com")
    assert "daughter" not in got.lower() and "Sarah" not in got and got.rstrip().endswith("COPD.")
    # not beside an introduction, the relationship is part of what happened and stays
    assert "her daughter" in summarise("The officer shouted at her daughter, who was only visiting.")


def test_a_message_with_no_introduction_is_unchanged():
    text = "The repair team missed three appointments and nobody called me."
    assert summarise(text) == "You told us that the repair team missed three appointments and nobody called you."


def test_a_name_that_is_not_an_introduction_stays():
    got = summarise("Priya from the repairs team was rude to me on the phone.")
    assert "priya from the repairs team was rude" in got.lower()


def test_a_feeling_is_not_a_name():
    got = summarise("I'm fed up, my email is jo@example.org. The boiler is still broken.")
    assert got == "You told us that you're fed up. The boiler is still broken."
