"""Text prepared for listening: written shorthand turned into what a person says.

Engines read ``$4.2bn`` as "dollar four point two b n"; a person says "4.2
billion dollars". Each rule below is a regular expression and the words it
becomes, applied in order (links and addresses first, since they hold dots and
digits the later rules would misread). Digits are left as digits where every
engine reads them well; ordinals and dates become words, since engines read
``12/03`` or ``2024-03-12`` badly.

Only English has rules for now; other languages get their spacing tidied.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["prepare_for_speech"]

_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_ORDINAL_WORDS = {
    "one": "first",
    "two": "second",
    "three": "third",
    "five": "fifth",
    "eight": "eighth",
    "nine": "ninth",
    "twelve": "twelfth",
}
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MONTH_BY_PREFIX = {month[:3].lower(): month for month in _MONTHS}
_MONTH = (
    "(?P<month>"
    + "|".join(_MONTHS)
    + r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)(?!\w)"
)


def _cardinal(n: int) -> str:
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    for size, word in ((1_000_000_000, "billion"), (1_000_000, "million"), (1000, "thousand")):
        if n >= size:
            high, rest = divmod(n, size)
            tail = "" if rest == 0 else (" and " if rest < 100 else " ") + _cardinal(rest)
            return f"{_cardinal(high)} {word}{tail}"
    hundreds, rest = divmod(n, 100)
    return f"{_ONES[hundreds]} hundred" + (f" and {_cardinal(rest)}" if rest else "")


def _ordinal(n: int) -> str:
    words = _cardinal(n)
    head, sep, last = words.rpartition("-" if words.rfind("-") > words.rfind(" ") else " ")
    if last in _ORDINAL_WORDS:
        last = _ORDINAL_WORDS[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return head + sep + last


def _year(n: int) -> str:
    """A year the way it is said: "nineteen ninety-nine", "twenty twenty-four"."""
    century, rest = divmod(n, 100)
    if not 1100 <= n <= 2099 or 2000 <= n <= 2009:
        return _cardinal(n)
    if rest == 0:
        return f"{_cardinal(century)} hundred"
    if rest < 10:
        return f"{_cardinal(century)} oh {_ONES[rest]}"
    return f"{_cardinal(century)} {_cardinal(rest)}"


def _month(text: str) -> str:
    return _MONTH_BY_PREFIX[text[:3].lower()]


def _full_stop_kept(match: re.Match[str], words: str) -> str:
    # An abbreviation's dot that also ends the sentence must stay, or the
    # engine would not hear the sentence end.
    at_end = match.end() == len(match.string)
    return words + "." if at_end and match.group().endswith(".") else words


def _link(match: re.Match[str]) -> str:
    host = re.sub(r"^(?:https?://)?(?:www\.)?", "", match.group(), flags=re.IGNORECASE)
    host = re.split(r"[/?#]", host, maxsplit=1)[0]
    return host.replace(".", " dot ")


def _email(match: re.Match[str]) -> str:
    return f"{match['user']} at {match['host']}".replace(".", " dot ")


def _initialism(match: re.Match[str]) -> str:
    return _full_stop_kept(match, " ".join(match.group().replace(".", "")))


_ABBREVIATIONS = {
    "Dr.": "Doctor",
    "Mr.": "Mister",
    "Mrs.": "Missus",
    "Ms.": "Miz",
    "Prof.": "Professor",
    "Jr.": "Junior",
    "e.g.": "for example",
    "i.e.": "that is",
    "etc.": "et cetera",
    "vs.": "versus",
    "approx.": "approximately",
}


def _abbreviation(match: re.Match[str]) -> str:
    return _full_stop_kept(match, _ABBREVIATIONS[match.group()])


_CURRENCIES = {
    "$": ("dollar", "dollars", "cent", "cents"),
    "£": ("pound", "pounds", "penny", "pence"),
    "€": ("euro", "euros", "cent", "cents"),
    "¥": ("yen", "yen", "sen", "sen"),
}
_CURRENCY_PREFIXES = {"US": "US ", "A": "Australian ", "C": "Canadian ", "NZ": "New Zealand "}
_MAGNITUDES = {
    "k": "thousand",
    "thousand": "thousand",
    "m": "million",
    "mn": "million",
    "million": "million",
    "bn": "billion",
    "billion": "billion",
    "tn": "trillion",
    "trillion": "trillion",
}


def _money(match: re.Match[str]) -> str:
    one, many, sub_one, sub_many = _CURRENCIES[match["symbol"]]
    country = _CURRENCY_PREFIXES.get(match["country"] or "", "")
    amount = match["amount"].replace(",", "") if match["magnitude"] else match["amount"]
    if match["magnitude"]:
        return f"{amount} {_MAGNITUDES[match['magnitude'].lower()]} {country}{many}"
    whole, _, cents = amount.partition(".")
    if len(cents) == 2 and whole.replace(",", "") == "0":
        return f"{int(cents)} {sub_one if cents == '01' else sub_many}"
    if len(cents) == 2:
        spoken = f"{whole} {country}{one if whole == '1' else many}"
        return spoken if cents == "00" else f"{spoken} {int(cents)}"
    return f"{amount} {country}{one if amount == '1' else many}"


_UNITS = {
    "km": ("kilometre", "kilometres"),
    "cm": ("centimetre", "centimetres"),
    "mm": ("millimetre", "millimetres"),
    "kg": ("kilogram", "kilograms"),
    "mg": ("milligram", "milligrams"),
    "ml": ("millilitre", "millilitres"),
    "mph": ("mile per hour", "miles per hour"),
    "km/h": ("kilometre per hour", "kilometres per hour"),
    "kph": ("kilometre per hour", "kilometres per hour"),
    "kWh": ("kilowatt hour", "kilowatt hours"),
    "kW": ("kilowatt", "kilowatts"),
    "MW": ("megawatt", "megawatts"),
    "GW": ("gigawatt", "gigawatts"),
    "ft": ("foot", "feet"),
    "lb": ("pound", "pounds"),
    "lbs": ("pound", "pounds"),
    "oz": ("ounce", "ounces"),
    "°C": ("degree Celsius", "degrees Celsius"),
    "°F": ("degree Fahrenheit", "degrees Fahrenheit"),
}


def _unit(match: re.Match[str]) -> str:
    one, many = _UNITS[match["unit"]]
    return f"{match['number']} {one if match['number'] == '1' else many}"


def _day_month_year(match: re.Match[str]) -> str:
    if not 1 <= int(match["day"]) <= 31:
        return match.group()
    spoken = f"the {_ordinal(int(match['day']))} of {_month(match['month'])}"
    return f"{spoken} {_year(int(match['year']))}" if match["year"] else spoken


def _month_day_year(match: re.Match[str]) -> str:
    if not 1 <= int(match["day"]) <= 31:
        return match.group()
    spoken = f"{_month(match['month'])} {_ordinal(int(match['day']))}"
    return f"{spoken}, {_year(int(match['year']))}" if match["year"] else spoken


def _month_year(match: re.Match[str]) -> str:
    return f"{_month(match['month'])} {_year(int(match['year']))}"


def _iso_date(match: re.Match[str]) -> str:
    month = int(match["month"])
    day = int(match["day"])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return match.group()
    return f"the {_ordinal(day)} of {_MONTHS[month - 1]} {_year(int(match['year']))}"


_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_RULES: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    (re.compile(r"(?P<user>[\w.+-]+)@(?P<host>[\w-]+(?:\.[\w-]+)+)"), _email),
    (
        re.compile(r"\b(?:https?://|www\.)[^\s<>\"']*[^\s<>\"'.,;:!?)]", re.IGNORECASE),
        _link,
    ),
    (re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"), _iso_date),
    (
        re.compile(rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+(?P<year>\d{{4}}))?\b"),
        _day_month_year,
    ),
    (
        re.compile(
            rf"\b{_MONTH}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)(?:,?\s+(?P<year>\d{{4}}))?\b"
        ),
        _month_day_year,
    ),
    (re.compile(rf"\b{_MONTH}\s+(?P<year>1[1-9]\d\d|20\d\d)\b"), _month_year),
    (
        re.compile(
            rf"(?<![\w$£€¥])(?P<country>US|A|C|NZ)?(?P<symbol>[$£€¥])\s?(?P<amount>{_NUMBER})"
            r"(?:\s?(?P<magnitude>bn|billion|mn|million|m|k|thousand|tn|trillion)\b)?"
        ),
        _money,
    ),
    (re.compile(r"\b(?P<amount>\d+)p\b"), r"\g<amount> pence"),
    (re.compile(rf"(?P<number>{_NUMBER})\s?%"), r"\g<number> percent"),
    (re.compile(rf"\b(?P<number>{_NUMBER})\s?bn\b"), r"\g<number> billion"),
    (re.compile(rf"\b(?P<number>{_NUMBER})\s?tn\b"), r"\g<number> trillion"),
    (
        re.compile(
            rf"\b(?P<number>{_NUMBER})\s?(?P<unit>km/h|kWh|°C|°F|"
            + "|".join(u for u in _UNITS if u.isalpha())
            + r")(?!\w)"
        ),
        _unit,
    ),
    (
        re.compile(r"\b(?P<number>\d+)(?:st|nd|rd|th)\b"),
        lambda m: _ordinal(int(m["number"])),
    ),
    (
        re.compile(r"(?<!\w)(?:" + "|".join(re.escape(a) for a in _ABBREVIATIONS) + ")"),
        _abbreviation,
    ),
    (re.compile(r"\bNo\.\s?(?=\d)"), "number "),
    (re.compile(r"(?<![\w.])(?:[A-Z]\.){2,}"), _initialism),
    (
        re.compile(r"\b(?P<hour>\d{1,2})(?::(?P<minute>\d\d))?\s?(?P<half>[ap])\.?m\.?(?!\w)"),
        lambda m: _full_stop_kept(
            m,
            f"{m['hour']}{' ' + m['minute'] if m['minute'] else ''} {m['half']} m",
        ),
    ),
    (re.compile(r"\s&\s"), " and "),
    (re.compile(r"#(?=\d)"), "number "),
]

_SPACES = re.compile(r"\s+")


def prepare_for_speech(sentence: str, language: str = "en") -> str:
    """Rewrite a sentence the way a person would read it aloud.

    >>> prepare_for_speech("Dr. Lee said the U.S. lost $4.2bn, up 12%.")
    'Doctor Lee said the U S lost 4.2 billion dollars, up 12 percent.'

    Args:
        sentence: One sentence of clean text.
        language: The text's language; only English (``en``, ``en-gb``...) has
            rules, other languages get their spacing tidied only.

    Returns:
        The sentence to give to a speech engine.
    """
    text = _SPACES.sub(" ", sentence).strip()
    if language.lower().split("-")[0].split("_")[0] != "en":
        return text
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return _SPACES.sub(" ", text).strip()
