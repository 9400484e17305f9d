from __future__ import annotations

import pytest

from access_api.speech import prepare_for_speech

CASES = [
    # currency
    ("It lost $4.2bn last year.", "It lost 4.2 billion dollars last year."),
    ("A £1.5m deal.", "A 1.5 million pounds deal."),
    ("Tickets cost €20.", "Tickets cost 20 euros."),
    ("It costs $1.", "It costs 1 dollar."),
    ("A $4.50 coffee.", "A 4 dollars 50 coffee."),
    ("Only $0.99 today.", "Only 99 cents today."),
    ("Aid of US$5 billion.", "Aid of 5 billion US dollars."),
    ("A 50p coin.", "A 50 pence coin."),
    ("Debt hit 3tn yen.", "Debt hit 3 trillion yen."),
    # percentages
    ("Up 12% on the year.", "Up 12 percent on the year."),
    ("Down 0.5 % in May.", "Down 0.5 percent in May."),
    # dates
    ("Signed on 12 March 2024.", "Signed on the twelfth of March twenty twenty-four."),
    ("Signed on 2024-03-12.", "Signed on the twelfth of March twenty twenty-four."),
    ("By March 5, 2021 it was done.", "By March fifth, twenty twenty-one it was done."),
    ("Born 1st Jan. 1905.", "Born the first of January nineteen oh five."),
    ("In May 2019 it ended.", "In May twenty nineteen it ended."),
    ("From 3 June 2000.", "From the third of June two thousand."),
    ("Ten Marketing staff left.", "Ten Marketing staff left."),
    # units
    ("Run 5km daily.", "Run 5 kilometres daily."),
    ("Lift 10kg and 1 kg.", "Lift 10 kilograms and 1 kilogram."),
    ("It hit 20°C at 70 mph.", "It hit 20 degrees Celsius at 70 miles per hour."),
    ("A 500MW plant.", "A 500 megawatts plant."),
    # ordinals
    ("The 21st century.", "The twenty-first century."),
    ("Her 2nd and 3rd tries.", "Her second and third tries."),
    ("The 100th day.", "The one hundredth day."),
    # abbreviations
    ("Dr. Lee met Mr. Khan.", "Doctor Lee met Mister Khan."),
    ("Prof. Ada spoke.", "Professor Ada spoke."),
    ("Trade with the U.S. grew.", "Trade with the U S grew."),
    ("She moved to the U.K.", "She moved to the U K."),
    ("Fruit, e.g. apples.", "Fruit, for example apples."),
    ("Pens, paper, etc.", "Pens, paper, et cetera."),
    ("Ours, i.e. yours.", "Ours, that is yours."),
    ("The MP spoke.", "The MP spoke."),
    ("Live at No. 10 today.", "Live at number 10 today."),
    ("Salt & pepper.", "Salt and pepper."),
    ("Doors open at 7pm.", "Doors open at 7 p m."),
    ("At 10:30 a.m. sharp.", "At 10 30 a m sharp."),
    # links and addresses
    ("See https://www.example.com/news/1?x=2 now.", "See example dot com now."),
    ("Visit www.bbc.co.uk.", "Visit bbc dot co dot uk."),
    ("Write to jane.doe@example.org today.", "Write to jane dot doe at example dot org today."),
    # left alone
    ("There were 1,273 cases.", "There were 1,273 cases."),
    ("  Spaces   are\ntidied. ", "Spaces are tidied."),
]


@pytest.mark.parametrize(("written", "spoken"), CASES)
def test_english_is_rewritten_the_way_a_person_reads_it(written: str, spoken: str) -> None:
    assert prepare_for_speech(written) == spoken


def test_other_languages_only_have_their_spacing_tidied() -> None:
    assert prepare_for_speech("Il a payé  $4.2bn.", language="fr") == "Il a payé $4.2bn."


def test_english_dialect_tags_get_the_english_rules() -> None:
    assert prepare_for_speech("Dr. Who", language="en-GB") == "Doctor Who"
