"""One benchmark command for every speed figure of quotefind (issue 8).

Run it with the project's virtual environment, from the repository root:

    .venv/bin/python bench/run.py                  # full run on the BBC corpus (under a minute)
    .venv/bin/python bench/run.py --quick          # a subset, about 10 seconds
    .venv/bin/python bench/run.py --corpus seeds --quick   # the repo's seeds only (smoke test)
    .venv/bin/python bench/run.py --scale 1000000  # plus the growth table at 10k, 100k, 1M statements
    .venv/bin/python bench/run.py --json           # machine output

It measures through the public library API (`quotefind.ingest.read_inputs`,
`quotefind.extract.extract`, `quotefind.pipeline.add_articles`, `quotefind.search.search`) and through
whole processes (the `quotefind` console script), so it keeps working when the internals change.
Indexing and searching run in child processes (this same file, `--worker`), so that their peak
memory is their own. Queries are drawn at run time from the corpus itself (nothing from the
corpora is stored in the repository), with a fixed random seed. Each figure's measurement is a
module of `bench/figures/` (its docstring says which); this file runs them in the table's order.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

# The figures live beside this file; a test loads it by path, without bench/ on sys.path.
if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from figures import dask_cpu, extraction, grep_floor, indexing, processes, reading, search_latency
from figures.common import (
    CORPORA,
    ROOT,
    BenchError,
    Options,
    git_commit,
    load_average,
    percentile,
)
from figures.corpus import build_queries, corpus_paths
from figures.report import Report, judge, render_table
from figures.scale import measure_scale
from figures.search_only import measure_search_only
from figures.workers import WORKERS

#: What tests and other scripts use of this module.
__all__ = ["build_queries", "judge", "main", "percentile", "render_table"]


def measure(opts: Options) -> Report:
    """Measure every figure of the issue and return the report."""
    report = Report()
    paths = corpus_paths(opts.corpus, opts.corpora)
    subset = 300 if opts.quick and opts.corpus != "seeds" else None
    label = opts.corpus + (f" ({subset}-article subset)" if subset else "")
    report.meta.update(
        corpus=label,
        python=platform.python_version(),
        machine=f"{platform.machine()}, {os.cpu_count()} CPUs",
        quick=opts.quick,
        runs=opts.runs,
        queries_per_set=opts.queries,
        search_limit=opts.limit,
        started=time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
        load_at_start=load_average(),
        commit=git_commit(),
    )

    articles = reading.measure(opts, report, paths, subset, label)
    statements = extraction.measure(opts, report, articles)

    queries = build_queries(statements, opts.queries)
    report.meta["query_examples"] = {k: v[:3] for k, v in queries.items()}
    if not opts.scale_only:
        measure_standard(opts, report, paths, articles, queries)
        dask_cpu.measure(opts, report, paths, subset)
    report.meta["load_before_scale"] = load_average()
    if opts.scale:
        measure_scale(opts, report, queries)
        report.meta["load_at_end"] = load_average()
    report.notes.append(
        "Wall-clock figures are what a user waits; the CPU-time rows show the same work free of other "
        "processes competing for the CPUs (compare the load average with the CPU count)."
    )
    report.notes.append(
        "Search latency: each search() call opens the index itself (as the CLI does); one untimed "
        "warm-up query per query set; queries drawn from the corpus's own statements (fixed seed). "
        "Whole processes: median of --runs runs after one untimed warm-up."
    )
    return report


def measure_standard(
    opts: Options,
    report: Report,
    paths: Sequence[Path],
    articles: Sequence[Any],
    queries: dict[str, list[str]],
) -> None:
    """Indexing, index size, search latency, the grep floor and the whole-process figures."""
    location = indexing.measure(opts, report, paths, articles)
    search_latency.measure(opts, report, location, queries)
    grep_floor.measure(opts, report, paths, queries)
    processes.measure(opts, report)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench/run.py",
        description="Measure every speed figure of quotefind against its target and print one table.",
    )
    parser.add_argument(
        "--corpus",
        choices=["bbc", "reuters", "polnear", "all", "seeds"],
        default="bbc",
        help="What to extract, index and search (default: bbc; seeds: the repo's own, no corpora needed).",
    )
    parser.add_argument("--corpora", type=Path, default=CORPORA, help=f"Corpora folder (default: {CORPORA}).")
    parser.add_argument(
        "--quick", action="store_true", help="A subset (300 articles, fewer runs): about 10 seconds."
    )
    parser.add_argument("--runs", type=int, help="Runs per whole-process figure (default 7, quick 3).")
    parser.add_argument("--queries", type=int, help="Queries per set (default 30, quick 10).")
    parser.add_argument(
        "--limit", type=int, default=10, help="Hits asked for per search (default 10, as the CLI)."
    )
    parser.add_argument(
        "--jobs",
        type=int,
        help="Passed to add_articles(jobs=...) when it takes it (default: all cores for the corpus "
        "figures, as `quotefind index`; one process for --scale).",
    )
    parser.add_argument(
        "--scale",
        type=int,
        nargs="?",
        const=1_000_000,
        metavar="N",
        help="Also grow an index to about N statements (default 1,000,000), measuring at 10k, 100k and N.",
    )
    parser.add_argument(
        "--scale-only", action="store_true", help="With --scale: skip the figures at the corpus's own size."
    )
    parser.add_argument(
        "--workdir", type=Path, help="Keep indexes here (resumes a scale build); default: a temp dir."
    )
    parser.add_argument(
        "--search-index",
        type=Path,
        metavar="DIR",
        help="Only time the query sets on this existing index (e.g. a kept scale index); no indexing.",
    )
    parser.add_argument("--json", action="store_true", help="Print the report as JSON instead of a table.")
    parser.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        try:
            result = WORKERS[args.worker](json.loads(sys.stdin.read()))
        except BenchError as exc:
            print(f"bench: {exc}", file=sys.stderr)
            return 2
        print(json.dumps(result))
        return 0
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="quotefind-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    opts = Options(
        corpus=args.corpus,
        corpora=args.corpora,
        quick=args.quick,
        runs=args.runs or (3 if args.quick else 7),
        queries=args.queries or (10 if args.quick else 30),
        limit=args.limit,
        jobs=args.jobs,
        scale=args.scale,
        scale_only=args.scale_only,
        workdir=workdir,
        progress=lambda msg: print(f"bench: {msg}", file=sys.stderr, flush=True),
    )
    try:
        if args.search_index:
            report = measure_search_only(opts, args.search_index)
            print(json.dumps(report.to_dict(), indent=2) if args.json else render_table(report))
            return 0
        # A fresh index each run; a kept scale index (with its state file) is resumed.
        for name in ("index", "seeds-index", "index-writes", "index-cli"):
            shutil.rmtree(workdir / name, ignore_errors=True)
        report = measure(opts)
    except BenchError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 2
    finally:
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps(report.to_dict(), indent=2) if args.json else render_table(report))
    return 0


if __name__ == "__main__":
    sys.path.append(str(ROOT / "src"))  # an installed quotefind (the venv) comes first
    sys.exit(main())
