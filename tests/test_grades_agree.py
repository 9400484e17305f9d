"""One measure and one table of words for every grade a reader sees, everywhere.

The results page, the help page, the CLI and the API documentation must say
the same grade in the same words: the Flesch-Kincaid grade, put into words by
``GRADE_BANDS``. Before, one line said "Fairly easy: most 14-year-olds can read
it" beside "grade 7, for readers aged about 12 to 13", and the CLI printed
"grade 6.9 (meets its target)" for a target of 6.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import lxml.html

from access_api.cli import main
from access_api.text import GRADE_BANDS, grade_band, whole_grade

if TYPE_CHECKING:
    from pathlib import Path

    import pytest
    from litestar import Litestar
    from litestar.testing import TestClient

    Client = TestClient[Litestar]

HTML = {"Accept": "text/html"}
LABELS = {band.label for band in GRADE_BANDS}


def text_of(element: Any) -> str:
    return " ".join(element.text_content().split())


def store(client: Client, seed_text: str) -> tuple[str, dict[str, Any], list[dict[str, Any]]]:
    doc = client.post("/api/v1/documents", json={"text": seed_text}).json()
    readability = client.get(f"/api/v1/documents/{doc['id']}/readability").json()
    summaries = client.get(f"/api/v1/documents/{doc['id']}/summaries").json()
    return doc["id"], readability, summaries


def test_every_grade_the_api_gives_is_the_flesch_kincaid_grade(
    client: Client, seed_text: str
) -> None:
    _, readability, summaries = store(client, seed_text)
    assert readability["grade"] == readability["scores"]["flesch_kincaid_grade"]
    assert readability["label"] == grade_band(readability["grade"]).label
    for summary in summaries:
        report = summary["readability"]
        assert report["grade"] == max(0.0, report["scores"]["flesch_kincaid_grade"])
        assert report["label"] == grade_band(report["grade"]).label
        if summary["met_target"]:
            assert report["grade"] <= summary["target_grade"]


def test_the_results_page_says_each_grade_in_the_words_of_the_one_table(
    client: Client, seed_text: str
) -> None:
    doc_id, readability, summaries = store(client, seed_text)
    page = lxml.html.fromstring(client.get(f"/documents/{doc_id}", headers=HTML).text)
    verdict = text_of(page.xpath("//*[@id='verdict']")[0])
    grade = whole_grade(readability["grade"])
    assert verdict.startswith(f"{readability['label']} (US school grade {grade})")
    assert f"US school grade {grade} on the Flesch-Kincaid scale" in text_of(
        page.xpath("//*[@id='difficulty']")[0]
    )
    for summary in summaries:
        card = page.xpath(f"//*[@id='summary-{summary['level']}']")[0]
        meta = text_of(card.xpath("p[@class='meta']")[0])
        label, rest = meta.split(" (grade ", 1)
        assert label == summary["readability"]["label"]
        shown = float(rest.split(")")[0])
        assert abs(shown - summary["readability"]["grade"]) <= 0.5
        met = "met" if summary["readability"]["grade"] <= summary["target_grade"] else "missed"
        assert f"grade {whole_grade(summary['target_grade'])}" in meta.split("Its aim:")[1]
        assert f", {met}." in meta
    # No other words for a grade: no ages worked out apart from the table.
    assert "aged about" not in text_of(page.xpath("//main")[0])


def test_the_help_page_lists_the_one_table(client: Client) -> None:
    page = lxml.html.fromstring(client.get("/help", headers=HTML).text)
    rows = [
        (text_of(row.xpath("th")[0]), text_of(row.xpath("td")[0]))
        for row in page.xpath("//table[caption[@id='bands-caption']]/tbody/tr")
    ]
    assert rows == [(band.grades.capitalize(), band.label) for band in GRADE_BANDS]
    assert "Flesch-Kincaid grade" in text_of(page.xpath("//*[@id='reading-level']/..")[0])


def test_the_cli_says_the_same_grade_in_the_same_words(
    client: Client, seed_text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, readability, summaries = store(client, seed_text)
    article = tmp_path / "article.txt"
    article.write_text(seed_text, encoding="utf-8")
    assert main(["analyze", str(article), "--level", "easy"]) == 0
    out = capsys.readouterr().out
    grade = whole_grade(readability["grade"])
    assert f"Reading level: {readability['label']} (US school grade {grade}, Flesch-Kincaid)" in out
    easy = next(s for s in summaries if s["level"] == "easy")
    line = next(line for line in out.splitlines() if line.startswith("Easy summary: "))
    assert line.startswith(f"Easy summary: {easy['readability']['label']} (grade ")
    assert f"Its aim: grade {whole_grade(easy['target_grade'])} or below" in line


def test_the_api_documentation_names_the_measure(client: Client) -> None:
    schemas = client.get("/schema/openapi.json").json()["components"]["schemas"]
    for schema, field in (
        ("ReadabilityOut", "grade"),
        ("SentenceReadabilityOut", "grade"),
        ("SummaryOut", "target_grade"),
    ):
        assert "Flesch-Kincaid" in schemas[schema]["properties"][field]["description"]
    assert "one table" in schemas["ReadabilityOut"]["properties"]["label"]["description"]


def test_every_label_is_one_of_the_tables() -> None:
    assert len(LABELS) == len(GRADE_BANDS)
    for grade in (x / 4 for x in range(-8, 100)):
        assert grade_band(grade).label in LABELS
