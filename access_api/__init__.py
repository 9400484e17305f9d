"""access_api: turn an article into an accessible package.

Clean text, a readability report, summaries at several reading levels and
spoken audio, served over a REST API and a screen-reader-friendly page.
"""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
