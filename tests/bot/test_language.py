"""Is a message written mainly in Welsh? (actions/language.py): the English triage model must not
place it on a guess."""
import pytest

from actions.language import MIN_WELSH_WORDS, WELSH_SHARE, read_welsh, written_in_welsh


@pytest.mark.parametrize("text", [
    "Bore da. Dw i eisiau gwneud cwyn. Mae'r to yn gollwng ers mis a does neb wedi dod i'w drwsio. Diolch",
    "Mae llwydni du ar wal ystafell wely'r babi ac mae hi'n peswch. Does neb wedi ateb fy ngalwadau.",
    "Dwi isio cwyno am y landlord, does neb yn ateb y ffôn",
    "Mae'r gwres wedi torri",
    "Rydw i wedi ffonio dair gwaith ac mae'r ffenest dal wedi torri",
])
def test_messages_written_in_welsh_count(text):
    assert written_in_welsh(text)


@pytest.mark.parametrize("text", [
    "Diolch to the team, the fitters were brilliant",
    "Bore da, my boiler is broken",
    "Shwmae! The lift in Tŷ Gwyn is out again",  # a Welsh greeting and place name in an English message
    "Mae from the office was great, she sorted the ac in no time",  # a name and an abbreviation
    "my 2 yr old has a cough and does the damp not matter to you?",
    "I am at home all day, hi to the team, the dim light on the stairs is out",
    "",
    "Diolch",
])
def test_english_messages_with_a_welsh_word_or_greeting_do_not(text):
    assert not written_in_welsh(text)


def test_the_measure_is_a_share_of_the_words_with_a_minimum_count():
    reading = read_welsh("Mae'r to yn gollwng, the roof is leaking and nobody came to fix it")
    assert (reading.welsh_words, reading.words) == (2, 14)  # mae'r, yn
    assert reading.share < WELSH_SHARE and not reading.is_welsh
    one = read_welsh("wedi")  # a single word: a share of 1.0, but not enough words
    assert one.share == 1.0 and one.welsh_words < MIN_WELSH_WORDS and not one.is_welsh


def test_curly_apostrophes_are_read_like_straight_ones():
    assert read_welsh("Mae’r gwres wedi torri").welsh_words == read_welsh("Mae'r gwres wedi torri").welsh_words == 2

