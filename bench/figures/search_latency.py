"""Search latency: p50/p95 wall and CPU time per query set, and the search process's memory."""

from __future__ import annotations

from pathlib import Path

from figures.common import Options
from figures.report import Report
from figures.workers import run_worker


def measure(opts: Options, report: Report, location: Path, queries: dict[str, list[str]]) -> None:
    """Time each query set on the index in a child process."""
    say = opts.progress
    say("searching (child process)")
    found = run_worker("search", {"index": str(location), "queries": queries, "limit": opts.limit})
    for name in ("text", "fuzzy-typo", "speaker", "phrase"):
        got = found["sets"].get(name)
        if not got:
            continue
        report.add(
            f"search {name}, p50", got["p50"], "ms", "search_p50", f"{got['found']}/{got['queries']} found"
        )
        report.add(f"search {name}, p95", got["p95"], "ms", "search_p95")
        report.add(f"search {name}, p50 CPU time", got["cpu_p50"], "ms")
    report.add("search process peak memory (RSS)", found["peak_rss"], "B")
