"""Text: from an article's words to clean sentences, scores and summaries.

Everything here turns strings (or a file's bytes) into data: nothing fetches,
nothing knows about HTTP or the settings. Code outside this package imports
only the names below (a test keeps it so). The modules, in the order the
pipeline runs::

    _ingest       read_file / clean_text / clean_html: one entry per input; titles
    ├── _html     the main content of a web page
    ├── _clean    Unicode, whitespace and boilerplate sentences (reported as Removed)
    └── _segment  sentences with offsets into the clean text
    _model        CleanText, Sentence, Removed: the values passed around
    readability   textstat's formulas, one grade (Flesch-Kincaid), its words, hard words
    ├── _counts   textstat's counts, made once per text and shared by the formulas
    summaries     summaries at a reading level (ours, or any of sumy's algorithms)
    ├── _select   our selection: important sentences a reader at the level can read
    ├── _compress shorter versions of a sentence, by deleting whole constituents only
    ├── _parse    dependency parses (spaCy's en_core_web_sm), loaded once, kept per sentence
    └── _sumy     sumy's algorithms, run on our sentences
    _langdata     NLTK data made at install time from PyPI packages, never downloaded
"""

from __future__ import annotations

from access_api.text._clean import MAX_TITLE_CHARS
from access_api.text._ingest import clean_html, clean_text, read_file, title_from_text
from access_api.text._langdata import ensure_language_data, install_language_data
from access_api.text._model import CleanText, Removed, Sentence
from access_api.text._parse import load_pipeline
from access_api.text._segment import split_sentences, split_words
from access_api.text.readability import (
    GRADE_BANDS,
    HARD_SENTENCE_GRADE,
    GradeBand,
    ReadabilityReport,
    SentenceReadability,
    assess,
    grade_band,
    grade_words,
    target_words,
    whole_grade,
)
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
    "GRADE_BANDS",
    "HARD_SENTENCE_GRADE",
    "LEVEL_TARGETS",
    "MAX_TITLE_CHARS",
    "Algorithm",
    "CleanText",
    "GradeBand",
    "LevelTarget",
    "ReadabilityReport",
    "ReadingLevel",
    "Removed",
    "Sentence",
    "SentenceReadability",
    "Summary",
    "SummarySentence",
    "assess",
    "clean_html",
    "clean_text",
    "ensure_language_data",
    "grade_band",
    "grade_words",
    "install_language_data",
    "load_pipeline",
    "read_file",
    "split_sentences",
    "split_words",
    "summarise",
    "target_words",
    "title_from_text",
    "whole_grade",
]
