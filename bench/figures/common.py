"""What every figure shares: paths, units, targets, timing a process, memory, the run's options."""

from __future__ import annotations

import contextlib
import inspect
import math
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
#: Research corpora live beside the repository, read-only (never copied into it).
CORPORA = ROOT.parent / "shared" / "corpora"
#: Corpus folders under CORPORA, with the glob that picks their articles (BBC has a README.TXT).
CORPUS_DIRS = {"bbc": "bbc", "reuters": "reuters21578", "polnear": "polnear"}
ARTICLE_GLOB = "*.txt"

MS = 1000.0
MIB = 1024 * 1024
GIB = 1024 * MIB
SEED = 8

#: The issue's targets on the 2-core reference machine: (comparison, value).
TARGETS: dict[str, tuple[str, float]] = {
    "extract_rate": (">=", 500.0),
    "index_rate": (">=", 3000.0),
    "index_peak_rss": ("<=", 1 * GIB),
    "search_p50": ("<=", 50.0),
    "search_p95": ("<=", 150.0),
    "scale_p95": ("<=", 500.0),
    "scale_recall10": (">=", 0.95),
    "help_process": ("<=", 200.0),
    "seeds_search_process": ("<=", 400.0),
    "dask_cpu_ratio": ("<=", 1.15),
}

#: Speaker queries used when the index knows fewer names than asked for (the placeholder
#: extractor finds no speakers at all): people the corpora quote, full names and surnames.
FALLBACK_SPEAKERS = (
    "Tony Blair",
    "Gordon Brown",
    "Michael Howard",
    "Charles Kennedy",
    "Jack Straw",
    "John Prescott",
    "Alan Greenspan",
    "George Bush",
    "Kofi Annan",
    "Donald Trump",
    "Hillary Clinton",
    "Bernie Sanders",
    "Blair",
    "Brown",
    "Howard",
    "Kennedy",
    "Straw",
    "Greenspan",
    "Trump",
    "Clinton",
    "Frank Bakke-Jensen",
    "Skogen",
    "bakke jensen",
    "Wilhelmsen",
)
#: The whole-process search on the seeds (the README's quick-start query).
SEEDS_QUERY = "talk enough"


class BenchError(Exception):
    """A condition that stops the benchmark; its message is one sentence for the user."""


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p in 0-100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def peak_rss_bytes(who: int = resource.RUSAGE_SELF) -> int:
    """Peak resident set size; ru_maxrss is in KiB on Linux (bytes on macOS)."""
    peak = resource.getrusage(who).ru_maxrss
    return int(peak if sys.platform == "darwin" else peak * 1024)


def anon_rss_bytes() -> int | None:
    """This process's resident memory that no file backs (Linux): the peak RSS also counts the pages
    of the index files it has read through a memory map, which the kernel can drop and share."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("RssAnon:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def accepted_kwargs(func: Callable[..., Any], wanted: dict[str, Any]) -> dict[str, Any]:
    """Keep the keyword arguments the function takes (so newer or older signatures both work)."""
    params = inspect.signature(func).parameters
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return wanted
    return {k: v for k, v in wanted.items() if k in params}


def _become_subreaper() -> None:
    """Adopt orphaned descendants (Linux): a `quotefind index` child's fork server outlives it."""
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER


def _children() -> set[int]:
    """This process's children (Linux /proc; empty elsewhere)."""
    found: set[int] = set()
    for path in Path(f"/proc/{os.getpid()}/task").glob("*/children"):
        with contextlib.suppress(OSError, ValueError):
            found.update(int(x) for x in path.read_text().split())
    return found


def _wait_orphans(before: set[int]) -> tuple[float, int]:
    """Wait for adopted descendants (children not in `before`); return their CPU seconds and peak RSS."""
    cpu, peak = 0.0, 0
    deadline = time.monotonic() + 10.0
    while time.monotonic() < deadline:
        adopted = _children() - before
        if not adopted:
            break
        for pid in adopted:
            with contextlib.suppress(ChildProcessError):
                _, _, usage = os.wait4(pid, 0)
                cpu += usage.ru_utime + usage.ru_stime
                peak = max(peak, usage.ru_maxrss * 1024)
    return cpu, peak


def time_process(
    argv: Sequence[str],
    runs: int,
    *,
    ok_codes: Iterable[int] = (0,),
    env: dict | None = None,
    cpu: list[float] | None = None,
) -> list[float]:
    """Run a whole process `runs` times (after one untimed warm-up) and return wall times in ms.

    With `cpu`, append each run's CPU time (user + system, in ms) to it.
    """
    ok = set(ok_codes)
    times = []
    for i in range(runs + 1):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(argv, capture_output=True, env=env, check=False)
        elapsed = (time.perf_counter() - start) * MS
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if i and cpu is not None:
            cpu.append((after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * MS)
        if done.returncode not in ok:
            err = done.stderr.decode(errors="replace").strip().splitlines()
            raise BenchError(
                f"`{' '.join(argv)}` exited {done.returncode}: {err[-1] if err else 'no message'}"
            )
        if i:  # the first run only warms the page cache
            times.append(elapsed)
    return times


def run_measured(argv: Sequence[str], *, ok_codes: Iterable[int] = (0,)) -> tuple[float, float, int]:
    """Run one process; return wall seconds, CPU seconds and peak RSS in bytes.

    The figures come from wait4 on the child: on Linux they cover the child and the descendants it
    waited for, and ru_maxrss is the largest single process among them. Descendants that outlive
    it (a fork server, with the workers it waited for) are adopted, waited for and counted too.
    """
    _become_subreaper()
    before = _children()
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    # Its fork server (and the workers it waited for) ends after it: adopted, waited, counted.
    orphans_cpu, orphans_peak = _wait_orphans(before)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in set(ok_codes):
        last = err.decode(errors="replace").strip().splitlines()
        raise BenchError(f"`{' '.join(argv[:4])} ...` exited {proc.returncode}: {last[-1] if last else ''}")
    peak = usage.ru_maxrss if sys.platform == "darwin" else usage.ru_maxrss * 1024
    return seconds, usage.ru_utime + usage.ru_stime + orphans_cpu, int(max(peak, orphans_peak))


def quotefind_command() -> list[str]:
    """The `quotefind` console script of this interpreter's environment, else `python -m quotefind`."""
    script = Path(sys.executable).parent / "quotefind"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "quotefind"]


def load_average() -> str:
    """The 1, 5 and 15-minute load averages: wall-clock figures mean little on a busy machine."""
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def git_commit() -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return None
    return done.stdout.strip() or None


@dataclass
class Options:
    corpus: str
    corpora: Path
    quick: bool
    runs: int
    queries: int
    limit: int
    jobs: int | None
    scale: int | None
    scale_only: bool
    workdir: Path
    progress: Callable[[str], None]
