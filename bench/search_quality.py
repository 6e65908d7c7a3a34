"""Search quality and speed: recall@1, recall@5, MRR, latency p50/p95, negatives rejected.

Builds an index of the seeds, the BBC corpus, GGT-dev and PolNeAR dev (read from ../shared at run
time, never copied) in a temp dir, or takes `--index`; then, unless `--no-scale`, an index of
`--copies` copies of the same articles under distinct keys (`copy{i}:{path}`), and runs every
query against both. Two query sets: `bench/queries.jsonl` (seeds and BBC, on which the ranking was
tuned) and `bench/queries_news.jsonl` (GGT-dev and PolNeAR dev, which it never saw: who + what,
roles as news abbreviates them, interrupted quotes, half-remembered wordings, and negatives that
must give no hit, exit 1 on the command line). It ends with one table of both.

    python bench/search_quality.py                 # all of it, then 10x
    python bench/search_quality.py --index /tmp/ix --no-scale -v

A query hits when a result's text contains the expected substring (case and accents folded) and
its article is the expected file (or a byte-identical duplicate of it: the BBC corpus has some).
Misses are listed per query; speaker queries miss with an extractor that gives no speakers.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from quotefind.ingest import Skipped, read_inputs  # noqa: E402
from quotefind.model import Article, Hit  # noqa: E402
from quotefind.pipeline import add_articles  # noqa: E402
from quotefind.search import fold, search  # noqa: E402

DEPTH = 10  # MRR counts ranks up to here


@dataclass(frozen=True)
class Query:
    id: str
    style: str
    query: str
    speaker: str | None
    path: str
    text: str


def load_queries(path: Path) -> list[Query]:
    """The queries of a set that name the statement they should find (negatives apart)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            if "expect" not in d:
                continue
            exp = d["expect"]
            out.append(
                Query(d["id"], d["style"], d.get("query", ""), d.get("speaker"), exp["path"], exp["text"])
            )
    return out


def load_negatives(path: Path) -> list[str]:
    """The queries of a set that must give no hit (style `negative`)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [d["query"] for d in map(json.loads, filter(str.strip, lines)) if d.get("style") == "negative"]


#: Paths of queries in these corpora are relative to ../shared/corpora; other paths with a folder
#: are BBC's, and bare names are seeds.
CORPORA_PREFIXES = ("ggt-dev/", "polnear/")


def expected_file(q: Query, *, seeds: Path, bbc: Path) -> Path:
    if q.path.startswith(CORPORA_PREFIXES):
        return bbc.parent / q.path
    return (bbc / q.path) if "/" in q.path else (seeds / q.path)


def squeeze(text: str) -> str:
    return " ".join(fold(text).split())


class Judge:
    """Decides whether a hit is the statement a query expects."""

    def __init__(self, seeds: Path, bbc: Path) -> None:
        self.seeds, self.bbc = seeds, bbc
        self._texts: dict[str, bytes] = {}

    def _bytes(self, path: str) -> bytes:
        if path not in self._texts:
            try:
                self._texts[path] = Path(path).read_bytes()
            except OSError:
                self._texts[path] = b""
        return self._texts[path]

    def check(self, q: Query) -> None:
        """Fail loudly when the expected substring is not in the expected file (a typo in the set)."""
        path = expected_file(q, seeds=self.seeds, bbc=self.bbc)
        if squeeze(q.text) not in squeeze(path.read_text(encoding="utf-8")):
            raise SystemExit(f"{q.id}: {q.text!r} is not in {path}")

    def is_expected(self, q: Query, hit: Hit) -> bool:
        if squeeze(q.text) not in squeeze(hit.statement.text):
            return False
        got = (hit.statement.source.path or "").replace("\\", "/")
        if got.endswith("/" + q.path) or got == q.path:
            return True
        want = expected_file(q, seeds=self.seeds, bbc=self.bbc)
        return bool(got) and self._bytes(got) == self._bytes(str(want))


def articles(paths: list[str], copies: int = 1) -> Iterator[Article | Skipped]:
    for i in range(copies):
        for item in read_inputs(paths):
            if isinstance(item, Article) and copies > 1:
                item = Article(text=item.text, source=item.source, key=f"copy{i}:{item.key}")
            yield item


def build(location: Path, paths: list[str], copies: int) -> None:
    t0 = time.perf_counter()
    s = add_articles(location, articles(paths, copies))
    print(
        f"  indexed {s.articles} articles ({copies} copies) -> {s.statements} statements "
        f"({s.quotes} quotes, {s.claims} claims, {s.speakers} speakers) in {time.perf_counter() - t0:.1f}s",
        file=sys.stderr,
    )


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def diagnose(location: Path, q: Query, judge: Judge) -> str:
    """Say why a query missed: the statement is not in the index at all, or is but ranks low."""
    found = [h for h in search(location, f'"{q.text}"', limit=50) if judge.is_expected(q, h)]
    if not found:
        return "expected statement not in the index: extraction"
    speaker = found[0].statement.speaker.name
    if q.speaker and speaker is None:
        return "indexed without a speaker: extraction"
    if q.speaker:
        return f"indexed, speaker {speaker!r}: ranking or attribution"
    return "indexed: ranking"


def run(location: Path, queries: list[Query], judge: Judge, *, verbose: bool, label: str) -> dict:
    # The first call pays imports and reads the lexicons (once per index generation and process):
    # timed apart as "cold", then every query is timed warm.
    t0 = time.perf_counter()
    search(location, "first query of the run", limit=DEPTH)
    cold_ms = (time.perf_counter() - t0) * 1000
    ranks: dict[str, int | None] = {}
    times: list[float] = []
    by_style: Counter[str] = Counter()
    hit_style: Counter[str] = Counter()
    for q in queries:
        t = time.perf_counter()
        hits = search(location, q.query, speaker=q.speaker, limit=DEPTH)
        times.append((time.perf_counter() - t) * 1000)
        rank = next((i for i, h in enumerate(hits, 1) if judge.is_expected(q, h)), None)
        ranks[q.id] = rank
        by_style[q.style] += 1
        if rank is not None and rank <= 5:
            hit_style[q.style] += 1
        if verbose or rank is None or rank > 5:
            top = hits[0].statement.text[:70].replace("\n", " ") if hits else "(no hits)"
            mark = "ok  " if rank is not None and rank <= 5 else "MISS"
            why = "" if mark == "ok  " else f" [{diagnose(location, q, judge)}]"
            print(f"  {mark} {q.id:32} rank={rank}{why}  top: {top!r}")
    n = len(queries)
    result = {
        "index": label,
        "queries": n,
        "recall@1": sum(1 for r in ranks.values() if r == 1) / n,
        "recall@5": sum(1 for r in ranks.values() if r is not None and r <= 5) / n,
        "mrr": sum(1 / r for r in ranks.values() if r) / n,
        "p50_ms": statistics.median(times),
        "p95_ms": percentile(times, 95),
        "max_ms": max(times),
        "cold_ms": cold_ms,
        "by_style": {s: f"{hit_style[s]}/{c}" for s, c in sorted(by_style.items())},
        "misses": sorted(k for k, r in ranks.items() if r is None or r > 5),
        "ranks": ranks,
        "styles": {q.id: q.style for q in queries},
        "times_ms": dict(zip([q.id for q in queries], times, strict=True)),
    }
    result["load_avg_1min"] = os.getloadavg()[0]  # latency means little on a busy machine
    print(
        f"{label}: recall@1 {result['recall@1']:.3f}  recall@5 {result['recall@5']:.3f}  "
        f"MRR {result['mrr']:.3f}  latency p50 {result['p50_ms']:.1f} ms  p95 {result['p95_ms']:.1f} ms  "
        f"max {result['max_ms']:.1f} ms  (cold first query {cold_ms:.0f} ms; "
        f"load average {result['load_avg_1min']:.1f} on {os.cpu_count()} CPUs)"
    )
    print(f"  by style (hits in top 5): {result['by_style']}")
    return result


#: Queries the index must not answer (exit 1, no hits at the default score cut): nonsense, and
#: quotes none of the corpora holds (famous lines, wire sentences of Reuters, which is not indexed).
NEGATIVES = (
    "xyzzy plugh frobnicate",
    "colorless green ideas sleep furiously",
    "Aliens have landed in Oslo and demand herring",
    "I have a dream that my four little children",
    "Ask not what your country can do for you",
    "the only thing we have to fear is fear itself",
    "we shall fight on the beaches",
    "The bank said the network would link 31",
    "a few hundred thousand bags still in the",
    "be operated by Standard Oil under the oversight",
    "recent weeks farmers have sold a good part",
    "4 mln bags and sales standing at almost",
)


def run_negatives(location: Path, negatives: tuple[str, ...] | list[str] = NEGATIVES) -> dict:
    """Return the share of negatives that give no hit (the rejection rate), naming the others."""
    kept = {q: search(location, q, limit=DEPTH) for q in negatives}
    answered = {q: hits[0].score for q, hits in kept.items() if hits}
    rate = 1 - len(answered) / len(negatives)
    print(f"  negatives rejected: {rate:.3f} ({len(negatives) - len(answered)}/{len(negatives)})")
    for q, score in answered.items():
        print(f"  NOT REJECTED {q!r}: top score {score:.1f}")
    return {"negative_rejection": rate, "not_rejected": sorted(answered)}


def doc_count(location: Path) -> int:
    from quotefind.store.whoosh.location import open_index

    with open_index(location).searcher() as s:
        return s.doc_count()


def summary_rows(label: str, result: dict) -> list[list[str]]:
    """Rows of the final table for one query set on one index: all its queries, then each style."""
    ranks, styles, times = result["ranks"], result["styles"], result["times_ms"]
    groups = {"all": list(ranks)}
    for qid, style in styles.items():
        groups.setdefault(style, []).append(qid)
    rows = []
    for name, ids in groups.items():
        got = [ranks[i] for i in ids]
        ms = [times[i] for i in ids]
        rows.append(
            [
                label,
                name,
                str(len(ids)),
                f"{sum(1 for r in got if r == 1) / len(ids):.3f}",
                f"{sum(1 for r in got if r is not None and r <= 5) / len(ids):.3f}",
                f"{sum(1 / r for r in got if r) / len(ids):.3f}",
                f"{statistics.median(ms):.0f}",
                f"{percentile(ms, 95):.0f}",
            ]
        )
    return rows


def print_table(rows: list[list[str]], negatives: list[list[str]]) -> None:
    head = ["index / query set", "kind", "queries", "recall@1", "recall@5", "MRR", "p50 ms", "p95 ms"]
    print()
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print()
    print("| index / negatives | queries | rejected (no hit, exit 1) | rate |")
    print("|---|---|---|---|")
    for row in negatives:
        print("| " + " | ".join(row) + " |")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--index",
        type=Path,
        help="use this index (built from seeds, BBC, GGT-dev and PolNeAR dev) instead of building one",
    )
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the ../shared folder")
    ap.add_argument("--queries", type=Path, default=ROOT / "bench" / "queries.jsonl")
    ap.add_argument("--news-queries", type=Path, default=ROOT / "bench" / "queries_news.jsonl")
    ap.add_argument("--copies", type=int, default=10, help="size factor of the scaled run (default 10)")
    ap.add_argument("--no-scale", action="store_true", help="skip the scaled run")
    ap.add_argument("--keep", type=Path, help="build the indexes under this folder and keep them")
    ap.add_argument("--json", action="store_true", help="print the results as one JSON line at the end")
    ap.add_argument("-v", "--verbose", action="store_true", help="show every query, not only misses")
    args = ap.parse_args()

    corpora = args.shared / "corpora"
    bbc = corpora / "bbc"
    seeds = ROOT / "seeds"
    if not bbc.is_dir():
        print(f"no BBC corpus at {bbc} - pass --shared", file=sys.stderr)
        return 2
    sets = {
        "BBC set (tuned on)": load_queries(args.queries),
        "news set (unseen)": load_queries(args.news_queries),
    }
    negative_sets = {"BBC set": list(NEGATIVES), "news set": load_negatives(args.news_queries)}
    judge = Judge(seeds, bbc)
    for queries in sets.values():
        for q in queries:
            judge.check(q)
    paths = [str(seeds), str(bbc), str(corpora / "ggt-dev"), str(corpora / "polnear" / "dev")]
    results = []
    rows: list[list[str]] = []
    negatives: list[list[str]] = []

    def run_all(location: Path, label: str, verbose: bool) -> None:
        for name, queries in sets.items():
            print(f"{label}, {name}:")
            result = run(location, queries, judge, verbose=verbose, label=f"{label}, {name}")
            results.append(result)
            rows.extend(summary_rows(f"{label}, {name}", result))
        for name, queries in negative_sets.items():
            got = run_negatives(location, queries)
            results[-1].setdefault("negatives", {})[name] = got
            kept = round(got["negative_rejection"] * len(queries))
            negatives.append(
                [f"{label}, {name}", str(len(queries)), str(kept), f"{got['negative_rejection']:.3f}"]
            )

    with tempfile.TemporaryDirectory(prefix="qf-bench-") as tmp:
        base = args.keep or Path(tmp)
        small = args.index
        if small is None:
            small = base / "x1"
            if not (small / "quotefind.json").exists():
                print(f"building {small} ...", file=sys.stderr)
                build(small, paths, 1)
        label = f"{'given index' if args.index else 'x1'} ({doc_count(small)} docs)"
        run_all(small, label, args.verbose)
        if not args.no_scale:
            big = base / f"x{args.copies}"
            if not (big / "quotefind.json").exists():
                print(f"building {big} ...", file=sys.stderr)
                build(big, paths, args.copies)
            run_all(big, f"x{args.copies} ({doc_count(big)} docs)", False)
    print_table(rows, negatives)
    if args.json:
        print(json.dumps(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
