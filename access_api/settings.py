"""Settings, read from ``ACCESS_API_*`` environment variables.

Every setting is a row of :data:`SETTINGS`: its name, default and help text.
The README's settings table is checked against it by a test, so a setting
cannot be added without being documented.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["ENV_PREFIX", "Settings", "SettingsError", "documented_settings"]

ENV_PREFIX = "ACCESS_API_"


class SettingsError(ValueError):
    """An environment variable holds a value the setting cannot take."""


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True, slots=True)
class Settings:
    """The service's configuration; see :meth:`from_env`."""

    host: str = _setting("127.0.0.1", "Address `access-api serve` listens on.")
    port: int = _setting(8000, "Port `access-api serve` listens on.")
    header_timeout_seconds: float = _setting(
        10.0,
        "`access-api serve`: seconds a client has to send a request's headers; a connection "
        "slower than that is closed.",
    )
    keep_alive_seconds: int = _setting(
        5,
        "`access-api serve`: seconds an idle connection is kept open for the next request. "
        "Behind a proxy that keeps connections to the server open, set it above the proxy's "
        "own idle timeout.",
    )
    max_connections: int = _setting(
        1000,
        "`access-api serve`: connections open at once; one more is answered 503 and closed. "
        "Lowered to fit the process's file limit (`ulimit -n`).",
    )
    data_dir: Path = _setting(
        Path("data"),
        "Directory for the SQLite database and the audio files; created if missing.",
    )
    database_url: str = _setting(
        "",
        "SQLAlchemy URL of the database. Empty means SQLite in `DATA_DIR/access_api.db`.",
    )
    max_text_chars: int = _setting(
        200_000, "Largest article accepted, in characters (after cleaning); more is a 413."
    )
    max_body_bytes: int = _setting(
        2_000_000, "Largest request body accepted, in bytes; more is refused before it is read."
    )
    fetch_timeout_seconds: float = _setting(
        10.0, "Time limit for fetching a link, for the whole download."
    )
    fetch_max_bytes: int = _setting(3_000_000, "Largest web page fetched from a link, in bytes.")
    fetch_max_redirects: int = _setting(5, "Most redirects followed when fetching a link.")
    words_per_minute: int = _setting(
        238, "Silent reading speed used for reading time (Brysbaert 2019's adult mean)."
    )
    log_level: str = _setting("INFO", "Logging level: DEBUG, INFO, WARNING or ERROR.")
    log_format: str = _setting(
        "json",
        "Log lines as `json` (one object a line, with the request id) or as `text`.",
    )
    rate_limit_per_minute: int = _setting(
        120,
        "Expensive requests (every POST, PUT, PATCH or DELETE, summaries and exports) one client "
        "address may make a minute; more get a 429 with Retry-After. 0 turns the limit off.",
    )
    rate_limit_burst: int = _setting(
        30, "Expensive requests one client address may make at once before the rate applies."
    )
    max_concurrent_fetches: int = _setting(
        8, "Links fetched at the same time; a link sent beyond that gets a 503 with Retry-After."
    )
    api_keys: str = _setting(
        "",
        "Comma-separated API keys. When set, writes to `/api/` need `Authorization: Bearer KEY` "
        "(or `X-API-Key: KEY`). Empty (the default): no key needed.",
    )
    cors_origins: str = _setting(
        "",
        "Comma-separated origins allowed to call the API from a browser (CORS), e.g. "
        "`https://example.org`, or `*`. Empty (the default): CORS off.",
    )
    voices_dir: Path = _setting(
        Path("voices"),
        "Directory of extra Piper voices: each `NAME.onnx` with its `NAME.onnx.json`. "
        "A missing directory means no extra voices.",
    )
    pronunciations_file: str = _setting(
        "",
        "A pronunciation list of your own, added to the bundled one: a UTF-8 file, one "
        "`written = respelling` (optionally `/phonemes/`) a line. Read again when it changes; "
        "audio it changes is made again. Empty (the default): the bundled list only.",
    )
    gtts_url: str = _setting(
        "",
        "Base URL of the online gTTS voices, e.g. `https://translate.google.com`. "
        "Empty (the default) turns gTTS off; the offline voices always work.",
    )
    gtts_timeout_seconds: float = _setting(
        10.0, "Time limit for each request to the gTTS endpoint."
    )
    audio_dir: str = _setting(
        "",
        "Directory of the audio files. Empty means `DATA_DIR/audio`; share it between processes.",
    )
    audio_max_bytes: int = _setting(
        2_000_000_000,
        "Size limit of the audio files together; past it the least recently used are removed.",
    )
    audio_workers: int = _setting(
        2, "Audio files made at once: in the API process (embedded mode) or in each worker."
    )
    audio_queue_size: int = _setting(
        32, "Most audio jobs waiting or running at once; more get 503 with Retry-After."
    )
    max_streams: int = _setting(
        16,
        "Audio streams (`/api/v1/audio/{id}/stream`) one API process follows at once while "
        "their audio is being made; more get 503 with Retry-After.",
    )
    queue_url: str = _setting(
        "",
        "Redis URL of the job queue for scale-out mode (e.g. `redis://redis:6379/0`), with "
        "`access-api worker` processes. Empty (the default) makes audio inside the API process.",
    )
    queue_name: str = _setting(
        "access_api", "Name of the job queue in Redis; processes sharing it share the work."
    )
    job_timeout_seconds: int = _setting(
        3600, "Time limit for making one audio file; a job past it fails."
    )
    job_heartbeat_seconds: int = _setting(
        30,
        "Scale-out mode: a job whose worker has not been heard from for this long "
        "(killed, machine lost) is run again by another worker.",
    )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read every setting from ``ACCESS_API_<NAME>``, falling back to its default.

        Raises:
            SettingsError: a variable cannot be read as its setting's type.
        """
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(ENV_PREFIX + f.name.upper())
            if raw is None:
                continue
            try:
                values[f.name] = _parse(type(f.default), raw)
            except ValueError as exc:
                msg = f"{ENV_PREFIX}{f.name.upper()}={raw!r}: {exc}"
                raise SettingsError(msg) from exc
        return cls(**values)

    @property
    def resolved_database_url(self) -> str:
        """The database URL, with the embedded SQLite default filled in."""
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{self.data_dir / 'access_api.db'}"

    @property
    def resolved_audio_dir(self) -> Path:
        """The audio directory, with the default under the data directory filled in."""
        return Path(self.audio_dir) if self.audio_dir else self.data_dir / "audio"


_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off", ""})


def _parse(kind: type[Any], raw: str) -> Any:
    if kind is bool:
        word = raw.strip().lower()
        if word in _TRUE | _FALSE:
            return word in _TRUE
        msg = "expected true or false"
        raise ValueError(msg)
    if kind is Path:
        return Path(raw)
    try:
        return kind(raw)
    except ValueError:
        msg = f"expected a {kind.__name__}"
        raise ValueError(msg) from None


def documented_settings() -> list[tuple[str, str, str]]:
    """Each setting's environment variable, default and help text, in order."""
    return [
        (ENV_PREFIX + f.name.upper(), str(f.default), f.metadata["help"]) for f in fields(Settings)
    ]
