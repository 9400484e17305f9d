"""Prometheus metrics: what the service counts, exposed at ``/metrics``.

Any part of the service may update these; none of them needs the web layer::

    from access_api import metrics

    metrics.jobs_queued.inc()
    with metrics.synthesis_seconds.labels(engine="piper").time():
        ...

The values live in the process that updates them, in the default Prometheus
registry (which also carries the ``process_*`` figures: memory, CPU, open
files). A separate worker process has its own values, not the web server's.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

__all__ = [
    "jobs_completed",
    "jobs_failed",
    "jobs_queued",
    "jobs_running",
    "request_seconds",
    "requests_refused",
    "streams_open",
    "synthesis_seconds",
]

request_seconds = Histogram(
    "access_api_request_seconds",
    "Time to answer an HTTP request, by method, route template and status.",
    ["method", "route", "status"],
)
requests_refused = Counter(
    "access_api_requests_refused",
    "Requests refused before any work: 'rate' (rate limit), 'key' (no valid API key), "
    "'fetches' (too many links being fetched).",
    ["reason"],
)
jobs_queued = Gauge("access_api_jobs_queued", "Audio jobs waiting for a worker.")
jobs_running = Gauge("access_api_jobs_running", "Audio jobs being made now.")
streams_open = Gauge(
    "access_api_streams_open", "Streams of audio being made that are being followed now."
)
jobs_completed = Counter("access_api_jobs_completed", "Audio jobs that finished with audio.")
jobs_failed = Counter("access_api_jobs_failed", "Audio jobs that ended in an error.")
synthesis_seconds = Histogram(
    "access_api_synthesis_seconds",
    "Time a speech engine took to make one job's audio, by engine.",
    ["engine"],
    buckets=(0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40, 80, 160, 320),
)
