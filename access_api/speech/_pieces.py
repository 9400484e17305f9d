"""What one engine call is given: a piece of a sentence, at most :data:`MAX_PIECE_CHARS` long.

An engine's work and memory grow with what it speaks at once: Piper took
3.6 GB for a 16,000-character word, and the kernel ended the server on a
40,000-character one. So no engine call is given more than
:data:`MAX_PIECE_CHARS` characters, for every engine: a longer sentence is
cut at its clause ends (commas, semicolons, dashes), else between words, and
its pieces are spoken one after the other (see
:func:`access_api.speech.synthesise`, which keeps one caption for the whole
sentence).

A run of more than :data:`~access_api.speech._prepare.LONGEST_TOKEN`
characters without a space is no word, link or number: spelling it out would
take an hour of nonsense. :func:`without_unreadable_runs` takes such runs out
before the text is cut, and says how long the longest was, so that a job left
with nothing to say can tell its reader why.
"""

from __future__ import annotations

import re

from access_api.speech._prepare import LONGEST_TOKEN

__all__ = ["MAX_PIECE_CHARS", "pieces", "without_unreadable_runs"]

MAX_PIECE_CHARS = LONGEST_TOKEN
"""The most characters one engine call is given; every readable word fits in one."""

_UNREADABLE = re.compile(rf"\S{{{LONGEST_TOKEN + 1},}}")
# A piece is cut after a clause's punctuation, else between words; Piper's
# phonemes (``[[ ... ]]``, from the pronunciation list) are never cut.
_TOKEN = re.compile(r"\[\[[^\[\]]{0,400}\]\]|\S+")
_CLAUSE_END = re.compile(r"[,;:—–.!?)]$")
_SPACES = re.compile(r"\s+")


def without_unreadable_runs(text: str) -> tuple[str, int]:
    """The text without its runs of more than ``LONGEST_TOKEN`` characters without a space.

    >>> without_unreadable_runs("See " + "x" * 500 + " here.")
    ('See here.', 500)

    Returns:
        The text left, and the length of the longest run taken out (0 if none).
    """
    longest = 0

    def drop(match: re.Match[str]) -> str:
        nonlocal longest
        longest = max(longest, len(match.group()))
        return " "

    kept = _SPACES.sub(" ", _UNREADABLE.sub(drop, text)).strip()
    return kept, longest


def pieces(text: str, limit: int = MAX_PIECE_CHARS) -> list[str]:
    """Cut a sentence into pieces of at most ``limit`` characters, each spoken at once.

    A sentence that fits is one piece. A longer one is cut at the last clause
    end that keeps a piece within the limit, else at the last space; a single
    token longer than the limit (none is, once :func:`without_unreadable_runs`
    has run) is cut inside.

    >>> pieces("One, two, three.", limit=10)
    ['One, two,', 'three.']
    """
    if len(text) <= limit:
        return [text] if text else []
    tokens: list[str] = []
    for token in _TOKEN.findall(text):
        tokens += [token[i : i + limit] for i in range(0, len(token), limit)]
    cut: list[str] = []
    current: list[str] = []
    for token in tokens:
        while current and len(" ".join([*current, token])) > limit:
            ends = [i + 1 for i, t in enumerate(current) if _CLAUSE_END.search(t)]
            keep = ends[-1] if ends else len(current)
            cut.append(" ".join(current[:keep]))
            current = current[keep:]
        current.append(token)
    if current:
        cut.append(" ".join(current))
    return cut
