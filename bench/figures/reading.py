"""Reading files: articles per second through `ingest.read_inputs`."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from figures.common import BenchError, Options
from figures.corpus import read_articles
from figures.report import Report


def measure(
    opts: Options, report: Report, paths: Sequence[Path], subset: int | None, label: str
) -> list[Any]:
    """Read the corpus (or its subset) and add the reading rate; return the articles."""
    say = opts.progress
    say(f"reading {label}")
    start = time.perf_counter()
    articles = read_articles(paths, subset)
    read_s = time.perf_counter() - start
    if not articles:
        raise BenchError(f"No articles under {', '.join(map(str, paths))}.")
    report.meta["articles"] = len(articles)
    report.add(
        f"reading files ({label})", len(articles) / read_s, "/s", note="articles/s, ingest.read_inputs"
    )

    return articles
