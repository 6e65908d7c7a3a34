"""Golden files: each seed article's statements, and the issue's score thresholds on the shared gold.

Regenerate the golden files with `QUOTEFIND_REGEN_GOLDEN=1 pytest tests/test_golden.py`.
"""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from quotefind.extract import extract
from quotefind.model import Article, Source

REPO = Path(__file__).resolve().parents[1]
SEEDS = sorted((REPO / "seeds").glob("*.txt"))
GOLDEN = Path(__file__).parent / "golden"
SHARED = REPO.parent / "shared"
REGEN = os.environ.get("QUOTEFIND_REGEN_GOLDEN") == "1"


def seed_article(path: Path) -> Article:
    """Read a seed as the ingest layer would: title on the first line, key `seeds/<name>`."""
    text = path.read_text(encoding="utf-8")
    key = f"seeds/{path.name}"
    return Article(text=text, source=Source(path=key, title=text.split("\n", 1)[0].strip()), key=key)


def extract_dicts(article: Article) -> list[dict[str, Any]]:
    """Return the wire form of an article's statements."""
    return [s.to_dict() for s in extract(article)]


def test_there_are_seeds() -> None:
    assert len(SEEDS) >= 2


@pytest.mark.parametrize("path", SEEDS, ids=[p.stem for p in SEEDS])
def test_golden(path: Path) -> None:
    golden = GOLDEN / f"{path.stem}.jsonl"
    got = extract_dicts(seed_article(path))
    if REGEN:
        golden.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in got), encoding="utf-8")
    assert golden.is_file(), f"missing {golden}: run with QUOTEFIND_REGEN_GOLDEN=1"
    want = [json.loads(line) for line in golden.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert got == want


def load_scorer() -> ModuleType:
    """Import ../shared/eval/score.py, or skip when the shared material is absent (a user's clone)."""
    path = SHARED / "eval" / "score.py"
    if not path.is_file():
        pytest.skip(f"no shared material at {SHARED}")
    spec = importlib.util.spec_from_file_location("quotefind_shared_score", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.shared
def test_seed_score_meets_the_issue_thresholds() -> None:
    scorer = load_scorer()
    gold = scorer.load(SHARED / "gold" / "seeds.jsonl")
    pred = [d for path in SEEDS for d in extract_dicts(seed_article(path))]
    out, _, _, _ = scorer.score(gold, pred)
    assert out["all"]["f1"] >= 0.97
    assert out["all"]["attribution_f1"] >= 0.95


@pytest.mark.shared
@pytest.mark.slow
def test_polnear_dev_score_meets_the_issue_thresholds() -> None:
    scorer = load_scorer()
    folder = SHARED / "corpora" / "polnear" / "dev"
    gold = scorer.load(SHARED / "gold" / "polnear-dev.jsonl")
    pred = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        article = Article(
            text=text, source=Source(path=path.name, title=text.split("\n", 1)[0]), key=path.name
        )
        pred.extend(extract_dicts(article))
    out, _, _, _ = scorer.score(gold, pred, any_kind=True)
    assert out["all"]["f1"] >= 0.70
    assert out["all"]["attribution_f1"] >= 0.60
