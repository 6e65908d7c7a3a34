"""Terminal layouts of hits: a table that gives the statement most of the width, one block per hit
on a narrow terminal, long statements cut to a few lines; `show`'s statement in its paragraphs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, TYPE_CHECKING

from quotefind.model import Hit, Source, Statement
from quotefind.terminal import clean, highlighted, is_tty, rich_text, stdout_console

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

#: Below this many columns a table row would squeeze every text column: one block per hit instead.
STACK_BELOW = 80
#: Below this many columns the id column goes first (the stacked layout and `--format plain` keep it).
ID_FROM = 110
#: Lines of a statement shown on a terminal before it is cut with `…` (`--full` shows all).
MAX_LINES = 4
ELLIPSIS = "…"


def source_label(st: Statement) -> str:
    """`Title · Publisher · date` of each copy of the article (`; ` between), the path for no title."""
    return "; ".join(copy_label(src) for src in st.all_sources)


def copy_label(src: Source) -> str:
    """`Title · Publisher · date` of one copy of an article, the path when it has no title."""
    bits = [b for b in (src.publisher, src.date) if b]
    title = src.title or src.path or ""
    return clean(" · ".join([title, *bits]) if bits else title)


def cut_at(text: str, console: Console, width: int, max_lines: int | None) -> int | None:
    """The offset at which `text`, wrapped to `width`, passes `max_lines` lines (None: it fits)."""
    from rich.text import Text

    if max_lines is None or width <= 0 or len(text) <= width * max_lines // 2:
        return None
    lines = Text(text).wrap(console, width)
    if len(lines) <= max_lines:
        return None
    pos = 0
    for line in lines[:max_lines]:
        words = line.plain.rstrip()
        found = text.find(words, pos) if words else pos
        pos = (found if found >= 0 else pos) + len(words)
    # Room for the ellipsis on the last line: drop its last word (one too long is cut anyway).
    space = text.rfind(" ", 0, max(pos - 1, 1))
    return space if space > pos - width else max(pos - 1, 1)


def _statement_text(hit: Hit, console: Console, width: int, max_lines: int | None) -> Text:
    st = hit.statement
    span = (hit.match.start, hit.match.end) if hit.match else None
    cut = cut_at(st.text, console, width, max_lines)
    if cut is None:
        return highlighted(st.text, span)
    if span and span[0] >= cut:
        span = None
    elif span:
        span = (span[0], min(span[1], cut))
    shown = highlighted(st.text[:cut].rstrip(), span)
    shown.append(ELLIPSIS, style="dim")
    return shown


def print_hits(hits: Sequence[Hit], out: IO[str], *, scored: bool, max_lines: int | None) -> None:
    """Print hits for a person: a table, or one block per hit on a narrow terminal.

    Piped (not a terminal), nothing is cut and every row is one line, as before.
    """
    if not hits:
        return
    console = stdout_console(out)
    tty = is_tty(out)
    lines = max_lines if tty else None
    if tty and console.width < STACK_BELOW:
        _print_stacked(hits, console, scored=scored, max_lines=lines)
    else:
        _print_table(hits, console, tty=tty, scored=scored, max_lines=lines)


def _print_table(
    hits: Sequence[Hit], console: Console, *, tty: bool, scored: bool, max_lines: int | None
) -> None:
    from rich.table import Table

    with_id = not tty or console.width >= ID_FROM
    # rich honours the ratios only when the table expands to the console's width.
    table = Table(show_lines=tty, expand=tty)
    if scored:
        table.add_column("score", justify="right", no_wrap=True)
        table.add_column("band", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("statement", ratio=4, no_wrap=not tty)
    table.add_column("speaker", ratio=1, min_width=10, no_wrap=not tty)
    table.add_column("source", ratio=1, min_width=10, no_wrap=not tty)
    if with_id:
        table.add_column("id", no_wrap=True, style="dim")
    # The statement column's width, as rich will share it out (for the cut of long statements).
    fixed = (16 if scored else 0) + 6 + (18 if with_id else 0) + 3 * 4 + 1
    width = max(10, (console.width - fixed) * 4 // 6 - 2)
    for hit in hits:
        st = hit.statement
        row = [rich_text(f"{hit.score:.0f}"), rich_text(hit.band)] if scored else []
        row += [
            rich_text(st.kind),
            _statement_text(hit, console, width, max_lines),
            rich_text(st.speaker.label()),
            rich_text(source_label(st)),
        ]
        if with_id:
            row.append(rich_text(st.id))
        table.add_row(*row)
    console.print(table)


def _print_stacked(hits: Sequence[Hit], console: Console, *, scored: bool, max_lines: int | None) -> None:
    from rich.text import Text

    body = Text()
    for i, hit in enumerate(hits):
        st = hit.statement
        if i:
            body.append("\n")
        if scored:
            body.append(f"{hit.score:.0f} {hit.band}", style="bold")
            body.append(" · ")
        body.append(st.kind, style="bold")
        body.append(" · ")
        body.append_text(rich_text(st.speaker.label()))
        body.append("\n")
        body.append_text(_statement_text(hit, console, console.width, max_lines))
        body.append("\n")
        body.append_text(rich_text(source_label(st), "dim"))
        body.append_text(rich_text(f" · {st.id}\n", "dim"))
    console.print(body, end="")
