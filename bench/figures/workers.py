"""Child processes (`run.py --worker`): indexing, searching, growing an index; each has its own peak RSS."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from figures.common import (
    MS,
    ROOT,
    BenchError,
    accepted_kwargs,
    anon_rss_bytes,
    peak_rss_bytes,
    percentile,
)
from figures.corpus import read_articles


def _index_kwargs(jobs: int | None, on_article: Callable[..., None] | None = None) -> dict[str, Any]:
    from quotefind.pipeline import add_articles

    wanted: dict[str, Any] = {}
    if jobs:
        wanted["jobs"] = jobs
    if on_article:
        wanted["on_article"] = on_article
    return accepted_kwargs(add_articles, wanted)


def _cpu_with_children() -> float:
    """CPU seconds of this process and of its finished children (an indexer's workers)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _stop_fork_server() -> None:
    """Stop multiprocessing's fork server, if one runs, and wait for it.

    Worker processes are the fork server's children: their CPU time reaches this process's
    RUSAGE_CHILDREN only once the fork server has ended and been waited for.
    """
    from multiprocessing import forkserver

    server = getattr(forkserver, "_forkserver", None)
    if server is not None and hasattr(server, "_stop"):
        server._stop()


def worker_index(spec: dict[str, Any]) -> dict[str, Any]:
    """Index a corpus into a fresh folder; with `writes_only`, extract first and time the writes."""
    from quotefind.extract import extract
    from quotefind.pipeline import add_articles

    articles = read_articles([Path(p) for p in spec["paths"]], spec.get("limit"))
    kwargs = _index_kwargs(spec.get("jobs"))
    if spec.get("writes_only"):
        cached = {a.key: list(extract(a)) for a in articles}
        kwargs["extract"] = lambda a: cached[a.key]
    start, cpu = time.perf_counter(), _cpu_with_children()
    summary = add_articles(Path(spec["index"]), iter(articles), **kwargs)
    seconds = time.perf_counter() - start
    _stop_fork_server()  # so that the worker processes' CPU time counts
    cpu = _cpu_with_children() - cpu
    return {
        "articles": summary.articles,
        "statements": summary.statements,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "peak_rss": peak_rss_bytes(),
        "children_peak_rss": peak_rss_bytes(resource.RUSAGE_CHILDREN),
        "jobs": kwargs.get("jobs"),
    }


def worker_search(spec: dict[str, Any]) -> dict[str, Any]:
    """Time each query set in-process: one warm-up query per set, then every query once."""
    from quotefind.search import search

    location = Path(spec["index"])
    out: dict[str, Any] = {}
    for name, queries in spec["queries"].items():
        if not queries:
            continue

        def run(q: str, name: str = name) -> int:
            if name == "speaker":
                return len(search(location, "", speaker=q, limit=spec["limit"]))
            if name == "phrase":
                return len(search(location, f'"{q}"', limit=spec["limit"]))
            return len(search(location, q, limit=spec["limit"]))

        run(queries[0])  # warm-up: imports, the index's files in the page cache
        times, cpu_times, found = [], [], 0
        for q in queries:
            start, cpu = time.perf_counter(), time.process_time()
            found += run(q) > 0
            times.append((time.perf_counter() - start) * MS)
            cpu_times.append((time.process_time() - cpu) * MS)
        out[name] = {
            "p50": percentile(times, 50),
            "p95": percentile(times, 95),
            "cpu_p50": percentile(cpu_times, 50),
            "cpu_p95": percentile(cpu_times, 95),
            "max": max(times),
            "queries": len(times),
            "found": found,
        }
    return {"sets": out, "peak_rss": peak_rss_bytes(), "rss_anon": anon_rss_bytes()}


def worker_scale(spec: dict[str, Any]) -> dict[str, Any]:
    """Grow the scale index to `target` statements: the corpora again and again, each copy reworded
    (`scale_corpus`), their statements extracted once.

    Resumable: after each commit the position is saved in `state`, and a later call goes on from it.
    """
    from figures.scale_corpus import copy_article, load_base
    from quotefind.pipeline import add_articles

    base = load_base([Path(p) for p in spec["paths"]], Path(spec["base"]))
    state_file = Path(spec["state"])
    state = json.loads(state_file.read_text()) if state_file.is_file() else {"next": 0, "statements": 0}
    target, batch = spec["target"], spec["batch"]
    counter = {"statements": state["statements"], "next": state["next"]}
    pending: dict[str, list[Any]] = {}

    def on_article(_article: Any, n: int) -> None:
        counter["statements"] += n

    def extract(article: Any) -> list[Any]:
        return pending.pop(article.key, [])

    # One article at a time (in this process): the articles stop when enough statements are written.
    kwargs = _index_kwargs(1, on_article)
    if "on_article" not in kwargs:
        raise BenchError("add_articles() takes no on_article callback; the scale mode needs it to count.")
    kwargs["extract"] = extract

    def articles(stop_at: int) -> Iterator[Any]:
        while counter["statements"] < stop_at:
            article, statements = copy_article(base, counter["next"])
            counter["next"] += 1
            pending[article.key] = statements
            yield article

    start = time.perf_counter()
    while counter["statements"] < target:
        stop_at = min(target, counter["statements"] + batch)
        add_articles(Path(spec["index"]), articles(stop_at), **kwargs)
        state_file.write_text(json.dumps(counter))
    return {
        "statements": counter["statements"],
        "articles": counter["next"],
        "added": counter["statements"] - state["statements"],
        "seconds": time.perf_counter() - start,
        "peak_rss": peak_rss_bytes(),
        "children_peak_rss": peak_rss_bytes(resource.RUSAGE_CHILDREN),
    }


def worker_recall(spec: dict[str, Any]) -> dict[str, Any]:
    """Recall@1 and @10 of queries drawn from the scale index's own statements (`recall_queries`)."""
    from figures.scale_corpus import load_base, recall_queries
    from quotefind.analysis import fold
    from quotefind.search import search

    base = load_base([Path(p) for p in spec["paths"]], Path(spec["base"]))
    queries = recall_queries(base, spec["articles"], spec.get("count") or 200)
    location = Path(spec["index"])

    def same(a: str, b: str) -> bool:
        return " ".join(fold(a).split()) == " ".join(fold(b).split())

    search(location, queries[0]["query"], limit=10)  # warm-up
    ranks: list[int | None] = []
    times, misses = [], []
    for q in queries:
        start = time.perf_counter()
        hits = search(location, q["query"], limit=10)
        times.append((time.perf_counter() - start) * MS)
        # A copy with the very same words (a duplicate article in the corpora) is the statement too.
        rank = next(
            (i for i, h in enumerate(hits) if h.statement.id == q["id"] or same(h.statement.text, q["text"])),
            None,
        )
        ranks.append(rank)
        if rank is None and len(misses) < 10:
            misses.append(q["query"])
    n = len(ranks)
    return {
        "queries": n,
        "recall1": sum(r == 0 for r in ranks) / n,
        "recall10": sum(r is not None for r in ranks) / n,
        "recall10_typo": sum(r is not None for r, q in zip(ranks, queries, strict=True) if q["typo"])
        / max(1, sum(q["typo"] for q in queries)),
        "p50": percentile(times, 50),
        "p95": percentile(times, 95),
        "misses": misses,
    }


WORKERS = {
    "index": worker_index,
    "search": worker_search,
    "scale": worker_scale,
    "recall": worker_recall,
}


def run_worker(kind: str, spec: dict[str, Any]) -> dict[str, Any]:
    """Run a worker in a child process (`run.py --worker`) of this interpreter and return its JSON answer."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--worker", kind],
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines()
        raise BenchError(f"The {kind} worker failed: {lines[-1] if lines else 'no message'}")
    return json.loads(done.stdout.strip().splitlines()[-1])
