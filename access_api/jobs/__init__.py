"""Making audio in the background: the job, who runs it, and the service that asks for it.

- ``_job``: :func:`run_audio_job`, the one job function, and retention
  (:func:`evict`).
- ``_runners``: the embedded runner (in the API process, with a lane for short
  audio) and :func:`create_runner`.
- ``_scale``: scale-out mode, SAQ on Redis and ``access-api worker``
  (imported only when used).
- ``_service``: :class:`AudioService`, what the web layer and the CLI call.
- ``_stream``: following an MP3 while it is being made, for a live stream.
- ``_context``: :func:`make_context` and :func:`open_context`, what a process
  needs to run jobs.

Jobs call the document service (:mod:`access_api.documents`); nothing below
imports this package. Audio files live in the store's
:class:`~access_api.store.AudioStorage`, built once by the process and handed
in. Nothing here knows about HTTP.
"""

from __future__ import annotations

from ._context import make_context, open_context
from ._job import MAX_STARTS, JobContext, Variant, evict, run_audio_job, speakable
from ._runners import SHORT_JOB_CHARS, EmbeddedRunner, JobRunner, create_runner, run_worker
from ._service import AudioService, LiveAudio, ReadyFile, download_name

__all__ = [
    "MAX_STARTS",
    "SHORT_JOB_CHARS",
    "AudioService",
    "EmbeddedRunner",
    "JobContext",
    "JobRunner",
    "LiveAudio",
    "ReadyFile",
    "Variant",
    "create_runner",
    "download_name",
    "evict",
    "make_context",
    "open_context",
    "run_audio_job",
    "run_worker",
    "speakable",
]
