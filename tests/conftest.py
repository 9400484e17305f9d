"""Fixtures shared by the whole suite: a fresh app on a temporary data directory."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from litestar.testing import TestClient

from access_api.app import create_app
from access_api.settings import Settings

if TYPE_CHECKING:
    from collections.abc import Iterator

    from litestar import Litestar

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_fb8d5ec5391621b1.txt"


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient[Litestar]]:
    with TestClient(app=create_app(settings)) as test_client:
        yield test_client
