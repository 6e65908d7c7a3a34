"""Article records: what a store keeps about each indexed article, to tell on the next run if it changed."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

from quotefind.model import Source


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
