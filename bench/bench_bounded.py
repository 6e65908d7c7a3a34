"""Memory and time of big inputs (issue 14): a JSON-lines file of many 2.6 KB lines, one 50 MB
article on one line, and the export and re-import of every statement the first gave.

Each step is a whole `quotefind` process; its wall time, CPU time (with its worker processes) and
peak resident memory (the largest single process: the writer, a worker or the fork server) are
printed in a table, with the 1 GiB target. Inputs are generated in a temporary folder from the BBC
corpus in ../shared (or from synthetic text without it) and removed afterwards.

    python bench/bench_bounded.py                      # 200,000 lines (some 10 minutes on 2 cores)
    python bench/bench_bounded.py --lines 20000 --article-mb 10   # a quick look
    python bench/bench_bounded.py --workdir /tmp/big   # keep the files and indexes
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO

if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from figures.common import (
    CORPORA,
    GIB,
    MIB,
    BenchError,
    _become_subreaper,
    _children,
    _wait_orphans,
    load_average,
    quotefind_command,
)

#: A step's label, wall seconds, CPU seconds, peak RSS and peak anonymous RSS (bytes).
Row = tuple[str, float, float, int, int]
#: Characters per JSON line of the big file (the issue's 2.6 KB).
LINE_CHARS = 2600


def corpus_texts() -> list[str]:
    """Article texts to build inputs from: BBC's, else a synthetic article repeated."""
    files = sorted((CORPORA / "bbc").glob("*/*.txt"))
    if files:
        return [f.read_text(encoding="utf-8", errors="replace") for f in files]
    return [
        f'Bridges for district {i}\n\n"We will build {i} new bridges," said Mayor Alma Berg on Monday.\n\n'
        f"The council said that the plan would cost {i * 3} million.\n"
        for i in range(500)
    ]


def write_lines(path: Path, count: int, texts: list[str]) -> int:
    """Write `count` JSON lines of about LINE_CHARS characters of text each; return the bytes."""
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            text = texts[i % len(texts)]
            while len(text) < LINE_CHARS:
                text += "\n\n" + texts[(i * 7 + len(text)) % len(texts)]
            record = {"url": f"https://news.example/{i}", "title": f"Story {i}", "text": text[:LINE_CHARS]}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path.stat().st_size


def write_article(path: Path, megabytes: float, texts: list[str]) -> int:
    """Write one JSON line whose text is about `megabytes` MB of articles; return the bytes."""
    parts: list[str] = []
    size = 0
    i = 0
    while size < megabytes * 1_000_000:
        parts.append(texts[i % len(texts)])
        size += len(parts[-1]) + 2
        i += 1
    path.write_text(json.dumps({"url": "https://news.example/long", "text": "\n\n".join(parts)}) + "\n")
    return path.stat().st_size


def measure(argv: list[str], label: str, rows: list[Row], *, stdout: IO[bytes] | None = None) -> None:
    print(f"... {label}", file=sys.stderr, flush=True)
    rows.append((label, *run_sampled(argv, stdout=stdout)))


def run_sampled(argv: list[str], *, stdout: IO[bytes] | None = None) -> tuple[float, float, int, int]:
    """Run one process; return wall s, CPU s (with its workers), peak RSS and peak anonymous RSS.

    The peak RSS (from wait4: the largest single process) also counts the pages of index files
    read through a memory map, which the kernel can drop and share; the anonymous RSS (sampled from
    /proc every 50 ms, the largest process of the tree) is the memory the process itself holds.
    """
    _become_subreaper()
    before = _children()
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=stdout or subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    errors: list[bytes] = []
    reader = threading.Thread(target=lambda: errors.append(proc.stderr.read()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    anon = 0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        anon = max(anon, *(_anon(p) for p in _tree(proc.pid)))
        time.sleep(0.05)
    wall = time.perf_counter() - start
    reader.join()
    orphans_cpu, orphans_peak = _wait_orphans(before)
    if os.waitstatus_to_exitcode(status) != 0:
        message = b"".join(errors).decode(errors="replace").strip()[-300:]
        raise BenchError(f"`{' '.join(argv[:3])} ...` failed: {message}")
    peak = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    return wall, usage.ru_utime + usage.ru_stime + orphans_cpu, max(peak, orphans_peak), anon


def _tree(pid: int) -> list[int]:
    """A process and its descendants (Linux /proc)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for path in Path(f"/proc/{current}/task").glob("*/children"):
            with contextlib.suppress(OSError, ValueError):
                todo.extend(int(x) for x in path.read_text().split())
    return found


def _anon(pid: int) -> int:
    with contextlib.suppress(OSError, ValueError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("RssAnon:"):
                return int(line.split()[1]) * 1024
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=200_000, help="lines of the big JSON-lines file")
    parser.add_argument("--article-mb", type=float, default=50.0, help="size of the one-line article")
    parser.add_argument("--jobs", type=int, default=0, help="worker processes (default: all cores)")
    parser.add_argument("--workdir", type=Path, help="keep inputs and indexes here")
    parser.add_argument(
        "--only", choices=("lines", "article", "exchange"), action="append", help="run only these steps"
    )
    args = parser.parse_args(argv)
    steps = set(args.only or ("lines", "article", "exchange"))
    work = args.workdir or Path(tempfile.mkdtemp(prefix="qf-bounded-"))
    work.mkdir(parents=True, exist_ok=True)
    qf = quotefind_command()
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    rows: list[Row] = []
    notes: list[str] = []
    try:
        texts = corpus_texts()
        lines_index = work / "lines-index"
        if "lines" in steps or "exchange" in steps:
            big = work / "lines.jsonl"
            if not big.exists():
                size = write_lines(big, args.lines, texts)
                notes.append(f"{args.lines:,} JSON lines, {size / MIB:,.0f} MiB")
            if not lines_index.exists():
                measure(
                    [*qf, "index", str(big), "--index", str(lines_index), *jobs], "index JSON lines", rows
                )
        if "article" in steps:
            one = work / "article.jsonl"
            size = write_article(one, args.article_mb, texts)
            notes.append(f"one article of {size / MIB:,.0f} MiB on one line")
            target = work / "article-index"
            shutil.rmtree(target, ignore_errors=True)
            measure([*qf, "index", str(one), "--index", str(target), *jobs], "index one long article", rows)
        if "exchange" in steps:
            dump = work / "statements.jsonl"
            with dump.open("wb") as out:
                measure([*qf, "export", "--index", str(lines_index)], "export", rows, stdout=out)
            count = sum(1 for _ in dump.open("rb"))
            notes.append(f"{count:,} statements exported, {dump.stat().st_size / MIB:,.0f} MiB")
            copy = work / "import-index"
            shutil.rmtree(copy, ignore_errors=True)
            measure([*qf, "import", str(dump), "--index", str(copy)], "import", rows)
    except BenchError as exc:
        print(f"bench_bounded: {exc}", file=sys.stderr)
        return 2
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    print(f"load average: {load_average()}")
    for note in notes:
        print(f"input: {note}")
    print("peak RSS counts the index files read through a memory map; anonymous RSS does not")
    print(f"{'step':26} {'wall s':>8} {'cpu s':>8} {'peak RSS MiB':>13} {'anon MiB':>9} {'<= 1 GiB':>9}")
    for label, wall, cpu, peak, anon in rows:
        verdict = "PASS" if anon <= GIB else "MISS"
        print(f"{label:26} {wall:8.1f} {cpu:8.1f} {peak / MIB:13,.0f} {anon / MIB:9,.0f} {verdict:>9}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
