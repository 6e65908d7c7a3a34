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
corpora is stored in the repository), with a fixed random seed.
"""

from __future__ import annotations

import argparse
import contextlib
import inspect
import json
import math
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
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
    "help_process": ("<=", 200.0),
    "seeds_search_process": ("<=", 400.0),
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

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]|[A-Za-z]")


class BenchError(Exception):
    """A condition that stops the benchmark; its message is one sentence for the user."""


# --------------------------------------------------------------------------------------------
# Records


@dataclass
class Figure:
    """One row of the result table."""

    figure: str
    measured: float | None
    unit: str
    target: str = ""
    status: str = "info"
    note: str = ""

    def cells(self) -> tuple[str, str, str, str]:
        return (self.figure, format_value(self.measured, self.unit), self.target or "-", self.status)


@dataclass
class Report:
    """Everything one run measured."""

    meta: dict[str, Any] = field(default_factory=dict)
    figures: list[Figure] = field(default_factory=list)
    scale: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(
        self, figure: str, measured: float | None, unit: str, key: str | None = None, note: str = ""
    ) -> None:
        target, status = judge(key, measured) if key else ("", "info")
        self.figures.append(Figure(figure, measured, unit, target, status, note))

    def to_dict(self) -> dict[str, Any]:
        return {
            "meta": self.meta,
            "figures": [asdict(f) for f in self.figures],
            "scale": self.scale,
            "notes": self.notes,
        }


def judge(key: str, measured: float | None) -> tuple[str, str]:
    """Return the target text and PASS/MISS for a measured value."""
    op, value = TARGETS[key]
    unit = (
        "B"
        if key.endswith("rss")
        else ("ms" if key.startswith(("search", "scale", "help", "seeds")) else "/s")
    )
    target = f"{op} {format_value(value, unit)}"
    if measured is None:
        return target, "n/a"
    ok = measured >= value if op == ">=" else measured <= value
    return target, "PASS" if ok else "MISS"


def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    if unit == "B":
        return f"{value / GIB:.2f} GiB" if value >= GIB else f"{value / MIB:.0f} MiB"
    if unit == "ms":
        return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"
    if unit == "/s":
        return f"{value:,.0f}/s"
    if unit == "count":
        return f"{value:,.0f}"
    return f"{value:g} {unit}".strip()


# --------------------------------------------------------------------------------------------
# Small measuring tools


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


# --------------------------------------------------------------------------------------------
# Corpora and queries


def corpus_paths(corpus: str, corpora: Path) -> list[Path]:
    """The folders that make up a corpus name (`seeds`, `bbc`, `reuters`, `polnear`, `all`)."""
    if corpus == "seeds":
        return [SEEDS]
    names = list(CORPUS_DIRS) if corpus == "all" else [corpus]
    paths = [corpora / CORPUS_DIRS[n] for n in names]
    missing = [p for p in paths if not p.is_dir()]
    if missing:
        raise BenchError(
            f"The research corpora are not at {corpora} (missing {missing[0].name}) - run from a checkout "
            "beside ../shared, pass --corpora PATH, or use --corpus seeds."
        )
    return paths


def read_articles(paths: Sequence[Path], limit: int | None = None) -> list[Any]:
    """Read the articles of the folders (every k-th one when a limit asks for a spread subset)."""
    from quotefind.ingest import Skipped, read_inputs

    articles = [
        a for a in read_inputs([str(p) for p in paths], glob=ARTICLE_GLOB) if not isinstance(a, Skipped)
    ]
    if limit and len(articles) > limit:
        step = len(articles) / limit
        articles = [articles[int(i * step)] for i in range(limit)]
    return articles


def _typo(word: str, rng: random.Random) -> str:
    """One edit a hurried typist makes: swap, drop, double or replace a letter (not the first)."""
    i = rng.randrange(1, len(word) - 1)
    how = rng.choice(("swap", "drop", "double", "replace"))
    if how == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if how == "drop":
        return word[:i] + word[i + 1 :]
    if how == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice("aeiourstnl") + word[i + 1 :]


def _verbatim_phrase(rng: random.Random, runs: Sequence[tuple[list[str], str]]) -> str:
    """Three words that stand together, verbatim, in a statement (so grep finds them too)."""
    phrase = ""
    for _ in range(50):
        words, text = rng.choice(runs)
        at = rng.randrange(0, len(words) - 2)
        phrase = " ".join(words[at : at + 3])
        if phrase in text:
            break
    return phrase


def build_queries(statements: Sequence[Any], count: int) -> dict[str, list[str]]:
    """Draw text, fuzzy-typo, phrase and speaker queries from extracted statements (fixed seed)."""
    rng = random.Random(SEED)
    runs = []
    for st in statements:
        words = _WORD.findall(st.text)
        if len(words) >= 3:
            runs.append((words, st.text))
    if not runs:
        raise BenchError("The corpus gave no statement of three words or more to draw queries from.")
    text, typo, phrase = [], [], []
    for _ in range(count):
        words = rng.choice(runs)[0]
        size = min(len(words), rng.randint(3, 5))
        at = rng.randrange(0, len(words) - size + 1)
        chosen = words[at : at + size]
        text.append(" ".join(chosen))
        long = [i for i, w in enumerate(chosen) if len(w) >= 5]
        bent = list(chosen)
        for i in rng.sample(long, min(len(long), 2)) or [0]:
            bent[i] = _typo(bent[i], rng) if len(bent[i]) >= 3 else bent[i]
        typo.append(" ".join(bent))
        phrase.append(_verbatim_phrase(rng, runs))
    names: dict[str, int] = {}
    for st in statements:
        if st.speaker.name:
            names[st.speaker.name] = names.get(st.speaker.name, 0) + 1
    speakers = [n for n, _ in sorted(names.items(), key=lambda kv: (-kv[1], kv[0]))][: count // 2]
    speakers += [n.split()[-1] for n in speakers[: count - len(speakers)] if " " in n]
    speakers += [n for n in FALLBACK_SPEAKERS if n not in speakers]
    return {"text": text, "fuzzy-typo": typo, "phrase": phrase, "speaker": speakers[:count]}


# --------------------------------------------------------------------------------------------
# Workers: run in a child process so that their peak memory is their own


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
    """Grow the scale index to `target` statements: the corpora again and again under new keys.

    Resumable: after each commit the position is saved in `state`, and a later call goes on from it.
    """
    from quotefind.model import Article
    from quotefind.pipeline import add_articles

    base = read_articles([Path(p) for p in spec["paths"]])
    state_file = Path(spec["state"])
    state = json.loads(state_file.read_text()) if state_file.is_file() else {"next": 0, "statements": 0}
    target, batch = spec["target"], spec["batch"]
    counter = {"statements": state["statements"], "next": state["next"]}

    def on_article(_article: Any, n: int) -> None:
        counter["statements"] += n

    # The articles stop when enough statements are written: extraction one article at a time (in
    # this process), not in workers that take articles ahead of the writes.
    kwargs = _index_kwargs(1, on_article)
    if "on_article" not in kwargs:
        raise BenchError("add_articles() takes no on_article callback; the scale mode needs it to count.")

    def articles(stop_at: int) -> Iterator[Any]:
        while counter["statements"] < stop_at:
            g = counter["next"]
            a = base[g % len(base)]
            counter["next"] = g + 1
            yield Article(text=a.text, source=a.source, key=f"scale{g // len(base)}:{a.key}")

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


WORKERS = {"index": worker_index, "search": worker_search, "scale": worker_scale}


def run_worker(kind: str, spec: dict[str, Any]) -> dict[str, Any]:
    """Run a worker in a child process of this interpreter and return its JSON answer."""
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--worker", kind],
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines()
        raise BenchError(f"The {kind} worker failed: {lines[-1] if lines else 'no message'}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------------------------
# The benchmark


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


def measure(opts: Options) -> Report:
    """Measure every figure of the issue and return the report."""
    from quotefind.extract import extract

    report = Report()
    say = opts.progress
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
        load_at_start=_load(),
        commit=_git_commit(),
    )

    say(f"reading {label}")
    start = time.perf_counter()
    articles = read_articles(paths, subset)
    read_s = time.perf_counter() - start
    if not articles:
        raise BenchError(f"No articles under {', '.join(map(str, paths))}.")
    report.meta["articles"] = len(articles)
    report.add(
        f"reading files ({label})", len(articles) / read_s, "/s", note="articles/s, ingest.read_inputs"
    )

    say("extracting")
    statements: list[Any] = []
    start, cpu = time.perf_counter(), time.process_time()
    for a in articles:
        statements.extend(extract(a))
    extract_s, cpu = time.perf_counter() - start, time.process_time() - cpu
    report.meta["statements"] = len(statements)
    report.add("extraction, articles/s", len(articles) / extract_s, "/s", "extract_rate", "texts in memory")
    report.add("extraction, articles per CPU-second", len(articles) / cpu if cpu else None, "/s")
    report.add("extraction, statements found", len(statements), "count")

    queries = build_queries(statements, opts.queries)
    report.meta["query_examples"] = {k: v[:3] for k, v in queries.items()}
    if not opts.scale_only:
        measure_standard(opts, report, paths, articles, queries)
    report.meta["load_before_scale"] = _load()
    if opts.scale:
        measure_scale(opts, report, queries)
        report.meta["load_at_end"] = _load()
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

    say("grep floor")
    grep = shutil.which("grep")
    if grep:
        phrases = queries["phrase"][: max(3, opts.queries // 3)]
        times = []
        for phrase in phrases:
            times += time_process(
                [grep, "-rilF", "--include=*.txt", phrase, *map(str, paths)], 1, ok_codes=(0, 1)
            )
        report.add("floor: grep -rilF exact phrase, median", statistics.median(times), "ms", note="raw files")
    else:
        report.notes.append("No grep on PATH: the grep floor was not measured.")

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


SCALE_STEPS = (10_000, 100_000)


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
        load_at_start=_load(),
        commit=_git_commit(),
    )
    report.meta["statements"] = _statements_in(location)
    report.meta["load_before_scale"] = _load()
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
    report.meta["load_at_end"] = _load()
    return report


def _statements_in(location: Path) -> int:
    from quotefind.store.whoosh.location import open_index
    from quotefind.store.whoosh.schema import STATEMENT

    with open_index(location).searcher() as searcher:
        return int(searcher.doc_frequency("doctype", STATEMENT))


def measure_scale(opts: Options, report: Report, queries: dict[str, list[str]]) -> None:
    """Grow an index of the corpora repeated under new keys, measuring at 10k, 100k and N statements."""
    say = opts.progress
    paths = corpus_paths("seeds" if opts.corpus == "seeds" else "all", opts.corpora)
    location = opts.workdir / "scale-index"
    state = opts.workdir / "scale-state.json"
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
                "target": step,
                "batch": 100_000,
                "jobs": opts.jobs,
            },
        )
        say(f"scale: searching at {grown['statements']:,} statements (child process)")
        found = run_worker("search", {"index": str(location), "queries": queries, "limit": opts.limit})
        row = {
            "statements": grown["statements"],
            "articles": grown["articles"],
            "build_rate": grown["added"] / grown["seconds"] if grown["seconds"] else None,
            "build_peak_rss": grown["peak_rss"],
            "index_size": dir_size(location),
            "search_peak_rss": found["peak_rss"],
            "search_rss_anon": found.get("rss_anon"),
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
    report.add(
        f"scale {last['statements']:,}: build peak memory (RSS)",
        last["build_peak_rss"],
        "B",
        "index_peak_rss",
    )
    report.notes.append(growth_sentence(report.scale))
    report.notes.append(
        f"The scale index repeats {'the seeds' if opts.corpus == 'seeds' else 'BBC, Reuters and PolNeAR'} "
        "under new article keys: posting "
        "lists grow with N but the vocabulary does not, so fuzzy-term expansion costs what it costs at "
        "the corpora's own size, and every text query matches ~N/base copies."
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


def _load() -> str:
    """The 1, 5 and 15-minute load averages: wall-clock figures mean little on a busy machine."""
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def _git_commit() -> str | None:
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


# --------------------------------------------------------------------------------------------
# Output


def render_table(report: Report) -> str:
    """The report as plain text: one table of figures, the scale growth table, then the notes."""
    lines = []
    meta = report.meta
    lines.append(
        f"quotefind benchmark - corpus {meta.get('corpus')}: {meta.get('articles', 0):,} articles, "
        f"{meta.get('statements', 0):,} statements; {meta.get('machine')}, Python {meta.get('python')}, "
        f"commit {meta.get('commit')}"
    )
    lines.append(
        f"load average (1/5/15 min) at start {meta.get('load_at_start')}, "
        f"after the standard figures {meta.get('load_before_scale')}"
        + (f", at end {meta['load_at_end']}" if meta.get("load_at_end") else "")
        + f" on {os.cpu_count()} CPUs"
    )
    lines.append("")
    lines += _grid(("figure", "measured", "target", "result"), [f.cells() for f in report.figures])
    if report.scale:
        lines.append("")
        lines.append("Scale (search latency in ms, memory and size in MiB):")
        keys = sorted(
            {k for r in report.scale for k in r if k.endswith(("p50", "p95"))},
            key=lambda k: (" cpu " in k, k),
        )
        header = ("statements", "articles", "build/s", "build RSS", "index size", "search RSS", *keys)
        rows = []
        for r in report.scale:
            rows.append(
                (
                    f"{r['statements']:,}",
                    f"{r['articles']:,}",
                    f"{r['build_rate']:,.0f}" if r.get("build_rate") else "n/a",
                    f"{r['build_peak_rss'] / MIB:.0f}",
                    f"{r['index_size'] / MIB:.0f}",
                    f"{r['search_peak_rss'] / MIB:.0f}",
                    *(f"{r[k]:.1f}" if r.get(k) is not None else "n/a" for k in keys),
                )
            )
        lines += _grid(header, rows)
    if report.notes:
        lines.append("")
        lines += [f"- {n}" for n in report.notes]
    return "\n".join(lines)


def _grid(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows, strict=False)]
    right = [i > 0 for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            (str(c).rjust(w) if r else str(c).ljust(w)) for c, w, r in zip(cells, widths, right, strict=False)
        ).rstrip()

    return [line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)]


# --------------------------------------------------------------------------------------------
# Command line


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
