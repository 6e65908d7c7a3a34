"""Indexing benchmark: build an index of a corpus from scratch, then re-run it unchanged.

Runs `python -m quotefind index` as a subprocess (as a user would) and reports wall time,
articles/s, statements/s, the index size and the peak memory of the whole process tree (the
parent, the fork server and the worker processes): resident set sizes sampled from /proc every
50 ms and summed, and as an upper bound the sum of every process's own peak (VmHWM). `ru_maxrss`
of the children (the largest single process) is reported beside them, and the CPU seconds of the
tree, since wall time on a shared machine depends on the load.

    python bench/bench_index.py                     # ../shared/corpora, all cores
    python bench/bench_index.py CORPUS --jobs 1
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora"
#: Targets of issue 6 on the 2-core machine.
TARGETS = {
    "build_s": 180.0,
    "build_idle_estimate_s": 180.0,
    "rerun_s": 10.0,
    "peak_mb": 1024.0,
    "peak_upper_bound_mb": 1024.0,
}

_SUMMARY = re.compile(
    r"(?P<articles>\d+) articles indexed, (?P<quotes>\d+) quotes, (?P<claims>\d+) claims"
    r"|no changes: (?P<unchanged>\d+) articles unchanged"
)


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry))
    return found


def _tree_sample(pid: int, cpu: dict[int, float], hwm: dict[int, int]) -> int:
    """Return the summed RSS (kB) of the process tree; record each process's CPU seconds and peak."""
    total, todo, seen = 0, [pid], set()
    tick = os.sysconf("SC_CLK_TCK")
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            with open(f"/proc/{current}/status", encoding="ascii", errors="replace") as fh:
                for line in fh:
                    if line.startswith("VmHWM:"):
                        hwm[current] = int(line.split()[1])
                    elif line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
            with open(f"/proc/{current}/stat", encoding="ascii", errors="replace") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            cpu[current] = (int(fields[11]) + int(fields[12])) / tick
        except OSError:
            continue
        todo.extend(_children(current))
    return total


def run_timed(args: list[str], *, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run a command; return its wall time, stderr, exit code and the peak summed RSS of its tree."""
    peak = 0
    cpu: dict[int, float] = {}
    hwm: dict[int, int] = {}
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_sample(proc.pid, cpu, hwm))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    if sys.platform.startswith("linux"):
        sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - start
    done.set()
    if sampler.is_alive():
        sampler.join()
    return {
        "wall_s": wall,
        "stderr": err,
        "code": proc.returncode,
        "peak_tree_mb": peak / 1024,
        "sum_of_peaks_mb": sum(hwm.values()) / 1024,
        "cpu_s": sum(cpu.values()),
        "parent_cpu_s": cpu.get(proc.pid, 0.0),
    }


def _size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


def measure(
    corpus: Path = DEFAULT_CORPUS,
    *,
    jobs: int | None = None,
    workdir: Path | None = None,
    python: str = sys.executable,
) -> dict[str, Any]:
    """Index `corpus` from scratch into a fresh folder, re-run unchanged; return the figures."""
    own = workdir is None
    base = Path(workdir or tempfile.mkdtemp(prefix="qf-bench-"))
    location = base / "index"
    shutil.rmtree(location, ignore_errors=True)
    cmd = [python, "-m", "quotefind", "index", str(corpus), "--index", str(location)]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    try:
        build = run_timed(cmd, env=env)
        rerun = run_timed(cmd, env=env)
        size = _size_mb(location) if location.exists() else 0.0
    finally:
        if own:
            shutil.rmtree(base, ignore_errors=True)
    if build["code"] not in (0, 2) or "articles indexed" not in build["stderr"]:
        raise RuntimeError(f"indexing failed ({build['code']}): {build['stderr'][-500:]}")
    m = _SUMMARY.search(build["stderr"])
    articles = int(m["articles"]) if m and m["articles"] else 0
    statements = int(m["quotes"]) + int(m["claims"]) if m and m["articles"] else 0
    again = _SUMMARY.search(rerun["stderr"])
    return {
        "corpus": str(corpus),
        "jobs": jobs or os.cpu_count(),
        "articles": articles,
        "statements": statements,
        "build_s": round(build["wall_s"], 1),
        "articles_per_s": round(articles / build["wall_s"], 1),
        "statements_per_s": round(statements / build["wall_s"], 1),
        "build_cpu_s": round(build["cpu_s"], 1),
        "build_parent_cpu_s": round(build["parent_cpu_s"], 1),
        # What the wall time would be without other load: the writer's CPU time, or all the CPU
        # time spread over the cores, whichever is longer.
        "build_idle_estimate_s": round(max(build["parent_cpu_s"], build["cpu_s"] / (os.cpu_count() or 1)), 1),
        "rerun_s": round(rerun["wall_s"], 2),
        "rerun_cpu_s": round(rerun["cpu_s"], 2),
        "rerun_unchanged": int(again["unchanged"]) if again and again["unchanged"] else None,
        "peak_mb": round(max(build["peak_tree_mb"], rerun["peak_tree_mb"]), 1),
        # An upper bound: every process's own peak, added up as if they all peaked at once.
        "peak_upper_bound_mb": round(max(build["sum_of_peaks_mb"], rerun["sum_of_peaks_mb"]), 1),
        "max_single_process_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
        "index_mb": round(size, 1),
        "load_avg_1m": round(os.getloadavg()[0], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"no corpus at {args.corpus} (needs ../shared/corpora, or pass a folder)")
    figures = measure(args.corpus, jobs=args.jobs)
    width = max(map(len, figures))
    for key, value in figures.items():
        target = TARGETS.get(key)
        verdict = "" if target is None else ("  ok" if value <= target else f"  over target {target:g}")
        print(f"{key:<{width}}  {value}{verdict}")


if __name__ == "__main__":
    main()
