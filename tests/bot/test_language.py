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


# --- other languages (hE-07): to staff for translation, urgent with hazard or baby/child words ---
from pathlib import Path  # noqa: E402
import csv  # noqa: E402

from actions.language import other_language  # noqa: E402


@pytest.mark.parametrize("text, language, urgent", [
    ("Il y a de la moisissure noire dans la chambre de mon bébé et elle tousse beaucoup", "French", True),
    ("Bonjour, je voudrais savoir quand est le rendez-vous pour la fenêtre de ma cuisine", "French", False),
    ("Hay moho negro en la habitación de mi bebé y tiene mucha tos", "Spanish", True),
    ("Há mofo preto no quarto do meu bebê e ela tosse muito", "Portuguese", True),
    ("W pokoju dziecka jest czarna pleśń i ono ciągle kaszle", "Polish", True),
    ("Este mucegai negru în camera copilului și tușește", "Romanian", True),
    ("میرے بچے کے کمرے میں کالی پھپھوندی ہے", "Arabic script", True),
    ("يوجد عفن في غرفة الطفل", "Arabic script", True),
])
def test_messages_in_other_languages(text, language, urgent):
    found = other_language(text)
    assert found is not None and found.language == language and bool(found.urgent_words) is urgent


@pytest.mark.parametrize("text", [
    "There is black mould in my baby's bedroom and she coughs a lot",
    "I went to the cafe on rue de la Paix and the bus was late",  # a few French words in English
    "hi I want to add my partner to the tenancy, what do I need to do",  # English "I", "to", "do"
    "Mae llwydni du yn ystafell wely y babi ac mae hi'n pesychu",  # Welsh has its own route
    "Déjà vu: the boiler is broken again", "", "😡😡😡",
])
def test_english_and_welsh_are_not_other_languages(text):
    assert other_language(text) is None


def test_no_labelled_text_is_read_as_another_language():
    """Every labelled text in bench/**/*.tsv (English or Welsh) stays with the triage: the detector fires on none."""
    csv.field_size_limit(10 ** 8)
    texts = []
    for path in sorted((Path(__file__).resolve().parents[2] / "bench").rglob("*.tsv")):
        with path.open(encoding="utf-8") as f:
            reader = csv.DictReader(f, delimiter="\t")
            if reader.fieldnames and "text" in reader.fieldnames:
                texts += [row["text"] or "" for row in reader]
    assert len(texts) > 10000
    assert [t for t in texts if other_language(t)] == []
