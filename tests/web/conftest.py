"""Fixtures for the web tests."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def library_article() -> str:
    """A short news text in two paragraphs, longer than its detailed summary."""
    return (
        "The library on Mill Street will open on Sundays from next month. "
        "Families asked for the change in a survey last year. "
        "More than four hundred people answered it, and most of them work on weekdays. "
        "The council found the money by sharing staff with the museum next door.\n\n"
        "Children's reading groups will meet on Sunday mornings. "
        "Older readers can borrow large print books and audio books as before. "
        "A café will open in the entrance hall in the summer. "
        "The library is free to join for everyone who lives in the town."
    )
