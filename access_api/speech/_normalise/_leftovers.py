"""What is left once the other rules have run: numbers, codes, ordinals, signs.

Every digit still in the text is said here, so no engine is left to guess
(eSpeak and Piper read "13000" and "1,000th" differently, and both badly).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from access_api.speech._normalise._amounts import NUMBER
from access_api.speech._normalise._marked import QUANTITY, WORDS
from access_api.speech._normalise._numbers import cardinal, digits, number
from access_api.speech._normalise._rules import Rule

if TYPE_CHECKING:
    from access_api.speech._normalise._rules import Context

__all__ = ["RULES"]


def _code_number(run: str, *, in_pairs: bool = True) -> str:
    """Digits inside a code or a model name: "A380" is "A three eighty", "B2" "B two"."""
    if run.startswith("0") and len(run) > 1:
        return digits(run)
    if not in_pairs:
        return cardinal(int(run)) if len(run) <= 6 else digits(run)
    if len(run) == 3 and run[1:] != "00":
        return f"{cardinal(int(run[0]))} {_pair(run[1:])}"
    if len(run) == 4 and run[2:] != "00" and run[1] != "0":
        return f"{_pair(run[:2])} {_pair(run[2:])}"
    return cardinal(int(run)) if len(run) <= 6 else digits(run)


def _pair(two: str) -> str:
    return f"oh {cardinal(int(two))}" if two[0] == "0" else cardinal(int(two))


_RUN = re.compile(r"[A-Za-z]+|\d+")


def _code(match: re.Match[str], _ctx: Context) -> str:
    # A model name's digits after its letters are said in pairs ("A380",
    # "MH370"); a code's digits before letters or a dash as a number ("133-ABC").
    said = []
    written = match.group()
    for run in _RUN.finditer(written):
        text = run.group()
        if text.isdigit():
            after_letters = run.start() > 0 and written[run.start() - 1].isalpha()
            said.append(_code_number(text, in_pairs=after_letters))
        else:
            said.append(text)
    return " ".join(said)


def _product(match: re.Match[str], _ctx: Context) -> str:
    return f"{match['name']} {_code_number(match['n'])}"


_DIGIT_CUES = "ending in|ends in|PIN|pin|code|extension|ext\\.|account|card"
_SIGNS = {
    "&": "and",
    "+": "plus",
    "=": "equals",
    "%": "percent",
    "$": "dollar",
    "€": "euro",
    "£": "pound",
    "¥": "yen",
    "₩": "won",
    "#": "hash",
    "@": "at",
    "°": "degrees",
}
_SIGN = "[" + re.escape("".join(_SIGNS)) + "]"

RULES: list[Rule] = [
    Rule(re.compile(r"\b(?P<name>Xbox|Flight|flight)\s(?P<n>\d{3})\b"), _product, WORDS),
    Rule(
        # "card ending in 8876", "PIN 1234": digits read one by one
        re.compile(rf"(?P<cue>\b(?:{_DIGIT_CUES})\s)(?P<n>\d{{4,12}})(?![\w,]|\.\d)"),
        lambda m, _c: f"{m['cue']}{digits(m['n'])}",
        WORDS,
    ),
    Rule(re.compile(r"\b401\(k\)"), lambda _m, _c: "four oh one K", WORDS),
    Rule(
        # 4.4x, 3x faster
        re.compile(r"(?<![\w.])(?P<n>\d{1,6}(?:\.\d{1,6})?)x(?!\w)"),
        lambda m, c: f"{number(m['n'], c.dialect)} times",
        QUANTITY,
    ),
    Rule(
        # B2A23C, A380, covid-19, 3D, MH370, 2th
        re.compile(
            r"(?<![A-Za-z\d.,])(?:[A-Za-z]{1,20}-?\d{1,12}|\d{1,12}-?[A-Za-z]{1,20})"
            r"(?:-?[A-Za-z\d]{1,20}){0,8}(?![A-Za-z\d]|[.,]\d)"
        ),
        _code,
        WORDS,
    ),
    Rule(
        # -2, 13,000, 3.14, .25
        re.compile(rf"(?:(?<![\w.)\-−])(?P<neg>[-−]))?(?<![\w])(?P<n>{NUMBER})"),
        lambda m, c: ("minus " if m["neg"] else "") + number(m["n"], c.dialect),
        QUANTITY,
    ),
    # Any digit still left, wherever it stands ("VIII1"): said, never left to the engine.
    Rule(re.compile(r"\d{1,40}"), lambda m, c: number(m.group(), c.dialect), QUANTITY),
    # "upgrade / update", but not "and/or" or "31/31/100"
    Rule(re.compile(r"(?:(?<=\s)|^)/"), lambda _m, _c: " slash ", WORDS),
    Rule(re.compile(_SIGN), lambda m, _c: f" {_SIGNS[m.group()]} ", WORDS),
]
