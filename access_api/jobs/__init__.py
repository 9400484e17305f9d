"""Making audio in the background: the job, who runs it, and where files go.

- ``_job``: :func:`run_audio_job`, the one job function, and retention
  (:func:`evict`).
- ``_runners``: the embedded runner (in the API process) and :func:`create_runner`.
- ``_scale``: scale-out mode, SAQ on Redis and ``access-api worker``
  (imported only when used).
- ``_storage``: :class:`AudioStorage` and its local directory implementation.
- ``_service``: :class:`AudioService`, what the web layer and the CLI call.
- ``_context``: :func:`make_context` and :func:`open_context`, what a process
  needs to run jobs.

Nothing here knows about HTTP.
"""

from __future__ import annotations

from ._context import make_context, open_context
from ._job import (
    JobContext,
    Variant,
    evict,
    file_names,
    remove_files,
    run_audio_job,
    speakable,
)
from ._runners import EmbeddedRunner, JobRunner, create_runner, run_worker
from ._service import AudioService, ReadyFile, download_name
from ._storage import AudioStorage, LocalAudioStorage

__all__ = [
    "AudioService",
    "AudioStorage",
    "EmbeddedRunner",
    "JobContext",
    "JobRunner",
    "LocalAudioStorage",
    "ReadyFile",
    "Variant",
    "create_runner",
    "download_name",
    "evict",
    "file_names",
    "make_context",
    "open_context",
    "remove_files",
    "run_audio_job",
    "run_worker",
    "speakable",
]
