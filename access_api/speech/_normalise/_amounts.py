"""Amounts: money, percentages, measures with their units, fractions, scores and ranges.

Units are read by context where one symbol means two things: "£60m" and
"60m people" are millions, "60m hurdles" and "the 400m" are metres; "20C" is
degrees Celsius. Spelling follows the dialect ("metres", "meters"); engines
say both alike, so only the captions' readers could tell, and they read the
original text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from access_api.speech._normalise._marked import QUANTITY, WORDS, mark_pattern
from access_api.speech._normalise._numbers import (
    Dialect,
    cardinal,
    fraction,
    number,
    ordinal,
    words,
)
from access_api.speech._normalise._rules import Rule

if TYPE_CHECKING:
    from access_api.speech._normalise._rules import Context

__all__ = ["NUMBER", "RULES"]

NUMBER = r"(?:\d{1,3}(?:,\d{3}){1,10}(?!\d)|\d{1,40})(?:\.\d{1,40})?|(?<![.\d])\.\d{1,40}"
"""A written number: ``1,234.5``, ``13000``, ``.25`` (bounded, so matching stays linear)."""

_CURRENCIES = {
    "$": ("dollar", "dollars", "cent", "cents"),
    "£": ("pound", "pounds", "penny", "pence"),
    "€": ("euro", "euros", "cent", "cents"),
    "¥": ("yen", "yen", "", ""),
    "₩": ("won", "won", "", ""),
    "₹": ("rupee", "rupees", "", ""),
    "Rs": ("rupee", "rupees", "", ""),
    "₦": ("naira", "naira", "kobo", "kobo"),
    "₽": ("rouble", "roubles", "kopek", "kopeks"),
}
_COUNTRIES = {
    "US": "US",
    "A": "Australian",
    "AU": "Australian",
    "C": "Canadian",
    "CA": "Canadian",
    "NZ": "New Zealand",
    "HK": "Hong Kong",
    "S": "Singapore",
    "R": "Brazilian",
}
_MAGNITUDES = {
    "k": "thousand",
    "K": "thousand",
    "thousand": "thousand",
    "m": "million",
    "M": "million",
    "mn": "million",
    "mln": "million",
    "million": "million",
    "bn": "billion",
    "b": "billion",
    "B": "billion",
    "billion": "billion",
    "tn": "trillion",
    "trillion": "trillion",
}
_PER = {
    "mo": "month",
    "month": "month",
    "yr": "year",
    "year": "year",
    "wk": "week",
    "week": "week",
    "d": "day",
    "day": "day",
    "h": "hour",
    "hr": "hour",
    "hour": "hour",
}


def _money(match: re.Match[str], ctx: Context) -> str:
    dialect = ctx.dialect
    one, many, sub_one, sub_many = _CURRENCIES[match["symbol"].rstrip(".")]
    country = _COUNTRIES.get(match["country"] or "")
    if country:
        one, many = f"{country} {one}", f"{country} {many}"
    amount = match["amount"].replace(",", "")
    per = f" per {_PER[match['per']]}" if match["per"] else ""
    if match["magnitude"]:
        said = f"{number(amount, dialect)} {_MAGNITUDES[match['magnitude']]} {many}"
        return said + per
    whole, _, cents = amount.partition(".")
    cents = cents.rstrip("0") if len(cents) > 2 else cents
    if len(cents) == 1:
        cents += "0"
    if cents and (len(cents) > 2 or not sub_many):
        return f"{number(amount, dialect)} {many}{per}"
    units = int(whole or "0")
    said = f"{cardinal(units, dialect)} {one if units == 1 else many}"
    if cents and int(cents):
        sub = f"{cardinal(int(cents), dialect)} {sub_one if int(cents) == 1 else sub_many}"
        said = sub if units == 0 else f"{said} {sub}"
    return said + per


# (singular, plural) in British spelling; American spelling differs in -re.
_UNITS_SAID: dict[str, tuple[str, str]] = {
    "mm": ("millimetre", "millimetres"),
    "cm": ("centimetre", "centimetres"),
    "km": ("kilometre", "kilometres"),
    "m": ("metre", "metres"),
    "ft": ("foot", "feet"),
    "yd": ("yard", "yards"),
    "yds": ("yard", "yards"),
    "mi": ("mile", "miles"),
    "nm": ("nanometre", "nanometres"),
    "mg": ("milligram", "milligrams"),
    "g": ("gram", "grams"),
    "kg": ("kilogram", "kilograms"),
    "lb": ("pound", "pounds"),
    "lbs": ("pound", "pounds"),
    "oz": ("ounce", "ounces"),
    "ml": ("millilitre", "millilitres"),
    "mL": ("millilitre", "millilitres"),
    "cl": ("centilitre", "centilitres"),
    "l": ("litre", "litres"),
    "L": ("litre", "litres"),
    "ha": ("hectare", "hectares"),
    "m2": ("square metre", "square metres"),
    "m²": ("square metre", "square metres"),
    "km2": ("square kilometre", "square kilometres"),
    "km²": ("square kilometre", "square kilometres"),
    "sq ft": ("square foot", "square feet"),
    "m3": ("cubic metre", "cubic metres"),
    "m³": ("cubic metre", "cubic metres"),
    "mph": ("mile per hour", "miles per hour"),
    "km/h": ("kilometre per hour", "kilometres per hour"),
    "kph": ("kilometre per hour", "kilometres per hour"),
    "kmh": ("kilometre per hour", "kilometres per hour"),
    "m/s": ("metre per second", "metres per second"),
    "mpg": ("mile per gallon", "miles per gallon"),
    "W": ("watt", "watts"),
    "kW": ("kilowatt", "kilowatts"),
    "MW": ("megawatt", "megawatts"),
    "GW": ("gigawatt", "gigawatts"),
    "kWh": ("kilowatt hour", "kilowatt hours"),
    "MWh": ("megawatt hour", "megawatt hours"),
    "GWh": ("gigawatt hour", "gigawatt hours"),
    "TWh": ("terawatt hour", "terawatt hours"),
    "V": ("volt", "volts"),
    "kV": ("kilovolt", "kilovolts"),
    "mAh": ("milliamp hour", "milliamp hours"),
    "Hz": ("hertz", "hertz"),
    "kHz": ("kilohertz", "kilohertz"),
    "MHz": ("megahertz", "megahertz"),
    "GHz": ("gigahertz", "gigahertz"),
    "KB": ("kilobyte", "kilobytes"),
    "kB": ("kilobyte", "kilobytes"),
    "MB": ("megabyte", "megabytes"),
    "GB": ("gigabyte", "gigabytes"),
    "TB": ("terabyte", "terabytes"),
    "Mbps": ("megabit per second", "megabits per second"),
    "Gbps": ("gigabit per second", "gigabits per second"),
    "ms": ("millisecond", "milliseconds"),
    "s": ("second", "seconds"),
    "sec": ("second", "seconds"),
    "secs": ("second", "seconds"),
    "min": ("minute", "minutes"),
    "mins": ("minute", "minutes"),
    "hr": ("hour", "hours"),
    "hrs": ("hour", "hours"),
    "h": ("hour", "hours"),
    "dB": ("decibel", "decibels"),
    "kcal": ("kilocalorie", "kilocalories"),
    "cal": ("calorie", "calories"),
    "bpm": ("beat per minute", "beats per minute"),
    "rpm": ("revolution per minute", "revolutions per minute"),
    "psi": ("pound per square inch", "pounds per square inch"),
    "tbsp": ("tablespoon", "tablespoons"),
    "tsp": ("teaspoon", "teaspoons"),
    "¢": ("cent", "cents"),
    "°C": ("degree Celsius", "degrees Celsius"),
    "ºC": ("degree Celsius", "degrees Celsius"),
    "C": ("degree Celsius", "degrees Celsius"),
    "°F": ("degree Fahrenheit", "degrees Fahrenheit"),
    "ºF": ("degree Fahrenheit", "degrees Fahrenheit"),
    "F": ("degree Fahrenheit", "degrees Fahrenheit"),
    "°": ("degree", "degrees"),
    "%": ("percent", "percent"),
    '"': ("inch", "inches"),
    "″": ("inch", "inches"),
    "′": ("foot", "feet"),
}
# Longest first, so that "km/h" wins over "km" and "kWh" over "kW".
_UNIT = "|".join(re.escape(u) for u in sorted(_UNITS_SAID, key=len, reverse=True))
# After "60m": nouns it qualifies as metres ("the 60m hurdles"), other words
# that keep it metres ("10m high"); a plural noun makes it millions ("60m viewers").
_METRE_NOUNS = frozenset(
    words(
        """
        hurdles freestyle backstroke breaststroke butterfly medley relay sprint race dash
        final heats title record event individual
        """
    )
)
_METRE_WORDS = _METRE_NOUNS | frozenset(
    words(
        """
        high long wide deep tall away above below from of in on to into down up
        """
    )
)
_IRREGULAR_PLURALS = frozenset(
    words(
        """
    people men women children cattle sheep fish police
    """
    )
)


def _dialect_spelling(words: str, dialect: Dialect) -> str:
    if dialect is Dialect.UK:
        return words
    return re.sub(r"(metre|litre)", lambda m: m[1][:-2] + "er", words)


def _magnitude(match: re.Match[str]) -> str | None:
    """ "m" or "k" after a number as a magnitude ("60m people"), or None ("60m hurdles")."""
    following = (match["next"] or "").lower()
    if following in _METRE_WORDS:
        return None
    return _MAGNITUDES[match["unit"]] if _counts_things(following) else None


def _bare_magnitude(match: re.Match[str], ctx: Context) -> str | None:
    """ "3bn", "1.5M users": but "3M company" is a name, left to the later rules."""
    following = (match["next"] or "").lower()
    if match["magnitude"] in {"M", "B"} and following and not _counts_things(following):
        return None
    return f"{ctx.amount(match['n'])} {_MAGNITUDES[match['magnitude']]}"


def _counts_things(word: str) -> bool:
    """Whether a word after a number looks like a plural noun: "people", "users"."""
    return word in _IRREGULAR_PLURALS or (len(word) > 3 and word.endswith("s"))


def _closes_quotation(match: re.Match[str]) -> bool:
    return match.string[: match.start("unit")].count('"') % 2 == 1


def _measure(match: re.Match[str], ctx: Context) -> str | None:
    unit, value = match["unit"], match["n2"]
    temperature = unit in {"C", "F"} and not value.startswith(QUANTITY)
    if temperature and (float(value.replace(",", "")) > 150 or match["space"]):
        return None  # "500 C" is not a temperature; "20C" and "-5C" are
    if unit == '"' and _closes_quotation(match):
        return None
    said = ctx.amount(value)
    if match["neg"]:
        said = f"minus {said}"
    magnitude = _magnitude(match) if unit in {"m", "k", "K"} else None
    if magnitude is not None:
        said = f"{said} {magnitude}"
    elif unit in {"k", "K"}:
        said += " K"
    else:
        said += " " + _unit_words(unit, value, match, ctx.dialect)
    if match["n1"]:
        said = f"{ctx.amount(match['n1'])} to {said}"
    return f"{match['article']}{said}" if match["article"] else said


def _unit_words(unit: str, value: str, match: re.Match[str], dialect: Dialect) -> str:
    one, many = _UNITS_SAID[unit]
    # "a 5km run" is "a five-kilometre run" as "a 10-mile walk" is; so is
    # "the 60m hurdles"
    attributive = (
        bool(match["article"])
        or match["joint"] == "-"
        or (match["next"] or "").lower() in _METRE_NOUNS
    )
    single = attributive or (not match["n1"] and value.replace(",", "") in {"1", "1.0"})
    return _dialect_spelling(one if single else many, dialect)


def _per(match: re.Match[str], ctx: Context) -> str:
    said = ctx.marked.unmark(match["amount"])
    one, _ = _UNITS_SAID.get(match["per"], (_PER.get(match["per"], match["per"]), ""))
    return f"{said} per {_dialect_spelling(one, ctx.dialect)}"


_FRACTIONS = {"½": (1, 2), "⅓": (1, 3), "⅔": (2, 3), "¼": (1, 4), "¾": (3, 4), "⅛": (1, 8)}
# Written like fractions, said as names.
_SET_PHRASES = {
    "24/7": "twenty-four seven",
    "9/11": "nine eleven",
    "7/7": "seven seven",
    "50/50": "fifty-fifty",
}


def _fraction(match: re.Match[str], ctx: Context) -> str | None:
    written = match.group()
    if written in _SET_PHRASES:
        return _SET_PHRASES[written]
    if match["glyph"]:
        top, bottom = _FRACTIONS[match["glyph"]]
    else:
        top, bottom = int(match["num"]), int(match["den"])
    if bottom == 0 or top > 99_999 or bottom > 99_999:
        return None
    said = fraction(top, bottom, ctx.dialect)
    if match["whole"] is None:
        return said
    whole = cardinal(int(match["whole"]), ctx.dialect)
    # "four and a half", "three and five halves"
    return f"{whole} and a {said.split(' ', 1)[1]}" if top == 1 else f"{whole} and {said}"


# A football score rather than a range when a word like these is near.
_SCORE_WORDS = frozenset(
    words(
        """
        won win wins winning beat beats beaten beating lost lose loses losing drew draw
        draws drawn defeat defeated defeats victory victories lead leads led leading trail
        trailed trailing score scored scores scoreline thrashed thrashing edged match game
        final derby v vs versus against goal goals penalties half-time full-time set sets
        """
    )
)
_WORD = re.compile(r"[A-Za-z][A-Za-z-]*")


def _score_or_range(match: re.Match[str], ctx: Context) -> str | None:
    window = match.string[max(0, match.start() - 60) : match.end() + 60]
    first, second = match["a"], match["b"]
    if any(w.lower() in _SCORE_WORDS for w in _WORD.findall(window)):
        said = [cardinal(int(n), ctx.dialect) for n in (first, second)]
        if ctx.dialect is Dialect.UK:
            said = ["nil" if n == "0" else s for n, s in zip((first, second), said, strict=True)]
            if first == second and first != "0":
                return f"{said[0]}-all"
        return f"{said[0]}-{said[1]}"
    return None


def _range(match: re.Match[str], ctx: Context) -> str | None:
    low, high = match["a"], match["b"]
    if not (low.startswith(QUANTITY) or high.startswith(QUANTITY)):
        # A range runs upwards between numbers of a size: "978-0" and "1-8090"
        # are codes, read with their dash.
        low_value, high_value = (float(n.replace(",", "")) for n in (low, high))
        if high_value < low_value or high_value > 100 * max(low_value, 1):
            return None
    return f"{ctx.amount(low)} to {ctx.amount(high)}"


def _percent_or_degrees(match: re.Match[str], ctx: Context) -> str:
    said = ctx.amount(match["n2"])
    if match["neg"]:
        said = f"minus {said}"
    words = _UNITS_SAID[match["unit"]][1 if match["n2"] not in {"1"} else 0]
    if match["n1"]:
        said = f"{ctx.amount(match['n1'])} to {said}"
    return f"{said} {words}"


_SUFFIXES = {1: "st", 2: "nd", 3: "rd"}


def _ordinal(match: re.Match[str], ctx: Context) -> str | None:
    value = int(match["n"].replace(",", ""))
    expected = "th" if value % 100 in {11, 12, 13} else _SUFFIXES.get(value % 10, "th")
    if match["suffix"].lower() != expected:
        return None  # "2th" is read as it is written, "two th"
    return ordinal(value, ctx.dialect)


_OPERATORS = {
    "-": "minus",
    "−": "minus",
    "+": "plus",
    "=": "equals",
    "×": "times",
    "÷": "divided by",
}


def _equation(match: re.Match[str], ctx: Context) -> str | None:
    written = match.group()
    if "=" not in written:
        return None
    said = []
    for piece in re.findall(r"[-−+=×÷]|[^\s\-−+=×÷]+", written):
        if piece in _OPERATORS:
            said.append(_OPERATORS[piece])
        elif re.fullmatch(NUMBER, piece):
            said.append(number(piece, ctx.dialect))
        else:
            said.append(ctx.marked.unmark(piece))
    return " ".join(said)


_OPERAND = r"(?:[A-Za-z]{1,3}|\d{1,12}(?:\.\d{1,12})?)"
_Q = mark_pattern(QUANTITY)
_AMOUNT = rf"(?:{_Q}|{NUMBER})"
_COUNTRY = "|".join(sorted(_COUNTRIES, key=len, reverse=True))
_SYMBOL = "".join(c for c in _CURRENCIES if len(c) == 1)
_MAGNITUDE = "|".join(sorted(_MAGNITUDES, key=len, reverse=True))
_PER_UNIT = "|".join(sorted(_PER, key=len, reverse=True))
_NEXT_WORD = r"(?=\s?(?P<next>[A-Za-z][\w-]*)|)"

RULES: list[Rule] = [
    Rule(
        # $4.2bn, £60m, US$5 billion, €20, $0.99, $20/mo
        re.compile(
            rf"(?<![\w{_SYMBOL}])(?P<country>{_COUNTRY})?(?P<symbol>[{_SYMBOL}]|\bRs\.?)\s?"
            rf"(?P<amount>{NUMBER})(?:\s?(?P<magnitude>{_MAGNITUDE})(?!\w))?"
            rf"(?:\s?/\s?(?P<per>{_PER_UNIT})(?!\w))?"
        ),
        _money,
        QUANTITY,
    ),
    Rule(
        re.compile(r"(?<![\w.])(?P<amount>\d{1,6})p(?!\w)"),
        lambda m, c: f"{c.amount(m['amount'])} pence",
        QUANTITY,
    ),
    Rule(
        # 1/4, 31/32, 4 1/2, 2½, 1/4th
        re.compile(
            r"(?<![\w.,/])(?:(?P<whole>\d{1,6})(?:\s(?=\d{1,5}/)|\s?(?=[½⅓⅔¼¾⅛])))?"
            r"(?:(?P<num>\d{1,6})\s?/\s?(?P<den>\d{1,6})(?:th|TH|rd|RD|nd|ND|st|ST)?"
            r"|(?P<glyph>[½⅓⅔¼¾⅛]))(?![\w/]|[.,]\d)"
        ),
        _fraction,
        QUANTITY,
    ),
    Rule(
        re.compile(
            r"(?<![\w.,])(?P<n>\d{1,3}(?:,\d{3}){1,10}|\d{1,36})(?P<suffix>st|nd|rd|th|ST|ND|RD|TH)(?!\w)"
        ),
        _ordinal,
        QUANTITY,
    ),
    Rule(
        # 1-2=5, y=x +1
        re.compile(rf"(?<![\w.])(?:{_OPERAND}\s?[-−+=×÷]\s?){{1,8}}{_OPERAND}(?![\w.])"),
        _equation,
        WORDS,
    ),
    Rule(
        # 2x8 (m2), 4x4
        re.compile(rf"(?<![\w.])(?P<a>{_AMOUNT})\s?[x×]\s?(?P<b>{_AMOUNT})(?![\w.])"),
        lambda m, c: f"{c.amount(m['a'])} by {c.amount(m['b'])}",
        QUANTITY,
    ),
    Rule(
        # 5 ft 10 in, 6'2"
        re.compile(
            r"(?<![\w.,])(?P<feet>\d{1,2})\s?(?:ft|['’′])\s?(?P<inches>\d{1,2})\s?(?:in|[\"”″])(?!\w)"
        ),
        lambda m, c: (
            f"{cardinal(int(m['feet']), c.dialect)} {'foot' if m['feet'] == '1' else 'feet'} "
            f"{cardinal(int(m['inches']), c.dialect)} {'inch' if m['inches'] == '1' else 'inches'}"
        ),
        QUANTITY,
    ),
    Rule(
        re.compile(
            rf"(?<![\w.,])(?:(?P<n1>{_AMOUNT})\s?(?:-|–|to)\s?)?(?P<neg>[-−])?(?P<n2>{_AMOUNT})"
            r"\s?(?P<unit>%|°(?![CF]))"
        ),
        _percent_or_degrees,
        QUANTITY,
    ),
    Rule(
        # 5km, 2-5lb, 60m hurdles, 20C, a 10-mile walk, 1.5 kWh
        re.compile(
            rf"(?P<article>\b[Aa]n?\s)?(?<![\w.,])(?:(?P<n1>{_AMOUNT})\s?(?:-|–|to)\s?)?"
            rf"(?P<neg>(?<![\w.])[-−])?(?P<n2>{_AMOUNT})(?P<space>\s)?(?P<joint>-)?"
            rf"(?P<unit>{_UNIT})(?![\w°]){_NEXT_WORD}"
        ),
        _measure,
        QUANTITY,
    ),
    Rule(
        # $20/mo, 12kg/kg
        re.compile(rf"(?P<amount>{_Q})\s?/\s?(?P<per>{_UNIT}|{_PER_UNIT})(?!\w)"),
        _per,
        QUANTITY,
    ),
    Rule(
        # 3bn years, 0.1 billion (no currency)
        re.compile(
            rf"(?<![\w.,])(?P<n>{NUMBER})\s?(?P<magnitude>bn|mn|tn|mln|M|B)(?!\w){_NEXT_WORD}"
        ),
        _bare_magnitude,
        QUANTITY,
    ),
    Rule(
        # won 2-1, a 3-0 defeat
        re.compile(r"(?<![\w.,/:-])(?P<a>\d{1,2})\s?[-–]\s?(?P<b>\d{1,2})(?![\w/:-]|[.,]\d)"),
        _score_or_range,
        QUANTITY,
    ),
    Rule(
        # 1980-1986, $250-$300, 5pm-7 pm, 1960s-1980s, pages 10-20
        re.compile(rf"(?<![\w.,/-])(?P<a>{_AMOUNT})\s?[-–]\s?(?P<b>{_AMOUNT})(?![\w/-]|[.,]\d)"),
        _range,
        QUANTITY,
    ),
]
