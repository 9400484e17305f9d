"""What every rule is: a pattern, what to say for a match, and the kind of mark it leaves."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from access_api.speech._normalise._marked import QUANTITY
from access_api.speech._normalise._numbers import number

if TYPE_CHECKING:
    import re
    from collections.abc import Callable

    from access_api.speech._normalise._marked import Marked
    from access_api.speech._normalise._numbers import Dialect

__all__ = ["Context", "Rule"]


@dataclass(frozen=True, slots=True)
class Context:
    """What a rule knows besides its match: the dialect, and the words of earlier marks."""

    dialect: Dialect
    marked: Marked

    def amount(self, written: str) -> str:
        """A written number, or a mark an earlier rule left for one, as words."""
        if written.startswith(QUANTITY):
            return self.marked.unmark(written)
        return number(written, self.dialect)


class Rule(NamedTuple):
    """One rule of the normaliser."""

    pattern: re.Pattern[str]
    speak: Callable[[re.Match[str], Context], str | None]
    """The words for a match, or None to leave it to later rules."""
    kind: str
    """The kind of mark its words leave (see :mod:`._marked`)."""
