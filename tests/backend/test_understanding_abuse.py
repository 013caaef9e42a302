"""hj-07: taking an insult out of the resident's words must not leave a broken sentence in the
letter ("... and the repair man we sent was."): the part of the sentence the insult stood in goes whole."""
import pytest

from casework.understanding import summarise


@pytest.mark.parametrize("text, expected", [
    ("The boiler broke again and the repair man you sent was useless.",
     "You told us that the boiler broke again."),
    ("The man was so useless and he did not fix the leak",
     "You told us that he did not fix the leak."),
    ("The leak is back, the plumber was useless and the ceiling is wet",
     "You told us that the leak is back, the ceiling is wet."),
    ("Your staff are so lazy, nobody came for 3 weeks.",
     "You told us that nobody came for 3 weeks."),
])
def test_an_insult_said_of_someone_takes_its_part_of_the_sentence_with_it(text, expected):
    assert summarise(text) == expected


@pytest.mark.parametrize("text, expected", [
    # an insult word beside a noun goes alone: the sentence still reads
    ("My boiler is broken and your useless contractor never came.",
     "You told us that your boiler is broken and our contractor never came."),
    # a calm sentence with "was" in it is not touched
    ("The repair man you sent was late and the boiler broke again.",
     "You told us that the repair man we sent was late and the boiler broke again."),
])
def test_near_misses_keep_their_words(text, expected):
    assert summarise(text) == expected


def test_no_summary_ends_on_a_dangling_word():
    for text in ("The boiler broke again and the repair man you sent was useless.",
                 "My shower has leaked for 3 weeks and your contractor is totally incompetent"):
        got = summarise(text)
        assert not got.rstrip(".").split()[-1].lower() in {"was", "is", "totally", "so", "and"}, got
