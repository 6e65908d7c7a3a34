"""`speakers` at archive size: the time of a first page, of a pattern and of the whole list.

    python bench/figures/search_speakers.py --index IX                # time on an index built before
    python bench/figures/search_speakers.py --index IX --copies 10 --workdir DIR
        # also on an index of 10 copies of IX's statements (new ids, articles and paths), built
        # once in DIR by importing them (no extraction), then timed the same way

Each figure is the median of `--runs` runs in this process after one warm-up (the searcher and its
lexicons are kept between runs, as in one CLI process they are read once); `statements read` counts
the statements the listing parsed (from their speaker credits, or their stored documents in
segments written before those), against the statements in the index. The `process` rows are the
command a user runs (`quotefind speakers --limit 20`, by count and by name, output piped), the
median wall time of `--runs` processes, imports and the opening of the index included.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

import quotefind.store.whoosh.roster as roster  # noqa: E402
from quotefind.model import Source, Statement, short_hash  # noqa: E402
from quotefind.store.whoosh.read import iter_statements  # noqa: E402
from quotefind.store.whoosh.session import add_statements  # noqa: E402

CASES: tuple[tuple[str, dict], ...] = (
    ("first page (20, by count)", {"limit": 20}),
    ("first page (20, by name)", {"limit": 20, "sort": "name"}),
    ("pattern 'bank', first 20", {"limit": 20, "pattern": "bank"}),
    ("whole list", {}),
)


def copies(location: Path, n: int) -> Iterator[Statement]:
    """The statements of an index, n times, each copy under its own ids, articles and paths."""
    for i in range(n):
        for st in iter_statements(location):
            article = short_hash(f"copy{i}", st.article_id)
            src = st.source
            yield dataclasses.replace(
                st,
                id=Statement.make_id(article, st.start, st.end),
                article_id=article,
                source=Source(f"copy{i}/{src.path}", src.title, src.publisher, src.date, src.url, src.author),
            )


def measure(location: Path, runs: int) -> list[tuple[str, float, int, int]]:
    """(case, median seconds, speakers listed, statements read) for each case."""
    read = [0]
    original = roster.speaker_credits

    def counted(searcher: object, name: str, *args: Any) -> Iterator[Any]:
        for credit in original(searcher, name, *args):
            read[0] += 1
            yield credit

    roster.speaker_credits = counted  # type: ignore[assignment]
    out = []
    roster.list_speakers(location, limit=1)  # warm-up: open the searcher, read the lexicons
    for label, kwargs in CASES:
        times = []
        for _ in range(runs):
            read[0] = 0
            t0 = time.perf_counter()
            found = roster.list_speakers(location, **kwargs)
            times.append(time.perf_counter() - t0)
        # The whole list is read in one pass over the index, not name by name: every statement.
        out.append((label, statistics.median(times), len(found), read[0] if kwargs else -1))
    roster.speaker_credits = original  # type: ignore[assignment]
    return out


#: The processes timed: what a user types for a first page.
PROCESSES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("process: speakers --limit 20 (by count)", ("--limit", "20")),
    ("process: speakers --limit 20 --sort name", ("--limit", "20", "--sort", "name")),
)


def measure_processes(location: Path, runs: int) -> list[tuple[str, float, int]]:
    """(case, median wall seconds, speakers listed) of `quotefind speakers` as a process, this
    checkout's code first on the path."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]))
    out = []
    for label, args in PROCESSES:
        cmd = [sys.executable, "-m", "quotefind", "speakers", *args, "--index", str(location), "-f", "jsonl"]
        times, listed = [], 0
        for _ in range(runs):
            t0 = time.perf_counter()
            done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
            times.append(time.perf_counter() - t0)
            listed = len(done.stdout.splitlines())
        out.append((label, statistics.median(times), listed))
    return out


def statements_in(location: Path) -> tuple[int, str]:
    """The statements of an index, and how many of its segments hold the speaker credits a first
    page reads (`credits.has_credits`: segments written before them are read the slower way)."""
    from quotefind.store.whoosh.credits import has_credits
    from quotefind.store.whoosh.lexicons import _searcher

    with _searcher(location) as (searcher, lex):
        readers = [sub.reader() for sub, _ in searcher.leaf_searchers()]
        credited = sum(has_credits(reader) for reader in readers)
        return int(lex.statement_count), f"{credited}/{len(readers)} segments with credits"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", type=Path, required=True, help="an index built before")
    ap.add_argument("--copies", type=int, default=0, help="also time an index of this many copies")
    ap.add_argument("--workdir", type=Path, help="where the copied index is built (and kept)")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    indexes = [args.index]
    if args.copies:
        if not args.workdir:
            ap.error("--copies needs --workdir")
        big = args.workdir / f"x{args.copies}"
        if not (big / "quotefind.json").exists():
            t0 = time.perf_counter()
            add_statements(big, copies(args.index, args.copies))
            print(f"built {big} in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        indexes.append(big)
    print("| index (statements) | listing | median s | speakers | statements read |")
    print("|---|---|---|---|---|")
    for location in indexes:
        size, credited = statements_in(location)
        name = f"{location.name} ({size:,}; {credited})"
        for label, seconds, listed, read in measure(location, args.runs):
            shown = "all" if read < 0 else f"{read:,}"
            print(f"| {name} | {label} | {seconds:.3f} | {listed:,} | {shown} |")
        for label, seconds, listed in measure_processes(location, args.runs):
            print(f"| {name} | {label} | {seconds:.3f} | {listed:,} | |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
