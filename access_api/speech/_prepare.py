"""Text prepared for listening: written shorthand turned into what a person says.

Engines read ``$4.2bn`` as "dollar four point two b n" and ``1,000th`` as
"one comma zeroth"; a person says "four point two billion dollars" and "one
thousandth". :func:`prepare_for_speech` runs the normaliser's rules (see
:mod:`access_api.speech._normalise`) over a sentence, after the publisher's
pronunciation list, so every number, date, amount, address and abbreviation
reaches the engine as words.

Hostile input stays cheap: every pattern has bounded repeats, and a token
longer than :data:`LONGEST_TOKEN` characters is passed on as it is, unread by
any rule, so the work grows linearly with the text.
"""

from __future__ import annotations

import re
from functools import partial
from typing import TYPE_CHECKING

from access_api.speech._normalise import PRIVATE_USE, RULES, Context, Dialect, Marked

if TYPE_CHECKING:
    from collections.abc import Callable

    from access_api.speech._pronunciations import Pronunciations

__all__ = ["LONGEST_TOKEN", "prepare_for_speech"]

LONGEST_TOKEN = 400
"""Longest run without spaces that the rules read; a longer one is no word, link or number."""
_LONG_TOKEN = re.compile(rf"\S{{{LONGEST_TOKEN + 1},}}")
_SPACES = re.compile(r"\s+")
# Markup such as <break/> is kept as written.
_MARKUP = re.compile(r"<[A-Za-z/][^<>\s]{0,60}(?:\s[^<>]{0,200})?>")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+(?=[,.;:!?](?:\s|$))")
# Piper reads [[ ... ]] as phonemes; only a pronunciation list may use it.
_PHONEME_BRACKETS = re.compile(r"\[\[|\]\]")


def prepare_for_speech(
    sentence: str,
    language: str = "en",
    pronunciations: Pronunciations | None = None,
    *,
    phonemes: bool = False,
) -> str:
    """Rewrite a sentence the way a person would read it aloud.

    >>> prepare_for_speech("Dr. Lee said the U.S. lost $4.2bn, up 12%.", "en-gb")
    'Doctor Lee said the US lost four point two billion dollars, up twelve percent.'

    Args:
        sentence: One sentence of clean text.
        language: The voice's language: ``en-us`` reads the American way
            (``01/07/98`` is January seventh), other English the British way;
            other languages get their spacing tidied only.
        pronunciations: The publisher's list of words and how to say them,
            applied before every other rule.
        phonemes: True when the engine takes phonemes (Piper): entries that
            give them are used; otherwise their respelling is.

    Returns:
        The sentence to give to a speech engine.
    """
    text = _SPACES.sub(" ", _PHONEME_BRACKETS.sub(" ", PRIVATE_USE.sub("", sentence))).strip()
    if language.lower().replace("_", "-").split("-")[0] != "en":
        return text
    marked = Marked(text)
    context = Context(dialect=Dialect.of(language), marked=marked)
    marked.sub(_LONG_TOKEN, lambda m: m.group())
    marked.sub(_MARKUP, lambda m: m.group())
    if pronunciations is not None:
        pronunciations.apply(marked, phonemes=phonemes)
    for rule in RULES:
        marked.sub(rule.pattern, partial(_call, rule.speak, context), rule.kind)
    spoken = _SPACES.sub(" ", marked.spoken()).strip()
    spoken = _SPACE_BEFORE_PUNCTUATION.sub("", spoken)
    if text.endswith(".") and not spoken.endswith((".", "!", "?")):
        # A full stop read as part of "etc." or "a.m." still ends the sentence.
        spoken += "."
    return spoken


def _call(
    speak: Callable[[re.Match[str], Context], str | None], context: Context, match: re.Match[str]
) -> str | None:
    return speak(match, context)
