"""Text normalisation for English news: written forms turned into the words a reader says.

Modules (all private; :mod:`access_api.speech._prepare` runs them in order):

    _marked     text whose spoken spans are marked, so no rule reads another's words
    _rules      Rule and Context, what every rule is made of
    _numbers    cardinals, ordinals, years, decimals, fractions, in UK or US style
    _addresses  links, e-mail, telephone numbers, IP addresses
    _dates      dates, times, years, decades, quarters
    _names      titles, abbreviations, Roman numerals, initialisms
    _amounts    money, percentages, measures, fractions, scores, ranges
    _leftovers  the digits and signs still left: codes, plain numbers, "&", "+"
"""

from __future__ import annotations

from access_api.speech._normalise import _addresses, _amounts, _dates, _leftovers, _names
from access_api.speech._normalise._marked import PRIVATE_USE, Marked
from access_api.speech._normalise._numbers import Dialect
from access_api.speech._normalise._rules import Context, Rule

__all__ = ["PRIVATE_USE", "RULES", "Context", "Dialect", "Marked", "Rule"]

RULES: tuple[Rule, ...] = (
    *_addresses.RULES,
    *_dates.RULES,
    *_names.RULES,
    *_amounts.RULES,
    *_leftovers.RULES,
)
"""Every rule, in the order they run: the most specific first."""
