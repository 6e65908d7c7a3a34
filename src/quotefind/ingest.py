"""Reading inputs: files, folders and stdin -> `Article` records (only this module knows formats)."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

from quotefind.model import Article, Source

#: File endings read as articles; everything else in a folder is skipped with a warning.
TEXT_SUFFIXES = frozenset({".txt", ".text"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES

STDIN = "-"


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that was not read, and why."""

    path: str
    """The file or folder passed over."""
    reason: str
    """One short sentence for the user."""


_TITLE_END = re.compile(r"[.!?:;,]$")


def split_title(text: str) -> str | None:
    """Return the first line when it looks like a headline, else None.

    A headline is a short first line, followed by a blank line, that does not end like a sentence.
    """
    first, sep, rest = text.partition("\n")
    first = first.strip()
    if not sep or not first or len(first) > 200 or not rest.startswith(("\n", "\r\n")):
        return None
    if _TITLE_END.search(first) and not first.endswith(("?", "!")):
        return None
    return first


def derive_title(text: str, limit: int = 80) -> str | None:
    """Return a title made from the first sentence of the text."""
    stripped = " ".join(text.split())
    if not stripped:
        return None
    m = re.search(r"[.!?](?:\s|$)", stripped)
    sentence = stripped[: m.start() + 1] if m else stripped
    if len(sentence) <= limit:
        return sentence
    cut = sentence[:limit].rsplit(" ", 1)[0]
    return cut + "…"


def article_from_text(
    text: str, *, path: str | None = None, key: str | None = None, source: Source | None = None
) -> Article:
    """Build an article from plain text, taking the title from its first line when it has one."""
    source = source or Source(path=path)
    if not source.title:
        source = replace(source, title=split_title(text) or derive_title(text))
    return Article(text=text, source=source, key=key if key is not None else (path or ""))


def read_file(path: Path) -> Article:
    """Read one file as an article; raise OSError or UnicodeDecodeError when it cannot be read."""
    text = path.read_bytes().decode("utf-8-sig")
    return article_from_text(text, path=str(path), key=str(path.resolve()))


def read_stream(stream: TextIO, *, name: str = STDIN) -> Article:
    """Read a whole stream as one article."""
    return article_from_text(stream.read(), path=name, key="")


def iter_files(paths: Iterable[str], *, glob: str | None = None) -> Iterator[Path | Skipped]:
    """Yield the files named or found (recursively, sorted) under the paths, and what was skipped."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            pattern = glob or "*"
            for found in sorted(path.rglob(pattern)):
                if found.is_file():
                    if found.suffix.lower() in SUPPORTED_SUFFIXES:
                        yield found
                    elif not found.name.startswith("."):
                        yield Skipped(str(found), f"unsupported file type {found.suffix or '(none)'}")
        elif path.is_file():
            yield path
        elif not path.exists():
            yield Skipped(raw, "no such file or folder")
        else:
            yield Skipped(raw, "not a regular file")


def read_inputs(
    paths: Iterable[str], *, glob: str | None = None, stdin: TextIO | None = None
) -> Iterator[Article | Skipped]:
    """Yield an article for each readable input (`-` is stdin), and a `Skipped` for each other."""
    for raw in paths:
        if raw == STDIN:
            yield read_stream(stdin or sys.stdin)
            continue
        for item in iter_files([raw], glob=glob):
            yield _read_or_skip(item)


def _read_or_skip(item: Path | Skipped) -> Article | Skipped:
    if isinstance(item, Skipped):
        return item
    try:
        return read_file(item)
    except UnicodeDecodeError:
        return Skipped(str(item), "not UTF-8 text")
    except OSError as exc:
        return Skipped(str(item), exc.strerror or str(exc))
