"""gTTS: Google Translate's online voices, never the default.

``gtts`` builds the requests (it knows how to cut text and wrap it in the RPC
the endpoint expects); they are sent with httpx so that the endpoint's base
URL is a setting (:attr:`Settings.gtts_url`, empty to turn gTTS off), every
request has a time limit, and TLS certificates are checked.
"""

from __future__ import annotations

import base64
import contextlib
import io
import re
from typing import TYPE_CHECKING

import httpx
import numpy as np
import soundfile
from gtts import gTTS
from gtts.lang import tts_langs

from access_api.errors import Unavailable
from access_api.speech._model import Speech, Voice

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = ["GttsEngine"]

LICENCE = "Google's terms of service (online voices, not redistributable)"

_PATH = "/_/TranslateWebserverUi/data/batchexecute"
# The audio sits base64-encoded in the RPC's answer, as gtts itself reads it.
_AUDIO = re.compile(r'jQ1olc","\[\\"(.*?)\\"]')
_DEFAULT_RETRY_AFTER = 60


class GttsEngine:
    """Google Translate's voices over the network, with a time limit."""

    name = "gtts"

    def __init__(self, base_url: str, timeout: float) -> None:
        """Use the endpoint at ``base_url`` (empty: turned off), ``timeout`` s per request."""
        self._base_url = base_url.rstrip("/")
        self._timeout = timeout

    def voices(self) -> list[Voice]:
        """One voice per language gTTS lists; no network is used to list them."""
        reason = (
            None
            if self._base_url
            else "gTTS is turned off: it needs a network; set ACCESS_API_GTTS_URL to use it."
        )
        return [
            Voice(
                id=f"{self.name}:{language.lower()}",
                engine=self.name,
                language=language.lower(),
                name=f"{english} (gTTS, online)",
                offline=False,
                available=reason is None,
                unavailable_reason=reason,
                licence=LICENCE,
            )
            for language, english in sorted(tts_langs().items())
        ]

    def session(self) -> contextlib.AbstractContextManager[None]:
        """Nothing to renew: each sentence is spoken from the same state."""
        return contextlib.nullcontext()

    def speak(self, text: str, *, voice: Voice, rate: float) -> Speech:
        """Fetch one sentence's audio; a rate below 1 asks for gTTS's slow pace.

        Raises:
            Unavailable: gTTS is off, unreachable, too slow, or refused (with
                ``retry_after`` when it said when to come back).
        """
        if not self._base_url:
            msg = "gTTS is turned off on this server. Choose an offline voice."
            raise Unavailable(msg)
        language = voice.id.removeprefix(f"{self.name}:")
        request = gTTS(text, lang=language, slow=rate < 1.0, lang_check=False)
        pieces = []
        with httpx.Client(timeout=self._timeout, headers=gTTS.GOOGLE_TTS_HEADERS) as client:
            for body in request.get_bodies():
                pieces.append(_decode(self._fetch(client, body)))
        samples = np.concatenate([samples for samples, _ in pieces])
        return Speech(samples=samples, sample_rate=pieces[0][1])

    def _fetch(self, client: httpx.Client, body: str) -> bytes:
        try:
            response = client.post(self._base_url + _PATH, content=body.encode())
        except httpx.TimeoutException as exc:
            msg = (
                f"gTTS did not answer within {self._timeout:g} seconds. "
                "Try again later or choose an offline voice."
            )
            raise Unavailable(msg, retry_after=_DEFAULT_RETRY_AFTER) from exc
        except httpx.HTTPError as exc:
            msg = f"gTTS cannot be reached ({exc}). Try again later or choose an offline voice."
            raise Unavailable(msg, retry_after=_DEFAULT_RETRY_AFTER) from exc
        if response.status_code == httpx.codes.TOO_MANY_REQUESTS:
            retry_after = _retry_after(response.headers.get("Retry-After"))
            msg = (
                f"gTTS is refusing requests for now (too many). Try again in {retry_after} "
                "seconds or choose an offline voice."
            )
            raise Unavailable(msg, retry_after=retry_after)
        if response.status_code != httpx.codes.OK:
            msg = (
                f"gTTS answered {response.status_code} {response.reason_phrase}. "
                "Try again later or choose an offline voice."
            )
            raise Unavailable(msg, retry_after=_DEFAULT_RETRY_AFTER)
        found = _AUDIO.search(response.text)
        if found is None:
            msg = "gTTS answered without audio. Try again later or choose an offline voice."
            raise Unavailable(msg, retry_after=_DEFAULT_RETRY_AFTER)
        return base64.b64decode(found.group(1))


def _retry_after(value: str | None) -> int:
    # Retry-After may also be an HTTP date; a fixed wait is good enough then.
    if value is not None and value.strip().isdigit():
        return int(value.strip())
    return _DEFAULT_RETRY_AFTER


def _decode(mp3: bytes) -> tuple[npt.NDArray[np.float32], int]:
    try:
        samples, sample_rate = soundfile.read(io.BytesIO(mp3), dtype="float32", always_2d=True)
    except (soundfile.LibsndfileError, RuntimeError, TypeError) as exc:
        msg = "gTTS sent audio that cannot be decoded. Try again later or choose an offline voice."
        raise Unavailable(msg, retry_after=_DEFAULT_RETRY_AFTER) from exc
    return samples.mean(axis=1, dtype=np.float32), int(sample_rate)
