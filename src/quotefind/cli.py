"""The Typer command-line interface: options in, one library call, records out to `render`."""

from __future__ import annotations

import contextlib
import errno
import io
import logging
import os
import sys
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperCommand, TyperGroup

from quotefind import __version__
from quotefind.cite import Style
from quotefind.cliparams import (
    MIN_ID_PREFIX,
    check_bound,
    check_order,
    complete_id,
    complete_speaker,
    examples,
    get_statement_by_id,
    number,
    whole_number,
)
from quotefind.errors import ExitCode, IndexMissingError, QuotefindError
from quotefind.render import Format

if TYPE_CHECKING:
    from quotefind.ingest import ReadOptions
    from quotefind.render import Output


def _bare_fields(args: list[str]) -> list[str]:
    """Let `--fields` stand alone (as `gh --json` does): it then means "list the fields"."""
    out: list[str] = []
    for i, arg in enumerate(args):
        if arg == "--":
            return out + args[i:]
        after = args[i + 1] if i + 1 < len(args) else None
        bare = after is None or (after.startswith("-") and after != "-")
        out.append("--fields=" if arg == "--fields" and bare else arg)
    return out


class _Group(TyperGroup):
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not args and not ctx.resilient_parsing:
            # `quotefind` alone asks what there is: the help on stdout and exit 0 (as gh does).
            typer.echo(ctx.get_help())
            ctx.exit(0)
        return super().parse_args(ctx, _bare_fields(args))

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """List each command with its whole first sentence (click cuts it at ~45 characters)."""
        rows = [
            (name, " ".join((command.help or "").split("\n\n")[0].split()))
            for name, command in self.commands.items()
            if not command.hidden
        ]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


class _Command(TyperCommand):
    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        """Usage as a person reads it: `PATH...`, not Typer's `{PATH...}` for a required argument."""
        pieces = super().collect_usage_pieces(ctx)
        return [p[1:-1] if p.startswith("{") and p.endswith("}") else p for p in pieces]


app = typer.Typer(
    name="quotefind",
    cls=_Group,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="Find who said what, where: index news articles into quotes and claims, then search them.",
)


class Kind(str, Enum):
    """Statement kinds for `--kind`."""

    quote = "quote"
    claim = "claim"


# A string, not a Path: `opensearch+https://host:9200/NAME` names an OpenSearch index (a Path
# would fold its `//`); `quotefind.store.open_store` reads it.
IndexOption = Annotated[
    str | None,
    typer.Option(
        "--index",
        metavar="FOLDER",
        help="Index folder, or opensearch+https://host:9200/NAME. Default: $QUOTEFIND_INDEX, else ./index.",
        show_default=False,
    ),
]


def _format_option(formats: str, default: str = "table on a terminal, jsonl when piped") -> Any:
    """`--format`, with the formats this command accepts and its real default in its help."""
    return typer.Option(
        "--format", "-f", metavar="FORMAT", help=f"{formats}. Default: {default}.", show_default=False
    )


_STATEMENT_FORMATS = "table, plain, jsonl, json, csv, tsv, md, cite, csl-json or bibtex"
_RECORD_FORMATS = "table, plain, jsonl, json, csv or tsv"
FormatOption = Annotated[Format | None, _format_option(_STATEMENT_FORMATS)]
RecordFormatOption = Annotated[Format | None, _format_option(_RECORD_FORMATS)]
FieldsOption = Annotated[
    str | None,
    typer.Option(
        "--fields",
        metavar="A,B,C",
        help="Fields to print (jsonl, json, csv, tsv, plain), e.g. id,text,speaker.name; "
        "alone: list the fields.",
        show_default=False,
    ),
]
QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="Print nothing; only set the exit code (0 found, 1 none).")
]
StyleOption = Annotated[
    Style,
    typer.Option("--style", metavar="STYLE", help="Citation style of --format cite: apa, mla or chicago."),
]
FullOption = Annotated[
    bool, typer.Option("--full", help="Show long statements whole on a terminal (piped output is never cut).")
]
MaxLinesOption = Annotated[
    int | None,
    typer.Option(
        "--max-lines",
        metavar="N",
        parser=whole_number(1),
        help="Cut statements after N lines on a terminal. Default: 4.",
        show_default=False,
    ),
]


def _output(
    kind: str,
    fmt: Format | None,
    fields: str | None,
    quiet: bool,
    style: Style = Style.apa,
    *,
    default: Format | None = None,
    scored: bool = True,
    full: bool = False,
    max_lines: int | None = None,
) -> Output:
    """Turn the output options every listing command shares into an `Output`, or exit.

    `--fields` alone prints the fields and exits 0; a format or fields that do not fit exit 2.
    Call it inside `_guard()`, before any work, so a bad option costs nothing.
    """
    from quotefind.render import Output, available_fields, check_output, default_format

    if fields is not None and not fields.strip():
        typer.echo("\n".join(available_fields(kind)))
        raise typer.Exit(code=int(ExitCode.FOUND))
    chosen = tuple(f.strip() for f in fields.split(",") if f.strip()) if fields is not None else None
    chosen_format = fmt or (Format.jsonl if chosen else default or default_format())
    from quotefind.layout import MAX_LINES

    output = Output(
        format=chosen_format,
        fields=chosen,
        quiet=quiet,
        style=style,
        scored=scored,
        max_lines=None if full else (max_lines or MAX_LINES),
    )
    check_output(output, kind)
    return output


def _found(count: int) -> None:
    """Exit 1 ("nothing found") when a listing printed no record."""
    if not count:
        raise typer.Exit(code=int(ExitCode.NOT_FOUND))


def _utf8(value: str | None) -> str | None:
    """Refuse a text argument that is not UTF-8 (bytes from a Latin-1 terminal): it can match nothing."""
    if value is not None:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            from quotefind.ingest import printable_path

            raise typer.BadParameter(
                f"'{printable_path(value)}' is not UTF-8 text - pass it in UTF-8 (is the locale UTF-8?)."
            ) from None
    return value


def _stored_path(value: str | None) -> str | None:
    """Write a path as the index stores it: bytes of a name that are not UTF-8 as `\\xNN`."""
    if not value:
        return value  # and no import: a tab completion runs this callback too
    from quotefind.ingest import printable_path

    return printable_path(value)


IdArgument = Annotated[
    str,
    typer.Argument(
        metavar="ID",
        callback=_utf8,
        autocompletion=complete_id,
        help=f"Statement id, or its first {MIN_ID_PREFIX} characters or more.",
    ),
]


def _check_date(value: str | None) -> str | None:
    from quotefind.ingest import parse_iso_date

    if value is None:
        return None
    try:
        return parse_iso_date(value)
    except QuotefindError as exc:
        raise typer.BadParameter(str(exc)) from None


# Input options of `index` and `extract` (see "Input formats" in the README).
GlobOption = Annotated[
    list[str] | None,
    typer.Option(
        "--glob",
        metavar="PATTERN",
        help="In folders, only files whose name matches this glob (a pattern with / matches the "
        "path below the folder); repeat for several.",
        show_default=False,
    ),
]
PublisherOption = Annotated[
    str | None,
    typer.Option(
        "--publisher",
        metavar="NAME",
        callback=_utf8,
        help="Publisher for articles that name none.",
        show_default=False,
    ),
]
DateOption = Annotated[
    str | None,
    typer.Option(
        "--date",
        metavar="YYYY-MM-DD",
        callback=_check_date,
        help="Date (ISO, YYYY-MM-DD) for articles that give none.",
        show_default=False,
    ),
]
MaxSizeOption = Annotated[
    float,
    typer.Option(
        "--max-size",
        metavar="MB",
        parser=number(0),
        help="Skip inputs larger than this many MB (0: no limit).",
    ),
]


def _read_options(publisher: str | None, date: str | None, max_size: float) -> ReadOptions:
    from quotefind.ingest import ReadOptions

    return ReadOptions(
        publisher=publisher or None, date=date, max_size=int(max_size * 1_000_000) if max_size else None
    )


def _fail(message: str, code: int = ExitCode.ERROR) -> NoReturn:
    from quotefind.ingest import printable_path
    from quotefind.render import clean, stderr_console

    stderr_console().print(f"quotefind: {clean(printable_path(message))}")
    raise typer.Exit(code=int(code))


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so Python's flush at exit cannot fail on a closed pipe again."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


#: The sentence (cause and remedy) for an OSError by errno; `{on}` names the file, ` (PATH)`.
_OS_ERRORS: dict[int, str] = {
    errno.ENOSPC: "The disk is full{on} - free some space and run again (the index keeps what it committed).",
    errno.EDQUOT: "The disk quota is used up{on} - free some space and run again "
    "(the index keeps what it committed).",
    errno.EROFS: "The file system is read-only{on} - pass --index with a folder on a writable disk.",
    errno.EACCES: "Permission denied{on} - check who owns the index folder and its mode, "
    "or pass --index with a folder you may write to.",
    errno.EIO: "Input/output error{on} - the disk may be failing: check it, then run again.",
    errno.EMFILE: "Too many open files{on} - raise the limit (`ulimit -n`) and run again.",
    errno.ENOMEM: "Out of memory{on} - close other programs, or index fewer files at a time (--jobs 1).",
}
_OS_ERRORS[errno.EPERM] = _OS_ERRORS[errno.EACCES]
_OS_ERRORS[errno.ENFILE] = _OS_ERRORS[errno.EMFILE]


def os_error_sentence(exc: OSError) -> str:
    """Return one sentence with the cause of an OSError and a remedy (no errno, no traceback)."""
    from quotefind.ingest import printable_path

    name = exc.filename
    where = printable_path(os.fsdecode(name)) if isinstance(name, str | bytes | os.PathLike) else ""
    on = f" ({where})" if where else ""
    known = _OS_ERRORS.get(exc.errno or 0)
    if known:
        return known.format(on=on)
    cause = (exc.strerror or str(exc) or type(exc).__name__).rstrip(".")
    return f"{cause}{on} - check the index folder and the inputs, then run again."


class StdoutClosedError(OSError):
    """A command had data to print, but standard output was closed (`quotefind search x >&-`)."""


#: What a closed stdout costs, in one sentence with the remedy.
STDOUT_CLOSED = "standard output is closed, so nothing can be printed - run without `>&-`, or with --quiet."


class _ClosedStdout(io.TextIOBase):
    """Stands in for a stdout that was closed at start: writing fails (grep says "write error", 2)."""

    encoding = "utf-8"

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def write(self, text: str) -> int:
        if not text:
            return 0
        raise StdoutClosedError(errno.EBADF, "standard output is closed")

    def flush(self) -> None:
        pass


def _keep_std_streams_open() -> None:
    """Put /dev/null on a closed stdin, stdout or stderr before anything else opens a file.

    Otherwise the next file opened (the index's lock, a segment) takes number 1 or 2, and what is
    printed lands in it. A closed stdout then fails on the first write (`StdoutClosedError`).
    """
    for fd, mode in ((0, os.O_RDONLY), (1, os.O_WRONLY), (2, os.O_WRONLY)):
        try:
            os.fstat(fd)
            continue
        except OSError:
            pass
        with contextlib.suppress(OSError):
            null = os.open(os.devnull, mode)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
        if fd == 1:
            sys.stdout = _ClosedStdout()
        elif fd == 2:
            with contextlib.suppress(OSError, ValueError):
                sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", closefd=False)  # noqa: SIM115


@contextlib.contextmanager
def _guard(*, quiet: bool = False) -> Iterator[None]:
    """Turn library errors into one sentence and an exit code; never show a traceback.

    With `quiet`, "nothing found" (exit 1) is silent too; errors still get their sentence.
    """
    try:
        yield
    except IndexMissingError as exc:
        _fail(_no_index(exc), exc.exit_code)
    except QuotefindError as exc:
        if quiet and exc.exit_code == ExitCode.NOT_FOUND:
            raise typer.Exit(code=int(exc.exit_code)) from None
        _fail(str(exc), exc.exit_code)
    except BrokenPipeError:
        # The reader (say `head -1`) took what it wanted and went away: stop quietly.
        _silence_stdout()
        raise typer.Exit(code=int(ExitCode.FOUND)) from None
    except StdoutClosedError:
        _fail(STDOUT_CLOSED, ExitCode.ERROR)
    except OSError as exc:  # a full or read-only disk, a folder we may not write: say which
        _fail(_unexpected(exc), ExitCode.ERROR)
    except KeyboardInterrupt:
        _fail("interrupted.", ExitCode.INTERRUPTED)
    except (typer.Exit, typer.Abort, typer.BadParameter):
        raise
    except Exception as exc:  # an unexpected failure still exits 2, never 1 ("nothing found")
        _fail(_unexpected(exc), ExitCode.ERROR)


def _no_index(exc: IndexMissingError) -> str:
    """The "No index" sentence with the folder in full and a remedy that works from any folder.

    The store says `No index at LOCATION - ...` with the location as resolved (maybe relative).
    """
    text = str(exc)
    if not text.startswith("No index at ") or " - " not in text:
        return text
    folder = Path(text.removeprefix("No index at ").rsplit(" - ", 1)[0]).absolute()
    return (
        f"No index at {folder} - make one with `quotefind index --index {folder} FOLDER_OF_ARTICLES`, "
        "or point --index (or QUOTEFIND_INDEX) at an existing index."
    )


def _unexpected(exc: Exception) -> str:
    """The sentence for an exception the library did not type: a damaged index's, an OSError's cause,
    else `internal error`."""
    from quotefind.store.whoosh.damage import diagnose, release

    found = diagnose(exc)  # met while reading the index this process opened (say, while searching)
    if found is not None:
        release(exc)
        return str(found)
    if isinstance(exc, OSError):
        return os_error_sentence(exc)
    return f"internal error: {type(exc).__name__}: {exc}"


def _show_warnings() -> None:
    """Print what the library's readers warn about (a dropped field) on stderr, once per process."""
    from quotefind.ingest import LOGGER

    logger = logging.getLogger(LOGGER)
    if not any(isinstance(h, _StderrWarnings) for h in logger.handlers):
        logger.addHandler(_StderrWarnings())


def _stderr_warning(message: str) -> None:
    from quotefind.render import clean, stderr_console

    stderr_console().print(f"quotefind: warning: {clean(message)}", soft_wrap=True)


class _StderrWarnings(logging.Handler):
    """A logging handler that prints each warning as one `quotefind: warning:` line on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        with contextlib.suppress(OSError, ValueError):
            _stderr_warning(record.getMessage())


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
    _show_warnings()


# `extract --out` writes shards: the output formats plus Parquet (only there).
ExtractFormat = Enum(  # type: ignore[misc]
    "ExtractFormat", {f.name: f.value for f in Format} | {"parquet": "parquet"}, type=str
)


@app.command(cls=_Command, epilog=examples("extract"))
def extract(
    paths: Annotated[
        list[str], typer.Argument(metavar="PATH...", help="Files or folders to read; - for stdin.")
    ],
    glob: GlobOption = None,
    publisher: PublisherOption = None,
    date: DateOption = None,
    max_size: MaxSizeOption = 100,
    fmt: Annotated[
        ExtractFormat | None,  # type: ignore[valid-type]
        typer.Option(
            "--format",
            "-f",
            help="Output format. Default: table on a terminal, jsonl when piped; "
            "with --out: jsonl or parquet shards (default jsonl).",
            show_default=False,
        ),
    ] = None,
    fields: FieldsOption = None,
    quiet: QuietOption = False,
    style: StyleOption = Style.apa,
    out: Annotated[
        str | None,
        typer.Option(
            "--out",
            metavar="DIR",
            help="Write statement shards and a manifest to this folder instead (run it again to resume).",
            show_default=False,
        ),
    ] = None,
    chunk_size: Annotated[
        float,
        typer.Option(
            metavar="MB",
            parser=number(0.001),
            help="With --out: input per shard (file runs, JSON-lines ranges).",
        ),
    ] = 16,
    scheduler: Annotated[
        str | None,
        typer.Option(
            metavar="URL", help="With --out: run on this Dask cluster (tcp://HOST:8786).", show_default=False
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            metavar="N",
            parser=whole_number(1),
            help="With --out: run on a local Dask cluster of N processes.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Print the statements of articles, without indexing them (or write them to shards with --out)."""
    from quotefind.errors import InputError
    from quotefind.extract import extract as extract_statements
    from quotefind.ingest import Skipped, read_inputs
    from quotefind.render import STATEMENT, clean, render_statements, stderr_console
    from quotefind.terminal import counted

    if out is not None or scheduler or workers:
        _extract_shards(
            paths,
            out,
            fmt and fmt.value,
            glob=glob,
            quiet=quiet,
            chunk_size=chunk_size,
            scheduler=scheduler,
            workers=workers,
            options=(publisher, date, max_size),
        )
        return
    with _guard(quiet=quiet):
        if fmt is not None and fmt.value == "parquet":
            raise InputError("--format parquet writes shards - pass --out DIR with it.")
        output = _output(STATEMENT, fmt and Format(fmt.value), fields, quiet, style)
        skipped = 0
        err = stderr_console()

        def statements() -> Iterator:
            nonlocal skipped
            options = _read_options(publisher, date, max_size)
            for item in read_inputs(paths, glob=glob, options=options):
                if isinstance(item, Skipped):
                    skipped += 1
                    err.print(f"quotefind: skipped {clean(item.path)}: {clean(item.reason)}", soft_wrap=True)
                    continue
                yield from extract_statements(item)

        count = render_statements(statements(), output)
        if skipped:
            err.print(f"quotefind: {counted(skipped, 'input')} skipped")
            raise typer.Exit(code=int(ExitCode.ERROR))
        _found(count)


def _extract_shards(
    paths: list[str],
    out: str | None,
    fmt: str | None,
    *,
    glob: list[str] | None,
    quiet: bool,
    chunk_size: float,
    scheduler: str | None,
    workers: int | None,
    options: tuple[str | None, str | None, float],
) -> None:
    """`quotefind extract --out DIR`: statement shards through `batch.run_batch`; a summary on stderr."""
    from pathlib import Path

    from quotefind.batch import run_batch
    from quotefind.errors import InputError
    from quotefind.render import clean, stderr_console

    with _guard(quiet=quiet):
        if out is None:
            raise InputError("--scheduler and --workers write shards - pass --out DIR with them.")
        if scheduler and workers:
            raise InputError("Pass --scheduler (a running cluster) or --workers (a local one), not both.")
        summary = run_batch(
            paths,
            Path(out),
            fmt=fmt or "jsonl",
            options=_read_options(*options),
            glob=glob,
            chunk_bytes=max(int(chunk_size * 1_000_000), 1),
            scheduler=scheduler,
            workers=workers,
        )
        err = stderr_console()
        if not quiet:
            for path, reason in summary.skipped:
                err.print(f"quotefind: skipped {clean(path)}: {clean(reason)}", soft_wrap=True, markup=False)
            before = summary.shards - summary.written
            err.print(
                f"{summary.statements} statements of {summary.articles} articles in {summary.shards} shards "
                f"({summary.written} written, {before} there before) -> {clean(out)}",
                soft_wrap=True,
                markup=False,
            )
        if summary.skipped:
            if not quiet:
                err.print(f"quotefind: {len(summary.skipped)} inputs skipped", markup=False)
            raise typer.Exit(code=int(ExitCode.ERROR))
        _found(summary.statements)


@contextlib.contextmanager
def _interrupted_index(commit_every: int) -> Iterator[None]:
    """Ctrl-C during `index`: say what was kept and how to go on, exit 130."""
    try:
        yield
    except KeyboardInterrupt:
        _fail(
            f"interrupted - the index keeps what it had committed (a commit every {commit_every:,} "
            "articles); run the same command again to index the rest (unchanged files are skipped).",
            ExitCode.INTERRUPTED,
        )


def _may_prune(paths: list[str], glob: list[str] | None, err: Any) -> bool:
    """False, with a line on stderr, when part of the inputs cannot be looked at.

    A folder that cannot be listed (or a file that cannot be looked at) hides files that may still
    exist: pruning then would delete their statements. Only what is known to be gone is pruned.
    """
    from quotefind.ingest import Skipped, iter_files
    from quotefind.render import clean

    for item in iter_files(paths, glob=glob):
        if isinstance(item, Skipped) and item.unreadable:
            err.print(
                f"quotefind: not pruning: {clean(item.path)} cannot be read ({clean(item.reason)}), so "
                "files in it may still exist - fix that and run --prune again.",
                soft_wrap=True,
            )
            return False
    return True


def _local_index(index_dir: str | None, command: str) -> str | None:
    """The `--index` of a command that only a Whoosh folder serves (InputError for an OpenSearch URL)."""
    from quotefind.errors import InputError
    from quotefind.store import is_remote

    if is_remote(index_dir if index_dir is not None else os.environ.get("QUOTEFIND_INDEX")):
        raise InputError(
            f"`quotefind {command}` reads the segment files of an index folder, which a cluster does "
            "not have - ask the cluster itself (GET _cluster/health, GET NAME/_stats)."
        )
    return index_dir


@app.command(cls=_Command, epilog=examples("index"))
def index(
    paths: Annotated[
        list[str], typer.Argument(metavar="PATH...", help="Files or folders to index; - for stdin.")
    ],
    index_dir: IndexOption = None,
    glob: GlobOption = None,
    publisher: PublisherOption = None,
    date: DateOption = None,
    max_size: MaxSizeOption = 100,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            metavar="N",
            parser=whole_number(1),
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
        float,
        typer.Option(
            metavar="SECONDS", parser=number(0), help="Seconds to wait for another run that holds the index."
        ),
    ] = 0.0,
    commit_every: Annotated[
        int,
        typer.Option(
            metavar="N",
            parser=whole_number(1),
            help="Articles written per commit (a killed run keeps what it committed).",
        ),
    ] = 4000,
) -> None:
    """Extract statements from articles into the index: new and changed files only (re-indexing replaces)."""
    from quotefind.ingest import Skipped, passed_over, printable_path
    from quotefind.pipeline import ProgressBar, index_paths
    from quotefind.render import clean, passed_over_note, stderr_console, summary_line
    from quotefind.store import is_remote, open_store
    from quotefind.store.whoosh.location import resolve_location

    with _guard():
        err = stderr_console()

        def on_skip(item: Skipped) -> None:
            err.print(f"quotefind: skipped {clean(item.path)}: {clean(item.reason)}", soft_wrap=True)

        spec = index_dir if index_dir is not None else os.environ.get("QUOTEFIND_INDEX")
        location: Any = open_store(spec) if is_remote(spec) else resolve_location(index_dir)
        if prune:
            prune = _may_prune(paths, glob, err)
        with passed_over() as tally, _interrupted_index(commit_every):
            summary = index_paths(
                location,
                paths,
                glob=glob,
                read_options={"options": _read_options(publisher, date, max_size)},
                jobs=jobs,
                rebuild=rebuild,
                prune=prune,
                lock_timeout=lock_timeout,
                commit_every=commit_every,
                progress=ProgressBar(err),
                on_skip=on_skip,
            )
        passed = passed_over_note(tally.other_types, tally.not_articles)
        where = location.describe() if is_remote(spec) else str(location)
        err.print(f"{summary_line(summary)}{passed} -> {printable_path(where)}")
        if summary.skipped:
            raise typer.Exit(code=int(ExitCode.ERROR))


@app.command(cls=_Command, epilog=examples("search"))
def search(
    query: Annotated[
        str,
        typer.Argument(
            metavar="QUERY", callback=_utf8, help='Words you remember; "quoted phrase" must match.'
        ),
    ] = "",
    speaker: Annotated[
        str | None,
        typer.Option(
            "--speaker",
            "-s",
            metavar="NAME",
            callback=_utf8,
            autocompletion=complete_speaker,
            help="Fuzzy speaker name.",
        ),
    ] = None,
    kind: Annotated[
        Kind | None, typer.Option(metavar="KIND", help="Only quotes (quote) or only claims (claim).")
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(
            metavar="TEXT",
            callback=_stored_path,
            help="Publisher or title (words), or path (glob: 'bbc/politics/*').",
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(metavar="DATE", callback=check_bound, help="Articles dated on or after YYYY[-MM[-DD]]."),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            metavar="DATE", callback=check_bound, help="Articles dated on or before YYYY[-MM[-DD]]."
        ),
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", "-n", metavar="N", parser=whole_number(1), help="Most hits to show.")
    ] = 10,
    min_score: Annotated[
        float | None,
        typer.Option(
            metavar="SCORE",
            parser=number(0, 100),
            help="Drop hits that score below this (0-100). Default: 65, the 'related' band, for a "
            "text query; 0 shows every hit.",
            show_default=False,
        ),
    ] = None,
    index_dir: IndexOption = None,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
    quiet: QuietOption = False,
    style: StyleOption = Style.apa,
    full: FullOption = False,
    max_lines: MaxLinesOption = None,
) -> None:
    """Search statements: fuzzy text, speaker, kind, source and date; with no query, list them."""
    from quotefind.render import HIT, default_format, render_hits
    from quotefind.search.engine import search_page
    from quotefind.store import open_store

    check_order(since, until)
    with _guard(quiet=quiet):
        # A listing without words ranks nothing: every score would read 100.
        output = _output(
            HIT, fmt, fields, quiet, style, scored=bool(query.strip()), full=full, max_lines=max_lines
        )
        location = open_store(index_dir)
        note = location.speaker_note(speaker) if speaker and not quiet else None
        if note:
            _stderr_warning(note)
        # Notes for a person reading a table on a terminal; a pipe (even of a table) gets data only.
        tell = output.format is Format.table and not quiet and default_format() is Format.table
        # Only a table on a terminal pays for counting every hit (one query to the store more).
        page = search_page(
            location,
            query,
            speaker=speaker,
            kind=kind.value if kind else None,
            source=source,
            since=since,
            until=until,
            limit=limit,
            min_score=min_score,
            counted=tell,
        )
        count = render_hits(page.hits, output)
        if tell:
            _tell_count(count, limit, page.total, at_least=page.at_least)
        _found(count)


def _tell_count(count: int, limit: int, total: int, *, at_least: bool) -> None:
    """For a person reading a table: say on stderr that nothing matched, or that the limit cut the list
    (`showing 10 of 312`; `of at least 312` when the count is a lower bound, see `engine.Page`)."""
    if not count:
        _stderr_note("no statements match.")
    elif total > count:
        of = "of at least" if at_least else "of"
        _stderr_note(f"showing {count:,} {of} {total:,} (use --limit).")
    elif at_least and count >= limit:
        _stderr_note(f"showing the first {count:,}; there may be more (use --limit).")


def _stderr_note(message: str) -> None:
    from quotefind.render import clean, stderr_console

    stderr_console().print(f"quotefind: {clean(message)}", soft_wrap=True)


class SpeakerSort(str, Enum):
    """Orders of `speakers --sort`."""

    count = "count"
    name = "name"


@app.command(cls=_Command, epilog=examples("speakers"))
def speakers(
    pattern: Annotated[
        str | None,
        typer.Argument(metavar="PATTERN", callback=_utf8, help="Fuzzy name, alias or role to filter by."),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            "-n",
            metavar="N",
            parser=whole_number(0),
            help="Most speakers to show (0: all). Default: a screenful on a terminal, all when piped.",
            show_default=False,
        ),
    ] = None,
    sort: Annotated[
        SpeakerSort,
        typer.Option("--sort", metavar="ORDER", help="Most statements first (count), or by name (name)."),
    ] = SpeakerSort.count,
    index_dir: IndexOption = None,
    fmt: RecordFormatOption = None,
    fields: FieldsOption = None,
    quiet: QuietOption = False,
) -> None:
    """List speakers with statement counts, roles, organisations and aliases."""
    from quotefind.render import SPEAKER, render_speakers, screenful
    from quotefind.store import open_store

    with _guard(quiet=quiet):
        output = _output(SPEAKER, fmt, fields, quiet)
        page = screenful() if limit is None and not quiet else None
        # --quiet only asks whether there is anyone: the first speaker tells.
        shown = limit or page or (1 if quiet else None)
        # One more than shown tells whether the page cut the list.
        found = open_store(index_dir).speakers(
            limit=shown + 1 if shown else None,
            sort=sort.value,
            pattern=pattern,
        )
        count = render_speakers(found[:shown] if shown else found, output)
        if page and len(found) > page:
            _stderr_warning(f"the first {page} speakers only - `--limit 0` lists them all.")
        _found(count)


@app.command(cls=_Command, epilog=examples("verify"))
def verify(
    text: Annotated[
        str, typer.Argument(metavar="QUOTE", callback=_utf8, help="The words of the quote to check.")
    ],
    speaker: Annotated[
        str | None,
        typer.Option(
            "--speaker",
            "-s",
            metavar="NAME",
            callback=_utf8,
            autocompletion=complete_speaker,
            help="Only statements of this speaker (fuzzy).",
        ),
    ] = None,
    index_dir: IndexOption = None,
    fmt: RecordFormatOption = None,
    fields: FieldsOption = None,
    quiet: QuietOption = False,
) -> None:
    """Check a quote: attested verbatim, as a close variant (with a word diff), or not found (exit 1)."""
    from quotefind.render import VERDICT, render_verdict
    from quotefind.search import verify as run_verify
    from quotefind.store import open_store

    with _guard(quiet=quiet):
        output = _output(VERDICT, fmt, fields, quiet)
        verdict = run_verify(open_store(index_dir), text, speaker=speaker)
        render_verdict(verdict, output)
        _found(int(verdict.found))


@app.command(cls=_Command, epilog=examples("trace"))
def trace(
    text: Annotated[
        str, typer.Argument(metavar="QUOTE", callback=_utf8, help="The words of the quote to trace.")
    ],
    index_dir: IndexOption = None,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
    quiet: QuietOption = False,
    style: StyleOption = Style.apa,
) -> None:
    """Trace a quote: every attestation, oldest first, with outlet, date, speaker and a word diff."""
    from quotefind.render import TRACE, render_trace
    from quotefind.search.trace import trace as run_trace
    from quotefind.search.trace import trace_notes
    from quotefind.store import open_store

    with _guard(quiet=quiet):
        output = _output(TRACE, fmt, fields, quiet, style)
        found = run_trace(open_store(index_dir), text)
        count = render_trace(found, output)
        if not quiet:
            for note in trace_notes(found):
                _stderr_warning(note)
        _found(count)


@app.command(cls=_Command, epilog=examples("check"))
def check(index_dir: IndexOption = None) -> None:
    """Read every part of the index (each segment, document, posting): whole (0), or what is damaged (2)."""
    from quotefind.render import clean
    from quotefind.store.whoosh.check import check_index
    from quotefind.store.whoosh.location import resolve_location

    with _guard():
        report = check_index(resolve_location(_local_index(index_dir, "check")))
        print(clean(report.sentence()))


@app.command(cls=_Command, epilog=examples("show"))
def show(
    statement_id: IdArgument,
    context: Annotated[
        int,
        typer.Option(
            "--context",
            "-C",
            metavar="N",
            parser=whole_number(0),
            help="Also show N paragraphs before and after (the article is read again).",
        ),
    ] = 0,
    index_dir: IndexOption = None,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
    quiet: QuietOption = False,
    style: StyleOption = Style.apa,
) -> None:
    """Show one statement highlighted in its paragraph, with its source."""
    from quotefind.detail import statement_detail
    from quotefind.render import STATEMENT, render_statement_detail
    from quotefind.store import open_store

    with _guard(quiet=quiet):
        output = _output(STATEMENT, fmt, fields, quiet, style)
        store = open_store(index_dir)
        statement = get_statement_by_id(store, statement_id)
        if output.format is Format.table and not quiet:
            detail = statement_detail(getattr(store, "location", None), statement, context=context)
            if detail.note:
                _stderr_warning(detail.note)
            render_statement_detail(statement, output, detail=detail)
        else:
            render_statement_detail(statement, output)


@app.command(cls=_Command, epilog=examples("cite"))
def cite(
    statement_id: IdArgument,
    style: StyleOption = Style.apa,
    index_dir: IndexOption = None,
    fmt: Annotated[Format | None, _format_option(_STATEMENT_FORMATS, "cite")] = None,
    quiet: QuietOption = False,
) -> None:
    """Cite one statement: the quote as cited in its article, and the article's entry."""
    from quotefind.render import STATEMENT, render_statements
    from quotefind.store import open_store

    with _guard(quiet=quiet):
        output = _output(STATEMENT, fmt, None, quiet, style, default=Format.cite)
        statement = get_statement_by_id(open_store(index_dir), statement_id)
        render_statements([statement], output)


#: `export`'s formats: every output format, and the `_bulk` NDJSON of an OpenSearch load.
ExportFormat = Enum(  # type: ignore[misc]
    "ExportFormat", {**{f.name: f.value for f in Format}, "opensearch_bulk": "opensearch-bulk"}, type=str
)


@app.command(cls=_Command, epilog=examples("export"))
def export(
    index_dir: IndexOption = None,
    fmt: Annotated[
        ExportFormat | None,
        _format_option(
            "table, plain, jsonl, json, csv, tsv, md, cite, csl-json, bibtex or opensearch-bulk "
            "(_bulk NDJSON "
            "for an OpenSearch load)",
            "jsonl",
        ),
    ] = None,
    fields: FieldsOption = None,
    quiet: QuietOption = False,
    style: StyleOption = Style.apa,
    bulk_index: Annotated[
        str,
        typer.Option(
            "--bulk-index", metavar="NAME", help="Index name in the action lines of --format opensearch-bulk."
        ),
    ] = "quotes",
) -> None:
    """Print every statement of the index as JSON lines (`quotefind import` reads them back)."""
    from quotefind.render import STATEMENT, render_statements
    from quotefind.store import open_store

    with _guard(quiet=quiet):
        if fmt is not None and fmt.value == "opensearch-bulk":
            from quotefind.store.opensearch_docs import write_bulk

            _found(write_bulk(open_store(index_dir).statements(), sys.stdout, index=bulk_index))
            return
        chosen = Format(fmt.value) if fmt is not None else None
        output = _output(STATEMENT, chosen, fields, quiet, style, default=Format.jsonl)
        _found(render_statements(open_store(index_dir).statements(), output))


@app.command("import", cls=_Command, epilog=examples("import"))
def import_(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH...",
            help="JSON-lines files of statements, or shard folders of `extract --out`; - for stdin.",
        ),
    ],
    index_dir: IndexOption = None,
    lock_timeout: Annotated[
        float,
        typer.Option(
            metavar="SECONDS", parser=number(0), help="Seconds to wait for another run that holds the index."
        ),
    ] = 0.0,
    commit_every: Annotated[
        int,
        typer.Option(
            metavar="N",
            parser=whole_number(1),
            help="Articles written per commit (a killed run keeps what it committed).",
        ),
    ] = 4000,
) -> None:
    """Add statements from `quotefind export` or `extract --out` to the index as they are (no extraction)."""
    from quotefind.batch import batch_inputs
    from quotefind.exchange import read_statements
    from quotefind.ingest import printable_path
    from quotefind.render import stderr_console, summary_line
    from quotefind.store import open_store

    with _guard():
        store = open_store(index_dir)
        folders, files = batch_inputs(paths)
        if folders:
            from quotefind.batch import import_folders

            summary = import_folders(store, folders, files, lock_timeout=lock_timeout)
        else:
            summary = store.add_statements(
                read_statements(paths), lock_timeout=lock_timeout, commit_every=commit_every
            )
        shown = printable_path(store.describe())
        stderr_console().print(f"{summary_line(summary)} -> {shown}", markup=False)


def _exit_code(code: object) -> int:
    if code is None:
        return int(ExitCode.FOUND)
    if isinstance(code, int):
        return code
    _stderr(f"quotefind: {code}")
    return int(ExitCode.ERROR)


def _stderr(message: str) -> None:
    with contextlib.suppress(OSError, ValueError):
        print(message, file=sys.stderr)


def main() -> None:
    """Run the command-line interface (the `quotefind` console script and `python -m quotefind`).

    Data goes out as UTF-8 whatever the locale; a reader that closes the pipe early ends the run
    quietly; anything unexpected becomes one line on stderr and exit 2, never a traceback or 1.
    """
    _keep_std_streams_open()
    if (getattr(sys.stdout, "encoding", "") or "").lower().replace("-", "") != "utf8":
        with contextlib.suppress(AttributeError, ValueError):
            sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    try:
        app()
        code = int(ExitCode.FOUND)
    except SystemExit as exc:
        code = _exit_code(exc.code)
    except KeyboardInterrupt:
        _stderr("quotefind: interrupted.")
        code = int(ExitCode.INTERRUPTED)
    except BrokenPipeError:
        _silence_stdout()
        code = int(ExitCode.FOUND)
    except StdoutClosedError:  # outside any command (`--version`, `--help`)
        _stderr(f"quotefind: {STDOUT_CLOSED}")
        code = int(ExitCode.ERROR)
    except Exception as exc:  # raised outside any command's _guard (say, while parsing options)
        _stderr(f"quotefind: internal error: {type(exc).__name__}: {exc}")
        code = int(ExitCode.ERROR)
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    except (OSError, ValueError):
        pass
    sys.exit(code)
