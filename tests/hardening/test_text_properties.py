"""Any Unicode through the text pipeline gives a result or an error a person can act on.

Cleaning, readability and the summaries at every level, on text made by
Hypothesis: control characters, right-to-left runs, emoji, combining marks,
words with no end. Nothing may raise except an :class:`AccessApiError` that
maps to a 4xx.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from access_api.errors import AccessApiError
from access_api.text import _counts, _ingest
from access_api.text.readability import assess
from access_api.text.summaries import ReadingLevel, summarise
from access_api.web._problems import status_of

if TYPE_CHECKING:
    from collections.abc import Callable

    from access_api.text import CleanText

LIMIT = 200_000
_VOCABULARY = (
    "the park council will open next summer people asked for trees and a place to play "
    "mayor said work on paths start in spring . , ; ! ? U.S. Dr. e.g. 3.5 “quoted” (aside)"
)
WORDS = st.sampled_from(_VOCABULARY.split(" "))
CONTROL = st.characters(categories=["Cc", "Cf", "Zl", "Zp"])
RTL = st.sampled_from(list("אבגדהוזחטיכלמנסעפצקרשת") + list("ابتثجحخدذرزسشصضطظعغفقكلمنهوي"))
BIDI = st.sampled_from(["\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"])
EMOJI = st.sampled_from(["😀", "👩‍👩‍👧", "🏳️‍🌈", "👍🏽", "🇬🇧", "\ufe0f", "\u200d", "🧑🏿‍🦯"])
COMBINING = st.characters(categories=["Mn", "Mc", "Me"])
ANY_CHAR = st.characters(codec="utf-8")

PIECES = st.one_of(WORDS, CONTROL, RTL, BIDI, EMOJI, COMBINING, ANY_CHAR, st.just(" "))
TEXTS = st.lists(PIECES, max_size=120).map(" ".join)

FEW = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)


def analyse(clean: Callable[[], CleanText]) -> None:
    """Run the whole pipeline; an error must be one of ours, answered with a 4xx."""
    refused: AccessApiError | None = None
    try:
        content = clean()
        assess(content.text, content.sentences, words_per_minute=238)
        for level in ReadingLevel:
            summarise(content.text, content.sentences, level)
    except AccessApiError as exc:
        refused = exc
    if refused is not None:
        assert 400 <= status_of(refused) < 500, refused
        assert str(refused).strip()


@FEW
@given(TEXTS)
@example("a" * 100_000)
@example("supercalifragilistic" * 5_000 + " and then a sentence.")
@example(("no punctuation at all " * 2_500).strip())
@example("\u0000\u0001\u0002\u001b[31m\u007f")
@example("\u202eevil.exe\u202c is a file. " * 20)
@example("e\u0301" * 5_000)
@example("😀" * 10_000)
def test_any_text_gives_a_result_or_a_4xx(text: str) -> None:
    analyse(lambda: _ingest.clean_text(text, title=None, max_chars=LIMIT))


TAGS = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<div>",
        "</div>",
        "<script>",
        "</script>",
        "<style>",
        "<br>",
        "<!--",
        "-->",
        "<![CDATA[",
        "<a href='javascript:x'>",
        "</a>",
        "<img onerror=x>",
        "&amp;",
        "&#0;",
        "&#x110000;",
        "&nbsp;",
        "<",
        ">",
        "<html>",
        "<body>",
        "<table><tr><td>",
        "<nav>",
    ]
)
HTML = st.lists(st.one_of(TAGS, PIECES), max_size=150).map("".join)


@FEW
@given(HTML)
@example("<p>" + "a" * 100_000 + "</p>")
@example("<div>" * 5_000 + "deep" + "</div>" * 5_000)
@example("<p data-x='" + "A" * 500_000 + "'>An attribute as big as a book.</p>")
def test_any_html_gives_a_result_or_a_4xx(html: str) -> None:
    analyse(lambda: _ingest.clean_html(html, title=None, max_chars=LIMIT))


@FEW
@given(TEXTS, st.text(max_size=50))
def test_any_title_gives_a_result_or_a_4xx(text: str, title: str) -> None:
    analyse(
        lambda: _ingest.clean_text("The park opens in May. " + text, title=title, max_chars=LIMIT)
    )


def test_the_word_lists_load_once_however_many_requests_ask_at_once() -> None:
    # A cold server under load: every worker thread wants the lists at once.
    _counts._load_lexicon.cache_clear()
    start = threading.Barrier(6)
    loaded: list[object] = []

    def ask() -> None:
        start.wait()
        loaded.append(_counts._lexicon()[0])

    threads = [threading.Thread(target=ask) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(loaded) == 6
    assert len({id(lists) for lists in loaded}) == 1
