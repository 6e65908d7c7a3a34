"""Output: statements, hits and speakers as tables, JSON lines or JSON; the stdout and stderr consoles."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Sequence
from enum import Enum
from typing import IO, TYPE_CHECKING, Any

from quotefind.model import Hit, IndexSummary, SpeakerSummary, Statement

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text


class Format(str, Enum):
    """Output formats of every command that lists records."""

    table = "table"
    jsonl = "jsonl"
    json = "json"


#: C0 and C1 control characters (ESC included) except tab and newline, and bidi overrides that
#: could reorder what the terminal shows. Article text never reaches a terminal with these in it.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(text: str | None) -> str:
    """Strip control characters from text that will be printed (escape sequences included)."""
    return _CONTROL.sub("", text or "")


def default_format(stream: IO[str] | None = None) -> Format:
    """Return the default format: a table on a terminal, JSON lines otherwise."""
    stream = stream or sys.stdout
    isatty = getattr(stream, "isatty", None)
    return Format.table if isatty and isatty() else Format.jsonl


def stdout_console() -> Console:
    """Return a console for data on stdout (colour only on a terminal; honours NO_COLOR)."""
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False, emoji=False, markup=False)


def stderr_console() -> Console:
    """Return a console for progress, warnings and errors on stderr."""
    from rich.console import Console

    return Console(stderr=True, highlight=False, emoji=False, markup=False)


def _json_line(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)


def _write_records(records: Sequence[dict[str, Any]], fmt: Format, out: IO[str]) -> None:
    if fmt is Format.json:
        out.write(json.dumps(list(records), ensure_ascii=False, indent=2) + "\n")
    else:
        for rec in records:
            out.write(_json_line(rec) + "\n")


def _highlighted(text: str, span: tuple[int, int] | None) -> Text:
    from rich.text import Text

    shown = Text(clean(text[: span[0]]) if span else clean(text))
    if span:
        shown.append(clean(text[span[0] : span[1]]), style="bold yellow")
        shown.append(clean(text[span[1] :]))
    return shown


def _source_label(st: Statement) -> str:
    src = st.source
    bits = [b for b in (src.publisher, src.date) if b]
    title = src.title or src.path or ""
    return clean(" · ".join([title, *bits]) if bits else title)


def render_hits(hits: Sequence[Hit], fmt: Format, *, out: IO[str] | None = None) -> None:
    """Print search hits in a format."""
    out = out or sys.stdout
    if fmt is not Format.table:
        _write_records([h.to_dict() for h in hits], fmt, out)
        return
    from rich.table import Table

    table = Table(show_lines=True, expand=False)
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("statement", ratio=3)
    table.add_column("speaker", ratio=1)
    table.add_column("source", ratio=1)
    table.add_column("id", no_wrap=True, style="dim")
    for hit in hits:
        st = hit.statement
        span = (hit.match.start, hit.match.end) if hit.match else None
        table.add_row(
            f"{hit.score:.0f}",
            st.kind,
            _highlighted(st.text, span),
            clean(st.speaker.label()),
            _source_label(st),
            st.id,
        )
    stdout_console().print(table)


def render_statements(statements: Iterable[Statement], fmt: Format, *, out: IO[str] | None = None) -> int:
    """Print statements (no score) in a format; return how many were printed."""
    out = out or sys.stdout
    if fmt is Format.jsonl:
        count = 0
        for st in statements:  # streamed: a long extract shows results as it goes
            out.write(_json_line(st.to_dict()) + "\n")
            count += 1
        return count
    items = list(statements)
    if fmt is Format.table:
        render_hits([Hit(st, 100.0) for st in items], fmt, out=out)
    else:
        _write_records([st.to_dict() for st in items], fmt, out)
    return len(items)


def render_statement_detail(st: Statement, fmt: Format, *, out: IO[str] | None = None) -> None:
    """Print one statement with its paragraph and source."""
    out = out or sys.stdout
    if fmt is not Format.table:
        _write_records([st.to_dict()], fmt, out)
        return
    from rich.text import Text

    console = stdout_console()
    body = Text()
    body.append(f"{st.kind} ", style="bold")
    body.append(st.id + "\n", style="dim")
    body.append("“" + clean(st.text) + "”\n", style="bold")
    body.append("— " + clean(st.speaker.label()))
    if st.speaker.mention and st.speaker.mention != st.speaker.name:
        body.append(f" (as “{clean(st.speaker.mention)}”)", style="dim")
    if st.cue:
        body.append(f", {clean(st.cue)}", style="dim")
    body.append("\n\n")
    context = st.context or st.text
    body.append(clean(context) + "\n\n", style="italic")
    src = st.source
    for label, value in (
        ("title", src.title),
        ("publisher", src.publisher),
        ("date", src.date),
        ("url", src.url),
        ("path", src.path),
    ):
        if value:
            body.append(f"{label}: ", style="dim")
            body.append(clean(value) + "\n")
    body.append("offsets: ", style="dim")
    body.append(f"{st.start}-{st.end}\n")
    console.print(body, end="")


def render_speakers(speakers: Sequence[SpeakerSummary], fmt: Format, *, out: IO[str] | None = None) -> None:
    """Print the speaker list in a format."""
    out = out or sys.stdout
    if fmt is not Format.table:
        _write_records([s.to_dict() for s in speakers], fmt, out)
        return
    from rich.table import Table

    table = Table()
    table.add_column("statements", justify="right")
    table.add_column("speaker")
    table.add_column("role")
    table.add_column("organisation")
    table.add_column("also called")
    for sp in speakers:
        table.add_row(
            str(sp.count),
            clean(sp.name),
            clean(", ".join(sp.roles)),
            clean(", ".join(sp.orgs)),
            clean(", ".join(sp.aliases)),
        )
    stdout_console().print(table)


def summary_line(summary: IndexSummary) -> str:
    """Return the one-line summary of an indexing run."""
    if not summary.articles and not summary.removed:
        quiet = [f"no changes: {summary.unchanged} articles unchanged"]
        if summary.skipped:
            quiet.append(f"{summary.skipped} skipped")
        return ", ".join(quiet)
    parts = [
        f"{summary.articles} articles indexed",
        f"{summary.quotes} quotes",
        f"{summary.claims} claims",
        f"{summary.speakers} speakers",
    ]
    if summary.unchanged:
        parts.append(f"{summary.unchanged} unchanged")
    if summary.removed:
        parts.append(f"{summary.removed} statements removed")
    if summary.skipped:
        parts.append(f"{summary.skipped} skipped")
    return ", ".join(parts)
