"""Names and shorthand: titles, abbreviations, Roman numerals, initialisms, symbols.

A Roman numeral after a name is an ordinal with "the" ("Henry VIII" is
"Henry the Eighth"); after a word that numbers things it is a cardinal ("World
War II", "Part IV", "Super Bowl LVII"). A lone "I", "V" or "X" is a numeral only
after a name that is known to be a monarch's or a pope's, since "Malcolm X" and
"Sam and I" are not numbers.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from access_api.speech._normalise._marked import WORDS
from access_api.speech._normalise._numbers import cardinal, ordinal, words
from access_api.speech._normalise._rules import Rule

if TYPE_CHECKING:
    from access_api.speech._normalise._rules import Context

__all__ = ["RULES"]

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_ROMAN = re.compile(r"(?:L?X{0,3}|XL|XC)(?:IX|IV|V?I{0,3})")
# Words after which a numeral counts: "World War II", "Part IV", "Super Bowl LVII".
_COUNTING_WORDS = frozenset(
    words(
        """
        War Part Chapter Act Book Volume Vol Phase Type Class Grade Stage Level Episode
        Series Season Schedule Title Article Section Mark Mk Bowl Apollo Gemini Vatican
        Round Tier Category Division League Formula
        """
    )
)
# Monarchs' and popes' names, the only ones a lone I, V or X follows as a number.
_REGNAL = frozenset(
    words(
        """
        Elizabeth Charles James Mary Edward George William Henry Richard John Stephen Anne
        Victoria Louis Philip Peter Paul Catherine Alexander Nicholas Frederick Napoleon
        Pius Benedict Gregory Leo Innocent Clement Urban Boniface Alfonso Ferdinand Juan
        Carlos Felipe Harald Olav Haakon Gustaf Carl Margrethe Christian Frederik Willem
        Albert Baudouin Wilhelm Francis Ivan Constantine
        """
    )
)


def _roman_value(numeral: str) -> int:
    total = 0
    for value, following in zip(
        (_ROMAN_VALUES[c] for c in numeral),
        [*(_ROMAN_VALUES[c] for c in numeral[1:]), 0],
        strict=True,
    ):
        total += -value if value < following else value
    return total


def _roman(match: re.Match[str], ctx: Context) -> str | None:
    numeral, name = match["numeral"], match["name"]
    if not _ROMAN.fullmatch(numeral) or not 0 < _roman_value(numeral) < 90:
        return None
    value = _roman_value(numeral)
    if name in _COUNTING_WORDS:
        said = cardinal(value, ctx.dialect).capitalize()
        return f"{name} {said}"
    if len(numeral) == 1 and name not in _REGNAL:
        return None
    said = f"the {ordinal(value, ctx.dialect).capitalize()}"
    return f"{name} {said}{match['possessive'] or ''}"


_TITLES = {
    "Dr": "Doctor",
    "Mr": "Mister",
    "Mrs": "Missus",
    "Ms": "Miz",
    "Prof": "Professor",
    "Sgt": "Sergeant",
    "Capt": "Captain",
    "Lt": "Lieutenant",
    "Cllr": "Councillor",
    "Supt": "Superintendent",
    "Insp": "Inspector",
    "Rev": "Reverend",
    "St": "Saint",
    "Mt": "Mount",
    "Rt Hon": "Right Honourable",
    # These stand for a title only with their full stop ("Gen Z" is not a general).
    "Gen.": "General",
    "Col.": "Colonel",
    "Det.": "Detective",
    "Gov.": "Governor",
    "Sen.": "Senator",
    "Rep.": "Representative",
    "Fr.": "Father",
}
# After a name, the same letters are part of an address.
_STREETS = {
    "St": "Street",
    "Dr": "Drive",
    "Rd": "Road",
    "Ave": "Avenue",
    "Blvd": "Boulevard",
    "Ln": "Lane",
    "Ct": "Court",
    "Pl": "Place",
    "Sq": "Square",
    "Expy": "Expressway",
    "Pkwy": "Parkway",
    "Hwy": "Highway",
}
_ABBREVIATIONS = {
    "e.g.": "for example",
    "i.e.": "that is",
    "etc.": "et cetera",
    "approx.": "approximately",
    "a.k.a.": "also known as",
    "aka": "also known as",
    "vs.": "versus",
    "vs": "versus",
    "c.": "circa",
    "Jr.": "Junior",
    "Jr": "Junior",
    "Sr.": "Senior",
}


def _title(match: re.Match[str], _ctx: Context) -> str:
    title = match["title"]
    return f"{_TITLES.get(title) or _TITLES[title + '.']} "


def _initialism(match: re.Match[str], _ctx: Context) -> str:
    # "U.S." is said "US": engines spell a word in capitals letter by letter.
    return match.group().replace(".", "")


_TITLE = "|".join(re.escape(t) for t in sorted(_TITLES, key=len, reverse=True))
_STREET = "|".join(sorted(_STREETS, key=len, reverse=True))
_ABBREVIATION = "|".join(re.escape(a) for a in sorted(_ABBREVIATIONS, key=len, reverse=True))

RULES: list[Rule] = [
    Rule(
        re.compile(
            r"(?P<name>\b[A-Z][a-z]{1,20})\s(?P<numeral>[IVXL]{1,7})(?P<possessive>['’]s)?"
            r"(?![\w'’-])"
        ),
        _roman,
        WORDS,
    ),
    Rule(re.compile(r"\bWW(?:II|2)\b"), lambda _m, _c: "World War Two", WORDS),
    Rule(re.compile(r"\bWW(?:I|1)\b"), lambda _m, _c: "World War One", WORDS),
    # 1428 Elm St., Baker St, Mulholland Dr: a street after a capitalised name.
    Rule(
        re.compile(rf"\b(?P<name>[A-Z][a-z]{{1,20}})\s(?P<street>{_STREET})\b\.?(?!\s?[a-z])"),
        lambda m, _c: f"{m['name']} {_STREETS[m['street']]}",
        WORDS,
    ),
    # Dr Lee, St Paul's, Gen. Smith, Rt Hon: a title before a capitalised name.
    Rule(re.compile(rf"\b(?P<title>{_TITLE})\.?\s(?=[A-Z])"), _title, WORDS),
    Rule(
        re.compile(rf"(?<![\w.])(?:{_ABBREVIATION})(?!\w)"),
        lambda m, _c: _ABBREVIATIONS[m.group()],
        WORDS,
    ),
    # No 10, No. 1, Nos 3 and 4, #5
    Rule(re.compile(r"\b(?:No\.?|no\.)\s?(?=\d)"), lambda _m, _c: "number ", WORDS),
    Rule(re.compile(r"\bNos\.?\s?(?=\d)"), lambda _m, _c: "numbers ", WORDS),
    Rule(re.compile(r"(?<![\w&])#(?=\d)"), lambda _m, _c: "number ", WORDS),
    # Arsenal v Chelsea
    Rule(re.compile(r"(?<=[A-Za-z]\s)v\.?(?=\s[A-Z])"), lambda _m, _c: "versus", WORDS),
    # U.S., U.K.: initials with full stops
    Rule(re.compile(r"(?<![\w.])(?:[A-Z]\.){2,6}(?!\w)"), _initialism, WORDS),
]
