"""Tab completion speed: `--speaker` names and statement ids from an index of N statements.

Builds (once, then reuses) an index of synthetic statements by `N / 5` speakers in a temp folder,
then times the completions as the shell runs them (a whole `quotefind` process, completion
environment set) and as library calls, median of 5. Prints one table. The rows "first after a
commit" add a statement before each run: the commit rewrites the completion files of an index
that has them, in a process of its own, waited for here (a line after the table says when the
files are ready), and the completion reads them. The rows "no completion files" remove the files
(`complete.NAMES_FILE`, `complete.IDS_FILE`) before each run: a completion that reads the index
and writes them. The rows "never completed, after a commit" remove them, then add a statement (as
the first `quotefind index` run after a build or a copy, before any completion): what the user's
very first completion meets once the commit's background process, if any, is done. Before each
run, the refreshes earlier runs started are let finish, except in the row "TAB again at once":
the id completion before it started one (it had no ids file), still running beside it. Then the
time of a one-statement commit with and without completion files (what the commit hook costs a
write session on this index).

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
    # As the `quotefind` console script runs (its entry point; on an older checkout, importing
    # `quotefind.__main__` runs the CLI).
    script = "import sys; sys.argv = ['quotefind']; from quotefind.__main__ import main; main()"
    times = []
    for _ in range(5):
        if before:
            before()
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
        times.append((time.perf_counter() - start) * 1000)
        assert done.stdout.strip(), (words, done.stdout, done.stderr)
    return statistics.median(times)


def library_ms(call, before=None) -> float:
    times = []
    for _ in range(5):
        if before:
            before()
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
    kept = [folder / getattr(complete, name, ".none") for name in ("NAMES_FILE", "IDS_FILE")]
    added = [0]
    ready: list[float] = []

    def settle(ids: bool = False) -> None:
        """Let the refreshes of the completion files that earlier runs started finish: those of
        this process (library calls), and with `ids` that of the last completion process (an id
        completion without the ids file starts one), seen as the ids file appearing."""
        for refreshing in getattr(complete, "_REFRESHING", []):
            refreshing.wait()
        waited = time.perf_counter()
        while ids and not kept[-1].exists() and time.perf_counter() - waited < 3:
            time.sleep(0.01)

    def forget_at_once() -> None:
        for path in kept:
            path.unlink(missing_ok=True)

    def forget() -> None:
        settle()
        forget_at_once()

    def forget_ids() -> None:
        settle(ids=True)
        forget_at_once()

    def commit() -> None:
        from quotefind.model import Source, Speaker, Statement
        from quotefind.store.whoosh.session import add_statements

        added[0] += 1
        text = f"a statement added after the build, number {added[0]}"
        source = Source(path=f"added{added[0]}.txt", title="Added", publisher="Bench News")
        made = Statement(
            id=Statement.make_id(f"added-{added[0]}", 0, len(text)),
            kind="quote",
            text=text,
            speaker=Speaker(name="Tone Skogen 0"),
            cue="said",
            source=source,
            start=0,
            end=len(text),
            context=text,
            article_id=f"added-{added[0]}",
        )
        add_statements(folder, [made])

    def commit_and_wait() -> None:
        started = time.perf_counter()
        commit()
        for refreshing in getattr(complete, "_REFRESHING", []):
            refreshing.wait()
        ready.append((time.perf_counter() - started) * 1000)

    def forget_and_commit() -> None:
        forget()
        commit_and_wait()

    complete.speaker_names(folder, "")  # completion in use: the commits keep its files
    complete.statement_ids(folder, "3c")
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
        ("show 3c", "quotefind show 3c", lambda: complete.statement_ids(folder, "3c"), None),
        (
            "--speaker sko, first after a commit",
            "quotefind search --speaker sko",
            lambda: complete.speaker_names(folder, "sko"),
            commit_and_wait,
        ),
        (
            "show 3c, first after a commit",
            "quotefind show 3c",
            lambda: complete.statement_ids(folder, "3c"),
            commit_and_wait,
        ),
        (
            "--speaker sko, never completed, after a commit",
            "quotefind search --speaker sko",
            lambda: complete.speaker_names(folder, "sko"),
            forget_and_commit,
        ),
        (
            "show 3c, never completed, after a commit",
            "quotefind show 3c",
            lambda: complete.statement_ids(folder, "3c"),
            forget_and_commit,
        ),
        (
            "--speaker sko, no completion files",
            "quotefind search --speaker sko",
            lambda: complete.speaker_names(folder, "sko"),
            forget,
        ),
        (
            "show 3c, no completion files",
            "quotefind show 3c",
            lambda: complete.statement_ids(folder, "3c"),
            forget_ids,
        ),
        (
            "show 3c, no completion files, TAB again at once",
            "quotefind show 3c",
            lambda: complete.statement_ids(folder, "3c"),
            forget_at_once,
        ),
    ]
    print(f"| completion ({args.statements:,} statements) | library ms | whole process ms | target |")
    print("|---|---|---|---|")
    for label, words, call, before in rows:
        library = library_ms(call, before)
        settle(ids="show" in words)  # the library calls' refreshes do not slow the processes timed next
        print(f"| {label} | {library:.0f} | {process_ms(words, folder, before):.0f} | < 200 |")
    if ready:
        print(f"completion files ready {statistics.median(ready):.0f} ms after a commit starts (median)")
    with_files, without = [], []
    for _ in range(5):
        complete.speaker_names(folder, "")
        complete.statement_ids(folder, "3c")
        with_files.append(timed(commit))
        forget()
        without.append(timed(commit))
    print(
        f"one-statement commit: {statistics.median(with_files):.0f} ms with completion files, "
        f"{statistics.median(without):.0f} ms without"
    )


def timed(call) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


if __name__ == "__main__":
    main()
