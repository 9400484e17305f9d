"""Deletion-only sentence compression, with a trace of what was dropped.

A compressed sentence is its source sentence with some spans deleted; nothing
is added and nothing moves, so its words are always a subsequence of the
source's words. The only other changes are cosmetic: spaces are tidied where a
span was cut out, the first letter is capitalised when the sentence's first
words were dropped, and a clause cut off at a semicolon or a conjunction
ends with the sentence's own final mark.

The spans a rule may delete, lightest first:

* ``light``: parentheses and brackets, asides between two dashes, leading
  connectives ("However, ", "And "), attribution tails (", Phillips said.",
  ", according to police.");
* ``heavy``: also appositives (", a member of Parliament,", ", 55,"),
  non-restrictive relative clauses (", who serves as ...,"), a trailing
  clause after a dash, and trailing elaborations (", with ...", ", including
  ...", ", leaving ...");
* ``strongest``: also an opening phrase before the subject ("During a
  parliamentary session, "), a leading attribution ("She disclosed that "),
  and, one version for each, a trailing clause from a conjunction or
  preposition onwards (" after ...", ", but ...", " who ..."), provided at
  least seven words are left before it and no appositive is left open.

Guards keep the main clause: no cut leaves an introductory phrase without the
clause it introduces, or a subject cut off from its verb by an open
appositive. A comma alone is never a place to cut.

A sentence made of independent clauses is also offered as its separate
clauses: split at a semicolon, or at a coordinating conjunction where what
follows starts like a subject and holds a verb ("..., and he was ...",
"..., but the court ruled ..."; without a comma, only before a subject
pronoun or after "but"); the conjunction is dropped. Short sentences are
what plain-language guidance asks for first, and a long lead sentence split
in two often gives an easier summary its news. No deletion ever cuts into a
quotation: a quotation is the speaker's words and stays whole, or goes whole
with the clause that holds it when another clause is offered on its own.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from access_api.text._model import Sentence

__all__ = ["Compressed", "compress", "quoted_spans"]


@dataclass(frozen=True, slots=True)
class Compressed:
    """One way of shortening a source sentence (or one of its clauses)."""

    source_index: int
    clause: int
    """Which clause of the source this is (see :func:`compress`); 0 when the whole sentence."""
    strength: int
    """0 untouched, 1 light, 2 heavy, 3 strongest (see the module's docs)."""
    text: str
    dropped: tuple[str, ...]
    """The deleted fragments, in order, trimmed of edge spaces and commas."""


# Leading words that only link a sentence to the one before it.
_CONNECTIVE = re.compile(
    r"^(?:(?:And|But|So|Yet|Or)\s+(?:then\s*,?\s*)?"
    r"|(?:However|Meanwhile|Moreover|Furthermore|Nevertheless|Nonetheless|Indeed|Also"
    r"|Still|Instead|Besides|Additionally|Likewise|Similarly|Consequently|Therefore|Thus"
    r"|In addition|In response|As a result|On the other hand|In fact|Of course|After all"
    r"|At the same time|For (?:his|her|their|its) part|In turn),\s+)"
)
_SPEECH = (
    r"(?:said|says|added|adds|explained|continued|insisted|claimed|told reporters|"
    r"told [A-Z][\w’'-]*(?: [A-Z][\w’'-]*){0,3}|wrote|warned|admitted|stated|noted)"
)
_SPEAKER = (
    r"(?:he|she|they|it|we|I|police|officials|authorities|experts|"
    r"(?:the|a|an|his|her|their)(?: [\w’'-]+){1,4}|"
    r"[A-Z][\w’'.-]*(?: [A-Z][\w’'.-]*){0,4})"
)
_WHEN = r"(?: (?:on \w+|yesterday|today|last \w+|this \w+|in a statement|at the time))?"
# ", Phillips said." / ", said Phillips." / ", according to police." at the end.
_ATTRIBUTION = re.compile(
    rf"(?:,\s+{_SPEAKER} {_SPEECH}{_WHEN}"
    rf"|,\s+{_SPEECH} {_SPEAKER}{_WHEN}"
    r"|,\s+according to [^,;:\"“”‘’]{2,80})"
    r"(?=[.!?]$)"
)
_PARENS = re.compile(r"\s*\([^()]{1,200}\)|\s*\[[^\[\]]{1,200}\]")

_PAIRED_DASH = re.compile(r"\s+([–—]|-{1,2})\s+[^–—]{2,160}?\s+\1(?=\s)")
_TRAILING_DASH = re.compile(r"\s+(?:[–—]|-{1,2})\s+[^–—]{2,200}(?=[.!?]$)")
_APPOSITIVE = re.compile(
    r"(?<=[A-Za-z\d’'])"
    r"(,\s+(?:\d{1,3}|(?:a|an|the|his|her|their|its|now|then|who|which|whose|where|aged)"
    r"\b[^,;:()\"“”]{1,120}?),)"
    r"(?=\s+(?!and\b|or\b|but\b|nor\b|then\b)[a-z])"
)
# No comma inside: ", who ..., expressed" is an appositive, not a tail.
_TRAILING_RELATIVE = re.compile(r",\s+(?:who|which|whose|where)\b[^,;:\"“”]{2,200}(?=[.!?]$)")
_TRAILING_ELABORATION = re.compile(
    r",\s+(?:with|including|leaving|prompting|bringing|making|sparking|causing|forcing|"
    r"as well as|in what|in a move)\b[^;:\"“”]{2,200}(?=[.!?]$)"
)


# A capitalised word after the first in an opening phrase is often the
# sentence's subject ("In the pictures O'Toole, the star of ..., can be seen").
_NAME_INSIDE = re.compile(r"\s[A-Z]")
# "She disclosed that ..." / "Police said ...": who said it, before what was said.
_LEADING_ATTRIBUTION = re.compile(
    rf"^{_SPEAKER} (?:said|says|disclosed|revealed|announced|confirmed|claimed|added|"
    r"believes?|believed|thinks?|thought|warned|told [A-Z]?[\w’'-]+(?: [A-Z][\w’'-]+)?)"
    r"(?: on \w+| yesterday| today)?,? (?:that )?(?=[\w£$€])"
)
# An opening phrase set off by a comma: "During a parliamentary session, ".
_LEADING_PHRASE = re.compile(
    r"^(?:In|On|At|After|During|Despite|Following|Before|Since|Amid|Under|Speaking|Addressing|"
    r"Writing|Asked|Earlier|Later|Last|This|Now|Today|Yesterday|Meanwhile|Elsewhere|Separately|"
    r"Although|Though|While|When|As|Because|If)\b[^,;:\"“”‘]{0,120}?,\s+"
    # What follows must start like a subject, or the phrase may have held it.
    r"(?=[A-Z\d]|(?:the|a|an|he|she|they|it|we|i|this|these|those|his|her|their|its|there|"
    r"police|officials|many|some|most|all|one|two|three)\b)"
)
# Where a trailing clause or phrase may be cut off, with or without a comma.
_TRAILING_CUT = re.compile(
    r",\s+(?:after|as|when|while|because|despite|following|amid|since|before|until|although|"
    r"though|but|and|where|even|so|leaving|with|including|over)\b"
    r"|\s+(?:after|because|despite|following|amid|while|when|before|since|as part of|"
    r"in order to|in what|amid|who|which|whose|where)\b"
    r"|,\s+(?:such as|like|[a-z]+ing)\b"
    r"|\s+(?:but|and|as) (?=(?:he|she|they|it|we|there|the|his|her|their|this|that)\b)"
)
_INTRODUCTORY = re.compile(
    r"^(?:In|On|At|After|During|Despite|Following|Before|Since|Amid|Under|Although|Though|"
    r"While|When|As|Because|If|Speaking|Addressing|With|Without|For|From|By|To|Having|Being|"
    r"[A-Z][a-z]+(?:ed|ing))\b",
    re.IGNORECASE,
)
_MIN_MAIN_WORDS = 7
"""Fewest words left before a trailing cut, so the main clause survives."""
_LETTER = re.compile(r"[^\W\d_]")

_MIN_CLAUSE_WORDS = 4
_LIST_COMMAS = 2
"""Commas before ", and" in a clause that make it read as the end of a list."""
# Where independent clauses meet: a semicolon, or a coordinating conjunction
# before what starts like a subject ("..., but the court ruled"). Without a
# comma, only before a subject pronoun ("... and he was") or after "but",
# since "the men and the women" is one subject.
_SUBJECT = (
    r"(?:he|she|they|it|we|I|there|the|his|her|their|its|this|that|these|those|"
    r"a|an|one|some|many|most|all|no|police|officials|authorities|[A-Z][a-z’'-]+)\b"
)
_CLAUSE_BREAK = re.compile(
    r";\s+"
    rf"|,\s+(?P<conjunction>and|but|while|yet|so(?!\s+that\b))\s+(?={_SUBJECT})"
    r"|\s+(?:and|but|while|yet|so)\s+(?=(?:he|she|they|we|I|there)\b)"
    rf"|\s+but\s+(?={_SUBJECT})"
)
# A clause has a verb: a common auxiliary or reporting verb, or a past tense.
_VERB = re.compile(
    r"\b(?:is|are|was|were|be|been|has|have|had|will|would|can|could|may|might|must|"
    r"should|shall|did|does|do|said|says|told|went|came|made|took|gave|got|left|found|"
    r"saw|began|became|died|won|lost|[a-z]{2,}ed)\b"
)
_MIN_KEPT_WORDS = 4


def quoted_spans(text: str, sentences: Sequence[Sentence]) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` character spans of ``text`` inside quotation marks.

    Marks are read in context: ``’`` and ``'`` between two letters are
    apostrophes (``don’t``), an opening mark must follow a space or a bracket.
    A quotation still open at the end of a paragraph runs to its end, as news
    writers leave a paragraph's quotation open when the next one continues it;
    a new opening mark while one is open continues the same quotation. Erring
    towards a longer quotation only means fewer deletions.
    """
    spans: list[tuple[int, int]] = []
    paragraph_end: dict[int, int] = {}
    for sentence in sentences:
        paragraph_end[sentence.paragraph] = sentence.end
    open_at: int | None = None
    current_paragraph = -1
    for sentence in sentences:
        if sentence.paragraph != current_paragraph:
            if open_at is not None:
                spans.append((open_at, paragraph_end[current_paragraph]))
                open_at = None
            current_paragraph = sentence.paragraph
        for offset in range(sentence.start, sentence.end):
            char = text[offset]
            if char not in "“”‘’\"'":
                continue
            before = text[offset - 1] if offset > 0 else " "
            after = text[offset + 1] if offset + 1 < len(text) else " "
            if _LETTER.match(before) and _LETTER.match(after):
                continue  # an apostrophe inside a word
            at_word_start = not before.strip() or before in "([{—–-"
            if char in "“‘" or (char in "\"'" and at_word_start):
                if open_at is None:
                    open_at = offset
                continue
            if open_at is not None:
                if char in "’'" and before.lower() == "s" and not after.strip():
                    # "players’ efforts": probably a plural possessive; a
                    # quotation ending in "s" is still closed by a later mark.
                    continue
                spans.append((open_at, offset + 1))
                open_at = None
    if open_at is not None:
        spans.append((open_at, paragraph_end[current_paragraph]))
    return spans


def compress(sentence: Sentence, quoted: Sequence[tuple[int, int]]) -> list[Compressed]:
    """Return the ways of shortening ``sentence``, the untouched one first.

    Args:
        sentence: the source sentence.
        quoted: spans of the clean text inside quotation marks (see
            :func:`quoted_spans`).

    Returns:
        Distinct versions of at least a few words each: the whole sentence at
        each strength and, when it splits into independent clauses (at
        semicolons or conjunctions, outside quotations), each clause at each
        strength.
    """
    protected = [
        (max(start, sentence.start) - sentence.start, min(end, sentence.end) - sentence.start)
        for start, end in quoted
        if start < sentence.end and end > sentence.start
    ]
    source = sentence.text
    pieces = [(0, len(source))]
    clauses = _clauses(source, protected)
    if len(clauses) > 1:
        pieces += clauses
    final = source.rstrip()[-1:]
    final = final if final in ".!?" else "."
    versions: list[Compressed] = []
    seen: set[str] = set()
    for clause, (start, end) in enumerate(pieces):
        piece = source[start:end]
        outside = [(0, start), (end, len(source))] if clause else []
        options = [(strength, _rule_spans(piece, strength)) for strength in (0, 1, 2)]
        heavy = options[-1][1] + [
            m.span() for m in _LEADING_PHRASE.finditer(piece) if not _NAME_INSIDE.search(m[0])
        ]
        heavy += [m.span() for m in _LEADING_ATTRIBUTION.finditer(piece)]
        options += [(3, heavy)] + [(3, [*heavy, cut]) for cut in _trailing_cuts(piece)]
        for strength, spans in options:
            deletions = outside + [
                (start + a, start + b)
                for a, b in spans
                if not _overlaps(start + a, start + b, protected)
            ]
            version = _apply(source, deletions, add_final=final if clause else "")
            if version is None:
                continue
            kept, dropped = version
            if kept in seen or (versions and len(kept.split()) < _MIN_KEPT_WORDS):
                continue
            seen.add(kept)
            versions.append(Compressed(sentence.index, clause, strength, kept, dropped))
    return versions


def _clauses(source: str, protected: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of the independent clauses of ``source``, or ``[]`` when it has one.

    A cut is kept when it lies outside quotations and leaves at least
    ``_MIN_CLAUSE_WORDS`` words on both sides; the words of the cut itself
    (a semicolon, or a conjunction and its comma) belong to no clause.
    """
    cuts: list[tuple[int, int]] = []
    previous_end = 0
    for match in _CLAUSE_BREAK.finditer(source):
        start, end = match.span()
        if _overlaps(start, end, protected):
            continue
        if match[0].strip() != ";" and not _VERB.search(_next_clause(source, end)):
            continue  # ", and the harbour": a list, not a clause
        if match["conjunction"] == "and" and source.count(",", previous_end, start) >= _LIST_COMMAS:
            continue  # "A, B, C, and D were sentenced": the end of a list
        if (
            len(source[previous_end:start].split()) < _MIN_CLAUSE_WORDS
            or len(source[end:].split()) < _MIN_CLAUSE_WORDS
        ):
            continue
        cuts.append((start, end))
        previous_end = end
    if not cuts:
        return []
    bounds = [0, *itertools.chain.from_iterable(cuts), len(source)]
    return [(bounds[k], bounds[k + 1]) for k in range(0, len(bounds), 2)]


def _next_clause(source: str, start: int) -> str:
    """The text from ``start`` to the next clause break, or to the end."""
    following = _CLAUSE_BREAK.search(source, start)
    return source[start : following.start() if following else len(source)]


def _rule_spans(piece: str, strength: int) -> list[tuple[int, int]]:
    if strength == 0:
        return []
    spans: list[tuple[int, int]] = [m.span() for m in _PARENS.finditer(piece)]
    spans += [m.span() for m in _PAIRED_DASH.finditer(piece)]
    spans += [m.span() for m in _CONNECTIVE.finditer(piece)]
    spans += [m.span() for m in _ATTRIBUTION.finditer(piece)]
    if strength >= 2:
        spans += [m.span(1) for m in _APPOSITIVE.finditer(piece)]
        for pattern in (_TRAILING_RELATIVE, _TRAILING_DASH, _TRAILING_ELABORATION):
            spans += [m.span() for m in pattern.finditer(piece)]
    return spans


def _trailing_cuts(piece: str) -> list[tuple[int, int]]:
    """Spans from a trailing clause's first word to just before the final mark."""
    body_end = len(piece.rstrip())
    if piece[body_end - 1 : body_end] in (".", "!", "?"):
        body_end -= 1
    opening = _CONNECTIVE.sub("", piece, count=1)
    cuts = []
    for match in _TRAILING_CUT.finditer(piece, 0, body_end):
        before = piece[: match.start()]
        # An odd number of commas before the cut means an appositive is still
        # open ("The golfer's girlfriend, model Alexis Randock, had..."):
        # cutting there would leave a subject without its verb.
        # A cut at the first comma after an introductory phrase ("In the wake
        # of ..., a public inquiry was opened") would keep only the phrase.
        introduction = "," not in before and _INTRODUCTORY.match(opening) is not None
        if (
            len(before.split()) >= _MIN_MAIN_WORDS
            and before.count(",") % 2 == 0
            and not introduction
        ):
            cuts.append((match.start(), body_end))
    return cuts


def _overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start < b and end > a for a, b in spans)


def _apply(
    source: str, deletions: Sequence[tuple[int, int]], *, add_final: str
) -> tuple[str, tuple[str, ...]] | None:
    """Delete non-overlapping spans (earliest, then longest, wins) and tidy the joins."""
    chosen: list[tuple[int, int]] = []
    for start, end in sorted(deletions, key=lambda span: (span[0], -span[1])):
        if end <= start:
            continue
        if chosen and start < chosen[-1][1]:
            continue
        chosen.append((start, end))
    kept_parts: list[str] = []
    position = 0
    for start, end in chosen:
        kept_parts.append(source[position:start])
        position = end
    kept_parts.append(source[position:])
    text = ""
    for part in kept_parts:
        if not part:
            continue
        if not text:
            text = part.lstrip()
        elif part[0] in ",.;:!?":
            text = text.rstrip().rstrip(",;:") + part if part[0] in ".!?" else text.rstrip() + part
        else:
            text = text.rstrip() + " " + part.lstrip()
    text = text.strip()
    if not text:
        return None
    if add_final:
        text = text.rstrip(",;: ")
        if text[-1] not in ".!?\"”’'":
            text += add_final
    if chosen and chosen[0][0] == 0 and text[0].islower():
        text = text[0].upper() + text[1:]
    dropped = tuple(
        fragment for fragment in (source[a:b].strip(" ,;\n") for a, b in chosen) if fragment
    )
    return text, dropped
