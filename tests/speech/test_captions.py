from __future__ import annotations

import itertools
import json
from typing import TYPE_CHECKING

from access_api.speech import (
    SCREEN_LINE_CHARS,
    SCREEN_LINES,
    ScreenCue,
    SpokenSentence,
    Timing,
    parse_timings,
    screen_cues,
    screen_webvtt,
    synthesise,
    timings_json,
    webvtt,
)

if TYPE_CHECKING:
    from pathlib import Path

    from access_api.settings import Settings


def test_webvtt_has_a_header_and_one_cue_per_sentence() -> None:
    vtt = webvtt([Timing(0, 0.2, 1.5, "One."), Timing(1, 1.85, 3.0, "Two.")])
    blocks = vtt.split("\n\n")
    assert blocks[0] == "WEBVTT"
    assert blocks[1:] == [
        "0\n00:00:00.200 --> 00:00:01.500\nOne.",
        "1\n00:00:01.850 --> 00:00:03.000\nTwo.\n",
    ]


def test_cue_times_count_hours_and_round_to_milliseconds() -> None:
    vtt = webvtt([Timing(7, 3725.0004, 3727.9996, "Late.")])
    assert "01:02:05.000 --> 01:02:08.000" in vtt


def test_cue_text_escapes_markup_and_keeps_to_one_line() -> None:
    vtt = webvtt([Timing(0, 0.0, 1.0, "Fish & chips <b>now</b> --> later\n\nend")])
    assert vtt.endswith("Fish &amp; chips &lt;b&gt;now&lt;/b&gt; --&gt; later end\n")


def test_timings_json_lists_index_start_end_and_text() -> None:
    data = json.loads(timings_json([Timing(3, 0.2, 1.25, "Café.")]))
    assert data == [{"sentence_index": 3, "start": 0.2, "end": 1.25, "text": "Café."}]


def test_screen_cues_of_the_seed_fit_two_lines_and_share_out_each_sentences_time(
    seed_sentences: list[SpokenSentence], speech_settings: Settings, tmp_path: Path
) -> None:
    made = synthesise(
        seed_sentences,
        voice_id="espeak:en-us",
        format="wav",
        title="Seed",
        variant="Full article",
        output_dir=tmp_path,
        settings=speech_settings,
    )
    cues = screen_cues(made.timings)
    by_sentence: dict[int, list[ScreenCue]] = {}
    for cue in cues:
        by_sentence.setdefault(cue.sentence_index, []).append(cue)
    assert sorted(by_sentence) == [t.sentence_index for t in made.timings]
    assert max(len(t.text) for t in made.timings) > 2 * SCREEN_LINE_CHARS, "long sentences cut"
    for timing in made.timings:
        own = by_sentence[timing.sentence_index]
        assert own[0].start == timing.start
        assert own[-1].end == timing.end
        for before, after in itertools.pairwise(own):
            assert before.end == after.start, "no gap and no overlap inside a sentence"
        assert all(c.start < c.end for c in own)
        assert " ".join(" ".join(c.lines) for c in own) == " ".join(timing.text.split()), (
            "every word whole, in order"
        )
        for cue in own:
            assert 1 <= len(cue.lines) <= SCREEN_LINES
            assert all(len(line) <= SCREEN_LINE_CHARS for line in cue.lines), cue
    for before, after in itertools.pairwise(cues):
        assert before.end <= after.start, "cues never overlap"


def test_a_cue_takes_the_share_of_time_its_spoken_length_has() -> None:
    text = (
        "The council will spend $4.2bn on new homes, and the work on them starts in the "
        "spring of next year."
    )
    first, second = screen_cues([Timing(0, 0.0, 10.0, text)])
    assert first.lines == ("The council will spend", "$4.2bn on new homes,"), "cut at the clause"
    # "$4.2bn" is said "4.2 billion dollars": the first cue is heard longer than it reads.
    assert first.end - first.start > 10.0 * len(" ".join(first.lines)) / len(text)
    assert second.end == 10.0


def test_a_word_longer_than_a_line_stays_whole_on_a_line_of_its_own() -> None:
    word = "https://example.org/" + "a" * 50
    cues = screen_cues([Timing(0, 0.0, 4.0, f"See {word} for the full report today.")])
    assert word in [line for cue in cues for line in cue.lines]
    assert all(len(line) <= SCREEN_LINE_CHARS for cue in cues for line in cue.lines if line != word)


def test_screen_webvtt_numbers_the_cues_of_each_sentence() -> None:
    vtt = screen_webvtt(
        [
            Timing(0, 0.2, 1.0, "Short & sweet."),
            Timing(1, 1.4, 9.0, " ".join(["Many words go here"] * 8) + "."),
        ]
    )
    blocks = vtt.strip().split("\n\n")
    assert blocks[0] == "WEBVTT"
    assert blocks[1] == "0-1\n00:00:00.200 --> 00:00:01.000\nShort &amp; sweet."
    assert [b.split("\n", 1)[0] for b in blocks[2:]] == ["1-1", "1-2"]
    assert all(len(b.splitlines()) <= 2 + SCREEN_LINES for b in blocks[1:])


def test_timings_read_back_from_their_json() -> None:
    timings = [Timing(3, 0.2, 1.25, "Café."), Timing(4, 1.6, 2.0, "Tea.")]
    assert parse_timings(timings_json(timings)) == timings
