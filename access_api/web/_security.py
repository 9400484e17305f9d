"""Security headers for every response, the pages' Content Security Policy, and CSRF.

- :func:`add_security_headers` runs on *every* response, including the 404s
  of unknown paths that no middleware sees: ``nosniff``, no referrer, no
  framing, and a Content Security Policy unless the response set its own.
- :data:`PAGE_CSP` is the pages' own policy: no inline script or style.
- :func:`csrf_config` protects the pages' forms; the JSON API (``/api/``) is
  kept from other sites by :func:`access_api.web._limits.json_bodies_only`.
"""

from __future__ import annotations

import contextlib
import os
import secrets

from litestar.config.csrf import CSRFConfig
from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope

from access_api.settings import Settings

__all__ = ["PAGE_CSP", "add_security_headers", "csrf_config"]

PAGE_CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "media-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
"""The pages' Content Security Policy: no inline script or style, nothing from elsewhere."""


# Pages set their own policy; this is for everything else. JSON and audio
# need nothing from a browser, so the API's policy allows nothing.
_API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
_SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}


async def add_security_headers(message: Message, _scope: Scope) -> None:
    """Add the security headers to a response.

    A header the response already has (a page's own ``Content-Security-Policy``,
    say) is left as it is.
    """
    if message["type"] != "http.response.start":
        return
    headers = MutableScopeHeaders.from_message(message)
    for name, value in _SECURITY_HEADERS.items():
        if name not in headers:
            headers[name] = value
    if "content-security-policy" not in headers:
        is_html = headers.get("content-type", "").startswith("text/html")
        # HTML made outside the pages' own helper (the API reference) gets their policy.
        headers["content-security-policy"] = PAGE_CSP if is_html else _API_CSP


def csrf_config(settings: Settings) -> CSRFConfig:
    """CSRF protection for the forms; the JSON API (``/api/``) is left to its own rules.

    The signing secret is made once and kept in the data directory, so tokens
    survive a restart and every process serving the same data agrees on them.
    """
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    path = settings.data_dir / "csrf_secret"
    if not path.is_file():
        # Written aside, then linked into place: processes starting together
        # agree on whichever secret lands first, and none reads half of one.
        draft = settings.data_dir / f".csrf_secret.{secrets.token_hex(8)}"
        draft.write_text(secrets.token_hex(32), encoding="ascii")
        draft.chmod(0o600)
        with contextlib.suppress(FileExistsError):
            os.link(draft, path)
        draft.unlink()
    return CSRFConfig(
        secret=path.read_text(encoding="ascii").strip(),
        cookie_samesite="strict",
        cookie_httponly=True,
        exclude=["^/api/", "^/schema", "^/health", "^/ready", "^/metrics"],
    )
