from __future__ import annotations

from typing import TYPE_CHECKING

import nltk
import pytest
import textstat
from nltk.corpus.reader import CMUDictCorpusReader
from nltk.data import FileSystemPathPointer
from nltk.tokenize.punkt import PunktSentenceTokenizer, load_punkt_params
from sumy.nlp.tokenizers import Tokenizer
from sumy.parsers.plaintext import PlaintextParser

from access_api.text import _langdata
from access_api.text._langdata import ensure_language_data, install_language_data

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return install_language_data(tmp_path_factory.mktemp("nltk_data"))


def test_generated_data_loads_with_nltks_own_readers(
    generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # NLTK only reads corpora from directories on its data path.
    monkeypatch.setattr(nltk.data, "path", [str(generated), *nltk.data.path])
    root = generated

    reader = CMUDictCorpusReader(str(root / "corpora" / "cmudict"), ["cmudict"])
    # The reader is lazy; the first entries are enough to prove the format.
    first = list(reader.entries()[:20])
    assert ("a", ["AH0"]) in first
    assert ("a", ["EY1"]) in first  # both pronunciations of "a" survive
    lines = (root / "corpora" / "cmudict" / "cmudict").read_text(encoding="utf-8").splitlines()
    assert len(lines) > 100_000

    lang_dir = FileSystemPathPointer(str(root / "tokenizers" / "punkt_tab" / "english"))
    params = load_punkt_params(lang_dir)
    assert "dr" in params.abbrev_types
    tokenizer = PunktSentenceTokenizer(params)
    assert tokenizer.tokenize("Dr. Smith went home. He was tired.") == [
        "Dr. Smith went home.",
        "He was tired.",
    ]


def test_installing_again_leaves_the_files_untouched(generated: Path) -> None:
    cmu_file = generated / "corpora" / "cmudict" / "cmudict"
    before = cmu_file.stat().st_mtime_ns

    assert install_language_data(generated) == generated

    assert cmu_file.stat().st_mtime_ns == before


def test_textstat_and_sumy_work_offline_after_ensure_language_data() -> None:
    # pytest-socket blocks every non-loopback connection, so a download attempt
    # would fail this test.
    ensure_language_data()

    assert textstat.syllable_count("readability") == 5
    assert textstat.flesch_kincaid_grade("The cat sat on the mat. It was happy.") < 3
    parser = PlaintextParser.from_string("Dr. Smith went home. He was tired.", Tokenizer("english"))
    assert [str(s) for s in parser.document.sentences] == [
        "Dr. Smith went home.",
        "He was tired.",
    ]


def test_data_goes_to_a_user_cache_when_the_environment_is_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read_only = tmp_path / "read-only"
    read_only.write_text("a file where a directory should be")
    monkeypatch.setattr(_langdata, "default_data_dir", lambda: read_only / "nltk_data")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    # An NLTK that knows no data directory with the data in it.
    monkeypatch.setattr(nltk.data, "path", [str(tmp_path / "empty")])

    ensure_language_data()

    user_dir = tmp_path / "cache" / "access_api" / "nltk_data"
    assert nltk.data.path[-1] == str(user_dir)
    assert nltk.data.find("corpora/cmudict")
    assert nltk.data.find("tokenizers/punkt_tab/english/")
