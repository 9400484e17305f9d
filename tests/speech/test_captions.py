from __future__ import annotations

import json

from access_api.speech import Timing, timings_json, webvtt


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
