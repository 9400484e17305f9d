"""Cleaning plain text: normalise it, and take out what is not the article.

Repair first: text that went through the wrong character encoding on its way
("Â£60m", "the Ministerâ€™s") is put right with ftfy, the library made for
it, before anything reads it, and each repair is reported (as a
:class:`Removed` whose reason gives the repaired text), so that summaries,
captions and speech never see it.

Normalisation: Unicode NFC; line breaks unified; control, zero-width and
soft-hyphen characters removed; runs of spaces collapsed; every non-blank line
kept as a paragraph, paragraphs separated by a blank line. Bidirectional
control characters (U+202E and the like, which make text show in another
order than it is read) are removed too, and reported. Titles get the same
treatment, on one line (:func:`clean_title`).

Then the *boilerplate* goes, each piece reported as a :class:`Removed` with its
reason: stray HTML tags and entities left in plain text, and whole sentences
that are cookie or consent notices, newsletter and sign-up prompts, share and
follow prompts, adverts and link prompts ("Read more", "Click here"). The
patterns are deliberately narrow: an article sentence that merely mentions
cookies, data or sharing stays. A sentence is only taken as a prompt when the
prompt *is* the sentence (or, for "Scroll down for video", its first words).

Page furniture goes the same way: a news agency's dateline at the start of a
paragraph ("(CNN)", "LONDON (Reuters) - "), bylines and time stamps, and photo
captions, recognised by the position markers only captions carry ("(left)",
"(right)", "(centre)").
"""

from __future__ import annotations

import difflib
import html
import re
import unicodedata
from collections import Counter

import ftfy

from access_api.errors import EmptyText, OnlyBoilerplate, TextTooLong, UnreadableText
from access_api.text._model import Removed, Sentence
from access_api.text._segment import split_sentences

__all__ = ["MAX_TITLE_CHARS", "boilerplate_reason", "clean_plain", "clean_title", "decode_bytes"]

MAX_TITLE_CHARS = 500
"""The longest title accepted from a person (the API and the form alike), in characters."""

# Past this share of control or replacement characters, the input is binary
# or wrongly decoded, not text with a few stray characters.
_MAX_GARBAGE_SHARE = 0.05
# A line longer than this many times the limit is refused before any work, so
# an enormous input cannot cost time proportional to its size in regexes.
_PRECHECK_FACTOR = 4

_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
_INVISIBLE = re.compile(r"[\u00ad\u200b\u200c\u200e\u200f\u2060\ufeff]")
# Bidirectional embeddings, overrides and isolates: they reorder the text on
# screen ("Trojan Source"), so what a reader sees differs from what was sent.
_BIDI = re.compile(r"[\u061c\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n\s*\n+|\n")
# A tag with a known shape (<p>, </div>, <a href="...">, <br/>, <!-- ... -->),
# and a tag cut off at the end of a line, like the ones pasted from web pages.
_ATTRIBUTE = r"""\s+[a-zA-Z_:][-\w:.]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>]+))?"""
_TAG = re.compile(
    rf"<!--.*?-->|</?[a-zA-Z][a-zA-Z0-9-]*(?:{_ATTRIBUTE})*\s*/?>"
    rf"""|<[a-zA-Z][a-zA-Z0-9-]*(?:{_ATTRIBUTE})*\s+[a-zA-Z-]+=["'][^<>\n]*$""",
    re.DOTALL | re.MULTILINE,
)
_TAG_NAME = re.compile(r"</?([a-zA-Z][a-zA-Z0-9-]*)")
_INLINE_TAGS = frozenset(
    [
        "a",
        "abbr",
        "b",
        "cite",
        "code",
        "em",
        "font",
        "i",
        "mark",
        "q",
        "s",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "u",
    ]
)
# Control characters (Unicode category Cc) other than the newline.
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
_GARBAGE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});")
# "Scroll down for video" is pasted into article text with no full stop after
# it, so it is cut out as a phrase wherever it stands.
_VIDEO_PROMPT = re.compile(
    r"\bscroll (?:down|up) (?:for|to (?:watch|see)) (?:the )?videos?\b[\s.:,-]*"
    r"|(?:^|(?<=[.!?] )|(?<=[.!?][\"”’'] ))(?:watch|see) the video\s*:\s*",
    re.IGNORECASE,
)


_DATELINE = re.compile(
    r"^(?:[A-Z][\w.'’-]*(?:,? [A-Z][\w.'’-]*){0,4} )?"
    r"\((?:CNN|Reuters|AP|AFP|PA|UPI|Bloomberg|dpa|EFE|Xinhua)\)\s*(?:(?:--?|—|–)\s*)?"
)
# Where a photo stands in a picture: words no article sentence needs.
# ("(above)" and "(pictured)" are left alone: article sentences point at
# their pictures that way too.)
_CAPTION_MARK = re.compile(
    r"\((?:(?:pictured |seen |far |second |third |top |bottom )?"
    r"(?:left|right|centre|center)(?: (?:and|to) (?:left|right|centre|center))?"
    r"|l-r|r-l|from left|left to right|file (?:photo|picture|image))\)",
    re.IGNORECASE,
)


def _any(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


# Patterns searched anywhere in a sentence: specific enough that an article
# sentence does not contain them.
_ANYWHERE: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "cookie notice",
        _any(
            r"\b(?:we|our partners|this (?:site|website))\b[^.]{0,80}\b(?:use|uses|set|store)\b"
            r"[^.]{0,40}\bcookies\b",
            r"\binformation collected through cookies\b",
            r"\bcookies?\b[^.]{0,80}\b(?:improve (?:your )?experience|personali[sz]ed? "
            r"(?:ads|advertising|content)|analy[sz]e (?:how|site|traffic))",
            r"\b(?:accept|consent to|agree to|acceptance of)\b[^.]{0,20}\bcookies\b",
            r"\bdo not sell or share my\b",
            r"\bopt out of the sale\b",
            r"\bpreferences are browser[- ]specific\b",
            r"\b(?:manage|update|change) (?:your )?(?:cookie|privacy|consent) "
            r"(?:settings|preferences|choices)\b",
            r"\bcookie (?:policy|settings|preferences|notice)\b",
            r"\b(?:by (?:using|continuing to use|browsing)) (?:this|our) (?:site|website)\b",
        ),
    ),
    (
        "newsletter prompt",
        _any(
            r"\b(?:sign up|subscribe)\b[^.]{0,40}\bnewsletters?\b",
            r"\bnewsletters?\b[^.]{0,40}\b(?:sign up|subscribe)\b",
            r"\b(?:delivered|straight|direct(?:ly)?) to your inbox\b",
            r"\benter your email(?: address)?\b",
            r"\bthanks? (?:you )?for subscribing\b",
        ),
    ),
)

# Patterns that must match the whole sentence: short prompts whose words could
# also appear inside an ordinary sentence.
_WHOLE: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "advert",
        _any(
            r"advertisement|advert|sponsored(?: content)?|promoted(?: content)?|paid content",
            r"(?:story|article) continues below(?: this)? advert(?:isement)?",
            r"continue reading (?:the main story|below)",
        ),
    ),
    (
        "share prompt",
        _any(
            r"share(?: this)?(?: article| story| page| post)?(?: on [\w, ]{1,60})?",
            r"(?:follow|like) us(?: on [\w, ]{1,60})?",
            r"(?:tweet|email|print) this(?: article| story)?",
            r"copy (?:the )?link(?: to (?:this )?(?:article|story))?",
            r"(?:share|comment)s? \(\d+\)",
        ),
    ),
    (
        "byline",
        _any(
            r"by\s*\.?\s*[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}"
            r"(?:(?:,| and| &) [A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})*"
            r"(?:,? (?:for|in|from) [\w .'’-]{1,40})?",
            r"(?:published|updated|last updated|posted)\s*:?\s*\.?\s*[\d:,.| a-z]{4,80}",
        ),
    ),
    (
        "link prompt",
        _any(
            r"(?:read|see) (?:more|also)\b[^.!?]{0,120}",
            r"click here\b[^.!?]{0,80}",
            r"(?:read|view) (?:the )?(?:full|original) (?:article|story)\b[^.!?]{0,60}",
            r"more on this story|related (?:articles?|stories|content|topics)",
            r"(?:watch|see) (?:the )?video",
            r"(?:sign up|subscribe|log in|sign in|register)(?: now| today| here| for free)?",
        ),
    ),
)


def decode_bytes(data: bytes) -> str:
    """Decode uploaded text, refusing what is not UTF-8 text.

    Raises:
        UnreadableText: the bytes are binary or not valid UTF-8.
    """
    if b"\x00" in data:
        msg = "The file looks like a binary file, not text. Send plain text or a web page."
        raise UnreadableText(msg)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        msg = (
            f"The text is not valid UTF-8 (a bad byte at position {exc.start}). "
            "Save it as UTF-8 and send it again."
        )
        raise UnreadableText(msg) from exc


def _check_readable(text: str) -> None:
    garbage = len(_GARBAGE.findall(text))
    if garbage > len(text) * _MAX_GARBAGE_SHARE:
        msg = (
            "The text is mostly unreadable characters, as if a binary file or a wrongly "
            "decoded one was sent. Send plain UTF-8 text."
        )
        raise UnreadableText(msg)


def _strip_markup(text: str, removed: list[Removed]) -> str:
    def drop(match: re.Match[str]) -> str:
        tag = match.group(0)
        removed.append(Removed(tag, "stray HTML"))
        # Inline tags sit inside words and sentences ("<b>won</b>,"); others
        # (<p>, <br>, <div>) separated what they stood between.
        name = _TAG_NAME.match(tag)
        return "" if name and name.group(1).lower() in _INLINE_TAGS else " "

    if "<" in text:
        text = _TAG.sub(drop, text)
    if "&" in text:
        text = _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
    return text


def _repair_encoding(text: str, removed: list[Removed]) -> str:
    """Undo mojibake line by line, reporting each distinct repair once with its count."""
    repairs: Counter[tuple[str, str]] = Counter()
    lines = text.split("\n")
    for number, line in enumerate(lines):
        fixed = ftfy.fix_encoding(line)
        if fixed == line:
            continue
        before, after = line.split(), fixed.split()
        if len(before) == len(after):
            # Word by word, as a reader would spot them: "Â£60m" was "£60m".
            repairs.update((a, b) for a, b in zip(before, after, strict=True) if a != b)
        else:
            matcher = difflib.SequenceMatcher(None, line, fixed, autojunk=False)
            for tag, a, b, c, d in matcher.get_opcodes():
                if tag != "equal":
                    repairs[line[a:b], fixed[c:d]] += 1
        lines[number] = fixed
    for (broken, repaired), count in repairs.items():
        times = f" ({count} times)" if count > 1 else ""
        shown = f"“{repaired}”" if repaired.strip() else "nothing"
        removed.append(Removed(broken, f"mis-encoded text, repaired as {shown}{times}"))
    return "\n".join(lines) if repairs else text


def _drop_bidi_controls(text: str, removed: list[Removed]) -> str:
    found = _BIDI.findall(text)
    if not found:
        return text
    names = ", ".join(f"U+{ord(c):04X}" for c in sorted(set(found)))
    times = f" ({len(found)} times)" if len(found) > 1 else ""
    removed.append(Removed(names, f"bidirectional control characters{times}"))
    return _BIDI.sub("", text)


def clean_title(title: str | None) -> str | None:
    """A title on one line: no control, invisible or bidirectional control
    characters, spaces collapsed, at most :data:`MAX_TITLE_CHARS` long (a
    web page's own title can be any length); ``None`` when nothing is left.

    >>> clean_title("Floods\\x00 in\\u202e  the north\\n")
    'Floods in the north'
    """
    if title is None:
        return None
    title = _CONTROL.sub(" ", _BIDI.sub("", _INVISIBLE.sub("", title[: MAX_TITLE_CHARS * 4])))
    title = " ".join(title.split())
    if len(title) > MAX_TITLE_CHARS:
        title = title[: MAX_TITLE_CHARS - 1].rstrip() + "…"
    return title or None


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = _NEWLINES.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    # Control characters other than newline become spaces so words stay apart.
    text = _CONTROL.sub(" ", text)
    return _SPACES.sub(" ", text)


def boilerplate_reason(sentence: str) -> str | None:
    """Why ``sentence`` is boilerplate ("cookie notice", "share prompt"...), or ``None``."""
    for reason, pattern in _ANYWHERE:
        if pattern.search(sentence):
            return reason
    if _CAPTION_MARK.search(sentence):
        return "photo caption"
    bare = sentence.strip().rstrip(".!:;…»›>|").strip()
    for reason, pattern in _WHOLE:
        if pattern.fullmatch(bare):
            return reason
    return None


def _clean_paragraph(paragraph: str, removed: list[Removed]) -> list[str]:
    kept: list[str] = []
    dateline = _DATELINE.match(paragraph)
    if dateline and dateline.end() < len(paragraph):
        removed.append(Removed(dateline.group(0).strip(), "dateline"))
        paragraph = paragraph[dateline.end() :]
    if "croll" in paragraph or "video" in paragraph:

        def drop(match: re.Match[str]) -> str:
            removed.append(Removed(match.group(0).strip(), "video prompt"))
            return ""

        paragraph = _VIDEO_PROMPT.sub(drop, paragraph)
    for sentence in split_sentences(paragraph):
        text = sentence.text
        reason = boilerplate_reason(text)
        if reason is None:
            kept.append(text)
        else:
            removed.append(Removed(text, reason))
    return kept


def _assemble(paragraphs: list[list[str]]) -> tuple[str, list[Sentence]]:
    """Join kept sentences into clean text, recording where each one lands."""
    parts: list[str] = []
    sentences: list[Sentence] = []
    offset = 0
    for number, kept in enumerate(p for p in paragraphs if p):
        if number:
            parts.append("\n\n")
            offset += 2
        for position, text in enumerate(kept):
            if position:
                parts.append(" ")
                offset += 1
            sentences.append(Sentence(len(sentences), text, offset, offset + len(text), number))
            parts.append(text)
            offset += len(text)
    return "".join(parts), sentences


def clean_plain(
    text: str, *, max_chars: int
) -> tuple[str, tuple[Removed, ...], tuple[Sentence, ...]]:
    """Normalise ``text`` and remove its boilerplate.

    Args:
        text: the article as plain text; paragraphs on their own lines.
        max_chars: the largest clean text accepted.

    Returns:
        The clean text (paragraphs separated by a blank line), what was removed
        from it in order, and the clean text's sentences (the ones
        :func:`split_sentences` finds, already placed in the clean text).

    Raises:
        EmptyText: there is no text.
        UnreadableText: the text is mostly binary garbage.
        OnlyBoilerplate: everything was boilerplate.
        TextTooLong: the clean text is longer than ``max_chars``.
    """
    if len(text) > max_chars * _PRECHECK_FACTOR:
        raise TextTooLong(len(text), max_chars)
    if not text.strip():
        msg = "The text is empty. Paste or send the article's text."
        raise EmptyText(msg)
    _check_readable(text)
    removed: list[Removed] = []
    # No NUL goes further, not even into what is reported removed: PostgreSQL
    # refuses it in text and JSON alike.
    text = _drop_bidi_controls(text.replace("\x00", " "), removed)
    text = _normalise(_strip_markup(_repair_encoding(text, removed), removed))
    paragraphs = [p.strip() for p in _BLANK_LINES.split(text)]
    result, sentences = _assemble([_clean_paragraph(p, removed) for p in paragraphs if p])
    if not result:
        if removed:
            msg = (
                "Everything in the text was boilerplate (such as cookie notices, sign-up "
                "prompts or adverts), so no article was left. Send the article itself."
            )
            raise OnlyBoilerplate(msg)
        msg = "The text has no readable words. Paste or send the article's text."
        raise EmptyText(msg)
    if len(result) > max_chars:
        raise TextTooLong(len(result), max_chars)
    return result, tuple(removed), tuple(sentences)
