"""Shared fixtures: a fixed terminal, an isolated index location, the seeds, and ../shared."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
#: Research material beside the repository (absent in a user's clone: tests that need it skip).
SHARED = ROOT.parent / "shared"


@pytest.fixture(autouse=True)
def _isolate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point QUOTEFIND_INDEX at a temp dir and fix the terminal so rich output is stable."""
    monkeypatch.setenv("QUOTEFIND_INDEX", str(tmp_path / "index"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("FORCE_COLOR", raising=False)


@pytest.fixture
def index_dir(tmp_path: Path) -> Path:
    """The index location the autouse fixture points QUOTEFIND_INDEX at."""
    return Path(os.environ["QUOTEFIND_INDEX"])


@pytest.fixture
def seeds_index(index_dir: Path) -> Path:
    """An index of the seed articles, built through the library."""
    from quotefind.ingest import read_inputs
    from quotefind.pipeline import add_articles

    add_articles(index_dir, read_inputs([str(SEEDS)]))
    return index_dir


@pytest.fixture
def shared() -> Path:
    """../shared (corpora, gold, scorer), or skip the test when this clone has none."""
    if not (SHARED / "eval" / "score.py").is_file():
        pytest.skip("needs ../shared (research corpora and gold), absent in this clone")
    return SHARED
