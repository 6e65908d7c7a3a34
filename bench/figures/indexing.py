"""Indexing: statements per second (library, whole process, writes only), peak memory, index size."""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from figures.common import MIB, Options, dir_size, quotefind_command, run_measured
from figures.report import Report
from figures.workers import run_worker


def measure(opts: Options, report: Report, paths: Sequence[Path], articles: Sequence[Any]) -> Path:
    """Index the articles in a child process, as a `quotefind index` process and writes only.

    Returns the index the child process built (the search figures use it).
    """
    say = opts.progress
    subset = len(articles) if opts.quick and opts.corpus != "seeds" else None
    say("indexing (child process)")
    location = opts.workdir / "index"
    # All cores unless --jobs says otherwise, as `quotefind index` does (add_articles' own default is
    # one process): the target is for this machine, not for one of its cores.
    jobs = opts.jobs if opts.jobs is not None else (os.cpu_count() or 1)
    common = {"paths": [str(p) for p in paths], "limit": subset, "jobs": jobs}
    built = run_worker("index", {**common, "index": str(location)})
    rate = built["statements"] / built["seconds"] if built["seconds"] else None
    report.add(
        "indexing, statements/s (extract + write)", rate, "/s", "index_rate", f"add_articles, jobs={jobs}"
    )
    if built["cpu_seconds"]:
        report.add("indexing, statements per CPU-second", built["statements"] / built["cpu_seconds"], "/s")
    peak = built["peak_rss"]
    if built["children_peak_rss"]:
        # The indexer ran worker processes. Their peaks may not coincide, so parent + workers x the
        # largest worker's peak is an upper bound on what the machine held at once.
        workers = built.get("jobs") or os.cpu_count() or 1
        peak += workers * built["children_peak_rss"]
        report.notes.append(
            f"Indexing ran worker processes: peak memory is the indexing process's own peak "
            f"({built['peak_rss'] / MIB:.0f} MiB) plus {workers} x the largest worker's "
            f"({built['children_peak_rss'] / MIB:.0f} MiB), an upper bound."
        )
    report.add("indexing, peak memory (RSS)", peak, "B", "index_peak_rss")
    say("indexing as a whole process: quotefind index")
    qf = quotefind_command()
    cli_index = opts.workdir / "index-cli"
    wall, cpu_s, cli_peak = run_measured(
        [*qf, "index", "--index", str(cli_index), *(str(a.source.path) for a in articles)]
    )
    shutil.rmtree(cli_index, ignore_errors=True)
    report.add(
        "indexing, `quotefind index` process, statements/s",
        built["statements"] / wall if wall else None,
        "/s",
        "index_rate",
        "same articles; the CLI may run worker processes",
    )
    report.add(
        "indexing, `quotefind index` process, statements per CPU-second", built["statements"] / cpu_s, "/s"
    )
    report.add(
        "indexing, `quotefind index` process, peak RSS (largest process)", cli_peak, "B", "index_peak_rss"
    )
    say("indexing again, writes only (child process)")
    writes = run_worker("index", {**common, "index": str(opts.workdir / "index-writes"), "writes_only": True})
    report.add(
        "indexing, statements/s (writes only)",
        writes["statements"] / writes["seconds"] if writes["seconds"] else None,
        "/s",
        note="pre-extracted; the index engine alone",
    )
    shutil.rmtree(opts.workdir / "index-writes", ignore_errors=True)
    size = dir_size(location)
    report.add("index size on disk", size, "B")
    if built["statements"]:
        report.add("index size per statement", round(size / built["statements"]), "bytes")

    return location
