"""Fixtures for the speech tests: the seed article's sentences, settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from access_api.settings import Settings
from access_api.speech import SpokenSentence
from access_api.text import clean_text

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_fb8d5ec5391621b1.txt"


@pytest.fixture(scope="session")
def seed_sentences() -> list[SpokenSentence]:
    clean = clean_text(SEED.read_text(encoding="utf-8"), max_chars=200_000)
    return [SpokenSentence(s.index, s.text, s.paragraph) for s in clean.sentences]


@pytest.fixture
def speech_settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", voices_dir=tmp_path / "voices")
