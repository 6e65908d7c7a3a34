"""Whole processes: `quotefind --help` and a search on the seeds, as a user waits for them."""

from __future__ import annotations

import os
import statistics

from figures.common import ARTICLE_GLOB, SEEDS, SEEDS_QUERY, Options, quotefind_command, time_process
from figures.report import Report


def measure(opts: Options, report: Report) -> None:
    """Time the console script's start-up and a small search, median of --runs runs."""
    say = opts.progress
    qf = quotefind_command()
    say("whole processes")
    report.meta["quotefind_command"] = " ".join(qf)
    cpu: list[float] = []
    help_ms = time_process([*qf, "--help"], opts.runs, cpu=cpu)
    report.add("`quotefind --help`, process median", statistics.median(help_ms), "ms", "help_process")
    report.add("`quotefind --help`, process CPU time median", statistics.median(cpu), "ms")
    seeds_index = opts.workdir / "seeds-index"
    from quotefind.ingest import read_inputs
    from quotefind.pipeline import add_articles

    add_articles(seeds_index, read_inputs([str(SEEDS)], glob=ARTICLE_GLOB))
    env = {**os.environ, "NO_COLOR": "1"}
    cpu = []
    search_ms = time_process(
        [*qf, "search", SEEDS_QUERY, "--index", str(seeds_index), "--format", "jsonl"],
        opts.runs,
        ok_codes=(0, 1),
        env=env,
        cpu=cpu,
    )
    report.add(
        f'`quotefind search "{SEEDS_QUERY}"` on seeds, process median',
        statistics.median(search_ms),
        "ms",
        "seeds_search_process",
    )
    report.add("seeds search, process CPU time median", statistics.median(cpu), "ms")
