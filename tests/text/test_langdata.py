from __future__ import annotations

from typing import TYPE_CHECKING

import nltk
import textstat
from nltk.corpus.reader import CMUDictCorpusReader
from nltk.data import FileSystemPathPointer
from nltk.tokenize.punkt import PunktSentenceTokenizer, load_punkt_params
from sumy.nlp.tokenizers import Tokenizer
from sumy.parsers.plaintext import PlaintextParser

from access_api.text._langdata import ensure_language_data, install_language_data

if TYPE_CHECKING:
    from pathlib import Path

    import pytest


def test_generated_data_loads_with_nltks_own_readers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # NLTK only reads corpora from directories on its data path.
    monkeypatch.setattr(nltk.data, "path", [str(tmp_path), *nltk.data.path])
    root = install_language_data(tmp_path)

    cmu = CMUDictCorpusReader(str(root / "corpora" / "cmudict"), ["cmudict"]).dict()
    assert cmu["natural"][0] == ["N", "AE1", "CH", "ER0", "AH0", "L"]
    assert len(cmu["a"]) == 2  # both pronunciations of "a" survive
    assert len(cmu) > 100_000

    lang_dir = FileSystemPathPointer(str(root / "tokenizers" / "punkt_tab" / "english"))
    params = load_punkt_params(lang_dir)
    assert "dr" in params.abbrev_types
    tokenizer = PunktSentenceTokenizer(params)
    assert tokenizer.tokenize("Dr. Smith went home. He was tired.") == [
        "Dr. Smith went home.",
        "He was tired.",
    ]


def test_installing_twice_leaves_the_files_untouched(tmp_path: Path) -> None:
    install_language_data(tmp_path)
    cmu_file = tmp_path / "corpora" / "cmudict" / "cmudict"
    before = cmu_file.stat().st_mtime_ns

    install_language_data(tmp_path)

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
