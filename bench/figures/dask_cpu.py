"""Extraction on Dask: CPU per article on 2 local workers against one process, side by side (issue 18)."""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from pathlib import Path

from figures.common import ARTICLE_GLOB, MS, BenchError, Options
from figures.report import Report

WORKERS = 2
#: Shards per run: enough for both workers to stay busy (and few enough that each task is long).
SHARDS = 8
#: CPU seconds of extraction (beyond start-up) below which a ratio is noise: the seeds' two articles.
LEAST_CPU = 0.25


def _inputs(paths: Sequence[Path], subset: int | None) -> list[str]:
    """The corpus folders, or (for a subset) a spread of that many of their article files."""
    if not subset:
        return [str(p) for p in paths]
    files = sorted(f for p in paths for f in p.rglob(ARTICLE_GLOB))
    step = max(1, len(files) // subset)
    return [str(f) for f in files[::step][:subset]]


def measure(opts: Options, report: Report, paths: Sequence[Path], subset: int | None) -> None:
    """Run `quotefind extract --out` in one process and with `--workers 2`; add CPU per article and ratio."""
    label = f"extract --out on Dask ({WORKERS} local workers) / one process, CPU per article"
    if importlib.util.find_spec("distributed") is None:
        reason = 'Dask is not installed (pip install -e ".[dask]")'
        opts.progress(f"Dask CPU ratio skipped: {reason}")
        report.add(label, None, "ratio", "dask_cpu_ratio")
        report.notes.append(f"Dask CPU ratio: skipped - {reason}.")
        return
    from bench_batch import compare

    opts.progress(f"extracting on Dask ({WORKERS} local workers) and in one process")
    inputs = _inputs(paths, subset)
    files = [f for p in map(Path, inputs) for f in ([p] if p.is_file() else p.rglob(ARTICLE_GLOB))]
    size = sum(f.stat().st_size for f in files)
    chunk_mb = max(size / SHARDS / 1e6, 0.001)
    try:
        result = compare(inputs, WORKERS, chunk_mb, ["--glob", ARTICLE_GLOB])
    except SystemExit as exc:  # bench_batch's one-sentence failure
        raise BenchError(str(exc)) from None
    one = result.cpu_per_article(False)
    if one is None or one * result.articles < LEAST_CPU:
        report.add(label, None, "ratio", "dask_cpu_ratio")
        report.notes.append(
            f"Dask CPU ratio: not measured - {result.articles:,} articles are too little work "
            f"(under {LEAST_CPU} CPU-s beyond start-up); run it on a corpus (--corpus bbc)."
        )
        return
    for dask in (False, True):
        cpu = result.cpu_per_article(dask)
        where = f"Dask, {WORKERS} local workers" if dask else "one process"
        report.add(f"extract --out, {where}, CPU per article", cpu * MS if cpu else None, "ms")
    report.add(label, result.ratio, "ratio", "dask_cpu_ratio")
    report.notes.append(
        f"Dask CPU ratio: whole `quotefind extract --out` processes with their children, on "
        f"{result.articles:,} articles in {result.rows[0][4]} shards, each less its run on one tiny file "
        f"(a cluster's start-up); whole runs including start-up: {result.whole_ratio:.2f}; shards "
        f"identical to one process's: {'yes' if result.identical else 'NO'}."
    )
