"""Web addresses, e-mail addresses, telephone numbers and IP addresses.

These are read symbol by symbol, as someone dictating them would: "bbc dot
co dot uk slash news", "jane dot doe at example dot org". Telephone numbers
are read digit by digit in their groups, with a pause between groups.

Every pattern here is bounded (each repeat has a maximum), so that matching
stays linear in the length of the text whatever the text is: an unbounded
``[\\w.+-]+@`` took 24 s on one 60,000-character word.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from access_api.speech._normalise._marked import WORDS
from access_api.speech._normalise._numbers import Dialect, cardinal, digits, ordinal, words
from access_api.speech._normalise._rules import Rule

if TYPE_CHECKING:
    from access_api.speech._normalise._rules import Context

__all__ = ["RULES"]

_SYMBOLS = {
    ".": "dot",
    "/": "slash",
    "-": "dash",
    "_": "underscore",
    ":": "colon",
    "@": "at",
    "?": "question mark",
    "=": "equals",
    "&": "and",
    "#": "hash",
    "~": "tilde",
    "+": "plus",
    "%": "percent",
}
_PIECE = re.compile(r"[A-Za-z]+|\d+|[^A-Za-z\d]")
_VOWEL = re.compile("[aeiouyAEIOUY]")


def _letters(word: str) -> str:
    # Short pieces and pieces with no vowel are spelt ("uk", "dgx", "www");
    # the rest are read as words ("news", "example").
    return word.upper() if len(word) <= 2 or not _VOWEL.search(word) else word


def dictated(text: str) -> str:
    """An address as dictated: symbols named, numbers of up to four digits said whole."""
    said: list[str] = []
    for piece in _PIECE.findall(text):
        if piece.isdigit():
            said.append(
                cardinal(int(piece)) if len(piece) <= 4 and piece[0] != "0" else digits(piece)
            )
        elif piece.isalpha():
            said.append(_letters(piece))
        elif piece in _SYMBOLS:
            said.append(_SYMBOLS[piece])
    return " ".join(said)


def _link(match: re.Match[str], _ctx: Context) -> str:
    return dictated(match.group())


_HYPHENATED = re.compile(r"\d{1,2}-\d{3}-\d{3}-\d{4}|\d{3}-\d{2,3}-\d{4}(?:-\d{1,4})?")


_TLDS = (
    "com|org|net|edu|gov|info|io|co|uk|us|eu|de|fr|it|es|nl|ie|au|ca|nz|in|jp|cn|ru|ch|se|"
    "no|dk|fi|be|at|pl|pt|br|za|sm|ai|tv|me|news|app|dev|biz"
)
_KNOWN_TLD = re.compile(rf"(?i:{_TLDS})")


def _domain(match: re.Match[str], ctx: Context) -> str | None:
    labels = match.group().split("/", 1)[0].split(".")
    if not re.search("[A-Za-z]", labels[0]):
        return None
    if not _KNOWN_TLD.fullmatch(labels[-1]) and min(len(label) for label in labels) < 2:
        return None  # "p.m.est" is a time and a zone, not a name
    return _link(match, ctx)


def _telephone(match: re.Match[str], ctx: Context) -> str | None:
    """A run of digit groups, read as a telephone number when it looks like one."""
    written = match.group()
    groups = re.findall(r"\d+", written)
    if not 7 <= sum(len(g) for g in groups) <= 15:
        return None
    # "+44 20...", "(555) 555-5555", "020 7946 0018", "0800 123 4567", "07700900123",
    # and the American 123-123-5678 (or a social security number's 111-11-1111).
    international = written.startswith(("+", "("))
    trunk = groups[0].startswith("0") and len(groups[0]) >= 3
    if not (international or trunk or _HYPHENATED.fullmatch(written)):
        return None
    said = [_phone_group(g, ctx.dialect) for g in groups]
    if written.startswith("+"):
        said[0] = f"plus {said[0]}"
    return ", ".join(said)


def _phone_group(group: str, dialect: Dialect) -> str:
    # Free and premium-rate prefixes are said as hundreds: "eight hundred",
    # "oh eight hundred".
    if re.fullmatch(r"0?[1-9]00", group):
        head = ("oh " if dialect is Dialect.UK else "zero ") if group.startswith("0") else ""
        return f"{head}{cardinal(int(group))}"
    return digits(group)


_LABEL = r"[A-Za-z\d](?:[A-Za-z\d-]{0,61}[A-Za-z\d])?"

_STATES = dict(
    pair.split("=")
    for pair in words(
        """
        AL=Alabama AK=Alaska AZ=Arizona AR=Arkansas CA=California CO=Colorado CT=Connecticut
        DE=Delaware FL=Florida GA=Georgia HI=Hawaii ID=Idaho IL=Illinois IN=Indiana IA=Iowa
        KS=Kansas KY=Kentucky LA=Louisiana ME=Maine MD=Maryland MA=Massachusetts MI=Michigan
        MN=Minnesota MS=Mississippi MO=Missouri MT=Montana NE=Nebraska NV=Nevada
        NH=New_Hampshire NJ=New_Jersey NM=New_Mexico NY=New_York NC=North_Carolina
        ND=North_Dakota OH=Ohio OK=Oklahoma OR=Oregon PA=Pennsylvania RI=Rhode_Island
        SC=South_Carolina SD=South_Dakota TN=Tennessee TX=Texas UT=Utah VT=Vermont
        VA=Virginia WA=Washington WV=West_Virginia WI=Wisconsin WY=Wyoming DC=DC
        """
    )
)
_DIRECTIONS = {
    "N": "North",
    "S": "South",
    "E": "East",
    "W": "West",
    "NE": "North East",
    "NW": "North West",
    "SE": "South East",
    "SW": "South West",
}
_STREET_TYPES = {
    "St": "Street",
    "Ave": "Avenue",
    "Rd": "Road",
    "Blvd": "Boulevard",
    "Ln": "Lane",
    "Ct": "Court",
    "Dr": "Drive",
    "Pl": "Place",
    "Sq": "Square",
    "Ter": "Terrace",
    "Expy": "Expressway",
    "Pkwy": "Parkway",
    "Hwy": "Highway",
}
"""Abbreviations of street types, and what they stand for."""
_STREET_WORDS = (
    "Street|Avenue|Road|Lane|Drive|Court|Boulevard|Place|Square|Way|Close|Crescent|Terrace"
)


def _house_number(written: str) -> str:
    # Said in pairs, as Americans say house numbers: "twenty-seven eighty-eight",
    # "one twenty-three", "seven zero eight".
    if len(written) == 4 and written[1] != "0":
        tail = "hundred" if written[2:] == "00" else cardinal(int(written[2:]))
        return f"{cardinal(int(written[:2]))} {tail}"
    if len(written) == 3 and written[1:] != "00":
        tail = digits(written[1:]) if written[1] == "0" else cardinal(int(written[1:]))
        return f"{cardinal(int(written[0]))} {tail}"
    return cardinal(int(written))


def _street_address(match: re.Match[str], ctx: Context) -> str:
    said = [_house_number(match["house"])]
    if match["direction"]:
        said.append(_DIRECTIONS[match["direction"]])
    said.append(_ORDINAL_IN_NAME.sub(lambda m: ordinal(int(m[1]), ctx.dialect), match["street"]))
    kind = match["kind"].rstrip(".")
    said.append(_STREET_TYPES.get(kind.title(), kind))
    spoken = " ".join(said)
    if match["city"]:
        spoken += f", {match['city']}"
    if match["state"]:
        spoken += f", {_STATES[match['state']].replace('_', ' ')}"
    if match["zip"]:
        spoken += f" {digits(match['zip'])}"
    return spoken


_ORDINAL_STREET = r"\d{1,3}(?:st|nd|rd|th)"
_ORDINAL_IN_NAME = re.compile(r"(\d{1,3})(?:st|nd|rd|th)")
_STREET_TYPE = "|".join(_STREET_TYPES) + "|" + "|".join(t.lower() for t in _STREET_TYPES)

RULES: list[Rule] = [
    Rule(
        # 2788 San Tomas Expy, Santa Clara, CA 95051; 708 N 1st St
        re.compile(
            r"(?<![\w.,$£€-])(?P<house>\d{1,5})\s(?:(?P<direction>[NSEW]|NE|NW|SE|SW)\s)?"
            rf"(?P<street>(?:[A-Z][a-z]{{1,20}}|{_ORDINAL_STREET})(?:\s[A-Z][a-z]{{1,20}}){{0,3}})\s"
            rf"(?P<kind>(?:{_STREET_TYPE})\b\.?|(?:{_STREET_WORDS})\b)"
            r"(?:,\s(?P<city>[A-Z][a-z]{1,20}(?:\s[A-Z][a-z]{1,20}){0,2})(?=,\s[A-Z]{2}\b|\W|$))?"
            rf"(?:,\s(?P<state>{'|'.join(_STATES)})\b(?:\s(?P<zip>\d{{5}}))?)?"
        ),
        _street_address,
        WORDS,
    ),
    Rule(
        # jane.doe@example.org: the part before @ starts at a word's start (or
        # after a dot), so a long word is tried once, not from each letter.
        re.compile(
            rf"(?<![\w+-])\w[\w.+-]{{0,63}}@{_LABEL}(?:\.{_LABEL}){{1,8}}"
            r"(?:/[\w./?=&%#~+-]{0,200}[\w/])?"
        ),
        _link,
        WORDS,
    ),
    Rule(
        re.compile(
            r"(?<![\w/])(?:https?://|www\.)[^\s<>\"'()]{1,300}[^\s<>\"'()\].,;:!?]", re.IGNORECASE
        ),
        _link,
        WORDS,
    ),
    Rule(
        # nvidia.com, bbc.co.uk/news, test2.uk, node.js: a name ending in a known
        # domain, or in a lower-case one ("end.Next" is a missing space)
        re.compile(
            rf"(?<![\w.@/-]){_LABEL}(?:\.{_LABEL}){{0,6}}\.(?:(?i:{_TLDS})|[a-z]{{2,10}})(?![\w@-])"
            r"(?:/[\w./?=&%#~+-]{0,200}[\w/])?"
        ),
        _domain,
        WORDS,
    ),
    Rule(
        re.compile(r"(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w]|\.\d)"),
        lambda m, _c: " dot ".join(digits(part) for part in m.group().split(".")),
        WORDS,
    ),
    Rule(
        # +44 20 7946 0018, +44 (0)20 7946 0018, (555) 555-5555, 0800 123 4567, 123-123-5678
        re.compile(
            r"(?<![\w.+-])(?:\+\s?)?(?:\(\d{1,5}\)\s?)?\d{1,11}"
            r"(?:(?:[ .-]?\(\d{1,5}\)[ ]?|[ .-])\d{1,11}){0,5}(?!\w|[.-]\d)"
        ),
        _telephone,
        WORDS,
    ),
]
