"""`--search-index`: the query sets timed on an index built before (say, a kept scale index)."""

from __future__ import annotations

import os
import platform
import time
from pathlib import Path

from figures.common import Options, dir_size, git_commit, load_average
from figures.corpus import build_queries, corpus_paths, read_articles
from figures.report import Report
from figures.workers import run_worker


def measure_search_only(opts: Options, location: Path) -> Report:
    """Time the query sets (drawn from the corpus) on an index built before, e.g. a kept scale index."""
    from quotefind.extract import extract

    report = Report()
    say = opts.progress
    articles = read_articles(corpus_paths(opts.corpus, opts.corpora))
    say(f"extracting {opts.corpus} to draw the queries")
    queries = build_queries([st for a in articles for st in extract(a)], opts.queries)
    report.meta.update(
        corpus=f"{opts.corpus} queries on {location}",
        python=platform.python_version(),
        machine=f"{platform.machine()}, {os.cpu_count()} CPUs",
        queries_per_set=opts.queries,
        search_limit=opts.limit,
        started=time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
        load_at_start=load_average(),
        commit=git_commit(),
    )
    report.meta["statements"] = _statements_in(location)
    report.meta["load_before_scale"] = load_average()
    say(f"searching {location} (child process)")
    found = run_worker("search", {"index": str(location), "queries": queries, "limit": opts.limit})
    for name in ("text", "fuzzy-typo", "phrase", "speaker"):
        got = found["sets"].get(name)
        if got:
            report.add(f"search {name}, p50", got["p50"], "ms", note=f"{got['found']}/{got['queries']} found")
            report.add(f"search {name}, p95", got["p95"], "ms")
            report.add(f"search {name}, p50 CPU time", got["cpu_p50"], "ms")
            report.add(f"search {name}, p95 CPU time", got["cpu_p95"], "ms")
    report.add(
        "search process peak memory (RSS)", found["peak_rss"], "B", note="with the index pages it read"
    )
    if found.get("rss_anon"):
        report.add("search process memory at the end, not file-backed", found["rss_anon"], "B")
    report.add("index size on disk", dir_size(location), "B")
    report.meta["load_at_end"] = load_average()
    return report


def _statements_in(location: Path) -> int:
    from quotefind.store.whoosh.location import open_index
    from quotefind.store.whoosh.schema import STATEMENT

    with open_index(location).searcher() as searcher:
        return int(searcher.doc_frequency("doctype", STATEMENT))
