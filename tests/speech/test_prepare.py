"""The normaliser: every kind of written form, as a British (or American) reader says it.

The bugs found in the first measurement are cases here, each marked "bug".
"""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from access_api.speech import prepare_for_speech
from access_api.speech._prepare import LONGEST_TOKEN

CARDINALS = [
    ("It was 13000 feet up.", "It was thirteen thousand feet up."),
    ("There were 1,273 cases.", "There were one thousand two hundred and seventy-three cases."),
    ("It fell to -2 overnight.", "It fell to minus two overnight."),
    ("Some 2,000,000 votes.", "Some two million votes."),
    (
        "Card 1234567890123124.",
        "Card one two three four five six seven eight nine zero one two three one two four.",
    ),
    ("Agent 007 is back.", "Agent zero zero seven is back."),
]
ORDINALS = [
    ("The 1,000th visitor.", "The one thousandth visitor."),  # bug: "1,zeroth"
    ("Her 2nd and 3rd tries.", "Her second and third tries."),
    ("The 21st century.", "The twenty-first century."),
    ("He came 111th.", "He came one hundred and eleventh."),
    ("A 2th place.", "A two th place."),  # a suffix that does not fit is read as written
]
DECIMALS = [
    ("Rates rose to 5.25.", "Rates rose to five point two five."),
    ("Only .5 of it.", "Only point five of it."),
    ("It took 114...48 tries.", "It took one hundred and fourteen...forty-eight tries."),
]
FRACTIONS = [
    ("It rose by 1/3.", "It rose by one third."),
    ("Add 3/4 of a cup.", "Add three quarters of a cup."),
    ("He ran 4 1/2 miles.", "He ran four and a half miles."),
    ("He ran 2½ miles.", "He ran two and a half miles."),
    ("It is open 24/7.", "It is open twenty-four seven."),
    ("Since 9/11 it changed.", "Since nine eleven it changed."),
]
MONEY = [
    ("It lost $4.2bn last year.", "It lost four point two billion dollars last year."),
    ("A £60m deal.", "A sixty million pounds deal."),  # bug: "£60m" is million
    ("A pint is £4.56.", "A pint is four pounds fifty-six pence."),
    ("Only $0.99 today.", "Only ninety-nine cents today."),
    ("It costs $1.", "It costs one dollar."),
    ("Aid of US$5 billion.", "Aid of five billion US dollars."),
    ("A 50p coin.", "A fifty pence coin."),
    ("Pay rose to £40k.", "Pay rose to forty thousand pounds."),
    ("It is $20/mo.", "It is twenty dollars per month."),
    ("Tickets cost €20 to €25.", "Tickets cost twenty euros to twenty-five euros."),
    ("Up 12% on the year.", "Up twelve percent on the year."),
    ("A 2-5% rise.", "A two to five percent rise."),
    ("A $1.5M deal.", "A one point five million dollars deal."),
    ("It has 1.5M users.", "It has one point five million users."),
    ("It costs Rs. 500.", "It costs five hundred rupees."),
    ("Only 99¢.", "Only ninety-nine cents."),
]
MEASURES = [
    ("She won the 60m hurdles.", "She won the sixty metre hurdles."),  # bug: "sixty em"
    ("He ran the 400m.", "He ran the four hundred metres."),  # bug: "sixty em"
    ("Some 60m people watched.", "Some sixty million people watched."),
    ("Temperatures hit 20C.", "Temperatures hit twenty degrees Celsius."),  # bug: "twenty see"
    ("Lows of -5C tonight.", "Lows of minus five degrees Celsius tonight."),
    ("It hit 2°C at 70mph.", "It hit two degrees Celsius at seventy miles per hour."),
    ("A 5km run.", "A five kilometre run."),
    ("Lift 10kg and 1 kg.", "Lift ten kilograms and one kilogram."),
    ("A 500MW plant.", "A five hundred megawatt plant."),
    ("It weighs 2-5lb.", "It weighs two to five pounds."),
    ('It is 12" wide.', "It is twelve inches wide."),
    ('He said "it was 7" and left.', 'He said "it was seven" and left.'),
]
DATES = [
    ("We meet on the 26th May.", "We meet on the twenty-sixth of May."),  # bug: "the the"
    ("Talks run 6-9 January.", "Talks run the sixth to the ninth of January."),  # bug
    ("It opens on 26 may 2025.", "It opens on the twenty-sixth of May twenty twenty-five."),  # bug
    ("It ends july 25 2012.", "It ends July twenty-fifth, twenty twelve."),  # bug: lower case
    ("Signed on 12 March 2024.", "Signed on the twelfth of March twenty twenty-four."),
    ("By March 5, 2021 it was done.", "By March fifth, twenty twenty-one it was done."),
    ("From January 6-9 we met.", "From January sixth to ninth we met."),
    ("Born 1st Jan. 1905.", "Born the first of January nineteen oh five."),
    ("In May 2019 it ended.", "In May twenty nineteen it ended."),
    ("Signed on 2024-03-12.", "Signed on the twelfth of March twenty twenty-four."),
    ("On 01/07/2024 it began.", "On the first of July twenty twenty-four it began."),
    ("In the 1980s it grew.", "In the nineteen eighties it grew."),
    ("In his 50s he left.", "In his fifties he left."),
    ("From 1914-18 they fought.", "From nineteen fourteen to eighteen they fought."),
    ("It was built in 1905.", "It was built in nineteen oh five."),
    ("He was born in 2005.", "He was born in two thousand and five."),
    ("About 1500 people came.", "About one thousand five hundred people came."),
    ("In Q3 2024 it fell.", "In the third quarter of twenty twenty-four it fell."),
    ("You may 5 times try.", "You may five times try."),  # "may" is a verb here
    ("Ten Marketing staff left.", "Ten Marketing staff left."),
]
TIMES = [
    ("Doors open at 7pm.", "Doors open at seven PM."),
    ("At 10:30 a.m. sharp.", "At ten thirty AM sharp."),
    ("Doors open at 7.30pm.", "Doors open at seven thirty PM."),
    ("The train left at 10:05.", "The train left at ten oh five."),
    ("At 23:00 it closed.", "At twenty-three o'clock it closed."),
    ("It ran 2:01:09.", "It ran two hours one minute and nine seconds."),
    ("At 1:59 p.m. EST today.", "At one fifty-nine PM EST today."),
    ("From 5pm-7pm.", "From five PM to seven PM."),
]
SCORES_AND_RANGES = [
    ("United won 2-1 at home.", "United won two-one at home."),  # bug: "two dash one"
    ("It ended 0-0 after a 1-1 draw.", "It ended nil-nil after a one-all draw."),
    ("He leads 3-0.", "He leads three-nil."),
    ("Read pages 10-20.", "Read pages ten to twenty."),
    ("ISBN 978-0 it is.", "ISBN nine hundred and seventy-eight-zero it is."),
]
TELEPHONES = [
    ("Call 0800 123 4567 now.", "Call oh eight hundred, one two three, four five six seven now."),
    (
        "Ring +44 20 7946 0018.",
        "Ring plus four four, two zero, seven nine four six, zero zero one eight.",
    ),
    ("Call 123-123-5678.", "Call one two three, one two three, five six seven eight."),
    ("Dial (555) 555-5555.", "Dial five five five, five five five, five five five five."),
    ("The card ending in 8876.", "The card ending in eight eight seven six."),
]
ADDRESSES = [
    ("Visit bbc.co.uk/news today.", "Visit BBC dot CO dot UK slash news today."),
    (
        "See https://www.example.com/news now.",
        "See HTTPS colon slash slash WWW dot example dot com slash news now.",
    ),
    ("Write to jane.doe@example.org today.", "Write to jane dot doe at example dot org today."),
    ("IP 192.168.0.1 is local.", "IP one nine two dot one six eight dot zero dot one is local."),
    ("It lived at 1600 Pennsylvania Ave.", "It lived at sixteen hundred Pennsylvania Avenue."),
]
NAMES = [
    ("Henry VIII had six wives.", "Henry the Eighth had six wives."),
    ("After World War II it grew.", "After World War Two it grew."),
    ("King Charles III's coronation.", "King Charles the Third's coronation."),
    ("Elizabeth I ruled.", "Elizabeth the First ruled."),
    ("Super Bowl LVII was won.", "Super Bowl Fifty-seven was won."),
    ("Sam and I left.", "Sam and I left."),
    ("Malcolm X spoke.", "Malcolm X spoke."),
    (
        "Sales of the Xbox 360 fell.",
        "Sales of the Xbox three sixty fell.",
    ),  # bug: "three hundred sixty"
    ("The A380 landed.", "The A three eighty landed."),
    ("Covid-19 cases rose.", "Covid nineteen cases rose."),
    ("Shares in 3M fell.", "Shares in three M fell."),
    ("Shares in 3M fell.", "Shares in three M fell."),
]
ABBREVIATIONS = [
    ("No 10 said it would act.", "number ten said it would act."),  # bug: "no ten"
    ("Live at No. 10 today.", "Live at number ten today."),
    ("Dr Smith met Mrs Jones.", "Doctor Smith met Missus Jones."),
    ("Dr. Lee met Mr. Khan.", "Doctor Lee met Mister Khan."),
    ("St Paul's Cathedral.", "Saint Paul's Cathedral."),
    ("She lives on Baker St.", "She lives on Baker Street."),
    ("Gen Z shop online.", "Gen Z shop online."),
    ("Arsenal v Chelsea tonight.", "Arsenal versus Chelsea tonight."),
    ("The U.S. and the UK agreed.", "The US and the UK agreed."),
    ("Fruit, e.g. apples.", "Fruit, for example apples."),
    ("Pens, paper, etc.", "Pens, paper, et cetera."),
    ("Salt & pepper, M&S.", "Salt and pepper, M and S."),
    ("It is 3x faster.", "It is three times faster."),
    ("A 2x8 plank.", "A two by eight plank."),
    ("Then 1-2=5 holds.", "Then one minus two equals five holds."),
]


def _cases(*groups: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [case for group in groups for case in group]


@pytest.mark.parametrize(
    ("written", "spoken"),
    _cases(
        CARDINALS,
        ORDINALS,
        DECIMALS,
        FRACTIONS,
        MONEY,
        MEASURES,
        DATES,
        TIMES,
        SCORES_AND_RANGES,
        TELEPHONES,
        ADDRESSES,
        NAMES,
        ABBREVIATIONS,
    ),
)
def test_news_english_is_said_the_way_a_british_reader_says_it(written: str, spoken: str) -> None:
    assert prepare_for_speech(written, "en-gb") == spoken


@pytest.mark.parametrize(
    ("written", "british", "american"),
    [
        ("It costs 105 pounds.", "one hundred and five", "one hundred five"),
        (
            "On 01/07/98 it began.",
            "the first of July ninety-eight",
            "January seventh, ninety-eight",
        ),
        ("On 15/01/2020 it began.", "the fifteenth of January", "the fifteenth of January"),
        ("A 5km run.", "kilometre", "kilometer"),
        ("It ended 3-0 after the match.", "three-nil", "three-zero"),
        ("Call 0800 123 4567.", "oh eight hundred", "zero eight hundred"),
    ],
)
def test_british_and_american_readings_differ_where_the_conventions_do(
    written: str, british: str, american: str
) -> None:
    assert british in prepare_for_speech(written, "en-gb")
    assert american in prepare_for_speech(written, "en-us")


def test_a_full_stop_eaten_by_an_abbreviation_still_ends_the_sentence() -> None:
    assert prepare_for_speech("It ended at 7 p.m.") == "It ended at seven PM."


def test_other_languages_only_have_their_spacing_tidied() -> None:
    assert prepare_for_speech("Il a payé  $4.2bn.", language="fr") == "Il a payé $4.2bn."


def test_text_cannot_pass_phonemes_or_marks_to_the_engine() -> None:
    # Piper reads [[ ]] as phonemes, and private-use characters are the
    # normaliser's own marks: neither may come from the text.
    assert prepare_for_speech("A [[bad]] \ue001\ue010\ue003 idea.") == "A bad idea."


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_any_text_is_prepared_without_error_and_without_marks(text: str) -> None:
    spoken = prepare_for_speech(text, "en-gb")
    assert not any("\ue000" <= c <= "\uf8ff" for c in spoken)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "1",
                "2",
                "-",
                "/",
                ".",
                ",",
                ":",
                "£",
                "$",
                "%",
                "m",
                "C",
                "th",
                "May",
                "No",
                " ",
                "VIII",
                "Henry",
                "@",
                "a",
                "www.",
                "x",
                "'",
                "(",
                ")",
                "+",
                "=",
            ]
        ),
        max_size=30,
    ).map("".join)
)
def test_tricky_mixtures_of_digits_and_signs_leave_no_digit_unsaid(text: str) -> None:
    spoken = prepare_for_speech(text, "en-gb")
    assert not any(c.isdigit() for c in spoken)


# Each took minutes with the quadratic e-mail rule (60,000 characters: 24 s);
# linear rules take well under a second on a quiet machine.
HOSTILE = {
    "one word": "a" * 200_000,
    "one word with an at sign": "a" * 199_990 + "@b.example",
    "words just under the token limit": ("a" * (LONGEST_TOKEN - 10) + "@b.c ") * 500,
    "digits and signs": "1." * 100_000,
    "an at sign in every other place": "a@" * 100_000,
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_sentence_of_200000_characters_is_prepared_in_bounded_time(text: str) -> None:
    started = time.process_time()
    prepare_for_speech(text, "en-gb")
    assert time.process_time() - started < 15
