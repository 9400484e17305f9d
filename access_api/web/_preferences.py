"""The reading settings: text size, spacing, font and colours, kept in a cookie.

The settings page is a plain form: it posts here, the answer sets a cookie,
and every page applies the cookie's choices on its ``<html>`` element as it is
made, so they work without JavaScript and never flash. With JavaScript the
form also applies a change at once and saves it without leaving the page.

Each setting is data (:data:`PREFERENCES`): the settings page, the cookie and
the CSS (``:root[data-NAME="VALUE"]``) all follow the same table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["COOKIE", "PREFERENCES", "Preference", "chosen", "from_form", "to_cookie"]

COOKIE = "access_api_settings"
"""The cookie the reader's settings are kept in, as ``size=150&font=lexend``."""


@dataclass(frozen=True, slots=True)
class Preference:
    """One reading setting and its choices; the first choice is the usual one."""

    name: str
    legend: str
    choices: tuple[tuple[str, str], ...]
    """``(value, label)`` pairs."""
    inline: bool = True
    """Short labels, shown side by side."""

    @property
    def usual(self) -> str:
        return self.choices[0][0]


_SPACING = (("normal", "Normal"), ("wide", "Wide"), ("wider", "Wider"))

PREFERENCES: tuple[Preference, ...] = (
    Preference(
        "size",
        "Text size",
        (("100", "Normal"), ("125", "Large"), ("150", "Larger"), ("200", "Largest")),
    ),
    Preference("lines", "Space between lines", _SPACING),
    Preference("letters", "Space between letters", _SPACING),
    Preference("words", "Space between words", _SPACING),
    Preference(
        "font",
        "Font",
        (
            ("default", "The usual font of this device"),
            ("atkinson", "Atkinson Hyperlegible: letters that are hard to mistake for each other"),
            ("lexend", "Lexend: wide letters and spacing, made to make reading easier"),
            ("opendyslexic", "OpenDyslexic: heavy letters, made for readers with dyslexia"),
        ),
        inline=False,
    ),
    Preference(
        "theme",
        "Colours",
        (
            ("auto", "Same as my device"),
            ("light", "Light"),
            ("dark", "Dark"),
            ("contrast", "High contrast"),
        ),
        inline=False,
    ),
)
"""Every reading setting, in the order the settings page shows them."""

_BY_NAME = {p.name: p for p in PREFERENCES}


def _valid(name: str, value: str) -> bool:
    preference = _BY_NAME.get(name)
    return preference is not None and value in {v for v, _ in preference.choices}


def chosen(cookie: str | None) -> dict[str, str]:
    """The settings a cookie holds that differ from the usual ones; unknown ones are dropped.

    >>> chosen("size=150&font=lexend&theme=auto&colour=red")
    {'size': '150', 'font': 'lexend'}
    """
    found = dict(parse_qsl(cookie or "", max_num_fields=len(PREFERENCES) * 2))
    return {
        p.name: found[p.name]
        for p in PREFERENCES
        if p.name in found and _valid(p.name, found[p.name]) and found[p.name] != p.usual
    }


def from_form(form: Mapping[str, object]) -> dict[str, str]:
    """The settings a posted form chose, as :func:`chosen` keeps them."""
    return chosen(urlencode({p.name: str(form.get(p.name) or "") for p in PREFERENCES}))


def to_cookie(settings: Mapping[str, str]) -> str:
    """The cookie's value for some settings (from :func:`chosen` or :func:`from_form`)."""
    return urlencode(dict(settings))
