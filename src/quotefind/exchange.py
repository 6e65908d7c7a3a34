"""Reading statements back from JSON lines (`quotefind export`'s output) for `quotefind import`."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from quotefind.errors import InputError
from quotefind.model import Statement

STDIN = "-"


def parse_statements(lines: Iterable[str], *, name: str = STDIN) -> Iterator[Statement]:
    """Yield the statement of each non-blank line; raise InputError at the first line that is not one."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            yield Statement.from_dict(data)
        except (ValueError, KeyError, TypeError, IndexError) as exc:
            raise InputError(
                f"{name} line {number} is not a statement ({type(exc).__name__}: {exc}) - "
                "pass JSON lines written by `quotefind export`."
            ) from None


def read_statements(paths: Iterable[str], *, stdin: TextIO | None = None) -> Iterator[Statement]:
    """Yield the statements of JSON-lines files (`-` is stdin), in order."""
    for raw in paths:
        if raw == STDIN:
            yield from parse_statements(stdin or sys.stdin, name="stdin")
            continue
        try:
            with Path(raw).open(encoding="utf-8-sig") as handle:
                yield from parse_statements(handle, name=raw)
        except FileNotFoundError:
            raise InputError(f"{raw}: no such file - pass a file written by `quotefind export`.") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{raw} cannot be read ({exc}) - pass a UTF-8 JSON-lines file.") from None
