"""Text with spans already spoken: a rule's words are marked so later rules never read them.

Each rule of the normaliser turns what it recognises into words. Were those
words put back into the text, later rules could misread them ("the 26th May"
becoming "the the twenty-sixth of May" is one such bug), so a rule's words go
into a table and the text keeps a *mark* in their place: characters from
Unicode's private use area that no pattern matches. :meth:`Marked.spoken`
puts the words back once every rule has run.

A mark is the marker of its kind, the table index in private-use digits, then
an end: ``KIND DIGITS END``. Rules that join spoken pieces (a range "5-10%",
"$250-$300") look for the quantity kind.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

__all__ = ["QUANTITY", "WORDS", "Marked", "mark_pattern"]

QUANTITY = "\ue001"
"""Kind of a mark that says an amount: a number, money, a measure, a time, a year."""
WORDS = "\ue002"
"""Kind of a mark that says anything else: a date, a link, a name, kept text."""
_END = "\ue003"
_DIGIT_BASE = 0xE010
_ANY_MARK = re.compile(f"[{QUANTITY}{WORDS}]([\ue010-\ue019]{{1,12}}){_END}")
# Anything in the private use area that came with the text is dropped first,
# so that no input can forge a mark.
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def mark_pattern(kind: str) -> str:
    """A regular expression (source) that matches one mark of ``kind``."""
    return f"{kind}[\ue010-\ue019]{{1,12}}{_END}"


def _encode(index: int) -> str:
    return "".join(chr(_DIGIT_BASE + int(d)) for d in str(index))


def _decode(encoded: str) -> int:
    return int("".join(str(ord(c) - _DIGIT_BASE) for c in encoded))


class Marked:
    """A sentence being normalised: its text, and the spoken words of each mark in it."""

    def __init__(self, text: str) -> None:
        """Start from ``text``, which must hold no private-use characters."""
        self.text = text
        self._spoken: list[str] = []

    def mark(self, words: str, kind: str = WORDS) -> str:
        """Store ``words`` and return the mark that stands for them."""
        self._spoken.append(words)
        return f"{kind}{_encode(len(self._spoken) - 1)}{_END}"

    def sub(
        self,
        pattern: re.Pattern[str],
        speak: Callable[[re.Match[str]], str | None],
        kind: str = WORDS,
    ) -> None:
        """Replace each match of ``pattern`` by a mark of what ``speak`` says for it.

        ``speak`` returns None to leave a match as it is, for the later rules.
        """

        def replace(match: re.Match[str]) -> str:
            words = speak(match)
            return match.group() if words is None else self.mark(words, kind)

        self.text = pattern.sub(replace, self.text)

    def splice(self, spans: Sequence[tuple[int, int, str]], kind: str = WORDS) -> None:
        """Replace each ``(start, end, words)`` span of :attr:`text` by a mark of its words.

        The spans are in order and do not overlap.
        """
        pieces: list[str] = []
        done = 0
        for start, end, words in spans:
            pieces += [self.text[done:start], self.mark(words, kind)]
            done = end
        self.text = "".join([*pieces, self.text[done:]])

    def unmark(self, text: str) -> str:
        """``text`` (part of :attr:`text`) with its marks' words put back."""
        while True:
            expanded = _ANY_MARK.sub(self._words_of, text)
            if expanded == text:
                return text
            text = expanded

    def _words_of(self, match: re.Match[str]) -> str:
        words = self._spoken[_decode(match[1])]
        # "1.5M" is "one point five M", not "fiveM": a mark glued to a letter
        # or a digit is spaced from it.
        if match.string[match.start() - 1 : match.start()].isalnum():
            words = " " + words
        if match.string[match.end() : match.end() + 1].isalnum():
            words += " "
        return words

    def spoken(self) -> str:
        """The whole text with every mark's words put back."""
        return self.unmark(self.text)
