"""Extraction speed: articles per second over the BBC corpus, and one 10 MB adversarial article.

Wall and CPU time are both printed: on a shared machine the CPU time is what one core gives.

    python bench/bench_extract.py [BBC_DIR]

`measure(corpus_dir)` returns the figures as a dict for other bench scripts.
"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path

from quotefind.extract import extract
from quotefind.model import Article, Source

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
BBC = SHARED / "corpora" / "bbc"
ADVERSARIAL_BYTES = 10_000_000


def adversarial_text(size: int = ADVERSARIAL_BYTES, seed: int = 0) -> str:
    """Return a text of about `size` characters dense in quote marks, speech verbs and names."""
    rng = random.Random(seed)
    pieces = [
        '"',
        "“",
        "”",
        "‘",
        "’",
        "'",
        "''",
        "«",
        "»",
        "„",
        " said ",
        " says ",
        " told ",
        ", he said",
        " according to ",
        " Mr. Smith ",
        " State Secretary Tone Skogen ",
        " that ",
        ", ",
        ". ",
        ":",
        " the ",
        " word",
        "\n",
        "\n\n",
        " — ",
        "(Photo: x)",
        "....",
        "!!!!",
        "     ",
    ]
    out: list[str] = []
    total = 0
    while total < size:
        piece = rng.choice(pieces)
        out.append(piece)
        total += len(piece)
    return "".join(out)


def measure(corpus_dir: Path = BBC) -> dict[str, float]:
    """Time extraction over every article in `corpus_dir` (read first) and over one adversarial text."""
    files = sorted(corpus_dir.glob("*/*.txt")) or sorted(corpus_dir.glob("*.txt"))
    articles = [
        Article(text=f.read_text(encoding="utf-8", errors="replace"), source=Source(path=str(f)), key=str(f))
        for f in files
    ]
    t0, c0 = time.perf_counter(), time.process_time()
    statements = sum(sum(1 for _ in extract(a)) for a in articles)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    text = adversarial_text()
    t1, c1 = time.perf_counter(), time.process_time()
    adversarial_statements = sum(1 for _ in extract(Article(text=text, key="adversarial")))
    adversarial, adversarial_cpu = time.perf_counter() - t1, time.process_time() - c1
    return {
        "articles": len(articles),
        "statements": statements,
        "seconds": elapsed,
        "cpu_seconds": cpu,
        "articles_per_second": len(articles) / elapsed if elapsed else float("inf"),
        "articles_per_cpu_second": len(articles) / cpu if cpu else float("inf"),
        "adversarial_chars": len(text),
        "adversarial_statements": adversarial_statements,
        "adversarial_seconds": adversarial,
        "adversarial_cpu_seconds": adversarial_cpu,
    }


def main(argv: list[str]) -> int:
    """Print the figures as a small table."""
    corpus_dir = Path(argv[0]) if argv else BBC
    if not corpus_dir.is_dir():
        print(f"No corpus at {corpus_dir}: put the shared folder next to the repository.", file=sys.stderr)
        return 2
    m = measure(corpus_dir)
    print(f"{'measure':28} {'value':>12}")
    print(f"{'articles':28} {m['articles']:12d}")
    print(f"{'statements':28} {m['statements']:12d}")
    print(f"{'extraction seconds (wall)':28} {m['seconds']:12.2f}")
    print(f"{'extraction seconds (cpu)':28} {m['cpu_seconds']:12.2f}")
    print(f"{'articles/s (wall)':28} {m['articles_per_second']:12.0f}")
    print(f"{'articles/s (cpu)':28} {m['articles_per_cpu_second']:12.0f}")
    print(f"{'adversarial chars':28} {m['adversarial_chars']:12d}")
    print(f"{'adversarial statements':28} {m['adversarial_statements']:12d}")
    print(f"{'adversarial seconds (wall)':28} {m['adversarial_seconds']:12.2f}")
    print(f"{'adversarial seconds (cpu)':28} {m['adversarial_cpu_seconds']:12.2f}")
    print(f"{'load average (1 min)':28} {os.getloadavg()[0]:12.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
