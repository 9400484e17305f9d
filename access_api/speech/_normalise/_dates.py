"""Dates, times, years and decades.

A date is read in the order it is written: "26 May" is "the twenty-sixth of
May", "May 26" is "May twenty-sixth", in either dialect. Only an all-numeric
date needs the dialect: ``01/07/98`` is the first of July in Britain and
January seventh in the United States (unless one part is over 12).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from access_api.speech._normalise._marked import QUANTITY, WORDS
from access_api.speech._normalise._numbers import Dialect, cardinal, ordinal, words, year
from access_api.speech._normalise._rules import Rule

if TYPE_CHECKING:
    from access_api.speech._normalise._rules import Context

__all__ = ["RULES"]

_MONTHS = words(
    """
    January February March April May June July August September October November December
    """
)
_BY_PREFIX = {m[:3].lower(): m for m in _MONTHS}
# Month names are matched in any case ("26 may", "JAN 15"), abbreviations
# with or without their full stop.
_MONTH = (
    r"(?P<month>(?i:january|february|march|april|may|june|july|august|september|october"
    r"|november|december|(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?))(?![\w'’])"
)
# Lower-case words that are months only when a date around them says so.
_AMBIGUOUS = frozenset({"may", "march", "august", "mar"})
_SUFFIX = r"(?:st|nd|rd|th|ST|ND|RD|TH)"
_DAY = rf"(?P<day>[0-3]?\d){_SUFFIX}?"
_YEAR = r"(?P<year>\d{4}|['’]\d\d)"


def _month(written: str) -> str:
    return _BY_PREFIX[written[:3].lower()]


def _spoken_year(written: str, dialect: Dialect) -> str:
    """A year as written, four digits or an apostrophe and two ("'98"), as words."""
    digits = written.lstrip("'’")
    return year(int(digits), dialect) if len(digits) == 4 else cardinal(int(digits), dialect)


def _plausible(match: re.Match[str], *, strong: bool) -> bool:
    """A day of a month, and a month name that is one here, not the verb "may"."""
    day = match.groupdict().get("day")
    if day is not None and not 1 <= int(day) <= 31:
        return False
    written = match["month"].rstrip(".")
    return strong or not (written.islower() and written in _AMBIGUOUS)


def _day_month(match: re.Match[str], ctx: Context) -> str | None:
    dialect = ctx.dialect
    has_suffix = match["day"] != match["daytext"]
    if not _plausible(match, strong=bool(match["year"] or has_suffix or match["of"])):
        return None
    said = f"the {ordinal(int(match['day']), dialect)}"
    if match["first"]:
        said = f"the {ordinal(int(match['first']), dialect)} to {said}"
    said += f" of {_month(match['month'])}"
    if match["year"]:
        said += f" {_spoken_year(match['year'], dialect)}"
    return said


def _month_day(match: re.Match[str], ctx: Context) -> str | None:
    dialect = ctx.dialect
    if not _plausible(match, strong=bool(match["year"] or match["suffix"])):
        return None
    said = f"{_month(match['month'])} {ordinal(int(match['day']), dialect)}"
    if match["last"]:
        said += f" to {ordinal(int(match['last']), dialect)}"
    if match["year"]:
        said += f", {_spoken_year(match['year'], dialect)}"
    return said


def _month_year(match: re.Match[str], ctx: Context) -> str | None:
    dialect = ctx.dialect
    if not _plausible(match, strong=True):
        return None
    return f"{_month(match['month'])} {_spoken_year(match['year'], dialect)}"


def _said_date(
    day: int, month: int, written_year: str, dialect: Dialect, *, day_first: bool
) -> str | None:
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    the_year = _spoken_year(written_year if len(written_year) == 4 else f"'{written_year}", dialect)
    if day_first:
        return f"the {ordinal(day, dialect)} of {_MONTHS[month - 1]} {the_year}"
    return f"{_MONTHS[month - 1]} {ordinal(day, dialect)}, {the_year}"


def _numeric_date(match: re.Match[str], ctx: Context) -> str | None:
    if match["sep"] == "." and len(match["y"]) == 2:
        return None  # 1.5.10 is more likely a version than a date
    first, second = int(match["a"]), int(match["b"])
    month_first = (ctx.dialect is Dialect.US and first <= 12) or second > 12
    day, month = (second, first) if month_first else (first, second)
    # Said in the order it is written: 15-01-2020 is "the fifteenth of January".
    return _said_date(day, month, match["y"], ctx.dialect, day_first=not month_first)


def _year_first_date(match: re.Match[str], ctx: Context) -> str | None:
    return _said_date(
        int(match["d"]),
        int(match["m"]),
        match["y"],
        ctx.dialect,
        day_first=ctx.dialect is Dialect.UK,
    )


def _decade_words(written: str, dialect: Dialect) -> str:
    """``"1980"`` -> "nineteen eighties", ``"80"`` -> "eighties", ``"2000"`` -> "two thousands"."""
    said = year(int(written), dialect) if len(written) == 4 else cardinal(int(written), dialect)
    return said[:-1] + "ies" if said.endswith("y") else said + "s"


def _decade(match: re.Match[str], ctx: Context) -> str:
    dialect = ctx.dialect
    return _decade_words(match["decade"], dialect)


def _quarter(match: re.Match[str], ctx: Context) -> str:
    dialect = ctx.dialect
    said = f"the {ordinal(int(match['q']), dialect)} quarter"
    return f"{said} of {_spoken_year(match['y'], dialect)}" if match["y"] else said


def _minutes(written: str, dialect: Dialect) -> str:
    minutes = int(written)
    return f"oh {cardinal(minutes)}" if 0 < minutes < 10 else cardinal(minutes, dialect)


def _clock(match: re.Match[str], ctx: Context) -> str | None:
    dialect = ctx.dialect
    hour, minute = int(match["h"]), match["m"]
    half = match["half"]
    if hour > (12 if half else 24) or (minute is not None and int(minute) > 59):
        return None
    if match["s"] is not None:
        return _duration(match, ctx)
    said = cardinal(hour)
    if minute is not None and int(minute):
        said += f" {_minutes(minute, dialect)}"
    elif not half:
        said += " o'clock"
    if half:
        said += " AM" if half[0] in "aA" else " PM"
    if match["zone"]:
        said += " " + match["zone"].replace(".", "").upper()
    return said


def _duration(match: re.Match[str], ctx: Context) -> str:
    dialect = ctx.dialect
    parts = [(int(match["h"]), "hour"), (int(match["m"]), "minute"), (int(match["s"]), "second")]
    said = [f"{cardinal(n, dialect)} {unit}{'' if n == 1 else 's'}" for n, unit in parts]
    spoken = f"{said[0]} {said[1]} and {said[2]}"
    if match["half"]:
        spoken += " AM" if match["half"][0] in "aA" else " PM"
    if match["zone"]:
        spoken += " " + match["zone"].replace(".", "").upper()
    return spoken


# A word before a four-digit number that makes it a year whatever follows...
_YEAR_CUES = frozenset(
    words(
        """
        in since from by until till to before after of circa c. year summer spring autumn
        winter season early late mid born died and or
        """
    )
)
# ...and words after one that show it counts things ("1500 people").
_COUNTED = frozenset(
    words(
        """
        people men women children votes jobs homes cases deaths troops fans workers tonnes
        metres miles feet yards points runs words pages times years
        """
    )
)
_WORD_BEFORE = re.compile(r"([\w.]+)\s+$")


def _bare_year(match: re.Match[str], ctx: Context) -> str | None:
    dialect = ctx.dialect
    value = int(match["y"])
    if not 1100 <= value <= 2099:
        return None
    before = _WORD_BEFORE.search(match.string, max(0, match.start() - 12), match.start())
    cued = before is not None and before[1].lower() in _YEAR_CUES
    if not cued and (match["next"] or "").lower() in _COUNTED:
        return None
    return year(value, dialect)


_ZONE = r"(?P<zone>(?i:[ecmp][sd]t|gmt|bst|utc|cet|[ecmp]\.[sd]\.t\.?)(?!\w))"
_HALF = r"(?P<half>[aApP]\.?[mM]\.?)"

RULES: list[Rule] = [
    Rule(
        # 2024-03-12, 1998/2/30
        re.compile(r"(?<![\w.-])(?P<y>\d{4})([-/])(?P<m>[01]?\d)\2(?P<d>[0-3]?\d)(?![\w-]|\.\d)"),
        _year_first_date,
        WORDS,
    ),
    Rule(
        # 01/07/98, 15-01-2020, 15.01.2020
        re.compile(
            r"(?<![\w./-])(?P<a>[0-3]?\d)(?P<sep>[/.-])(?P<b>[0-3]?\d)(?P=sep)(?P<y>\d{4}|\d\d)(?![\w/-]|\.\d)"
        ),
        _numeric_date,
        WORDS,
    ),
    Rule(
        # 26 May, the 26th May 2024, 6-9 January, Saturday 26 May
        re.compile(
            r"(?:\b[Tt]he\s+)?"
            rf"(?<![\w.,-])(?:(?P<first>[0-3]?\d){_SUFFIX}?\s?[-–]\s?)?"
            rf"(?P<daytext>{_DAY})(?P<of>\s+of)?[\s-]+{_MONTH}(?:,?[\s-]+{_YEAR}(?![\w-]))?"
        ),
        _day_month,
        WORDS,
    ),
    Rule(
        # May 26, Jan. 15 2020, SEPT. 15, Jan-15-2020, January 6-9
        re.compile(
            rf"(?<![\w-]){_MONTH}[\s-]+(?P<day>[0-3]?\d)(?P<suffix>{_SUFFIX})?"
            rf"(?:\s?[-–]\s?(?P<last>[0-3]?\d){_SUFFIX}?)?(?![\w:]|[.,]\d)"
            rf"(?:,?[\s-]+{_YEAR}(?![\w-]))?"
        ),
        _month_day,
        WORDS,
    ),
    Rule(re.compile(rf"(?<![\w-]){_MONTH}\s+(?P<year>\d{{4}})(?![\w-])"), _month_year, WORDS),
    Rule(
        # the 1980s, the '80s, 1960s-1980s, his 50s
        re.compile(r"(?<![\w.,])['’]?(?P<decade>(?:1\d|20)?\d0)['’]?s(?![\w'])"),
        _decade,
        QUANTITY,
    ),
    Rule(re.compile(r"\b(?P<q>[1-4])Q(?P<y>\d\d)\b"), _quarter, WORDS),
    Rule(re.compile(r"\bQ(?P<q>[1-4])(?:\s+(?P<y>\d{4}))?\b"), _quarter, WORDS),
    Rule(
        # 10:30, 1:59 p.m. EST, 1.59pm, 14:10:30, 7pm
        re.compile(
            r"(?<![\w.:,])(?P<h>[0-2]?\d)(?=[:.][0-5]\d|\s?[aApP]\.?[mM])"
            r"(?:[:.](?P<m>[0-5]\d)(?::(?P<s>[0-5]\d))?(?![\d.:]\d))?"
            rf"(?:\s?{_HALF})?(?:\s?{_ZONE})?(?!\w)"
        ),
        lambda m, c: _clock(m, c) if m["half"] or ":" in m.group() else None,
        QUANTITY,
    ),
    Rule(
        # "in 1995", "1995 was" (but "1995 people" is a number)
        re.compile(r"(?<![\w.,$£€¥])(?P<y>\d{4})(?!\w|[.,]\d)(?=\s+(?P<next>[A-Za-z]+)|)"),
        _bare_year,
        QUANTITY,
    ),
]
