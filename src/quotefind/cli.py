"""The Typer command-line interface: options in, one library call, records out to `render`."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from quotefind import __version__
from quotefind.errors import ExitCode, QuotefindError
from quotefind.render import Format

app = typer.Typer(
    name="quotefind",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="Find who said what, where: index news articles into quotes and claims, then search them.",
)


class Kind(str, Enum):
    """Statement kinds for `--kind`."""

    quote = "quote"
    claim = "claim"


IndexOption = Annotated[
    Path | None,
    typer.Option(
        "--index",
        help="Index folder. Default: $QUOTEFIND_INDEX, else ./index.",
        show_default=False,
    ),
]
FormatOption = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format. Default: table on a terminal, jsonl when piped.",
        show_default=False,
    ),
]


def _fail(message: str, code: int = ExitCode.ERROR) -> NoReturn:
    from quotefind.render import clean, stderr_console

    stderr_console().print(f"quotefind: {clean(message)}")
    raise typer.Exit(code=int(code))


@contextlib.contextmanager
def _guard() -> Iterator[None]:
    """Turn library errors into one sentence and an exit code; never show a traceback."""
    try:
        yield
    except QuotefindError as exc:
        _fail(str(exc), exc.exit_code)
    except BrokenPipeError:
        # The reader (say `head -1`) went away: stop quietly, and keep Python from complaining
        # again when it flushes stdout at exit.
        with contextlib.suppress(OSError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        raise typer.Exit(code=int(ExitCode.FOUND)) from None
    except KeyboardInterrupt:
        _fail("interrupted.", ExitCode.ERROR)
    except (typer.Exit, typer.Abort):
        raise
    except Exception as exc:  # an unexpected failure still exits 2, never 1 ("nothing found")
        _fail(f"internal error: {type(exc).__name__}: {exc}", ExitCode.ERROR)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"quotefind {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """Find who said what, where: index news articles into quotes and claims, then search them."""


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files or folders to read; - for stdin.")],
    glob: Annotated[str | None, typer.Option(help="Only files whose name matches this glob.")] = None,
    fmt: FormatOption = None,
) -> None:
    """Print the statements of articles as JSON lines, without indexing them."""
    from quotefind.extract import extract as extract_statements
    from quotefind.ingest import Skipped, read_inputs
    from quotefind.render import render_statements, stderr_console

    with _guard():
        skipped = 0
        err = stderr_console()

        def statements() -> Iterator:
            nonlocal skipped
            for item in read_inputs(paths, glob=glob):
                if isinstance(item, Skipped):
                    skipped += 1
                    err.print(f"quotefind: skipped {item.path}: {item.reason}")
                    continue
                yield from extract_statements(item)

        render_statements(statements(), fmt or Format.jsonl)
        if skipped:
            raise typer.Exit(code=int(ExitCode.ERROR))


@app.command()
def index(
    paths: Annotated[list[str], typer.Argument(help="Files or folders to index; - for stdin.")],
    index_dir: IndexOption = None,
    glob: Annotated[str | None, typer.Option(help="Only files whose name matches this glob.")] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Worker processes for extraction. Default: all cores.",
            show_default=False,
        ),
    ] = None,
    rebuild: Annotated[
        bool,
        typer.Option("--rebuild", help="Build a new index beside the old one, swap it in when complete."),
    ] = False,
    prune: Annotated[
        bool, typer.Option("--prune", help="Also remove the statements of files that are gone.")
    ] = False,
    lock_timeout: Annotated[
        float, typer.Option(min=0, help="Seconds to wait for another run that holds the index.")
    ] = 0.0,
    commit_every: Annotated[
        int, typer.Option(min=1, help="Articles written per commit (a killed run keeps what it committed).")
    ] = 4000,
) -> None:
    """Extract statements from articles into the index: new and changed files only (re-indexing replaces)."""
    from quotefind.index import resolve_location
    from quotefind.ingest import Skipped
    from quotefind.pipeline import ProgressBar, index_paths
    from quotefind.render import clean, stderr_console, summary_line

    with _guard():
        err = stderr_console()

        def on_skip(item: Skipped) -> None:
            err.print(f"quotefind: skipped {clean(item.path)}: {clean(item.reason)}")

        location = resolve_location(index_dir)
        summary = index_paths(
            location,
            paths,
            glob=glob,
            jobs=jobs,
            rebuild=rebuild,
            prune=prune,
            lock_timeout=lock_timeout,
            commit_every=commit_every,
            progress=ProgressBar(err),
            on_skip=on_skip,
        )
        err.print(f"{summary_line(summary)} -> {location}")
        if summary.skipped:
            raise typer.Exit(code=int(ExitCode.ERROR))


@app.command()
def search(
    query: Annotated[str, typer.Argument(help='Words you remember; "quoted phrase" must match.')] = "",
    speaker: Annotated[str | None, typer.Option("--speaker", "-s", help="Fuzzy speaker name.")] = None,
    kind: Annotated[Kind | None, typer.Option(help="Only quotes or only claims.")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Most hits to show.")] = 10,
    min_score: Annotated[
        float, typer.Option(min=0, max=100, help="Drop hits that score below this (0-100).")
    ] = 0.0,
    index_dir: IndexOption = None,
    fmt: FormatOption = None,
) -> None:
    """Search statements: fuzzy text, speaker and kind; with no query, list them."""
    from quotefind.index import resolve_location
    from quotefind.render import default_format, render_hits
    from quotefind.search import search as run_search

    with _guard():
        hits = run_search(
            resolve_location(index_dir),
            query,
            speaker=speaker,
            kind=kind.value if kind else None,
            limit=limit,
            min_score=min_score,
        )
        render_hits(hits, fmt or default_format())
        if not hits:
            raise typer.Exit(code=int(ExitCode.NOT_FOUND))


@app.command()
def speakers(
    pattern: Annotated[str | None, typer.Argument(help="Fuzzy name, alias or role to filter by.")] = None,
    index_dir: IndexOption = None,
    fmt: FormatOption = None,
) -> None:
    """List speakers with statement counts, roles, organisations and aliases."""
    from quotefind.index import list_speakers, resolve_location
    from quotefind.render import default_format, render_speakers
    from quotefind.search import filter_speakers

    with _guard():
        found = list_speakers(resolve_location(index_dir))
        if pattern:
            found = filter_speakers(found, pattern)
        render_speakers(found, fmt or default_format())
        if not found:
            raise typer.Exit(code=int(ExitCode.NOT_FOUND))


@app.command()
def show(
    statement_id: Annotated[str, typer.Argument(metavar="ID", help="Statement id (or a unique prefix).")],
    index_dir: IndexOption = None,
    fmt: FormatOption = None,
) -> None:
    """Show one statement with its paragraph and source."""
    from quotefind.index import get_statement, resolve_location
    from quotefind.render import default_format, render_statement_detail

    with _guard():
        statement = get_statement(resolve_location(index_dir), statement_id)
        render_statement_detail(statement, fmt or default_format())


def main() -> None:
    """Run the command-line interface (the `quotefind` console script)."""
    app()
