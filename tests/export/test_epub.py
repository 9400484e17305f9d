"""The seed article's read-along books, as EPUBCheck and a reading system see them."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from typing import TYPE_CHECKING, Any

import pytest

from access_api.export._epub import clock

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from litestar import Litestar
    from litestar.testing import TestClient

    Client = TestClient[Litestar]

VOICE = "espeak:en-us"
NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "smil": "http://www.w3.org/ns/SMIL",
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
}
CLOCK = re.compile(r"^(\d+):(\d\d):(\d\d)\.(\d\d\d)$")


def seconds(value: str) -> float:
    match = CLOCK.match(value)
    assert match, value
    hours, minutes, secs, millis = map(int, match.groups())
    return hours * 3600 + minutes * 60 + secs + millis / 1000


@pytest.fixture(scope="module")
def books(
    seed_client: tuple[Client, str], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    client, doc_id = seed_client
    folder = tmp_path_factory.mktemp("books")
    made = {}
    for variant in ("article", "easy", "all"):
        answer = client.get(
            f"/api/v1/documents/{doc_id}/export",
            params={"format": "epub", "variant": variant, "voice": VOICE},
        )
        assert answer.status_code == 200, answer.text
        assert answer.headers["content-type"] == "application/epub+zip"
        made[variant] = folder / f"{variant}.epub"
        made[variant].write_bytes(answer.content)
    return made


def spoken(client: Client, doc_id: str, variant: str) -> tuple[list[str], dict[str, Any]]:
    """A variant's sentences as the API gives them, and its audio (made already)."""
    if variant == "article":
        texts = [s["text"] for s in client.get(f"/api/v1/documents/{doc_id}").json()["sentences"]]
    else:
        summary = client.get(f"/api/v1/documents/{doc_id}/summaries/{variant}").json()
        texts = [s["text"] for s in summary["sentences"]]
    audio = client.post(
        f"/api/v1/documents/{doc_id}/audio",
        json={"variant": variant, "voice": VOICE, "format": "mp3"},
    )
    assert audio.status_code == 200, "the audio exists already: nothing is spoken again"
    return texts, audio.json()


def package(book: zipfile.ZipFile) -> ET.Element:
    return ET.fromstring(book.read("EPUB/package.opf"))


@pytest.mark.slow
@pytest.mark.parametrize("variant", ["article", "easy", "all"])
def test_epubcheck_finds_no_error_and_no_warning_in_the_seed_books(
    books: dict[str, Path], epubcheck: Callable[[Path], list[dict[str, Any]]], variant: str
) -> None:
    messages = epubcheck(books[variant])
    problems = [m for m in messages if m["severity"] in {"FATAL", "ERROR", "WARNING"}]
    assert problems == [], problems
    with zipfile.ZipFile(books[variant]) as book:
        assert book.namelist()[0] == "mimetype"
        assert book.getinfo("mimetype").compress_type == zipfile.ZIP_STORED


@pytest.mark.parametrize("variant", ["article", "easy"])
def test_every_clip_points_at_its_sentence_and_at_its_time_in_the_stored_audio(
    books: dict[str, Path], seed_client: tuple[Client, str], variant: str
) -> None:
    client, doc_id = seed_client
    texts, audio = spoken(client, doc_id, variant)
    timings = client.get(audio["links"]["timings"]).json()
    with zipfile.ZipFile(books[variant]) as book:
        chapter = ET.fromstring(book.read(f"EPUB/{variant}.xhtml"))
        spans = {s.get("id"): "".join(s.itertext()) for s in chapter.iter(f"{{{NS['x']}}}span")}
        overlay = ET.fromstring(book.read(f"EPUB/{variant}.smil"))
        pars = list(overlay.iter(f"{{{NS['smil']}}}par"))
        assert len(pars) == len(timings), "one clip per spoken sentence"
        assert book.read(f"EPUB/audio/{variant}.mp3") == client.get(audio["links"]["file"]).content
        for number, (par, timing) in enumerate(zip(pars, timings, strict=True)):
            text = par.find("smil:text", NS)
            sound = par.find("smil:audio", NS)
            assert text is not None
            assert sound is not None
            target_file, _, target = str(text.get("src")).partition("#")
            assert target_file == f"{variant}.xhtml"
            assert spans[target] == texts[timing["sentence_index"]] == timing["text"]
            assert sound.get("src") == f"audio/{variant}.mp3"
            begin, end = seconds(str(sound.get("clipBegin"))), seconds(str(sound.get("clipEnd")))
            assert begin == pytest.approx(timing["start"], abs=0.0005)
            # A clip runs on through the pause to the next sentence, so pauses are heard.
            after = (
                timings[number + 1]["start"]
                if number + 1 < len(timings)
                else audio["duration_seconds"]
            )
            assert end == pytest.approx(after, abs=0.0005)
            assert end >= timing["end"] - 0.0005


def test_the_whole_book_has_every_variant_easiest_first_and_in_its_navigation(
    books: dict[str, Path],
) -> None:
    with zipfile.ZipFile(books["all"]) as book:
        opf = package(book)
        spine = [i.get("idref") for i in opf.iterfind("opf:spine/opf:itemref", NS)]
        assert spine == ["about", "c-easy", "c-standard", "c-detailed", "c-article"]
        nav = ET.fromstring(book.read("EPUB/nav.xhtml"))
        toc = next(
            n for n in nav.iter(f"{{{NS['x']}}}nav") if n.get(f"{{{NS['epub']}}}type") == "toc"
        )
        links = ["".join(a.itertext()) for a in toc.iter(f"{{{NS['x']}}}a")]
        assert links == [
            "About this book",
            "Easy summary",
            "Standard summary",
            "Detailed summary",
            "The full article",
        ]
        for key in ("easy", "standard", "detailed", "article"):
            chapter = ET.fromstring(book.read(f"EPUB/{key}.xhtml"))
            assert chapter.get("lang") == "en"
            level = next(p for p in chapter.iter(f"{{{NS['x']}}}p") if p.get("class") == "level")
            assert re.match(r"Reading level: US school grade \d+\. ", "".join(level.itertext()))


def test_the_book_carries_its_accessibility_metadata_and_its_durations(
    books: dict[str, Path],
) -> None:
    with zipfile.ZipFile(books["all"]) as book:
        opf = package(book)
        metadata = opf.find("opf:metadata", NS)
        assert metadata is not None
        props: dict[str, list[str]] = {}
        refined: dict[str, str] = {}
        for meta in metadata.iterfind("opf:meta", NS):
            if meta.get("refines"):
                refined[f"{meta.get('property')} {meta.get('refines')}"] = meta.text or ""
            else:
                props.setdefault(str(meta.get("property")), []).append(meta.text or "")
        about = book.read("EPUB/about.xhtml").decode()
        css = book.read("EPUB/book.css").decode()
    assert props["schema:accessMode"] == ["textual", "auditory"]
    assert props["schema:accessModeSufficient"] == ["textual"]
    assert {"synchronizedAudioText", "structuralNavigation", "readingOrder"} <= set(
        props["schema:accessibilityFeature"]
    )
    assert props["schema:accessibilityHazard"] == ["none"]
    assert "read aloud" in props["schema:accessibilitySummary"][0]
    assert props["dcterms:conformsTo"] == ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]
    assert props["rendition:layout"] == ["reflowable"]
    assert metadata.findtext("dc:language", namespaces=NS) == "en"
    assert metadata.findtext("dc:title", namespaces=NS)
    assert metadata.findtext("dc:source", namespaces=NS)
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", metadata.findtext("dc:date", "", NS))
    assert "Made by access_api on" in about
    overlays = [
        seconds(refined[f"media:duration #mo-{k}"])
        for k in ("easy", "standard", "detailed", "article")
    ]
    assert all(d > 0 for d in overlays)
    (total,) = props["media:duration"]
    assert seconds(total) == pytest.approx(sum(overlays), abs=0.002)
    assert props["media:narrator"] == ["English (America) (eSpeak NG)"]
    # Reflowable and the reader's own: no fixed sizes or fonts.
    assert not re.search(r"font-(size|family)|\d(px|pt)\b", css)
    assert clock(0.2) == "0:00:00.200"


def test_a_book_without_a_title_takes_its_first_words_as_title(
    books: dict[str, Path],
) -> None:
    with zipfile.ZipFile(io.BytesIO(books["easy"].read_bytes())) as book:
        title = package(book).findtext("opf:metadata/dc:title", namespaces=NS)
    assert title is not None
    assert title.startswith("Jess Phillips, a member of Parliament")
    assert len(title) <= 81
