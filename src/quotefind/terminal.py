"""What every output shares: the stdout/stderr consoles, control stripping, terminal size, counts."""

from __future__ import annotations

import re
import sys
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

#: C0 and C1 control characters (ESC included) except tab and newline, and bidi overrides that
#: could reorder what the terminal shows. Article text never reaches a terminal with these in it.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(text: str | None) -> str:
    """Strip control characters from text that will be printed (escape sequences included)."""
    return _CONTROL.sub("", text or "")


def one_line(text: str | None) -> str:
    """Return text cleaned and on one line (tabs and newlines become spaces, runs squeezed)."""
    return " ".join(clean(text).split())


def is_tty(stream: IO[str]) -> bool:
    """True when the stream is a terminal (a closed stream is not)."""
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


def screenful(stream: IO[str] | None = None) -> int | None:
    """Return how many one-line rows fit on the terminal stdout is (table borders and a prompt
    left over), or None when stdout is not a terminal (piped: list everything)."""
    import shutil

    if not is_tty(stream or sys.stdout):
        return None
    return max(5, shutil.get_terminal_size().lines - 8)


def stdout_console(out: IO[str] | None = None) -> Console:
    """Return a console for data on stdout.

    On a terminal it fits the terminal's width. Elsewhere it never wraps (one table row per line)
    and rich adds no colour unless `FORCE_COLOR` is set; `NO_COLOR` is honoured by rich itself.
    """
    from rich.console import Console

    out = out or sys.stdout
    wide = {} if is_tty(out) else {"width": 1_000_000, "height": 25, "soft_wrap": True}
    return Console(file=out, highlight=False, emoji=False, markup=False, **wide)  # type: ignore[arg-type]


def stderr_console() -> Console:
    """Return a console for progress, warnings and errors on stderr."""
    from rich.console import Console

    return Console(stderr=True, highlight=False, emoji=False, markup=False, soft_wrap=True)


def rich_text(value: str | None, style: str = "") -> Text:
    """Article text for rich: a `Text` (never parsed as markup), control characters stripped."""
    from rich.text import Text

    return Text(clean(value), style=style)


def highlighted(text: str, span: tuple[int, int] | None, style: str = "bold yellow") -> Text:
    """Text with the span `[start, end)` set in `style` (a match, a statement in its paragraph)."""
    shown = rich_text(text[: span[0]] if span else text)
    if span:
        shown.append_text(rich_text(text[span[0] : span[1]], style))
        shown.append_text(rich_text(text[span[1] :]))
    return shown


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """`1 article`, `4,000 articles`: a number with thousands separators and its noun agreed."""
    return f"{n:,} {noun if n == 1 else (plural or noun + 's')}"
