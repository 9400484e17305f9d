"""Numbers as words: cardinals, ordinals, years, decimals, digits, fractions.

British English says "one hundred and five", American English often "one
hundred five"; :class:`Dialect` carries the difference wherever it matters.
Hyphens join tens and units ("twenty-three") as style guides write them.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "Dialect",
    "cardinal",
    "decimal",
    "digits",
    "fraction",
    "number",
    "ordinal",
    "plural",
    "words",
    "year",
]


def words(text: str) -> list[str]:
    """The words of ``text``: how the word lists of the normaliser are written."""
    return text.split()


class Dialect(StrEnum):
    """Whose conventions a reading follows, where British and American English differ."""

    UK = "uk"
    US = "us"

    @classmethod
    def of(cls, language: str) -> Dialect:
        """The dialect of a language tag: ``en-us`` is American, every other English British."""
        return cls.US if language.lower().replace("_", "-").startswith("en-us") else cls.UK


_ONES = words(
    """
    zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen
    """
)
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SCALES = words(
    """
    thousand million billion trillion quadrillion quintillion sextillion septillion
    octillion nonillion decillion
    """
)
# Beyond the largest scale a number is read digit by digit.
_LARGEST = 1000 ** (len(_SCALES) + 1) - 1
_ORDINAL_WORDS = {
    "one": "first",
    "two": "second",
    "three": "third",
    "five": "fifth",
    "eight": "eighth",
    "nine": "ninth",
    "twelve": "twelfth",
}
_LONGEST_PLAIN = 15
_DIGIT_WORDS = dict(zip("0123456789", _ONES[:10], strict=True))


def _below_thousand(n: int, dialect: Dialect) -> str:
    hundreds, rest = divmod(n, 100)
    if rest < 20:
        tail = _ONES[rest] if rest else ""
    else:
        tens, ones = divmod(rest, 10)
        tail = _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    if not hundreds:
        return tail
    head = f"{_ONES[hundreds]} hundred"
    if not rest:
        return head
    return f"{head} and {tail}" if dialect is Dialect.UK else f"{head} {tail}"


def cardinal(n: int, dialect: Dialect = Dialect.UK) -> str:
    """``1234`` -> "one thousand two hundred and thirty-four" (UK), negative as "minus"."""
    if n < 0:
        return f"minus {cardinal(-n, dialect)}"
    if n == 0:
        return "zero"
    if n > _LARGEST:
        return digits(str(n))
    groups: list[int] = []
    while n:
        n, group = divmod(n, 1000)
        groups.append(group)
    spoken: list[str] = []
    for scale, group in reversed(list(enumerate(groups))):
        if not group:
            continue
        said = _below_thousand(group, dialect)
        if scale:
            spoken.append(f"{said} {_SCALES[scale - 1]}")
        elif spoken and group < 100 and dialect is Dialect.UK:
            # "one thousand and five", "two million and twelve"
            spoken.append(f"and {said}")
        else:
            spoken.append(said)
    return " ".join(spoken)


def _ordinal_word(word: str) -> str:
    if word in _ORDINAL_WORDS:
        return _ORDINAL_WORDS[word]
    if word.endswith("y"):
        return word[:-1] + "ieth"
    return word + "th"


def ordinal(n: int, dialect: Dialect = Dialect.UK) -> str:
    """``21`` -> "twenty-first", ``1000`` -> "one thousandth"."""
    said = cardinal(n, dialect)
    cut = max(said.rfind(" "), said.rfind("-"))
    return said[: cut + 1] + _ordinal_word(said[cut + 1 :])


def plural(said: str) -> str:
    """An ordinal as a plural denominator: "third" -> "thirds", "half" -> "halves"."""
    if said.endswith("half"):
        return said[:-4] + "halves"
    return said + "s"


def digits(text: str) -> str:
    """Each digit as a word: ``"007"`` -> "zero zero seven"."""
    return " ".join(_DIGIT_WORDS[c] for c in text if c in _DIGIT_WORDS)


def year(n: int, dialect: Dialect = Dialect.UK) -> str:
    """A year as it is said: "nineteen ninety-nine", "two thousand and five", "twenty ten"."""
    century, rest = divmod(n, 100)
    if not 1100 <= n <= 2099 or 2000 <= n <= 2009 or (rest == 0 and century % 10 == 0):
        return cardinal(n, dialect)
    if rest == 0:
        return f"{cardinal(century)} hundred"
    if rest < 10:
        return f"{cardinal(century)} oh {_ONES[rest]}"
    return f"{cardinal(century)} {cardinal(rest)}"


def decimal(whole: str, fractional: str, dialect: Dialect = Dialect.UK) -> str:
    """``("3", "14")`` -> "three point one four"; an empty whole part is just "point ..."."""
    head = f"{number(whole, dialect)} " if whole else ""
    return f"{head}point {digits(fractional)}"


def number(text: str, dialect: Dialect = Dialect.UK) -> str:
    """Digits as written (commas allowed, a decimal point) as words.

    A run with a leading zero ("007"), or of more than fifteen digits without
    commas (a card number), or beyond the largest scale is read digit by digit,
    as people read codes.
    """
    grouped = "," in text
    whole, _, fractional = text.replace(",", "").partition(".")
    if fractional:
        return decimal(whole, fractional, dialect)
    if (len(whole) > 1 and whole.startswith("0")) or (not grouped and len(whole) > _LONGEST_PLAIN):
        return digits(whole)
    value = int(whole)
    return digits(whole) if value > _LARGEST else cardinal(value, dialect)


def fraction(numerator: int, denominator: int, dialect: Dialect = Dialect.UK) -> str:
    """``3/4`` -> "three quarters", ``1/2`` -> "one half", ``5/32`` -> "five thirty-seconds"."""
    top = cardinal(numerator, dialect)
    if denominator == 2:
        bottom = "half"
    elif denominator == 4:
        bottom = "quarter"
    else:
        bottom = ordinal(denominator, dialect)
    return f"{top} {bottom if numerator == 1 else plural(bottom)}"
