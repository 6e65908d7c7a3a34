"""`show`'s view of one statement: the passage around it (re-read from its article for `--context`),
where the statement sits in that passage, and a source path that still resolves after a `cd`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from quotefind.model import Statement

#: Paragraphs are separated by a blank line (a line of spaces counts as blank).
_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")


@dataclass(frozen=True, slots=True)
class Detail:
    """What `show` prints around a statement."""

    statement: Statement
    """The statement shown."""
    passage: str
    """Its paragraph, or its paragraph and the ones around it (paragraphs joined by a blank line)."""
    spans: tuple[tuple[int, int], ...]
    """Where the statement's words are in `passage` (one span per piece; none when not found)."""
    where: str
    """The article's file as an absolute path, else the path as indexed, else its URL (may be empty)."""
    note: str = ""
    """Why the asked context could not be given (the article moved or changed), else empty."""


def locate_pieces(st: Statement, passage: str) -> tuple[tuple[int, int], ...]:
    """Find the statement's pieces in a passage, in order (its text is the pieces joined by a space)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    start = 0
    for piece in st.pieces:
        words = st.text[start : start + piece.end - piece.start]
        start += piece.end - piece.start + 1
        found = passage.find(words, pos) if words else -1
        if found < 0:
            return ()
        spans.append((found, found + len(words)))
        pos = found + len(words)
    return tuple(spans)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of the paragraphs of an article text."""
    out, pos = [], 0
    for m in _BLANK_LINE.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text.rstrip())))
    return [(a, b) for a, b in out if b > a]


def _indexed_file(location: Path, article_id: str) -> str:
    """The absolute file an article was read from, from the index's article records ("" if none).

    Reads every record: only asked when the stored path no longer resolves from here.
    """
    from quotefind.store.whoosh.location import open_index
    from quotefind.store.whoosh.records import read_records

    for record in read_records(open_index(location)).values():
        if record.article_id == article_id and record.file:
            return record.file
    return ""


def article_file(location: Path | None, st: Statement) -> str:
    """The statement's article file as an absolute path that exists, else ""."""
    path = st.source.path
    if not path or path == "-":
        return ""
    here = Path(path)
    if here.is_file():
        return str(here.resolve())
    if location is None:
        return ""  # (a store with no article records: OpenSearch)
    found = _indexed_file(location, st.article_id)
    return found if found and Path(found).is_file() else ""


def statement_detail(location: Path | None, st: Statement, *, context: int = 0) -> Detail:
    """Build `show`'s view: with `context`, the article is read again for the paragraphs around."""
    from quotefind.ingest import read_path
    from quotefind.model import Article

    file = article_file(location, st)
    where = file or st.source.path or st.source.url or ""
    passage = st.context or st.text
    if not context:
        return Detail(st, passage, locate_pieces(st, passage), where)
    # A JSON-lines file holds many articles: the one with the statement's article id.
    read = [a for a in read_path(Path(file)) if isinstance(a, Article)] if file else []
    article = next((a for a in read if a.id == st.article_id), None)
    if article is None:
        why = "has changed since it was indexed" if read else "is no longer where it was indexed"
        return Detail(st, passage, locate_pieces(st, passage), where, note=f"--context: the article {why}.")
    paragraphs = _paragraphs(article.text)
    at = next((i for i, (a, b) in enumerate(paragraphs) if a <= st.start < b), 0)
    chosen = paragraphs[max(0, at - context) : at + context + 1]
    text, spans, pieces = "", [], list(st.pieces)
    for a, b in chosen:
        if text:
            text += "\n\n"
        base = len(text) - a
        spans += [(p.start + base, p.end + base) for p in pieces if a <= p.start and p.end <= b]
        text += article.text[a:b]
    return Detail(st, text, tuple(spans), where)
