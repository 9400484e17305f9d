"""Deletion-only sentence compression on a dependency parse, with a trace of what was dropped.

A compressed sentence is its source sentence with whole constituents of its
parse deleted; nothing is added and nothing moves, so its words are always a
subsequence of the source's words. The only other changes are cosmetic: spaces
and commas are tidied where a constituent was cut out, the first letter is
capitalised when the sentence's first words were dropped, and a clause
offered on its own ends with the sentence's final mark.

Only optional constituents go, each with the commas that set it off, lightest
first (each strength adds to the one before):

1. a leading discourse connective ("However, ", "But ", "In response, ") and
   asides in brackets or between two dashes;
2. appositions (", a member of Parliament,") and non-restrictive relative or
   participial clauses (", who serves as the Safeguarding Minister,"): the
   ones a comma sets off, since without the comma a clause restricts its noun
   ("officials who neglected their duties") and must stay;
3. adverbial clauses and adjunct phrases of a main verb that a comma sets off
   at the start, in the middle or at the end ("During a parliamentary
   session, ", ", ensuring justice for the victims");
4. adjuncts of a main verb without a comma, where the preposition or the
   subordinator says they are adjuncts: time and circumstance ("after the
   match", "on Monday", "because he was ill").

Never deleted: a subject, an object, a complement, a verb, a negation, the
head of what remains, a conditional clause ("if ...", "unless ...", whose loss
would turn a condition into a claim), anything inside quotation marks, and
anything that says who said what: a reporting verb with its subject ("Phillips
said", "she told the BBC") or "according to ...". A claim the article
attributes stays attributed.

A sentence whose main clause is joined to another main clause with its own
subject and verb ("Police arrested the man on Monday, and he was charged
...") is also offered as its separate clauses, at "and", "but", "so", "yet" or
a semicolon; the conjunction is the only word dropped. A clause is offered on
its own only when it does not lean on the other: no "too", "also", "so",
"this time", no comparison without its "than". Under a reporting verb nothing
is split, since the second clause may be what was reported.

Every version is checked before it is offered: it must not end on a
preposition, a conjunction or a determiner, and it keeps a subject where the
source had one. What a version needs from its context is reported with it:
whether it opens with a pronoun or a connective, and which names it holds, so
that a summary can keep each pronoun after a sentence that names its referent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from access_api.text._model import Sentence
    from access_api.text._parse import Parsed, Word

__all__ = [
    "Compressed",
    "Compression",
    "compress",
    "is_person",
    "quoted_spans",
    "subject_of",
]


@dataclass(frozen=True, slots=True)
class Compressed:
    """One way of shortening a source sentence (or one of its clauses)."""

    source_index: int
    clause: int
    """Which clause of the source this is (see :func:`compress`); 0 when the whole sentence."""
    strength: int
    """0 untouched, 1 to 4 as in the module's docs."""
    text: str
    dropped: tuple[str, ...]
    """The deleted fragments, in order, trimmed of edge spaces and commas."""
    opens_with: str | None = None
    """``"pronoun"`` or ``"connective"`` when the version begins with one, else ``None``."""
    pronoun: str | None = None
    """The personal or demonstrative pronoun the version's main clause leans on, lower-case."""
    names: frozenset[str] = frozenset()
    """Lower-case names and subject nouns the version holds, for finding referents."""


@dataclass(frozen=True, slots=True)
class Compression:
    """A sentence's versions, and what its parse says about it as a whole."""

    versions: tuple[Compressed, ...]
    """The untouched sentence first, then distinct shorter versions."""
    run_on: bool
    """The parse finds a sentence break with no mark before it: usually a photo
    caption pasted in front of a sentence, which no summary should show."""
    speaker: bool
    """The sentence says who is speaking, outside any quotation."""
    fragment: bool = False
    """The parse finds no main clause: no finite verb (a heading, a teaser), or
    only a subordinate clause ("While it emerged that ...")."""


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that only link a sentence to the one before it; the comma after the
# multi-word and adverbial ones is part of the connective.
_CONJUNCTIONS = frozenset({"and", "but", "so", "yet", "or", "nor", "plus"})
_CONNECTIVES = re.compile(
    r"(?:however|meanwhile|moreover|furthermore|nevertheless|nonetheless|indeed|also|"
    r"still|instead|besides|additionally|likewise|similarly|consequently|therefore|thus|"
    r"hence|now|then|anyway|regardless|in addition|in response|as a result|"
    r"on the other hand|in fact|of course|after all|at the same time|"
    r"for (?:his|her|their|its|our|my) part|in turn|by contrast|in contrast|even so|"
    r"as such|in the meantime|at that point|in other words|that said|otherwise|"
    r"what is more|what's more|above all|first|second|third|finally|lastly|"
    r"and then|but then|so far|and yet)",
    re.IGNORECASE,
)
_SPEECH_LEMMAS = (
    "say tell add explain claim insist state announce warn admit confirm reveal disclose "
    "assert argue note write report describe allege suggest believe think deny stress "
    "emphasise emphasize urge ask reply respond tweet post accuse acknowledge estimate "
    "predict contend maintain concede declare indicate testify recall affirm assure "
    "promise vow pledge threaten complain express agree disagree hope fear question "
    "dispute insinuate speculate observe remark mention comment inform notify advise "
    "brief"
)
_IRREGULAR = {
    "say": ("said",),
    "tell": ("told",),
    "write": ("wrote", "written"),
    "think": ("thought",),
}


_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
_CONDITIONAL = _words(
    """
    if unless until till whether lest provided providing except once only
    """
)
# Subordinators and prepositions that start adjuncts even without a comma.
_ADJUNCT_MARKS = frozenset(
    {"after", "before", "when", "while", "because", "although", "though", "whereas"}
)
# Not "over" ("a fifth straight victory over Newcastle") and not "since": with a
# perfect tense it carries the meaning ("hadn't worked
# since December" is not "hadn't worked").
_ADJUNCT_PREPOSITIONS = _words(
    """
    after before during despite amid amidst following throughout ahead within
    """
)
_TIME_WORDS = _words(
    """
    monday tuesday wednesday thursday friday saturday sunday weekend morning afternoon
    evening night day days week weeks month months year years today yesterday tomorrow
    tonight january february march april may june july august september october november
    december spring summer autumn winter decade century hour hours minute minutes
    earlier later recently previously currently o'clock am pm
    """
)
_TIME_PREPOSITIONS = frozenset({"on", "in", "at", "by", "last", "this", "next", "early", "late"})
_PLACE_PREPOSITIONS = _words(
    """
    in at near outside inside across around throughout alongside beyond
    """
)
# Verbs that move something somewhere: the place is part of the verb.
_MOVING = _words(
    """
    put puts putting place placed placing set sets setting lay laid send sends sent
    sending take takes took taken taking bring brings brought bringing move moved moves
    moving drive drove driven carry carried carries throw threw thrown push pushed pull
    pulled keep kept lead led turn turned get got go went gone come came return returned
    returns fly flew flown travel travelled traveled
    """
)
# Verbs whose place or time is part of what they say.
_STATIVE = _words(
    """
    be is was are were been being live lives lived living stay stays stayed remain
    remains remained reside resides resided born based located situated lie lies lay sit
    sits sat stand stands stood held hold holds take takes took taken place
    """
)
# A clause offered alone must not lean on the one it was taken from.
_LEANING = _words(
    """
    too also so either neither then instead likewise similarly though thus therefore
    again anyway otherwise meanwhile still both each latter former such
    """
)
_DEMONSTRATIVES = frozenset({"this", "that", "these", "those"})
# A version may not end on one of these: what followed was cut away.
_DANGLING_TAGS = frozenset(
    {"IN", "CC", "DT", "TO", "WDT", "WP", "WP$", "WRB", "PRP$", "POS", "HYPH", "MD"}
)
_MIN_KEPT_WORDS = 4
_MAX_ASIDE_TOKENS = 30
"""Longest aside (apposition, relative clause...) deleted as one; longer ones
are more likely a parse gone wrong than an aside."""
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*")
_QUOTE_CHARS = "“”‘’\"'"
_DASHES = frozenset({"—", "–", "-", "--"})
_BRACKETS = {"(": ")", "[": "]"}
_FINAL = frozenset({".", "!", "?", "…"})


def _speech_forms() -> frozenset[str]:
    forms: set[str] = set()
    for lemma in _SPEECH_LEMMAS.split():
        stem = lemma[:-1] if lemma.endswith("e") else lemma
        if lemma.endswith("y") and lemma[-2] not in "aeiou":
            forms.update({lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"})
        else:
            ending = "es" if lemma.endswith(("s", "sh", "ch", "x")) else "s"
            forms.update({lemma, lemma + ending, stem + "ed", stem + "ing"})
        if lemma == "admit":
            forms.update({"admitted", "admitting"})
        forms.update(_IRREGULAR.get(lemma, ()))
    return frozenset(forms)


_SPEECH = _speech_forms()


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
            if char not in _QUOTE_CHARS:
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


# Common nouns that name people, for "he" and "she" to stand for: the rest
# ("the graph", "the plan") cannot be "he".
_PEOPLE = _words(
    """
    man woman boy girl child baby father mother dad mum son daughter wife husband
    brother sister grandmother grandfather friend neighbour neighbor pensioner player
    driver officer minister president spokesman spokeswoman director manager teacher
    doctor nurse judge victim suspect chairman chairwoman leader chief star actor
    actress singer coach captain boss owner worker student pupil lawyer prosecutor
    soldier reporter journalist author writer researcher scientist professor expert
    official mayor king queen prince princess duke duchess bishop priest pilot
    designer founder executive secretary striker midfielder defender goalkeeper
    jockey trainer champion golfer rider fan resident tourist passenger customer
    landlord farmer mp senator governor candidate member
    """
)


def is_person(names: frozenset[str], doc: Parsed) -> bool:
    """Whether a subject's names can be someone "he" or "she" stands for."""
    propns = {t.lower_ for t in doc if t.pos_ == "PROPN"}
    return bool(names & propns) or any(
        n in _PEOPLE or n.endswith(("man", "woman", "ist")) for n in names
    )


def subject_of(doc: Parsed) -> tuple[str | None, frozenset[str]]:
    """The main subject of a parsed sentence: its pronoun, or the names it holds.

    Returns:
        ``(pronoun, names)``: the lower-case pronoun when the subject is a
        personal or demonstrative pronoun (``names`` empty), otherwise
        ``None`` and the lower-case proper nouns of the subject, or its head
        noun when it has none.
    """
    for root in (t for t in doc if t.dep_ == "ROOT"):
        for child in root.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return _subject_names(child)
    return None, frozenset()


def _subject_names(subject: Word) -> tuple[str | None, frozenset[str]]:
    word = subject.lower_
    if _is_pronoun(subject):
        return word, frozenset()
    for child in subject.children:
        if child.dep_ == "det" and child.lower_ in _DEMONSTRATIVES:
            return child.lower_, frozenset()  # "These claims": the sentence before
    names = frozenset(t.lower_ for t in subject.subtree if t.pos_ == "PROPN" and t.is_alpha)
    return None, names or frozenset({word})


def compress(sentence: Sentence, doc: Parsed, quoted: Sequence[tuple[int, int]]) -> Compression:
    """Return the ways of shortening ``sentence``, the untouched one first.

    Args:
        sentence: the source sentence.
        doc: its parse (see :mod:`access_api.text._parse`); ``doc.text`` is
            ``sentence.text``.
        quoted: spans of the clean text inside quotation marks (see
            :func:`quoted_spans`).

    Returns:
        Distinct versions of at least a few words each: the whole sentence at
        each strength and, when it splits into independent main clauses, each
        clause at each strength; and what the parse says of the sentence.
    """
    protected = _protected(sentence, doc, quoted)
    roots = [t for t in doc if t.dep_ == "ROOT"]
    run_on = _run_on(doc)
    speakers = {t.i for t in doc if _is_speech(t) and not protected_by_quote(t, sentence, quoted)}
    pieces: list[tuple[int, int, int, list[Word]]] = [(0, 0, len(doc), roots)]
    if not run_on:
        clauses = _semicolon_clauses(doc, protected, speakers)
        if not clauses and len(roots) == 1:
            clauses = _clauses(doc, roots[0], protected, speakers)
        pieces += clauses
    final = doc.text.rstrip()[-1:]
    final = final if final in _FINAL else "."
    versions: list[Compressed] = []
    seen: set[str] = set()
    source_words = len(_WORD.findall(sentence.text))
    for clause, lo, hi, heads in pieces:
        kept_range = set(range(lo, hi))
        for strength, cuts in _options(doc, lo, hi, heads, protected):
            deleted = set(range(len(doc))) - kept_range
            for start, end in cuts:
                deleted.update(range(start, end))
            version = _render(doc, deleted, final if clause else "")
            if version is None:
                continue
            text, dropped = version
            if text in seen or (versions and len(_WORD.findall(text)) < _MIN_KEPT_WORDS):
                continue
            kept_words = len(_WORD.findall(text))
            if kept_words + sum(len(_WORD.findall(d)) for d in dropped) != source_words:
                continue  # a cut inside a written word: never offered
            if versions and not _sound(doc, deleted, heads):
                continue
            seen.add(text)
            versions.append(
                Compressed(
                    sentence.index,
                    clause,
                    strength,
                    text,
                    dropped,
                    *_context(doc, deleted, heads),
                )
            )
    return Compression(tuple(versions), run_on, bool(speakers), _fragment(doc, roots))


def protected_by_quote(token: Word, sentence: Sentence, quoted: Sequence[tuple[int, int]]) -> bool:
    """Whether ``token`` lies inside a quotation."""
    start = sentence.start + token.idx
    end = start + len(token.text)
    return any(start < b and end > a for a, b in quoted)


def _is_speech(token: Word) -> bool:
    """A reporting verb with its subject ("she said"), or "according to"."""
    if token.lower_ == "according":
        return True
    return (
        token.pos_ in ("VERB", "AUX")
        and token.lower_ in _SPEECH
        and any(c.dep_ in _SUBJECTS or c.dep_ == "agent" for c in token.children)
    )


def _protected(sentence: Sentence, doc: Parsed, quoted: Sequence[tuple[int, int]]) -> set[int]:
    """Tokens no deletion may touch: quotations, and who said what."""
    protected = {t.i for t in doc if protected_by_quote(t, sentence, quoted)}
    for token in doc:
        if _is_speech(token):
            protected.add(token.i)
            if token.lower_ == "according":
                protected.update(t.i for t in token.subtree)
            for child in token.children:
                if child.dep_ in _SUBJECTS or child.dep_ == "agent":
                    protected.update(_core(child))
        if token.dep_ == "neg":
            protected.add(token.i)
    return protected


def _core(token: Word) -> set[int]:
    """``token``'s subtree without the asides a comma sets off inside it."""
    core = {t.i for t in token.subtree}
    for t in token.subtree:
        if t.dep_ in ("appos", "relcl", "acl") and t.i != token.i:
            before, after = t.left_edge.i - 1, t.right_edge.i + 1
            if before >= 0 and t.doc[before].text == ",":
                core -= {x.i for x in t.subtree} | {before}
                if after < len(t.doc) and t.doc[after].text == ",":
                    core.discard(after)
    return core


_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})


def _fragment(doc: Parsed, roots: list[Word]) -> bool:
    if not any(t.tag_ in _FINITE for t in doc):
        return True
    return all(any(c.dep_ == "mark" for c in root.children) for root in roots)


def _run_on(doc: Parsed) -> bool:
    """Two sentences run together with no mark between them.

    Web pages' photo captions often reach the text glued to the next
    sentence ("... in the Tyne-Wear derby Head coach John Carver said ...").
    Seen in the parse as a sentence break with no mark before it, or as a
    capitalised word starting a clause of its own right after a word that
    does not govern it ("derby Head coach ... said"), where reported speech
    without "that" has the verb just before ("said Mr Smith was").
    """
    for start in doc.sentence_starts[1:]:
        if doc[start - 1].is_alpha and doc[start - 1].is_lower and _capitalised(doc[start]):
            return True
    for token in doc:
        clause_like = any(c.dep_ in ("aux", "auxpass", *_SUBJECTS) for c in token.children)
        if token.dep_ == "conj" and token.tag_ in _FINITE | {"VBN"} and clause_like:
            # Finite verbs joined with neither a conjunction nor a comma.
            joined = any(c.dep_ == "cc" for c in (*token.children, *token.head.children))
            before = doc[token.left_edge.i - 1].text if token.left_edge.i else ","
            if not joined and before not in (",", ";", ":", "—", "–", "-"):
                return True
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if (
            token.text in ("The", "A", "An")
            and (previous.is_alpha or previous.text == ")")
            and token.i + 1 < len(doc)
            and (doc[token.i + 1].is_lower or doc[token.i + 1].like_num)
        ):
            return True  # "... of the Masters The famous Eisenhower Tree ..."
        if previous.is_quote and token.i > 1:
            previous = doc[token.i - 2]  # "... 'all evasion' Mr Brown urged", "level 'We've ..."
        if not previous.is_alpha:
            continue
        following_word = token.i + 1 < len(doc) and (
            doc[token.i + 1].is_lower or doc[token.i + 1].like_num
        )
        if (
            _capitalised(token)
            and previous.is_lower
            and previous.pos_ in ("NOUN", "ADJ", "ADV", "NUM", "PART")
            and (token.pos_ in _COMMON or (token.pos_ == "ADP" and following_word))
        ):
            return True  # "... FA Cup replay Indeed, Bowyer's ...", "... motorbike In this ..."
        if (
            token.text in ("I", "We", "You", "He", "She", "It", "They")
            and doc[token.i - 1].is_quote
            and previous.lower_ not in _SPEECH
        ):
            return True  # "... at the Masters 'I was very relieved ...'"
        if not _capitalised(token) or not previous.is_lower:
            continue
        if previous.pos_ in ("VERB", "AUX", "ADV", "SCONJ", "CCONJ", "ADP", "PART", "DET"):
            continue
        following = doc[token.i + 1 : token.i + 3]
        if token.pos_ == "VERB" and not any(t.is_title for t in following):
            return True  # "... zip through skirt Earn your style stripes!", not "Let's Move"
        clause = token.head if token.dep_ in _SUBJECTS else None
        if clause is None and token.head.dep_ in _SUBJECTS and token.i == token.head.left_edge.i:
            clause = token.head.head
        if clause is not None and token.i == _subject_of_clause(clause).left_edge.i:
            if clause.dep_ == "relcl" and clause.head.i == previous.i:
                continue  # "the reforms Athens has presented"
            if clause.dep_ == "ccomp" and clause.head.i == previous.head.i:
                continue  # "told the newspaper Garcia booted him out"
            if previous.i < clause.left_edge.i or previous.head.i != clause.i:
                return True
    return False


# Parts of speech that a capital letter inside a sentence does not explain:
# not names, so a new sentence begins there.
# (Not adjectives: "told Spanish television".)
_COMMON = frozenset({"ADV", "DET", "PRON", "SCONJ", "CCONJ", "AUX"})


def _capitalised(token: Word) -> bool:
    return token.is_title and token.text != "I"


def _subject_of_clause(verb: Word) -> Word:
    for child in verb.children:
        if child.dep_ in _SUBJECTS:
            return child
    return verb


def _clauses(
    doc: Parsed, root: Word, protected: set[int], speakers: set[int]
) -> list[tuple[int, int, int, list[Word]]]:
    """The main clauses of ``doc`` that can stand alone, as ``(clause, start, end, heads)``.

    ``clause`` is 1 for the first clause and 2 for the second.

    A clause is offered alone only if the other holds no speaker that it lacks
    itself: "The boy was injured, but he was not attacked, the director told
    Fox 8" reports both clauses, and the first alone would lose its source.
    """
    if root.lower_ in _SPEECH and any(c.dep_ == "ccomp" for c in root.children):
        return []  # the second clause may be what was reported
    for conj in root.children:
        if conj.dep_ != "conj" or conj.pos_ not in ("VERB", "AUX") or conj.i < root.i:
            continue
        if not any(c.dep_ in _SUBJECTS for c in conj.children):
            continue  # "arrived and was arrested": one subject, one clause
        first = conj.left_edge.i
        link = [t for t in doc[root.i + 1 : first] if t.head in (root, conj)]
        joiner = [t for t in link if t.dep_ in ("cc", "punct")]
        words = {t.lower_ for t in joiner if t.dep_ == "cc"}
        semicolon = any(t.text == ";" for t in joiner)
        if not (words & {"and", "but", "so", "yet"} or semicolon) or "or" in words:
            continue
        cut = min((t.i for t in joiner), default=first)
        if any(i in protected for i in range(cut, first)):
            continue
        if conj.right_edge.i + 1 < _body_end(doc):
            continue
        return _standing(doc, (cut, first), (root, conj), speakers)
    return []


def _semicolon_clauses(
    doc: Parsed, protected: set[int], speakers: set[int]
) -> list[tuple[int, int, int, list[Word]]]:
    """The clauses on either side of a semicolon, each a clause of its own.

    Whatever the parser made of the join (two sentences, or one clause the
    complement of the other), each side must have one head, a verb with its
    subject.
    """
    semicolons = [t.i for t in doc if t.text == ";" and t.i not in protected]
    if len(semicolons) != 1:
        return []  # none, or a list of clauses ("44 per cent ...; 15 per cent ...; and ...")
    cut = semicolons[0]
    verbs = []
    for start, stop in ((0, cut), (cut + 1, len(doc))):
        heads = [t for t in doc[start:stop] if not start <= t.head.i < stop or t.head.i == t.i]
        heads = [t for t in heads if not t.is_punct]
        if len(heads) != 1 or not any(c.dep_ in _SUBJECTS for c in heads[0].children):
            return []
        verbs.append(heads[0])
    return _standing(doc, (cut, cut + 1), (verbs[0], verbs[1]), speakers)


def _standing(
    doc: Parsed, join: tuple[int, int], verbs: tuple[Word, Word], speakers: set[int]
) -> list[tuple[int, int, int, list[Word]]]:
    """Which of two clauses, joined over ``join`` (start, end), may stand alone."""
    cut, first = join
    end = _body_end(doc)
    if cut < 3 or end - first < 3:
        return []
    first_speaks = any(i < cut for i in speakers)
    second_speaks = any(i >= first for i in speakers)
    concessive = doc[cut].lower_ == "but" or (cut + 1 < len(doc) and doc[cut + 1].lower_ == "but")
    pieces = []
    # "She may be a First Daughter, but ...": alone, the first half reads as doubt.
    hedged = concessive and any(t.lower_ in ("may", "might") for t in doc[0:cut])
    if (first_speaks or not second_speaks) and not hedged:
        pieces.append((1, 0, cut, [verbs[0]]))
    if (
        not _leans(doc[first:end])
        and _names_its_subject(verbs[1], doc[first:end])
        and (second_speaks or not first_speaks)
    ):
        pieces.append((2, first, len(doc), [verbs[1]]))
    return pieces


_SAME_PERSON = {
    "he": {"him", "his", "himself"},
    "she": {"her", "hers", "herself"},
    "they": {"them", "their", "theirs", "themselves"},
    "it": {"its", "itself"},
}


def _names_its_subject(verb: Word, clause: Sequence[Word]) -> bool:
    """A second clause alone must say who it is about in its own words.

    Its subject is a name or a subject pronoun (which the summary will place
    after its referent), never "the man's lawyer", "each" or "there" that point
    back into the first clause; and it holds no other pronoun than the
    subject's own ("he ... his"), since those would point back there too.
    """
    subject = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
    if subject is None or subject.dep_ == "expl":
        return False
    pronoun = subject.lower_ if subject.tag_ == "PRP" else None
    bare_noun = subject.pos_ == "NOUN" and not any(
        c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an", "some") for c in subject.children
    )
    if pronoun is None and subject.pos_ != "PROPN" and not bare_noun:
        return False
    allowed = _SAME_PERSON.get(pronoun or "", set())
    return not any(
        (t.tag_ in ("PRP", "PRP$") and t.i != subject.i and t.lower_ not in allowed)
        for t in clause
        if not t.is_quote
    )


def _leans(clause: Iterable[Word]) -> bool:
    """Whether a clause leans on the one it was taken from."""
    tokens = list(clause)
    words = {t.lower_ for t in tokens}
    for token in tokens:
        if token.lower_ in _LEANING and token.dep_ in (
            "advmod",
            "cc",
            "npadvmod",
            "det",
            "nsubj",
            "dobj",
            "amod",
            "preconj",
        ):
            return True
        if token.lower_ in _DEMONSTRATIVES and token.dep_ in ("nsubj", "nsubjpass", "dobj", "det"):
            return True
        if token.tag_ in ("JJR", "RBR") and "than" not in words:
            return True
    return False


def _body_end(doc: Parsed) -> int:
    """Index just past the last token before the final marks and closing quotes."""
    end = len(doc)
    while end > 0 and (doc[end - 1].text in _FINAL or doc[end - 1].is_quote):
        end -= 1
    return end


def _options(
    doc: Parsed, lo: int, hi: int, heads: list[Word], protected: set[int]
) -> list[tuple[int, list[tuple[int, int]]]]:
    """The deletion sets to try, as ``(strength, token spans)``."""
    tiers = _cuts(doc, lo, hi, heads, protected)
    options: list[tuple[int, list[tuple[int, int]]]] = [(0, [])]
    cumulative: list[tuple[int, int]] = []
    for strength in (1, 2, 3, 4):
        cumulative = cumulative + tiers[strength]
        options.append((strength, list(cumulative)))
        if strength >= 3:
            # Each heavier cut on its own too, so a version can keep one
            # adjunct and lose another.
            base = [c for s in (1, 2) for c in tiers[s]]
            options += [(strength, [*base, cut]) for cut in tiers[strength]]
    # The clause's last phrases, one more at a time from the end.
    options += [(5, [*cumulative, cut]) for cut in tiers[5]]
    return options


def _cuts(
    doc: Parsed, lo: int, hi: int, heads: list[Word], protected: set[int]
) -> dict[int, list[tuple[int, int]]]:
    """Deletable spans of the piece ``[lo, hi)`` by strength."""
    tiers: dict[int, list[tuple[int, int]]] = {1: [], 2: [], 3: [], 4: [], 5: []}
    end = min(hi, _body_end(doc))

    def allowed(start: int, stop: int) -> bool:
        return lo <= start < stop <= hi and not any(i in protected for i in range(start, stop))

    def adjunct_allowed(start: int, stop: int) -> bool:
        """Adjuncts also keep what a later pronoun or a limit on the claim needs."""
        return (
            allowed(start, stop)
            and _keeps_referents(doc, start, stop)
            and not any(t.lower_ in _LIMITS for t in doc[start:stop])
        )

    connective = _leading_connective(doc, lo, end)
    if connective and allowed(lo, connective):
        tiers[1].append((lo, connective))
    for token in doc[lo + 1 : end - 1]:
        # ", however," inside the sentence: "Increasingly, however, the relationship ..."
        if (
            _CONNECTIVES.fullmatch(token.lower_)
            and doc[token.i - 1].text == ","
            and doc[token.i + 1].text == ","
            and allowed(token.i - 1, token.i + 2)
        ):
            # Both commas go between a subject and its verb ("The plan, however,
            # was dropped"); elsewhere one stays.
            verb_next = token.i + 2 < len(doc) and doc[token.i + 2].pos_ in ("VERB", "AUX")
            tiers[1].append((token.i - 1, token.i + 2 if verb_next else token.i + 1))
    for start, stop in _asides(doc, lo, end):
        if allowed(start, stop):
            tiers[1].append((start, stop))
    subject_at = _subject_start(heads)
    verbs = _clause_verbs(heads)
    for token in doc[lo:end]:
        if token.dep_ == "appos" and (
            _bare_noun(token.head) or any(t.dep_ == "cc" for t in token.subtree)
        ):
            # "happier with favourite for the race, Shutthefrontdoor": the name
            # matters; "the Championship, League One, League Two and ...": a list.
            continue
        if token.dep_ in ("appos", "relcl", "acl") and token.head.pos_ in ("NOUN", "PROPN", "PRON"):
            # After an apposition the comma that closes it stays: "Another
            # local, Richard Rhoades, who also tried ..., said".
            span = _comma_bounded(doc, token, lo, end, adjunct=token.head.dep_ == "appos")
            if (
                span
                and allowed(*span)
                and span[1] - span[0] <= _MAX_ASIDE_TOKENS
                and not _glues_names(doc, span)
            ):
                tiers[2].append(span)
    for head in verbs:
        for child in head.children:
            if not lo <= child.i < end or not _adjunct(child):
                continue
            if _completes(head, child):
                continue
            span = _comma_bounded(doc, child, lo, end, adjunct=True)
            if span is not None:
                if (
                    adjunct_allowed(*span)
                    and _keeps_subject(span, subject_at)
                    and _rejoins(doc, span, head, end)
                ):
                    tiers[3].append(span)
            elif (
                _bare_adjunct(child)
                and child.i > head.i
                and not _negated(head)
                and head.lower_ not in _STATIVE | _MOVING
            ):
                # Only at the end of its clause: in the middle, a parse that
                # stopped the adjunct short would leave its rest behind
                # ("suspended after a rant she unleashed surfaced online").
                span = (child.left_edge.i, child.right_edge.i + 1)
                at_end = span[1] >= end or doc[span[1]].text in (",", ";")
                if adjunct_allowed(*span) and _contiguous(child) and at_end:
                    tiers[4].append(span)
    tiers[5] = [span for span in _trailing(doc, end, verbs) if adjunct_allowed(*span)]
    return tiers


# Words that limit a claim: without them it says more than the article did.
_LIMITS = _words("point first initially briefly temporarily times sometimes once reportedly")
_THIRD_PERSON = _words("he she it they him her them his its their hers theirs")
# Verbs whose object takes a complement after it: "left her mortified".
_COMPLEMENTED = _words(
    "leave leaves left make makes made keep keeps kept find finds found render renders "
    "rendered get gets got prove proves proved"
)
_COPULAS = _words("be is was are were been being")


def _keeps_referents(doc: Parsed, start: int, stop: int) -> bool:
    """Whether a deletion leaves the nouns that a later pronoun stands for.

    "When police arrived, they found the Gavers": without its opening clause
    "they" would have no one to be. A pronoun is still placed when a noun that
    agrees with it stays before it ("Phillips expressed her desire").
    """
    if not any(t.pos_ in ("NOUN", "PROPN") for t in doc[start:stop]):
        return True
    kept_before: list[Word] = [t for t in doc[:start] if t.pos_ in ("NOUN", "PROPN")]
    for token in doc[stop:]:
        if token.lower_ in _THIRD_PERSON and token.tag_ in ("PRP", "PRP$"):
            plural = token.lower_ in ("they", "them", "their", "theirs")
            if not any((t.tag_ in ("NNS", "NNPS")) == plural for t in kept_before):
                return False
        elif token.pos_ in ("NOUN", "PROPN"):
            kept_before.append(token)
    return True


def _completes(head: Word, child: Word) -> bool:
    """A dependent the verb cannot do without, whatever the parser called it."""
    # "left the mother-of-six, from Stoke-on-Trent, mortified", "leaves it in tatters"
    return (
        head.lower_ in _COMPLEMENTED
        and child.i > head.i
        and (child.tag_ in ("VBN", "JJ") or child.dep_ == "prep")
    )


def _rejoins(doc: Parsed, span: tuple[int, int], head: Word, end: int) -> bool:
    """An adjunct between commas goes only where the sentence closes back over it.

    Where the rest after the second comma carries on the main clause (its
    verb, an auxiliary, its subject), the join is sound; elsewhere a parse
    that stopped the adjunct short would leave a piece of it behind
    ("holidays costing £30,000 between 2006 and 2010 in 2009 worth £7,600").
    """
    if span[1] >= end or span[0] == 0 or doc[span[0]].text != ",":
        return True  # at the end, or at the start: nothing to close over
    after = doc[span[1]]
    return after.i == head.i or (
        after.head.i == head.i and after.dep_ in ("aux", "auxpass", "neg", *_SUBJECTS)
    )


def _glues_names(doc: Parsed, span: tuple[int, int]) -> bool:
    """A deletion that would run two names together ("James Boase Devon")."""
    start, stop = span
    return (
        start > 0
        and stop < len(doc)
        and doc[start - 1].pos_ == "PROPN"
        and doc[stop].pos_ == "PROPN"
    )


def _trailing(doc: Parsed, end: int, verbs: list[Word]) -> list[tuple[int, int]]:
    """Phrases that end the clause and that it can end without, from the last one back.

    A second action of the subject after "and" may go ("hosted a visit and
    said ..."), as a whole clause may (but not after "but", whose second
    half changes what the first means). Otherwise only phrases that say when
    or where, or start with a preposition that introduces adjuncts
    ("during", "after", "despite"): "scored a goal in the final minute", "a
    rally in London on Friday". Phrases that complete
    their verb or noun stay: "banned him from driving", "her desire for
    change", "sentenced to ten years", and the places of verbs that move
    something ("took him to hospital").
    """
    found: list[tuple[int, int]] = []
    stop = end
    while stop > 0:
        phrase = _phrase_ending_at(doc[stop - 1], verbs)
        if phrase is None or not _contiguous(phrase):
            break
        start = phrase.left_edge.i
        if phrase.dep_ == "conj" and start > 0 and doc[start - 1].lower_ == "and":
            start -= 1
        if start > 0 and doc[start - 1].text == ",":
            start -= 1
        if start <= 1:
            break
        found.append((start, end))
        stop = start
    return found


def _later_action(node: Word, verbs: list[Word]) -> bool:
    """A second action of the same subject, after "and": "was arrested and charged ..."."""
    head = node.head
    return (
        node.dep_ == "conj"
        and head in verbs
        and node.pos_ == "VERB"
        and node.tag_ in ("VBD", "VBZ", "VBP", "VBN")
        and not any(c.dep_ in _SUBJECTS for c in node.children)
        and node.i > 0
        and node.doc[node.left_edge.i - 1].lower_ == "and"
        # Two actions, not the last of a list ("banned, fined and ordered to pay").
        and head.dep_ != "conj"
        and sum(c.dep_ == "conj" for c in head.children) == 1
    )


def _phrase_ending_at(last: Word, verbs: list[Word]) -> Word | None:
    """The optional phrase whose subtree ends with ``last``, if there is one."""
    for node in (last, *last.ancestors):
        if node.right_edge.i != last.i:
            return None
        if _later_action(node, verbs):
            return node
        if node.dep_ != "prep" or node.lower_ == "of":
            continue
        head = node.head
        if head in verbs and head.lower_ not in _STATIVE | _MOVING and not _negated(head):
            has_object = any(c.dep_ == "dobj" and c.i < node.i for c in head.children)
            if _bare_adjunct(node) or (has_object and node.lower_ in ("in", "at")):
                return node
        elif (
            head.pos_ in ("NOUN", "PROPN")
            and head.dep_ in ("dobj", "pobj", "attr")
            and _bare_adjunct(node)
        ):
            return node
        return None
    return None


def _bare_noun(token: Word) -> bool:
    """A singular common noun with no determiner: a title standing for the name beside it."""
    return token.tag_ == "NN" and not any(
        c.dep_ in ("det", "poss", "nummod") for c in token.children
    )


def _clause_verbs(heads: list[Word]) -> list[Word]:
    """The main verbs and the verbs of their complements ("said that ... are", "due to repay")."""
    found = list(heads)
    for word in found:
        found += [c for c in word.children if c.dep_ in ("ccomp", "xcomp", "conj", "acomp")]
    return [t for t in found if t.pos_ in ("VERB", "AUX")]


def _leading_connective(doc: Parsed, lo: int, end: int) -> int | None:
    """End of a connective that opens the piece, with its comma, or ``None``."""
    if lo >= end:
        return None
    first = doc[lo]
    if first.lower_ in _CONJUNCTIONS and first.dep_ in ("cc", "advmod", "discourse", "intj"):
        stop = lo + 1
        if stop < end and doc[stop].text == ",":
            stop += 1
        return stop
    for comma in range(lo + 1, min(lo + 6, end)):
        if doc[comma].text == ",":
            phrase = "".join(w.text_with_ws for w in doc[lo:comma]).strip()
            if _CONNECTIVES.fullmatch(phrase):
                return comma + 1
            return None
    return None


def _asides(doc: Parsed, lo: int, end: int) -> list[tuple[int, int]]:
    """Spans in brackets, or between two dashes."""
    found = []
    opened: tuple[str, int] | None = None
    for token in doc[lo:end]:
        text = token.text
        # A dash with a space on each side; "long-standing" holds a hyphen.
        spaced = token.i > lo and bool(doc[token.i - 1].whitespace_) and bool(token.whitespace_)
        if text in _DASHES and not spaced:
            continue
        if opened is None and text in _BRACKETS:
            opened = (_BRACKETS[text], token.i)
        elif opened is None and text in _DASHES:
            opened = (text, token.i)
        elif opened is not None and (
            text == opened[0] or (text in _DASHES and opened[0] in _DASHES)
        ):
            if token.i - opened[1] > 1:
                found.append((opened[1], token.i + 1))
            opened = None
    if opened is not None and opened[0] in _DASHES and end - opened[1] > 2:
        trailing = doc[opened[1] : end]
        # "... - exactly eight weeks after ...", not a dash before the main verb
        if not any(
            t.dep_ == "ROOT"
            or (
                t.head.i < opened[1]
                and t.pos_ in ("VERB", "AUX")
                and t.dep_ not in ("advcl", "conj", "acl", "relcl")
            )
            for t in trailing
        ):
            found.append((opened[1], end))
    return found


def _subject_start(heads: list[Word]) -> int | None:
    for head in heads:
        for child in head.children:
            if child.dep_ in _SUBJECTS:
                return int(child.left_edge.i)
    return None


def _keeps_subject(span: tuple[int, int], subject_at: int | None) -> bool:
    return subject_at is None or not span[0] <= subject_at < span[1]


def _adjunct(token: Word) -> bool:
    """An optional dependent of a main verb: an adverbial clause or phrase.

    Not a phrase that limits where or among whom the claim holds: "In
    Queensland alone, ...", "At lower elevations, ...", "Among women, ..."
    (the claim without it says more than the article did). Times, settings
    ("In a statement,") and circumstances stay deletable.
    """
    if token.dep_ not in ("advcl", "prep", "npadvmod", "advmod"):
        return False
    if token.dep_ == "prep" and token.lower_ in _SCOPES and not _setting(token):
        return False
    if token.dep_ == "advmod" and token.head.i < token.i:
        return False  # "said yesterday", "went home": too close to the verb to matter
    marks = {c.lower_ for c in token.children if c.dep_ in ("mark", "advmod")}
    if token.lower_ in _CONDITIONAL or marks & _CONDITIONAL:
        return False
    return token.dep_ != "advcl" or not any(
        c.dep_ == "aux" and c.tag_ == "TO" for c in token.children
    )


_SCOPES = _words("in at among amongst across within for outside inside throughout")
# What a phrase may name and still only set the scene: a time, or where words were said.
_SETTINGS = _words(
    "statement interview letter speech post video message report court hearing session "
    "meeting conference press briefing debate broadcast programme program show tweet blog"
)


def _setting(preposition: Word) -> bool:
    objects = [c for c in preposition.children if c.dep_ == "pobj"]
    return any(
        o.lower_ in _TIME_WORDS or o.lower_ in _SETTINGS or (o.like_num and len(o.text) == 4)
        for o in objects
    )


def _bare_adjunct(token: Word) -> bool:
    """An adjunct that needs no comma to be recognised: time, or a clear subordinator.

    A time or a place is kept beside a number in its clause: "12.8 per cent in
    2011", "$7.5m in Queensland", "by the middle of the century" are what the
    figure means.
    """
    if token.dep_ == "prep" and _beside_figure(token):
        return False
    if token.dep_ == "advcl":
        marks = {c.lower_ for c in token.children if c.dep_ == "mark"}
        return bool(marks & _ADJUNCT_MARKS) and not marks & _CONDITIONAL
    if token.dep_ == "prep":
        if token.lower_ in _ADJUNCT_PREPOSITIONS:
            return True
        objects = [c for c in token.children if c.dep_ == "pobj"]
        if token.lower_ in _TIME_PREPOSITIONS and any(
            o.lower_ in _TIME_WORDS or (o.like_num and len(o.text) == 4) for o in objects
        ):
            return True
        # "arrested in London", "played at Wembley": where, after a verb that
        # does not need a place ("lives in London", "was born in Leeds" do).
        return (
            token.lower_ in _PLACE_PREPOSITIONS
            and token.head.lower_ not in _STATIVE
            and any(o.pos_ == "PROPN" for o in objects)
        )
    if token.dep_ == "npadvmod":
        return token.lower_ in _TIME_WORDS
    return False


def _negated(verb: Word) -> bool:
    """A negated verb: its adjuncts may be what the negation is about ("did not go on Monday")."""
    return any(c.dep_ == "neg" for c in verb.children)


def _beside_figure(token: Word) -> bool:
    inside = {t.i for t in token.subtree}
    return any(t.like_num and t.i not in inside for t in token.head.subtree)


def _contiguous(token: Word) -> bool:
    return bool(token.right_edge.i - token.left_edge.i + 1 == sum(1 for _ in token.subtree))


def _comma_bounded(
    doc: Parsed, token: Word, lo: int, end: int, *, adjunct: bool = False
) -> tuple[int, int] | None:
    """The span of ``token``'s subtree with the commas that set it off, if they do.

    Both commas go, except after an adjunct that an attribution follows ("icy
    patches, especially on bridges, said Trooper Schmidt"): that comma stays.
    """
    if not _contiguous(token):
        return None
    left, right = token.left_edge.i, token.right_edge.i
    if any(t.is_quote for t in doc[left : right + 1]):
        return None
    before = doc[left - 1].text if left > lo else None
    after = doc[right + 1].text if right + 1 < end else None
    if before == "," and after == ",":
        if adjunct and any(t.lower_ in _SPEECH for t in doc[right + 2 : right + 6]):
            return left - 1, right + 1  # "... icy patches, said Trooper Schmidt": its comma stays
        return left - 1, right + 2
    if before == "," and right + 1 >= end:
        return left - 1, right + 1
    if before is None and after == ",":
        return left, right + 2
    return None


def _render(doc: Parsed, deleted: set[int], add_final: str) -> tuple[str, tuple[str, ...]] | None:
    """The text of the kept tokens, tidied, and the dropped fragments."""
    parts: list[str] = []
    dropped: list[str] = []
    run: list[str] = []
    for token in doc:
        if token.i in deleted:
            run.append(token.text_with_ws)
            continue
        if run:
            fragment = "".join(run).strip(" ,;\n")
            if fragment:
                dropped.append(fragment)
            run = []
            parts.append(" ")  # the words on either side stay apart
        parts.append(token.text_with_ws)
    if run:
        fragment = "".join(run).strip(" ,;\n")
        if fragment:
            dropped.append(fragment)
    text = _tidy("".join(parts))
    if not text or not any(c.isalnum() for c in text):
        return None
    if add_final:
        text = text.rstrip(",;:— -")
        if text[-1] not in ".!?\"”’'":
            text += add_final
    if 0 in deleted:
        text = _capitalise(text)
    return text, tuple(dropped)


_SPACE_BEFORE_MARK = re.compile(r"\s+([,.;:!?])")
_REPEATED_COMMA = re.compile(r",(\s*,)+")
_COMMA_BEFORE_END = re.compile(r"[,;:]\s*([.!?]+[\"”’']?)$")


def _tidy(text: str) -> str:
    text = " ".join(text.split())
    text = _SPACE_BEFORE_MARK.sub(r"\1", text)
    text = _REPEATED_COMMA.sub(",", text)
    text = _COMMA_BEFORE_END.sub(r"\1", text)
    return text.strip(" ,;:")


def _capitalise(text: str) -> str:
    """Capitalise the first letter, unless a number comes first ("15 per cent")."""
    for position, char in enumerate(text):
        if char.isalpha():
            return text[:position] + char.upper() + text[position + 1 :]
        if char.isdigit():
            return text
    return text


def _sound(doc: Parsed, deleted: set[int], heads: list[Word]) -> bool:
    """Whether what is kept still reads as a sentence: nothing dangles, the subject stays."""
    kept = [t for t in doc if t.i not in deleted and not t.is_punct]
    if len(kept) < _MIN_KEPT_WORDS:
        return False
    if kept[-1].tag_ in _DANGLING_TAGS:
        return False
    if kept[0].i != doc[0].i and kept[0].tag_ in ("CC", "TO"):
        return False
    for verb in _clause_verbs(heads):
        if verb.i in deleted or verb.lower_ not in _COPULAS or verb.dep_ in ("aux", "auxpass"):
            continue
        complements = [c for c in verb.children if c.dep_ not in ("punct", "cc", *_SUBJECTS)]
        if complements and all(c.i in deleted for c in complements):
            return False  # "This was, a conduct panel heard."
    for verb in (t for t in doc if t.i not in deleted and _is_speech(t)):
        # "Angela Moore said later.": a speaker kept without what was said.
        after = [t for t in doc[verb.i + 1 :] if not t.is_punct]
        kept_after = [t for t in after if t.i not in deleted]
        if len(after) > 2 and not any(
            t.pos_ in ("NOUN", "PROPN", "VERB", "PRON") for t in kept_after
        ):
            return False
    for head in heads:
        if head.i in deleted:
            return False
        had_subject = any(c.dep_ in _SUBJECTS for c in head.children)
        if had_subject and not any(
            c.dep_ in _SUBJECTS and c.i not in deleted for c in head.children
        ):
            return False
    return True


def _context(
    doc: Parsed, deleted: set[int], heads: list[Word]
) -> tuple[str | None, str | None, frozenset[str]]:
    """How a version opens, the pronoun it leans on, and the names it holds."""
    kept = [t for t in doc if t.i not in deleted and not t.is_punct and not t.is_quote]
    if not kept:
        return None, None, frozenset()
    first = kept[0]
    opens_with: str | None = None
    pronoun: str | None = None
    if first.lower_ in _CONJUNCTIONS or _CONNECTIVES.fullmatch(first.lower_):
        opens_with = "connective"
    elif _is_pronoun(first) or (first.lower_ in _DEMONSTRATIVES and first.dep_ == "det"):
        # "This clip shows ..." leans on what came before as much as "It shows".
        opens_with = "pronoun"
        pronoun = None if _expletive(first) else first.lower_
    # The subjects of the main clause and of what it reports ("It seems they ...").
    for verb in _clause_verbs(heads):
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.i not in deleted:
                subject, _ = _subject_names(child)
                if subject is not None and not _expletive(child):
                    pronoun = pronoun or subject
    names = {t.lower_ for t in kept if t.pos_ == "PROPN" and t.is_alpha}
    names.update(
        t.lower_ for t in kept if t.dep_ in ("nsubj", "nsubjpass", "dobj") and t.pos_ == "NOUN"
    )
    return opens_with, pronoun, frozenset(names)


def _expletive(token: Word) -> bool:
    """ "It" standing for a clause that follows ("It emerged that ...", "It is thought ...")."""
    if token.lower_ != "it":
        return False
    if token.dep_ == "expl":
        return True
    verb = token.head
    if verb.lower_ in _SPEECH and token.dep_ == "nsubj":
        return False  # "It said that ...": the company, the paper ("It is thought" is not)
    return token.dep_ in ("nsubj", "nsubjpass") and any(
        c.dep_ in ("ccomp", "csubj", "xcomp") and c.i > verb.i for c in verb.children
    )


def _is_pronoun(token: Word) -> bool:
    word = token.lower_
    return token.tag_ in ("PRP", "PRP$") or (word in _DEMONSTRATIVES and token.pos_ == "PRON")
