"""Fixtures shared by the whole suite."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, skipping the test with a clear reason when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"development data {path} is absent (it lives in ../shared beside the repository)")
    return path


@pytest.fixture
def seeds() -> Path:
    return shared_path("seeds")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "test.db"
