"""Listening in a real browser: captions, the highlight, speed, downloads, making audio."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

import pytest
from axe_playwright_python.sync_playwright import Axe

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import BrowserContext, Page

    NewContext = Callable[..., BrowserContext]


def short_article(colour: str) -> str:
    """A short article of its own for each test, the colour in every sentence; short, so
    that its audio (made with the default voice, as a reader would) is quick.

    Audio is shared by every request that speaks the same sentences, whichever
    document asked first, and the page shows only its own document's audio; so
    no two tests' summaries may share a sentence. Seven sentences, so that no
    summary is the whole article.
    """
    return (
        f"The library in the old {colour} mill opens again on Monday. "
        f"It was shut for a year while the {colour} roof was fixed. "
        f"Entry is free, and anyone with a {colour} card can join. "
        f"The {colour} reading room has new chairs. "
        f"Children can borrow {colour} books for three weeks. "
        f"A {colour} van will bring books to the villages. "
        f"The mayor will open the {colour} doors at nine."
    )


@pytest.fixture
def audio(seed_audio: dict[str, Any] | None) -> dict[str, Any]:
    if seed_audio is None:
        pytest.skip("no audio to listen to: see the line at the end of the run")
    return seed_audio


@pytest.fixture
def results(page: Page, server: str, seed_document: str, audio: dict[str, Any]) -> Page:
    """The seed's results page, its easy summary's player ready."""
    page.goto(f"{server}/documents/{seed_document}")
    page.wait_for_function(
        "() => document.querySelectorAll('#listen-easy [data-play-from] button').length > 0",
        timeout=10_000,
    )
    return page


def timings(page: Page, audio: dict[str, Any]) -> list[dict[str, Any]]:
    response = page.request.get(page.url.split("/documents/")[0] + audio["mp3"]["links"]["timings"])
    assert response.ok
    found: list[dict[str, Any]] = response.json()
    return found


def test_the_player_is_native_never_autoplays_and_has_captions(results: Page) -> None:
    player = results.locator("#listen-easy audio")
    assert player.get_attribute("controls") is not None
    assert player.get_attribute("preload") == "none"
    assert player.get_attribute("autoplay") is None
    track = player.locator("track")
    assert track.get_attribute("kind") == "captions"
    assert track.get_attribute("srclang") == "en"
    assert results.evaluate("a => a.paused", player.element_handle())


def test_the_captions_track_loads_and_has_a_cue_per_sentence(results: Page) -> None:
    sentences = results.locator("#summary-easy .sentence").count()
    player = results.locator("#listen-easy audio").element_handle()
    results.evaluate("a => { a.textTracks[0].mode = 'hidden'; }", player)
    results.wait_for_function(
        "([a, n]) => a.textTracks[0].cues && a.textTracks[0].cues.length === n",
        arg=[player, sentences],
        timeout=10_000,
    )
    first = results.evaluate("a => a.textTracks[0].cues[0].text", player)
    assert first.split()[0] in results.locator("#summary-easy .sentence").first.inner_text()


def test_the_highlight_follows_playback_without_moving_focus(
    results: Page, audio: dict[str, Any]
) -> None:
    spoken = timings(results, audio)
    player = results.locator("#listen-easy audio").element_handle()
    results.locator("#listen-easy [data-rate='1']").focus()
    results.evaluate("a => { a.muted = true; return a.play(); }", player)
    results.wait_for_selector("#summary-easy .sentence.speaking[data-sentence='0']")
    last = spoken[-1]
    results.evaluate("([a, t]) => { a.currentTime = t; }", [player, last["start"] + 0.05])
    results.wait_for_selector(
        f"#summary-easy .sentence.speaking[data-sentence='{last['sentence_index']}']"
    )
    assert results.locator("#summary-easy .sentence.speaking").count() == 1
    assert results.evaluate("document.activeElement.dataset.rate") == "1"
    live = results.locator("#summary-easy .sentence.speaking").evaluate(
        "el => Boolean(el.closest('[aria-live], [role=status], [role=alert]'))"
    )
    assert not live, "the highlight must not be announced"


def test_play_from_this_sentence_starts_there(results: Page, audio: dict[str, Any]) -> None:
    spoken = timings(results, audio)
    player = results.locator("#listen-easy audio").element_handle()
    results.evaluate("a => { a.muted = true; }", player)
    results.locator("#listen-easy [data-play-from] summary").click()
    second = results.locator("#listen-easy [data-play-from] button").nth(1)
    assert second.inner_text().startswith("Sentence 2: ")
    second.click()
    results.wait_for_selector("#summary-easy .sentence.speaking[data-sentence='1']")
    now = results.evaluate("a => a.currentTime", player)
    assert spoken[1]["start"] <= now < spoken[1]["end"] + 1


def test_nothing_interrupts_the_text_of_a_summary(results: Page) -> None:
    """A screen reader's browse mode reads the text through: no control sits inside it."""
    inside = results.locator("[data-transcript] button, [data-transcript] a").count()
    assert inside == 0


def test_skip_buttons_move_ten_seconds_and_every_speed_is_offered(results: Page) -> None:
    player = results.locator("#listen-easy audio").element_handle()
    results.evaluate("a => { a.muted = true; return a.play().then(() => a.pause()); }", player)
    results.wait_for_function("a => a.duration > 12", arg=player, timeout=10_000)
    results.get_by_role("button", name="Forward 10 seconds").first.click()
    assert 9.9 <= results.evaluate("a => a.currentTime", player) <= 11
    results.get_by_role("button", name="Back 10 seconds").first.click()
    assert results.evaluate("a => a.currentTime", player) < 1
    rates = results.locator("#listen-easy [data-rate]").evaluate_all(
        "els => els.map(b => Number(b.dataset.rate))"
    )
    assert rates == [0.5, 0.75, 1, 1.25, 1.5, 2]


def test_the_chosen_speed_is_remembered(results: Page) -> None:
    results.locator("#listen-easy [data-rate='2']").click()
    results.reload()
    results.wait_for_selector("#listen-easy [data-rate='2'][aria-pressed='true']")
    assert results.evaluate("document.querySelector('#listen-easy audio').playbackRate") == 2


def test_the_keyboard_alone_plays_changes_speed_and_downloads(results: Page) -> None:
    player = results.locator("#listen-easy audio")
    player.focus()
    results.evaluate("a => { a.muted = true; }", player.element_handle())
    results.keyboard.press("Space")
    results.wait_for_function("a => !a.paused", arg=player.element_handle(), timeout=10_000)
    speed = results.locator("#listen-easy [data-rate='1.5']")
    speed.focus()
    results.keyboard.press("Enter")
    assert speed.get_attribute("aria-pressed") == "true"
    assert results.locator("#listen-easy [data-rate='1']").get_attribute("aria-pressed") == "false"
    assert results.evaluate("a => a.playbackRate", player.element_handle()) == 1.5
    link = results.get_by_role("link", name="Download MP3").first
    link.focus()
    with results.expect_download() as download:
        results.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".mp3")


@pytest.mark.parametrize("audio_format", ["MP3", "OGG", "WAV"])
def test_every_download_plays_in_the_browser(results: Page, audio_format: str) -> None:
    href = results.get_by_role("link", name=f"Download {audio_format}").first.get_attribute("href")
    duration = results.evaluate(
        """url => new Promise((resolve, reject) => {
             const a = new Audio();
             a.preload = 'metadata';
             a.onloadedmetadata = () => resolve(a.duration);
             a.onerror = () => reject(new Error('cannot play ' + url));
             a.src = url;
           })""",
        href,
    )
    assert duration > 1


def test_asking_for_another_format_beside_the_player_ends_with_its_download(
    page: Page, server: str, audio: dict[str, Any]
) -> None:
    """The page used to say "Asking for the audio..." for good: the block was refreshed
    but never followed again."""
    # Made through the API, so that only this summary's MP3 is being made.
    doc = post(page, f"{server}/api/v1/documents", {"text": short_article("green")})
    post(page, f"{server}/api/v1/documents/{doc['id']}/audio", {"variant": "easy"})
    page.goto(f"{server}/documents/{doc['id']}")
    page.wait_for_selector("#listen-easy audio[data-timings]", timeout=90_000)
    status = page.locator("#listen-easy [data-status]")
    page.get_by_role("button", name="Make an OGG file of the easy summary").click()
    page.wait_for_selector("#listen-easy a:has-text('Download OGG')", timeout=90_000)
    page.wait_for_function(
        "el => el.textContent.includes('ready')", arg=status.element_handle(), timeout=10_000
    )
    assert "Asking" not in status.inner_text()
    assert page.locator("#listen-easy a:has-text('Download MP3')").count() == 1
    assert page.get_by_role("button", name="Make a WAV file of the easy summary").count() == 1


def test_only_the_block_the_reader_used_speaks(
    page: Page, server: str, audio: dict[str, Any]
) -> None:
    doc = post(page, f"{server}/api/v1/documents", {"text": short_article("yellow")})
    # Asked for elsewhere, so on its way when the page opens: the page follows it quietly.
    post(page, f"{server}/api/v1/documents/{doc['id']}/audio", {"variant": "standard"})
    page.goto(f"{server}/documents/{doc['id']}")
    page.locator("#listen-article button[type=submit]").click()
    page.wait_for_selector("#listen-article audio", timeout=90_000)
    page.wait_for_selector("#listen-standard audio", timeout=90_000)
    said = page.locator("[data-listen] [data-status]").evaluate_all(
        "els => els.map(el => [el.closest('[data-listen]').id, el.textContent])"
    )
    assert [block for block, text in said if text] == ["listen-article"], said


def post(page: Page, url: str, body: dict[str, Any]) -> dict[str, Any]:
    """Call the JSON API the way a program would, beside the page."""
    response = page.request.post(url, data=body)
    assert response.ok, response.text()
    found: dict[str, Any] = response.json()
    return found


def make_short_document(page: Page, server: str, colour: str) -> None:
    """A new document (the door's colour tells each test's copy apart), with no audio yet."""
    page.goto(server + "/")
    page.fill("#text", short_article(colour))
    with page.expect_navigation():
        page.get_by_role("button", name="Make it easier to read").click()


def test_making_audio_announces_progress_politely_then_shows_the_player(
    page: Page, server: str, seed_audio: dict[str, Any] | None
) -> None:
    if seed_audio is None:
        pytest.skip("no audio API: see the line at the end of the run")
    make_short_document(page, server, "red")
    status = page.locator("#listen-article [data-status]")
    assert status.get_attribute("role") == "status"
    status.evaluate("el => { el.dataset.original = 'yes'; }")
    button = page.locator("#listen-article button[type=submit]")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#listen-article audio", timeout=90_000)
    page.wait_for_function("el => el.textContent.includes('ready')", arg=status.element_handle())
    # The same live region spoke throughout, so screen readers heard every message.
    assert status.get_attribute("data-original") == "yes"
    assert page.evaluate("document.activeElement.tagName") == "AUDIO"
    assert page.locator("#listen-article track[kind=captions]").count() == 1


def test_without_javascript_make_audio_comes_back_to_the_page(
    new_context: NewContext, server: str, seed_audio: dict[str, Any] | None
) -> None:
    if seed_audio is None:
        pytest.skip("no audio API: see the line at the end of the run")
    page = new_context(java_script_enabled=False).new_page()
    make_short_document(page, server, "blue")
    address = page.url
    assert address.endswith("?level=easy")
    with page.expect_navigation():
        page.locator("#listen-article button[type=submit]").click()
    # Back on the same page, the reader's choice of summary kept.
    assert page.url == f"{address}#listen-article"
    block = page.locator("#listen-article")
    if block.locator("audio track").count() == 0:
        # Still being made: a player of the audio as it is made at once, and the
        # captions once it is finished.
        assert block.locator("audio[data-live]").count() == 1
        assert "/stream" in (block.locator("audio").get_attribute("src") or "")
        assert "Reload the page" in block.inner_text()
    deadline = time.monotonic() + 90
    while block.locator("audio track").count() == 0 and time.monotonic() < deadline:
        time.sleep(1)
        page.reload()
    assert block.locator("audio track[kind=captions]").count() == 1


@pytest.mark.parametrize("theme", ["light", "dark", "contrast"])
def test_the_highlighted_sentence_keeps_its_contrast_in_every_theme(
    new_context: NewContext, server: str, seed_document: str, audio: dict[str, Any], theme: str
) -> None:
    page = new_context(theme).new_page()
    page.goto(f"{server}/documents/{seed_document}")
    player = page.locator("#listen-easy audio").element_handle()
    page.wait_for_selector("#listen-easy [data-play-from]", state="attached")
    page.evaluate("a => { a.muted = true; return a.play(); }", player)
    page.wait_for_selector("#summary-easy .sentence.speaking")
    page.evaluate("a => a.pause()", player)
    results = Axe().run(
        page,
        context="#summary-easy",
        options={"runOnly": {"type": "rule", "values": ["color-contrast"]}},
    )
    assert results.violations_count == 0, results.generate_report()


def test_a_voice_picked_on_the_page_speaks_the_audio_made_there(
    page: Page, server: str, audio: dict[str, Any]
) -> None:
    doc = post(page, f"{server}/api/v1/documents", {"text": short_article("violet")})
    page.goto(f"{server}/documents/{doc['id']}?level=standard")
    page.select_option("#voice", "espeak:en-gb")
    with page.expect_navigation():
        page.get_by_role("button", name="Use this voice").click()
    assert "voice=espeak%3Aen-gb" in page.url
    assert "level=standard" in page.url
    page.get_by_role("button", name="Make audio of the full article").click()
    page.wait_for_selector("#listen-article audio", timeout=90_000)
    audio_id = page.locator("#listen-article audio").get_attribute("src").split("/")[4]
    made = page.request.get(f"{server}/api/v1/audio/{audio_id}").json()
    assert made["voice"] == "espeak:en-gb"


def long_article(topic: str) -> str:
    """About two minutes of speech: time enough to listen while it is being made."""
    sentences = [
        f"The {topic} council met on day {n} to talk about the plans for the new park "
        f"beside the river, and {n * 3} people came to listen to what was said."
        for n in range(1, 19)
    ]
    return "\n\n".join(" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3))


def test_the_page_plays_audio_while_it_is_being_made(
    page: Page, server: str, audio: dict[str, Any]
) -> None:
    """The first sound comes before the job is done, and the player is not cut off
    when it is: it takes on the captions and goes on playing."""
    doc = post(page, f"{server}/api/v1/documents", {"text": long_article("granite")})
    page.goto(f"{server}/documents/{doc['id']}?voice=espeak%3Aen-us")
    page.get_by_role("button", name="Make audio of the full article").click()
    player = page.wait_for_selector("#listen-article audio[data-live]", timeout=30_000)
    assert player is not None
    assert player.get_attribute("src").endswith("/stream")
    # When the first sound is heard, ask the server how far the job has got.
    page.evaluate(
        """a => {
             a.muted = true;
             a.dataset.first = "yes";
             const status = a.getAttribute("src").replace("/stream", "");
             a.addEventListener("timeupdate", function heard() {
               if (a.currentTime > 0.2) {
                 a.removeEventListener("timeupdate", heard);
                 fetch(status).then(r => r.json()).then(job => { window.jobWhenHeard = job; });
               }
             });
             return a.play();
           }""",
        player,
    )
    page.wait_for_function("() => window.jobWhenHeard", timeout=30_000)
    job = page.evaluate("window.jobWhenHeard")
    assert job["status"] in ("queued", "running"), job
    # Finished: the same player, still playing, now with captions and the highlight.
    page.wait_for_selector(
        "#listen-article audio track[kind=captions]", state="attached", timeout=90_000
    )
    kept = page.locator("#listen-article audio")
    assert kept.count() == 1
    assert kept.get_attribute("data-first") == "yes", "the player was not replaced"
    assert not page.evaluate("a => a.paused", kept.element_handle())
    page.wait_for_selector("[data-transcript='article'] .sentence.speaking", timeout=10_000)
    assert page.locator("#listen-article a:has-text('Download MP3')").count() == 1
