"""Article records (what tells a changed article on the next run) and the run bookkeeping of every store."""

from __future__ import annotations

import logging
import os
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from quotefind.model import IndexSummary, Source


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """What the index keeps about one article, to tell on the next run whether it changed."""

    key: str
    """Where the article is, across runs (`Article.key`, else its id): one record per key; several
    keys (copies of one wire story) may hold one article id, whose statements are written once."""
    content_hash: str
    """`Article.content_hash` of the text that was indexed."""
    article_id: str = ""
    """`Article.id`."""
    path: str = ""
    """The source path as given (`Source.path`)."""
    file: str = ""
    """Absolute path of the file it was read from; empty for stdin."""
    size: int = -1
    """Size in bytes of the file when it was read (-1: unknown)."""
    mtime_ns: int = -1
    """Modification time of the file when it was read (-1: unknown)."""
    statements: int = 0
    """Number of statements written for it."""
    extractor: str = ""
    """`quotefind.extract.version()` of the extractor that made its statements (empty: unknown)."""
    source: Source | None = None
    """The copy's `Source`, which its article's statements list in `sources` (written to the index;
    not read back into the records a Whoosh session keeps: `record_source` reads it where needed)."""

    def same_file(self, size: int, mtime_ns: int) -> bool:
        """True when the file still has the size and modification time it had when read."""
        return self.size >= 0 and self.size == size and self.mtime_ns == mtime_ns


def record_details(record: ArticleRecord) -> dict[str, Any]:
    """An article record's details beyond its key, hash, id and path, as each store writes them."""
    return {
        "file": record.file,
        "size": record.size,
        "mtime_ns": record.mtime_ns,
        "statements": record.statements,
        "extractor": record.extractor,
        "source": record.source.to_dict() if record.source is not None else None,
    }


def details_from(data: dict[str, Any]) -> dict[str, Any]:
    """The `ArticleRecord` arguments that `record_details` wrote (`source` aside), with their defaults."""
    return {
        "file": str(data.get("file", "")),
        "size": int(data.get("size", -1)),
        "mtime_ns": int(data.get("mtime_ns", -1)),
        "statements": int(data.get("statements", 0)),
        "extractor": str(data.get("extractor", "")),
    }


def extractor_version() -> str:
    """The running extractor's fingerprint (`quotefind.extract.version`)."""
    from quotefind.extract import version

    return version()


def current_records(records: dict[str, ArticleRecord]) -> dict[str, ArticleRecord]:
    """The records, those made by another extractor marked as changed (no text hash, no file stamp).

    Their articles are then read and extracted again even though their text did not change: an
    upgraded extractor replaces what an older one found.
    """
    now = extractor_version()
    return {
        key: r if r.extractor == now else replace(r, content_hash="", size=-1, mtime_ns=-1)
        for key, r in records.items()
    }


def is_gone(path: str) -> bool:
    """True when the file is known not to exist: `os.stat` says it, or a folder on its path, is missing.

    A file that cannot be looked at (permission denied, an I/O error, a name too long now) is not
    gone: `os.path.exists` says False for those too, and pruning then deleted what may be there.
    """
    try:
        os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return True
    except (OSError, ValueError):
        return False
    return False


def warn_input(message: str) -> None:
    """Say on stderr (through the logger whose warnings the CLI prints) what a run did with an input."""
    logging.getLogger("quotefind.ingest").warning("%s", message)


class RunBook:
    """What every write session keeps of a run's keys, the same for each store (a mixin).

    A session has `records` (key -> stored record), `seen` (keys met this run), `counts`, `speakers`
    (the names written), `_written` (key -> (text hash, kinds, where, ...) of the copies this run
    wrote) and `remove(key)`.
    """

    records: dict[str, ArticleRecord]
    seen: set[str]
    counts: Counter[str]
    speakers: set[str]
    _written: dict[str, Any]

    def summary(self) -> IndexSummary:
        """Return what the session did (statements a new extraction overwrote count as removed)."""
        c = self.counts
        return IndexSummary(
            articles=c["articles"],
            unchanged=c["unchanged"],
            skipped=c["skipped"],
            quotes=c["quote"],
            claims=c["claim"],
            speakers=len(self.speakers),
            removed=c["removed"] + c["overwritten"],
            duplicates=c["duplicates"],
        )

    def remove(self, key: str) -> None:  # pragma: no cover - each store defines it
        raise NotImplementedError

    def is_unchanged(self, key: str, content_hash: str) -> bool:
        """True when the store holds the article with the same text."""
        found = self.records.get(key)
        return found is not None and found.content_hash == content_hash

    def note_unchanged(self, key: str) -> None:
        """Count an article as unchanged (and as seen in this run)."""
        self.seen.add(key)
        self.counts["unchanged"] += 1

    def note_repeat(self) -> None:
        """Count an article given again in this run with the text it had (unchanged, once written)."""
        self.counts["unchanged"] += 1

    def note_skipped(self) -> None:
        """Count an input that could not be read."""
        self.counts["skipped"] += 1

    def prune_missing(self) -> None:
        """Remove the articles whose file is gone (stdin articles stay); see `is_gone`."""
        for key, record in list(self.records.items()):
            if record.file and is_gone(record.file):
                self.remove(key)

    def written_hash(self, record: ArticleRecord) -> Any:
        """The text hash this store keeps in `_written` for a record."""
        return record.content_hash

    def _again(self, record: ArticleRecord) -> bool:
        """Say and count an article whose key this run met before; True when it is to be written
        (another text: the last copy is kept), False when it has the same text (read once)."""
        first = self._written.get(record.key)
        earlier = self.records.get(record.key)
        self.counts["duplicates"] += 1
        source = record.path or record.key
        if first is not None:
            where, same = first[2], first[0] == self.written_hash(record)
        else:
            where = (earlier.path or earlier.key) if earlier is not None else "an earlier input"
            same = earlier is not None and earlier.content_hash == record.content_hash
        if same:
            warn_input(f"{source}: the same article (key {record.key!r}) and text as {where} - read once")
            return False
        warn_input(
            f"{source}: the same article (key {record.key!r}) as {where}, another text - the last is kept"
        )
        return True
