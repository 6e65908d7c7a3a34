"""Extraction speed: articles per second over the BBC corpus, one 10 MB adversarial article, and one
10 MB article dense in distinct people (resolution must stay linear as an article names more of them).

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


def names_text(size: int = ADVERSARIAL_BYTES, seed: int = 0) -> str:
    """Return a text of about `size` characters dense in distinct people and their later mentions.

    Every paragraph brings new names, which surnames, role nouns, pronouns and acronyms then refer
    back to: resolution must not slow down as an article's list of people grows.
    """
    rng = random.Random(seed)

    def name() -> str:
        return "".join(
            rng.choice("BCDFGKLMNPRST") + rng.choice("aeiou") + rng.choice("lnrst") for _ in range(2)
        )

    roles = ["Defense Minister", "Foreign Minister", "State Secretary", "Chief Executive", "Senator"]
    acronyms = ["MoD", "UN", "NATO", "MFA"]
    out: list[str] = ["Names\n\n"]
    total = 0
    while total < size:
        first, last, role = name().capitalize(), name().capitalize(), rng.choice(roles)
        piece = (
            f'"The {name()} plan will not work for us," said {role} {first} {last}.\n\n'
            f"{last} added that talks with the {rng.choice(acronyms)} had failed again.\n\n"
            f'"We will try once more," the {role.split()[-1].lower()} said. '
            "She said that it could take years.\n\n"
        )
        out.append(piece)
        total += len(piece)
    return "".join(out)


def measure(corpus_dir: Path = BBC) -> dict[str, float]:
    """Time extraction over every article in `corpus_dir` (read first) and over the generated texts."""
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
    names: dict[str, float] = {}
    for label, size in (("1mb", ADVERSARIAL_BYTES // 10), ("10mb", ADVERSARIAL_BYTES)):
        dense = Article(text=names_text(size), key="names")
        t2 = time.process_time()
        names[f"names_{label}_statements"] = sum(1 for _ in extract(dense))
        names[f"names_{label}_cpu_seconds"] = time.process_time() - t2
    return {
        **names,
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
    print(f"{'names-dense 1 MB, statements':28} {m['names_1mb_statements']:12d}")
    print(f"{'names-dense 1 MB, s (cpu)':28} {m['names_1mb_cpu_seconds']:12.2f}")
    print(f"{'names-dense 10 MB, s (cpu)':28} {m['names_10mb_cpu_seconds']:12.2f}")
    growth = m["names_10mb_cpu_seconds"] / max(m["names_1mb_cpu_seconds"], 1e-9)
    print(f"{'names-dense 10x size: x time':28} {growth:12.1f}")
    print(f"{'load average (1 min)':28} {os.getloadavg()[0]:12.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
