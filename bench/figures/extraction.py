"""Extraction: articles per second and per CPU-second, statements found."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from figures.common import Options
from figures.report import Report


def measure(opts: Options, report: Report, articles: Sequence[Any]) -> list[Any]:
    """Extract every article in this process and add the rates; return the statements."""
    from quotefind.extract import extract

    say = opts.progress
    say("extracting")
    statements: list[Any] = []
    start, cpu = time.perf_counter(), time.process_time()
    for a in articles:
        statements.extend(extract(a))
    extract_s, cpu = time.perf_counter() - start, time.process_time() - cpu
    report.meta["statements"] = len(statements)
    report.add("extraction, articles/s", len(articles) / extract_s, "/s", "extract_rate", "texts in memory")
    report.add("extraction, articles per CPU-second", len(articles) / cpu if cpu else None, "/s")
    report.add("extraction, statements found", len(statements), "count")

    return statements
