"""CPU of `quotefind extract --out` on Dask against one process, side by side (issue 18): prints a table.

    python bench/bench_batch.py                      # the BBC corpus from ../shared, 2 local workers
    python bench/bench_batch.py --corpus DIR --workers 2 --chunk-size 1

Each run is a whole process (`python -m quotefind extract ... --out`), so the CPU counted is that of
the process and of every child it waited for: Dask's scheduler thread, its nannies and worker
processes. A run on one small file gives Dask's fixed cost (starting a cluster), which the
per-article ratio leaves out; both ratios are printed. Needs `pip install -e ".[dask]"`.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BBC = ROOT.parent / "shared" / "corpora" / "bbc"


def _cpu_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(inputs: list[str], out: Path, extra: list[str], chunk_size: float) -> tuple[float, float, dict]:
    """(wall s, CPU s, manifest) of one `quotefind extract --out` process and its children."""
    cmd = [sys.executable, "-m", "quotefind", "extract", *inputs, "--out", str(out)]
    cmd += ["--chunk-size", str(chunk_size), "--quiet", *extra]
    cpu, wall = _cpu_children(), time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    wall, cpu = time.perf_counter() - wall, _cpu_children() - cpu
    manifest = json.loads((out / "manifest.json").read_text()) if (out / "manifest.json").exists() else {}
    if not manifest.get("complete"):  # (exit 2 with a complete manifest: some inputs were skipped)
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr[-2000:]}")
    return wall, cpu, manifest


@dataclass
class Comparison:
    """One process against Dask on the same inputs, each also on one tiny file (its start-up)."""

    rows: list[tuple[str, float, float, int, int]]
    """(run, wall s, CPU s, articles, shards): one process, Dask, then each on the tiny file."""
    identical: bool
    """Dask wrote every shard of the one-process run, byte for byte."""

    @property
    def articles(self) -> int:
        return self.rows[0][3]

    def cpu_per_article(self, dask: bool) -> float | None:
        """CPU seconds per article of one run, less its run on the tiny file (None when not above it)."""
        big, tiny = (self.rows[1], self.rows[3]) if dask else (self.rows[0], self.rows[2])
        net = big[2] - tiny[2]
        return net / self.articles if net > 0 and self.articles else None

    @property
    def whole_ratio(self) -> float:
        """CPU of the Dask run over that of the one-process run, start-up included."""
        return self.rows[1][2] / self.rows[0][2]

    @property
    def ratio(self) -> float | None:
        """CPU per article on Dask over CPU per article in one process (the issue's <= 1.15)."""
        one, dask = self.cpu_per_article(False), self.cpu_per_article(True)
        return dask / one if one and dask else None


def compare(inputs: list[str], workers: int, chunk_size: float, extra: Sequence[str] = ()) -> Comparison:
    """Run `quotefind extract --out` on the inputs in one process and on `workers` local Dask workers."""
    with tempfile.TemporaryDirectory() as tmp:
        tiny = Path(tmp) / "tiny.txt"
        tiny.write_text('"We are ready," said Ann Lee, the mayor.\n', encoding="utf-8")
        rows = []
        dask = ["--workers", str(workers)]
        for label, paths, more in [
            ("one process", inputs, [*extra]),
            (f"Dask, {workers} local workers", inputs, [*extra, *dask]),
            ("one process, one tiny file", [str(tiny)], []),
            (f"Dask, {workers} workers, one tiny file", [str(tiny)], dask),
        ]:
            wall, cpu, manifest = run_once(paths, Path(tmp) / f"out{len(rows)}", more, chunk_size)
            shards = manifest["shards"]
            rows.append((label, wall, cpu, sum(s["articles"] for s in shards), len(shards)))
        same = [
            (Path(tmp) / "out0" / s).read_bytes() == (Path(tmp) / "out1" / s).read_bytes()
            for s in (p.name for p in (Path(tmp) / "out0").glob("part-*"))
        ]
    return Comparison(rows, all(same) and len(same) == rows[0][4])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=BBC, help="a folder of articles (default: BBC)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--chunk-size", type=float, default=1.0, help="MB of input per shard")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        raise SystemExit(f"no corpus at {args.corpus} - pass --corpus DIR")
    # BBC's articles are in its sub-folders (beside them: its README and provenance)
    corpus = sorted(str(p) for p in args.corpus.iterdir() if p.is_dir()) or [str(args.corpus)]
    result = compare(corpus, args.workers, args.chunk_size)
    print(f"{'run':<36} {'wall s':>7} {'CPU s':>7} {'articles':>9} {'shards':>7}")
    for label, wall, cpu, articles, shards in result.rows:
        print(f"{label:<36} {wall:>7.2f} {cpu:>7.2f} {articles:>9} {shards:>7}")
    print(f"CPU ratio Dask / one process, whole runs: {result.whole_ratio:.2f}")
    net = f"{result.ratio:.2f}" if result.ratio is not None else "n/a (no CPU above start-up)"
    print(f"CPU ratio per article (each less its run on one tiny file: start-up): {net} (target <= 1.15)")
    print(f"shards identical: {result.identical} ({result.rows[0][4]} shards)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
