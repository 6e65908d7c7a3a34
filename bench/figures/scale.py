"""The growth table: an index grown to 10k, 100k and N statements, searched at each step."""

from __future__ import annotations

import json
import math
from typing import Any

from figures.common import Options, dir_size
from figures.corpus import corpus_paths
from figures.report import Report
from figures.scale_corpus import RECALL_QUERIES, RECALL_WORDS
from figures.workers import run_worker

SCALE_STEPS = (10_000, 100_000)


def measure_scale(opts: Options, report: Report, queries: dict[str, list[str]]) -> None:
    """Grow an index of the corpora repeated under new keys, measuring at 10k, 100k and N statements."""
    say = opts.progress
    paths = corpus_paths("seeds" if opts.corpus == "seeds" else "all", opts.corpora)
    location = opts.workdir / "scale-index"
    state = opts.workdir / "scale-state.json"
    # The corpora extracted once, for the build and for the recall queries drawn from it.
    base_cache = opts.workdir / "scale-base.pickle"
    # A kept workdir resumes: steps measured before are reused, the build goes on from its state.
    saved_file = opts.workdir / "scale-results.json"
    saved: dict[str, Any] = json.loads(saved_file.read_text()) if saved_file.is_file() else {}
    steps = sorted({s for s in SCALE_STEPS if s < opts.scale} | {opts.scale})
    skipped: list[tuple[int, int]] = []
    for step in steps:
        if str(step) in saved:
            say(f"scale: reusing the {step:,}-statement step measured before in {opts.workdir}")
            continue
        held = json.loads(state.read_text())["statements"] if state.is_file() else 0
        if held > step and step != steps[-1]:
            skipped.append((step, held))
            continue  # the last step still measures, at the size the kept index holds
        say(f"scale: growing the index to {step:,} statements (child process)")
        grown = run_worker(
            "scale",
            {
                "paths": [str(p) for p in paths],
                "index": str(location),
                "state": str(state),
                "base": str(base_cache),
                "target": step,
                "batch": 100_000,
                "jobs": opts.jobs,
            },
        )
        say(f"scale: searching at {grown['statements']:,} statements (child process)")
        found = run_worker("search", {"index": str(location), "queries": queries, "limit": opts.limit})
        say(f"scale: recall of {RECALL_QUERIES} queries drawn from the index's statements (child process)")
        recall = run_worker(
            "recall",
            {
                "paths": [str(p) for p in paths],
                "base": str(base_cache),
                "index": str(location),
                "articles": grown["articles"],
                "count": RECALL_QUERIES,
            },
        )
        row = {
            "statements": grown["statements"],
            "articles": grown["articles"],
            "build_rate": grown["added"] / grown["seconds"] if grown["seconds"] else None,
            "build_peak_rss": grown["peak_rss"],
            "index_size": dir_size(location),
            "search_peak_rss": found["peak_rss"],
            "search_rss_anon": found.get("rss_anon"),
            "recall@1": recall["recall1"],
            "recall@10": recall["recall10"],
            "recall@10 typo": recall["recall10_typo"],
            "recall p50": recall["p50"],
            "recall p95": recall["p95"],
        }
        for name, got in found["sets"].items():
            row[f"{name} p50"] = got["p50"]
            row[f"{name} p95"] = got["p95"]
            row[f"{name} cpu p95"] = got.get("cpu_p95")
        # Re-read before writing: another run may have added its steps to the file meanwhile.
        saved = json.loads(saved_file.read_text()) if saved_file.is_file() else {}
        saved[str(step)] = row
        saved_file.write_text(json.dumps(saved))
    # Every step measured in this workdir up to N, this run's and earlier runs', in size order.
    report.scale = [saved[k] for k in sorted(saved, key=int) if int(k) <= opts.scale]
    for step, held in skipped:
        if str(step) not in saved:
            report.notes.append(
                f"Scale step {step:,} skipped: the kept index in {opts.workdir} already holds {held:,}."
            )
    if not report.scale:
        report.notes.append("Scale: no step measured; use a new --workdir or a larger --scale.")
        return
    last = report.scale[-1]
    for name in ("text", "fuzzy-typo", "speaker"):
        if f"{name} p95" in last:
            report.add(
                f"scale {last['statements']:,}: search {name}, p95", last[f"{name} p95"], "ms", "scale_p95"
            )
            report.add(
                f"scale {last['statements']:,}: search {name}, p95 CPU time",
                last.get(f"{name} cpu p95"),
                "ms",
            )
    size = f"{last['statements']:,} statements"
    if "phrase p95" in last:
        # Not named `scale ...`: the rows so named are the issue-8 set (tests count them).
        report.add(f"search phrase at {size}, p95", last["phrase p95"], "ms", "scale_p95")
        report.add(f"search phrase at {size}, p95 CPU time", last.get("phrase cpu p95"), "ms")
    if "recall@10" in last:
        report.add(f"recall@10 at {size}", last["recall@10"], "share", "scale_recall10")
        report.add(f"recall@1 at {size}", last["recall@1"], "share")
        report.add(f"recall@10 at {size}, queries with a typo", last["recall@10 typo"], "share")
        report.notes.append(
            f"Recall: {RECALL_QUERIES} queries per step, each {RECALL_WORDS} consecutive words of a "
            "statement drawn from the index itself (fixed seed), every other one with a typo in one "
            "or two words; a hit is the statement (or one with the same words) in the top 1 or 10."
        )
    report.add(
        f"scale {last['statements']:,}: build peak memory (RSS)",
        last["build_peak_rss"],
        "B",
        "index_peak_rss",
    )
    report.notes.append(growth_sentence(report.scale))
    report.notes.append(
        f"The scale index repeats {'the seeds' if opts.corpus == 'seeds' else 'BBC, Reuters and PolNeAR'} "
        "under new article keys, each copy with about half its content words replaced by other corpus "
        "words of the same length (distinct wordings, not copies of a story): posting lists and word "
        "pairs grow with N, the vocabulary of single words does not."
    )


def growth_sentence(rows: list[dict[str, Any]]) -> str:
    """Say how search latency and memory grow from the smallest to the largest scale step."""
    if len(rows) < 2:
        return "Scale: a single step, no growth to report."
    first, last = rows[0], rows[-1]
    factor = last["statements"] / first["statements"]
    parts = []
    for key in ("text p50", "fuzzy-typo p50", "speaker p50", "search_peak_rss", "index_size"):
        if first.get(key) and last.get(key):
            ratio = last[key] / first[key]
            exp = math.log(ratio) / math.log(factor) if factor > 1 and ratio > 0 else float("nan")
            parts.append(f"{key} x{ratio:.1f} (~N^{exp:.2f})")
    return (
        f"Scale: from {first['statements']:,} to {last['statements']:,} statements (x{factor:.0f}): "
        + ", ".join(parts)
        + "."
    )
