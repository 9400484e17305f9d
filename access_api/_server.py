"""The HTTP server of ``access-api serve``: uvicorn, with limits on slow clients.

uvicorn closes an idle connection only after it has answered a request on it
(``timeout_keep_alive``), and checks its ``limit_concurrency`` only once a
request's headers are all in. A client that opens a connection and never
finishes its headers is therefore kept for ever: about 21,000 of them filled
the process's file limit, after which ``accept()`` failed and every request,
``/health`` included, went unanswered. :func:`http_protocol` adds to uvicorn's
HTTP/1.1 protocol (h11) the two limits it lacks:

* a header timeout: a connection whose request headers are not complete
  within ``header_timeout`` seconds of its opening (or of the first byte of
  its next request) is closed;
* a connection limit: a connection opened while ``max_connections`` are open
  is answered ``503 Service Unavailable`` with ``Retry-After`` at once, nothing
  of it read, and closed a second later, so the process never runs out of files.

Headers larger than h11's limit (16 KiB) are refused by h11 itself with a 400.
"""

from __future__ import annotations

import resource
from typing import TYPE_CHECKING

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

if TYPE_CHECKING:
    import asyncio

__all__ = ["connection_limit", "http_protocol"]

_BUSY = (
    b"HTTP/1.1 503 Service Unavailable\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n"
    b"Retry-After: 5\r\n"
    b"Connection: close\r\n"
    b"Content-Length: 55\r\n"
    b"\r\n"
    b"The server has too many connections; try again soon.\r\n"
)
# Files the process needs besides its connections: the database, the audio
# being written and read, the voices, logs.
_FILES_KEPT_FOR_WORK = 64
_REFUSED_CLOSE_SECONDS = 1.0


def connection_limit(wanted: int) -> int:
    """The connection limit to apply: ``wanted``, or less when the process's file
    limit (``ulimit -n``) would run out first."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return wanted
    return max(1, min(wanted, soft - _FILES_KEPT_FOR_WORK))


def http_protocol(*, header_timeout: float, max_connections: int) -> type[H11Protocol]:
    """uvicorn's h11 protocol with a header timeout and a connection limit.

    Args:
        header_timeout: seconds a client has to send a request's headers.
        max_connections: connections open at once; one more gets a 503.

    Returns:
        The class to give uvicorn as its ``http`` protocol.
    """

    class LimitedH11Protocol(H11Protocol):
        _header_timer: asyncio.TimerHandle | None = None
        _refused = False

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            if len(self.connections) > max_connections:
                self._refuse(transport)
                return
            self._start_header_timer()

        def _refuse(self, transport: asyncio.Transport) -> None:
            self.logger.warning("Refused a connection: %d are open.", max_connections)
            self._refused = True
            transport.write(_BUSY)
            # Closed a moment later, not at once: closing with the client's
            # request unread would reset the connection before the 503 is read.
            transport.write_eof()
            self.loop.call_later(_REFUSED_CLOSE_SECONDS, transport.close)

        def data_received(self, data: bytes) -> None:
            if self._refused:
                return
            super().data_received(data)
            if self.conn.their_state is h11.IDLE:
                # Part of a request's headers (the first of them, or of the next
                # request on a kept-alive connection): the clock is running.
                self._start_header_timer()
            else:
                self._stop_header_timer()

        def connection_lost(self, exc: Exception | None) -> None:
            self._stop_header_timer()
            super().connection_lost(exc)

        def _start_header_timer(self) -> None:
            if self._header_timer is None and not self.transport.is_closing():
                self._header_timer = self.loop.call_later(header_timeout, self._headers_too_slow)

        def _stop_header_timer(self) -> None:
            if self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None

        def _headers_too_slow(self) -> None:
            self._header_timer = None
            if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
                self.transport.close()

    return LimitedH11Protocol
