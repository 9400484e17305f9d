"""The pronunciation list: words and phrases, and how to say them.

A bundled list covers names the engines get wrong ("Niamh" is "Neeve"); a
publisher adds their own in the file named by ``ACCESS_API_PRONUNCIATIONS_FILE``,
whose entries win. The file is UTF-8, one entry a line, ``#`` starting a
comment::

    Niamh = Neeve
    Nguyen = Win /wˈɪn/
    Cholmondeley = Chumly
    Beaulieu = Bewley

The respelling is what eSpeak NG and gTTS are given; phonemes between
slashes (eSpeak NG's IPA, as Piper's voices use) are given to Piper voices,
which then say exactly that. An entry matches whole words, ignoring case,
unless its written form has a capital after its first letter ("NATO",
"McCann"): then only that exact spelling matches. A possessive "'s" after a
listed word is kept.

The list is read again when the file changes, and the entries a text uses are
part of its audio's key, so audio made before an entry changed is made again.
"""

from __future__ import annotations

import itertools
import logging
import re
import threading
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from access_api.settings import SettingsError

if TYPE_CHECKING:
    from collections.abc import Iterable

    from access_api.settings import Settings
    from access_api.speech._normalise import Marked

__all__ = [
    "Pronunciation",
    "PronunciationFileError",
    "Pronunciations",
    "pronunciations_for",
    "read_pronunciations",
]

log = logging.getLogger("access_api.speech")

BUNDLED = "bundled"
PUBLISHER = "publisher"
_BUNDLED_FILE = files("access_api.speech").joinpath("pronunciations.txt")

# Words as the list sees them: letters and digits, with ' & . - inside.
_TOKEN = re.compile(r"[^\W_](?:[\w'’&.-]{0,98}[^\W_])?")
_POSSESSIVE = ("'s", "’s")
_LINE = re.compile(
    r"(?P<written>[^=]+?)\s*=\s*(?P<respelling>[^/]*?)\s*(?:/(?P<phonemes>[^/]+)/)?\s*"
)
_LONGEST_LINE = 1000


class PronunciationFileError(SettingsError):
    """The pronunciation file cannot be read; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class Pronunciation:
    """One entry of the list."""

    written: str
    """The word or phrase as it is written."""
    respelling: str | None
    """How to say it, spelt for an engine to read; None when only phonemes are given."""
    phonemes: str | None
    """How to say it in IPA phonemes (Piper voices), or None."""
    source: str
    """``bundled`` or ``publisher``."""

    @property
    def exact_case(self) -> bool:
        """True when only this exact spelling matches ("NATO", "McCann")."""
        return any(c.isupper() for c in self.written[1:])


def _key(text: str) -> tuple[str, ...]:
    return tuple(t.lower() for t in _TOKEN.findall(text))


class Pronunciations:
    """A pronunciation list, ready to apply to sentences."""

    def __init__(self, entries: Iterable[Pronunciation]) -> None:
        """Later entries with the same written form replace earlier ones."""
        by_key: dict[tuple[str, ...], Pronunciation] = {}
        for entry in entries:
            by_key[_key(entry.written)] = entry
        self._by_key = by_key
        self._longest = max((len(k) for k in by_key), default=0)

    @property
    def entries(self) -> list[Pronunciation]:
        """Every entry, sorted by written form."""
        return sorted(self._by_key.values(), key=lambda e: (e.written.lower(), e.written))

    def _matches(self, text: str) -> list[tuple[int, int, Pronunciation, str]]:
        """Each matched span: ``(start, end, entry, possessive suffix)``, in order."""
        tokens = list(_TOKEN.finditer(text))
        found: list[tuple[int, int, Pronunciation, str]] = []
        i = 0
        while i < len(tokens):
            for length in range(min(self._longest, len(tokens) - i), 0, -1):
                match = self._match_at(text, tokens[i : i + length])
                if match is not None:
                    found.append(match)
                    i += length
                    break
            else:
                i += 1
        return found

    def _match_at(
        self, text: str, tokens: list[re.Match[str]]
    ) -> tuple[int, int, Pronunciation, str] | None:
        if any(text[a.end() : b.start()] != " " for a, b in itertools.pairwise(tokens)):
            return None
        start, end = tokens[0].start(), tokens[-1].end()
        written = text[start:end]
        suffix = ""
        entry = self._by_key.get(_key(written))
        if entry is None and written.endswith(_POSSESSIVE):
            written, suffix = written[:-2], written[-2:]
            entry = self._by_key.get(_key(written))
        if entry is None or (entry.exact_case and written != entry.written):
            return None
        return start, end, entry, suffix

    def apply(self, marked: Marked, *, phonemes: bool) -> None:
        """Replace every listed word in ``marked`` by how it is said.

        Args:
            marked: The sentence being normalised.
            phonemes: True when the engine takes ``[[ phonemes ]]`` (Piper).
        """
        spans = []
        for start, end, entry, suffix in self._matches(marked.text):
            if phonemes and entry.phonemes:
                said = f"[[ {entry.phonemes} ]]"
            elif entry.respelling:
                said = entry.respelling
            else:
                continue  # phonemes only, for an engine that takes none
            spans.append((start, end, said + suffix))
        marked.splice(spans)

    def used_in(self, texts: Iterable[str]) -> list[Pronunciation]:
        """The entries that these texts use, sorted: what their audio depends on."""
        used = {entry for text in texts for _, _, entry, _ in self._matches(text)}
        return sorted(used, key=lambda e: (e.written, e.source))


def _parse(text: str, source: str, name: str) -> list[Pronunciation]:
    entries = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        match = _LINE.fullmatch(line) if len(line) <= _LONGEST_LINE else None
        if match is None or not _TOKEN.search(match["written"]):
            msg = (
                f"{name}, line {number}: expected 'written = respelling' or "
                f"'written = respelling /phonemes/', not {raw.strip()[:80]!r}"
            )
            raise PronunciationFileError(msg)
        respelling = match["respelling"] or None
        phonemes = match["phonemes"].strip() if match["phonemes"] else None
        if respelling is None and phonemes is None:
            msg = f"{name}, line {number}: {match['written']!r} has no respelling or phonemes"
            raise PronunciationFileError(msg)
        if phonemes is not None and ("[" in phonemes or "]" in phonemes):
            msg = f"{name}, line {number}: phonemes may not contain brackets"
            raise PronunciationFileError(msg)
        entries.append(Pronunciation(match["written"], respelling, phonemes, source))
    return entries


def read_pronunciations(path: Path | None) -> Pronunciations:
    """The bundled list, with the entries of the file at ``path`` (if any) added.

    Raises:
        PronunciationFileError: the file is missing, not UTF-8, or has a bad line.
    """
    entries = _parse(_BUNDLED_FILE.read_text(encoding="utf-8"), BUNDLED, "the bundled list")
    if path is not None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            msg = f"The pronunciation file {path} cannot be read: {exc}"
            raise PronunciationFileError(msg) from exc
        entries += _parse(text, PUBLISHER, str(path))
    return Pronunciations(entries)


_LOCK = threading.Lock()
# (path, its modification time and size) -> the list read from it
_CACHE: dict[Path | None, tuple[tuple[int, int] | None, Pronunciations]] = {}


def pronunciations_for(settings: Settings) -> Pronunciations:
    """The list in force for these settings, read again whenever the file changes.

    A file that turns bad while the server runs is logged and the last good
    list kept; one that is bad from the start raises.

    Raises:
        PronunciationFileError: the file has never been readable.
    """
    path = Path(settings.pronunciations_file) if settings.pronunciations_file else None
    try:
        stat = path.stat() if path is not None else None
        version = None if stat is None else (stat.st_mtime_ns, stat.st_size)
    except OSError:
        version = (-1, -1)
    with _LOCK:
        cached = _CACHE.get(path)
        if cached is not None and cached[0] == version:
            return cached[1]
        try:
            loaded = read_pronunciations(path)
        except PronunciationFileError:
            if cached is None:
                raise
            log.exception(
                "the pronunciation file changed and cannot be read; keeping the last list"
            )
            _CACHE[path] = (version, cached[1])
            return cached[1]
        _CACHE[path] = (version, loaded)
        return loaded
