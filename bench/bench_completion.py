"""Tab completion speed: `--speaker` names and statement ids from an index of N statements.

Builds (once, then reuses) an index of synthetic statements by `N / 5` speakers in a temp folder,
then times the completions as the shell runs them (a whole `quotefind` process, completion
environment set) and as library calls, median of 5. Prints one table. The row "first after a
commit" removes the speaker names file (`complete.NAMES_FILE`) before each run: what the first
completion after the index changed costs, when it reads the index and writes the file again.

    python bench/bench_completion.py [--statements 100000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FIRST = ["Tone", "Rune", "Frank", "Lars", "Audun", "Ine", "Jonas", "Anne", "Erik", "Sara"]
LAST = ["Skogen", "Andersen", "Bakke-Jensen", "Saunes", "Halvorsen", "Søreide", "Berg", "Dahl", "Lie", "Moe"]


def build(location: Path, statements: int) -> None:
    from quotefind.model import Article, Source, Speaker, Statement
    from quotefind.store.whoosh.session import add_statements

    def made():
        for i in range(statements):
            text = f"statement number {i} on the harbour plan and the council budget"
            person = i % max(1, statements // 5)
            name = f"{FIRST[person % 10]} {LAST[(person // 10) % 10]} {person // 100}"
            source = Source(path=f"a{i // 20}.txt", title=f"Article {i // 20}", publisher="Bench News")
            article = Article(text=text, source=source, key=f"a{i // 20}")
            yield Statement(
                id=Statement.make_id(article.id, 0, len(text)),
                kind="quote",
                text=text,
                speaker=Speaker(name=name),
                cue="said",
                source=source,
                start=0,
                end=len(text),
                context=text,
                article_id=article.id,
            )

    add_statements(location, made())


def process_ms(words: str, location: Path, before=None) -> float:
    env = {
        **os.environ,
        "_QUOTEFIND_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - 1),
        "QUOTEFIND_INDEX": str(location),
    }
    script = "import sys; sys.argv = ['quotefind']; from quotefind.cli import app; app(prog_name='quotefind')"
    times = []
    for _ in range(5):
        if before:
            before()
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
        times.append((time.perf_counter() - start) * 1000)
        assert done.stdout.strip(), (words, done.stdout, done.stderr)
    return statistics.median(times)


def library_ms(call) -> float:
    times = []
    for _ in range(5):
        start = time.perf_counter()
        assert call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="index folder to build once and reuse")
    args = parser.parse_args()
    from quotefind import complete

    folder = args.keep or Path(tempfile.mkdtemp(prefix="qf-complete-")) / "index"
    if not folder.exists():
        started = time.perf_counter()
        build(folder, args.statements)
        print(f"built {args.statements:,} statements in {time.perf_counter() - started:.0f} s: {folder}")
    kept = folder / getattr(complete, "NAMES_FILE", ".none")

    def forget() -> None:
        kept.unlink(missing_ok=True)

    rows = [
        (
            "--speaker sko",
            "quotefind search --speaker sko",
            lambda: complete.speaker_names(folder, "sko"),
            None,
        ),
        (
            "--speaker (empty)",
            "quotefind search --speaker ''",
            lambda: complete.speaker_names(folder, ""),
            None,
        ),
        (
            "--speaker sko, first after a commit",
            "quotefind search --speaker sko",
            lambda: forget() or complete.speaker_names(folder, "sko"),
            forget,
        ),
        ("show 3c", "quotefind show 3c", lambda: complete.statement_ids(folder, "3c"), None),
    ]
    print(f"| completion ({args.statements:,} statements) | library ms | whole process ms | target |")
    print("|---|---|---|---|")
    for label, words, call, before in rows:
        print(f"| {label} | {library_ms(call):.0f} | {process_ms(words, folder, before):.0f} | < 200 |")


if __name__ == "__main__":
    main()
