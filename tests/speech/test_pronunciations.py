"""The pronunciation list: its file, how entries match, and what they change."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest

from access_api.settings import Settings
from access_api.speech import (
    PronunciationFileError,
    SpokenSentence,
    audio_key,
    prepare_for_speech,
    pronunciations_for,
    pronunciations_used,
)
from access_api.speech._pronunciations import read_pronunciations

if TYPE_CHECKING:
    from pathlib import Path

    from access_api.speech import Pronunciations

OUR_LIST = """\
# names our readers know
Tolkien = Tol-keen
McCann = Mc Can /məkˈæn/
Siobhan Ní Bhriain = Shivawn Nee Vree-an
R2-D2 = /ɑːɹtˈuːdˈiːtˈuː/
"""


@pytest.fixture
def our_list(tmp_path: Path) -> Path:
    path = tmp_path / "pronunciations.txt"
    path.write_text(OUR_LIST, encoding="utf-8")
    return path


@pytest.fixture
def listed(our_list: Path) -> Pronunciations:
    return read_pronunciations(our_list)


def _said(text: str, pronunciations: Pronunciations, *, phonemes: bool = False) -> str:
    return prepare_for_speech(text, "en-gb", pronunciations, phonemes=phonemes)


def test_a_listed_word_is_respelt_whatever_its_case(listed: Pronunciations) -> None:
    assert _said("Tolkien wrote. TOLKIEN wrote.", listed) == "Tol-keen wrote. Tol-keen wrote."


def test_a_possessive_keeps_its_s(listed: Pronunciations) -> None:
    assert _said("Tolkien's books.", listed) == "Tol-keen's books."


def test_a_word_spelt_with_inner_capitals_matches_that_spelling_only(
    listed: Pronunciations,
) -> None:
    assert _said("McCann and Mccann.", listed) == "Mc Can and Mccann."


def test_a_phrase_matches_as_a_whole(listed: Pronunciations) -> None:
    assert _said("Siobhan Ní Bhriain said.", listed) == "Shivawn Nee Vree-an said."
    assert _said("Siobhan said.", listed) == "Siobhan said."


def test_part_of_a_word_does_not_match(listed: Pronunciations) -> None:
    assert _said("Tolkienesque prose.", listed) == "Tolkienesque prose."


def test_piper_is_given_the_phonemes_and_espeak_the_respelling(listed: Pronunciations) -> None:
    assert _said("McCann won.", listed, phonemes=True) == "[[ məkˈæn ]] won."
    assert _said("McCann won.", listed, phonemes=False) == "Mc Can won."


def test_an_entry_with_phonemes_only_leaves_other_engines_to_the_rules(
    listed: Pronunciations,
) -> None:
    assert _said("R2-D2 beeped.", listed, phonemes=True) == "[[ ɑːɹtˈuːdˈiːtˈuː ]] beeped."
    assert _said("R2-D2 beeped.", listed, phonemes=False) == "R two D two beeped."


def test_the_rules_do_not_rewrite_a_respelling(tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    path.write_text("Apollo 11 = Apollo Eleven Mission\n", encoding="utf-8")
    assert _said("Apollo 11 flew.", read_pronunciations(path)) == "Apollo Eleven Mission flew."


def test_the_bundled_list_applies_without_a_file() -> None:
    bundled = read_pronunciations(None)
    assert _said("Niamh met Keir Starmer in Kyiv.", bundled) == "Neeve met Keer Starmer in Keev."
    assert {e.source for e in bundled.entries} == {"bundled"}


def test_a_publisher_entry_wins_over_the_bundled_one(tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    path.write_text("Niamh = Nee-av\n", encoding="utf-8")
    entries = [e for e in read_pronunciations(path).entries if e.written == "Niamh"]
    assert [(e.respelling, e.source) for e in entries] == [("Nee-av", "publisher")]


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("Tolkien", "line 2: expected 'written = respelling'"),
        ("= Tol-keen", "line 2: expected"),
        ("Tolkien =", "has no respelling or phonemes"),
        ("Tolkien = /tˈɒl[[kiːn/", "phonemes may not contain brackets"),
    ],
)
def test_a_bad_line_is_named_with_its_file_and_number(
    tmp_path: Path, line: str, problem: str
) -> None:
    path = tmp_path / "list.txt"
    path.write_text(f"# ours\n{line}\n", encoding="utf-8")
    with pytest.raises(PronunciationFileError, match=problem) as raised:
        read_pronunciations(path)
    assert str(path) in str(raised.value)


def test_a_missing_or_non_utf8_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PronunciationFileError, match="cannot be read"):
        read_pronunciations(tmp_path / "missing.txt")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Dáil = Doyle\n".encode("latin-1"))
    with pytest.raises(PronunciationFileError, match="cannot be read"):
        read_pronunciations(latin)


def _touch_later(path: Path, text: str) -> None:
    before = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 10**9, before + 10**9))


def test_the_list_is_read_again_when_its_file_changes(our_list: Path) -> None:
    settings = Settings(pronunciations_file=str(our_list))
    assert _said("Tolkien.", pronunciations_for(settings)) == "Tol-keen."
    _touch_later(our_list, "Tolkien = Toll-keen\n")
    assert _said("Tolkien.", pronunciations_for(settings)) == "Toll-keen."


def test_a_file_that_turns_bad_keeps_the_last_good_list(
    our_list: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings(pronunciations_file=str(our_list))
    good = pronunciations_for(settings)
    _touch_later(our_list, "Tolkien\n")
    assert pronunciations_for(settings) is good
    assert "cannot be read" in caplog.text


THREE = [
    SpokenSentence(0, "Tolkien wrote at Oxford.", 0),
    SpokenSentence(1, "He walked with friends.", 0),
]


def _key(settings: Settings) -> str:
    used = pronunciations_used(THREE, settings)
    return audio_key(THREE, "espeak:en-gb", 1.0, "normal", "mp3", pronunciations=used)


def test_changing_an_entry_a_text_uses_changes_its_audio_key(our_list: Path) -> None:
    settings = Settings(pronunciations_file=str(our_list))
    before = _key(settings)
    _touch_later(our_list, OUR_LIST.replace("Tol-keen", "Toll-keen"))
    assert _key(settings) != before


def test_changing_an_entry_a_text_does_not_use_keeps_its_audio_key(our_list: Path) -> None:
    settings = Settings(pronunciations_file=str(our_list))
    before = _key(settings)
    _touch_later(our_list, OUR_LIST + "Gandalf = Gan-dalf\n")
    assert _key(settings) == before


def test_applying_a_long_list_to_a_long_text_stays_linear(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(
        "".join(f"Name{i} Surname{i} = Respelt {i}\n" for i in range(20_000)), encoding="utf-8"
    )
    big = read_pronunciations(path)
    text = " ".join(f"Name{i} Surname{i} said" for i in range(0, 20_000, 7))
    said = _said(text, big)
    assert said.count("Respelt") == len(range(0, 20_000, 7))
